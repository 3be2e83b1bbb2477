/** The external identity provider's settings, as PassageConfig holds them. */
export interface OidcSettings {
  NODE_ENV: string;
  OIDC_ISSUER?: string | undefined;
  OIDC_AUDIENCE?: string | undefined;
  OIDC_JWKS_URL?: string | undefined;
}

const REQUIRED = ['OIDC_ISSUER', 'OIDC_AUDIENCE', 'OIDC_JWKS_URL'] as const;

/** Whether tokens of an external identity provider are accepted (all three settings given). */
export function oidcEnabled(config: OidcSettings): config is OidcSettings & Required<Pick<OidcSettings, (typeof REQUIRED)[number]>> {
  return REQUIRED.every((name) => Boolean(config[name]));
}

/**
 * What is wrong with the identity provider's settings, one line per variable: all three or none, the
 * key set an http(s) URL (https in production: the keys decide who may act), the issuer a URL as
 * providers write it.
 */
export function oidcProblems(config: OidcSettings): string[] {
  const given = REQUIRED.filter((name) => Boolean(config[name]));
  if (given.length === 0) return [];
  if (given.length < REQUIRED.length) {
    const missing = REQUIRED.filter((name) => !config[name]);
    return missing.map((name) => `${name}: required with ${given.join(', ')} (an identity provider needs OIDC_ISSUER, OIDC_AUDIENCE and OIDC_JWKS_URL)`);
  }
  const problems: string[] = [];
  const jwks = parseUrl(config.OIDC_JWKS_URL!);
  if (!jwks || (jwks.protocol !== 'https:' && jwks.protocol !== 'http:')) problems.push(`OIDC_JWKS_URL=${JSON.stringify(config.OIDC_JWKS_URL)}: must be an http or https URL`);
  else if (config.NODE_ENV === 'production' && jwks.protocol !== 'https:') problems.push('OIDC_JWKS_URL: must be https in production');
  if (!parseUrl(config.OIDC_ISSUER!)) problems.push(`OIDC_ISSUER=${JSON.stringify(config.OIDC_ISSUER)}: must be the issuer's URL exactly as its tokens' iss claim says it`);
  return problems;
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
