import { ValidateBy, type ValidationOptions } from 'class-validator';
import { parseStateThresholds, type StateThresholds } from '../domain/state-thresholds';

/**
 * MONITORING_STATE_THRESHOLDS: changes to the default waits per case type and state, e.g.
 * `certificate-application.awaiting-approval=1d,service-report.contested=off`. A bad entry stops start-up
 * with the entry named, rather than silently watching less than the operator meant.
 */
export function IsStateThresholds(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isStateThresholds',
      validator: {
        validate: (value) => typeof value === 'string' && 'thresholds' in parseStateThresholds(value),
        defaultMessage: (args) => {
          if (typeof args?.value !== 'string') return '$property must be comma-separated caseType.state=<n><s|m|h|d> entries';
          const parsed = parseStateThresholds(args.value);
          return 'entry' in parsed ? `$property entry "${parsed.entry}" ${parsed.problem}` : '$property is invalid';
        },
      },
    },
    options,
  );
}

/** The validated thresholds (loadConfig has refused a bad setting already). */
export function monitoringStateThresholds(config: { MONITORING_STATE_THRESHOLDS: string }): StateThresholds {
  const parsed = parseStateThresholds(config.MONITORING_STATE_THRESHOLDS);
  if (!('thresholds' in parsed)) throw new Error(`MONITORING_STATE_THRESHOLDS entry "${parsed.entry}" ${parsed.problem}`);
  return parsed.thresholds;
}
