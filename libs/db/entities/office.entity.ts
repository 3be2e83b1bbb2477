import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { OfficeLevel } from '../../domain';

/** An office of the administrative hierarchy, keyed by its division code (codes nest by prefix). */
@Entity({ name: 'office' })
export class OfficeEntity {
  @PrimaryColumn({ type: 'varchar', length: 12 })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  level!: OfficeLevel;

  @Column({ name: 'parent_code', type: 'varchar', length: 12, nullable: true })
  parentCode!: string | null;

  /** Statutory deadline for a certificate application, in working days. */
  @Column({ name: 'certificate_deadline_working_days', type: 'int', default: 20 })
  certificateDeadlineWorkingDays!: number;

  /** Working days the applicant has to answer a request for information before the case lapses. */
  @Column({ name: 'applicant_response_working_days', type: 'int', default: 20 })
  applicantResponseWorkingDays!: number;

  @Column({ name: 'certificate_validity_years', type: 'int', default: 3 })
  certificateValidityYears!: number;

  /** Self-declaration (承诺制): applications skip the registry check and are flagged for later verification. */
  @Column({ name: 'self_declaration_allowed', type: 'boolean', default: false })
  selfDeclarationAllowed!: boolean;

  /** One daily digest of what is overdue at the office, instead of one message per item. */
  @Column({ name: 'daily_digest_enabled', type: 'boolean', default: true })
  dailyDigestEnabled!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
