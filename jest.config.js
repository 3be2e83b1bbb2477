// Three suites, all run by `npm test`: pure unit tests; integration tests through HTTP against a real
// PostgreSQL and a real Temporal dev server; workflow tests on Temporal's time-skipping test server.
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }];
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': tsJest },
  moduleFileExtensions: ['ts', 'js', 'json'],
  rootDir: __dirname,
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.spec.ts'],
      globalSetup: '<rootDir>/tests/support/integration-global-setup.ts',
      globalTeardown: '<rootDir>/tests/support/integration-global-teardown.ts',
    },
    { ...common, displayName: 'workflow', testMatch: ['<rootDir>/tests/workflow/**/*.spec.ts'] },
    // `npm run record-workflow-histories` only: rewrites the fixtures that tests/workflow/replay replays.
    ...(process.env.RECORD_WORKFLOW_HISTORIES === '1'
      ? [{ ...common, displayName: 'workflow-history-recorder', testMatch: ['<rootDir>/tests/workflow/replay/record-histories.ts'] }]
      : []),
  ],
  testTimeout: 120000,
};
