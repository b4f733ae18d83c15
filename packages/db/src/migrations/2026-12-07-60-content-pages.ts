// The shop's content pages (terms, privacy, refunds, contact), edited by admins and linked from the
// shop's footer. One row per page, keyed by its address; the migration writes sensible first texts so
// a fresh install has no empty legal page. The texts use the page editor's rules: blank lines part
// paragraphs, a line starting with '#' is a heading.
import { type Kysely, sql } from 'kysely';

const DEFAULTS: { slug: string; title: string; body: string }[] = [
  {
    slug: 'terms',
    title: 'Terms of service',
    body: `These terms apply to every order placed in this shop. By placing an order you accept them.

# Orders and payment
An order is confirmed once its payment by bank transfer has been received and approved by our staff. Unpaid orders are cancelled automatically after the payment deadline shown on the order page.

# Delivery
Digital services (activation codes, invitation links or account details) are delivered on the order page and by email, usually within one working day after the payment is approved.

# Subscriptions
A subscription runs from its delivery for the duration named on the offer. Buying the same offer again extends it from its current end. We remind you by email before it ends.

# Refunds
Refunds are described on the refund policy page.`,
  },
  {
    slug: 'privacy',
    title: 'Privacy policy',
    body: `We keep only the data we need to sell and deliver your orders.

# What we store
Your name, email address and phone number; your orders, payment receipts and the messages on them; and the comments you write on offers.

# Why
To deliver what you bought, to answer your questions, to send the emails about your orders and subscriptions, and to meet our accounting duties.

# Your rights
You may ask us for a copy of your data, or to correct or delete it, through the contact page.`,
  },
  {
    slug: 'refunds',
    title: 'Refund policy',
    body: `A paid or delivered order can be refunded by the shop's administrators.

# How a refund works
Ask for a refund through the order's messages or the contact page, naming your order number. An administrator reviews the request and, when it is granted, refunds the order.

# What a refund ends
A refund revokes what the order delivered: its activation codes stop being valid and are never sold again, and the subscription the order started or extended is cancelled at once.

# Orders not yet paid
An order that is still waiting for payment needs no refund: you can cancel it yourself on the order page.`,
  },
  {
    slug: 'contact',
    title: 'Contact us',
    body: `Questions about an order are answered fastest in the order's messages, on the order page.

For anything else, write to us or call us using the details on this page. We answer on working days.`,
  },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE content_pages (
      slug VARCHAR(20) NOT NULL PRIMARY KEY,
      title VARCHAR(120) NOT NULL,
      body TEXT NOT NULL,
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      updated_by BIGINT UNSIGNED NULL,
      CONSTRAINT content_pages_updated_by_fk FOREIGN KEY (updated_by) REFERENCES users(id) ON DELETE SET NULL
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`.execute(db);
  await sql`INSERT INTO content_pages (slug, title, body) VALUES ${sql.join(
    DEFAULTS.map((p) => sql`(${p.slug}, ${p.title}, ${p.body})`),
  )}`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE content_pages`.execute(db);
}
