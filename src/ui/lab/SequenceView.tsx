/**
 * A time-space (sequence) diagram of the newest messages: one lane per node or instance, time
 * flowing down, one arrow per hop from (sender, send time) to (receiver, arrival), with an
 * arrowhead and a label in the token legend's look (`get_order ●`, `reply ◆`, `GET /orders/:id ■`)
 * placed where it overlaps no other label (`seqLayout.ts`). SVG is fine here: it is rebuilt a few
 * times a second, not per frame. Clicking an arrow selects the request in the app (canvas, log,
 * waterfall).
 */
import { useId } from 'react';
import { lbNodeId } from '../../shared';
import { uiStore } from '../../state';
import { useSim, useUi } from '../../state/hooks';
import { kindColor } from '../tokenKinds';
import { shownPattern } from '../grpcNames';
import { useSimClient } from '../simClientContext';
import { useLabT } from './labI18n';
import { arrowText, LABEL_H, labelWidth, placeLabels } from './seqLayout';
import { useWorkerQuery } from './useWorkerQuery';

const LAST_N = 12;
const LANE_W = 150;
const HEAD = 28;
const H = 380;
/** Kinds drawn dashed: the way back. */
const BACK = new Set(['reply', 'http-response']);
const KINDS = ['http', 'http-response', 'request', 'reply', 'event', 'error'];

export function SequenceView() {
  const t = useLabT();
  const uid = useId().replace(/[^A-Za-z0-9_-]/g, '');
  const client = useSimClient();
  const model = useSim((s) => s.model);
  const instanceIds = useSim((s) => s.instanceIds);
  const selected = useUi((s) => s.selected);
  // Lanes left to right as the canvas reads: client, gateway, broker, then per service its load
  // balancer (tcp/grpc `loadBalancer`) and its instances.
  const order = model
    ? [
        model.client.id,
        model.gateway.id,
        ...(model.broker ? [model.broker.id] : []),
        ...model.services.flatMap((s) => [
          ...(s.transport.options.loadBalancer === true ? [lbNodeId(s.id)] : []),
          ...(instanceIds[s.id] ?? []),
        ]),
      ]
    : [];
  // Built in the worker from its recent events (each arrow with its request chain), 3× a second.
  const seq = useWorkerQuery(`seq:${order.join()}`, () => client.sequence(order, LAST_N), 3);
  if (!seq || seq.arrows.length === 0) return <p className="muted lab-note">{t('seq.empty')}</p>;
  const laneX = new Map(seq.lanes.map((l, i) => [l, LANE_W / 2 + i * LANE_W]));
  const span = Math.max(1, seq.t1 - seq.t0);
  // Room at the top for the first arrows' labels, at the bottom for the last arrowheads.
  const top = HEAD + LABEL_H + 8;
  const y = (tm: number) => top + ((tm - seq.t0) / span) * (H - top - 12);
  const width = seq.lanes.length * LANE_W;
  const head = (kind: string) => `${uid}-head-${KINDS.includes(kind) ? kind : 'other'}`;

  const drawn = seq.arrows.map((a, i) => {
    // On gRPC a call is named by its proto method (`OrdersService.GetOrder ●`).
    const text = arrowText(
      t,
      a.pattern !== undefined
        ? {
            ...a,
            pattern: shownPattern(model?.services, a.kind === 'reply' ? a.from : a.to, a.pattern),
          }
        : a,
    );
    const group = seq.groups[i] ?? a.msgId;
    const isSel = selected !== null && (group === selected || a.msgId === selected);
    return {
      a,
      group,
      text,
      isSel,
      x1: laneX.get(a.from) ?? 0,
      x2: laneX.get(a.to) ?? 0,
      y1: y(a.t),
      y2: y(a.arriveAt),
      // The selected request's labels first, then the newest.
      priority: (isSel ? 1e6 : 0) + i,
    };
  });
  const labels = placeLabels(
    drawn.map((d) => ({ ...d, width: labelWidth(d.text) })),
    { top: HEAD, width },
  );

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
        <defs>
          {[...KINDS, 'other'].map((k) => (
            <marker
              key={k}
              id={head(k)}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="11"
              markerHeight="11"
              markerUnits="userSpaceOnUse"
              orient="auto-start-reverse"
            >
              <path d="M0,0 L10,5 L0,10 z" fill={kindColor(k)} />
            </marker>
          ))}
        </defs>
        {seq.lanes.map((l) => (
          <g key={l}>
            <line x1={laneX.get(l)} x2={laneX.get(l)} y1={HEAD} y2={H} className="seq-lane" />
            <text x={laneX.get(l)} y={18} textAnchor="middle" className="seq-lane-label">
              {l}
            </text>
          </g>
        ))}
        {drawn.map(({ a, group, text, isSel, x1, x2, y1, y2 }, i) => {
          const color = kindColor(a.kind);
          const label = t('seq.arrow', {
            kind: text,
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
              data-kind={a.kind}
              onClick={pick}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  pick();
                }
              }}
            >
              <title>{label}</title>
              <line x1={x1} y1={y1} x2={x2} y2={y2} stroke="transparent" strokeWidth={12} />
              <line
                x1={x1}
                y1={y1}
                x2={x2}
                y2={y2}
                stroke={color}
                strokeWidth={isSel ? 3.5 : 2}
                strokeDasharray={BACK.has(a.kind) ? '6 3' : undefined}
                markerEnd={`url(#${head(a.kind)})`}
                className="seq-line"
              />
            </g>
          );
        })}
        {/* Labels above every arrow, so no arrow is drawn over a label. */}
        {drawn.map(({ a, text, isSel }, i) => {
          const p = labels[i]!;
          if (!p.show) return null;
          const w = labelWidth(text);
          return (
            <g
              key={`${a.msgId}-${i}-label`}
              className={`seq-label ${isSel ? 'is-selected' : ''}`}
              data-kind={a.kind}
              aria-hidden="true"
            >
              {/* A plate under the text: lines crossing the label never cut through it. */}
              <rect
                x={p.x - w / 2}
                y={p.y - LABEL_H / 2}
                width={w}
                height={LABEL_H}
                rx={4}
                className="seq-label-plate"
                stroke={isSel ? kindColor(a.kind) : 'none'}
              />
              <text
                x={p.x}
                y={p.y}
                textAnchor="middle"
                dominantBaseline="central"
                fill={kindColor(a.kind)}
              >
                {text}
              </text>
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
