// Where a lazily loaded page appears: a quiet placeholder while its code downloads, and a readable
// message instead of a blank screen when it cannot load (offline, or a deploy replaced its file) or
// fails while rendering. A new address clears the message, so the rest of the shop stays usable.
import { Component, type ReactNode, Suspense } from 'react';
import { useLocation } from 'react-router';

interface Props {
  pathname: string;
  children: ReactNode;
}

class Boundary extends Component<Props, { failed: boolean; pathname: string }> {
  override state = { failed: false, pathname: this.props.pathname };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  static getDerivedStateFromProps(props: Props, state: { pathname: string }) {
    return props.pathname === state.pathname ? null : { failed: false, pathname: props.pathname };
  }
  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="narrow" role="alert">
        <h1>This page could not be loaded</h1>
        <p>Check your connection, then reload the page.</p>
        <p>
          <button type="button" className="button" onClick={() => window.location.reload()}>
            Reload
          </button>
        </p>
      </div>
    );
  }
}

export function PageBoundary({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return (
    <Boundary pathname={pathname}>
      <Suspense fallback={<div className="page-loading" aria-busy="true" />}>{children}</Suspense>
    </Boundary>
  );
}
