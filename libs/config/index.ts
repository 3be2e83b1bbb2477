export * from './passage-config';
export { webhookAllowedNetworks } from './webhook-allowed-networks';
export { monitoringStateThresholds } from './state-thresholds';
