/* Real-browser checks of the built web app, served by the built API in its own process. */
module.exports = {
  displayName: 'web-e2e',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
  moduleNameMapper: { '^@mailpulse/(contracts|simulator)$': '<rootDir>/../../libs/$1/src/index.ts' },
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  testTimeout: 60_000,
};
