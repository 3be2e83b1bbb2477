import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { generateVerificationCode, maskHolderName, signVerificationPayload } from '../../libs/certificate-document';
import { CertificateApplicationsRepository, CertificatesRepository, nextOfficeSequence, OfficesRepository } from '../../libs/db';
import { certificateNumber, toChinaCalendarDate, validUntil } from '../../libs/domain';
import type { ActivityDependencies } from '../dependencies';

export interface CertificateToIssue {
  caseId: string;
  personId: string;
  officeCode: string;
  selfDeclared: boolean;
  /** The certificate this one renews or replaces. */
  supersedesId: string | null;
  /** The action that issues it: a certificate row per transaction id, so a retry cannot issue twice. */
  transactionId: string;
  now: Date;
}

/**
 * Issues one certificate inside the caller's transaction: the next number of the office's yearly
 * sequence, the validity period the office sets, a fresh verification code, and the signed QR token.
 * Used by approval and by renew/replace, so every certificate is made the same way.
 */
export function createCertificateIssuer(deps: Pick<ActivityDependencies, 'db' | 'signingKey'>) {
  const certificates = new CertificatesRepository(deps.db);
  const applications = new CertificateApplicationsRepository(deps.db);
  const offices = new OfficesRepository(deps.db);

  return async function issueCertificate(tx: EntityManager, c: CertificateToIssue): Promise<{ id: string; number: string }> {
    const office = (await offices.findByCode(c.officeCode, tx))!;
    // The holder as this application declared them (and the reviewer accepted), not an older case's record.
    const application = (await applications.lock(tx, c.caseId))!;
    const issuedOn = toChinaCalendarDate(c.now);
    const year = Number(issuedOn.slice(0, 4));
    const number = certificateNumber(c.officeCode, year, await nextOfficeSequence(tx, c.officeCode, 'certificate', year));
    const until = validUntil(issuedOn, office.certificateValidityYears);
    const verificationCode = generateVerificationCode();
    const signedToken = signVerificationPayload(
      {
        certificateNumber: number,
        verificationCode,
        issuingOfficeCode: c.officeCode,
        issuedOn,
        validUntil: until,
        holderMaskedName: maskHolderName(application.applicant.fullName),
      },
      deps.signingKey.privateKey,
      deps.signingKey.keyId,
    );
    const id = randomUUID();
    await certificates.insert(tx, {
      id,
      number,
      caseId: c.caseId,
      personId: c.personId,
      officeCode: c.officeCode,
      issuedOn,
      validUntil: until,
      verificationCode,
      signedToken,
      signingKeyId: deps.signingKey.keyId,
      selfDeclared: c.selfDeclared,
      supersedesId: c.supersedesId,
      issuingTransactionId: c.transactionId,
    });
    return { id, number };
  };
}
