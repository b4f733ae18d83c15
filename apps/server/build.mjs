// npm run build (through Turborepo): compiles the server to JavaScript in apps/server/dist, so production
// runs `node`, not tsx. The workspace packages (@damso/*, TypeScript sources) are bundled in; an npm
// package stays an import resolved from node_modules at run time, so native ones (sharp, argon2) and
// those that load files or workers (pino) work as installed by `npm ci --omit=dev`.
// One exception: a package that a workspace has in its own node_modules (npm nests a second version
// there, e.g. packages/email/node_modules/nodemailer) would resolve from dist/ to the root's other
// version, or to nothing in production, so that one is bundled from where the source finds it.
// The build fails if the bundle imports a package its workspace does not list in "dependencies": the
// production install would not have it (a devDependency, or one only hoisted from a neighbour).
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';

const here = import.meta.dirname;
const root = path.resolve(here, '..', '..');
const builtins = new Set(builtinModules);

const outdir = path.join(here, 'dist');
const packageName = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** The folder Node finds package `name` in from `dir`: the nearest node_modules/<name> going up. */
function packageDir(name, dir) {
  for (let d = dir; ; d = path.dirname(d)) {
    const candidate = path.join(d, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return realpathSync(candidate);
    if (d === path.dirname(d)) return null;
  }
}
const nested = new Set();

const result = await build({
  absWorkingDir: here,
  entryPoints: { main: 'src/main.ts', migrate: 'src/migrate.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  // The oldest Node the project supports; the same output runs on the current LTS.
  target: 'node20.19',
  // Stack traces in the logs point at the TypeScript sources (node --enable-source-maps).
  sourcemap: true,
  metafile: true,
  // A bundled CommonJS package calls require(); ESM output has none unless it is made.
  banner: {
    js: "import { createRequire as __damsoRequire } from 'node:module'; const require = __damsoRequire(import.meta.url);",
  },
  logLevel: 'warning',
  plugins: [
    {
      name: 'npm-packages-external',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) => {
          if (args.path.startsWith('@damso/')) return undefined;
          if (args.path.startsWith('node:') || builtins.has(args.path)) return { path: args.path, external: true };
          const name = packageName(args.path);
          const fromSource = packageDir(name, args.resolveDir);
          if (fromSource && fromSource !== packageDir(name, outdir)) {
            nested.add(name);
            return undefined;
          }
          return { path: args.path, external: true };
        });
      },
    },
  ],
});

/** The "dependencies" of the workspace that owns a bundled source file (apps/server or packages/x). */
const dependenciesOf = new Map();
function declared(file) {
  const [top, name] = path.relative(root, path.resolve(here, file)).split(path.sep);
  const dir = path.join(root, top, name);
  if (!dependenciesOf.has(dir)) {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    dependenciesOf.set(dir, { name: manifest.name, deps: new Set(Object.keys(manifest.dependencies ?? {})) });
  }
  return dependenciesOf.get(dir);
}

const undeclared = [];
for (const [file, input] of Object.entries(result.metafile.inputs)) {
  // A bundled nested package's own imports went through the same rule; only our sources are checked.
  if (file.split(/[\\/]/).includes('node_modules')) continue;
  for (const imported of input.imports) {
    if (!imported.external || imported.path.startsWith('node:') || builtins.has(imported.path)) continue;
    const owner = declared(file);
    const name = packageName(imported.path);
    if (!owner.deps.has(name)) undeclared.push(`${name} (imported by ${file}; add it to ${owner.name}'s dependencies)`);
  }
}
if (undeclared.length > 0) {
  process.stderr.write(
    `The server imports packages a production install would not have:\n  ${[...new Set(undeclared)].join('\n  ')}\n`,
  );
  process.exit(1);
}
if (nested.size > 0) process.stdout.write(`Bundled from a workspace's own node_modules: ${[...nested].join(', ')}\n`);
