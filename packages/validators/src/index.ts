export * from './catalog.ts';
export * from './comments.ts';
export * from './roles.ts';
