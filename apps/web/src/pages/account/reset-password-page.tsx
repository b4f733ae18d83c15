import { type ResetPasswordInput, resetPasswordInput } from '@damso/validators';
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert } from '../../components/form/alert.tsx';
import { Field, SubmitButton } from '../../components/form/form-kit.tsx';
import { StrengthHint } from '../../components/form/strength-hint.tsx';
import { submitForm } from '../../components/form/submit.ts';
import { trpc } from '../../lib/trpc.ts';
import '../../styles/account.css';

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const utils = trpc.useUtils();
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
  });
  const { errors, isSubmitting } = form.formState;
  // The token is no field of the form: a refused link is said above it, with the way to a new one.
  const linkError = errors.root?.server?.message ?? errors.token?.message;

  return (
    <section className="auth-card" aria-labelledby="reset-title">
      <h1 id="reset-title">Choose a new password</h1>
      {!params.get('token') ? (
        <Alert kind="error">
          This page needs the link from the reset email. <Link to="/forgot-password">Ask for a new link</Link>
        </Alert>
      ) : (
        <>
          {linkError ? (
            <Alert kind="error">
              <p>{linkError}</p>
              <p>
                <Link to="/forgot-password">Ask for a new link</Link>
              </p>
            </Alert>
          ) : null}
          <form className="form" noValidate onSubmit={submitForm(form, (values) => reset.mutateAsync(values))}>
            <Field
              label="New password"
              type="password"
              autoComplete="new-password"
              error={errors.password?.message}
              after={<StrengthHint password={form.watch('password')} />}
              {...form.register('password')}
            />
            <Field
              label="Type it again"
              type="password"
              autoComplete="new-password"
              error={errors.confirm?.message}
              {...form.register('confirm')}
            />
            <SubmitButton busy={isSubmitting} busyLabel="Saving…">
              Set my new password
            </SubmitButton>
          </form>
        </>
      )}
    </section>
  );
}
