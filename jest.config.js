/**
 * Two groups, one command (stack/test-all.sh runs both after starting the stack):
 *  - unit: pure rules, PDF signing (needs pdfsig), BPMN/form checks — no servers;
 *  - integration: repositories, workers, API and process tests against the real database,
 *    and, for test/process, the real Camunda engine.
 */
const base = {
  preset: 'ts-jest',
  testEnvironment: 'node',
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 30000,
  projects: [
    { ...base, displayName: 'unit', roots: ['<rootDir>/test'], testMatch: ['<rootDir>/test/{rules,pdf,bpmn,config}/**/*.test.ts', '<rootDir>/test/workers/step.test.ts'] },
    {
      ...base,
      displayName: 'integration',
      roots: ['<rootDir>/test'],
      testMatch: ['<rootDir>/test/{repositories,workers,api,process}/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/workers/step.test.ts'],
    },
  ],
};
