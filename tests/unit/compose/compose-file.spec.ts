import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * docker-compose.yml: the services exist and are wired the way the deployment notes (deploy/README.md)
 * say, and the one-shot temporal-setup service really registers every search attribute of
 * libs/contracts/search-attributes.txt (its script is run here against a stub `temporal` CLI).
 *
 * YAML is parsed with js-yaml (a dev dependency), so the checks always run.
 */

const repoRoot = resolve(__dirname, '../../..');
const composePath = join(repoRoot, 'docker-compose.yml');
const searchAttributesPath = join(repoRoot, 'libs/contracts/search-attributes.txt');

type Env = Record<string, string | null>;
interface Service {
  image?: string;
  build?: unknown;
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Env | string[];
  volumes?: Array<string | { source?: string; target?: string }>;
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[] };
  ports?: unknown[];
  expose?: Array<string | number>;
}
interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

function loadCompose(): ComposeFile {
  const yaml = require('js-yaml') as { load(source: string): unknown };
  return yaml.load(readFileSync(composePath, 'utf8')) as ComposeFile;
}

function environmentOf(service: Service): Env {
  const env = service.environment ?? {};
  if (!Array.isArray(env)) return env;
  return Object.fromEntries(
    env.map((entry) => {
      const i = entry.indexOf('=');
      return i < 0 ? [entry, null] : [entry.slice(0, i), entry.slice(i + 1)];
    }),
  );
}

function argv(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(' ') : (value ?? '');
}

/** `source:target[:mode]` or the long syntax, as { source, target }. */
function mountsOf(service: Service): Array<{ source: string; target: string }> {
  return (service.volumes ?? []).map((v) => {
    if (typeof v !== 'string') return { source: v.source ?? '', target: v.target ?? '' };
    const [source, target] = v.split(':');
    return { source, target: target ?? source };
  });
}

function dependencyCondition(service: Service, on: string): string | undefined {
  const deps = service.depends_on;
  if (!deps || Array.isArray(deps)) return undefined;
  return deps[on]?.condition;
}

/** The same reading of a boolean as libs/config/passage-config.ts. */
const truthy = (value: string | null | undefined): boolean =>
  value != null && ['1', 'true', 'yes', 'on'].includes(value.trim().toLowerCase());

const searchAttributes: Array<[string, string]> = readFileSync(searchAttributesPath, 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '')
  .map((line) => line.split('=') as [string, string]);

const compose = loadCompose();

describe('docker-compose.yml', () => {
  const { services } = compose;
  const setupName = Object.keys(services).find((name) => /temporalio\/admin-tools/.test(services[name].image ?? ''));

  it('has the postgres, temporal, temporal-ui, temporal-setup, api and worker services', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['postgres', 'temporal', 'temporal-ui', 'api', 'worker']),
    );
    expect(setupName).toBeDefined();
  });

  it('pins every third-party image to a version tag', () => {
    for (const [name, service] of Object.entries(services)) {
      if (service.build) continue;
      expect({ name, image: service.image }).toEqual({ name, image: expect.stringMatching(/^[^:]+:\d[\w.-]*$/) });
    }
    expect(services.temporal.image).toMatch(/^temporalio\/auto-setup:1\.29\./);
  });

  it('runs Temporal on the postgres service with a dynamic config file from deploy/temporal', () => {
    const env = environmentOf(services.temporal);
    expect(env.DB).toBe('postgres12');
    expect(env.POSTGRES_SEEDS).toBe('postgres');
    expect(dependencyCondition(services.temporal, 'postgres')).toBe('service_healthy');
    const dynamicConfig = String(env.DYNAMIC_CONFIG_FILE_PATH);
    const mount = mountsOf(services.temporal).find((m) => `/etc/temporal/${dynamicConfig}`.startsWith(`${m.target}/`));
    expect(mount?.source).toMatch(/^\.\/deploy\/temporal\//);
    const file = join(repoRoot, mount!.source, `/etc/temporal/${dynamicConfig}`.slice(mount!.target.length));
    expect(existsSync(file)).toBe(true);
  });

  it('builds the api and the worker from the same build and image', () => {
    expect(services.api.build).toBeDefined();
    expect(services.worker.build).toEqual(services.api.build);
    expect(services.worker.image).toEqual(services.api.image);
  });

  it('runs the api by default and the worker in the worker service', () => {
    expect(argv(services.api.command)).toMatch(/^node dist\/apps\/api\/src\/main\.js$/);
    expect(argv(services.worker.command)).toMatch(/^node dist\/apps\/worker\/src\/main\.js$/);
    const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/apps\/api\/src\/main\.js"\]$/m);
  });

  it('never enables dev-login, runs in production and requires JWT_SECRET from the environment', () => {
    for (const name of ['api', 'worker']) {
      const env = environmentOf(services[name]);
      expect({ name, DEV_LOGIN_ENABLED: truthy(env.DEV_LOGIN_ENABLED) }).toEqual({ name, DEV_LOGIN_ENABLED: false });
      expect(env.NODE_ENV).toBe('production');
      // `${JWT_SECRET:?message}`: compose refuses to start without it; no literal secret in the file.
      expect(env.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?[^}]+\}$/);
      // The database password has no default either: the application refuses the development one in production.
      expect(String(env.DATABASE_URL)).toMatch(/\$\{PASSAGE_DB_PASSWORD:\?[^}]+\}/);
    }
  });

  it('migrates as passage_migrator and runs as the runtime role passage, both passwords from the environment', () => {
    for (const name of ['api', 'worker']) {
      const env = environmentOf(services[name]);
      expect(String(env.DATABASE_URL)).toMatch(/^postgres:\/\/passage:\$\{PASSAGE_DB_PASSWORD:\?[^}]+\}@postgres:5432\/passage$/);
      expect(String(env.DATABASE_MIGRATION_URL)).toMatch(/^postgres:\/\/passage_migrator:\$\{PASSAGE_MIGRATOR_DB_PASSWORD:\?[^}]+\}@postgres:5432\/passage$/);
      expect(env.DATABASE_RUNTIME_ROLE).toBe('passage');
    }
    const init = readFileSync(join(repoRoot, 'deploy/postgres/10-create-databases.sh'), 'utf8');
    expect(init).toMatch(/CREATE DATABASE passage OWNER passage_migrator;/);
    expect(init).toMatch(/CREATE ROLE passage LOGIN PASSWORD :'passage_password';/);
    expect(environmentOf(services.postgres).PASSAGE_MIGRATOR_DB_PASSWORD).toMatch(/^\$\{PASSAGE_MIGRATOR_DB_PASSWORD:\?[^}]+\}$/);
  });

  it('requires TEMPORAL_PAYLOAD_KEY from the environment and gives the api and the worker the same payload keys', () => {
    const api = environmentOf(services.api);
    const worker = environmentOf(services.worker);
    expect(api.TEMPORAL_PAYLOAD_KEY).toMatch(/^\$\{TEMPORAL_PAYLOAD_KEY:\?[^}]+\}$/);
    for (const name of ['TEMPORAL_PAYLOAD_KEY', 'TEMPORAL_PAYLOAD_KEY_ID', 'TEMPORAL_PAYLOAD_PREVIOUS_KEY', 'TEMPORAL_PAYLOAD_PREVIOUS_KEY_ID']) {
      expect({ name, value: worker[name] }).toEqual({ name, value: api[name] });
    }
  });

  it('gives the api and the worker the same certificate signing key', () => {
    const api = environmentOf(services.api);
    const worker = environmentOf(services.worker);
    expect(worker.CERTIFICATE_SIGNING_KEY_PEM).toEqual(api.CERTIFICATE_SIGNING_KEY_PEM);
    expect(worker.CERTIFICATE_SIGNING_KEY_FILE).toEqual(api.CERTIFICATE_SIGNING_KEY_FILE);
    const keyFile = String(worker.CERTIFICATE_SIGNING_KEY_FILE);
    const volumeFor = (service: Service): string | undefined =>
      mountsOf(service).find((m) => keyFile.startsWith(`${m.target}/`))?.source;
    expect(volumeFor(services.worker)).toBeDefined();
    expect(volumeFor(services.api)).toEqual(volumeFor(services.worker));
    // A named volume (declared at the top level), not a path inside the container that dies with it.
    expect(Object.keys(compose.volumes ?? {})).toContain(volumeFor(services.worker));
  });

  it('starts the api and the worker only after postgres, temporal and the search attribute setup', () => {
    for (const name of ['api', 'worker']) {
      expect(dependencyCondition(services[name], 'postgres')).toBe('service_healthy');
      expect(dependencyCondition(services[name], 'temporal')).toBe('service_healthy');
      expect(dependencyCondition(services[name], setupName!)).toBe('service_completed_successfully');
    }
    expect(argv(services.api.healthcheck?.test)).toContain('/health');
    expect(argv(services.postgres.healthcheck?.test)).toContain('pg_isready');
  });

  it('serves the worker’s metrics on the compose network only, and the api’s /metrics behind a token from the environment', () => {
    const worker = environmentOf(services.worker);
    const port = String(worker.WORKER_METRICS_ADDRESS).split(':').pop();
    expect(worker.WORKER_METRICS_ADDRESS).toMatch(/^0\.0\.0\.0:\d+$/);
    expect((services.worker.expose ?? []).map(String)).toContain(port);
    // No login on the SDK's exporter: never published on the host.
    expect(services.worker.ports ?? []).toEqual([]);
    const api = environmentOf(services.api);
    expect(api.METRICS_TOKEN).toMatch(/^\$\{METRICS_TOKEN:-\}$/);
    expect(api.WORKER_METRICS_ADDRESS).toBeUndefined();
  });

  it('mounts libs/contracts/search-attributes.txt and the registration script into the setup service', () => {
    const setup = services[setupName!];
    const env = environmentOf(setup);
    const mounts = mountsOf(setup);
    expect(mounts).toContainEqual({ source: './libs/contracts/search-attributes.txt', target: env.SEARCH_ATTRIBUTES_FILE });
    const script = mounts.find((m) => m.source === './deploy/temporal/register-search-attributes.sh');
    expect(script).toBeDefined();
    expect(argv(setup.entrypoint) + ' ' + argv(setup.command)).toContain(script!.target);
    expect(env.TEMPORAL_NAMESPACE).toEqual(environmentOf(services.api).TEMPORAL_NAMESPACE);
    expect(dependencyCondition(setup, 'temporal')).toBe('service_healthy');
  });
});

/**
 * The setup script against a stub CLI that records its calls. The stub's `search-attribute list` prints
 * the attributes created so far, so the script's final check is exercised too.
 */
const describeScript = process.platform === 'win32' ? describe.skip : describe;
describeScript('deploy/temporal/register-search-attributes.sh', () => {
  const script = join(repoRoot, 'deploy/temporal/register-search-attributes.sh');
  let dir: string;
  let log: string;
  let stub: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'passage-sa-'));
    log = join(dir, 'calls.log');
    stub = join(dir, 'temporal');
    writeFileSync(log, '');
    writeFileSync(
      stub,
      [
        '#!/bin/sh',
        'echo "$*" >> "$STUB_LOG"',
        'case "$*" in',
        '  *"search-attribute list"*) grep -o -- "--name [A-Za-z0-9_]*" "$STUB_LOG" | cut -d" " -f2; exit 0 ;;',
        '  *"--name $STUB_EXISTING "*) echo "$STUB_EXISTING_ERROR" >&2; exit 1 ;;',
        'esac',
        'echo "Search attributes have been added"',
      ].join('\n'),
    );
    chmodSync(stub, 0o755);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = (extra: Record<string, string> = {}) =>
    spawnSync('sh', [script], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        TEMPORAL_ADDRESS: 'temporal:7233',
        TEMPORAL_NAMESPACE: 'default',
        SEARCH_ATTRIBUTES_FILE: searchAttributesPath,
        TEMPORAL_CLI: stub,
        WAIT_SECONDS: '0',
        STUB_LOG: log,
        STUB_EXISTING: 'none',
        ...extra,
      },
    });
  const creates = (): string[] =>
    readFileSync(log, 'utf8')
      .split('\n')
      .filter((line) => line.includes('search-attribute create'));

  it('registers every attribute of libs/contracts/search-attributes.txt with its type, in the namespace', () => {
    const result = run();
    expect(result.stderr).toContain("all search attributes registered in 'default'");
    expect(result.status).toBe(0);
    expect(searchAttributes.length).toBeGreaterThan(0);
    for (const [name, type] of searchAttributes) {
      expect(creates()).toContainEqual(
        `operator search-attribute create --address temporal:7233 --namespace default --name ${name} --type ${type}`,
      );
    }
    expect(creates()).toHaveLength(searchAttributes.length);
  });

  it('accepts an attribute that already exists', () => {
    const [name] = searchAttributes[0];
    const result = run({ STUB_EXISTING: name, STUB_EXISTING_ERROR: `Search attribute ${name} already exists.` });
    expect(result.stderr).toContain(`${name} (${searchAttributes[0][1]}): already exists`);
    expect(result.status).toBe(0);
  });

  it('fails when an attribute exists with another type', () => {
    const [name] = searchAttributes[0];
    const result = run({
      STUB_EXISTING: name,
      // What the temporal CLI 1.5 prints for a type conflict.
      STUB_EXISTING_ERROR: `level=ERROR msg="search attribute ${name} already exists and has different type Text"`,
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`${name} already exists in 'default' with another type`);
  });
});
