// Load for one case: one autocannon instance per connection (each with its own session and requests,
// so every connection is its own client), all at once, for a duration or a number of requests.
// Latencies come from every response of the measured step, so p95 is exact (autocannon's own
// summary has no p95).
import autocannon from 'autocannon';
import type { HttpCall } from './cases.ts';

export interface LoadConnection {
  headers: Record<string, string>;
  /** False for background load: its responses are not measured. */
  timed?: boolean;
  /** The calls of the n-th round; the connection repeats rounds. */
  round: (n: number) => HttpCall[];
}

export interface Measurement {
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface LoadOptions {
  baseUrl: string;
  connections: LoadConnection[];
  measured: number;
  durationS: number;
  /** Rounds per connection instead of a duration (for requests that take seconds). */
  rounds?: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number;
}

export async function measure({
  baseUrl,
  connections,
  measured,
  durationS,
  rounds,
}: LoadOptions): Promise<Measurement> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  // Headers given per request replace autocannon's defaults, Host included (tRPC needs it).
  const host = new URL(baseUrl).host;
  await Promise.all(
    connections.map(async (connection) => {
      const length = connection.round(0).length;
      let round = 0;
      let current: HttpCall[] = [];
      let responses = 0;
      const requests = Array.from({ length }, (_, i) => ({
        setupRequest: () => {
          if (i === 0) current = connection.round(round++);
          const call = current[i] as HttpCall;
          return {
            method: call.method,
            path: call.path,
            headers: { host, ...connection.headers, ...(call.body ? { 'content-type': 'application/json' } : {}) },
            ...(call.body ? { body: call.body } : {}),
          };
        },
      }));
      const instance = autocannon({
        url: baseUrl,
        connections: 1,
        pipelining: 1,
        timeout: 300,
        requests,
        ...(rounds ? { amount: rounds * length } : { duration: durationS }),
      });
      instance.on('response', (_client, status, _bytes, ms) => {
        const step = responses % length;
        responses += 1;
        if (step !== measured || connection.timed === false) return;
        if (status >= 200 && status < 300) latencies.push(ms);
        else errors += 1;
      });
      const result = await instance;
      errors += result.errors;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
    max: latencies.at(-1) ?? Number.NaN,
  };
}
