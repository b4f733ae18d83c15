// npm test: the whole proof on a fresh machine. Installs what is missing, provisions a test database
// server, then typecheck → lint → web build → unit, integration and browser tests.
// Ends with "N passed, N failed" and a non-zero exit on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureDatabase } from './lib/local-db.mjs';
import { ensureDependencies, fail, info, ROOT, run } from './lib/util.mjs';

const CHROMIUM = '/usr/bin/chromium';
const started = Date.now();

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !existsSync('/usr/bin/apt-get')) {
    fail(`The browser tests need Chromium at ${CHROMIUM}. Install it (sudo apt-get install chromium) and run again.`);
  }
  info('Installing Debian’s Chromium for the browser tests (one time)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-dejavu-core'],
  ]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) fail(`apt-get ${args.join(' ')} failed: install chromium by hand.`);
  }
}

ensureDependencies();
ensureChromium();
const db = await ensureDatabase('test', { externalUrl: process.env.TEST_DATABASE_URL });
const env = { ...process.env, TEST_DATABASE_SERVER_URL: db.serverUrl, TURBO_TELEMETRY_DISABLED: '1', NODE_ENV: 'test' };

const checks = [];
async function step(name, cmd, args) {
  info(`${name}…`);
  const code = await run(cmd, args, { env });
  checks.push({ name, ok: code === 0 });
  return code === 0;
}

await step('Typecheck', 'npm', ['run', '--silent', 'typecheck']);
await step('Lint', 'npx', ['biome', 'check', '.']);
const built = await step('Web build', 'npx', ['turbo', 'run', 'build', '--output-logs=errors-only']);

const report = path.join(ROOT, '.data', 'test-results.json');
mkdirSync(path.dirname(report), { recursive: true });
rmSync(report, { force: true });
const vitestArgs = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`];
if (!built) vitestArgs.push('--project=api');
info('Unit, integration and browser tests…');
const vitestCode = await run('npx', vitestArgs, { env });

let passed = checks.filter((c) => c.ok).length;
let failed = checks.length - passed;
if (existsSync(report)) {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed += results.numPassedTests;
  failed += results.numFailedTests;
  // A file whose setup failed reports its tests as skipped, not failed: count the file as a failure.
  failed += results.testResults.filter(
    (f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'),
  ).length;
} else {
  failed += 1;
}
if (vitestCode !== 0 && failed === 0) failed = 1;
if (db.started) db.stop();

for (const c of checks.filter((c) => !c.ok)) process.stdout.write(`✖ ${c.name} failed\n`);
process.stdout.write(`\nFinished in ${Math.round((Date.now() - started) / 1000)} s\n`);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
