// The scale catalog: invented services in the demo's five categories, each sold as several plans,
// lengths and regions, like a reseller's real catalog. Offers stay in memory (the orders need their
// titles and prices) and are written last, with the sales and ratings the orders and comments gave them.
import { slugify } from '@damso/db';
import { DEMO_CATEGORIES, type DemoOffer, describe } from '../../../packages/db/src/seed/catalog-data.ts';
import type { Row } from './bulk.ts';
import { DAY_MS, type Plan } from './model.ts';
import { Rng, skewedIndex } from './prng.ts';

type CategorySlug = (typeof DEMO_CATEGORIES)[number]['slug'];
type Duration = 30 | 90 | 365 | null;

interface CategoryVocabulary {
  stems: string[];
  plans: Array<[plan: string, priceFactor: number]>;
  durations: Duration[];
  /** Price of the cheapest plan for 30 days, in cents. */
  base: number;
  blurb: string;
  automaticShare: number;
}

const VOCABULARY: Record<CategorySlug, CategoryVocabulary> = {
  'streaming-video': {
    stems: ['Stream', 'Cine', 'Kino', 'Flix', 'Reel', 'Screen', 'Movie', 'Show', 'Vista', 'Scene'],
    plans: [
      ['Basic', 1],
      ['Standard', 1.5],
      ['Premium', 2],
      ['Family', 2.6],
      ['Solo', 1.2],
      ['Ultra HD', 2.4],
      ['Duo', 1.8],
      ['Kids', 0.9],
      ['Sports pack', 2.2],
      ['Mobile', 0.7],
    ],
    durations: [30, 30, 90, 365],
    base: 499,
    blurb: 'Stream films and series in HD on your TV, laptop and phone, with downloads for offline viewing.',
    automaticShare: 0.5,
  },
  music: {
    stems: ['Tune', 'Echo', 'Pod', 'Beat', 'Wave', 'Sound', 'Chord', 'Melo', 'Rhythm', 'Groove'],
    plans: [
      ['Individual', 1],
      ['Duo', 1.5],
      ['Family', 2],
      ['Student', 0.6],
      ['HiFi', 1.4],
      ['Plus', 1.2],
      ['Lossless', 1.7],
      ['Mini', 0.5],
    ],
    durations: [30, 30, 90, 365],
    base: 399,
    blurb: 'Millions of songs and podcasts without ads, offline listening and streaming audio on every device.',
    automaticShare: 0.55,
  },
  office: {
    stems: ['Office', 'Note', 'Cloud', 'Doc', 'Sheet', 'Desk', 'Mail', 'Drive', 'Task', 'Page'],
    plans: [
      ['Personal', 1],
      ['Family', 1.6],
      ['Business', 2.2],
      ['Home & Student', 1.3],
      ['Pro notes', 0.8],
      ['200 GB storage', 0.5],
      ['1 TB storage', 1],
      ['2 TB storage', 1.6],
      ['Team', 2.8],
    ],
    durations: [30, 30, 365, null],
    base: 399,
    blurb: 'Documents, spreadsheets and cloud storage kept in sync across your computer, tablet and phone.',
    automaticShare: 0.45,
  },
  creative: {
    stems: ['Pixel', 'Vector', 'Frame', 'Canvas', 'Studio', 'Palette', 'Render', 'Sketch', 'Motion', 'Lens'],
    plans: [
      ['Photo plan', 1],
      ['All apps', 4],
      ['Designer', 1.8],
      ['Video editor', 2],
      ['Illustrator', 1.6],
      ['Fonts pack', 0.6],
      ['Audio suite', 1.4],
      ['3D studio', 2.5],
    ],
    durations: [30, 90, 365, null],
    base: 999,
    blurb: 'Professional tools for photos, video, illustration and sound, with templates and cloud libraries.',
    automaticShare: 0.35,
  },
  security: {
    stems: ['Shield', 'Tunnel', 'Key', 'Guard', 'Safe', 'Lock', 'Secure', 'Armor', 'Sentry', 'Fort'],
    plans: [
      ['Antivirus 1 device', 1],
      ['Total 5 devices', 2.2],
      ['VPN', 0.8],
      ['Password manager', 1],
      ['Families', 1.8],
      ['Internet security 3 devices', 1.6],
      ['Identity guard', 2],
      ['Parental control', 0.9],
    ],
    durations: [30, 30, 365, null],
    base: 299,
    blurb: 'Protection against malware, phishing and snooping on public Wi-Fi, with a private VPN tunnel.',
    automaticShare: 0.6,
  },
};
const ENDINGS = [
  'ly',
  'ora',
  'box',
  'nest',
  'forge',
  'cut',
  'bee',
  'vault',
  'lane',
  'hub',
  'io',
  'ify',
  'wise',
  'max',
  'go',
  'zone',
  'deck',
  'loop',
  'nova',
  'mint',
];
const REGIONS = ['', '', ' (EU)', ' (US)', ' (UK)', ' (Global)', ' (LATAM)', ' — gift card'];
const PALETTES: Array<[string, string]> = [
  ['#e11d48', '#4c0519'],
  ['#7c3aed', '#1e1b4b'],
  ['#0ea5e9', '#082f49'],
  ['#22c55e', '#052e16'],
  ['#f59e0b', '#78350f'],
  ['#2563eb', '#172554'],
  ['#db2777', '#500724'],
  ['#059669', '#022c22'],
  ['#475569', '#0f172a'],
];

export interface ScaleOffer {
  id: number;
  categoryId: number;
  slug: string;
  title: string;
  service: string;
  description: string;
  duration: Duration;
  price: number;
  compareAt: number | null;
  automatic: boolean;
  active: boolean;
  featured: boolean;
  createdAt: number;
  palette: [string, string];
  imageKey: string | null;
  sold: number;
  ratingSum: number;
  ratingCount: number;
}

export interface Catalog {
  offers: ScaleOffer[];
  /** Offer indexes from the best seller down: the orders draw from it with a power law. */
  byPopularity: number[];
}

const durationLabel = (d: Duration) =>
  d === null ? 'Lifetime' : d === 365 ? '12 months' : `${d / 30} month${d > 30 ? 's' : ''}`;

export function categoryRows(now: Date): Row<'categories'>[] {
  return DEMO_CATEGORIES.map((c, i) => ({ id: i + 1, slug: c.slug, name: c.name, position: i, created_at: now }));
}

export function buildCatalog(plan: Plan): Catalog {
  const rng = new Rng(plan.seed, 2);
  const slugs = new Set<string>();
  const offers: ScaleOffer[] = [];
  const epoch = plan.start - 120 * DAY_MS;
  while (offers.length < plan.offers) {
    const categoryIndex = rng.int(0, DEMO_CATEGORIES.length - 1);
    const category = DEMO_CATEGORIES[categoryIndex] as (typeof DEMO_CATEGORIES)[number];
    const v = VOCABULARY[category.slug];
    const service = `${rng.pick(v.stems)}${rng.pick(ENDINGS)}`;
    const [plan_, factor] = rng.pick(v.plans);
    const duration = rng.pick(v.durations);
    const region = rng.pick(REGIONS);
    const title = `${service} ${plan_}${duration === null ? ' (lifetime)' : ` — ${durationLabel(duration)}`}${region}`;
    let slug = slugify(title);
    if (slugs.has(slug)) slug = `${slug}-${(offers.length + 1).toString(36)}`;
    slugs.add(slug);
    const months = duration === null ? 30 : duration / 30;
    const price = Math.max(99, Math.round((v.base * factor * months ** 0.85 * (0.7 + rng.next() * 0.6)) / 10) * 10 - 1);
    const automatic = rng.chance(v.automaticShare);
    const spec: DemoOffer = {
      category: category.slug,
      service,
      plan: plan_,
      duration,
      price,
      compareAt: null,
      automatic,
      color: ['#000', '#fff'],
    };
    const id = offers.length + 1;
    offers.push({
      id,
      categoryId: categoryIndex + 1,
      slug,
      title,
      service,
      description: `${describe(spec)}\n\n${v.blurb}`,
      duration,
      price,
      compareAt: rng.chance(0.6) ? Math.round(price * (1.3 + rng.next() * 1.2)) : null,
      automatic,
      active: rng.chance(0.9),
      featured: false,
      // Most of the catalog predates the orders; the rest arrives over the two years.
      createdAt: rng.chance(0.7)
        ? epoch + rng.int(0, 110) * DAY_MS + rng.int(0, DAY_MS)
        : plan.start + rng.int(0, plan.now.getTime() - plan.start - DAY_MS),
      palette: rng.pick(PALETTES),
      imageKey: null,
      sold: 0,
      ratingSum: 0,
      ratingCount: 0,
    });
  }
  const byPopularity = offers.map((_, i) => i);
  for (let i = byPopularity.length - 1; i > 0; i -= 1) {
    const j = rng.int(0, i);
    [byPopularity[i], byPopularity[j]] = [byPopularity[j] as number, byPopularity[i] as number];
  }
  // Featured: a handful of well-selling active offers, as a shop would pick them.
  const featured = Math.max(8, Math.round(plan.offers / 200));
  for (let k = 0, chosen = 0; chosen < featured && k < offers.length; k += 1) {
    const offer = offers[byPopularity[skewedIndex(rng, Math.min(offers.length, featured * 6), 1)] as number];
    if (offer?.active && !offer.featured) {
      offer.featured = true;
      chosen += 1;
    }
  }
  return { offers, byPopularity };
}

/** A popular offer that existed at time t (new offers cannot have been bought before they appeared). */
export function popularOffer(
  catalog: Catalog,
  rng: Rng,
  t: number,
  skew = 2.2,
  fits: (offer: ScaleOffer) => boolean = () => true,
): ScaleOffer {
  for (let attempt = 0; attempt < 30; attempt += 1) {
    const offer = catalog.offers[catalog.byPopularity[skewedIndex(rng, catalog.offers.length, skew)] as number];
    if (offer && offer.createdAt < t && (attempt >= 20 || fits(offer))) return offer;
  }
  return catalog.offers[0] as ScaleOffer;
}

export function offerRow(o: ScaleOffer, availableCodes: number, now: Date): Row<'offers'> {
  const threshold = 5;
  return {
    id: o.id,
    slug: o.slug,
    title: o.title,
    service_name: o.service,
    category_id: o.categoryId,
    description: o.description,
    duration_days: o.duration,
    price_cents: o.price,
    compare_at_cents: o.compareAt,
    currency: 'USD',
    image_key: o.imageKey,
    delivery_mode: o.automatic ? 'automatic' : 'manual',
    is_active: o.active ? 1 : 0,
    is_featured: o.featured ? 1 : 0,
    low_stock_threshold: threshold,
    low_stock_alerted: o.automatic && o.active && availableCodes < threshold ? 1 : 0,
    sold_count: o.sold,
    rating_sum: o.ratingSum,
    rating_count: o.ratingCount,
    created_at: new Date(o.createdAt),
    updated_at: new Date(Math.max(o.createdAt, now.getTime() - 30 * DAY_MS)),
  };
}
