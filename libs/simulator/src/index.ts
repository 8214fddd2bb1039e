export { simulate, type SimulatedEvent, type SimulationRun } from './simulate';
export {
  createLiveSimulator,
  LIVE_DEFAULTS,
  type LiveSimulator,
  type LiveSimulatorConfig,
} from './live-simulator';
export {
  resolveSimulationConfig,
  type SimulationConfig,
  type ResolvedSimulationConfig,
} from './simulation-config';
export {
  ANOMALY_KINDS,
  defaultAnomalies,
  parseAnomaly,
  type AnomalyKind,
  type AnomalySpec,
} from './anomalies/anomaly';
export type { Label } from './messages/message-step';
export type { Contact } from './contacts/contact';
export type {
  AnomalyTruth,
  CampaignTruth,
  ContactTruth,
  GroundTruth,
  LinkTruth,
  MessageCounts,
  MessageRates,
  VariantTruth,
} from './truth/ground-truth';
export {
  RECIPIENT_DOMAINS,
  type RecipientDomain,
} from './world/recipient-domains';
export { MAIL_CLIENTS, type MailClient } from './world/mail-clients';
export {
  APPLE_MPP_PROXY_USER_AGENT,
  GOOGLE_IMAGE_PROXY_USER_AGENT,
} from './world/user-agents';
