// The account pages, loaded on demand, mounted inside the shop layout.
import type { RouteObject } from 'react-router';

export const accountRoutes: RouteObject[] = [
  { path: 'signup', lazy: async () => ({ Component: (await import('./sign-up-page.tsx')).SignUpPage }) },
  { path: 'login', lazy: async () => ({ Component: (await import('./log-in-page.tsx')).LogInPage }) },
  {
    path: 'verify-email',
    lazy: async () => ({ Component: (await import('./verify-email-page.tsx')).VerifyEmailPage }),
  },
  {
    path: 'forgot-password',
    lazy: async () => ({ Component: (await import('./forgot-password-page.tsx')).ForgotPasswordPage }),
  },
  {
    path: 'reset-password',
    lazy: async () => ({ Component: (await import('./reset-password-page.tsx')).ResetPasswordPage }),
  },
  { path: 'account', lazy: async () => ({ Component: (await import('./profile-page.tsx')).ProfilePage }) },
];
