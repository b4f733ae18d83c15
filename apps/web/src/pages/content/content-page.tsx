// The shop's content pages (terms, privacy, refunds, contact), written by admins on the settings page.
// One module for the four, loaded on demand: the footer links here and carries none of this code.
import type { ContentPageSlug } from '@damso/validators';
import { Link } from 'react-router';
import { usePageTitle } from '../../lib/page-title.tsx';
import { trpc } from '../../lib/trpc.ts';
import { ContentBody } from './content-body.tsx';
import '../../styles/content.css';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'long' });

function ContentPage({ slug }: { slug: ContentPageSlug }) {
  // The same input as its prefetch in routes.tsx.
  const page = trpc.content.page.useQuery({ slug });
  usePageTitle(page.data?.title);

  if (page.isPending) {
    return (
      <p className="narrow" aria-busy="true">
        Loading…
      </p>
    );
  }
  if (page.isError) {
    return (
      <div className="empty-state">
        <h1>This page could not be loaded</h1>
        <p>Please try again in a moment.</p>
        <p>
          <Link to="/">Back to the shop</Link>
        </p>
      </div>
    );
  }
  const { title, body, updatedAt, contact } = page.data;
  return (
    <article className="narrow content-page">
      <h1>{title}</h1>
      {contact && (contact.email || contact.phone) ? (
        <dl className="content-page__contact">
          {contact.shopName ? (
            <div>
              <dt>Shop</dt>
              <dd>{contact.shopName}</dd>
            </div>
          ) : null}
          {contact.email ? (
            <div>
              <dt>Email</dt>
              <dd>
                <a href={`mailto:${contact.email}`}>{contact.email}</a>
              </dd>
            </div>
          ) : null}
          {contact.phone ? (
            <div>
              <dt>Phone</dt>
              <dd>
                <a href={`tel:${contact.phone}`}>{contact.phone}</a>
              </dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      <ContentBody body={body} />
      <p className="content-page__updated">Last updated {dateFormat.format(updatedAt)}</p>
    </article>
  );
}

export const TermsPage = () => <ContentPage slug="terms" />;
export const PrivacyPage = () => <ContentPage slug="privacy" />;
export const RefundsPage = () => <ContentPage slug="refunds" />;
export const ContactPage = () => <ContentPage slug="contact" />;
