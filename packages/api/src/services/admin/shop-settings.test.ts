// The settings page's save against a real database: what it stores and audits (once, and nothing for a
// save that changes nothing), the field messages it refuses with, and the readers that follow it: the
// unpaid-orders job, the order email and the order page all see the admin's values over the env's.
import type { ShopSettingsInput } from '@damso/validators';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { lastEmail } from '../../testing/accounts.ts';
import { callerFor, refusalOf, testConfig } from '../../testing/index.ts';
import { orderTestBed } from '../../testing/orders.ts';
import { cancelUnpaidOrders } from '../orders/actions.ts';
import { readShopSettings } from './shop-settings.ts';

const bed = orderTestBed({ admin: true, client: true });
let offerId: number;
beforeAll(async () => {
  offerId = (await bed.w.offer()).id;
});

const settings = () => bed.w.as(bed.admin).admin.settings;
const auditRows = () =>
  bed.db
    .selectFrom('audit_log')
    .select(['actor_id', 'before_json', 'after_json'])
    .where('action', '=', 'settings.shop')
    .execute();

const valid: ShopSettingsInput = {
  shopName: 'Damso Test Shop',
  contactEmail: 'Help@Damso.test',
  phoneCountry: 'DE',
  phone: '030 123456',
  paymentInstructions: 'Pay by bank transfer with your order number as the reference.',
  bankAccountHolder: 'Damso GmbH',
  bankIban: 'de89 3704 0044 0532 0130 00',
  bankBic: 'cobadeffxxx',
  reminderDays: '3, 10',
  unpaidOrderHours: '12',
  emailDailyCap: '500',
};

describe('shop settings', () => {
  it('refuses bad values field by field and stores nothing', async () => {
    const settingsBefore = await bed.db.selectFrom('settings').select('name').execute();
    const refusal = await refusalOf(
      settings().saveShop({
        ...valid,
        contactEmail: 'not an email',
        phone: '12',
        bankIban: 'DE88 3704 0044 0532 0130 00',
        bankBic: 'BANK',
        reminderDays: '0',
        unpaidOrderHours: '0',
        emailDailyCap: 'lots',
      }),
    );
    expect(refusal?.code).toBe('BAD_REQUEST');
    expect(refusal?.fields).toEqual({
      contactEmail: 'Enter a valid email address, like name@example.com',
      phone: 'This is not a valid phone number for the chosen country',
      bankIban: 'This IBAN is mistyped: its check digits do not match.',
      bankBic: 'A BIC is 8 or 11 letters and digits.',
      reminderDays: expect.stringMatching(/numbers of days/),
      unpaidOrderHours: 'The deadline is from 1 to 720.',
      emailDailyCap: 'Enter the daily cap as a whole number.',
    });
    // Half an account is refused too: an IBAN needs its holder.
    expect((await refusalOf(settings().saveShop({ ...valid, bankAccountHolder: '' })))?.fields).toEqual({
      bankAccountHolder: 'Enter whose account the IBAN is.',
    });
    expect(await bed.db.selectFrom('settings').select('name').execute()).toEqual(settingsBefore);
    expect(await auditRows()).toEqual([]);
  });

  it('starts from the env defaults, saves normalised values with one audit row, and a repeat save writes nothing', async () => {
    const before = await settings().shop();
    expect(before).toMatchObject({
      shopName: 'Damso Stream',
      unpaidOrderHours: '48',
      reminderDays: '7,3,1',
      bankIban: '',
    });

    expect(await settings().saveShop(valid)).toEqual({
      changed: expect.arrayContaining(['shop_name', 'bank_iban', 'unpaid_order_hours', 'email_daily_cap']),
    });
    expect(await settings().shop()).toEqual({
      shopName: 'Damso Test Shop',
      contactEmail: 'help@damso.test',
      phoneCountry: 'DE',
      phone: '030 123456',
      paymentInstructions: valid.paymentInstructions,
      bankAccountHolder: 'Damso GmbH',
      bankIban: 'DE89370400440532013000',
      bankBic: 'COBADEFFXXX',
      reminderDays: '10,3',
      unpaidOrderHours: '12',
      emailDailyCap: '500',
    });
    const audit = await auditRows();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_id).toBe(bed.admin.id);
    expect(JSON.parse(audit[0]?.after_json ?? '{}')).toMatchObject({
      bank_iban: 'DE89370400440532013000',
      contact_phone: '+4930123456',
    });
    expect(JSON.parse(audit[0]?.before_json ?? '{}')).toMatchObject({ bank_iban: '', unpaid_order_hours: '48' });

    // The same values typed differently (spaces, case, order) are no change: no row touched, no audit.
    const stored = await bed.db
      .selectFrom('settings')
      .select(['name', 'value', 'updated_at'])
      .orderBy('name')
      .execute();
    expect(await settings().saveShop({ ...valid, bankIban: 'DE89370400440532013000', reminderDays: '10,3,3' })).toEqual(
      {
        changed: [],
      },
    );
    expect(
      await bed.db.selectFrom('settings').select(['name', 'value', 'updated_at']).orderBy('name').execute(),
    ).toEqual(stored);
    expect(await auditRows()).toHaveLength(1);

    // One field changed: one more audit row, naming only that field.
    await settings().saveShop({ ...valid, emailDailyCap: 0 });
    const latest = await auditRows();
    expect(latest).toHaveLength(2);
    expect(JSON.parse(latest[1]?.after_json ?? '{}')).toEqual({ email_daily_cap: '0' });
    expect((await readShopSettings(bed.db, { emailDailyCap: 2000 })).emailDailyCap).toBe(0);
  });

  it('the job, the order email and the order page use the stored deadline and bank details', async () => {
    await settings().saveShop({ ...valid, unpaidOrderHours: 5 });
    const start = new Date(Date.now() - 20 * 86_400_000);
    bed.w.setNow(start);
    onTestFinished(() => bed.w.setNow(null));
    const number = await bed.w.placeOrder(bed.client, [{ offerId }]);

    const email = await lastEmail(bed.db, bed.client.email);
    expect(email.text).toContain(valid.paymentInstructions);
    expect(email.text).toContain('Account holder: Damso GmbH, IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX.');
    expect(email.text).toContain('An order not paid within 5 hours is cancelled.');
    // The admin's shop name heads the email (over STORE_NAME), and their contact closes it.
    expect(email.text.split('\n')[0]).toBe('Damso Test Shop');
    expect(email.text).toContain(
      'Questions? Reply on the order page, or write to help@damso.test or call +4930123456.',
    );

    const order = await bed.w.as(bed.client).orders.get({ number });
    expect(order.payment).toMatchObject({
      instructions: valid.paymentInstructions,
      accountHolder: 'Damso GmbH',
      iban: 'DE89370400440532013000',
      bic: 'COBADEFFXXX',
      deadline: new Date(start.getTime() + 5 * 3_600_000),
    });

    // The env's 48 hours (the config's) lose to the admin's 5: the job cancels after 5.
    const deps = (hours: number) => ({
      config: { ...bed.w.config, paymentTimeoutHours: 48 },
      now: new Date(start.getTime() + hours * 3_600_000),
    });
    expect(await cancelUnpaidOrders(bed.db, {}, deps(4))).toBe(0);
    expect(await cancelUnpaidOrders(bed.db, {}, deps(6))).toBe(1);
    const cancelled = await bed.db
      .selectFrom('orders')
      .select(['status', 'cancel_reason'])
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
    expect(cancelled).toEqual({ status: 'cancelled', cancel_reason: 'Not paid within 5 hours.' });
  });

  it('every shop page shows the admin’s name: over STORE_NAME, through the catalog cache, at once after a save', async () => {
    await settings().saveShop(valid);
    // A visitor on a server that caches the catalog, whose STORE_NAME is another name.
    const visitor = () =>
      callerFor(bed.db, null, { config: testConfig({ catalogCache: true, storeName: 'Env Shop' }) }).system;
    expect((await visitor().bootstrap()).storeName).toBe('Damso Test Shop');
    await settings().saveShop({ ...valid, shopName: 'Damso Renamed' });
    expect((await visitor().bootstrap()).storeName).toBe('Damso Renamed');
  });
});
