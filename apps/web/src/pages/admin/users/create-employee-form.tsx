import { type CreateEmployeeInput, createEmployeeInput } from '@damso/validators';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Alert } from '../../../components/form/alert.tsx';
import { Field, FormError, SubmitButton } from '../../../components/form/form-kit.tsx';
import { DEFAULT_COUNTRY, PhoneFields } from '../../../components/form/phone-fields.tsx';
import { StrengthHint } from '../../../components/form/strength-hint.tsx';
import { submitForm } from '../../../components/form/submit.ts';
import { trpc } from '../../../lib/trpc.ts';

const EMPTY: CreateEmployeeInput = { fullName: '', email: '', phoneCountry: DEFAULT_COUNTRY, phone: '', password: '' };

/** New employees follow the sign-up rules; the admin tells them their first password. */
export function CreateEmployeeForm({ onCreated }: { onCreated: (email: string) => void }) {
  const utils = trpc.useUtils();
  const [created, setCreated] = useState<string | null>(null);
  const form = useForm<CreateEmployeeInput>({
    resolver: zodResolver(createEmployeeInput),
    mode: 'onChange',
    defaultValues: EMPTY,
  });
  const { register, formState, watch } = form;
  const create = trpc.admin.users.createEmployee.useMutation({
    onSuccess: async (_r, values) => {
      await utils.admin.users.list.invalidate();
      setCreated(values.email.trim().toLowerCase());
      onCreated(values.email.trim().toLowerCase());
      form.reset(EMPTY);
    },
  });
  return (
    <section className="create-employee admin-panel" aria-labelledby="create-employee-title">
      <h2 id="create-employee-title">New employee</h2>
      <FormError form={form} />
      {created ? <Alert kind="success">{created} can now log in and work the order desk.</Alert> : null}
      <form
        className="form"
        noValidate
        onSubmit={submitForm(form, (values) => {
          setCreated(null);
          return create.mutateAsync(values);
        })}
      >
        <Field
          label="Full name"
          autoComplete="off"
          error={formState.errors.fullName?.message}
          {...register('fullName')}
        />
        <Field
          label="Email"
          type="email"
          autoComplete="off"
          inputMode="email"
          error={formState.errors.email?.message}
          hint="Counts as verified: check it before you create the account."
          {...register('email')}
        />
        <PhoneFields form={form} />
        <Field
          label="First password"
          type="password"
          autoComplete="new-password"
          error={formState.errors.password?.message}
          after={<StrengthHint password={watch('password')} />}
          {...register('password')}
        />
        <SubmitButton busy={formState.isSubmitting} busyLabel="Creating…">
          Create employee
        </SubmitButton>
      </form>
    </section>
  );
}
