import { buildVerificationUrl } from '../../../libs/certificate-document';

describe('buildVerificationUrl', () => {
  it('points at the public verification endpoint with the code as a query parameter', () => {
    expect(buildVerificationUrl('https://passage.example.gov.cn/', '360102002-2026-000123', 'K7M2Q9XD')).toBe(
      'https://passage.example.gov.cn/api/v1/public/certificates/360102002-2026-000123/verification?code=K7M2Q9XD',
    );
  });

  it('encodes what it is given rather than trusting it', () => {
    expect(buildVerificationUrl('http://h', 'a/b', 'c&d')).toBe('http://h/api/v1/public/certificates/a%2Fb/verification?code=c%26d');
  });
});
