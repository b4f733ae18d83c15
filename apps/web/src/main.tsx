import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { OutageBanner } from './components/outage-banner.tsx';
import { BootstrapProvider } from './lib/session.tsx';
import { trpc } from './lib/trpc.ts';
import { createQueryClient, createTrpcClient } from './lib/trpc-client.ts';
import { router } from './routes.tsx';
import './styles/app.css';

function App() {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(createTrpcClient);
  return (
    <trpc.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <OutageBanner />
        <BootstrapProvider>
          <RouterProvider router={router} />
        </BootstrapProvider>
      </QueryClientProvider>
    </trpc.Provider>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
