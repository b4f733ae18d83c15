import { categoryNameInput } from '@damso/validators';
import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { trpc } from '../../../lib/trpc.ts';
import { applyServerErrors, errorMessage } from '../../../lib/trpc-errors.ts';
import '../../../styles/admin-catalog.css';

function NameForm({
  initial = '',
  label,
  submitLabel,
  onSave,
  onDone,
}: {
  initial?: string;
  label: string;
  submitLabel: string;
  onSave: (name: string) => Promise<unknown>;
  onDone?: () => void;
}) {
  const id = useId();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<{ name: string }>({
    resolver: zodResolver(categoryNameInput),
    mode: 'onChange',
    defaultValues: { name: initial },
  });
  const error = form.formState.errors.name?.message;
  return (
    <form
      className="inline-form"
      noValidate
      onSubmit={form.handleSubmit(async ({ name }) => {
        setFormError(null);
        try {
          await onSave(name);
          form.reset({ name: '' });
          onDone?.();
        } catch (e) {
          setFormError(applyServerErrors(e, form.setError));
        }
      })}
    >
      <div className="catalog-field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          aria-invalid={error ? true : undefined}
          aria-describedby={error || formError ? `${id}-error` : undefined}
          {...form.register('name')}
        />
        {error || formError ? (
          <p className="field-error" id={`${id}-error`}>
            {error ?? formError}
          </p>
        ) : null}
      </div>
      <button type="submit" className="button" disabled={form.formState.isSubmitting}>
        {submitLabel}
      </button>
      {onDone ? (
        <button type="button" className="button button--ghost" onClick={onDone}>
          Cancel
        </button>
      ) : null}
    </form>
  );
}

export function AdminCategoriesPage() {
  const list = trpc.admin.categories.list.useQuery();
  const utils = trpc.useUtils();
  const refresh = () => Promise.all([utils.admin.categories.list.invalidate(), utils.catalog.invalidate()]);
  const create = trpc.admin.categories.create.useMutation({ onSuccess: refresh });
  const rename = trpc.admin.categories.rename.useMutation({ onSuccess: refresh });
  const reorder = trpc.admin.categories.reorder.useMutation({ onSuccess: refresh });
  const [editing, setEditing] = useState<number | null>(null);

  const move = (index: number, by: -1 | 1) => {
    const ids = list.data?.map((c) => c.id) ?? [];
    const [moved] = ids.splice(index, 1);
    if (moved === undefined) return;
    ids.splice(index + by, 0, moved);
    reorder.mutate({ ids });
  };

  return (
    <div className="admin-catalog">
      <h1>Categories</h1>
      <NameForm label="New category" submitLabel="Add category" onSave={(name) => create.mutateAsync({ name })} />
      {reorder.error ? (
        <p className="field-error" role="alert">
          {errorMessage(reorder.error)}
        </p>
      ) : null}
      {list.isPending ? (
        <p aria-busy="true">Loading…</p>
      ) : list.isError ? (
        <p role="alert">{list.error.message}</p>
      ) : (
        <ol className="category-admin-list">
          {list.data.map((c, i) => (
            <li key={c.id}>
              {editing === c.id ? (
                <NameForm
                  initial={c.name}
                  label={`New name for ${c.name}`}
                  submitLabel="Save"
                  onSave={(name) => rename.mutateAsync({ id: c.id, name })}
                  onDone={() => setEditing(null)}
                />
              ) : (
                <>
                  <span className="category-admin-list__name">
                    {c.name} <span className="muted">({c.offerCount} offers)</span>
                  </span>
                  <span className="category-admin-list__actions">
                    <button type="button" className="link-button" onClick={() => setEditing(c.id)}>
                      Rename<span className="visually-hidden"> {c.name}</span>
                    </button>
                    <button
                      type="button"
                      className="link-button"
                      disabled={i === 0 || reorder.isPending}
                      onClick={() => move(i, -1)}
                    >
                      Up<span className="visually-hidden"> {c.name}</span>
                    </button>
                    <button
                      type="button"
                      className="link-button"
                      disabled={i === list.data.length - 1 || reorder.isPending}
                      onClick={() => move(i, 1)}
                    >
                      Down<span className="visually-hidden"> {c.name}</span>
                    </button>
                  </span>
                </>
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
