import { isIP, ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * `IPv4:port` or `[IPv6]:port`, port 1–65535: what the Temporal runtime's Prometheus exporter binds to. It
 * parses the address as a socket address, so a host name (`localhost:9464`) is refused here, at start-up,
 * with the variable's name, rather than by the native runtime.
 */
export function isSocketAddress(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|(\d{1,3}(?:\.\d{1,3}){3})):(\d{1,5})$/.exec(value);
  if (!match) return false;
  const [, ipv6, ipv4, port] = match;
  const ipOk = ipv6 !== undefined ? isIP(ipv6, '6') : isIP(ipv4, '4');
  const portNumber = Number(port);
  return ipOk && portNumber >= 1 && portNumber <= 65535;
}

export function IsSocketAddress(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isSocketAddress',
      validator: {
        validate: (value) => isSocketAddress(value),
        defaultMessage: () => '$property must be an IP address and port, e.g. 127.0.0.1:9464 or [::1]:9464',
      },
    },
    options,
  );
}
