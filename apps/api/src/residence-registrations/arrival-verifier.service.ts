import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { normalizeVerificationCode, verifyVerificationPayload } from '../../../../libs/certificate-document';
import { CertificatesRepository, OfficesRepository, PeopleRepository } from '../../../../libs/db';
import { DomainError, parseIdentityNumber, publicStatus, validationFailed } from '../../../../libs/domain';
import { sameSecret } from '../common/same-secret';
import type { RegisterArrivalRequest } from './residence-registration.dto';

/** The person an arrival is about, and what vouched for them. */
export interface ArrivingPerson {
  personId: string;
  householdOfficeCode: string;
  certificateId: string | null;
}

const refused = (field: string, rule: string, message: string): DomainError => new DomainError('BUSINESS_RULE_VIOLATED', message, { field, rule });

/**
 * Establishes who is arriving. A certificate is verified as the public verification does (number and
 * code, or its QR payload checked against the published keys), and must be valid today; a wrong code
 * answers like an unknown number. A self-declared person is the one the system knows by that identity
 * number (an earlier case, or the household registry), or, for someone it does not know, the declaration
 * itself (then name and household office are required).
 */
@Injectable()
export class ArrivalVerifierService {
  constructor(
    @Inject(CertificatesRepository) private readonly certificates: CertificatesRepository,
    @Inject(PeopleRepository) private readonly people: PeopleRepository,
    @Inject(OfficesRepository) private readonly offices: OfficesRepository,
  ) {}

  async arrivingPerson(tx: EntityManager, request: RegisterArrivalRequest, now: Date): Promise<ArrivingPerson> {
    return request.verification === 'certificate' ? this.byCertificate(tx, request, now) : this.byDeclaration(tx, request);
  }

  private async byCertificate(tx: EntityManager, request: RegisterArrivalRequest, now: Date): Promise<ArrivingPerson> {
    let number = request.certificateNumber;
    let code = request.verificationCode;
    const field = request.verificationToken !== undefined ? 'verificationToken' : 'verificationCode';
    if (request.verificationToken !== undefined) {
      const keys = new Map((await this.certificates.signingKeys()).map((k) => [k.keyId, k.publicKeyPem]));
      const verified = verifyVerificationPayload(request.verificationToken, keys);
      if (!verified.valid) throw refused(field, 'certificate-verified', `The QR payload does not verify (${verified.reason}).`);
      number = verified.fields.certificateNumber;
      code = verified.fields.verificationCode;
    }
    const certificate = number ? await this.certificates.findByNumber(number) : null;
    const normalized = code ? normalizeVerificationCode(code) : null;
    if (!certificate || !normalized || !sameSecret(normalized, certificate.verificationCode)) {
      throw refused(field, 'certificate-verified', 'No certificate matches this number and verification code.');
    }
    const status = publicStatus({ status: certificate.status, validUntil: certificate.validUntil }, now);
    if (status !== 'valid') throw refused(field, 'certificate-valid', `The certificate is ${status}: ask for a valid one, or register a self-declaration.`);
    const person = await this.people.person(certificate.personId, tx);
    return { personId: certificate.personId, householdOfficeCode: person.householdOfficeCode, certificateId: certificate.id };
  }

  private async byDeclaration(tx: EntityManager, request: RegisterArrivalRequest): Promise<ArrivingPerson> {
    const identityNumber = request.identityNumber!.toUpperCase();
    const parsed = parseIdentityNumber(identityNumber);
    if (!parsed.ok) throw validationFailed([{ field: 'identityNumber', rule: parsed.rule, message: 'identityNumber is not a valid resident identity number' }]);
    const known = await this.people.knownPerson(tx, identityNumber);
    if (known) {
      if (request.householdOfficeCode !== undefined && request.householdOfficeCode !== known.householdOfficeCode) {
        throw refused('householdOfficeCode', 'household-office-of-record', 'The household office declared is not the one on record for this person.');
      }
      return { personId: known.id, householdOfficeCode: known.householdOfficeCode, certificateId: null };
    }
    for (const missing of (['fullName', 'householdOfficeCode'] as const).filter((f) => request[f] === undefined)) {
      throw validationFailed([{ field: missing, rule: 'required', message: `${missing} is required to declare someone the system does not know yet` }]);
    }
    if (!(await this.offices.findByCode(request.householdOfficeCode!, tx))) {
      throw refused('householdOfficeCode', 'known-office', `No office has code ${request.householdOfficeCode}.`);
    }
    const personId = await this.people.upsert(tx, {
      identityNumber,
      fullName: request.fullName!.trim(),
      sex: parsed.value.sex,
      dateOfBirth: parsed.value.birthDate,
      householdOfficeCode: request.householdOfficeCode!,
    });
    return { personId, householdOfficeCode: request.householdOfficeCode!, certificateId: null };
  }
}
