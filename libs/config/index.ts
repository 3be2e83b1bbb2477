export * from './passage-config';
export { webhookAllowedNetworks } from './webhook-allowed-networks';
