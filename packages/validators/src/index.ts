export * from './admin.ts';
export * from './auth.ts';
export * from './catalog.ts';
export * from './comments.ts';
export * from './common-passwords.ts';
export * from './orders.ts';
export * from './roles.ts';
export * from './subscriptions.ts';
