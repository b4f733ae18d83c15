export * from './catalog.ts';
export * from './roles.ts';
