/** HTTP_TRUSTED_PROXIES (libs/config): nobody's X-Forwarded-For by default; a bad entry stops start-up naming it. */
import { loadConfig } from '../../../libs/config/passage-config';
import { trustedProxyNetworks } from '../../../libs/config';

describe('HTTP_TRUSTED_PROXIES', () => {
  it('trusts no proxy by default', () => {
    expect(trustedProxyNetworks(loadConfig({}))).toEqual([]);
  });

  it('reads networks and single addresses', () => {
    expect(trustedProxyNetworks(loadConfig({ HTTP_TRUSTED_PROXIES: '10.0.0.0/8, ::1' })).map((n) => [n.address.version, n.prefix])).toEqual([
      [4, 8],
      [6, 128],
    ]);
  });

  it('refuses a name, naming the variable and the entry', () => {
    expect(() => loadConfig({ HTTP_TRUSTED_PROXIES: '10.0.0.0/8,loopback' })).toThrow(/HTTP_TRUSTED_PROXIES.*loopback/);
  });
});
