import { areasFor } from '@damso/validators';
import { Link, NavLink } from 'react-router';
import { useStore } from '../lib/session.tsx';
import { OrderHeaderItems } from './orders/header-items.tsx';
import { UserMenu } from './user-menu.tsx';

export function Header({ area }: { area: 'shop' | 'desk' | 'admin' }) {
  const { storeName, user } = useStore();
  const areas = areasFor(user?.permissions ?? []);
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to="/" className="brand">
          <span className="brand__mark" aria-hidden="true">
            D
          </span>
          <span className="brand__name">{storeName}</span>
        </Link>
        {areas.length > 1 && (
          <nav aria-label="Areas" className="area-nav">
            {areas.map((a) => (
              <NavLink key={a.id} to={a.path} end={a.id === 'shop'} className={a.id === area ? 'active' : undefined}>
                {a.label}
              </NavLink>
            ))}
          </nav>
        )}
        <div className="site-header__end">
          <OrderHeaderItems />
          <div className="site-header__user">
            <UserMenu />
          </div>
        </div>
      </div>
    </header>
  );
}
