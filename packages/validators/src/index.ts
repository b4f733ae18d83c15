export * from './catalog.ts';
export * from './orders.ts';
export * from './roles.ts';
