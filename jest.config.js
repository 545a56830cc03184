/**
 * Three groups, one command (stack/test-all.sh starts the stack and runs them):
 *  - unit: pure rules, PDF signing (needs pdfsig), BPMN/form checks — no servers;
 *  - integration: repositories, workers and the API against the real database;
 *  - engine: end to end on the real Camunda 8.6 of the local stack (test/process) and in a real
 *    browser (test/browser). test-all.sh runs this group one file at a time: its tests move the
 *    engine's clock, which every instance on the shared engine sees.
 */
const base = {
  preset: 'ts-jest',
  testEnvironment: 'node',
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 30000,
  // orders the engine files (test-all.sh runs them with --runInBand); the sequencer is global in jest
  testSequencer: '<rootDir>/test/helpers/engine-sequencer.js',
  projects: [
    { ...base, displayName: 'unit', roots: ['<rootDir>/test'], testMatch: ['<rootDir>/test/{rules,pdf,bpmn,config}/**/*.test.ts', '<rootDir>/test/workers/step.test.ts'] },
    {
      ...base,
      displayName: 'integration',
      roots: ['<rootDir>/test'],
      testMatch: ['<rootDir>/test/{repositories,workers,api,identity}/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/workers/step.test.ts'],
    },
    { ...base, displayName: 'engine', roots: ['<rootDir>/test'], testMatch: ['<rootDir>/test/{process,browser}/**/*.test.ts'] },
  ],
};
