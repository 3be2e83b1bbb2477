import { randomUUID } from 'node:crypto';
import {
  certificateNumber,
  DomainError,
  toChinaCalendarDate,
  validUntil,
} from '../../libs/domain';
import {
  CertificateApplicationsRepository,
  CertificatesRepository,
  inTransaction,
  nextOfficeSequence,
  NotificationsRepository,
  OfficesRepository,
  type CertificateRow,
} from '../../libs/db';
import { generateVerificationCode, maskHolderName, signVerificationPayload } from '../../libs/certificate-document';
import type { CertificateActionResult, CertificateActionWorkflowInput } from '../../libs/contracts';
import { withDomainFailures } from '../activity-failure';
import type { ActivityDependencies } from '../dependencies';

/** Who may renew, replace or revoke: the authorised officers of the issuing office. */
const CERTIFICATE_ACTION_ROLES = ['approver'];

/**
 * Renew (a new validity period), replace when lost (a new number and verification code), or revoke (with
 * a reason). Renew and replace issue a successor and mark the old certificate superseded; all three tell
 * the destination office. One transaction, keyed by the transaction id: a retry finds its work done.
 */
export function createApplyCertificateAction(deps: ActivityDependencies) {
  const certificates = new CertificatesRepository(deps.db);
  const applications = new CertificateApplicationsRepository(deps.db);
  const notifications = new NotificationsRepository(deps.db);
  const offices = new OfficesRepository(deps.db);

  async function applyCertificateAction(input: CertificateActionWorkflowInput): Promise<CertificateActionResult> {
    return withDomainFailures(() =>
      inTransaction(deps.db, async (tx) => {
        const certificate = await certificates.lock(tx, input.certificateId);
        if (!certificate) throw new DomainError('NOT_FOUND', 'No such certificate.');
        const done = await certificates.findByIssuingTransaction(tx, input.transactionId);
        if (done) return result(await certificates.lock(tx, input.certificateId), done);
        if (input.action === 'revoke' && certificate.status === 'revoked' && certificate.revokedReason === input.reason) {
          return result(certificate, null); // the same revocation again
        }
        if (!CERTIFICATE_ACTION_ROLES.includes(input.actor.role) || input.actor.officeCode !== certificate.officeCode) {
          throw new DomainError('ROLE_NOT_PERMITTED', `Only an approver of the issuing office may ${input.action} a certificate.`, {
            role: input.actor.role,
            action: input.action,
          });
        }
        if (certificate.status !== 'valid') {
          throw new DomainError('ACTION_NOT_ALLOWED_IN_STATE', `Cannot ${input.action} a certificate that is ${certificate.status}.`, {
            state: certificate.status,
            action: input.action,
          });
        }
        const now = new Date();
        const application = (await applications.lock(tx, certificate.applicationId))!;
        let successor: CertificateRow | null = null;
        if (input.action === 'revoke') {
          await certificates.markRevoked(tx, certificate.id, input.reason!, now);
        } else {
          const office = (await offices.findByCode(certificate.officeCode))!;
          const person = await applications.person(certificate.personId, tx);
          const issuedOn = toChinaCalendarDate(now);
          const year = Number(issuedOn.slice(0, 4));
          const number = certificateNumber(office.code, year, await nextOfficeSequence(tx, office.code, 'certificate', year));
          const until = validUntil(issuedOn, office.certificateValidityYears);
          const verificationCode = generateVerificationCode();
          const id = randomUUID();
          await certificates.insert(tx, {
            id, number, applicationId: certificate.applicationId, personId: certificate.personId, officeCode: office.code,
            issuedOn, validUntil: until, verificationCode,
            signedToken: signVerificationPayload(
              { certificateNumber: number, verificationCode, issuingOfficeCode: office.code, issuedOn, validUntil: until, holderMaskedName: maskHolderName(person.fullName) },
              deps.signingKey.privateKey,
              deps.signingKey.keyId,
            ),
            signingKeyId: deps.signingKey.keyId, selfDeclared: certificate.selfDeclared, supersedesId: certificate.id,
            issuingTransactionId: input.transactionId,
          });
          await certificates.markSuperseded(tx, certificate.id, id);
          successor = await certificates.findByIssuingTransaction(tx, input.transactionId);
        }
        if (application.destinationOfficeCode) {
          await notifications.insert(tx, {
            recipientOfficeCode: application.destinationOfficeCode,
            kind: `certificate-${input.action === 'revoke' ? 'revoked' : input.action === 'renew' ? 'renewed' : 'replaced'}`,
            caseType: 'certificate-application',
            caseId: application.id,
            certificateId: successor?.id ?? certificate.id,
            idempotencyKey: `certificate-${input.action}:${input.transactionId}`,
          });
        }
        return result(await certificates.lock(tx, certificate.id), successor);
      }),
    );
  }

  return { applyCertificateAction };
}

function result(certificate: CertificateRow | null, successor: CertificateRow | null): CertificateActionResult {
  return {
    certificateId: certificate!.id,
    number: certificate!.number,
    status: certificate!.status,
    successorNumber: successor?.number ?? null,
  };
}
