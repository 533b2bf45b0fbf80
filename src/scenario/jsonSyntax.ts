/**
 * Where is the JSON syntax error? `JSON.parse` messages differ by engine (V8 gives a position only
 * sometimes, Firefox a line and column, Safari neither), so this small scanner walks the JSON
 * grammar and reports the first offending offset with a plain-words reason. It is only run after
 * `JSON.parse` failed, so it need not be fast, only iterative (no recursion: deep nesting is fine).
 */

export interface JsonSyntaxError {
  offset: number;
  line: number;
  column: number;
  reason: string;
}

const WS = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// JSON forbids raw control characters (U+0000–U+001F) in strings.
// eslint-disable-next-line no-control-regex
const STRING_CHAR = /(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*/y;

function show(ch: string | undefined): string {
  return ch === undefined ? 'the end of the text' : `character ${JSON.stringify(ch)}`;
}

/** Scans `text`; returns the first syntax error, or null if the text is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  let i = 0;
  // A stack of open containers: '{' or '['.
  const stack: string[] = [];
  const skipWs = () => {
    while (i < text.length && WS.has(text[i]!)) i++;
  };
  const fail = (reason: string): JsonSyntaxError => {
    const before = text.slice(0, i);
    const line = before.split('\n').length;
    return { offset: i, line, column: i - before.lastIndexOf('\n'), reason };
  };
  const unexpected = (expected: string) => fail(`expected ${expected}, found ${show(text[i])}`);

  const scanString = (): JsonSyntaxError | null => {
    i++; // opening quote
    STRING_CHAR.lastIndex = i;
    STRING_CHAR.exec(text);
    i = STRING_CHAR.lastIndex;
    if (text[i] === '"') {
      i++;
      return null;
    }
    if (i >= text.length) return fail('unterminated string (missing closing ")');
    if (text[i] === '\\') return fail('invalid escape in string');
    return fail('line break or control character inside a string');
  };

  /** One value; containers push onto the stack and return. */
  const scanValue = (): JsonSyntaxError | null => {
    skipWs();
    const ch = text[i];
    if (ch === '{' || ch === '[') {
      stack.push(ch);
      i++;
      return null;
    }
    if (ch === '"') return scanString();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return null;
      }
    }
    NUMBER.lastIndex = i;
    if (ch !== undefined && /[-0-9]/.test(ch) && NUMBER.exec(text)) {
      i = NUMBER.lastIndex;
      return null;
    }
    if (ch === "'") return fail('strings need double quotes ("), not single quotes (\')');
    return unexpected('a value (object, list, string, number, true, false or null)');
  };

  // `state` says what may come next inside the innermost container.
  let state: 'value' | 'afterValue' | 'key' | 'firstKey' | 'firstValue' = 'value';
  for (;;) {
    skipWs();
    const top = stack[stack.length - 1];
    if (state === 'value' || state === 'firstValue') {
      if (state === 'firstValue' && text[i] === ']') {
        stack.pop();
        i++;
        state = 'afterValue';
        continue;
      }
      const before = stack.length;
      const e = scanValue();
      if (e) return e;
      if (stack.length > before)
        state = stack[stack.length - 1] === '{' ? 'firstKey' : 'firstValue';
      else state = 'afterValue';
      continue;
    }
    if (state === 'key' || state === 'firstKey') {
      if (text[i] === '}') {
        if (state === 'key') return fail('trailing comma before "}"');
        stack.pop();
        i++;
        state = 'afterValue';
        continue;
      }
      if (text[i] !== '"') {
        if (text[i] === "'") return fail('keys need double quotes ("), not single quotes (\')');
        return unexpected('a key in double quotes');
      }
      const e = scanString();
      if (e) return e;
      skipWs();
      if (text[i] !== ':') return unexpected('":" after the key');
      i++;
      state = 'value';
      continue;
    }
    // afterValue
    if (top === undefined) {
      if (i < text.length)
        return fail(`unexpected ${show(text[i])} after the end of the JSON value`);
      return null;
    }
    const close = top === '{' ? '}' : ']';
    if (text[i] === ',') {
      i++;
      skipWs();
      if (top === '[' && text[i] === ']') return fail('trailing comma before "]"');
      state = top === '{' ? 'key' : 'value';
      continue;
    }
    if (text[i] === close) {
      stack.pop();
      i++;
      continue;
    }
    if (i >= text.length) return fail(`unexpected end of the text: missing "${close}"`);
    return unexpected(`"," or "${close}"`);
  }
}
