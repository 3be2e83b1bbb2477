import {
  CaseActionsRepository,
  CertificateApplicationsRepository,
  CertificatesRepository,
  inCaseTransaction,
  NotificationsRepository,
  type CertificateRow,
} from '../../libs/db';
import { DomainError } from '../../libs/domain';
import { CERTIFICATE_APPLICATION_CASE_TYPE, type CertificateActionResult, type CertificateActionWorkflowInput } from '../../libs/contracts';
import { withDomainFailures } from '../activity-failure';
import type { ActivityDependencies } from '../dependencies';
import { createCertificateIssuer } from './certificate-issuer';

/** The log of a certificate's own actions sits beside the cases' logs, in the same table. */
export const CERTIFICATE_CASE_TYPE = 'certificate';

/** Who may renew, replace or revoke: the authorised officers of the issuing office. */
const CERTIFICATE_ACTION_ROLES = ['approver'];

const NOTIFICATION_KIND = { renew: 'certificate-renewed', replace: 'certificate-replaced', revoke: 'certificate-revoked' } as const;

/**
 * Renew (a new validity period), replace when lost (a new number and verification code), or revoke (with
 * a reason). Renew and replace issue a successor and mark the old certificate superseded; all three are
 * logged against the certificate and tell the destination office. One transaction, keyed by the
 * transaction id: a retry finds its log entry and answers what the first attempt did.
 */
export function createApplyCertificateAction(deps: ActivityDependencies) {
  const certificates = new CertificatesRepository(deps.db);
  const applications = new CertificateApplicationsRepository(deps.db);
  const caseActions = new CaseActionsRepository(deps.db);
  const notifications = new NotificationsRepository(deps.db);
  const issueCertificate = createCertificateIssuer(deps);

  async function applyCertificateAction(
    input: CertificateActionWorkflowInput,
  ): Promise<{ result: CertificateActionResult; notificationIds: string[] }> {
    return withDomainFailures(() =>
      inCaseTransaction(deps.db, async (tx) => {
        const certificate = await certificates.lock(tx, input.certificateId);
        if (!certificate) throw new DomainError('NOT_FOUND', 'No such certificate.');
        if (await caseActions.findByTransaction(input.transactionId, tx)) {
          return {
            result: result(certificate, await certificates.findByIssuingTransaction(tx, input.transactionId)),
            notificationIds: await notifications.idsCausedBy(tx, input.transactionId),
          };
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
        const application = (await applications.lock(tx, certificate.caseId))!;
        let successor: { id: string; number: string } | null = null;
        if (input.action === 'revoke') {
          await certificates.markRevoked(tx, certificate.id, input.reason!, now);
        } else {
          successor = await issueCertificate(tx, {
            caseId: certificate.caseId,
            personId: certificate.personId,
            officeCode: certificate.officeCode,
            selfDeclared: certificate.selfDeclared,
            supersedesId: certificate.id,
            transactionId: input.transactionId,
            now,
          });
          await certificates.markSuperseded(tx, certificate.id, successor.id);
        }
        await caseActions.append(tx, {
          caseId: certificate.id,
          caseType: CERTIFICATE_CASE_TYPE,
          action: input.action,
          fromState: certificate.status,
          toState: input.action === 'revoke' ? 'revoked' : 'superseded',
          actorUserId: input.actor.userId,
          actorRole: input.actor.role,
          reason: input.reason ?? null,
          payload: successor ? { successorNumber: successor.number } : {},
          transactionId: input.transactionId,
          occurredAt: now,
        });
        if (application.destinationOfficeCode) {
          await notifications.insert(tx, {
            recipientOfficeCode: application.destinationOfficeCode,
            kind: NOTIFICATION_KIND[input.action],
            caseType: CERTIFICATE_APPLICATION_CASE_TYPE,
            caseId: application.id,
            certificateId: successor?.id ?? certificate.id,
            causeTransactionId: input.transactionId,
            idempotencyKey: `${NOTIFICATION_KIND[input.action]}:${input.transactionId}`,
          });
        }
        return {
          result: result((await certificates.lock(tx, certificate.id))!, successor),
          notificationIds: await notifications.idsCausedBy(tx, input.transactionId),
        };
      }),
    );
  }

  return { applyCertificateAction };
}

function result(certificate: CertificateRow, successor: { number: string } | null): CertificateActionResult {
  return { certificateId: certificate.id, number: certificate.number, status: certificate.status, successorNumber: successor?.number ?? null };
}
