/* Three tiers by suffix: *.spec.ts (pure), *.int-spec.ts (real Postgres and Redis), *.e2e-spec.ts (over HTTP, real processes). */
const tier = process.env.TEST_TIER;
const patterns: Record<string, string[]> = {
  unit: ['<rootDir>/src/**/*.spec.ts'],
  int: ['<rootDir>/src/**/*.int-spec.ts'],
  e2e: ['<rootDir>/test/**/*.e2e-spec.ts'],
  // Failure proofing (`npm run test:chaos`): only when asked for, never part of a plain run.
  chaos: ['<rootDir>/test/chaos/**/*.chaos-spec.ts'],
};

module.exports = {
  displayName: 'api',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', isolatedModules: false }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  moduleNameMapper: {
    '^@mailpulse/(contracts|simulator|metrics|features)$': '<rootDir>/../../libs/$1/src/index.ts',
    '^@mailpulse/ml-models$': '<rootDir>/../../ml-models/src/index.ts',
  },
  testMatch: tier ? patterns[tier] : [...patterns.unit, ...patterns.int, ...patterns.e2e],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  testTimeout: 60_000,
  coverageDirectory: '../../coverage/apps/api',
};
