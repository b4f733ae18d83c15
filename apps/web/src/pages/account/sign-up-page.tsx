import { emailField, type SignUpInput, signUpInput } from '@damso/validators';
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useNavigate } from 'react-router';
import { Field, FormError, SubmitButton } from '../../components/form/form-kit.tsx';
import { DEFAULT_COUNTRY, PhoneFields } from '../../components/form/phone-fields.tsx';
import { StrengthHint } from '../../components/form/strength-hint.tsx';
import { submitForm } from '../../components/form/submit.ts';
import { trpc } from '../../lib/trpc.ts';
import '../../styles/account.css';

/** Asks the server whether the typed email is free, once typing pauses. */
function useEmailTaken(email: string) {
  const utils = trpc.useUtils();
  const [taken, setTaken] = useState<string | null>(null);
  useEffect(() => {
    const parsed = emailField.safeParse(email);
    setTaken(null);
    if (!parsed.success) return;
    let live = true;
    const timer = setTimeout(() => {
      utils.auth.checkEmail
        .fetch({ email: parsed.data })
        .then((r) => {
          if (live && !r.available) setTaken(parsed.data);
        })
        // The check is a convenience: when it fails (offline, rate limit) the sign-up still decides.
        .catch(() => undefined);
    }, 400);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [email, utils]);
  return taken;
}

export function SignUpPage() {
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const form = useForm<SignUpInput>({
    resolver: zodResolver(signUpInput),
    mode: 'onChange',
    defaultValues: { fullName: '', email: '', phoneCountry: DEFAULT_COUNTRY, phone: '', password: '' },
  });
  const { register, formState, watch } = form;
  const taken = useEmailTaken(watch('email'));
  const signUp = trpc.auth.signUp.useMutation({
    onSuccess: async () => {
      await utils.system.bootstrap.invalidate();
      navigate('/verify-email');
    },
  });
  const emailError = formState.errors.email?.message ?? (taken ? 'This email is already registered.' : undefined);

  return (
    <section className="auth-card" aria-labelledby="signup-title">
      <h1 id="signup-title">Create your account</h1>
      <p className="muted">
        Already a client? <Link to="/login">Log in</Link>
      </p>
      <FormError form={form} />
      <form className="form" noValidate onSubmit={submitForm(form, (values) => signUp.mutateAsync(values))}>
        <Field
          label="Full name"
          autoComplete="name"
          error={formState.errors.fullName?.message}
          {...register('fullName')}
        />
        <Field
          label="Email"
          type="email"
          autoComplete="email"
          inputMode="email"
          error={emailError}
          hint={
            taken ? (
              <span>
                <Link to="/login">Log in</Link> or <Link to="/forgot-password">reset your password</Link>.
              </span>
            ) : (
              'We send a code to confirm it.'
            )
          }
          {...register('email')}
        />
        <PhoneFields form={form} />
        <Field
          label="Password"
          type="password"
          autoComplete="new-password"
          error={formState.errors.password?.message}
          after={<StrengthHint password={watch('password')} />}
          {...register('password')}
        />
        <SubmitButton busy={formState.isSubmitting} busyLabel="Creating your account…">
          Create account
        </SubmitButton>
      </form>
    </section>
  );
}
