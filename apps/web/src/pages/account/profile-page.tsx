import type { RouterOutputs } from '@damso/api';
import {
  type ChangeEmailInput,
  type ChangePasswordInput,
  changeEmailInput,
  changePasswordInput,
  type UpdateProfileInput,
  updateProfileInput,
} from '@damso/validators';
import { zodResolver } from '@hookform/resolvers/zod';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { useForm } from 'react-hook-form';
import { Link, Navigate } from 'react-router';
import { Alert } from '../../components/form/alert.tsx';
import { Field, FormError, SubmitButton } from '../../components/form/form-kit.tsx';
import { DEFAULT_COUNTRY, PhoneFields } from '../../components/form/phone-fields.tsx';
import { StrengthHint } from '../../components/form/strength-hint.tsx';
import { submitForm } from '../../components/form/submit.ts';
import { useStore } from '../../lib/session.tsx';
import { trpc } from '../../lib/trpc.ts';
import '../../styles/account.css';
import { PushSection } from './push-section.tsx';
import { SessionsSection } from './sessions-section.tsx';

type Account = RouterOutputs['account']['get'];

function DetailsForm({ account }: { account: Account }) {
  const utils = trpc.useUtils();
  const national = parsePhoneNumberFromString(account.phone)?.formatNational() ?? account.phone;
  const form = useForm<UpdateProfileInput>({
    resolver: zodResolver(updateProfileInput),
    mode: 'onChange',
    defaultValues: {
      fullName: account.fullName,
      phoneCountry: account.phoneCountry ?? DEFAULT_COUNTRY,
      phone: national,
    },
  });
  const save = trpc.account.updateProfile.useMutation({
    onSuccess: async () => {
      await Promise.all([utils.account.get.invalidate(), utils.system.bootstrap.invalidate()]);
    },
  });
  return (
    <section className="account-section" aria-labelledby="details-title">
      <h2 id="details-title">Your details</h2>
      <FormError form={form} />
      {save.isSuccess && !form.formState.isDirty ? <Alert kind="success">Your details are saved.</Alert> : null}
      <form
        className="form"
        noValidate
        onSubmit={submitForm(form, async (values) => {
          await save.mutateAsync(values);
          form.reset(values);
        })}
      >
        <Field
          label="Full name"
          autoComplete="name"
          error={form.formState.errors.fullName?.message}
          {...form.register('fullName')}
        />
        <PhoneFields form={form} />
        <SubmitButton busy={form.formState.isSubmitting}>Save details</SubmitButton>
      </form>
    </section>
  );
}

function EmailForm({ account }: { account: Account }) {
  const utils = trpc.useUtils();
  const form = useForm<ChangeEmailInput>({
    resolver: zodResolver(changeEmailInput),
    mode: 'onChange',
    defaultValues: { newEmail: '', currentPassword: '' },
  });
  const refresh = () => Promise.all([utils.account.get.invalidate(), utils.system.bootstrap.invalidate()]);
  const change = trpc.account.changeEmail.useMutation({
    onSuccess: async () => {
      form.reset();
      await refresh();
    },
  });
  const cancel = trpc.account.cancelEmailChange.useMutation({ onSuccess: refresh });
  return (
    <section className="account-section" aria-labelledby="email-title">
      <h2 id="email-title">Email address</h2>
      <p>
        <strong>{account.email}</strong>{' '}
        {account.emailVerified ? (
          <span className="tag tag--ok">confirmed</span>
        ) : (
          <>
            <span className="tag tag--warn">not confirmed</span> <Link to="/verify-email">Confirm it</Link>
          </>
        )}
      </p>
      {account.pendingEmail ? (
        <Alert kind="info">
          <p>
            We sent a code to {account.pendingEmail}. Your address changes once you{' '}
            <Link to="/verify-email">enter that code</Link>.
          </p>
          <button type="button" className="button button--ghost" onClick={() => cancel.mutate()}>
            Keep {account.email}
          </button>
        </Alert>
      ) : null}
      <FormError form={form} />
      <form className="form" noValidate onSubmit={submitForm(form, (values) => change.mutateAsync(values))}>
        <Field
          label="New email address"
          type="email"
          autoComplete="email"
          error={form.formState.errors.newEmail?.message}
          {...form.register('newEmail')}
        />
        <Field
          label="Current password"
          type="password"
          autoComplete="current-password"
          error={form.formState.errors.currentPassword?.message}
          {...form.register('currentPassword')}
        />
        <SubmitButton busy={form.formState.isSubmitting}>Change email</SubmitButton>
      </form>
    </section>
  );
}

function PasswordForm() {
  const form = useForm<ChangePasswordInput>({
    resolver: zodResolver(changePasswordInput),
    mode: 'onChange',
    defaultValues: { currentPassword: '', newPassword: '', confirm: '' },
  });
  const change = trpc.account.changePassword.useMutation({
    onSuccess: () => form.reset(),
  });
  return (
    <section className="account-section" aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      {change.isSuccess ? (
        <Alert kind="success">
          Your password is changed.{' '}
          {change.data.endedSessions > 0
            ? `${change.data.endedSessions} other session${change.data.endedSessions === 1 ? ' was' : 's were'} logged out.`
            : ''}
        </Alert>
      ) : null}
      <FormError form={form} />
      <form className="form" noValidate onSubmit={submitForm(form, (values) => change.mutateAsync(values))}>
        <Field
          label="Current password"
          type="password"
          autoComplete="current-password"
          error={form.formState.errors.currentPassword?.message}
          {...form.register('currentPassword')}
        />
        <Field
          label="New password"
          type="password"
          autoComplete="new-password"
          error={form.formState.errors.newPassword?.message}
          after={<StrengthHint password={form.watch('newPassword')} />}
          {...form.register('newPassword')}
        />
        <Field
          label="Type the new password again"
          type="password"
          autoComplete="new-password"
          error={form.formState.errors.confirm?.message}
          {...form.register('confirm')}
        />
        <SubmitButton busy={form.formState.isSubmitting}>Change password</SubmitButton>
      </form>
    </section>
  );
}

export function ProfilePage() {
  const { user } = useStore();
  const account = trpc.account.get.useQuery(undefined, { enabled: Boolean(user) });
  if (!user) return <Navigate to="/login?next=/account" replace />;
  return (
    <div className="account-page">
      <h1>Your account</h1>
      {account.isPending ? (
        <p aria-busy="true">Loading your account…</p>
      ) : account.isError ? (
        <Alert kind="error">{account.error.message}</Alert>
      ) : (
        <div className="account-grid">
          <DetailsForm account={account.data} />
          <EmailForm account={account.data} />
          <PasswordForm />
          <SessionsSection />
          <PushSection />
        </div>
      )}
    </div>
  );
}
