/** OIDC_* (libs/config): off by default; issuer, audience and key set all three or none; the key set over https in production. */
import { ConfigError, loadConfig, oidcEnabled } from '../../../libs/config';

const IDP = { OIDC_ISSUER: 'https://idp.example.gov.cn/realms/staff', OIDC_AUDIENCE: 'passage-api', OIDC_JWKS_URL: 'https://idp.example.gov.cn/realms/staff/certs' };
const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: 'a-production-secret-of-at-least-thirty-two-characters',
  DATABASE_URL: 'postgres://passage:s3cret-from-the-operator@db:5432/passage',
  TEMPORAL_PAYLOAD_KEY: 'q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=',
};

function refused(env: Record<string, string>, pattern: RegExp): void {
  expect(() => loadConfig(env)).toThrow(ConfigError);
  expect(() => loadConfig(env)).toThrow(pattern);
}

describe('external identity provider settings', () => {
  it('is off by default, with the default claim names and tolerances', () => {
    const config = loadConfig({});
    expect(oidcEnabled(config)).toBe(false);
    expect(config).toMatchObject({ OIDC_ROLE_CLAIM: 'passage_role', OIDC_OFFICE_CLAIM: 'passage_office', OIDC_CLOCK_TOLERANCE_SECONDS: 30, OIDC_JWKS_CACHE_SECONDS: 600 });
  });

  it('is on with all three, in production too', () => {
    expect(oidcEnabled(loadConfig(IDP))).toBe(true);
    const config = loadConfig({ ...PRODUCTION, ...IDP, OIDC_ROLE_CLAIM: 'roles', OIDC_OFFICE_CLAIM: 'office' });
    expect(config).toMatchObject({ ...IDP, OIDC_ROLE_CLAIM: 'roles', OIDC_OFFICE_CLAIM: 'office' });
  });

  it('refuses one or two of the three, naming what is missing', () => {
    refused({ OIDC_ISSUER: IDP.OIDC_ISSUER }, /OIDC_AUDIENCE: required with OIDC_ISSUER[\s\S]*OIDC_JWKS_URL: required with OIDC_ISSUER/);
    refused({ OIDC_ISSUER: IDP.OIDC_ISSUER, OIDC_AUDIENCE: IDP.OIDC_AUDIENCE }, /OIDC_JWKS_URL: required with OIDC_ISSUER, OIDC_AUDIENCE/);
    refused({ OIDC_JWKS_URL: IDP.OIDC_JWKS_URL }, /OIDC_ISSUER: required with OIDC_JWKS_URL/);
  });

  it('refuses a key set that is not an http(s) URL, plain http in production, and an issuer that is no URL', () => {
    refused({ ...IDP, OIDC_JWKS_URL: 'idp.example.gov.cn/certs' }, /OIDC_JWKS_URL="idp\.example\.gov\.cn\/certs": must be an http or https URL/);
    refused({ ...IDP, OIDC_JWKS_URL: 'file:///etc/jwks.json' }, /OIDC_JWKS_URL=.*must be an http or https URL/);
    expect(loadConfig({ ...IDP, OIDC_JWKS_URL: 'http://127.0.0.1:8080/certs' }).OIDC_JWKS_URL).toBe('http://127.0.0.1:8080/certs');
    refused({ ...PRODUCTION, ...IDP, OIDC_JWKS_URL: 'http://idp.internal/certs' }, /OIDC_JWKS_URL: must be https in production/);
    refused({ ...IDP, OIDC_ISSUER: 'staff' }, /OIDC_ISSUER="staff": must be the issuer's URL/);
  });

  it('refuses a tolerance beyond five minutes', () => {
    refused({ OIDC_CLOCK_TOLERANCE_SECONDS: '3600' }, /OIDC_CLOCK_TOLERANCE_SECONDS=3600/);
  });
});
