export * from './tf-runtime';
export * from './artefact-io';
export * from './artefact-store';
export * from './model-card';
export * from './campaign-rate.model';
