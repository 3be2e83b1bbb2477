import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * CORS_ALLOWED_ORIGINS: comma-separated exact origins (`https://desk.example.gov.cn`) whose browsers may call
 * the api. Each entry must be an http(s) origin as a browser sends it: scheme, host and port only, no path,
 * no trailing slash, no wildcard, so what the operator wrote is exactly what is compared.
 */
export function parseOriginList(text: string): { origins: string[] } | { entry: string; problem: string } {
  const origins: string[] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const problem = originProblem(entry);
    if (problem) return { entry, problem };
    origins.push(entry);
  }
  return { origins };
}

function originProblem(entry: string): string | null {
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return 'is not an origin, e.g. https://desk.example.gov.cn';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http or https origin';
  if (url.origin !== entry) return `must be the exact origin (scheme://host[:port], no path or trailing slash): ${url.origin}`;
  return null;
}

export function IsOriginList(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isOriginList',
      validator: {
        validate: (value) => typeof value === 'string' && 'origins' in parseOriginList(value),
        defaultMessage: (args) => {
          if (typeof args?.value !== 'string') return '$property must be comma-separated origins, e.g. https://desk.example.gov.cn';
          const parsed = parseOriginList(args.value);
          return 'entry' in parsed ? `$property entry "${parsed.entry}" ${parsed.problem}` : '$property is invalid';
        },
      },
    },
    options,
  );
}

/** The validated origins (loadConfig has refused a bad list already); empty: no CORS headers at all. */
export function corsAllowedOrigins(config: { CORS_ALLOWED_ORIGINS: string }): readonly string[] {
  const parsed = parseOriginList(config.CORS_ALLOWED_ORIGINS);
  if (!('origins' in parsed)) throw new Error(`CORS_ALLOWED_ORIGINS entry "${parsed.entry}" ${parsed.problem}`);
  return parsed.origins;
}
