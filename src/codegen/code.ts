/**
 * A tiny source builder that remembers which lines send or handle a message pattern, so the code
 * panel can highlight "the line that sent this message" without re-parsing the generated text.
 */
import type { CodeFile } from './types';

export class Code {
  private readonly out: string[] = [];
  private readonly marks = new Map<string, number[]>();
  private depth = 0;

  constructor(private readonly path: string) {}

  /** One line at the current indentation; `mark` tags it with a message pattern. */
  line(text = '', mark?: string): this {
    this.out.push(text === '' ? '' : '  '.repeat(this.depth) + text);
    if (mark !== undefined) {
      const at = this.marks.get(mark) ?? [];
      at.push(this.out.length);
      this.marks.set(mark, at);
    }
    return this;
  }

  /** Several lines (a comment block, say), each at the current indentation. */
  lines(texts: readonly string[]): this {
    for (const t of texts) this.line(t);
    return this;
  }

  /** `open` and `close` around an indented body. */
  block(open: string, body: () => void, close = '}', mark?: string): this {
    this.line(open, mark);
    this.depth++;
    body();
    this.depth--;
    return this.line(close);
  }

  /** Runs `body` one level deeper (for the lines after a `} catch (e) {`). */
  depthIn(body: () => void): this {
    this.depth++;
    body();
    this.depth--;
    return this;
  }

  /** `// text` lines (long texts are wrapped at ~96 columns). */
  comment(text: string): this {
    for (const l of wrap(text, 96 - 2 * this.depth)) this.line(`// ${l}`);
    return this;
  }

  /** Lines put before everything written so far (imports known only at the end); marks follow. */
  prepend(texts: readonly string[]): this {
    this.out.unshift(...texts);
    for (const at of this.marks.values())
      for (let i = 0; i < at.length; i++) at[i]! += texts.length;
    return this;
  }

  file(): CodeFile {
    const contents = `${this.out.join('\n')}\n`;
    if (this.marks.size === 0) return { path: this.path, contents };
    return { path: this.path, contents, lines: Object.fromEntries(this.marks) };
  }
}

/** Greedy word wrap (a word longer than the width stays whole). */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (cur !== '' && cur.length + 1 + word.length > width) {
      out.push(cur);
      cur = word;
    } else cur = cur === '' ? word : `${cur} ${word}`;
  }
  if (cur !== '') out.push(cur);
  return out;
}

/** A TypeScript/JSON string literal in single quotes. */
export const q = (s: string): string =>
  `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;

/** A plain value as a TypeScript literal (JSON, with single-quoted strings and bare keys). */
export function literal(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return q(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([, v]) => v !== undefined,
    );
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : q(k)}: ${literal(v)}`).join(', ')} }`;
  }
  return JSON.stringify(value);
}
