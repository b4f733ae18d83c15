import { areasFor, shopInitial } from '@damso/validators';
import type { ReactNode } from 'react';
import { Link, NavLink } from 'react-router';
import { useStore } from '../lib/session.tsx';
import { OrderHeaderItems } from './orders/header-items.tsx';
import { CategoryMenu, ShopSearch } from './shop-nav.tsx';
import { UserMenu } from './user-menu.tsx';

export function Header({
  area,
  menu,
}: {
  area: 'shop' | 'desk' | 'admin';
  /** The staff areas' drawer button on a phone; with it, the area links and "My orders" move into the drawer. */
  menu?: ReactNode;
}) {
  const { storeName, user } = useStore();
  const areas = areasFor(user?.permissions ?? []);
  return (
    <header className={menu ? 'site-header site-header--drawer' : 'site-header'}>
      <div className="site-header__inner">
        {menu}
        <Link to="/" className="brand">
          <span className="brand__mark" aria-hidden="true">
            {shopInitial(storeName)}
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
        {area === 'shop' && (
          <div className="shop-nav">
            <CategoryMenu />
            <ShopSearch />
          </div>
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
