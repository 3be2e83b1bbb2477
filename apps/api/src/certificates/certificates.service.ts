import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { PassageConfig } from '../../../../libs/config';
import { renderCertificatePdf, maskHolderName, normalizeVerificationCode } from '../../../../libs/certificate-document';
import type { MaritalStatus } from '../../../../libs/certificate-document';
import {
  certificateActionWorkflowId,
  taskQueueName,
  type CertificateAction,
  type CertificateActionResult,
} from '../../../../libs/contracts';
import { CertificateApplicationsRepository, CertificatesRepository, OfficesRepository, RateLimitsRepository, type CertificateRow } from '../../../../libs/db';
import { DomainError, jurisdictionOf, publicStatus, type ActingUser } from '../../../../libs/domain';
import { sameSecret } from '../common/same-secret';
import { rethrowAsDomainError } from '../common/temporal-errors';
import { CONFIG, TEMPORAL_CLIENT } from '../core/tokens';

export interface PublicVerification {
  number: string;
  status: 'valid' | 'revoked' | 'expired' | 'superseded';
  holderMaskedName: string;
}

@Injectable()
export class CertificatesService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: PassageConfig,
    @Inject(CertificatesRepository) private readonly certificates: CertificatesRepository,
    @Inject(CertificateApplicationsRepository) private readonly applications: CertificateApplicationsRepository,
    @Inject(OfficesRepository) private readonly offices: OfficesRepository,
    @Inject(RateLimitsRepository) private readonly rateLimits: RateLimitsRepository,
  ) {}

  async get(actor: ActingUser, number: string): Promise<CertificateRow> {
    const certificate = await this.certificates.findByNumberWithin(jurisdictionOf(actor), number);
    if (!certificate) throw new DomainError('NOT_FOUND', 'No such certificate.');
    return certificate;
  }

  /** The certificate as the holder carries it: rendered from the record and the token signed at issuance. */
  async pdf(actor: ActingUser, number: string): Promise<Buffer> {
    const certificate = await this.get(actor, number);
    const application = (await this.applications.findWithin(jurisdictionOf(actor), certificate.caseId))!;
    const person = await this.applications.person(certificate.personId);
    // The holder as the application declared them and its reviewer accepted; the identity number is the person's.
    const holder = { ...application.applicant, identityNumber: person.identityNumber };
    const [household, issuing] = await Promise.all([
      this.offices.findByCode(holder.householdOfficeCode),
      this.offices.findByCode(certificate.officeCode),
    ]);
    const withSpouse = application.maritalStatus === 'married' || application.maritalStatus === 'remarried';
    return renderCertificatePdf({
      certificateNumber: certificate.number,
      verificationCode: certificate.verificationCode,
      holder: { fullName: holder.fullName, sex: holder.sex, dateOfBirth: holder.dateOfBirth, identityNumber: holder.identityNumber },
      householdRegistrationOffice: { code: household!.code, name: household!.name },
      maritalStatus: application.maritalStatus as MaritalStatus,
      ...(withSpouse && application.marriageDate ? { marriageDate: application.marriageDate } : {}),
      ...(withSpouse && application.spouseName ? { spouseName: application.spouseName } : {}),
      ...(application.numberOfChildren !== null ? { declaredNumberOfChildren: application.numberOfChildren } : {}),
      issuingOffice: { code: issuing!.code, name: issuing!.name },
      issuedOn: certificate.issuedOn,
      validUntil: certificate.validUntil,
      verificationToken: certificate.signedToken,
      publicBaseUrl: this.config.PUBLIC_BASE_URL,
      createdAt: certificate.createdAt,
    });
  }

  /** Renew, replace or revoke through a short workflow whose id is the business key: a repeat is harmless. */
  async act(actor: ActingUser, number: string, action: CertificateAction, reason: string | undefined, idempotencyKey?: string): Promise<CertificateActionResult> {
    const certificate = await this.get(actor, number);
    const transactionId = `${action}:${idempotencyKey ?? randomUUID()}`;
    try {
      return await this.temporal.workflow.execute('certificateActionWorkflow', {
        workflowId: certificateActionWorkflowId(certificate.id, transactionId),
        taskQueue: taskQueueName(this.config.TEMPORAL_TASK_QUEUE_PREFIX, 'cases'),
        args: [
          {
            certificateId: certificate.id,
            action,
            actor: { userId: actor.userId, role: actor.role, officeCode: actor.officeCode },
            transactionId: `${certificate.id}:${transactionId}`,
            ...(reason ? { reason } : {}),
          },
        ],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
    } catch (error) {
      rethrowAsDomainError(error);
    }
  }

  /**
   * Public verification: a certificate number and its verification code answer only the status and the
   * holder's masked name. A wrong code answers exactly like an unknown number.
   */
  async verify(number: string, code: string, callerAddress: string): Promise<PublicVerification> {
    // Counted before anything is looked up: a guess refused for its rate learns nothing of the certificate.
    const { hits, retryAfterSeconds } = await this.rateLimits.hit(`public-verification:${callerAddress}`);
    if (hits > this.config.PUBLIC_VERIFICATIONS_PER_MINUTE) {
      throw new DomainError('TOO_MANY_REQUESTS', 'Too many verifications from this address; try again shortly.', { retryAfterSeconds });
    }
    const normalized = normalizeVerificationCode(code);
    const certificate = await this.certificates.findByNumber(number);
    if (!certificate || !normalized || !sameSecret(normalized, certificate.verificationCode)) {
      throw new DomainError('NOT_FOUND', 'No certificate matches this number and verification code.');
    }
    const application = (await this.applications.findById(certificate.caseId))!;
    return {
      number: certificate.number,
      status: publicStatus({ status: certificate.status, validUntil: certificate.validUntil }, new Date()),
      holderMaskedName: maskHolderName(application.applicant.fullName),
    };
  }

  signingKeys() {
    return this.certificates.signingKeys();
  }
}
