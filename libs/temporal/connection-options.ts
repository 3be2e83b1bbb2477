import { readFileSync } from 'node:fs';
import type { ConnectionOptions, TLSConfig } from '@temporalio/client';
import type { NativeConnectionOptions } from '@temporalio/worker';
import { temporalUsesTls, type TemporalTlsSettings } from '../config/temporal-tls';

export interface TemporalConnectionSettings extends TemporalTlsSettings {
  TEMPORAL_ADDRESS: string;
}

type ReadFile = (path: string) => Buffer;

/**
 * The TLS part of a Temporal connection, from config (loadConfig has checked the files): off without any
 * TLS setting or API key; otherwise the server's CA (else the system's), the client certificate pair for
 * mTLS, and the name the server's certificate must carry (else the address's host).
 */
export function temporalTlsConfig(config: TemporalTlsSettings, readFile: ReadFile = readFileSync): TLSConfig | undefined {
  if (!temporalUsesTls(config)) return undefined;
  return {
    ...(config.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME } : {}),
    ...(config.TEMPORAL_TLS_CA_PATH ? { serverRootCACertificate: readFile(config.TEMPORAL_TLS_CA_PATH) } : {}),
    ...(config.TEMPORAL_TLS_CERT_PATH && config.TEMPORAL_TLS_KEY_PATH
      ? { clientCertPair: { crt: readFile(config.TEMPORAL_TLS_CERT_PATH), key: readFile(config.TEMPORAL_TLS_KEY_PATH) } }
      : {}),
  };
}

/** Options of the api's (and the worker's schedule) client connection. */
export function clientConnectionOptions(config: TemporalConnectionSettings, readFile: ReadFile = readFileSync): ConnectionOptions {
  const tls = temporalTlsConfig(config, readFile);
  return { address: config.TEMPORAL_ADDRESS, ...(tls ? { tls } : {}), ...(config.TEMPORAL_API_KEY ? { apiKey: config.TEMPORAL_API_KEY } : {}) };
}

/** Options of the worker's native connection: the same address, TLS and API key as the client's. */
export function nativeConnectionOptions(config: TemporalConnectionSettings, readFile: ReadFile = readFileSync): NativeConnectionOptions {
  const tls = temporalTlsConfig(config, readFile);
  return { address: config.TEMPORAL_ADDRESS, ...(tls ? { tls } : {}), ...(config.TEMPORAL_API_KEY ? { apiKey: config.TEMPORAL_API_KEY } : {}) };
}
