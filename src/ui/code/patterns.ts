/**
 * Which message pattern the learner is looking at, and the newest message of a pattern, read
 * from the event log (newest first): the code panel needs no extra state from the worker.
 */
import type { LogEntry } from '../../state';

/** Lines that name the pattern as sent or handled (`delivered` may carry a "(redelivered)" tag). */
const PATTERN_KINDS: ReadonlySet<LogEntry['kind']> = new Set([
  'send',
  'emit',
  'handledRequest',
  'handledEvent',
  'handlerFailed',
]);

const patternOf = (e: LogEntry): string | null =>
  PATTERN_KINDS.has(e.kind) && typeof e.params.pattern === 'string' ? e.params.pattern : null;

/**
 * The pattern of the inspected message, else of the selected chain (a request id selects the
 * whole chain: its `send`/`emit` line names the pattern). `null` when nothing is selected.
 */
export function selectedPattern(
  log: readonly LogEntry[],
  selected: string | null,
  inspectedMsg: string | null,
): string | null {
  if (inspectedMsg) {
    for (const e of log) if (e.msg === inspectedMsg && patternOf(e)) return patternOf(e);
  }
  if (selected) {
    for (const e of log) if (e.select === selected && patternOf(e)) return patternOf(e);
  }
  return null;
}

/** The newest send/emit of `pattern` in the log: what clicking its line in the code selects. */
export function latestMessage(
  log: readonly LogEntry[],
  pattern: string,
): { select: string; msg: string } | null {
  for (const e of log)
    if ((e.kind === 'send' || e.kind === 'emit') && e.params.pattern === pattern && e.select)
      return { select: e.select, msg: e.msg ?? e.select };
  return null;
}
