// Pictures for the best-selling services, drawn like the demo's (no downloads) and shared by every
// offer of the service. A manifest in the upload folder lets a second load reuse them.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { drawOfferImage } from '../../../packages/db/src/seed/images.ts';
import type { Catalog } from './catalog.ts';

const MANIFEST = 'scale-images.json';
const SERVICES_WITH_PICTURES = 150;

export async function drawScaleImages(catalog: Catalog, uploadDir: string): Promise<number> {
  const manifestFile = path.join(uploadDir, 'offers', MANIFEST);
  const known: Record<string, string> = existsSync(manifestFile) ? JSON.parse(readFileSync(manifestFile, 'utf8')) : {};
  const services = new Map<string, [string, string]>();
  for (const index of catalog.byPopularity) {
    const offer = catalog.offers[index];
    if (!offer) continue;
    if (services.size >= SERVICES_WITH_PICTURES && !offer.featured) continue;
    if (!services.has(offer.service)) services.set(offer.service, offer.palette);
  }
  const keys = new Map<string, string>();
  for (const [service, palette] of services) {
    const cached = known[service];
    const present = cached && existsSync(path.join(uploadDir, 'offers', `${cached}-320.webp`));
    const key = present ? cached : await drawOfferImage(uploadDir, service, 'Digital delivery', palette);
    known[service] = key;
    keys.set(service, key);
  }
  writeFileSync(manifestFile, JSON.stringify(known, null, 1));
  for (const offer of catalog.offers) offer.imageKey = keys.get(offer.service) ?? null;
  return keys.size;
}
