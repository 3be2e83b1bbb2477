export * from './passage-config';
export { trustedProxyNetworks, webhookAllowedNetworks } from './webhook-allowed-networks';
export { monitoringStateThresholds } from './state-thresholds';
export { corsAllowedOrigins } from './cors-origins';
export { temporalUsesTls, type TemporalTlsSettings } from './temporal-tls';
export { oidcEnabled } from './oidc';
export { payloadKeys, derivedPayloadKeyId, decodePayloadKey, type PayloadKey } from './payload-keys';
