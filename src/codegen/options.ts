/** Writes an options object (`options: { … }`) from option lines, comments above their line. */
import type { Code } from './code';
import type { OptionLine } from './transports';

export function writeOptions(
  c: Code,
  lines: readonly OptionLine[],
  open = 'options: {',
  close = '},',
) {
  if (lines.every((l) => l.code === '' && !l.comment)) {
    c.line(`${open}${close}`);
    return;
  }
  c.block(
    open,
    () => {
      for (const l of lines) {
        if (l.comment) c.comment(l.comment);
        if (l.code !== '') c.line(l.code.startsWith('//') ? l.code : `${l.code},`);
      }
    },
    close,
  );
}
