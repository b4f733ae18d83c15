import { type LogInInput, logInInput } from '@damso/validators';
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { Alert } from '../../components/form/alert.tsx';
import { Field, FormError, SubmitButton } from '../../components/form/form-kit.tsx';
import { submitForm } from '../../components/form/submit.ts';
import { trpc } from '../../lib/trpc.ts';
import '../../styles/account.css';

/** Only same-site paths: a crafted ?next= must not send the user to another site. */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LogInPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  const utils = trpc.useUtils();
  const form = useForm<LogInInput>({
    resolver: zodResolver(logInInput),
    mode: 'onChange',
    defaultValues: { email: '', password: '' },
  });
  const { register, formState } = form;
  const logIn = trpc.auth.logIn.useMutation({
    onSuccess: async ({ user }) => {
      await utils.invalidate();
      navigate(user.emailVerified ? safeNext(params.get('next')) : '/verify-email');
    },
  });

  return (
    <section className="auth-card" aria-labelledby="login-title">
      <h1 id="login-title">Log in</h1>
      <p className="muted">
        New here? <Link to="/signup">Create an account</Link>
      </p>
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      <FormError form={form} />
      <form className="form" noValidate onSubmit={submitForm(form, (values) => logIn.mutateAsync(values))}>
        <Field
          label="Email"
          type="email"
          autoComplete="username"
          inputMode="email"
          error={formState.errors.email?.message}
          {...register('email')}
        />
        <Field
          label="Password"
          type="password"
          autoComplete="current-password"
          error={formState.errors.password?.message}
          hint={<Link to="/forgot-password">Forgot your password?</Link>}
          {...register('password')}
        />
        <SubmitButton busy={formState.isSubmitting} busyLabel="Logging in…">
          Log in
        </SubmitButton>
      </form>
    </section>
  );
}
