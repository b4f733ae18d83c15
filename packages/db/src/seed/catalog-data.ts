// Invented brands only: the demo catalog must not look like it sells real companies' products.
export const DEMO_CATEGORIES = [
  { slug: 'streaming-video', name: 'Streaming video' },
  { slug: 'music', name: 'Music' },
  { slug: 'office', name: 'Office' },
  { slug: 'creative', name: 'Creative' },
  { slug: 'security', name: 'Security' },
] as const;

type Duration = 30 | 90 | 365 | null;
export interface DemoOffer {
  category: (typeof DEMO_CATEGORIES)[number]['slug'];
  service: string;
  plan: string;
  duration: Duration;
  price: number;
  compareAt: number | null;
  automatic: boolean;
  featured?: boolean;
  color: [string, string];
}

const o = (
  category: DemoOffer['category'],
  service: string,
  plan: string,
  duration: Duration,
  price: number,
  compareAt: number | null,
  automatic: boolean,
  color: [string, string],
  featured = false,
): DemoOffer => ({ category, service, plan, duration, price, compareAt, automatic, color, featured });

export const DEMO_OFFERS: DemoOffer[] = [
  o('streaming-video', 'Streamly', 'Premium', 30, 899, 1599, true, ['#e11d48', '#7c2d12'], true),
  o('streaming-video', 'Streamly', 'Premium', 365, 8999, 17999, true, ['#e11d48', '#4c0519']),
  o('streaming-video', 'Streamly', 'Basic', 30, 499, 899, false, ['#f43f5e', '#881337']),
  o('streaming-video', 'CineVault', 'Family', 90, 2199, 3599, false, ['#7c3aed', '#1e1b4b'], true),
  o('streaming-video', 'CineVault', 'Solo', 30, 699, 1099, true, ['#8b5cf6', '#312e81']),
  o('streaming-video', 'Kinora', 'Ultra HD', 30, 1099, 1799, false, ['#0ea5e9', '#0c4a6e']),
  o('streaming-video', 'Kinora', 'Ultra HD', 365, 9999, 19999, false, ['#0284c7', '#082f49']),
  o('music', 'Tunewave', 'Individual', 30, 399, 999, true, ['#22c55e', '#14532d'], true),
  o('music', 'Tunewave', 'Duo', 90, 1499, 2699, true, ['#16a34a', '#052e16']),
  o('music', 'Tunewave', 'Family', 365, 5999, 14999, false, ['#15803d', '#022c22']),
  o('music', 'Echobox', 'HiFi', 30, 599, 1099, false, ['#f59e0b', '#78350f']),
  o('music', 'Echobox', 'Student', 90, 999, 1599, true, ['#fbbf24', '#92400e']),
  o('music', 'Podlane', 'Plus', 365, 2999, 4999, false, ['#fb923c', '#7c2d12']),
  o('office', 'Officely', 'Personal', 365, 3999, 6999, true, ['#2563eb', '#1e3a8a'], true),
  o('office', 'Officely', 'Family', 365, 5999, 9999, true, ['#1d4ed8', '#172554']),
  o('office', 'Officely', 'Home & Student', null, 9999, 14999, false, ['#3b82f6', '#1e40af']),
  o('office', 'Notara', 'Pro notes', 365, 1999, 3999, false, ['#0891b2', '#164e63']),
  o('office', 'Cloudnest', '2 TB storage', 365, 4999, 9999, true, ['#06b6d4', '#155e75']),
  o('office', 'Cloudnest', '200 GB storage', 30, 199, 299, true, ['#22d3ee', '#0e7490']),
  o('creative', 'Pixelforge', 'Photo plan', 30, 999, 1999, false, ['#db2777', '#500724'], true),
  o('creative', 'Pixelforge', 'All apps', 365, 29999, 59999, false, ['#be185d', '#4a044e']),
  o('creative', 'Vectora', 'Designer', null, 4999, 7999, true, ['#c026d3', '#4a044e']),
  o('creative', 'Framecut', 'Video editor', 90, 2499, 3999, false, ['#9333ea', '#3b0764']),
  o('creative', 'Framecut', 'Video editor', null, 7999, 12999, true, ['#a855f7', '#3b0764']),
  o('security', 'Shieldon', 'Antivirus 1 device', 365, 1499, 3999, true, ['#059669', '#022c22'], true),
  o('security', 'Shieldon', 'Total 5 devices', 365, 3499, 7999, true, ['#047857', '#064e3b']),
  o('security', 'Tunnelbee', 'VPN', 30, 299, 999, true, ['#65a30d', '#1a2e05']),
  o('security', 'Tunnelbee', 'VPN', 365, 2999, 9999, true, ['#4d7c0f', '#1a2e05']),
  o('security', 'Keyvault', 'Password manager', 365, 1999, 3599, false, ['#475569', '#0f172a']),
  o('security', 'Keyvault', 'Families', 365, 2999, 4999, false, ['#334155', '#020617']),
];

export function describe(offer: DemoOffer): string {
  const length =
    offer.duration === null ? 'a lifetime licence' : `${offer.duration} days of ${offer.service} ${offer.plan}`;
  return [
    `${offer.service} ${offer.plan} gives you ${length}, activated on your own account.`,
    offer.automatic
      ? 'Your activation code is delivered automatically as soon as your payment is confirmed.'
      : 'Our team delivers your access by hand, usually within a few hours of your payment.',
    'Works worldwide. Renew before the end date and your time is added to what you have left.',
  ].join('\n\n');
}
