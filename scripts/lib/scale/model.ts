// The shape of the scale data: how many of each row, and when things happen. Orders and sign-ups
// grow over the two years (three times as many on the last day as on the first), and every user's
// attributes are a function of their id, so the order generator never needs the users in memory.

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

/** The volumes at --scale 1. Items, events and subscriptions follow from the orders. */
export const FULL_SCALE = {
  offers: 100_000,
  users: 200_000,
  orders: 1_000_000,
  comments: 500_000,
  messages: 1_000_000,
} as const;

export interface Plan {
  seed: number;
  now: Date;
  /** First order; clients sign up from 60 days before it. */
  start: number;
  offers: number;
  users: number;
  orders: number;
  comments: number;
  messages: number;
  admins: number;
  employees: number;
}

const YEARS = 2;
const SIGNUP_LEAD_DAYS = 60;

export function makePlan(scale: number, seed: number, now: Date): Plan {
  const n = (full: number, min: number) => Math.max(min, Math.round(full * scale));
  return {
    seed,
    now,
    start: now.getTime() - YEARS * 365 * DAY_MS,
    offers: n(FULL_SCALE.offers, 40),
    users: n(FULL_SCALE.users, 60),
    orders: n(FULL_SCALE.orders, 200),
    comments: n(FULL_SCALE.comments, 50),
    messages: n(FULL_SCALE.messages, 100),
    admins: Math.max(2, Math.round(8 * Math.sqrt(scale))),
    employees: Math.max(3, Math.round(60 * Math.sqrt(scale))),
  };
}

// Linear growth: density 0.5 at the start, 1.5 at the end. G is the share of events before x ∈ [0, 1].
const A = 0.5;
export const growthShare = (x: number) => A * x + (1 - A) * x * x;
export const growthAt = (share: number) => (-A + Math.sqrt(A * A + 4 * (1 - A) * share)) / (2 * (1 - A));

/** Staff come first (admins, then employees), then clients in sign-up order. */
export function staffCount(plan: Plan): number {
  return plan.admins + plan.employees;
}

/** Where the demo logins sit: the first admin, the first employee and the first (oldest) client. */
export function demoIds(plan: Plan): { admin: number; employee: number; client: number } {
  return { admin: 1, employee: plan.admins + 1, client: staffCount(plan) + 1 };
}

export function signupSpan(plan: Plan): { from: number; span: number } {
  const from = plan.start - SIGNUP_LEAD_DAYS * DAY_MS;
  return { from, span: plan.now.getTime() - from };
}

export function userCreatedAt(plan: Plan, id: number): number {
  const staff = staffCount(plan);
  const { from, span } = signupSpan(plan);
  if (id <= staff) return from - 30 * DAY_MS;
  const clients = plan.users - staff;
  return Math.floor(from + span * growthAt((id - staff - 0.5) / clients));
}

/** The highest user id that had signed up by time t. */
export function usersBy(plan: Plan, t: number): number {
  const staff = staffCount(plan);
  const { from, span } = signupSpan(plan);
  const share = growthShare(Math.min(1, Math.max(0, (t - from) / span)));
  return staff + Math.floor((plan.users - staff) * share);
}

export function orderCreatedAt(plan: Plan, index: number): number {
  const span = plan.now.getTime() - plan.start;
  return Math.floor(plan.start + span * growthAt((index + 0.5) / plan.orders));
}

// Attributes as functions of the id (a multiplicative hash spreads them evenly).
const mix = (id: number, salt: number) => (Math.imul(id ^ salt, 0x9e3779b1) >>> 0) / 4294967296;
export const isUnverified = (id: number) => mix(id, 0x51ed27) < 0.02;
export const isSuspended = (id: number) => mix(id, 0x2c1b3c6d) < 0.004;
/** May this user place orders? Unverified accounts cannot; suspended ones did before they were. */
export const canOrder = (plan: Plan, id: number) =>
  id > staffCount(plan) && (id === demoIds(plan).client || !isUnverified(id));

export type Role = 'admin' | 'employee' | 'client';
export function roleOf(plan: Plan, id: number): Role {
  if (id <= plan.admins) return 'admin';
  return id <= staffCount(plan) ? 'employee' : 'client';
}

export function employeeIds(plan: Plan): number[] {
  return Array.from({ length: plan.employees }, (_, i) => plan.admins + 1 + i);
}

export function adminIds(plan: Plan): number[] {
  return Array.from({ length: plan.admins }, (_, i) => 1 + i);
}
