import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

/**
 * Bundles the workflow code at build time (run from dist/). The bundler refuses Node built-ins and
 * other modules a workflow may not use, so a non-deterministic import fails `npm run build`.
 */
async function main(): Promise<void> {
  const workflowsPath = require.resolve('../workflows');
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: (m) => console.warn(m), error: (m) => console.error(m) } });
  const out = path.resolve(__dirname, '../workflow-bundle.js');
  writeFileSync(out, code);
  console.error(`workflow bundle: ${path.relative(process.cwd(), out)} (${Math.round(code.length / 1024)} KiB)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
