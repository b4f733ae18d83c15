import { defineConfig } from 'vitest/config';

// Every timeout of the suite lives here. They are ceilings for a busy 2-core machine, not
// expectations: a passing test never waits for them, because every wait is on a condition.
export default defineConfig({
  test: {
    globalSetup: ['./tests/global-setup.mjs'],
    // A CI run on a loaded machine took 7.5 times as long as the same files alone, and a test heavy in
    // schema changes 33 times (every file migrates its own database at once, at the start).
    testTimeout: 120_000,
    hookTimeout: 240_000,
    expect: { poll: { timeout: 30_000, interval: 50 } },
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
        },
      },
    ],
  },
});
