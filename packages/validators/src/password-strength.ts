// How guessable a password is, by zxcvbn (dictionaries of common passwords, names and words, keyboard
// patterns, repeats, sequences, dates, l33t). Its dictionaries weigh about 1.5 MB, so this module is
// only ever loaded with a dynamic import (see `loadPasswordStrength` in auth.ts): the web app fetches it
// on the forms that set a password, never with the shop's first page.
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as englishDictionary, translations } from '@zxcvbn-ts/language-en';

/** zxcvbn's 0–4 score a new password needs: 3 is "safely unguessable: moderate protection offline". */
export const MIN_PASSWORD_SCORE = 3;

const LABELS = ['Too weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;

let factory: ZxcvbnFactory | null = null;
function zxcvbn(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...commonDictionary, ...englishDictionary },
    graphs: adjacencyGraphs,
    translations,
  });
  return factory;
}

export interface PasswordRating {
  score: 0 | 1 | 2 | 3 | 4;
  label: string;
  /** Why the password is refused and what to do instead; null when it is strong enough. */
  problem: string | null;
}

export function ratePassword(password: string): PasswordRating {
  const result = zxcvbn().check(password);
  const score = result.score as PasswordRating['score'];
  let problem: string | null = null;
  if (score < MIN_PASSWORD_SCORE) {
    const why = result.feedback.warning ? ` ${result.feedback.warning}` : '';
    const hint = result.feedback.suggestions[0] ?? 'Add another word or two that are less common.';
    problem = `This password is too easy to guess.${why} ${hint}`;
  }
  return { score, label: LABELS[score], problem };
}
