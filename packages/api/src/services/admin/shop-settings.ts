// The shop's settings as one object: the one reader the order page, the order emails and the jobs all
// use, and the admin's one save. A setting never saved falls back to the configuration (the env), then
// to the product's default, so a fresh install works and an admin's value always wins.
import type { Database } from '@damso/db';
import {
  DEFAULT_EMAIL_DAILY_CAP,
  DEFAULT_REMINDER_DAYS,
  DEFAULT_UNPAID_ORDER_HOURS,
  MAX_EMAIL_DAILY_CAP,
  MAX_UNPAID_ORDER_HOURS,
  parseReminderDays,
  type ShopSettingsValues,
  splitPhone,
  toE164,
} from '@damso/validators';
import type { ApiConfig } from '../../context.ts';
import { type CatalogReader, catalogChanged } from '../catalog/cache.ts';
import type { Db, Deps, UserActor } from '../shared/actor.ts';
import { changeSettings, readSetting } from './settings.ts';

/** Stored names; the two older ones keep their names so values saved before this page still count. */
const NAMES = {
  shopName: 'shop_name',
  contactEmail: 'contact_email',
  contactPhone: 'contact_phone',
  paymentInstructions: 'payment_instructions',
  bankAccountHolder: 'bank_account_holder',
  bankIban: 'bank_iban',
  bankBic: 'bank_bic',
  reminderDays: 'subscription_reminder_days',
  unpaidOrderHours: 'unpaid_order_hours',
  emailDailyCap: 'email_daily_cap',
} as const;
type Key = keyof typeof NAMES;

export const DEFAULT_PAYMENT_INSTRUCTIONS =
  'Pay by bank transfer and put your order number in the reference, then upload your receipt on this page.';

export interface ShopSettings {
  shopName: string;
  contactEmail: string;
  /** E.164, or '' when none is given. */
  contactPhone: string;
  paymentInstructions: string;
  bankAccountHolder: string;
  /** Compact (no spaces), or '' when the shop has not given its account yet. */
  bankIban: string;
  bankBic: string;
  reminderDays: number[];
  unpaidOrderHours: number;
  emailDailyCap: number;
}

/** What the environment says until an admin saves a value: the server's config, or a job's env. */
export interface SettingDefaults {
  storeName?: string;
  unpaidOrderHours?: number;
  emailDailyCap?: number;
}

/** The defaults a request's configuration carries (STORE_NAME, ORDER_PAYMENT_TIMEOUT_HOURS). */
export const defaultsOf = (config: ApiConfig): SettingDefaults => ({
  storeName: config.storeName,
  unpaidOrderHours: config.paymentTimeoutHours,
});

function whole(value: string | undefined, min: number, max: number): number | null {
  if (value === undefined || !/^\d+$/.test(value)) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}

export async function readShopSettings(db: Db, defaults: SettingDefaults = {}): Promise<ShopSettings> {
  const rows = await db
    .selectFrom('settings')
    .select(['name', 'value'])
    .where('name', 'in', Object.values(NAMES))
    .execute();
  const stored = new Map(rows.map((r) => [r.name, r.value]));
  const text = (key: Key) => stored.get(NAMES[key]) ?? '';
  const reminders = stored.get(NAMES.reminderDays);
  // A row edited by hand that does not parse falls back to the default rather than stopping a job.
  return {
    shopName: text('shopName') || (defaults.storeName ?? ''),
    contactEmail: text('contactEmail'),
    contactPhone: text('contactPhone'),
    paymentInstructions: text('paymentInstructions') || DEFAULT_PAYMENT_INSTRUCTIONS,
    bankAccountHolder: text('bankAccountHolder'),
    bankIban: text('bankIban'),
    bankBic: text('bankBic'),
    reminderDays: (reminders !== undefined && parseReminderDays(reminders)) || [...DEFAULT_REMINDER_DAYS],
    unpaidOrderHours:
      whole(stored.get(NAMES.unpaidOrderHours), 1, MAX_UNPAID_ORDER_HOURS) ??
      defaults.unpaidOrderHours ??
      DEFAULT_UNPAID_ORDER_HOURS,
    emailDailyCap:
      whole(stored.get(NAMES.emailDailyCap), 0, MAX_EMAIL_DAILY_CAP) ??
      defaults.emailDailyCap ??
      DEFAULT_EMAIL_DAILY_CAP,
  };
}

/**
 * The name every shop page shows (header, title, footer), for anyone. Read through the catalog's cache:
 * each page load asks for it, and a save of the name bumps the catalog's version so it shows at once.
 */
export async function publicShopName(reader: CatalogReader, config: Pick<ApiConfig, 'storeName'>): Promise<string> {
  try {
    return await reader.read('shop-name', async (db) => (await readSetting(db, NAMES.shopName)) || config.storeName);
  } catch {
    // The app's first request must not fail on a name: in a database outage the shell still renders
    // (with STORE_NAME) and shows its outage notice where data is missing.
    return config.storeName;
  }
}

/**
 * The name every email gives the shop (subject, body, and through the outbox job the From name): the
 * admin's setting over STORE_NAME, read in the sender's transaction like the order emails do.
 */
export async function emailShopName(db: Db, config: Pick<ApiConfig, 'storeName'>): Promise<string> {
  return (await readShopSettings(db, { storeName: config.storeName })).shopName;
}

/** Every setting as the text it is stored as: what a save compares and the audit shows. */
function stored(s: ShopSettings): Record<Key, string> {
  return {
    ...s,
    reminderDays: s.reminderDays.join(','),
    unpaidOrderHours: String(s.unpaidOrderHours),
    emailDailyCap: String(s.emailDailyCap),
  };
}

/** The admin's form: the phone split back into country and number, as the sign-up form has it. */
export async function shopSettingsForm(db: Db, { config }: Pick<Deps, 'config'>) {
  const s = await readShopSettings(db, defaultsOf(config));
  return {
    shopName: s.shopName,
    contactEmail: s.contactEmail,
    ...splitPhone(s.contactPhone),
    paymentInstructions: s.paymentInstructions,
    bankAccountHolder: s.bankAccountHolder,
    bankIban: s.bankIban,
    bankBic: s.bankBic,
    reminderDays: s.reminderDays.join(','),
    unpaidOrderHours: String(s.unpaidOrderHours),
    emailDailyCap: String(s.emailDailyCap),
  };
}

/**
 * Saves what changed, with one audit row naming only those settings; a save that changes nothing
 * writes nothing. Returns the names of the settings it changed.
 */
export async function saveShopSettings(db: Database, actor: UserActor, input: ShopSettingsValues, deps: Deps) {
  const next: Record<Key, string> = {
    shopName: input.shopName,
    contactEmail: input.contactEmail,
    contactPhone: input.phone ? (toE164(input.phone, input.phoneCountry) ?? '') : '',
    paymentInstructions: input.paymentInstructions,
    bankAccountHolder: input.bankAccountHolder,
    bankIban: input.bankIban,
    bankBic: input.bankBic,
    // Stored normalised (largest first, no repeats) so the job and the form read the same list.
    reminderDays: (parseReminderDays(input.reminderDays) ?? []).join(','),
    unpaidOrderHours: String(input.unpaidOrderHours),
    emailDailyCap: String(input.emailDailyCap),
  };
  const changed = await changeSettings(db, actor, {
    group: 'shop',
    read: async (trx) => {
      const current = stored(await readShopSettings(trx, defaultsOf(deps.config)));
      return Object.fromEntries((Object.keys(NAMES) as Key[]).map((k) => [NAMES[k], current[k]]));
    },
    values: Object.fromEntries((Object.keys(NAMES) as Key[]).map((k) => [NAMES[k], next[k]])),
    deps,
    onChange: async (trx, names) => {
      if (names.includes(NAMES.shopName)) await catalogChanged(trx);
    },
  });
  return { changed };
}
