/**
 * A service's calls to other services (handler `calls`): the list, each switchable between
 * `send` (the handler awaits the reply) and `emit` (fire and forget) or removable, and a form to
 * add one. A drag from the service's right handle to another service adds one too (app/editor).
 */
import { useState, type FormEvent } from 'react';
import {
  callsOf,
  handlersOf,
  servicesOf,
  type Edit,
  type Json,
  type ScenarioDoc,
} from '../../editor/edits';
import { Button } from '../primitives/Button';
import { useT } from '../useT';

const MODES = ['send', 'emit'] as const;

export function CallsEditor({
  doc,
  service,
  edit,
}: {
  doc: ScenarioDoc;
  service: Json;
  edit: (e: Edit) => Promise<boolean>;
}) {
  const t = useT();
  const id = String(service.id);
  const handlers = handlersOf(service);
  const others = servicesOf(doc)
    .map((s) => String(s.id))
    .filter((s) => s !== id);
  const [handler, setHandler] = useState(0);
  const [mode, setMode] = useState<'send' | 'emit'>('send');
  const [pattern, setPattern] = useState('');
  const [target, setTarget] = useState('');
  const to = others.includes(target) ? target : (others[0] ?? '');
  const from = handler < handlers.length ? handler : 0;

  const add = (e: FormEvent) => {
    e.preventDefault();
    if (!pattern.trim() || !to || handlers.length === 0) return;
    void edit({
      op: 'addCall',
      service: id,
      handler: from,
      call: { mode, pattern: pattern.trim(), to },
    }).then((ok) => ok && setPattern(''));
  };

  /** The target's handler patterns (the current one first if it has no handler: a warning). */
  const patternsOf = (target: unknown, current: string): string[] => {
    const svc = servicesOf(doc).find((s) => s.id === target);
    const own = handlersOf(svc).map((h) => String(h.pattern));
    return [...new Set([current, ...own])];
  };
  const rows = handlers.flatMap((h, hi) =>
    callsOf(h).map((c, ci) => ({ h: String(h.pattern), hi, c, ci })),
  );
  return (
    <>
      <h4>{t('editor.calls')}</h4>
      {rows.length === 0 ? (
        <p className="editor-hint">{t('editor.noCalls')}</p>
      ) : (
        <ul className="editor-list">
          {rows.map(({ h, hi, c, ci }) => {
            const callMode = c.send !== undefined ? 'send' : 'emit';
            const p = String(c.send ?? c.emit);
            return (
              <li key={`${hi}:${ci}`} data-id="editor-call" data-to={String(c.to)} data-pattern={p}>
                <span className="editor-item">
                  <code>{h}</code> →{' '}
                  <select
                    data-id="editor-call-mode"
                    aria-label={t('editor.callMode', { pattern: p })}
                    value={callMode}
                    onChange={(e) =>
                      void edit({
                        op: 'setCallMode',
                        service: id,
                        handler: hi,
                        index: ci,
                        mode: e.target.value as 'send' | 'emit',
                      })
                    }
                  >
                    {MODES.map((m) => (
                      <option key={m} value={m}>
                        {m}
                      </option>
                    ))}
                  </select>{' '}
                  <select
                    data-id="editor-call-pattern-of"
                    aria-label={t('editor.callPattern', { to: String(c.to) })}
                    value={p}
                    onChange={(e) =>
                      void edit({
                        op: 'setCallPattern',
                        service: id,
                        handler: hi,
                        index: ci,
                        pattern: e.target.value,
                      })
                    }
                  >
                    {patternsOf(c.to, p).map((x) => (
                      <option key={x} value={x}>
                        {x}
                      </option>
                    ))}
                  </select>{' '}
                  → {String(c.to)}
                </span>
                <Button
                  variant="ghost"
                  aria-label={t('editor.removeCall', { pattern: p, to: String(c.to) })}
                  onClick={() =>
                    void edit({ op: 'removeCall', service: id, handler: hi, index: ci })
                  }
                >
                  ✕
                </Button>
              </li>
            );
          })}
        </ul>
      )}
      {handlers.length > 0 && others.length > 0 && (
        <form className="editor-grid" onSubmit={add}>
          <select
            data-id="editor-call-handler"
            aria-label={t('editor.callFrom')}
            value={from}
            onChange={(e) => setHandler(Number(e.target.value))}
          >
            {handlers.map((h, i) => (
              <option key={i} value={i}>
                {String(h.pattern)}
              </option>
            ))}
          </select>
          <select
            data-id="editor-call-new-mode"
            aria-label={t('editor.mode')}
            value={mode}
            onChange={(e) => setMode(e.target.value as 'send' | 'emit')}
          >
            {MODES.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
          <input
            data-id="editor-call-pattern"
            aria-label={t('editor.pattern')}
            placeholder={t('editor.pattern')}
            value={pattern}
            onChange={(e) => setPattern(e.target.value)}
          />
          <select
            data-id="editor-call-target"
            aria-label={t('editor.target')}
            value={to}
            onChange={(e) => setTarget(e.target.value)}
          >
            {others.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <Button type="submit" data-id="editor-add-call">
            {t('editor.addCall')}
          </Button>
        </form>
      )}
    </>
  );
}
