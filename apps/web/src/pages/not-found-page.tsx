import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <section className="narrow not-found">
      <p className="eyebrow">Error 404</p>
      <h1>We can’t find that page</h1>
      <p>The link may be old or mistyped. The offers are still here:</p>
      <p>
        <Link className="button" to="/">
          Back to the shop
        </Link>
      </p>
    </section>
  );
}
