export * from './event-types';
export * from './event.schema';
export * from './ingest-response';
export * from './health-response';
export * from './realtime';
export * from './analytics';
export * from './dashboards';
