// The benchmark's output: a table for the terminal (and the same as Markdown for the README), the
// EXPLAIN warnings, and the JSON kept in bench-results/.
import type { CpuCost } from './cpu.ts';
import type { ExplainedQuery } from './explain.ts';
import type { PageReport } from './lighthouse.ts';
import type { Measurement } from './measure.ts';

export interface CaseResult {
  name: string;
  group: string;
  app: Measurement & { cpu?: CpuCost };
  bare: (Measurement & { cpu?: CpuCost }) | null;
  explain: ExplainedQuery[];
  /** The machine's 1-minute load average when the case started: figures from a busy machine say so. */
  loadAverage: number;
}

export interface BenchReport {
  date: string;
  machine: { cpus: number; loadAverage: number[]; node: string; database: string };
  settings: { connections: number; durationS: number; scaleDatabase: string; catalogCache: boolean };
  counts: Record<string, number>;
  cases: CaseResult[];
  lighthouse: PageReport[];
  /** Why Lighthouse gave no scores (the measurements above it are kept). */
  lighthouseError?: string;
  serverErrors: string[];
}

const ms = (v: number) => (Number.isNaN(v) ? '–' : v >= 100 ? v.toFixed(0) : v.toFixed(1));
const rate = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
const cpu = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v.toFixed(2));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function rows(report: BenchReport): string[][] {
  return report.cases.map((c) => [
    c.name,
    ms(c.app.p50),
    ms(c.app.p95),
    ms(c.app.p99),
    rate(c.app.perSecond),
    c.bare ? ms(c.bare.p50) : '–',
    c.bare ? ms(c.bare.p95) : '–',
    c.bare ? rate(c.bare.perSecond) : '–',
    c.bare && c.bare.perSecond > 0 ? `${(c.app.perSecond / c.bare.perSecond).toFixed(2)}×` : '–',
    cpu(c.app.cpu?.serverMs),
    cpu(c.app.cpu?.databaseMs),
    cpu(c.bare?.cpu?.serverMs),
    String(c.app.errors + (c.bare?.errors ?? 0)),
    String(new Set(c.explain.flatMap((e) => e.flags)).size),
    c.loadAverage.toFixed(1),
  ]);
}

const HEAD = [
  'request',
  'p50 ms',
  'p95 ms',
  'p99 ms',
  'req/s',
  'bare p50',
  'bare p95',
  'bare req/s',
  'app/bare',
  'cpu ms',
  'db cpu ms',
  'bare cpu ms',
  'errors',
  'flags',
  'load',
];

export function terminalTable(report: BenchReport): string {
  const all = [HEAD, ...rows(report)];
  const widths = HEAD.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  return [line(HEAD), widths.map((w) => '─'.repeat(w)).join('  '), ...rows(report).map(line)].join('\n');
}

export function markdownTable(report: BenchReport): string {
  const md = (r: string[]) => `| ${r.join(' | ')} |`;
  return [md(HEAD), md(HEAD.map(() => '---')), ...rows(report).map(md)].join('\n');
}

export function explainSummary(report: BenchReport): string {
  const out: string[] = [];
  for (const c of report.cases) {
    const flagged = c.explain.filter((e) => e.flags.length > 0);
    if (flagged.length === 0) continue;
    out.push(`${c.name}:`);
    for (const q of flagged) {
      out.push(`  ${q.sql.replace(/\s+/g, ' ').slice(0, 150)}${q.sql.length > 150 ? '…' : ''}`);
      for (const p of q.plan) {
        out.push(
          `    ${String(p.table).padEnd(10)} type=${String(p.type).padEnd(8)} key=${String(p.key).padEnd(28)} rows=${String(p.rows).padStart(9)} read=${p.readRows === null ? '–'.padStart(9) : String(Math.round(p.readRows)).padStart(9)}  ${p.extra}`,
        );
      }
      out.push(`    ⚠ ${q.flags.join('; ')}`);
    }
  }
  return out.length ? out.join('\n') : 'No full scans, filesorts or temporary tables over 1,000 rows.';
}

export function lighthouseTable(pages: PageReport[]): string {
  if (pages.length === 0) return '';
  const head = ['page', 'performance', 'LCP', 'TBT', 'scripts', 'JS gzip', 'JS on the wire'];
  const body = pages.map((p) => [
    p.page,
    p.score === null ? '–' : String(p.score),
    p.lcpMs === null ? '–' : `${(p.lcpMs / 1000).toFixed(1)} s`,
    p.tbtMs === null ? '–' : `${p.tbtMs.toFixed(0)} ms`,
    String(p.scripts),
    kb(p.jsGzipBytes),
    kb(p.jsTransferBytes),
  ]);
  const md = (r: string[]) => `| ${r.join(' | ')} |`;
  const notes = pages.flatMap((p) => p.notes.map((n) => `${p.page}: ${n}`));
  return [md(head), md(head.map(() => '---')), ...body.map(md), ...notes].join('\n');
}
