// Debian's Chromium, which the browser tests and the benchmark's Lighthouse drive (no browser is
// downloaded by npm): installed with apt-get when missing and this runs as root, else a clear message.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fail, info, realClockEnv } from './util.mjs';

export const CHROMIUM = '/usr/bin/chromium';

/** `purpose` ends the install message: "for the browser tests", "for Lighthouse". */
export function ensureChromium(purpose) {
  if (existsSync(CHROMIUM)) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !existsSync('/usr/bin/apt-get')) {
    fail(`Chromium is needed at ${CHROMIUM} ${purpose}. Install it (sudo apt-get install chromium) and run again.`);
  }
  info(`Installing Debian’s Chromium ${purpose} (one time)…`);
  const env = { ...realClockEnv(), DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-dejavu-core'],
  ]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) fail(`apt-get ${args.join(' ')} failed: install chromium by hand.`);
  }
}
