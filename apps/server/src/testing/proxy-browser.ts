// Test helpers for app processes behind a proxy (the read replica tests): a cookie-keeping browser
// that spreads its requests over the processes, and the readiness and metrics a load balancer reads.

export interface Answer<T> {
  status: number;
  data: T;
  message: string | undefined;
  setCookies: string[];
}

/**
 * A browser behind a proxy in front of several app processes: it keeps its cookies, and each request
 * goes to the next process in turn unless `on` names one.
 */
export function proxyBrowser(bases: () => readonly string[], cookie?: string) {
  const jar = new Map<string, string>();
  if (cookie) jar.set('damso_session', cookie);
  let turn = 0;
  async function send<T>(url: string, init: RequestInit = {}): Promise<Answer<T>> {
    const headers = new Headers(init.headers);
    if (jar.size) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers });
    const setCookies = res.headers.getSetCookie();
    for (const header of setCookies) {
      const [pair = ''] = header.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (/Max-Age=0/.test(header)) jar.delete(name);
      else jar.set(name, value);
    }
    const text = await res.text();
    const body = text.startsWith('{') ? JSON.parse(text) : {};
    return { status: res.status, data: body.result?.data?.json, message: body.error?.json?.message, setCookies };
  }
  const next = (on?: number) => {
    const all = bases();
    return all[on ?? turn++ % all.length] as string;
  };
  return {
    jar,
    query: <T>(procedure: string, input?: unknown, on?: number) =>
      send<T>(
        `${next(on)}/trpc/${procedure}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`}`,
      ),
    mutate: <T>(procedure: string, input: unknown, on?: number) => {
      const base = next(on);
      return send<T>(`${base}/trpc/${procedure}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: base },
        body: JSON.stringify({ json: input }),
      });
    },
    post: (route: string, body: FormData, on?: number) => {
      const base = next(on);
      return send<unknown>(`${base}${route}`, { method: 'POST', body, headers: { origin: base } });
    },
  };
}

/** /readyz of one process: its HTTP status and what it reports. */
export async function readinessOf(base: string) {
  const res = await fetch(`${base}/readyz`);
  return {
    http: res.status,
    ...((await res.json()) as {
      status: string;
      replica?: { state: string; lagSeconds: number | null; servingReads: boolean };
    }),
  };
}

/** One gauge or counter from /metrics of one process. */
export async function metricOf(base: string, name: string, token: string) {
  const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  const line = (await res.text()).split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ')[1]);
}
