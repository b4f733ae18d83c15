import { type LogInInput, logInInput } from '@damso/validators';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { trpc } from '../../lib/trpc.ts';
import { Alert, applyServerError, Field } from './form-kit.tsx';
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
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<LogInInput>({
    resolver: zodResolver(logInInput),
    mode: 'onChange',
    defaultValues: { email: '', password: '' },
  });
  const { register, handleSubmit, formState } = form;
  const logIn = trpc.auth.logIn.useMutation({
    onSuccess: async ({ user }) => {
      await utils.invalidate();
      navigate(user.emailVerified ? safeNext(params.get('next')) : '/verify-email');
    },
    onError: (error) => setFormError(applyServerError(form, error)),
  });

  return (
    <section className="auth-card" aria-labelledby="login-title">
      <h1 id="login-title">Log in</h1>
      <p className="muted">
        New here? <Link to="/signup">Create an account</Link>
      </p>
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      {formError ? <Alert kind="error">{formError}</Alert> : null}
      <form
        className="form"
        noValidate
        onSubmit={handleSubmit((values) => {
          setFormError(null);
          logIn.mutate(values);
        })}
      >
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
        <button className="button" type="submit" disabled={logIn.isPending}>
          {logIn.isPending ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </section>
  );
}
