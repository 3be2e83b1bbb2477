import 'reflect-metadata';
import { HttpException } from '@nestjs/common';
import { loadConfig } from '../../../libs/config';
import { DomainError } from '../../../libs/domain';
import { bodyParserError } from '../../../apps/api/src/common/json-body';

/** The shape body-parser's http-errors have: an Error with status, expose and (mostly) type. */
function httpError(status: number, type?: string): Error {
  return Object.assign(new Error('from body-parser'), { status, statusCode: status, expose: status < 500, ...(type ? { type } : {}) });
}

describe('body-parser errors as problems', () => {
  it('maps malformed JSON to a 400 field violation with rule json-syntax', () => {
    const error = bodyParserError(httpError(400, 'entity.parse.failed'), 65536);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).details?.violations).toEqual([expect.objectContaining({ field: 'body', rule: 'json-syntax' })]);
  });

  it('maps a body over the limit to 413 naming the limit, encodings and charsets to 415', () => {
    const tooLarge = bodyParserError(httpError(413, 'entity.too.large'), 65536) as HttpException;
    expect(tooLarge.getStatus()).toBe(413);
    expect(tooLarge.message).toContain('65536');
    expect((bodyParserError(httpError(415, 'encoding.unsupported'), 1) as HttpException).getStatus()).toBe(415);
    expect((bodyParserError(httpError(415, 'charset.unsupported'), 1) as HttpException).getStatus()).toBe(415);
  });

  it('maps other client errors (a body that does not inflate, an aborted request) to 400, and leaves the rest alone', () => {
    expect((bodyParserError(httpError(400), 1) as HttpException).getStatus()).toBe(400);
    expect((bodyParserError(httpError(400, 'request.aborted'), 1) as HttpException).getStatus()).toBe(400);
    expect(bodyParserError(httpError(500, 'stream.not.readable'), 1)).toBeUndefined();
    expect(bodyParserError(new HttpException('already ours', 415), 1)).toBeUndefined();
    expect(bodyParserError(new Error('plain'), 1)).toBeUndefined();
    expect(bodyParserError('text', 1)).toBeUndefined();
  });
});

describe('HTTP_BODY_LIMIT_BYTES', () => {
  it('defaults to 64 KiB and is validated', () => {
    expect(loadConfig({}).HTTP_BODY_LIMIT_BYTES).toBe(65536);
    expect(loadConfig({ HTTP_BODY_LIMIT_BYTES: '1048576' }).HTTP_BODY_LIMIT_BYTES).toBe(1048576);
    expect(() => loadConfig({ HTTP_BODY_LIMIT_BYTES: '10' })).toThrow(/HTTP_BODY_LIMIT_BYTES/);
    expect(() => loadConfig({ HTTP_BODY_LIMIT_BYTES: 'big' })).toThrow(/HTTP_BODY_LIMIT_BYTES/);
  });
});
