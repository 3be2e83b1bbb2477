/**
 * libs/domain is imported by Temporal workflow code, which runs in a deterministic sandbox. These checks
 * keep it that way: no imports from outside the library (no framework, no Node built-ins), no clock, no
 * randomness, no I/O, no logging.
 */
import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';

const DOMAIN_DIR = join(__dirname, '../../../libs/domain');
const files = readdirSync(DOMAIN_DIR).filter((name) => name.endsWith('.ts'));

function source(name: string): string {
  // Comments may mention forbidden things (to explain why they are not used); code may not.
  return readFileSync(join(DOMAIN_DIR, name), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
}

describe('libs/domain purity', () => {
  it('has files to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files)('%s is kebab-case', (name) => {
    expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*\.ts$/);
  });

  it.each(files)('%s imports only from inside the library', (name) => {
    const specifiers = [...source(name).matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
    for (const specifier of specifiers) expect(specifier).toMatch(/^\.\/[a-z0-9-]+$/);
  });

  it.each(files)('%s uses no clock, randomness, I/O, environment or console', (name) => {
    const code = source(name);
    for (const forbidden of [
      /\bDate\.now\b/,
      /new Date\(\s*\)/,
      /\bMath\.random\b/,
      /\brequire\s*\(/,
      /\bprocess\./,
      /\bconsole\./,
      /\bsetTimeout\b/,
      /\bsetInterval\b/,
      /\bglobalThis\b/,
      /\bperformance\./,
      /\bIntl\b/,
      /toLocale\w*\(/,
      /\.get(?:FullYear|Month|Date|Day|Hours|Minutes|Seconds|TimezoneOffset)\(/,
    ]) {
      expect({ name, match: forbidden.exec(code)?.[0] }).toEqual({ name, match: undefined });
    }
  });

  it('re-exports every module from index.ts', () => {
    const index = readFileSync(join(DOMAIN_DIR, 'index.ts'), 'utf8');
    const internalOnly = ['index.ts', 'number-guards.ts'];
    for (const name of files.filter((f) => !internalOnly.includes(f))) {
      expect(index).toContain(`export * from './${name.replace(/\.ts$/, '')}';`);
    }
  });
});
