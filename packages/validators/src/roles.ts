// The one role → permission table. The server's procedures and the web app's layouts both read it,
// so the UI never offers what the API refuses.
export const ROLES = ['client', 'employee', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  'shop:browse': ['client', 'employee', 'admin'],
  'shop:order': ['client', 'employee', 'admin'],
  'shop:comment': ['client', 'employee', 'admin'],
  'desk:work': ['employee', 'admin'],
  'comments:reply': ['employee', 'admin'],
  'admin:users': ['admin'],
  'admin:offers': ['admin'],
  'admin:orders': ['admin'],
  'admin:moderate': ['admin'],
  'admin:stats': ['admin'],
  'admin:audit': ['admin'],
  'admin:settings': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role | null | undefined, permission: Permission): boolean {
  if (!role) return false;
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** The layouts of the web app, in the order the menu shows them, each gated by one permission. */
export const AREAS = [
  { id: 'shop', label: 'Shop', path: '/', permission: null },
  { id: 'desk', label: 'Order desk', path: '/desk', permission: 'desk:work' },
  { id: 'admin', label: 'Admin', path: '/admin', permission: 'admin:users' },
] as const satisfies ReadonlyArray<{ id: string; label: string; path: string; permission: Permission | null }>;

export function areasFor(role: Role | null | undefined) {
  return AREAS.filter((a) => a.permission === null || can(role, a.permission));
}
