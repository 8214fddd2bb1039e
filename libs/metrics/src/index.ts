export * from './counts';
export * from './rates';
export * from './statistics/proportion';
export * from './statistics/two-proportion-z-test';
export * from './statistics/bayesian';
export * from './statistics/sample-size';
export * from './benchmarks/industry-benchmarks';
