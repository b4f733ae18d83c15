// The catalog's plain values, apart from its zod schemas so the shop's pages read them without
// loading the validation code (the package is marked side-effect free: unused modules are dropped).
export const DURATIONS = [30, 90, 365] as const;
export const SORTS = ['popular', 'price_asc', 'price_desc', 'newest', 'rating'] as const;
/** The longest search text the catalog takes, and what a longer one is told (the API and the shop's search boxes). */
export const SEARCH_MAX = 100;
export const SEARCH_TOO_LONG = `Search text is at most ${SEARCH_MAX} characters`;
