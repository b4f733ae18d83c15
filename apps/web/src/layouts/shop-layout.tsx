import { Outlet } from 'react-router';
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
        <p>
          © {new Date().getFullYear()} {storeName} · Digital services delivered to your inbox.
        </p>
      </footer>
    </>
  );
}
