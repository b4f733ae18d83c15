// npm test: the whole proof on a fresh machine. Installs what is missing, provisions a test database
// server, then lets Turborepo run typecheck, lint, the web build and the two vitest projects as cached
// tasks (a task whose inputs did not change replays its last result). Prints how long each phase took,
// then one "N passed, N failed" line over every phase, and exits non-zero on any failure.
// `npm test -- --force` runs every task again, ignoring the cache.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureChromium } from './lib/chromium.mjs';
import { ensureDatabase } from './lib/local-db.mjs';
import { ensureDependencies, info, ROOT, run } from './lib/util.mjs';

const started = Date.now();
const phases = [];

async function phase(name, work) {
  const t0 = Date.now();
  const result = await work();
  phases.push({ name, ms: Date.now() - t0 });
  return result;
}

await phase('install', ensureDependencies);
await phase('chromium', () => ensureChromium('for the browser tests'));
const db = await phase('database', () => ensureDatabase('test', { externalUrl: process.env.TEST_DATABASE_URL }));
// No NODE_ENV here: vitest sets `test` for the tests, and the web build must stay a production build.
const env = { ...process.env, TEST_DATABASE_SERVER_URL: db.serverUrl, TURBO_TELEMETRY_DISABLED: '1' };

// What each Turborepo task proves; the test tasks also leave a vitest JSON report (a Turborepo output,
// so a cached run restores it).
const TASKS = [
  { id: '//#typecheck', name: 'typecheck' },
  { id: '//#lint', name: 'lint' },
  { id: '@damso/web#build', name: 'web build' },
  { id: '//#test:api', name: 'api tests', report: 'api.json' },
  { id: '//#test:browser', name: 'browser tests', report: 'browser.json' },
];
const reports = path.join(ROOT, '.data', 'test-results');
const summaries = path.join(ROOT, '.turbo', 'runs');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
// This run's summary is the file that was not there before (file times are no use under faketime).
const listSummaries = () => (existsSync(summaries) ? readdirSync(summaries).filter((f) => f.endsWith('.json')) : []);
const earlierSummaries = new Set(listSummaries());

info('Typecheck, lint, web build, api tests, then browser tests (Turborepo)…');
const turboArgs = [
  'turbo',
  'run',
  'typecheck',
  'lint',
  'build',
  'test:api',
  'test:browser',
  '--filter=//',
  '--filter=@damso/web',
  '--continue=always',
  '--summarize',
  '--output-logs=full',
  '--log-order=stream',
];
if (process.argv.includes('--force')) turboArgs.push('--force');
const turboCode = await run('npx', turboArgs, { env });

/** The summary Turborepo wrote for this run: per task, its exit code, cache status and times. */
function runSummary() {
  const fresh = listSummaries().find((f) => !earlierSummaries.has(f));
  return fresh ? JSON.parse(readFileSync(path.join(summaries, fresh), 'utf8')) : null;
}

const summary = runSummary();
let passed = 0;
let failed = 0;
const failures = [];
for (const task of TASKS) {
  const entry = summary?.tasks.find((t) => t.taskId === task.id);
  const exitCode = entry?.execution?.exitCode ?? null;
  const cached = entry?.cache?.status === 'HIT';
  const ms = entry?.execution ? entry.execution.endTime - entry.execution.startTime : 0;
  phases.push({ name: task.name, ms, note: cached ? 'cached' : exitCode === null ? 'did not run' : '' });
  if (!task.report) {
    if (exitCode === 0) passed += 1;
    else {
      failed += 1;
      failures.push(task.name);
    }
    continue;
  }
  const file = path.join(reports, task.report);
  if (!existsSync(file)) {
    failed += 1;
    failures.push(`${task.name} (no report)`);
    continue;
  }
  const results = JSON.parse(readFileSync(file, 'utf8'));
  // A file whose setup failed reports its tests as skipped, not failed: count the file as a failure.
  const brokenFiles = results.testResults.filter(
    (f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'),
  ).length;
  passed += results.numPassedTests;
  let taskFailures = results.numFailedTests + brokenFiles;
  if (exitCode !== 0 && taskFailures === 0) taskFailures = 1;
  failed += taskFailures;
  if (taskFailures > 0) failures.push(task.name);
}
if (!summary) {
  failed += 1;
  failures.push('turbo (no run summary)');
}
if (turboCode !== 0 && failed === 0) failed = 1;
if (db.started) await db.stop();

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
process.stdout.write('\nPhases:\n');
for (const p of phases) {
  process.stdout.write(`  ${p.name.padEnd(14)} ${seconds(p.ms).padStart(8)}${p.note ? `  (${p.note})` : ''}\n`);
}
process.stdout.write(`  ${'total'.padEnd(14)} ${seconds(Date.now() - started).padStart(8)}\n`);
for (const name of failures) process.stdout.write(`✖ ${name} failed\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
