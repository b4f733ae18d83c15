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
/** A role → permission table: PERMISSIONS in the product; a test may pass a copy with other grants. */
export type PermissionTable = Record<Permission, readonly Role[]>;

export function can(
  role: Role | null | undefined,
  permission: Permission,
  table: PermissionTable = PERMISSIONS,
): boolean {
  if (!role) return false;
  return table[permission].includes(role);
}

/** Every permission a role holds: what the server tells the web app about the signed-in user. */
export function permissionsOf(role: Role, table: PermissionTable = PERMISSIONS): Permission[] {
  return (Object.keys(table) as Permission[]).filter((p) => table[p].includes(role));
}

/** The admin console's sections, each opened by one permission; the console shows those a user holds. */
export const ADMIN_SECTIONS = [
  { path: '/admin/offers', label: 'Offers', permission: 'admin:offers' },
  { path: '/admin/categories', label: 'Categories', permission: 'admin:offers' },
  { path: '/admin/coupons', label: 'Coupons', permission: 'admin:offers' },
  { path: '/admin/comments', label: 'Comments', permission: 'admin:moderate' },
  { path: '/admin/orders', label: 'Orders', permission: 'admin:orders' },
  { path: '/admin/stats', label: 'Statistics', permission: 'admin:stats' },
  { path: '/admin/users', label: 'Users', permission: 'admin:users' },
  { path: '/admin/audit', label: 'Audit log', permission: 'admin:audit' },
  { path: '/admin/outbox', label: 'Email outbox', permission: 'admin:settings' },
  { path: '/admin/settings', label: 'Settings', permission: 'admin:settings' },
] as const satisfies ReadonlyArray<{ path: string; label: string; permission: Permission }>;

/** The layouts of the web app, in the order the menu shows them, each open to a user with any of its permissions. */
export const AREAS = [
  { id: 'shop', label: 'Shop', path: '/', permissions: null },
  { id: 'desk', label: 'Order desk', path: '/desk', permissions: ['desk:work'] },
  { id: 'admin', label: 'Admin', path: '/admin', permissions: [...new Set(ADMIN_SECTIONS.map((s) => s.permission))] },
] as const satisfies ReadonlyArray<{
  id: string;
  label: string;
  path: string;
  permissions: readonly Permission[] | null;
}>;

export function areasFor(permissions: readonly Permission[]) {
  return AREAS.filter((a) => a.permissions === null || a.permissions.some((p) => permissions.includes(p)));
}
