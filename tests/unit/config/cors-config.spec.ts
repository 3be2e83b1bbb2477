/** CORS_ALLOWED_ORIGINS (libs/config): none by default; exact http(s) origins only, a bad entry stops start-up naming it. */
import { ConfigError, corsAllowedOrigins, loadConfig } from '../../../libs/config';

describe('CORS_ALLOWED_ORIGINS', () => {
  it('allows no origin by default', () => {
    expect(corsAllowedOrigins(loadConfig({}))).toEqual([]);
  });

  it('reads exact origins, with ports and IPv6 hosts', () => {
    const config = loadConfig({ CORS_ALLOWED_ORIGINS: 'https://desk.example.gov.cn, http://localhost:5173,http://[::1]:8080' });
    expect(corsAllowedOrigins(config)).toEqual(['https://desk.example.gov.cn', 'http://localhost:5173', 'http://[::1]:8080']);
  });

  it.each([
    ['https://desk.example.gov.cn/', 'no path or trailing slash'],
    ['https://desk.example.gov.cn/app', 'no path or trailing slash'],
    ['https://desk.example.gov.cn:443', 'exact origin'],
    ['ftp://desk.example.gov.cn', 'http or https'],
    ['*', 'not an origin'],
    ['desk.example.gov.cn', 'not an origin'],
  ])('refuses %s, naming the variable and the entry', (entry, problem) => {
    const env = { CORS_ALLOWED_ORIGINS: `http://localhost:5173,${entry}` };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`CORS_ALLOWED_ORIGINS.*"${entry.replace(/[.*/:]/g, '\\$&')}".*${problem}`));
  });
});
