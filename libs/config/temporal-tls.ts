import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The Temporal connection settings beyond the address: TLS files, the server name, an API key. */
export interface TemporalTlsSettings {
  TEMPORAL_TLS_CERT_PATH?: string | undefined;
  TEMPORAL_TLS_KEY_PATH?: string | undefined;
  TEMPORAL_TLS_CA_PATH?: string | undefined;
  TEMPORAL_TLS_SERVER_NAME?: string | undefined;
  TEMPORAL_API_KEY?: string | undefined;
}

/** TLS is on as soon as any TLS setting or an API key is given (an API key is never sent in the clear). */
export function temporalUsesTls(config: TemporalTlsSettings): boolean {
  return Boolean(
    config.TEMPORAL_TLS_CERT_PATH || config.TEMPORAL_TLS_KEY_PATH || config.TEMPORAL_TLS_CA_PATH || config.TEMPORAL_TLS_SERVER_NAME || config.TEMPORAL_API_KEY,
  );
}

type PemKind = 'certificate' | 'private key';

/**
 * What is wrong with the Temporal TLS settings, one line per variable: a client certificate without its
 * key (or the reverse), a file that cannot be read, or one that holds no PEM certificate or key. Checked
 * at start-up so a deployment fails with the variable's name, not at the first connection attempt.
 * Never quotes a file's content.
 */
export function temporalTlsProblems(config: TemporalTlsSettings): string[] {
  const problems: string[] = [];
  const cert = config.TEMPORAL_TLS_CERT_PATH;
  const key = config.TEMPORAL_TLS_KEY_PATH;
  if (Boolean(cert) !== Boolean(key)) {
    problems.push(`${cert ? 'TEMPORAL_TLS_KEY_PATH' : 'TEMPORAL_TLS_CERT_PATH'}: required with ${cert ? 'TEMPORAL_TLS_CERT_PATH' : 'TEMPORAL_TLS_KEY_PATH'} (a client certificate and its private key go together)`);
  }
  const files: Array<[string, string | undefined, PemKind]> = [
    ['TEMPORAL_TLS_CERT_PATH', cert, 'certificate'],
    ['TEMPORAL_TLS_KEY_PATH', key, 'private key'],
    ['TEMPORAL_TLS_CA_PATH', config.TEMPORAL_TLS_CA_PATH, 'certificate'],
  ];
  for (const [variable, file, kind] of files) {
    if (!file) continue;
    const problem = pemFileProblem(file, kind);
    if (problem) problems.push(`${variable}=${JSON.stringify(file)}: ${problem}`);
  }
  if (cert && key && problems.length === 0 && !new X509Certificate(readFileSync(cert)).checkPrivateKey(createPrivateKey(readFileSync(key)))) {
    problems.push(`TEMPORAL_TLS_KEY_PATH=${JSON.stringify(key)}: is not the private key of the certificate in TEMPORAL_TLS_CERT_PATH`);
  }
  return problems;
}

function pemFileProblem(file: string, kind: PemKind): string | null {
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch (error) {
    return `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  try {
    if (kind === 'certificate') new X509Certificate(content);
    else createPrivateKey(content);
    return null;
  } catch {
    return `holds no PEM ${kind}`;
  }
}
