// The commands a fresh clone runs first (npm start, npm test, npm run db:*, dev) execute before
// node_modules exists, so what they load up front may only be Node built-ins and each other.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const ENTRY_POINTS = [
  'scripts/start.mjs',
  'scripts/test.mjs',
  'scripts/db.mjs',
  'scripts/dev.mjs',
  'scripts/run-ts.mjs',
];

function staticImports(file: string): string[] {
  const source = readFileSync(path.join(ROOT, file), 'utf8');
  return [...source.matchAll(/^import\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1] as string);
}

/** Every module reachable through static imports from the file, outside node: built-ins. */
function reachablePackages(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  return staticImports(file).flatMap((spec) => {
    if (spec.startsWith('node:')) return [];
    if (spec.startsWith('.')) return reachablePackages(path.join(path.dirname(file), spec), seen);
    return [`${file} imports ${spec}`];
  });
}

describe('bootstrap scripts', () => {
  for (const entry of ENTRY_POINTS) {
    it(`${entry} needs no npm package before it has installed them`, () => {
      expect(reachablePackages(entry)).toEqual([]);
    });
  }
});
