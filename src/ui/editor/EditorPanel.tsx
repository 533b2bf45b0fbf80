/**
 * The topology editor's side panel (Edit mode): services with their handlers, replicas and
 * transport, routes, policies, and the document's history and file actions. Every change is an
 * `Edit` handed to the app (`actions.edit`), which has the worker check it first: a refused edit
 * shows the worker's field-path messages here and changes nothing.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import { TRANSPORT_KINDS, type TransportKind } from '../../shared';
import {
  gatewayOf,
  HTTP_METHODS,
  routeKey,
  routesOf,
  serviceKind,
  servicesOf,
  type Edit,
  type HandlerKind,
  type HttpMethod,
  type Json,
  type PolicySpec,
  type ScenarioDoc,
} from '../../editor/edits';
import { editorStore } from '../../editor/store';
import { Button } from '../primitives/Button';
import { CallsEditor } from './CallsEditor';
import { useT } from '../useT';
import './editor.css';

export interface EditorActions {
  edit(edit: Edit): Promise<boolean>;
  undo(): void;
  redo(): void;
  newScenario(template: string | null): void;
  save(): void;
}

const KIND_NAMES: Record<TransportKind, string> = {
  redis: 'Redis',
  nats: 'NATS',
  rmq: 'RabbitMQ',
  mqtt: 'MQTT',
  kafka: 'Kafka',
  tcp: 'TCP',
  grpc: 'gRPC',
};
const HANDLER_KINDS: readonly HandlerKind[] = ['request', 'event', 'stream'];

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** An optional number field: empty means "not set". */
const num = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s));

function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

export function EditorPanel({
  actions,
  templates,
}: {
  actions: EditorActions;
  templates: readonly string[];
}) {
  const t = useT();
  const history = useStore(editorStore, (s) => s.history);
  const refused = useStore(editorStore, (s) => s.refused);
  const busy = useStore(editorStore, (s) => s.busy);
  const [template, setTemplate] = useState(templates[0] ?? '');

  // Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y); inside a text field they stay the field's own undo.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || typingIn(e.target)) return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) actions.undo();
      else if ((k === 'z' && e.shiftKey) || k === 'y') actions.redo();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions]);

  const doc = history?.present;
  return (
    <section className="panel editor-panel" data-id="editor-panel" aria-label={t('editor.title')}>
      <h2>{t('editor.title')}</h2>
      <div className="editor-bar">
        <Button
          data-id="editor-undo"
          title={t('editor.undoHint')}
          disabled={!history?.past.length || busy}
          onClick={actions.undo}
        >
          ↶ {t('editor.undo')}
        </Button>
        <Button
          data-id="editor-redo"
          title={t('editor.redoHint')}
          disabled={!history?.future.length || busy}
          onClick={actions.redo}
        >
          ↷ {t('editor.redo')}
        </Button>
        <Button data-id="editor-new" disabled={busy} onClick={() => actions.newScenario(null)}>
          {t('editor.newBlank')}
        </Button>
        <Button data-id="editor-save" disabled={!doc} onClick={actions.save}>
          {t('editor.save')}
        </Button>
      </div>
      <div className="editor-bar">
        <label className="field">
          <span>{t('editor.template')}</span>
          <select
            data-id="editor-template"
            value={template}
            onChange={(e) => setTemplate(e.target.value)}
          >
            {templates.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <Button
          data-id="editor-from-template"
          disabled={busy || !template}
          onClick={() => actions.newScenario(template)}
        >
          {t('editor.fromTemplate')}
        </Button>
      </div>
      {refused && (
        <div className="editor-refused" role="alert" data-id="editor-refused">
          <p>{t('editor.refused')}</p>
          <ul>
            {refused.map((i, k) => (
              <li key={k}>
                <code>{i.text}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {doc && <DocEditor doc={doc} edit={actions.edit} />}
    </section>
  );
}

function DocEditor({ doc, edit }: { doc: ScenarioDoc; edit: EditorActions['edit'] }) {
  const t = useT();
  const services = servicesOf(doc);
  const [newId, setNewId] = useState('');
  const add = (e: FormEvent) => {
    e.preventDefault();
    const id = newId.trim();
    if (id) void edit({ op: 'addService', id }).then((ok) => ok && setNewId(''));
  };
  return (
    <>
      <p className="editor-hint">{t('editor.connectHint')}</p>
      <h3>{t('editor.services')}</h3>
      {services.map((s) => (
        <ServiceCard key={String(s.id)} doc={doc} service={s} edit={edit} />
      ))}
      <form className="editor-row" onSubmit={add}>
        <input
          data-id="editor-new-service-id"
          aria-label={t('editor.serviceId')}
          placeholder={t('editor.serviceId')}
          value={newId}
          onChange={(e) => setNewId(e.target.value)}
        />
        <Button type="submit" data-id="editor-add-service">
          {t('editor.addService')}
        </Button>
      </form>
      <RoutesEditor doc={doc} edit={edit} />
      <PolicyEditor doc={doc} edit={edit} />
    </>
  );
}

function ServiceCard({
  doc,
  service,
  edit,
}: {
  doc: ScenarioDoc;
  service: Json;
  edit: EditorActions['edit'];
}) {
  const t = useT();
  const id = String(service.id);
  const replicas = typeof service.replicas === 'number' ? service.replicas : 1;
  const handlers = (Array.isArray(service.handlers) ? service.handlers : []).filter(isObj);
  const [newName, setNewName] = useState('');
  const [pattern, setPattern] = useState('');
  const [kind, setKind] = useState<HandlerKind>('request');
  const [latency, setLatency] = useState('');
  const [failure, setFailure] = useState('');

  const rename = (e: FormEvent) => {
    e.preventDefault();
    const to = newName.trim();
    if (to && to !== id)
      void edit({ op: 'renameService', from: id, to }).then((ok) => ok && setNewName(''));
  };
  const addHandler = (e: FormEvent) => {
    e.preventDefault();
    if (!pattern.trim()) return;
    const latencyMs = num(latency);
    const failureRate = num(failure);
    void edit({
      op: 'addHandler',
      service: id,
      handler: {
        pattern: pattern.trim(),
        kind,
        ...(latencyMs !== undefined ? { latencyMs } : {}),
        ...(failureRate !== undefined ? { failureRate } : {}),
      },
    }).then((ok) => {
      if (ok) setPattern('');
    });
  };

  return (
    <div className="editor-card" data-id="editor-service" data-service={id}>
      <div className="editor-row">
        <strong>{id}</strong>
        <span className="editor-replicas">
          {t('editor.replicas')}
          <Button
            data-id="editor-replicas-down"
            aria-label={`${t('editor.replicas')} −`}
            disabled={replicas <= 0}
            onClick={() => void edit({ op: 'setReplicas', service: id, replicas: replicas - 1 })}
          >
            −
          </Button>
          <output data-id="editor-replicas">{replicas}</output>
          <Button
            data-id="editor-replicas-up"
            aria-label={`${t('editor.replicas')} +`}
            onClick={() => void edit({ op: 'setReplicas', service: id, replicas: replicas + 1 })}
          >
            +
          </Button>
        </span>
        <Button
          data-id="editor-remove-service"
          aria-label={t('editor.removeService', { service: id })}
          onClick={() => void edit({ op: 'removeService', id })}
        >
          ✕
        </Button>
      </div>
      <label className="field">
        <span>{t('editor.transport')}</span>
        <select
          data-id="editor-transport"
          value={serviceKind(doc, service)}
          onChange={(e) =>
            void edit({ op: 'setTransport', service: id, kind: e.target.value as TransportKind })
          }
        >
          {TRANSPORT_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_NAMES[k]}
            </option>
          ))}
        </select>
      </label>
      <form className="editor-row" onSubmit={rename}>
        <input
          data-id="editor-rename-input"
          aria-label={t('editor.renameTo', { service: id })}
          placeholder={t('editor.renameTo', { service: id })}
          value={newName}
          onChange={(e) => setNewName(e.target.value)}
        />
        <Button type="submit" data-id="editor-rename">
          {t('editor.rename')}
        </Button>
      </form>
      <h4>{t('editor.handlers')}</h4>
      {handlers.length === 0 ? (
        <p className="editor-hint">{t('editor.noHandlers')}</p>
      ) : (
        <ul className="editor-list">
          {handlers.map((h, i) => {
            const p = String(h.pattern);
            const lat = isObj(h.latencyMs) ? `${String(h.latencyMs.mean)}±` : h.latencyMs;
            return (
              <li key={i} data-id="editor-handler" data-pattern={p}>
                <span className="editor-item">
                  <code>{p}</code> {h.stream ? 'stream' : String(h.kind)}
                  {lat !== undefined && ` · ${String(lat)} ms`}
                  {typeof h.failureRate === 'number' && ` · ${h.failureRate * 100} %`}
                </span>
                <Button
                  variant="ghost"
                  aria-label={t('editor.removeHandler', { pattern: p })}
                  onClick={() => void edit({ op: 'removeHandler', service: id, index: i })}
                >
                  ✕
                </Button>
              </li>
            );
          })}
        </ul>
      )}
      <form className="editor-grid" onSubmit={addHandler}>
        <input
          data-id="editor-handler-pattern"
          aria-label={t('editor.pattern')}
          placeholder={t('editor.pattern')}
          value={pattern}
          onChange={(e) => setPattern(e.target.value)}
        />
        <select
          data-id="editor-handler-kind"
          aria-label={t('editor.kind')}
          value={kind}
          onChange={(e) => setKind(e.target.value as HandlerKind)}
        >
          {HANDLER_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`editor.kind.${k}`)}
            </option>
          ))}
        </select>
        <input
          data-id="editor-handler-latency"
          type="number"
          min={0}
          aria-label={t('editor.latency')}
          placeholder={t('editor.latency')}
          value={latency}
          onChange={(e) => setLatency(e.target.value)}
        />
        <input
          data-id="editor-handler-failure"
          type="number"
          min={0}
          max={1}
          step={0.05}
          aria-label={t('editor.failureRate')}
          placeholder={t('editor.failureRate')}
          value={failure}
          onChange={(e) => setFailure(e.target.value)}
        />
        <Button type="submit" data-id="editor-add-handler">
          {t('editor.addHandler')}
        </Button>
      </form>
      <CallsEditor doc={doc} service={service} edit={edit} />
    </div>
  );
}

function RoutesEditor({ doc, edit }: { doc: ScenarioDoc; edit: EditorActions['edit'] }) {
  const t = useT();
  const routes = routesOf(doc);
  const services = servicesOf(doc).map((s) => String(s.id));
  const [method, setMethod] = useState<HttpMethod>('GET');
  const [path, setPath] = useState('');
  const [mode, setMode] = useState<'send' | 'emit'>('send');
  const [pattern, setPattern] = useState('');
  const [target, setTarget] = useState('');
  const to = services.includes(target) ? target : (services[0] ?? '');

  const add = (e: FormEvent) => {
    e.preventDefault();
    if (!path.trim() || !pattern.trim() || !to) return;
    void edit({
      op: 'addRoute',
      route: { method, path: path.trim(), mode, pattern: pattern.trim(), to },
    }).then((ok) => {
      if (ok) {
        setPath('');
        setPattern('');
      }
    });
  };
  return (
    <>
      <h3>{t('editor.routes')}</h3>
      {routes.length === 0 ? (
        <p className="editor-hint">{t('editor.noRoutes')}</p>
      ) : (
        <ul className="editor-list">
          {routes.map((r) => {
            const key = routeKey(r);
            const call =
              r.send !== undefined ? `send('${String(r.send)}')` : `emit('${String(r.emit)}')`;
            return (
              <li key={key} data-id="editor-route" data-route={key}>
                <span className="editor-item">
                  <code>{key}</code> → {call} → {[r.to].flat().map(String).join(', ')}
                </span>
                <Button
                  variant="ghost"
                  aria-label={t('editor.removeRoute', { route: key })}
                  onClick={() => void edit({ op: 'removeRoute', key })}
                >
                  ✕
                </Button>
              </li>
            );
          })}
        </ul>
      )}
      <form className="editor-grid" onSubmit={add}>
        <select
          data-id="editor-route-method"
          aria-label={t('editor.method')}
          value={method}
          onChange={(e) => setMethod(e.target.value as HttpMethod)}
        >
          {HTTP_METHODS.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
        <input
          data-id="editor-route-path"
          aria-label={t('editor.path')}
          placeholder="/invoices/:id"
          value={path}
          onChange={(e) => setPath(e.target.value)}
        />
        <select
          data-id="editor-route-mode"
          aria-label={t('editor.mode')}
          value={mode}
          onChange={(e) => setMode(e.target.value as 'send' | 'emit')}
        >
          <option value="send">send()</option>
          <option value="emit">emit()</option>
        </select>
        <input
          data-id="editor-route-pattern"
          aria-label={t('editor.pattern')}
          placeholder={t('editor.pattern')}
          value={pattern}
          onChange={(e) => setPattern(e.target.value)}
        />
        <select
          data-id="editor-route-target"
          aria-label={t('editor.target')}
          value={to}
          onChange={(e) => setTarget(e.target.value)}
        >
          {services.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <Button type="submit" data-id="editor-add-route">
          {t('editor.addRoute')}
        </Button>
      </form>
    </>
  );
}

/** The policy fields of a route or the gateway, as form strings ('' = not set). */
function policyFields(target: Json | undefined) {
  const o = (v: unknown): Json => (isObj(v) ? v : {});
  const s = (v: unknown) => (typeof v === 'number' ? String(v) : '');
  return {
    timeoutMs: s(target?.timeoutMs),
    retry: s(o(target?.retry).count),
    delayMs: s(o(target?.retry).delayMs),
    threshold: s(o(target?.circuitBreaker).failureThreshold),
    openMs: s(o(target?.circuitBreaker).openMs),
    fallback: s(o(target?.fallback).status),
  };
}
type PolicyFields = ReturnType<typeof policyFields>;

function PolicyEditor({ doc, edit }: { doc: ScenarioDoc; edit: EditorActions['edit'] }) {
  const t = useT();
  const routes = routesOf(doc);
  const [which, setWhich] = useState('');
  const route = routes.find((r) => routeKey(r) === which);
  const target = route ?? gatewayOf(doc);
  const current = JSON.stringify(policyFields(target));
  const [fields, setFields] = useState<PolicyFields>(() => policyFields(target));
  // Show the chosen target's values (again after an undo changed them).
  useEffect(() => setFields(JSON.parse(current) as PolicyFields), [current]);

  const set = (k: keyof PolicyFields) => (e: { target: { value: string } }) =>
    setFields((f) => ({ ...f, [k]: e.target.value }));
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const retry = num(fields.retry);
    const delayMs = num(fields.delayMs);
    const failureThreshold = num(fields.threshold);
    const openMs = num(fields.openMs);
    const status = num(fields.fallback);
    const policy: PolicySpec = {
      timeoutMs: num(fields.timeoutMs) ?? null,
      retry:
        retry === undefined
          ? null
          : { count: retry, ...(delayMs !== undefined ? { delayMs } : {}) },
      circuitBreaker:
        failureThreshold === undefined && openMs === undefined
          ? null
          : {
              ...(failureThreshold !== undefined ? { failureThreshold } : {}),
              ...(openMs !== undefined ? { openMs } : {}),
            },
      fallback: status === undefined ? null : { status },
    };
    void edit({ op: 'setPolicy', route: route ? which : null, policy });
  };
  const input = (k: keyof PolicyFields, label: string) => (
    <label className="field">
      <span>{label}</span>
      <input
        data-id={`editor-policy-${k}`}
        type="number"
        min={0}
        placeholder={t('editor.none')}
        value={fields[k]}
        onChange={set(k)}
      />
    </label>
  );
  return (
    <form className="editor-policies" onSubmit={apply}>
      <h3>{t('editor.policies')}</h3>
      <select
        data-id="editor-policy-target"
        aria-label={t('editor.policies')}
        value={route ? which : ''}
        onChange={(e) => setWhich(e.target.value)}
      >
        <option value="">{t('editor.gatewayPolicies')}</option>
        {routes.map((r) => (
          <option key={routeKey(r)} value={routeKey(r)}>
            {t('editor.policyOf', { route: routeKey(r) })}
          </option>
        ))}
      </select>
      <div className="editor-grid">
        {input('timeoutMs', t('editor.timeout'))}
        {input('retry', t('editor.retry'))}
        {input('delayMs', t('editor.retryDelay'))}
        {input('threshold', t('editor.breaker'))}
        {input('openMs', t('editor.breakerOpen'))}
        {input('fallback', t('editor.fallback'))}
      </div>
      <Button type="submit" data-id="editor-apply-policy">
        {t('editor.apply')}
      </Button>
    </form>
  );
}
