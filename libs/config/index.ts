export * from './passage-config';
export { trustedProxyNetworks, webhookAllowedNetworks } from './webhook-allowed-networks';
