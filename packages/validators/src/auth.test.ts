// The account schemas the sign-up and profile forms share with the API.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { changePasswordInput, emailField, loadPasswordStrength, signUpInput, toE164 } from './auth.ts';

const messages = (result: { success: boolean; error?: z.ZodError }): Record<string, string[] | undefined> =>
  result.error ? z.flattenError(result.error).fieldErrors : {};

describe('phone numbers', () => {
  it('stores numbers typed in national or international form as E.164', async () => {
    expect(toE164('06 12 34 56 78', 'FR')).toBe('+33612345678');
    expect(toE164('(201) 555-0123', 'US')).toBe('+12015550123');
    expect(toE164('+44 20 7183 8750', 'FR')).toBe('+442071838750');
    expect(toE164('030 901820', 'DE')).toBe('+4930901820');
  });

  it('refuses impossible numbers and unknown countries', async () => {
    expect(toE164('12', 'FR')).toBeNull();
    expect(toE164('06 12 34 56 78 99 99', 'FR')).toBeNull();
    expect(toE164('not a number', 'US')).toBeNull();
    expect(toE164('0612345678', 'XX')).toBeNull();
  });
});

describe('sign-up schema', () => {
  const good = {
    fullName: '  Lina Lopez ',
    email: ' Lina@Example.COM ',
    phoneCountry: 'ES',
    phone: '612 34 56 78',
    password: 'Sunny-Olive-Grove-3',
  };

  it('accepts a good form and normalises name and email', async () => {
    const parsed = await signUpInput.parseAsync(good);
    expect(parsed.email).toBe('lina@example.com');
    expect(parsed.fullName).toBe('Lina Lopez');
  });

  it('names every bad field at once', async () => {
    const result = await signUpInput.safeParseAsync({
      fullName: 'L',
      email: 'lina@',
      phoneCountry: 'ES',
      phone: '1',
      password: '1234567890',
    });
    expect(messages(result)).toEqual({
      fullName: ['Enter your full name (at least 2 characters)'],
      email: ['Enter a valid email address, like name@example.com'],
      phone: ['This is not a valid phone number for the chosen country'],
      password: [expect.stringMatching(/^This password is too easy to guess\./)],
    });
  });

  it('bounds oversized and wrongly typed input', async () => {
    const result = await signUpInput.safeParseAsync({
      fullName: 'x'.repeat(101),
      email: `${'a'.repeat(250)}@example.com`,
      phoneCountry: 7,
      phone: '1'.repeat(31),
      password: 'p'.repeat(129),
    });
    expect(Object.keys(messages(result)).sort()).toEqual(['email', 'fullName', 'password', 'phone', 'phoneCountry']);
  });

  it('refuses guessable passwords whatever their case, and short ones, saying why at the field', async () => {
    expect(messages(await signUpInput.safeParseAsync({ ...good, password: 'QwertyUIOP' })).password).toHaveLength(1);
    expect(messages(await signUpInput.safeParseAsync({ ...good, password: 'Password123!' })).password).toEqual([
      'This password is too easy to guess. This is similar to a commonly used password. Add more words that are less common.',
    ]);
    expect(messages(await signUpInput.safeParseAsync({ ...good, password: 'aaaaaaaaaa' })).password).toEqual([
      expect.stringMatching(/^This password is too easy to guess\. Repeated characters like "aaa" are easy to guess\./),
    ]);
    expect(messages(await signUpInput.safeParseAsync({ ...good, password: 'Short-1' })).password).toEqual([
      'Use at least 10 characters',
    ]);
  });
});

describe('other schemas', () => {
  it('needs the new password twice, and different from the current one', async () => {
    const result = await changePasswordInput.safeParseAsync({
      currentPassword: 'Old-Password-11',
      newPassword: 'Old-Password-11',
      confirm: 'x',
    });
    expect(messages(result)).toEqual({
      confirm: ['The two passwords differ'],
      newPassword: ['Choose a password different from the current one'],
    });
  });

  it('gives a strength hint that grows with length and variety', async () => {
    const { ratePassword } = await loadPasswordStrength();
    expect(ratePassword('password123')).toMatchObject({ score: 0, label: 'Too weak' });
    expect(ratePassword('abcdefghij').score).toBeLessThan(ratePassword('Quiet-Orchard-55-Lamp').score);
    expect(ratePassword('Quiet-Orchard-55-Lamp')).toEqual({ score: 4, label: 'Very strong', problem: null });
  });

  it('reads an email the way people type it', async () => {
    expect(emailField.parse('  ME@Example.Org\t')).toBe('me@example.org');
    expect(emailField.safeParse('').error?.issues[0]?.message).toBe('Enter your email address');
  });
});
