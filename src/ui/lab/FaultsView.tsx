/**
 * Fault, load and scaling controls, grouped by target (instances, services, links, broker,
 * routes). Every control runs a registry command (`src/commands`: the same definitions as the
 * canvas and its menus); active faults (from the trace) flip buttons to their undo (partition ↔
 * heal, pause ↔ resume).
 */
import { useMemo, useState, type ReactNode } from 'react';
import { useT } from '../useT';
import { useSim, useUi } from '../../state/hooks';
import { useCommands } from '../useCommand';
import { collector } from './collector';
import type { Link } from '../../engine/types';
import { useLab } from './labStore';
import { isLabKey, useLabT, type LabT } from './labI18n';
import { linkName } from '../../shared';
import { linksOf, sameLink } from './links';
import { formatBusy, percentOf } from './load';

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
  const lang = useUi((s) => s.lang);
  const appT = useT();
  const command = useCommands();
  const model = useSim((s) => s.model);
  const instanceIds = useSim((s) => s.instanceIds);
  const instances = useSim((s) => s.instances);
  const brokerStatus = useSim((s) => s.brokerStatus);
  const breakers = useLab((s) => s.breakers);
  const autoscale = useLab((s) => s.autoscale);
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
  const linkCommand =
    link && command({ id: partitioned ? 'link.heal' : 'link.partition', args: { link } });
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
          const route = { route: r.key };
          const stop = command({ id: 'route.loadStop', args: route });
          const poison = command({ id: 'route.poison', args: route });
          return (
            <div key={r.key} className="lab-row">
              <label className="lab-slider">
                <span>{command({ id: 'route.load', args: { ...route, rps } }).label}</span>
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
                    command({ id: 'route.load', args: { ...route, rps: v } }).run();
                  }}
                />
                <output>{t('load.value', { rps })}</output>
              </label>
              {rps > 0 && (
                <button
                  type="button"
                  className="lab-btn"
                  aria-label={stop.label}
                  disabled={stop.disabled}
                  onClick={() => {
                    setLoad((l) => ({ ...l, [r.key]: 0 }));
                    stop.run();
                  }}
                >
                  {t('load.stop')}
                </button>
              )}
              <button
                type="button"
                className="lab-btn lab-danger"
                data-id={`poison-${r.key}`}
                disabled={poison.disabled}
                onClick={poison.run}
              >
                <span aria-hidden="true">☠</span> {poison.label}
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
          // Without a bulkhead the engine measures utilisation against a concurrency of 1: the
          // target is an average of handlings in progress, not a percentage (`load.ts`).
          const target = auto
            ? 'utilization' in auto.target
              ? s.capacity
                ? t('scale.targetShare', { n: percentOf(auto.target.utilization) })
                : t('scale.targetBusy', { n: formatBusy(auto.target.utilization, lang) })
              : t('scale.targetQueue', { n: auto.target.queueDepth })
            : '';
          const service = { service: s.id };
          const scaleDown = command({ id: 'service.scaleDown', args: service });
          const scaleUp = command({ id: 'service.scaleUp', args: service });
          const kill = command({ id: 'service.kill', args: service });
          const restart = command({ id: 'service.restart', args: service });
          const factor = slow[s.id] ?? 3;
          const percent = errs[s.id] ?? 50;
          const slowDown = command({ id: 'service.slow', args: { ...service, factor } });
          const failing = command({ id: 'service.errors', args: { ...service, percent } });
          const normal = command({ id: 'service.clearFaults', args: service });
          return (
            <div key={s.id} className="lab-service" data-id={`lab-service-${s.id}`}>
              <div className="lab-row">
                <b className="lab-target">{s.id}</b>
                <button
                  type="button"
                  className="lab-btn lab-square"
                  aria-label={scaleDown.label}
                  title={scaleDown.label}
                  disabled={scaleDown.disabled}
                  onClick={scaleDown.run}
                >
                  −
                </button>
                <span className="lab-count" data-id={`replicas-${s.id}`}>
                  {t('scale.replicas', { n })}
                </span>
                <button
                  type="button"
                  className="lab-btn lab-square"
                  aria-label={scaleUp.label}
                  title={scaleUp.label}
                  disabled={scaleUp.disabled}
                  onClick={scaleUp.run}
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
                        command({
                          id: e.target.checked ? 'service.autoscaleOn' : 'service.autoscaleOff',
                          args: service,
                        }).run()
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
                  disabled={kill.disabled}
                  onClick={kill.run}
                >
                  {kill.label}
                </button>
                <button
                  type="button"
                  className="lab-btn"
                  disabled={restart.disabled}
                  onClick={restart.run}
                >
                  {restart.label}
                </button>
              </div>
              <div className="lab-row">
                <NumberField
                  id={`slow-${s.id}`}
                  label={t('faults.slow')}
                  value={factor}
                  min={1}
                  max={50}
                  onChange={(v) => setSlow((x) => ({ ...x, [s.id]: v }))}
                />
                <button
                  type="button"
                  className="lab-btn"
                  title={slowDown.label}
                  disabled={slowDown.disabled}
                  onClick={slowDown.run}
                >
                  {t('faults.apply')}
                </button>
                <NumberField
                  id={`errors-${s.id}`}
                  label={t('faults.errorRate')}
                  value={percent}
                  min={0}
                  max={100}
                  onChange={(v) => setErrs((x) => ({ ...x, [s.id]: v }))}
                />
                <button
                  type="button"
                  className="lab-btn"
                  data-id={`apply-errors-${s.id}`}
                  title={failing.label}
                  disabled={failing.disabled}
                  onClick={failing.run}
                >
                  {t('faults.apply')}
                </button>
                <button
                  type="button"
                  className="lab-btn"
                  aria-label={normal.label}
                  title={normal.label}
                  disabled={normal.disabled}
                  onClick={normal.run}
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
              const isPaused = instances[iid]?.paused === true;
              const instance = { instance: iid };
              const life = command({
                id: status === 'down' ? 'instance.restart' : 'instance.kill',
                args: instance,
              });
              const pause = command({
                id: isPaused ? 'instance.resume' : 'instance.pause',
                args: instance,
              });
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
                  <button
                    type="button"
                    className={`lab-btn${life.danger ? ' lab-danger' : ''}`}
                    disabled={life.disabled}
                    onClick={life.run}
                  >
                    {life.label}
                  </button>
                  <button
                    type="button"
                    className="lab-btn"
                    disabled={pause.disabled}
                    onClick={pause.run}
                  >
                    {pause.label}
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
                <option key={linkName(l)} value={i}>
                  {l[0]} ↔ {l[1]}
                </option>
              ))}
            </select>
          </label>
          {linkCommand && (
            <button
              type="button"
              className={`lab-btn ${linkCommand.danger ? 'lab-danger' : ''}`}
              data-id="lab-partition"
              data-state={partitioned ? 'partitioned' : 'connected'}
              disabled={linkCommand.disabled}
              onClick={linkCommand.run}
            >
              {linkCommand.label}
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
              title={command({ id: 'link.latency', args: { link, addMs, jitterMs } }).label}
              onClick={() => command({ id: 'link.latency', args: { link, addMs, jitterMs } }).run()}
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
              title={command({ id: 'link.loss', args: { link, percent: loss } }).label}
              onClick={() => command({ id: 'link.loss', args: { link, percent: loss } }).run()}
            >
              {t('faults.apply')}
            </button>
            <button
              type="button"
              className="lab-btn"
              onClick={() => command({ id: 'link.clear', args: { link } }).run()}
            >
              {command({ id: 'link.clear', args: { link } }).label}
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
            onClick={command({ id: brokerStatus === 'up' ? 'broker.down' : 'broker.up' }).run}
          >
            {command({ id: brokerStatus === 'up' ? 'broker.down' : 'broker.up' }).label}
          </button>
        </Section>
      )}
    </div>
  );
}
