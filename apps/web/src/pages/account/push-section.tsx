// The opt-in for web push on this device: order updates and subscription reminders as system
// notifications. Shown only where the browser can receive pushes; the subscription belongs to this
// browser, so the switch says whether this device is on the list, not whether any device is.
import { useEffect, useState } from 'react';
import { Alert } from '../../components/form/alert.tsx';
import { Checkbox } from '../../components/form/form-kit.tsx';
import { toast } from '../../components/toaster.tsx';
import { trpc } from '../../lib/trpc.ts';

const supported = () =>
  typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

/** The VAPID public key (base64url) as the bytes PushManager.subscribe wants. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(base64url.length / 4) * 4, '=');
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

async function registration(): Promise<ServiceWorkerRegistration> {
  return (await navigator.serviceWorker.getRegistration()) ?? navigator.serviceWorker.register('/sw.js');
}

export function PushSection() {
  if (!supported()) return null;
  return <PushSwitch />;
}

function PushSwitch() {
  const utils = trpc.useUtils();
  // undefined until this browser's own subscription (if any) has been looked up.
  const [endpoint, setEndpoint] = useState<string | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const status = trpc.notifications.pushStatus.useQuery(endpoint ? { endpoint } : {}, {
    enabled: endpoint !== undefined,
  });
  const subscribe = trpc.notifications.subscribePush.useMutation();
  const unsubscribe = trpc.notifications.unsubscribePush.useMutation();

  useEffect(() => {
    let live = true;
    navigator.serviceWorker
      .getRegistration()
      .then((reg) => reg?.pushManager.getSubscription())
      .then((sub) => live && setEndpoint(sub?.endpoint ?? null))
      .catch(() => live && setEndpoint(null));
    return () => {
      live = false;
    };
  }, []);

  const blocked = Notification.permission === 'denied';
  const on = Boolean(status.data?.subscribed) && Notification.permission === 'granted';

  const turnOn = async (publicKey: string) => {
    if ((await Notification.requestPermission()) !== 'granted') {
      setProblem('Notifications are blocked for this site. Allow them in the browser’s site settings, then try again.');
      return;
    }
    const reg = await registration();
    const sub =
      (await reg.pushManager.getSubscription()) ??
      (await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }));
    const { endpoint: address, keys } = sub.toJSON();
    if (!address || !keys?.p256dh || !keys.auth) throw new Error('no subscription');
    await subscribe.mutateAsync({ endpoint: address, keys: { p256dh: keys.p256dh, auth: keys.auth } });
    setEndpoint(address);
    toast.success('Notifications are on for this device.');
  };

  const turnOff = async () => {
    const sub = await (await navigator.serviceWorker.getRegistration())?.pushManager.getSubscription();
    if (sub) {
      await unsubscribe.mutateAsync({ endpoint: sub.endpoint });
      await sub.unsubscribe();
    }
    setEndpoint(null);
    toast.success('Notifications are off for this device.');
  };

  const toggle = async (next: boolean) => {
    if (!status.data) return;
    setBusy(true);
    setProblem(null);
    try {
      await (next ? turnOn(status.data.publicKey) : turnOff());
    } catch {
      setProblem('This browser could not turn notifications on. Try again later or from another browser.');
    } finally {
      setBusy(false);
      await utils.notifications.pushStatus.invalidate();
    }
  };

  return (
    <section className="account-section" aria-labelledby="push-title">
      <h2 id="push-title">Notifications on this device</h2>
      <p className="muted">Order updates and subscription reminders, even when the shop is closed.</p>
      <Checkbox
        label="Send notifications to this device"
        role="switch"
        checked={on}
        aria-checked={on}
        disabled={busy || !status.data || blocked}
        onChange={(e) => void toggle(e.currentTarget.checked)}
      />
      {blocked ? (
        <Alert kind="info">Notifications are blocked for this site in the browser’s settings.</Alert>
      ) : problem ? (
        <Alert kind="error">{problem}</Alert>
      ) : null}
    </section>
  );
}
