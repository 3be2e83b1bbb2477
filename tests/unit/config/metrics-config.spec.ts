/** The metrics settings (libs/config/passage-config.ts): validated at start-up, naming the variable. */
import { ConfigError, loadConfig } from '../../../libs/config/passage-config';
import { isSocketAddress } from '../../../libs/config/is-socket-address';

describe('metrics configuration', () => {
  it('has metrics of the record cached for 10 s, no scrape token and no worker metrics by default', () => {
    const config = loadConfig({});
    expect(config.METRICS_CACHE_SECONDS).toBe(10);
    expect(config.METRICS_TOKEN).toBeUndefined();
    expect(config.WORKER_METRICS_ADDRESS).toBeUndefined();
  });

  it('reads an empty WORKER_METRICS_ADDRESS as unset (off), so `WORKER_METRICS_ADDRESS= npm start` turns it off', () => {
    expect(loadConfig({ WORKER_METRICS_ADDRESS: '' }).WORKER_METRICS_ADDRESS).toBeUndefined();
  });

  it.each(['127.0.0.1:9464', '0.0.0.0:9464', '[::1]:9464', '[::]:1', '10.0.0.5:65535'])('accepts the socket address %s', (address) => {
    expect(isSocketAddress(address)).toBe(true);
    expect(loadConfig({ WORKER_METRICS_ADDRESS: address }).WORKER_METRICS_ADDRESS).toBe(address);
  });

  it.each(['localhost:9464', '9464', '127.0.0.1', '127.0.0.1:0', '127.0.0.1:65536', '256.0.0.1:9464', '::1:9464', 'http://127.0.0.1:9464', ' 127.0.0.1:9464'])(
    'refuses %j as WORKER_METRICS_ADDRESS, naming the variable',
    (address) => {
      expect(isSocketAddress(address)).toBe(false);
      expect(() => loadConfig({ WORKER_METRICS_ADDRESS: address })).toThrow(ConfigError);
      expect(() => loadConfig({ WORKER_METRICS_ADDRESS: address })).toThrow(/WORKER_METRICS_ADDRESS/);
    },
  );

  it('refuses a short METRICS_TOKEN and a cache time out of range', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(loadConfig({ METRICS_TOKEN: 'x'.repeat(32) }).METRICS_TOKEN).toBe('x'.repeat(32));
    expect(() => loadConfig({ METRICS_CACHE_SECONDS: '-1' })).toThrow(/METRICS_CACHE_SECONDS/);
    expect(() => loadConfig({ METRICS_CACHE_SECONDS: '301' })).toThrow(/METRICS_CACHE_SECONDS/);
    expect(loadConfig({ METRICS_CACHE_SECONDS: '0' }).METRICS_CACHE_SECONDS).toBe(0);
  });
});
