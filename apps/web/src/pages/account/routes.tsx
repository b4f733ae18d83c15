// The account pages, loaded on demand, mounted inside the shop layout.
import type { RouteObject } from 'react-router';
import { lazyPage } from '../../lib/lazy-route.tsx';

export const accountRoutes: RouteObject[] = [
  { path: 'signup', ...lazyPage(() => import('./sign-up-page.tsx'), 'SignUpPage', { title: 'Sign up' }) },
  { path: 'login', ...lazyPage(() => import('./log-in-page.tsx'), 'LogInPage', { title: 'Log in' }) },
  {
    path: 'verify-email',
    ...lazyPage(() => import('./verify-email-page.tsx'), 'VerifyEmailPage', { title: 'Verify your email' }),
  },
  {
    path: 'forgot-password',
    ...lazyPage(() => import('./forgot-password-page.tsx'), 'ForgotPasswordPage', { title: 'Forgot password' }),
  },
  {
    path: 'reset-password',
    ...lazyPage(() => import('./reset-password-page.tsx'), 'ResetPasswordPage', { title: 'New password' }),
  },
  { path: 'account', ...lazyPage(() => import('./profile-page.tsx'), 'ProfilePage', { title: 'Your account' }) },
];
