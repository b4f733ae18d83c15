import type { Permission } from '@damso/validators';
import { NavLink, Outlet, useLocation } from 'react-router';
import { Header } from '../components/header.tsx';
import { PageBoundary } from '../components/page-boundary.tsx';
import { NoAccess, RequirePermission } from '../components/require-permission.tsx';
import { useCan } from '../lib/session.tsx';
import { StaffDrawer, useNarrowScreen } from './staff-drawer.tsx';

export interface StaffLink {
  to: string;
  label: string;
  /** Shown, and its pages opened, only to holders of this permission. */
  permission?: Permission;
}

/** The frame shared by the order desk and the admin console: a side menu (a drawer on a phone) and the page. */
export function StaffShell({
  area,
  permissions,
  title,
  links,
}: {
  area: 'desk' | 'admin';
  /** The area opens to a holder of any of these; each link may ask for one of its own. */
  permissions: readonly Permission[];
  title: string;
  links: StaffLink[];
}) {
  const can = useCan();
  const { pathname } = useLocation();
  const shown = links.filter((l) => !l.permission || can(l.permission));
  // The page under the most specific link that asks for a permission needs that permission too.
  const section = links
    .filter((l) => l.permission && (pathname === l.to || pathname.startsWith(`${l.to}/`)))
    .sort((a, b) => b.to.length - a.to.length)[0];
  const narrow = useNarrowScreen();
  const menu = (
    <nav className="staff__menu" aria-label={title}>
      <h2 className="staff__title">{title}</h2>
      <ul>
        {shown.map((l) => (
          <li key={l.to}>
            <NavLink to={l.to} end>
              {l.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
  const drawer =
    narrow && permissions.some(can) ? (
      <StaffDrawer title={title} area={area}>
        {menu}
      </StaffDrawer>
    ) : undefined;
  return (
    <>
      {/* As in the shop: keyboard users jump past the header and the side menu. */}
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <Header area={area} menu={drawer} />
      <RequirePermission permissions={permissions}>
        <div className="staff">
          {drawer ? null : menu}
          <main id="main" className="staff__page">
            <PageBoundary>{section?.permission && !can(section.permission) ? <NoAccess /> : <Outlet />}</PageBoundary>
          </main>
        </div>
      </RequirePermission>
    </>
  );
}
