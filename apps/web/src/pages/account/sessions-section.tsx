// The signed-in user's live sessions: when each started and ends, which one is this device, and the two
// ways out: end the others (this one stays) or end them all. The list carries no session ids, so the
// page can only end "the others" or "all", never one by a handle a script could read.
import { useNavigate } from 'react-router';
import { useConfirm } from '../../components/confirm-dialog.tsx';
import { Alert } from '../../components/form/alert.tsx';
import { toast } from '../../components/toaster.tsx';
import { trpc } from '../../lib/trpc.ts';

export function SessionsSection() {
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const confirm = useConfirm();
  const sessions = trpc.account.sessions.useQuery();
  const others = trpc.account.logOutOthers.useMutation({
    onSuccess: async ({ ended }) => {
      await utils.account.sessions.invalidate();
      toast.success(ended === 1 ? 'Your other session is ended.' : `${ended} other sessions are ended.`);
    },
  });
  const everywhere = trpc.auth.logOutEverywhere.useMutation({
    onSuccess: async () => {
      await utils.invalidate();
      navigate('/login', { state: { notice: 'You are logged out on every device.' } });
    },
  });
  const list = sessions.data ?? [];
  const otherCount = list.filter((s) => !s.current).length;
  const failed = others.error ?? everywhere.error;

  const endOthers = async () => {
    const ok = await confirm({
      title: 'Log out everywhere else?',
      body: 'Every other device signed in to your account is signed out. This one stays signed in.',
      confirmLabel: 'Log out other devices',
      tone: 'danger',
    });
    if (ok) others.mutate();
  };

  return (
    <section className="account-section" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Sessions</h2>
      <p className="muted">A session lasts 24 hours. Lost a device? Log out everywhere else.</p>
      {sessions.isPending ? (
        <p aria-busy="true">Loading your sessions…</p>
      ) : sessions.isError ? (
        <Alert kind="error">{sessions.error.message}</Alert>
      ) : (
        <ul className="session-list" aria-label="Your active sessions">
          {list.map((s, i) => (
            // The list holds no ids on purpose; its order is fixed for one answer of the query.
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id to key by
            <li key={i}>
              <strong>{s.device}</strong>
              {s.current ? (
                <>
                  {' '}
                  <span className="session-list__current">This device</span>
                </>
              ) : null}
              <div className="muted">
                Signed in {s.createdAt.toLocaleString()}
                {s.ip ? ` from ${s.ip}` : ''} · ends {s.expiresAt.toLocaleString()}
              </div>
            </li>
          ))}
        </ul>
      )}
      {failed ? <Alert kind="error">{failed.message}</Alert> : null}
      <div className="session-actions">
        <button
          type="button"
          className="button button--ghost"
          onClick={endOthers}
          disabled={others.isPending || otherCount === 0}
        >
          Log out everywhere else
        </button>
        <button type="button" className="button button--ghost" onClick={() => everywhere.mutate()}>
          Log out everywhere
        </button>
      </div>
    </section>
  );
}
