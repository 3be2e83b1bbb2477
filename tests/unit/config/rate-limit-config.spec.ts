/** RATE_LIMIT_PER_USER_PER_MINUTE, RATE_LIMIT_PER_IP_PER_MINUTE (libs/config): generous defaults, a bad value stops start-up. */
import { ConfigError, loadConfig } from '../../../libs/config';

describe('api rate limits', () => {
  it('defaults to 600 requests a minute per user and 1200 per address', () => {
    const config = loadConfig({});
    expect([config.RATE_LIMIT_PER_USER_PER_MINUTE, config.RATE_LIMIT_PER_IP_PER_MINUTE]).toEqual([600, 1200]);
    expect(loadConfig({ RATE_LIMIT_PER_USER_PER_MINUTE: '30', RATE_LIMIT_PER_IP_PER_MINUTE: '90' })).toMatchObject({ RATE_LIMIT_PER_USER_PER_MINUTE: 30, RATE_LIMIT_PER_IP_PER_MINUTE: 90 });
  });

  it.each(['0', '-5', 'many', '1.5'])('refuses %s, naming the variable', (value) => {
    for (const variable of ['RATE_LIMIT_PER_USER_PER_MINUTE', 'RATE_LIMIT_PER_IP_PER_MINUTE']) {
      expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
      expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(`${variable}=`));
    }
  });
});
