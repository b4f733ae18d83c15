// The "we'll be right back" state: while the shop or its database is unavailable, a banner over
// every page says so and checks /readyz by itself (1 s doubling to 15 s); once the shop answers,
// the banner goes and whatever failed meanwhile loads again. Pages stay mounted, so forms keep
// what was typed.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { outage, useOutage } from '../lib/trpc-outage.ts';

const FIRST_CHECK_MS = 1_000;
const MAX_CHECK_MS = 15_000;

async function shopAnswers(): Promise<boolean> {
  try {
    return (await fetch('/readyz', { cache: 'no-store' })).ok;
  } catch {
    return false;
  }
}

export function OutageBanner() {
  const down = useOutage();
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!down) return;
    let delay = FIRST_CHECK_MS;
    let timer: ReturnType<typeof setTimeout>;
    let stopped = false;
    const check = async () => {
      if (await shopAnswers()) {
        outage.markUp();
        // Failed queries, and those waiting for their next retry, load now rather than on their own schedule.
        await queryClient.refetchQueries({
          predicate: (query) => query.state.status === 'error' || query.state.fetchFailureCount > 0,
        });
        return;
      }
      if (stopped) return;
      delay = Math.min(delay * 2, MAX_CHECK_MS);
      timer = setTimeout(check, delay);
    };
    timer = setTimeout(check, delay);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [down, queryClient]);

  if (!down) return null;
  return (
    <div className="outage-banner" role="status">
      {navigator.onLine ? (
        <>
          <strong>We’ll be right back.</strong> The shop is not answering for a moment.
        </>
      ) : (
        <>
          <strong>You are offline.</strong> The shop cannot be reached from this device.
        </>
      )}{' '}
      We keep checking and carry on by ourselves; what you typed stays where it is.
    </div>
  );
}
