import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateSigningKeyPair, loadOrCreateSigningKey, type LoadedSigningKey } from './signing-keys';

/**
 * The development default: a key kept in a local file, so certificates issued on a developer's machine
 * stay verifiable across restarts. Production configures the PEM directly.
 *
 * Creation is atomic and never clobbers: the PEM is written and fsynced to a private temporary file
 * (mode 0600 from the start, so there is no window where it is world-readable), then hard-linked to
 * the final name. link() fails if the name exists, so when two processes (api and worker) start
 * together, exactly one key wins and the other process reads it, where rename() would let the second
 * silently replace the first.
 */
export function readOrCreateKeyFile(path: string): LoadedSigningKey {
  const existing = readIfPresent(path);
  if (existing !== undefined) return fromExistingFile(path, existing);

  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const generated = generateSigningKeyPair();
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, generated.privateKeyPem);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Another process created it first: theirs is the key.
    return fromExistingFile(path, readFileSync(path, 'utf8'));
  } finally {
    unlinkSync(temporary);
  }
  return { ...generated, created: true };
}

function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function fromExistingFile(path: string, pem: string): LoadedSigningKey {
  // An empty file must not fall through to "generate a new key": that key would be lost on exit.
  if (pem.trim() === '') throw new Error(`signing key file ${path} is empty; delete it to have a new key created`);
  try {
    return loadOrCreateSigningKey(pem);
  } catch (error) {
    throw new Error(`signing key file ${path}: ${(error as Error).message}`);
  }
}
