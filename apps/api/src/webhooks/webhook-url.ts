import type { FieldViolation } from '../../../../libs/domain';

export const WEBHOOK_URL_MAX_LENGTH = 2048;

/**
 * What a webhook address must be: absolute, https (plain http only outside production, for a receiver on
 * a developer's machine), and without user:password (the address is shown to everyone in the office's
 * jurisdiction; the signature is what authenticates Passage to the receiver). Null when acceptable.
 */
export function webhookUrlViolation(url: string, production: boolean): FieldViolation | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { field: 'url', rule: 'absolute-url', message: 'url must be an absolute URL such as https://example.org/passage' };
  }
  const allowed = production ? ['https:'] : ['https:', 'http:'];
  if (!allowed.includes(parsed.protocol)) {
    return {
      field: 'url',
      rule: 'https-required',
      message: production ? 'url must use https' : 'url must use https (or http, outside production only)',
    };
  }
  if (parsed.username || parsed.password) {
    return { field: 'url', rule: 'no-credentials', message: 'url must not contain a user name or password: requests are signed instead' };
  }
  return null;
}
