import { ValidateBy, type ValidationOptions } from 'class-validator';
import type { IpNetwork } from '../domain/ip-address';
import { parseNetworkList } from '../domain/webhook-address-policy';

/**
 * WEBHOOK_ALLOWED_NETWORKS: comma-separated IP networks (CIDR, or one address) beyond the public internet
 * that webhooks may reach, e.g. an office system on a private network behind a VPN. A bad entry stops
 * start-up with the entry named, rather than silently allowing less (or more) than the operator meant.
 */
export function IsNetworkList(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNetworkList',
      validator: {
        validate: (value) => typeof value === 'string' && 'networks' in parseNetworkList(value),
        defaultMessage: (args) => {
          if (typeof args?.value !== 'string') return '$property must be comma-separated IP networks, e.g. 10.20.0.0/16,fd00:1::/48';
          const parsed = parseNetworkList(args.value);
          return 'entry' in parsed ? `$property entry "${parsed.entry}" ${parsed.problem}` : '$property is invalid';
        },
      },
    },
    options,
  );
}

/** The validated allow-list as networks (loadConfig has refused a bad one already). */
export function webhookAllowedNetworks(config: { WEBHOOK_ALLOWED_NETWORKS: string }): readonly IpNetwork[] {
  const parsed = parseNetworkList(config.WEBHOOK_ALLOWED_NETWORKS);
  if (!('networks' in parsed)) throw new Error(`WEBHOOK_ALLOWED_NETWORKS entry "${parsed.entry}" ${parsed.problem}`);
  return parsed.networks;
}

/** HTTP_TRUSTED_PROXIES as networks (validated at start-up like WEBHOOK_ALLOWED_NETWORKS). */
export function trustedProxyNetworks(config: { HTTP_TRUSTED_PROXIES: string }): readonly IpNetwork[] {
  const parsed = parseNetworkList(config.HTTP_TRUSTED_PROXIES);
  if (!('networks' in parsed)) throw new Error(`HTTP_TRUSTED_PROXIES entry "${parsed.entry}" ${parsed.problem}`);
  return parsed.networks;
}
