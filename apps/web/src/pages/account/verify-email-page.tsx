import { type VerifyCodeInput, verifyCodeInput } from '@damso/validators';
import { zodResolver } from '@hookform/resolvers/zod';
import { type ReactNode, useEffect, useRef } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert } from '../../components/form/alert.tsx';
import { Field, FormError, SubmitButton } from '../../components/form/form-kit.tsx';
import { submitForm } from '../../components/form/submit.ts';
import { useStore } from '../../lib/session.tsx';
import { trpc } from '../../lib/trpc.ts';
import '../../styles/account.css';

/** Opened from the emailed link: confirms the address once, signed in or not. */
function LinkVerification({ token }: { token: string }) {
  const utils = trpc.useUtils();
  const verify = trpc.auth.verifyEmailLink.useMutation({ onSuccess: () => utils.invalidate() });
  const started = useRef(false);
  useEffect(() => {
    // Strict mode runs effects twice in development; the link is single-use.
    if (started.current) return;
    started.current = true;
    verify.mutate({ token });
  }, [token, verify]);
  if (verify.isSuccess) {
    return (
      <Alert kind="success">
        <p>
          {verify.data.alreadyConfirmed
            ? `${verify.data.email} was already confirmed: nothing more to do.`
            : `${verify.data.email} is confirmed. Thank you!`}
        </p>
        <p>
          {verify.data.signedIn ? <Link to="/">Continue to the shop</Link> : <Link to="/login">Log in to order</Link>}
        </p>
      </Alert>
    );
  }
  if (verify.isError) {
    return (
      <Alert kind="error">
        <p>{verify.error.message}</p>
        <p>
          <Link to="/verify-email">Enter the code instead</Link>
        </p>
      </Alert>
    );
  }
  return <p aria-busy="true">Confirming your email address…</p>;
}

function CodeForm({ email }: { email: string }) {
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const form = useForm<VerifyCodeInput>({
    resolver: zodResolver(verifyCodeInput),
    mode: 'onChange',
    defaultValues: { code: '' },
  });
  const verify = trpc.auth.verifyEmail.useMutation({
    onSuccess: async () => {
      await utils.invalidate();
      navigate('/', { replace: true });
    },
  });
  const resend = trpc.auth.resendVerification.useMutation();

  return (
    <>
      <p>
        We sent a 6-digit code and a link to <strong>{email}</strong>. Enter the code below, or open the link in the
        email.
      </p>
      <FormError form={form} />
      <form className="form" noValidate onSubmit={submitForm(form, (values) => verify.mutateAsync(values))}>
        <Field
          label="Confirmation code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          className="code-input"
          error={form.formState.errors.code?.message}
          hint="The code works for 15 minutes."
          {...form.register('code')}
        />
        <SubmitButton busy={form.formState.isSubmitting} busyLabel="Checking…">
          Confirm my email
        </SubmitButton>
      </form>
      <div className="form-aside">
        <p className="muted">
          No email? Check the spam folder, or ask for a new code. Wrong address?{' '}
          <Link to="/account">Change it in your profile</Link>.
        </p>
        <button
          type="button"
          className="button button--ghost"
          disabled={resend.isPending}
          onClick={() => resend.mutate()}
        >
          Send a new code
        </button>
        {resend.isSuccess ? <Alert kind="success">A new code is on its way to {resend.data.email}.</Alert> : null}
        {resend.isError ? <Alert kind="error">{resend.error.message}</Alert> : null}
      </div>
    </>
  );
}

export function VerifyEmailPage() {
  const [params] = useSearchParams();
  const token = params.get('token');
  const { user } = useStore();
  const account = trpc.account.get.useQuery(undefined, { enabled: Boolean(user) && !token });

  let body: ReactNode;
  if (token) body = <LinkVerification token={token} />;
  else if (!user) {
    body = (
      <p>
        <Link to="/login?next=/verify-email">Log in</Link> to enter your code, or open the link from the email.
      </p>
    );
  } else if (account.isPending) body = <p aria-busy="true">Loading…</p>;
  else if (account.isError) body = <Alert kind="error">{account.error.message}</Alert>;
  else if (account.data.pendingEmail || !account.data.emailVerified) {
    body = <CodeForm email={account.data.pendingEmail ?? account.data.email} />;
  } else {
    body = (
      <Alert kind="success">
        Your email address {account.data.email} is confirmed. <Link to="/">Continue to the shop</Link>
      </Alert>
    );
  }
  return (
    <section className="auth-card" aria-labelledby="verify-title">
      <h1 id="verify-title">Confirm your email</h1>
      {body}
    </section>
  );
}
