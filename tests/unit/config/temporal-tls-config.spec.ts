/**
 * TEMPORAL_TLS_* and TEMPORAL_API_KEY (libs/config, libs/temporal): checked at start-up (a certificate with
 * its key, readable PEM files), then translated into the same TLS and API key for the api's client
 * connection and the worker's native one.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadConfig } from '../../../libs/config';
import { clientConnectionOptions, nativeConnectionOptions } from '../../../libs/temporal';

const FIXTURES = path.join(__dirname, 'fixtures');
const CERT = path.join(FIXTURES, 'temporal-client.cert.pem');
const KEY = path.join(FIXTURES, 'temporal-client.key.pem');
const CA = path.join(FIXTURES, 'temporal-ca.cert.pem');

function refused(env: Record<string, string>, pattern: RegExp): void {
  expect(() => loadConfig(env)).toThrow(ConfigError);
  expect(() => loadConfig(env)).toThrow(pattern);
}

describe('Temporal TLS configuration', () => {
  it('connects in plain text by default', () => {
    const config = loadConfig({ TEMPORAL_ADDRESS: 'temporal:7233' });
    expect(clientConnectionOptions(config)).toEqual({ address: 'temporal:7233' });
    expect(nativeConnectionOptions(config)).toEqual({ address: 'temporal:7233' });
  });

  it('gives both connections the client certificate, the CA and the server name (mTLS)', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_TLS_CERT_PATH: CERT,
      TEMPORAL_TLS_KEY_PATH: KEY,
      TEMPORAL_TLS_CA_PATH: CA,
      TEMPORAL_TLS_SERVER_NAME: 'frontend.temporal.internal',
    });
    const read: string[] = [];
    const readFile = (file: string): Buffer => {
      read.push(path.basename(file));
      return Buffer.from(`content of ${path.basename(file)}`);
    };
    const expected = {
      address: 'temporal.internal:7233',
      tls: {
        serverNameOverride: 'frontend.temporal.internal',
        serverRootCACertificate: Buffer.from('content of temporal-ca.cert.pem'),
        clientCertPair: { crt: Buffer.from('content of temporal-client.cert.pem'), key: Buffer.from('content of temporal-client.key.pem') },
      },
    };
    expect(clientConnectionOptions(config, readFile)).toEqual(expected);
    expect(nativeConnectionOptions(config, readFile)).toEqual(expected);
    expect(read.sort()).toEqual(['temporal-ca.cert.pem', 'temporal-ca.cert.pem', 'temporal-client.cert.pem', 'temporal-client.cert.pem', 'temporal-client.key.pem', 'temporal-client.key.pem']);
    // Without a stub: the real files.
    expect(clientConnectionOptions(config).tls).toMatchObject({ clientCertPair: { key: expect.any(Buffer) } });
  });

  it('sends an API key over TLS with the system roots when nothing else is set', () => {
    const config = loadConfig({ TEMPORAL_ADDRESS: 'passage.a1b2c.tmprl.cloud:7233', TEMPORAL_API_KEY: 'an-api-key' });
    expect(clientConnectionOptions(config)).toEqual({ address: 'passage.a1b2c.tmprl.cloud:7233', tls: {}, apiKey: 'an-api-key' });
    expect(nativeConnectionOptions(config)).toEqual({ address: 'passage.a1b2c.tmprl.cloud:7233', tls: {}, apiKey: 'an-api-key' });
  });

  it('turns TLS on for a CA or a server name alone', () => {
    expect(clientConnectionOptions(loadConfig({ TEMPORAL_TLS_SERVER_NAME: 'frontend' })).tls).toEqual({ serverNameOverride: 'frontend' });
    expect(Object.keys(nativeConnectionOptions(loadConfig({ TEMPORAL_TLS_CA_PATH: CA })).tls as object)).toEqual(['serverRootCACertificate']);
  });

  it('refuses a certificate without its key, and a key without its certificate', () => {
    refused({ TEMPORAL_TLS_CERT_PATH: CERT }, /TEMPORAL_TLS_KEY_PATH: required with TEMPORAL_TLS_CERT_PATH/);
    refused({ TEMPORAL_TLS_KEY_PATH: KEY }, /TEMPORAL_TLS_CERT_PATH: required with TEMPORAL_TLS_KEY_PATH/);
  });

  it('refuses a missing file, one without PEM, and a key that is not the certificate’s', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'passage-tls-'));
    const junk = path.join(dir, 'junk.pem');
    writeFileSync(junk, 'not a certificate');
    refused({ TEMPORAL_TLS_CA_PATH: path.join(dir, 'absent.pem') }, /TEMPORAL_TLS_CA_PATH=".*absent\.pem": cannot be read \(ENOENT\)/);
    refused({ TEMPORAL_TLS_CERT_PATH: junk, TEMPORAL_TLS_KEY_PATH: KEY }, /TEMPORAL_TLS_CERT_PATH=".*junk\.pem": holds no PEM certificate/);
    refused({ TEMPORAL_TLS_CERT_PATH: CERT, TEMPORAL_TLS_KEY_PATH: junk }, /TEMPORAL_TLS_KEY_PATH=".*junk\.pem": holds no PEM private key/);
    const otherKey = path.join(dir, 'other.key.pem');
    writeFileSync(otherKey, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }));
    refused({ TEMPORAL_TLS_CERT_PATH: CERT, TEMPORAL_TLS_KEY_PATH: otherKey }, /TEMPORAL_TLS_KEY_PATH=".*other\.key\.pem": is not the private key of the certificate/);
  });
});
