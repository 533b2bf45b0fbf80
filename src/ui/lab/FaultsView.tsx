/**
 * Fault, load and scaling controls, grouped by target (instances, services, links, broker,
 * routes). Every control sends a command as data; active faults (from the trace) flip buttons
 * to their undo (partition ↔ heal, pause ↔ resume).
 */
import { useMemo, useState, type ReactNode } from 'react';
import { useT } from '../useT';
import { useSim } from '../../state/hooks';
import { useSimClient } from '../simClientContext';
import { collector } from './collector';
import type { LabCommand, Link } from './commands';
import { asLabClient } from './labClientOf';
import { useLab } from './labStore';
import { isLabKey, useLabT, type LabT } from './labI18n';
import { linkKey, linksOf, sameLink } from './links';

const LONG_MS = 3_600_000; // a load runs until changed (an hour of virtual time)

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="lab-group">
      <h3>{title}</h3>
      {children}
    </section>
  );
}

function NumberField(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  onChange(v: number): void;
  id: string;
}) {
  return (
    <label className="lab-field">
      <span>{props.label}</span>
      <input
        type="number"
        data-id={props.id}
        value={props.value}
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (Number.isFinite(v)) props.onChange(Math.min(props.max, Math.max(props.min, v)));
        }}
      />
    </label>
  );
}

export const faultName = (t: LabT, kind: string) => {
  const key = `fault.${kind}`;
  return isLabKey(key) ? t(key) : kind;
};

export function FaultsView() {
  const t = useLabT();
  const appT = useT();
  const client = useSimClient();
  const lab = useMemo(() => asLabClient(client), [client]);
  const send = (cmd: LabCommand) => lab.command(cmd);
  const model = useSim((s) => s.model);
  const instanceIds = useSim((s) => s.instanceIds);
  const instances = useSim((s) => s.instances);
  const brokerStatus = useSim((s) => s.brokerStatus);
  const breakers = useLab((s) => s.breakers);
  const autoscale = useLab((s) => s.autoscale);
  const paused = useLab((s) => s.paused);
  useLab((s) => s.faultsVersion); // re-render when faults change
  const active = collector.faults.faults.filter((f) => f.end === null);

  const links = useMemo(() => (model ? linksOf(model) : []), [model]);
  const [linkIdx, setLinkIdx] = useState(0);
  const [addMs, setAddMs] = useState(200);
  const [jitterMs, setJitterMs] = useState(50);
  const [loss, setLoss] = useState(30);
  const [slow, setSlow] = useState<Record<string, number>>({});
  const [errs, setErrs] = useState<Record<string, number>>({});
  const running = useLab((s) => s.loads);
  const [dragged, setLoad] = useState<Record<string, number>>({});
  // The slider shows the running load (from the trace) unless the learner just moved it.
  const load = { ...running, ...dragged };

  if (!model) return null;
  const link: Link | undefined = links[linkIdx];
  const linkFault = (kind: string) =>
    link ? active.some((f) => f.kind === kind && sameLink(f.target, link)) : false;
  const partitioned = linkFault('partition');
  const breakerEntries = Object.entries(breakers);

  return (
    <div className="lab-faults">
      <Section title={t('breakers.title')}>
        {breakerEntries.length === 0 ? (
          <p className="muted">{t('breakers.none')}</p>
        ) : (
          <ul className="lab-breakers">
            {breakerEntries.map(([target, state]) => (
              <li
                key={target}
                className={`lab-breaker breaker-${state}`}
                data-id={`breaker-${target}`}
                data-state={state}
              >
                <span className="breaker-dot" aria-hidden="true" />
                {t('breaker.label', { target, state: t(`breaker.${state}`) })}
              </li>
            ))}
          </ul>
        )}
        <p className="lab-active">
          <b>{t('faults.active')}:</b>{' '}
          {active.length === 0
            ? t('faults.none')
            : active.map((f) => `${faultName(t, f.kind)} ${f.target}`).join(' · ')}
        </p>
      </Section>

      <Section title={t('load.title')}>
        {model.routes.map((r) => {
          const rps = load[r.key] ?? 0;
          return (
            <div key={r.key} className="lab-row">
              <label className="lab-slider">
                <span>{t('load.rps', { route: r.key })}</span>
                <input
                  type="range"
                  min={0}
                  max={200}
                  step={5}
                  value={rps}
                  data-id={`load-${r.key}`}
                  aria-valuetext={t('load.value', { rps })}
                  onChange={(e) => {
                    const v = Number(e.target.value);
                    setLoad((l) => ({ ...l, [r.key]: v }));
                    send({ type: 'load', route: r.key, rps: v, forMs: LONG_MS });
                  }}
                />
                <output>{t('load.value', { rps })}</output>
              </label>
              {rps > 0 && (
                <button
                  type="button"
                  className="lab-btn"
                  onClick={() => {
                    setLoad((l) => ({ ...l, [r.key]: 0 }));
                    send({ type: 'load', route: r.key, rps: 0, forMs: LONG_MS });
                  }}
                >
                  {t('load.stop')}
                </button>
              )}
              <button
                type="button"
                className="lab-btn lab-danger"
                data-id={`poison-${r.key}`}
                onClick={() => send({ type: 'poison', route: r.key })}
              >
                ☠ {t('faults.poison')}
              </button>
            </div>
          );
        })}
      </Section>

      <Section title={t('faults.services')}>
        {model.services.map((s) => {
          const n = instanceIds[s.id]?.length ?? s.replicas;
          const auto = s.autoscale;
          const autoOn = autoscale[s.id] ?? auto?.enabled ?? false;
          const target = auto
            ? 'utilization' in auto.target
              ? `${Math.round(auto.target.utilization * 100)}%`
              : `${auto.target.queueDepth}`
            : '';
          return (
            <div key={s.id} className="lab-service" data-id={`lab-service-${s.id}`}>
              <div className="lab-row">
                <b className="lab-target">{s.id}</b>
                <button
                  type="button"
                  className="lab-btn lab-square"
                  aria-label={t('scale.in', { service: s.id })}
                  disabled={n <= 0}
                  onClick={() =>
                    send({ type: 'scale', service: s.id, replicas: Math.max(0, n - 1) })
                  }
                >
                  −
                </button>
                <span className="lab-count" data-id={`replicas-${s.id}`}>
                  {t('scale.replicas', { n })}
                </span>
                <button
                  type="button"
                  className="lab-btn lab-square"
                  aria-label={t('scale.out', { service: s.id })}
                  onClick={() => send({ type: 'scale', service: s.id, replicas: n + 1 })}
                >
                  +
                </button>
                {auto && (
                  <label className="lab-check">
                    <input
                      type="checkbox"
                      checked={autoOn}
                      data-id={`autoscale-${s.id}`}
                      onChange={(e) =>
                        send({ type: 'autoscale', service: s.id, enabled: e.target.checked })
                      }
                    />
                    {t('scale.auto')}{' '}
                    <span className="muted">
                      {t('scale.autoSpec', { min: auto.min, max: auto.max, target })}
                    </span>
                  </label>
                )}
                <button
                  type="button"
                  className="lab-btn lab-danger"
                  data-id={`kill-service-${s.id}`}
                  onClick={() => send({ type: 'killService', service: s.id })}
                >
                  {t('faults.killService')}
                </button>
                <button
                  type="button"
                  className="lab-btn"
                  onClick={() => send({ type: 'restartService', service: s.id })}
                >
                  {t('faults.restartService')}
                </button>
              </div>
              <div className="lab-row">
                <NumberField
                  id={`slow-${s.id}`}
                  label={t('faults.slow')}
                  value={slow[s.id] ?? 3}
                  min={1}
                  max={50}
                  onChange={(v) => setSlow((x) => ({ ...x, [s.id]: v }))}
                />
                <button
                  type="button"
                  className="lab-btn"
                  onClick={() => send({ type: 'slow', service: s.id, factor: slow[s.id] ?? 3 })}
                >
                  {t('faults.apply')}
                </button>
                <NumberField
                  id={`errors-${s.id}`}
                  label={t('faults.errorRate')}
                  value={errs[s.id] ?? 50}
                  min={0}
                  max={100}
                  onChange={(v) => setErrs((x) => ({ ...x, [s.id]: v }))}
                />
                <button
                  type="button"
                  className="lab-btn"
                  data-id={`apply-errors-${s.id}`}
                  onClick={() =>
                    send({ type: 'errorRate', service: s.id, percent: errs[s.id] ?? 50 })
                  }
                >
                  {t('faults.apply')}
                </button>
                <button
                  type="button"
                  className="lab-btn"
                  onClick={() => {
                    send({ type: 'slow', service: s.id, factor: 1 });
                    send({ type: 'errorRate', service: s.id, percent: 0 });
                  }}
                >
                  ↺
                </button>
              </div>
            </div>
          );
        })}
      </Section>

      <Section title={t('faults.instances')}>
        <ul className="lab-instances">
          {Object.values(instanceIds)
            .flat()
            .map((iid) => {
              const status = instances[iid]?.status ?? 'down';
              const isPaused = paused.includes(iid);
              return (
                <li
                  key={iid}
                  className="lab-row"
                  data-id={`lab-instance-${iid}`}
                  data-state={isPaused ? 'paused' : status}
                >
                  <b className="lab-target">{iid}</b>
                  <span className={`lab-status status-${isPaused ? 'paused' : status}`}>
                    {isPaused ? t('badge.paused') : appT(`instance.${status}`)}
                  </span>
                  {status === 'down' ? (
                    <button
                      type="button"
                      className="lab-btn"
                      onClick={() => send({ type: 'restart', instance: iid })}
                    >
                      {t('faults.restart')}
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="lab-btn lab-danger"
                      onClick={() => send({ type: 'kill', instance: iid })}
                    >
                      {t('faults.kill')}
                    </button>
                  )}
                  <button
                    type="button"
                    className="lab-btn"
                    disabled={status === 'down'}
                    onClick={() => send({ type: isPaused ? 'resume' : 'pause', instance: iid })}
                  >
                    {isPaused ? t('faults.resume') : t('faults.pause')}
                  </button>
                </li>
              );
            })}
        </ul>
      </Section>

      <Section title={t('faults.links')}>
        <div className="lab-row">
          <label className="lab-field">
            <span>{t('faults.link')}</span>
            <select
              data-id="lab-link"
              value={linkIdx}
              onChange={(e) => setLinkIdx(Number(e.target.value))}
            >
              {links.map((l, i) => (
                <option key={linkKey(l)} value={i}>
                  {l[0]} ↔ {l[1]}
                </option>
              ))}
            </select>
          </label>
          {link && (
            <button
              type="button"
              className={`lab-btn ${partitioned ? '' : 'lab-danger'}`}
              data-id="lab-partition"
              data-state={partitioned ? 'partitioned' : 'connected'}
              onClick={() => send({ type: partitioned ? 'heal' : 'partition', link })}
            >
              {partitioned ? t('faults.heal') : t('faults.partition')}
            </button>
          )}
        </div>
        {link && (
          <div className="lab-row">
            <NumberField
              id="lab-add-ms"
              label={t('faults.addMs')}
              value={addMs}
              min={0}
              max={5000}
              step={10}
              onChange={setAddMs}
            />
            <NumberField
              id="lab-jitter-ms"
              label={t('faults.jitterMs')}
              value={jitterMs}
              min={0}
              max={5000}
              step={10}
              onChange={setJitterMs}
            />
            <button
              type="button"
              className="lab-btn"
              data-id="lab-apply-latency"
              onClick={() => send({ type: 'latency', link, addMs, jitterMs })}
            >
              {t('faults.apply')}
            </button>
            <NumberField
              id="lab-loss"
              label={t('faults.loss')}
              value={loss}
              min={0}
              max={100}
              onChange={setLoss}
            />
            <button
              type="button"
              className="lab-btn"
              data-id="lab-apply-loss"
              onClick={() => send({ type: 'loss', link, percent: loss })}
            >
              {t('faults.apply')}
            </button>
            <button
              type="button"
              className="lab-btn"
              onClick={() => {
                send({ type: 'latency', link, addMs: 0, jitterMs: 0 });
                send({ type: 'loss', link, percent: 0 });
              }}
            >
              {t('faults.clearLink')}
            </button>
          </div>
        )}
      </Section>

      {brokerStatus !== null && (
        <Section title={t('faults.broker')}>
          <button
            type="button"
            className={`lab-btn ${brokerStatus === 'up' ? 'lab-danger' : ''}`}
            data-id="lab-broker"
            data-state={brokerStatus}
            onClick={() => send({ type: brokerStatus === 'up' ? 'brokerDown' : 'brokerUp' })}
          >
            {brokerStatus === 'up' ? t('faults.brokerDown') : t('faults.brokerUp')}
          </button>
        </Section>
      )}
    </div>
  );
}
