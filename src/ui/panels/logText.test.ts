import { describe, expect, it } from 'vitest';
import { translate } from '../../i18n';
import type { LogEntry } from '../../state';
import { lineText } from './logText';

const drop = (after?: 'answered' | 'timeout'): LogEntry => ({
  id: 1,
  t: 50,
  kind: 'dropped',
  tone: 'warn',
  actor: 'orders#2',
  params: after ? { id: 'abc123', after } : { id: 'abc123' },
  reason: 'late-reply',
});

describe('event log wording of a dropped reply', () => {
  const en = (e: LogEntry) => lineText((k, p) => translate('en', k, p), e, undefined);
  const pt = (e: LogEntry) => lineText((k, p) => translate('pt-BR', k, p), e, undefined);

  it('a duplicate reply (an earlier one answered the call) is not "the client gave up"', () => {
    expect(en(drop('answered'))).toContain('duplicate reply: an earlier reply already answered');
    expect(pt(drop('answered'))).toContain('resposta duplicada');
  });

  it('a reply after the timeout says the call had timed out', () => {
    expect(en(drop('timeout'))).toContain('after the call had timed out');
    expect(pt(drop('timeout'))).toContain('já tinha dado timeout');
  });
});
