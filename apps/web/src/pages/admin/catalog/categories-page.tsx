import { categoryNameInput } from '@damso/validators';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useConfirm } from '../../../components/confirm-dialog.tsx';
import { Alert } from '../../../components/form/alert.tsx';
import { Field, SubmitButton } from '../../../components/form/form-kit.tsx';
import { submitForm } from '../../../components/form/submit.ts';
import { EmptyState, ListView } from '../../../components/list/list-view.tsx';
import { toast } from '../../../components/toaster.tsx';
import { trpc } from '../../../lib/trpc.ts';
import { errorMessage } from '../../../lib/trpc-errors.ts';
import '../../../styles/admin.css';

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
  const form = useForm<{ name: string }>({
    resolver: zodResolver(categoryNameInput),
    mode: 'onChange',
    defaultValues: { name: initial },
  });
  // A one-field form: the server's refusal (a name already taken) stands under the name.
  const submit = submitForm(
    form,
    async ({ name }) => {
      await onSave(name);
      form.reset({ name: '' });
      onDone?.();
    },
    'name',
  );
  return (
    <form className="inline-form" noValidate onSubmit={submit}>
      <Field label={label} error={form.formState.errors.name?.message} {...form.register('name')} />
      <SubmitButton busy={form.formState.isSubmitting}>{submitLabel}</SubmitButton>
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
  const remove = trpc.admin.categories.delete.useMutation({ onSuccess: refresh });
  const confirm = useConfirm();
  const [editing, setEditing] = useState<number | null>(null);
  const askDelete = async (c: { id: number; name: string; offerCount: number }) => {
    remove.reset();
    const yes = await confirm({
      title: `Delete the category ${c.name}?`,
      body:
        c.offerCount > 0
          ? `It still has ${c.offerCount} offers, so it cannot be deleted until they are moved to another category.`
          : 'It has no offers. Links to it will show the whole catalog.',
      confirmLabel: 'Delete category',
      tone: 'danger',
    });
    if (!yes) return;
    await remove.mutateAsync({ id: c.id });
    toast.success(`The category ${c.name} was deleted.`);
  };

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
      {reorder.error ? <Alert kind="error">{errorMessage(reorder.error)}</Alert> : null}
      {remove.error ? <Alert kind="error">{errorMessage(remove.error)}</Alert> : null}
      <ListView
        query={list}
        loading="Loading…"
        isEmpty={(d) => d.length === 0}
        empty={<EmptyState>No categories yet.</EmptyState>}
      >
        {(categories) => (
          <ol className="category-admin-list">
            {categories.map((c, i) => (
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
                        disabled={i === categories.length - 1 || reorder.isPending}
                        onClick={() => move(i, 1)}
                      >
                        Down<span className="visually-hidden"> {c.name}</span>
                      </button>
                      <button
                        type="button"
                        className="link-button link-button--danger"
                        disabled={remove.isPending}
                        onClick={() => askDelete(c).catch(() => undefined)}
                      >
                        Delete<span className="visually-hidden"> {c.name}</span>
                      </button>
                    </span>
                  </>
                )}
              </li>
            ))}
          </ol>
        )}
      </ListView>
    </div>
  );
}
