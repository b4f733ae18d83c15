import { type RequestPasswordResetInput, requestPasswordResetInput } from '@damso/validators';
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { trpc } from '../../lib/trpc.ts';
import { Alert, Field } from './form-kit.tsx';
import '../../styles/account.css';

export function ForgotPasswordPage() {
  const form = useForm<RequestPasswordResetInput>({
    resolver: zodResolver(requestPasswordResetInput),
    mode: 'onChange',
    defaultValues: { email: '' },
  });
  const request = trpc.auth.requestPasswordReset.useMutation();
  return (
    <section className="auth-card" aria-labelledby="forgot-title">
      <h1 id="forgot-title">Reset your password</h1>
      {request.isSuccess ? (
        <Alert kind="success">
          <p>
            If an account uses {request.variables?.email}, we have sent it a link to choose a new password. The link
            works once, for 1 hour.
          </p>
          <p>
            <Link to="/login">Back to log in</Link>
          </p>
        </Alert>
      ) : (
        <>
          <p className="muted">Type the email address of your account; we will send you a link.</p>
          {request.isError ? <Alert kind="error">{request.error.message}</Alert> : null}
          <form className="form" noValidate onSubmit={form.handleSubmit((values) => request.mutate(values))}>
            <Field
              label="Email"
              type="email"
              autoComplete="email"
              inputMode="email"
              error={form.formState.errors.email?.message}
              {...form.register('email')}
            />
            <button className="button" type="submit" disabled={request.isPending}>
              {request.isPending ? 'Sending…' : 'Send me a link'}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
