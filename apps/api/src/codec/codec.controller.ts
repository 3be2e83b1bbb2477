import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Payload } from '@temporalio/common';
import type { PassageConfig } from '../../../../libs/config';
import { DomainError, validationFailed, type ActingUser, type Role } from '../../../../libs/domain';
import { payloadCodecFromConfig, PayloadCodecError, type AesGcmPayloadCodec } from '../../../../libs/temporal';
import { AuditTrail } from '../audit/audit-trail.service';
import { ReadOnlyRoute } from '../audit/read-only-route';
import { CurrentActor } from '../common/actor';
import { CONFIG } from '../core/tokens';

/** Who may have history payloads decoded: the people who look into workflows (Temporal UI, CLI), no one else. */
export const CODEC_ROLES: readonly Role[] = ['manager', 'auditor'];
/** Payloads per request: a workflow history page is far fewer; a larger body is refused before any work. */
const MAX_PAYLOADS = 1000;

/** Temporal's codec server JSON: payloads with base64 metadata values and data (proto3 JSON of Payload). */
interface CodecPayloadJson {
  metadata?: Record<string, string>;
  data?: string;
}

/**
 * Temporal's remote codec endpoints, so the Temporal UI and CLI can show (and send) the payloads that the
 * api and the worker encrypt (libs/temporal/payload-codec.ts): `POST /codec/decode` and `POST /codec/encode`,
 * `{"payloads": [{"metadata": {"encoding": "<base64>"}, "data": "<base64>"}]}` both ways. Outside /api/v1
 * and not in the OpenAPI document: they are for Temporal's tools, not the api's clients.
 *
 * Access: a staff bearer token (as every route) of a manager or an auditor, whatever the origin; others get
 * 403. CODEC_ALLOWED_ORIGIN only lets that origin's browser pages call it (CORS, codec-cors.ts): an origin
 * is a browser's claim, not a credential. Each decode is in the audit as a `read` of `temporal-payloads`
 * (who, how many, from where). Both are reads for the read-only rule: an auditor decodes, and changes nothing.
 */
@ApiExcludeController()
@Controller('codec')
export class CodecController {
  private readonly codec: AesGcmPayloadCodec;

  constructor(
    @Inject(CONFIG) config: PassageConfig,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
  ) {
    this.codec = payloadCodecFromConfig(config);
  }

  @Post('decode')
  @HttpCode(200)
  @ReadOnlyRoute()
  async decode(@CurrentActor() actor: ActingUser, @Body() body: unknown): Promise<{ payloads: CodecPayloadJson[] }> {
    const payloads = this.authorisedPayloads(actor, body);
    const decoded = await this.run(() => this.codec.decode(payloads));
    // Written before the answer leaves, as every read of what may be personal data.
    await this.trail.record(actor, {
      action: 'read',
      subjectType: 'temporal-payloads',
      subjectId: null,
      reason: null,
      details: { route: '/codec/decode', payloads: payloads.length },
    });
    return { payloads: decoded.map(toJson) };
  }

  @Post('encode')
  @HttpCode(200)
  @ReadOnlyRoute()
  async encode(@CurrentActor() actor: ActingUser, @Body() body: unknown): Promise<{ payloads: CodecPayloadJson[] }> {
    const payloads = this.authorisedPayloads(actor, body);
    return { payloads: (await this.run(() => this.codec.encode(payloads))).map(toJson) };
  }

  private authorisedPayloads(actor: ActingUser, body: unknown): Payload[] {
    if (!CODEC_ROLES.includes(actor.role)) {
      throw new DomainError('ROLE_NOT_PERMITTED', `Only ${CODEC_ROLES.join(' and ')} roles use the codec endpoints.`, { role: actor.role, action: 'codec' });
    }
    return parsePayloads(body);
  }

  private async run(work: () => Promise<Payload[]>): Promise<Payload[]> {
    try {
      return await work();
    } catch (error) {
      // The codec's messages name a key id or a rule, never a payload's content.
      if (error instanceof PayloadCodecError) throw new DomainError('BUSINESS_RULE_VIOLATED', error.message, { rule: 'payload-codec' });
      throw error;
    }
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function parsePayloads(body: unknown): Payload[] {
  const refuse = (field: string, rule: string, message: string): never => {
    throw validationFailed([{ field, rule, message }], 'The codec request is not valid.');
  };
  const list = (body as { payloads?: unknown } | null)?.payloads;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) refuse('payloads', 'json-object', 'the body must be {"payloads": [...]}');
  const extra = Object.keys(body as object).filter((key) => key !== 'payloads');
  if (extra.length > 0) refuse(extra[0]!, 'forbidden', `${extra[0]!} is not a known field`);
  if (!Array.isArray(list)) return refuse('payloads', 'isArray', 'payloads must be an array');
  if (list.length > MAX_PAYLOADS) refuse('payloads', 'arrayMaxSize', `at most ${MAX_PAYLOADS} payloads per request`);
  const bytes = (value: unknown, field: string): Uint8Array => {
    if (typeof value !== 'string' || value.length % 4 !== 0 || !BASE64.test(value)) refuse(field, 'isBase64', `${field} must be base64`);
    return new Uint8Array(Buffer.from(value as string, 'base64'));
  };
  return list.map((item: unknown, index): Payload => {
    const field = `payloads[${index}]`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return refuse(field, 'isObject', `${field} must be an object`);
    const { metadata, data, ...rest } = item as { metadata?: unknown; data?: unknown };
    const unknownKey = Object.keys(rest)[0];
    if (unknownKey !== undefined) refuse(`${field}.${unknownKey}`, 'forbidden', `${field}.${unknownKey} is not a known field`);
    if (metadata !== undefined && (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata))) {
      refuse(`${field}.metadata`, 'isObject', `${field}.metadata must be an object`);
    }
    return {
      metadata: Object.fromEntries(Object.entries((metadata ?? {}) as Record<string, unknown>).map(([key, value]) => [key, bytes(value, `${field}.metadata.${key}`)])),
      data: data === undefined ? new Uint8Array() : bytes(data, `${field}.data`),
    };
  });
}

function toJson(payload: Payload): CodecPayloadJson {
  const base64 = (value: Uint8Array): string => Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).flatMap(([key, value]) => (value ? [[key, base64(value)]] : []))),
    data: base64(payload.data ?? new Uint8Array()),
  };
}
