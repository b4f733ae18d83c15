import { Link, Outlet } from 'react-router';
import { Header } from '../components/header.tsx';
import { PageBoundary } from '../components/page-boundary.tsx';
import { useStore } from '../lib/session.tsx';

export function ShopLayout() {
  const { storeName } = useStore();
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <Header area="shop" />
      <main id="main" className="page">
        <PageBoundary>
          <Outlet />
        </PageBoundary>
      </main>
      <footer className="site-footer">
        {/* Plain links: the pages' code loads only when one is opened. */}
        <nav aria-label="Shop information">
          <ul className="site-footer__links">
            <li>
              <Link to="/contact">Contact</Link>
            </li>
            <li>
              <Link to="/terms">Terms</Link>
            </li>
            <li>
              <Link to="/privacy">Privacy</Link>
            </li>
            <li>
              <Link to="/refunds">Refunds</Link>
            </li>
          </ul>
        </nav>
        <p>
          © {new Date().getFullYear()} {storeName} · Digital services delivered to your inbox.
        </p>
      </footer>
    </>
  );
}
