// Lint is where determinism is enforced: workflow code may not import Node built-ins or anything with
// side effects, and nowhere may a promise float unobserved.
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert', 'async_hooks', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises',
  'http', 'http2', 'https', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'timers', 'tls', 'url',
  'util', 'v8', 'vm', 'worker_threads', 'zlib',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.flatMap((name) => [
              { name, message: 'Workflow code must be deterministic: no Node built-ins.' },
              { name: `node:${name}`, message: 'Workflow code must be deterministic: no Node built-ins.' },
            ]),
            { name: '@temporalio/client', message: 'Workflows talk to the outside only through activities.' },
            { name: '@temporalio/worker', message: 'Workflows talk to the outside only through activities.' },
            { name: '@temporalio/activity', message: 'Workflows talk to the outside only through activities.' },
          ],
          patterns: [
            { group: ['@nestjs/*', 'typeorm', 'pg', 'pino', '**/libs/db', '**/libs/db/**', '**/activities/**'], message: 'Workflow code must not import I/O code; import activities as types only.', allowTypeImports: true },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() or condition() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use sleep() in a loop.' },
        { name: 'process', message: 'Workflow code has no process.' },
        { name: 'fetch', message: 'I/O belongs in activities.' },
      ],
    },
  },
);
