import { type ResetPasswordInput, resetPasswordInput } from '@damso/validators';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { trpc } from '../../lib/trpc.ts';
import { Alert, applyServerError, Field, StrengthHint } from './form-kit.tsx';
import '../../styles/account.css';

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<ResetPasswordInput>({
    resolver: zodResolver(resetPasswordInput),
    mode: 'onChange',
    defaultValues: { token: params.get('token') ?? '', password: '', confirm: '' },
  });
  const reset = trpc.auth.resetPassword.useMutation({
    onSuccess: async () => {
      // Every session ended, this browser's included.
      await utils.invalidate();
      navigate('/login', { replace: true, state: { notice: 'Your password was changed. Log in with the new one.' } });
    },
    onError: (error) => setFormError(applyServerError(form, error)),
  });
  const tokenError = form.formState.errors.token?.message;

  return (
    <section className="auth-card" aria-labelledby="reset-title">
      <h1 id="reset-title">Choose a new password</h1>
      {!params.get('token') ? (
        <Alert kind="error">
          This page needs the link from the reset email. <Link to="/forgot-password">Ask for a new link</Link>
        </Alert>
      ) : (
        <>
          {formError || tokenError ? (
            <Alert kind="error">
              <p>{formError ?? tokenError}</p>
              <p>
                <Link to="/forgot-password">Ask for a new link</Link>
              </p>
            </Alert>
          ) : null}
          <form
            className="form"
            noValidate
            onSubmit={form.handleSubmit((values) => {
              setFormError(null);
              reset.mutate(values);
            })}
          >
            <Field
              label="New password"
              type="password"
              autoComplete="new-password"
              error={form.formState.errors.password?.message}
              after={<StrengthHint password={form.watch('password')} />}
              {...form.register('password')}
            />
            <Field
              label="Type it again"
              type="password"
              autoComplete="new-password"
              error={form.formState.errors.confirm?.message}
              {...form.register('confirm')}
            />
            <button className="button" type="submit" disabled={reset.isPending}>
              {reset.isPending ? 'Saving…' : 'Set my new password'}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
