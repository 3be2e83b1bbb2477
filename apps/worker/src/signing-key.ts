import path from 'node:path';
import type { PassageConfig } from '../../../libs/config';
import { loadOrCreateSigningKey, readOrCreateKeyFile, type LoadedSigningKey } from '../../../libs/certificate-document';

/**
 * The key that signs certificate QR payloads: CERTIFICATE_SIGNING_KEY_PEM when given (containers, secret
 * stores), else the PEM file, created on first start so development needs no setup.
 */
export function loadCertificateSigningKey(config: PassageConfig): LoadedSigningKey {
  if (config.CERTIFICATE_SIGNING_KEY_PEM) return loadOrCreateSigningKey(config.CERTIFICATE_SIGNING_KEY_PEM);
  return readOrCreateKeyFile(path.resolve(config.CERTIFICATE_SIGNING_KEY_FILE));
}
