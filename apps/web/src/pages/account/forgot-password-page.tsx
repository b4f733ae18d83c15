import { type RequestPasswordResetInput, requestPasswordResetInput } from '@damso/validators';
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { Alert } from '../../components/form/alert.tsx';
import { Field, FormError, SubmitButton } from '../../components/form/form-kit.tsx';
import { submitForm } from '../../components/form/submit.ts';
import { trpc } from '../../lib/trpc.ts';
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
          <FormError form={form} />
          <form className="form" noValidate onSubmit={submitForm(form, (values) => request.mutateAsync(values))}>
            <Field
              label="Email"
              type="email"
              autoComplete="email"
              inputMode="email"
              error={form.formState.errors.email?.message}
              {...form.register('email')}
            />
            <SubmitButton busy={form.formState.isSubmitting} busyLabel="Sending…">
              Send me a link
            </SubmitButton>
          </form>
        </>
      )}
    </section>
  );
}
