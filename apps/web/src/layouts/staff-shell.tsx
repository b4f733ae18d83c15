import type { Permission } from '@damso/validators';
import { NavLink, Outlet } from 'react-router';
import { Header } from '../components/header.tsx';
import { RequirePermission } from '../components/require-permission.tsx';

export interface StaffLink {
  to: string;
  label: string;
}

/** The frame shared by the order desk and the admin console: a side menu and the page. */
export function StaffShell({
  area,
  permission,
  title,
  links,
}: {
  area: 'desk' | 'admin';
  permission: Permission;
  title: string;
  links: StaffLink[];
}) {
  return (
    <>
      <Header area={area} />
      <RequirePermission permission={permission}>
        <div className="staff">
          <nav className="staff__menu" aria-label={title}>
            <h2 className="staff__title">{title}</h2>
            <ul>
              {links.map((l) => (
                <li key={l.to}>
                  <NavLink to={l.to} end>
                    {l.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <main id="main" className="staff__page">
            <Outlet />
          </main>
        </div>
      </RequirePermission>
    </>
  );
}
