import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../../domain';

/** A member of staff: one role at one office. */
@Entity({ name: 'app_user' })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  username!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: Role;

  @Column({ name: 'office_code', type: 'varchar', length: 12 })
  officeCode!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** The identity provider that vouches for this user (OIDC issuer), or null for a user Passage knows itself. */
  @Column({ name: 'external_issuer', type: 'text', nullable: true })
  externalIssuer!: string | null;

  /** The user's subject (`sub`) at that provider. */
  @Column({ name: 'external_subject', type: 'text', nullable: true })
  externalSubject!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
