/**
 * The payload codec through the real stack: a case whose request for information, supplied note and
 * rejection reason carry texts nobody else has, run by the real worker on the real Temporal dev server.
 * Read raw (a client without the codec, as anyone with access to Temporal's store reads it) the case's
 * workflow history holds none of those texts and its payloads are all `binary/encrypted`; decoded with the
 * stack's codec (the control: the scan finds what is there) it holds each of them; and the api still
 * shows them. Then the codec endpoints the Temporal UI calls: who may use them, what they answer, CORS.
 */
import { randomBytes } from 'node:crypto';
import { certificateApplicationWorkflowId } from '../../../libs/contracts';
import { CIPHER_METADATA, ENCRYPTED_ENCODING, KEY_ID_METADATA, payloadCodecFromConfig } from '../../../libs/temporal';
import type { CaseView } from '../../support/case-view';
import { LI_NA } from '../../support/demo-applicants';
import { decodedCopy, encodingOf, markersIn, pathOf, payloadsOf, rawHistory, textOf } from '../../support/history-scan';
import { authed, type AuthedClient, expectProblem } from '../../support/http';
import { useTestStack } from '../../support/test-app';
import { CASES, count, expectStatus, getCase, openCase, waitForState } from '../certificate-applications/case-helpers';

const UI_ORIGIN = 'http://127.0.0.1:8233';

describe('payload codec: free text never reaches Temporal in clear', () => {
  const stack = useTestStack({ env: { CODEC_ALLOWED_ORIGIN: UI_ORIGIN } });
  const tag = randomBytes(6).toString('hex');
  const MISSING = `missing-item-${tag} 户口本复印件`;
  const NOTE = `note-${tag} 材料已在窗口收到`;
  const REASON = `reason-${tag} 婚姻登记无法核实`;
  const MARKERS = [MISSING, NOTE, REASON];
  let caseId: string;

  beforeAll(async () => {
    const s = stack();
    const caseworker = authed(s, await s.loginAs('tengwangge.caseworker'));
    const approver = authed(s, await s.loginAs('tengwangge.approver'));
    const opened = await openCase(caseworker, { applicant: LI_NA });
    caseId = opened.id;
    await waitForState(caseworker, caseId, 'under-review');
    expectStatus(await caseworker.post(`${CASES}/${caseId}/request-information`).send({ missing: [MISSING], note: NOTE }), 200);
    expectStatus(await caseworker.post(`${CASES}/${caseId}/supply-information`).send({ note: NOTE }), 200);
    expectStatus(await caseworker.post(`${CASES}/${caseId}/review`).send({ note: NOTE }), 200);
    const rejected = expectStatus(await approver.post(`${CASES}/${caseId}/reject`).send({ reason: REASON }), 200).body as CaseView;
    expect(rejected.state).toBe('rejected');
    // The workflow has finished: its whole history is written.
    await s.client.workflow.getHandle(certificateApplicationWorkflowId(caseId)).result();
  });

  it('the api still shows the note, the missing item and the reason', async () => {
    const view = await getCase(authed(stack(), await stack().loginAs('tengwangge.caseworker')), caseId);
    const shown = JSON.stringify(view.timeline);
    for (const marker of MARKERS) expect(shown).toContain(marker);
  });

  it('the raw history holds none of them, and every payload in it is encrypted under the stack key', async () => {
    const { client, config } = stack();
    const history = await rawHistory(client.connection, config.TEMPORAL_NAMESPACE, certificateApplicationWorkflowId(caseId));
    const payloads = payloadsOf(history);
    expect(payloads.length).toBeGreaterThan(5); // start input, update arguments and results, activity inputs and results
    expect(payloads.filter((p) => encodingOf(p) !== ENCRYPTED_ENCODING).map((p) => `${pathOf(p)}: ${encodingOf(p)}`)).toEqual([]);
    const keyIds = new Set(payloads.map((p) => Buffer.from(p.metadata![KEY_ID_METADATA]!).toString('utf8')));
    expect([...keyIds]).toEqual([payloadCodecFromConfig(config).encryptingKeyId]);
    expect(markersIn([textOf(history)], MARKERS)).toEqual([]);
    // The demo applicant is in the start input (the case's data): not readable either.
    expect(markersIn([textOf(history)], [LI_NA.fullName, LI_NA.identityNumber])).toEqual([]);

    // The control: the same history decoded by the stack's codec carries every text, so the scan above can fail.
    const decoded = await decodedCopy(history, payloadCodecFromConfig(config));
    expect(markersIn([textOf(decoded)], MARKERS)).toEqual(MARKERS);
  });

  describe('the codec endpoints (/codec/decode, /codec/encode)', () => {
    let manager: AuthedClient;
    let auditor: AuthedClient;
    let caseworker: AuthedClient;
    let sealed: Array<{ metadata: Record<string, string>; data: string }>;

    beforeAll(async () => {
      const s = stack();
      manager = authed(s, await s.loginAs('donghu.manager'));
      auditor = authed(s, await s.loginAs('donghu.auditor'));
      caseworker = authed(s, await s.loginAs('tengwangge.caseworker'));
      const history = await rawHistory(s.client.connection, s.config.TEMPORAL_NAMESPACE, certificateApplicationWorkflowId(caseId));
      const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
      sealed = payloadsOf(history).map((p) => ({
        metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, b64(v!)])),
        data: b64(p.data!),
      }));
    });

    const textsOf = (payloads: Array<{ data: string }>): string[] => payloads.map((p) => Buffer.from(p.data, 'base64').toString('utf8'));

    it('decodes the history for a manager and for an auditor (recorded in the audit as a read)', async () => {
      const auditedBefore = await count(stack().db, `SELECT count(*) AS n FROM audit_event WHERE action = 'read' AND subject_type = 'temporal-payloads'`);
      for (const user of [manager, auditor]) {
        const response = expectStatus(await user.post('/codec/decode').send({ payloads: sealed }), 200);
        const payloads = response.body.payloads as Array<{ metadata: Record<string, string>; data: string }>;
        expect(payloads).toHaveLength(sealed.length);
        expect(payloads.every((p) => Buffer.from(p.metadata['encoding']!, 'base64').toString() !== ENCRYPTED_ENCODING)).toBe(true);
        expect(markersIn(textsOf(payloads), MARKERS)).toEqual(MARKERS);
      }
      expect(await count(stack().db, `SELECT count(*) AS n FROM audit_event WHERE action = 'read' AND subject_type = 'temporal-payloads'`)).toBe(auditedBefore + 2);
    });

    it('encodes what it decodes back into encrypted payloads, and passes unencrypted ones through on decode', async () => {
      const plain = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from(JSON.stringify({ note: NOTE })).toString('base64') };
      const encoded = expectStatus(await manager.post('/codec/encode').send({ payloads: [plain] }), 200).body.payloads as typeof sealed;
      expect(Buffer.from(encoded[0]!.metadata['encoding']!, 'base64').toString()).toBe(ENCRYPTED_ENCODING);
      expect(Buffer.from(encoded[0]!.metadata[CIPHER_METADATA]!, 'base64').toString()).toBe('AES-256-GCM');
      expect(markersIn(textsOf(encoded), [NOTE])).toEqual([]);
      const back = expectStatus(await manager.post('/codec/decode').send({ payloads: [...encoded, plain] }), 200).body.payloads as typeof sealed;
      expect(back).toEqual([
        { metadata: plain.metadata, data: plain.data },
        { metadata: plain.metadata, data: plain.data },
      ]);
    });

    it('refuses other roles (403), no token (401), a tampered payload (422) and a malformed body (400)', async () => {
      expectProblem(await caseworker.post('/codec/decode').send({ payloads: sealed }), 403, 'ROLE_NOT_PERMITTED');
      expectProblem(await caseworker.post('/codec/encode').send({ payloads: [] }), 403, 'ROLE_NOT_PERMITTED');
      expectProblem(await stack().http.post('/codec/decode').send({ payloads: sealed }), 401, 'UNAUTHENTICATED');
      // Not under /api/v1.
      expect((await manager.post('/api/v1/codec/decode').send({ payloads: [] })).status).toBe(404);

      const data = Buffer.from(sealed[0]!.data, 'base64');
      data[data.length - 1]! ^= 0x01;
      const tampered = expectProblem(await manager.post('/codec/decode').send({ payloads: [{ ...sealed[0]!, data: data.toString('base64') }] }), 422, 'BUSINESS_RULE_VIOLATED');
      expect(tampered.title).toMatch(/failed authentication/);

      expectProblem(await manager.post('/codec/decode').send({ payloads: [{ data: 'not base64!' }] }), 400, 'VALIDATION_FAILED');
      expectProblem(await manager.post('/codec/decode').send({ payloads: 'x' }), 400, 'VALIDATION_FAILED');
      expectProblem(await manager.post('/codec/decode').send({ payloads: [], more: 1 }), 400, 'VALIDATION_FAILED');
    });

    it('answers CORS for CODEC_ALLOWED_ORIGIN only; the origin alone authenticates nobody', async () => {
      const preflight = await stack()
        .http.options('/codec/decode')
        .set('Origin', UI_ORIGIN)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type,x-namespace');
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
      expect(preflight.headers['access-control-allow-headers']).toMatch(/authorization/);

      const elsewhere = await stack().http.options('/codec/decode').set('Origin', 'http://evil.example').set('Access-Control-Request-Method', 'POST');
      expect(elsewhere.headers['access-control-allow-origin']).toBeUndefined();

      expectProblem(await stack().http.post('/codec/decode').set('Origin', UI_ORIGIN).send({ payloads: sealed }), 401, 'UNAUTHENTICATED');
      const allowed = await auditor.post('/codec/decode').set('Origin', UI_ORIGIN).send({ payloads: sealed.slice(0, 1) });
      expect(allowed.status).toBe(200);
      expect(allowed.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
    });
  });
});
