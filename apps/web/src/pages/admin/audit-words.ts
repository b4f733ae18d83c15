// The audit log in the words the shop uses elsewhere: the one table from the internal action names,
// entity types and field names the services record (`order.approve`, `price_cents`) to what an admin
// reads ("Payment verified", "Offer price changed from $9.99 to $7.99"). Statuses and roles reuse the
// labels clients and the users page already show, so the log never names a state differently.
import { ORDER_STATUS_LABELS, type OrderAction, type OrderStatus, ROLE_LABELS } from '@damso/validators';
import { formatDuration, formatMoney } from '../../lib/format.ts';

export type AuditState = Record<string, unknown> | null;

export interface AuditFacts {
  action: string;
  entityType: string;
  before: AuditState;
  after: AuditState;
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
/** `low_stock_threshold` / `minOrderCents` → "low stock threshold" / "min order cents": the fallback for a name not listed. */
const words = (name: string) =>
  name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[._]+/g, ' ')
    .toLowerCase()
    .trim();

const isRole = (value: unknown): value is keyof typeof ROLE_LABELS => typeof value === 'string' && value in ROLE_LABELS;
const roleWord = (value: unknown) => (isRole(value) ? ROLE_LABELS[value].toLowerCase() : null);

// Keyed by OrderAction, so a new transition fails to compile until it has words here.
const ORDER_ACTION_WORDS: Record<OrderAction, string> = {
  submit_receipt: 'Payment receipt sent',
  approve: 'Payment verified',
  reject: 'Payment rejected',
  deliver: 'Order delivered',
  cancel: 'Order cancelled',
  refund: 'Order refunded',
};

const ACTIONS: Record<string, string | ((facts: AuditFacts) => string)> = {
  ...Object.fromEntries(Object.entries(ORDER_ACTION_WORDS).map(([action, text]) => [`order.${action}`, text])),
  'order.cancelled': 'Order cancelled',
  'order.claim': 'Order claimed',
  'order.release': 'Order released',
  'order.deliver_items': 'Items delivered',
  'order.reveal_delivery': 'Delivery details viewed',
  'offer.create': 'Offer created',
  'offer.update': 'Offer edited',
  'offer.price': 'Offer price changed',
  'offer.delete': 'Offer deleted',
  'offer.activate': 'Offer shown in the shop',
  'offer.deactivate': 'Offer hidden from the shop',
  'offer.stock.import': 'Stock codes imported',
  'category.create': 'Category created',
  'category.rename': 'Category renamed',
  'category.reorder': 'Categories reordered',
  'category.delete': 'Category deleted',
  'comment.delete': 'Comment deleted',
  'comment.hide': 'Comment hidden',
  'comment.unhide': 'Comment shown again',
  'comment.reports_dismissed': 'Reports on a comment dismissed',
  'content.page': 'Shop page edited',
  'coupon.create': 'Coupon created',
  'coupon.update': 'Coupon edited',
  'coupon.enable': 'Coupon turned on',
  'coupon.disable': 'Coupon turned off',
  'coupon.delete': 'Coupon deleted',
  'email.retry': 'Email queued again',
  'user.created': ({ after }) => {
    const role = roleWord(after?.role);
    return role ? `Account created as ${role}` : 'Account created';
  },
  'user.role_changed': ({ after }) => {
    const role = roleWord(after?.role);
    return role ? `Role changed to ${role}` : 'Role changed';
  },
  'user.suspended': 'Account suspended',
  'user.reactivated': 'Account reactivated',
  'user.note_added': 'Staff note added',
  'user.sessions_ended': 'Logged out everywhere by staff',
};

/** What happened, as a short sentence: "Payment verified", "Role changed to employee". */
export function describeAction(facts: AuditFacts): string {
  const known = ACTIONS[facts.action];
  if (typeof known === 'function') return known(facts);
  if (known) return known;
  if (facts.action.startsWith('settings.')) return `${capitalize(words(facts.action.slice(9)))} settings changed`;
  return capitalize(words(facts.action));
}

const ENTITIES: Record<string, string> = {
  order: 'Order',
  offer: 'Offer',
  user: 'User',
  category: 'Category',
  comment: 'Comment',
  coupon: 'Coupon',
  email: 'Email',
  setting: 'Setting',
};

export const entityLabel = (type: string) => ENTITIES[type] ?? capitalize(words(type));

type Show = (value: unknown, facts: AuditFacts, currency: string) => string;

const money: Show = (value, { before, after }, currency) => {
  if (typeof value !== 'number') return plain(value);
  const own = after?.currency ?? before?.currency;
  return formatMoney(value, typeof own === 'string' ? own : currency);
};
const yesNo: Show = (value) => (value === true || value === 1 ? 'yes' : 'no');
const status: Show = (value, { entityType }) => {
  if (typeof value !== 'string') return plain(value);
  if (entityType === 'order' && value in ORDER_STATUS_LABELS) return ORDER_STATUS_LABELS[value as OrderStatus];
  return capitalize(words(value));
};
const role: Show = (value) => (isRole(value) ? ROLE_LABELS[value] : plain(value));
const days: Show = (value) => (typeof value === 'number' || value === null ? formatDuration(value) : plain(value));
const who: Show = (value) => (value === null ? 'nobody' : `user ${plain(value)}`);
const count: Show = (value) => (Array.isArray(value) ? String(value.length) : plain(value));

function plain(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * Fields by the name the services record them under: the words for the field and how to show a
 * value. `hidden` fields say only that they changed (a description is too long to repeat).
 */
const FIELDS: Record<string, { label: string; show?: Show; hidden?: boolean }> = {
  status: { label: 'status', show: status },
  role: { label: 'role', show: role },
  price_cents: { label: 'price', show: money },
  priceCents: { label: 'price', show: money },
  compare_at_cents: { label: 'compare-at price', show: money },
  compareAtCents: { label: 'compare-at price', show: money },
  minOrderCents: { label: 'minimum order', show: money },
  service_name: { label: 'service' },
  category_id: { label: 'category number' },
  duration_days: { label: 'duration', show: days },
  description: { label: 'description', hidden: true },
  image_key: { label: 'image', hidden: true },
  html: { label: 'message', hidden: true },
  delivery_mode: { label: 'delivery', show: (v) => capitalize(words(plain(v))) },
  is_active: { label: 'shown in the shop', show: yesNo },
  isActive: { label: 'turned on', show: yesNo },
  is_featured: { label: 'featured', show: yesNo },
  hidden: { label: 'hidden', show: yesNo },
  low_stock_threshold: { label: 'low-stock warning at' },
  claimedBy: { label: 'claimed by', show: who },
  itemIds: { label: 'items', show: count },
  sessionsEnded: { label: 'sessions ended' },
  lastError: { label: 'last error' },
  maxUses: { label: 'most uses' },
  maxUsesPerClient: { label: 'most uses per client' },
  startsAt: { label: 'starts' },
  endsAt: { label: 'ends' },
  value: { label: 'value' },
};

export type AuditLine =
  /** A field that moved: "Offer price changed from $9.99 to $7.99". */
  | { key: string; kind: 'changed'; subject: string; was: string; now: string }
  /** Set by the action (a created record, a note): "Title: Kinora". */
  | { key: string; kind: 'set'; subject: string; now: string }
  /** Gone with the action (a deleted record): "Title was Kinora". */
  | { key: string; kind: 'removed'; subject: string; was: string }
  /** A field whose values are not repeated: "Offer description changed". */
  | { key: string; kind: 'text'; text: string };

/** One sentence per field the action changed, set or removed; fields that kept their value are left out. */
export function describeChanges(facts: AuditFacts, currency: string): AuditLine[] {
  const { before, after, entityType } = facts;
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return keys.flatMap((key): AuditLine[] => {
    const field = FIELDS[key] ?? { label: words(key) };
    const show = (value: unknown) => (field.show ?? plain)(value, facts, currency);
    const had = before !== null && key in before;
    const has = after !== null && key in after;
    const was = had ? show(before[key]) : '';
    const now = has ? show(after[key]) : '';
    if (had && has && plain(before[key]) === plain(after[key])) return [];
    if (key === 'via')
      return [{ key, kind: 'text', text: after?.via === 'cli' ? 'Done from the command line' : `Done via ${now}` }];
    if (field.hidden) {
      const text = had && has ? `${entityLabel(entityType)} ${field.label} changed` : capitalize(field.label);
      return [{ key, kind: 'text', text: had && has ? text : `${text} ${has ? 'set' : 'removed'}` }];
    }
    if (had && has) return [{ key, kind: 'changed', subject: `${entityLabel(entityType)} ${field.label}`, was, now }];
    if (has) return [{ key, kind: 'set', subject: capitalize(field.label), now }];
    return [{ key, kind: 'removed', subject: capitalize(field.label), was }];
  });
}
