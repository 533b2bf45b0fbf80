/** `--format table`: the report for a terminal, one line per check. */
import type { Report } from './run';

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

export function formatTable(r: Report): string {
  const lines = [`${r.scenario} on ${r.transport}: ${r.ok ? 'OK' : 'MISMATCH'}`];
  for (const c of r.checks) {
    lines.push(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.what}`);
    lines.push(`         real ${show(c.real)}`);
    lines.push(`         sim  ${show(c.sim)}`);
  }
  return `${lines.join('\n')}\n`;
}
