/**
 * A time-space (sequence) diagram of the newest messages: one lane per node or instance, time
 * flowing down, one arrow per hop from (sender, send time) to (receiver, arrival). SVG is fine
 * here: it is rebuilt a few times a second, not per frame. Clicking an arrow selects the
 * request in the app (canvas, log, waterfall).
 */
import { uiStore } from '../../state';
import { useSim, useUi } from '../../state/hooks';
import { useSimClient } from '../simClientContext';
import { useLabT } from './labI18n';
import { useWorkerQuery } from './useWorkerQuery';

const LAST_N = 16;
const LANE_W = 130;
const HEAD = 28;
const H = 300;
const COLORS: Record<string, string> = {
  http: '#334155',
  'http-response': '#334155',
  request: '#1d4ed8',
  reply: '#047857',
  event: '#7c3aed',
  error: '#b91c1c',
};

export function SequenceView() {
  const t = useLabT();
  const client = useSimClient();
  const model = useSim((s) => s.model);
  const instanceIds = useSim((s) => s.instanceIds);
  const selected = useUi((s) => s.selected);
  const order = model
    ? [
        model.client.id,
        model.gateway.id,
        ...(model.broker ? [model.broker.id] : []),
        ...Object.values(instanceIds).flat(),
      ]
    : [];
  const seq = useWorkerQuery(`seq:${order.join()}`, () => client.sequence(order, LAST_N), 3);
  if (!seq || seq.arrows.length === 0) return <p className="muted lab-note">{t('seq.empty')}</p>;
  const laneX = new Map(seq.lanes.map((l, i) => [l, LANE_W / 2 + i * LANE_W]));
  const span = Math.max(1, seq.t1 - seq.t0);
  const y = (tm: number) => HEAD + 8 + ((tm - seq.t0) / span) * (H - HEAD - 16);
  const width = seq.lanes.length * LANE_W;
  return (
    <div className="lab-sequence" data-id="sequence" data-arrows={seq.arrows.length}>
      <p className="muted lab-note">{t('seq.hint', { n: LAST_N })}</p>
      <svg
        viewBox={`0 0 ${width} ${H}`}
        width={width}
        height={H}
        role="group"
        aria-label={t('seq.label')}
      >
        {seq.lanes.map((l) => (
          <g key={l}>
            <line x1={laneX.get(l)} x2={laneX.get(l)} y1={HEAD} y2={H} className="seq-lane" />
            <text x={laneX.get(l)} y={18} textAnchor="middle" className="seq-lane-label">
              {l}
            </text>
          </g>
        ))}
        {seq.arrows.map((a, i) => {
          const x1 = laneX.get(a.from) ?? 0;
          const x2 = laneX.get(a.to) ?? 0;
          const y1 = y(a.t);
          const y2 = y(a.arriveAt);
          const group = seq.groups[i] ?? a.msgId;
          const isSel = selected !== null && (group === selected || a.msgId === selected);
          const color = COLORS[a.kind] ?? '#0f172a';
          const label = t('seq.arrow', {
            kind: a.kind,
            msg: a.msgId,
            from: a.from,
            to: a.to,
            t: Math.round(a.t),
          });
          const pick = () => uiStore.getState().select(isSel ? null : group);
          return (
            <g
              key={`${a.msgId}-${i}`}
              role="button"
              tabIndex={0}
              aria-label={label}
              aria-pressed={isSel}
              className={`seq-arrow ${isSel ? 'is-selected' : ''}`}
              onClick={pick}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  pick();
                }
              }}
            >
              <line x1={x1} y1={y1} x2={x2} y2={y2} stroke="transparent" strokeWidth={10} />
              <line
                x1={x1}
                y1={y1}
                x2={x2}
                y2={y2}
                stroke={color}
                strokeWidth={isSel ? 3.5 : 1.8}
                strokeDasharray={
                  a.kind === 'reply' || a.kind === 'http-response' ? '5 3' : undefined
                }
              />
              <circle cx={x2} cy={y2} r={isSel ? 4.5 : 3} fill={color} />
            </g>
          );
        })}
        {seq.drops.map((d, i) => {
          const x = laneX.get(d.at) ?? laneX.get(model?.gateway.id ?? '') ?? 0;
          return (
            <text key={i} x={x} y={y(d.t)} textAnchor="middle" className="seq-drop">
              ✕
            </text>
          );
        })}
      </svg>
    </div>
  );
}
