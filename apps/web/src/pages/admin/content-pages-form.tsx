// The settings page's editor for the shop's content pages (terms, privacy, refunds, contact): one form
// per page, each saved on its own. The server saves only a change (one audit row) and says so.
import type { RouterOutputs } from '@damso/api';
import {
  CONTENT_BODY_MAX,
  type ContentPageInput,
  type ContentPageSlug,
  type ContentPageValues,
  contentPageInput,
} from '@damso/validators';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { Alert } from '../../components/form/alert.tsx';
import { Field, FormError, SubmitButton } from '../../components/form/form-kit.tsx';
import { submitForm } from '../../components/form/submit.ts';
import { trpc } from '../../lib/trpc.ts';

type Stored = RouterOutputs['admin']['content']['pages'][number];

const NAMES: Record<ContentPageSlug, string> = {
  terms: 'Terms page',
  privacy: 'Privacy page',
  refunds: 'Refunds page',
  contact: 'Contact page',
};

const formValues = (p: Stored): ContentPageInput => ({
  slug: p.slug as ContentPageSlug,
  title: p.title,
  body: p.body,
});

function ContentPageForm({ stored }: { stored: Stored }) {
  const utils = trpc.useUtils();
  const save = trpc.admin.content.save.useMutation();
  const [outcome, setOutcome] = useState<string | null>(null);
  const form = useForm<ContentPageInput, unknown, ContentPageValues>({
    resolver: zodResolver(contentPageInput),
    mode: 'onTouched',
    defaultValues: formValues(stored),
  });
  const { register } = form;
  const { errors, isSubmitting } = form.formState;
  const slug = stored.slug as ContentPageSlug;
  const submit = submitForm(form, async (values) => {
    setOutcome(null);
    const { changed } = await save.mutateAsync(values);
    const fresh = await utils.admin.content.pages.fetch();
    const page = fresh.find((p) => p.slug === slug);
    if (page) form.reset(formValues(page));
    // The public page shows the new text at once, not a cached copy.
    void utils.content.page.invalidate({ slug });
    setOutcome(changed.length === 0 ? 'Nothing changed.' : `${NAMES[slug]} saved.`);
  });
  return (
    <form onSubmit={submit} noValidate className="form admin-form">
      <fieldset className="admin-form__grid">
        <legend>{NAMES[slug]}</legend>
        <div className="admin-form__wide">
          <Field label="Title" error={errors.title?.message} {...register('title')} />
        </div>
        <div className="admin-form__wide">
          <Field
            label="Text"
            hint={
              <>
                Leave a blank line between paragraphs; start a line with # for a heading. Shown at{' '}
                <Link to={`/${slug}`}>/{slug}</Link>
                {slug === 'contact' ? ', under the contact email and phone set above' : ''}.
              </>
            }
            error={errors.body?.message}
          >
            {(control) => <textarea {...control} rows={10} maxLength={CONTENT_BODY_MAX} {...register('body')} />}
          </Field>
        </div>
      </fieldset>
      <FormError form={form} />
      {outcome && !form.formState.isDirty ? <Alert kind="success">{outcome}</Alert> : null}
      <div className="form__actions">
        <SubmitButton busy={isSubmitting} busyLabel="Saving…">
          Save {NAMES[slug].toLowerCase()}
        </SubmitButton>
      </div>
    </form>
  );
}

export function ContentPagesSection() {
  const pages = trpc.admin.content.pages.useQuery(undefined, { refetchOnWindowFocus: false });
  return (
    <section aria-labelledby="content-pages-heading" className="admin-content-pages">
      <h2 id="content-pages-heading">Pages</h2>
      <p>The texts the shop's footer links to. Each page is saved on its own.</p>
      {pages.error ? <Alert kind="error">{pages.error.message}</Alert> : null}
      {pages.data
        ? pages.data.map((p) => <ContentPageForm key={p.slug} stored={p} />)
        : !pages.error && <p aria-busy="true">Loading the pages…</p>}
    </section>
  );
}
