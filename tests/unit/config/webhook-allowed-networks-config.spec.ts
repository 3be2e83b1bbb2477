/** WEBHOOK_ALLOWED_NETWORKS (libs/config): empty by default, a bad entry stops start-up naming it. */
import { ConfigError, loadConfig } from '../../../libs/config/passage-config';
import { webhookAllowedNetworks } from '../../../libs/config';

describe('WEBHOOK_ALLOWED_NETWORKS', () => {
  it('is empty by default and when set empty: only public addresses are reached', () => {
    expect(loadConfig({}).WEBHOOK_ALLOWED_NETWORKS).toBe('');
    expect(webhookAllowedNetworks(loadConfig({}))).toEqual([]);
    expect(webhookAllowedNetworks(loadConfig({ WEBHOOK_ALLOWED_NETWORKS: '' }))).toEqual([]);
  });

  it('reads IPv4 and IPv6 networks and single addresses', () => {
    const config = loadConfig({ WEBHOOK_ALLOWED_NETWORKS: '10.20.0.0/16, fd00:1::/48,192.168.5.7,::1/128' });
    expect(webhookAllowedNetworks(config).map((n) => [n.address.version, n.prefix])).toEqual([
      [4, 16],
      [6, 48],
      [4, 32],
      [6, 128],
    ]);
  });

  it.each([
    ['10.0.0.0/8,intranet.example', 'intranet.example', /not an IP address/],
    ['10.0.0.1/8', '10.0.0.1/8', /the network is 10\.0\.0\.0\/8/],
    ['10.0.0.0/8;172.16.0.0/12', '10.0.0.0/8;172.16.0.0/12', /prefix length/], // entries are separated by commas
    ['10.0.0.0/40', '10.0.0.0/40', /prefix length/],
  ])('refuses %j, naming the variable and the entry %j', (value, entry, problem) => {
    let thrown: unknown;
    try {
      loadConfig({ WEBHOOK_ALLOWED_NETWORKS: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const message = (thrown as Error).message;
    expect(message).toContain('WEBHOOK_ALLOWED_NETWORKS');
    expect(message).toContain(`entry "${entry}"`);
    expect(message).toMatch(problem);
  });
});
