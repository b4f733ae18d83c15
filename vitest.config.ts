import { defineConfig } from 'vitest/config';

// Every timeout of the suite lives here. They are ceilings for a busy 2-core machine, not
// expectations: a passing test never waits for them, because every wait is on a condition.
export default defineConfig({
  test: {
    globalSetup: ['./tests/global-setup.mjs'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    expect: { poll: { timeout: 15_000, interval: 50 } },
    // Three files at a time on two cores: an integration test mostly waits on MySQL, and each browser
    // file has its own database, server and Chromium. One value for both projects, so that
    // `vitest run --sequence.shuffle` can mix them (vitest refuses different values in one run).
    maxWorkers: 3,
    projects: [
      {
        extends: true,
        test: {
          name: 'api',
          include: ['packages/*/src/**/*.test.ts', 'apps/server/src/**/*.test.ts', 'scripts/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['apps/web/e2e/**/*.test.ts'],
          testTimeout: 120_000,
        },
      },
    ],
  },
});
