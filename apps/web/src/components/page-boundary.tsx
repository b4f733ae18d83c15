// The route error page. Every page renders inside one of these (the layouts wrap their <Outlet>, main.tsx
// wraps the layouts), so a page that throws or whose code cannot load shows a friendly page under the
// shop's header instead of a blank screen, and a new address clears it. React logs the error to the
// console (with the component stack in development); the page shows none of its text. This plays the
// part of react-router's `errorElement`, which only a data router renders: the routes use plain
// useRoutes to keep about 16 KB out of a phone's first visit (routes.tsx).
import { Component, type ReactNode, Suspense } from 'react';
import { Link, useLocation } from 'react-router';

interface Props {
  pathname: string;
  children: ReactNode;
}

/**
 * A page's code that could not be fetched: after a deploy the old hashed file is gone (or the connection
 * dropped). Chromium, Firefox and Safari word the failed import differently; Vite's preload of a
 * chunk's CSS has its own.
 */
export function isStaleChunkError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /dynamically imported module|Importing a module script failed|Unable to preload CSS/i.test(message);
}

type State = { error: 'none' | 'stale' | 'crash'; pathname: string };

class Boundary extends Component<Props, State> {
  override state: State = { error: 'none', pathname: this.props.pathname };
  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: isStaleChunkError(error) ? 'stale' : 'crash' };
  }
  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.pathname === state.pathname ? null : { error: 'none', pathname: props.pathname };
  }
  override render() {
    if (this.state.error === 'none') return this.props.children;
    return <RouteErrorPage stale={this.state.error === 'stale'} />;
  }
}

export function RouteErrorPage({ stale }: { stale: boolean }) {
  return (
    <section className="narrow route-error" role="alert" aria-labelledby="route-error-title">
      <h1 id="route-error-title">{stale ? 'This page needs a reload' : 'Something went wrong'}</h1>
      <p>
        {stale
          ? 'The shop has been updated since this tab opened, or the connection dropped. Reload to get the latest version.'
          : 'This page ran into a problem on our side. Reloading usually fixes it; your cart and orders are safe.'}
      </p>
      <p className="route-error__actions">
        <button type="button" className="button" onClick={() => window.location.reload()}>
          Reload the page
        </button>
        <Link className="button button--ghost" to="/">
          Back to the shop
        </Link>
      </p>
    </section>
  );
}

export function PageBoundary({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return (
    <Boundary pathname={pathname}>
      <Suspense fallback={<div className="page-loading" aria-busy="true" />}>{children}</Suspense>
    </Boundary>
  );
}
