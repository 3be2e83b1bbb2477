import type { ExternalUser } from '../../../../../libs/db';
import { DomainError, isRole } from '../../../../../libs/domain';
import { OFFICE_CODE_PATTERN } from '../../common/is-office-code';

export interface ClaimNames {
  roleClaim: string;
  officeClaim: string;
}

const OFFICE_CODE = new RegExp(OFFICE_CODE_PATTERN);
const MAX_USERNAME = 64;
const MAX_SUBJECT = 255;
const MAX_DISPLAY_NAME = 200;

/**
 * The Passage user a verified provider token describes: its subject (`sub`), username
 * (`preferred_username`, else `sub`), name (`name`, else the username), role and office (the configured
 * claims). A token that names no role or office Passage can use is refused 403 naming the claim (the
 * person is known to the provider but not allowed here); one without a usable subject or username, 401.
 */
export function externalIdentity(claims: Record<string, unknown>, issuer: string, names: ClaimNames): ExternalUser {
  const subject = claims['sub'];
  if (typeof subject !== 'string' || subject === '' || subject.length > MAX_SUBJECT) {
    throw new DomainError('UNAUTHENTICATED', `The identity provider's token has no usable sub claim (1-${MAX_SUBJECT} characters).`, { claim: 'sub' });
  }
  const preferred = claims['preferred_username'];
  const username = typeof preferred === 'string' && preferred !== '' ? preferred : subject;
  if (username.length > MAX_USERNAME) {
    throw new DomainError('UNAUTHENTICATED', `The identity provider's username is longer than ${MAX_USERNAME} characters.`, {
      claim: typeof preferred === 'string' && preferred !== '' ? 'preferred_username' : 'sub',
    });
  }
  const role = single(claims[names.roleClaim]);
  if (!isRole(role)) {
    throw new DomainError('ROLE_NOT_PERMITTED', `The identity provider's token names no Passage role in its ${names.roleClaim} claim.`, { claim: names.roleClaim });
  }
  const officeCode = single(claims[names.officeClaim]);
  if (typeof officeCode !== 'string' || !OFFICE_CODE.test(officeCode)) {
    throw new DomainError('ROLE_NOT_PERMITTED', `The identity provider's token names no office code in its ${names.officeClaim} claim.`, { claim: names.officeClaim });
  }
  const name = claims['name'];
  const displayName = typeof name === 'string' && name.trim() !== '' && name.length <= MAX_DISPLAY_NAME ? name.trim() : username;
  return { issuer, subject, username, displayName, role, officeCode };
}

/** A claim's one value: a string, or a list of exactly one string (some providers send every claim as a list). */
function single(value: unknown): unknown {
  return Array.isArray(value) && value.length === 1 ? value[0] : value;
}
