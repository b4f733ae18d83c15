// Renders the installable app's PNG icons (apps/web/public/icons/) from the SVGs in apps/web/src/pwa/,
// in the design tokens' colours. The PNGs are committed, so the web build needs no image library:
// run `npx tsx scripts/make-app-icons.ts` after changing an SVG or the brand colour.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { tokenColor } from '../apps/web/src/pwa/build.ts';

const WEB = path.resolve(import.meta.dirname, '..', 'apps', 'web');
const out = path.join(WEB, 'public', 'icons');
mkdirSync(out, { recursive: true });

const colours = { BRAND: tokenColor('--color-brand'), SURFACE: tokenColor('--color-surface') };
for (const [source, name] of [
  ['app-icon.svg', 'icon'],
  ['maskable-icon.svg', 'maskable'],
] as const) {
  const svg = readFileSync(path.join(WEB, 'src', 'pwa', source), 'utf8').replace(
    /BRAND|SURFACE/g,
    (key) => colours[key as keyof typeof colours],
  );
  for (const size of [192, 512]) {
    const file = path.join(out, `${name}-${size}.png`);
    await sharp(Buffer.from(svg), { density: (72 * size) / 512 })
      .resize(size, size)
      .png({ compressionLevel: 9, palette: true })
      .toFile(file);
    process.stdout.write(`${path.relative(process.cwd(), file)}\n`);
  }
}
