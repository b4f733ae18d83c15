// CPU time per request, read from /proc: latency on a shared 2-core machine moves with whatever else
// runs, while the CPU a request costs the server and the database stays put, so a change can be judged
// on a busy machine too. Linux only; elsewhere (or for a database on another host) it is left out.
import { readFileSync } from 'node:fs';
import type { Database } from '@damso/db';
import { sql } from 'kysely';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

export function processCpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces: the fields count from after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : null;
  } catch {
    return null;
  }
}

/** The database server's process id when it runs on this machine (its pid file is readable). */
export async function databasePid(db: Database): Promise<number | undefined> {
  try {
    const { rows } = await sql<{ f: string }>`SELECT @@pid_file AS f`.execute(db);
    const pid = Number(readFileSync(rows[0]?.f ?? '', 'utf8').trim());
    return processCpuMs(pid) === null ? undefined : pid;
  } catch {
    return undefined;
  }
}

export interface CpuCost {
  /** Milliseconds of CPU per measured request (its round's other steps included), in the HTTP server. */
  serverMs: number | null;
  databaseMs: number | null;
}

/** Runs `work` and divides the CPU the two processes used meanwhile by the requests it reports. */
export async function withCpuCost<T extends { requests: number }>(
  pids: { server: number | undefined; database: number | undefined },
  work: () => Promise<T>,
): Promise<T & { cpu: CpuCost }> {
  const before = { server: processCpuMs(pids.server), database: processCpuMs(pids.database) };
  const result = await work();
  const per = (start: number | null, end: number | null) =>
    start === null || end === null || result.requests === 0 ? null : (end - start) / result.requests;
  return {
    ...result,
    cpu: {
      serverMs: per(before.server, processCpuMs(pids.server)),
      databaseMs: per(before.database, processCpuMs(pids.database)),
    },
  };
}
