import type { DataSource, EntityManager } from 'typeorm';

export interface OfficeWebhookRow {
  officeCode: string;
  url: string;
  secret: string;
  createdAt: Date;
  updatedAt: Date;
}

/** At most one webhook per office: where its notifications are pushed, and the secret that signs them. */
export class WebhooksRepository {
  constructor(private readonly db: DataSource) {}

  /** Pass `tx` when a transaction is open: a read on the pool beside it could wait for a connection that transaction holds. */
  async forOffice(officeCode: string, tx?: EntityManager): Promise<OfficeWebhookRow | null> {
    const rows: OfficeWebhookRow[] = await (tx ?? this.db).query(
      `SELECT office_code AS "officeCode", url, secret, created_at AS "createdAt", updated_at AS "updatedAt"
       FROM office_webhook WHERE office_code = $1`,
      [officeCode],
    );
    return rows[0] ?? null;
  }

  async put(officeCode: string, url: string, secret: string): Promise<void> {
    await this.db.query(
      `INSERT INTO office_webhook (office_code, url, secret) VALUES ($1, $2, $3)
       ON CONFLICT (office_code) DO UPDATE SET url = EXCLUDED.url, secret = EXCLUDED.secret, updated_at = now()`,
      [officeCode, url, secret],
    );
  }

  async remove(officeCode: string): Promise<boolean> {
    const result: [unknown[], number] = await this.db.query(`DELETE FROM office_webhook WHERE office_code = $1`, [officeCode]);
    return result[1] > 0;
  }
}
