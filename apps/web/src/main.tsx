// The shared stylesheets first, tokens before all (each area's own come with its pages, after these).
import './styles/tokens.css';
import './styles/app.css';
import './styles/header.css';
import './styles/forms.css';
import './styles/lists.css';
import { QueryClientProvider } from '@tanstack/react-query';
import { createTRPCQueryUtils } from '@trpc/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, useRoutes } from 'react-router';
import { ConfirmProvider } from './components/confirm-dialog.tsx';
import { OutageBanner } from './components/outage-banner.tsx';
import { PageBoundary } from './components/page-boundary.tsx';
import { Toaster } from './components/toaster.tsx';
import { prepareMoneyFormat } from './lib/format.ts';
import { startLanding } from './lib/lazy-route.tsx';
import { DocumentTitle } from './lib/page-title.tsx';
import { BootstrapProvider } from './lib/session.tsx';
import { trpc } from './lib/trpc.ts';
import { createQueryClient, createTrpcClient } from './lib/trpc-client.ts';
import { routes } from './routes.tsx';

/** After the load event; the browser tests wait for the worker with a ceiling well above it. */
const SERVICE_WORKER_DELAY_MS = 5_000;

const queryClient = createQueryClient();
const trpcClient = createTrpcClient();

function Pages() {
  return <DocumentTitle routes={routes}>{useRoutes(routes)}</DocumentTitle>;
}

function App() {
  return (
    <trpc.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <OutageBanner />
        <BootstrapProvider>
          <BrowserRouter>
            <ConfirmProvider>
              <PageBoundary>
                <Pages />
              </PageBoundary>
              <Toaster />
            </ConfirmProvider>
          </BrowserRouter>
        </BootstrapProvider>
      </QueryClientProvider>
    </trpc.Provider>
  );
}

// Before the first render: the shop's settings, and the landing page's code and data, all at once.
const utils = createTRPCQueryUtils({ queryClient, client: trpcClient });
void utils.system.bootstrap.prefetch();
startLanding(routes, window.location, utils, queryClient);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
// While the first answers are on their way, rather than in the render that shows the prices.
setTimeout(prepareMoneyFormat, 0);
// The installable app's worker (src/pwa/sw.js), once the first visit has settled: it serves only later
// visits, and installing it during the first load (its shell downloads, its start-up) cost a phone's
// first screen about 200 ms of blocked main thread in Lighthouse.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  addEventListener('load', () =>
    setTimeout(() => navigator.serviceWorker.register('/sw.js').catch(() => {}), SERVICE_WORKER_DELAY_MS),
  );
}
