// The password strength hint of the forms that choose a password (sign-up, reset, profile, new employee).
import { loadPasswordStrength, PASSWORD_MIN } from '@damso/validators';
import { useEffect, useState } from 'react';

type RatePassword = Awaited<ReturnType<typeof loadPasswordStrength>>['ratePassword'];

/**
 * zxcvbn's verdict as the password is typed. Its dictionaries (about 850 KB) load with the first
 * character typed, not with the form: someone who opens the page and leaves never downloads them.
 */
export function StrengthHint({ password }: { password: string }) {
  const [rate, setRate] = useState<RatePassword | null>(null);
  const typing = password !== '';
  useEffect(() => {
    if (!typing || rate) return;
    let live = true;
    loadPasswordStrength()
      .then((m) => live && setRate(() => m.ratePassword))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [typing, rate]);
  if (!password) return <span>At least 10 characters. A few unrelated words make a strong password.</span>;
  const rating =
    password.length < PASSWORD_MIN
      ? { score: 0, label: 'Too short' }
      : rate
        ? rate(password)
        : { score: 0, label: '…' };
  return (
    <span className="strength">
      <span className={`strength__bar strength__bar--${rating.score}`} aria-hidden="true">
        <span />
      </span>
      <span>Strength: {rating.label}</span>
    </span>
  );
}
