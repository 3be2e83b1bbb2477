export * from './passage-config';
export { trustedProxyNetworks, webhookAllowedNetworks } from './webhook-allowed-networks';
export { monitoringStateThresholds } from './state-thresholds';
export { payloadKeys, derivedPayloadKeyId, decodePayloadKey, type PayloadKey } from './payload-keys';
