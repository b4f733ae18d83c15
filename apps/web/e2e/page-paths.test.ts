// The server answers 404 for any address outside PAGE_PATHS (src/page-paths.ts): the list must name
// exactly the pages of the route table, or a real page would answer 404 or a wrong address 200.
import type { RouteObject } from 'react-router';
import { describe, expect, it } from 'vitest';
import { PAGE_PATHS } from '../src/page-paths.ts';
import { routes } from '../src/routes.tsx';

function pagesOf(list: RouteObject[], parent = ''): string[] {
  return list.flatMap((route) => {
    if (route.path === '*') return [];
    const here = route.index
      ? parent || '/'
      : route.path?.startsWith('/')
        ? route.path
        : `${parent}/${route.path ?? ''}`;
    const own = route.index || !route.children ? [here] : [];
    return [...own, ...(route.children ? pagesOf(route.children, here === '/' ? '' : here) : [])];
  });
}

describe('the page addresses the server knows', () => {
  it('are exactly the pages of the route table', () => {
    expect([...PAGE_PATHS].sort()).toEqual([...new Set(pagesOf(routes))].sort());
  });
});
