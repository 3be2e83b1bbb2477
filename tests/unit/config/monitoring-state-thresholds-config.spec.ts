/** MONITORING_STATE_THRESHOLDS (libs/config): the defaults unless set; a bad entry stops start-up naming it. */
import { ConfigError, loadConfig } from '../../../libs/config/passage-config';
import { monitoringStateThresholds } from '../../../libs/config';
import { DEFAULT_STATE_THRESHOLDS } from '../../../libs/domain';

describe('MONITORING_STATE_THRESHOLDS', () => {
  it('keeps the defaults when unset, and changes them when set', () => {
    expect(monitoringStateThresholds(loadConfig({}))).toEqual(DEFAULT_STATE_THRESHOLDS);
    const changed = monitoringStateThresholds(loadConfig({ MONITORING_STATE_THRESHOLDS: 'service-report.contested=off,certificate-application.under-review=1h' }));
    expect(changed.has('service-report.contested')).toBe(false);
    expect(changed.get('certificate-application.under-review')).toBe(3600);
  });

  it('refuses a bad entry at start-up, naming the variable and the entry', () => {
    let thrown: unknown;
    try {
      loadConfig({ MONITORING_STATE_THRESHOLDS: 'certificate-application.issued=1d' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as Error).message).toContain('MONITORING_STATE_THRESHOLDS');
    expect((thrown as Error).message).toContain('entry "certificate-application.issued=1d" names no open state');
  });
});
