// The shop header's way into the catalog: a search box and a "Categories" menu. Both lead to the
// catalog page's own URL (?q=, ?category=), so what they show is the catalog's search and filter.
// Kept small and without the form kit: this ships in every shop page's first script.
import { SEARCH_MAX, SEARCH_TOO_LONG } from '@damso/validators';
import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { trpc } from '../lib/trpc.ts';
import { CategoriesIcon, SearchIcon } from './icons.tsx';
import { closeMenu, useMenuDismiss, usePopupDismiss } from './use-menu-dismiss.ts';

/**
 * On a phone the field hides behind an icon and opens on a row of its own; from 900 px it always shows.
 * On the catalog page it shows the catalog's query, so the two boxes never disagree.
 */
export function ShopSearch() {
  const navigate = useNavigate();
  const { pathname, search } = useLocation();
  const inUrl = pathname === '/catalog' ? (new URLSearchParams(search).get('q') ?? '') : '';
  const [text, setText] = useState(inUrl);
  const [error, setError] = useState('');
  const [open, setOpen] = useState(false);
  const id = useId();
  const field = useRef<HTMLInputElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const box = useRef<HTMLElement>(null);
  useEffect(() => {
    setText(inUrl);
    setError('');
  }, [inUrl]);
  useEffect(() => {
    if (open) field.current?.focus();
  }, [open]);
  const fold = useCallback((refocus: boolean) => {
    setOpen(false);
    if (refocus) toggle.current?.focus();
  }, []);
  usePopupDismiss(box, open, fold);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const q = text.trim();
    // The API's own limit and words: a longer search is refused here rather than cut short unseen.
    if (q.length > SEARCH_MAX) {
      setError(SEARCH_TOO_LONG);
      field.current?.focus();
      return;
    }
    setError('');
    if (open) fold(true);
    navigate(q ? `/catalog?q=${encodeURIComponent(q)}` : '/catalog');
  };
  return (
    <search ref={box} className={open ? 'header-search header-search--open' : 'header-search'}>
      <button
        type="button"
        ref={toggle}
        className="header-search__toggle"
        aria-expanded={open}
        aria-controls={`${id}-form`}
        onClick={() => setOpen(!open)}
      >
        <SearchIcon />
        <span className="visually-hidden">Search the shop</span>
      </button>
      <form id={`${id}-form`} className="header-search__form" onSubmit={submit}>
        <label htmlFor={id} className="visually-hidden">
          Search the shop
        </label>
        <input
          id={id}
          ref={field}
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="Search offers…"
          autoComplete="off"
          enterKeyHint="search"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <button type="submit" className="button">
          Search
        </button>
        {error ? (
          <p id={`${id}-error`} className="field__error header-search__error" role="alert">
            {error}
          </p>
        ) : null}
      </form>
    </search>
  );
}

/** The categories, asked for the first time the menu opens (the catalog page's query, shared with it). */
export function CategoryMenu() {
  const menu = useRef<HTMLDetailsElement>(null);
  const [opened, setOpened] = useState(false);
  useMenuDismiss(menu);
  const categories = trpc.catalog.categories.useQuery(undefined, { staleTime: 60_000, enabled: opened });
  const choose = () => closeMenu(menu.current, true);
  return (
    <details
      className="header-menu"
      ref={menu}
      onToggle={(e) => {
        if (!e.currentTarget.open) return;
        setOpened(true);
        if (categories.isError) void categories.refetch();
      }}
    >
      <summary>
        <CategoriesIcon />
        <span className="header-menu__label">Categories</span>
      </summary>
      <nav aria-label="Categories" className="header-menu__panel" aria-busy={categories.isFetching || undefined}>
        {categories.data ? (
          <ul>
            <li>
              <Link to="/catalog" onClick={choose}>
                All offers
              </Link>
            </li>
            {categories.data.map((c) => (
              <li key={c.slug}>
                <Link to={`/catalog?category=${encodeURIComponent(c.slug)}`} onClick={choose}>
                  {c.name}
                </Link>
              </li>
            ))}
          </ul>
        ) : categories.isError ? (
          <p role="alert">The categories could not be loaded. Please try again.</p>
        ) : (
          <p>Loading…</p>
        )}
      </nav>
    </details>
  );
}
