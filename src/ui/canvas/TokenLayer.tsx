/**
 * ONE <canvas> over the flow pane that draws every in-flight token. Redraws are scheduled on
 * framer-motion's frame loop when the clock motion value changes, a batch arrives, or the
 * viewport/nodes move — never through React renders. Node boxes are read from React Flow's
 * store (`nodeLookup`) inside the draw, so drags and pan/zoom are followed for free.
 */
import { useEffect, useRef } from 'react';
import { cancelFrame, frame } from 'framer-motion';
import { useStoreApi } from '@xyflow/react';
import { lbService, parseInstanceId } from '../../shared';
import { uiStore } from '../../state';
import { DROP_SHOW_MS } from '../../sim-client';
import { useSimClient } from '../simClientContext';
import { useClock } from '../useClock';
import { chipOffsets } from './chipRegistry';
import {
  hitTest,
  paintDrops,
  paintTokens,
  segmentBetween,
  tokenPoint,
  type Box,
  type Pt,
} from './tokenPaint';
import type { FlowNode } from './graph';

/**
 * Tokens placed in the last frame (`drawn`) and sprite copies after culling (`sprites`): read by
 * the test hook and perf measurements.
 */
export const tokenStats = { drawn: 0, frames: 0, drawMs: 0, drops: 0, sprites: 0 };

/** What a click on the canvas picked: a message (token or drop marker) and its chain. */
export interface Picked {
  msgId: string;
  group: string;
  /** The link of the token clicked (absent for a drop marker). */
  from?: string;
  to?: string;
}

/**
 * The hit-test of the mounted layer (pane-relative screen point → token or drop marker), named
 * by the worker (`describe`). A module-level slot rather than state: it is read on click only
 * and never drives a render.
 */
export const tokenPicker: {
  at: ((x: number, y: number) => Promise<Picked | null>) | null;
  /** Pane-relative screen point of the first token half-way along its edge (test hook). */
  first: (() => Promise<{ msgId: string; x: number; y: number } | null>) | null;
} = { at: null, first: null };

export function TokenLayer() {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const client = useSimClient();
  const storeApi = useStoreApi<FlowNode>();
  const clock = useClock();

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;

    const resolve = (id: string): Box | Pt | null => {
      const { nodeLookup } = storeApi.getState();
      const inst = parseInstanceId(id);
      // `lb:<service>` is a node of its own when drawn; otherwise fall back to the service.
      const nodeId = inst
        ? inst.service
        : lbService(id) !== null && !nodeLookup.has(id)
          ? lbService(id)!
          : id;
      const node = nodeLookup.get(nodeId);
      if (!node) return null;
      const { x, y } = node.internals.positionAbsolute;
      const off = inst ? chipOffsets.get(id) : undefined;
      if (off) return { x: x + off.x, y: y + off.y };
      return { x, y, w: node.measured.width ?? 0, h: node.measured.height ?? 0 };
    };

    // Size comes from the ResizeObserver: reading clientWidth here would force a layout every
    // frame right after React's DOM writes (the single biggest cost in a profile).
    let w = 0;
    let h = 0;
    // prefers-reduced-motion: tokens step between nodes instead of gliding (followed live).
    const motion = window.matchMedia('(prefers-reduced-motion: reduce)');
    let stepped = motion.matches;
    const draw = () => {
      const started = performance.now();
      const dpr = window.devicePixelRatio || 1;
      if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
        canvas.width = Math.round(w * dpr);
        canvas.height = Math.round(h * dpr);
      }
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, w, h);
      const [tx, ty, zoom] = storeApi.getState().transform;
      const frame = client.render();
      tokenStats.drawn = paintTokens({
        ctx,
        frame,
        clock: client.clock.get(),
        view: { tx, ty, zoom },
        resolve,
        dpr,
        width: w,
        height: h,
        stats: tokenStats,
        stepped,
      });
      tokenStats.drops = paintDrops(
        ctx,
        frame,
        client.clock.get(),
        DROP_SHOW_MS,
        { tx, ty, zoom },
        resolve,
      );
      tokenStats.frames++;
      tokenStats.drawMs += performance.now() - started;
    };
    // `frame.render` de-duplicates within a frame: many triggers, one draw.
    const schedule = () => frame.render(draw);
    tokenPicker.at = async (x, y) => {
      const [tx, ty, zoom] = storeApi.getState().transform;
      const frame = client.render();
      const hit = hitTest({
        frame,
        clock: client.clock.get(),
        view: { tx, ty, zoom },
        resolve,
        x,
        y,
        stepped,
      });
      if (!hit) return null;
      if ('token' in hit) {
        const tk = frame.tokens;
        const info = await client.describe(tk.id[hit.token]!);
        if (!info) return null;
        return {
          ...info,
          from: frame.endpoints[tk.from[hit.token]!] ?? '',
          to: frame.endpoints[tk.to[hit.token]!] ?? '',
        };
      }
      return client.describe(frame.drops.id[hit.drop]!);
    };

    const onMotion = () => {
      stepped = motion.matches;
      schedule();
    };
    motion.addEventListener('change', onMotion);
    const unsubs = [
      () => motion.removeEventListener('change', onMotion),
      clock.on('change', schedule),
      client.tokensChanged.subscribe(schedule),
      storeApi.subscribe(schedule),
      uiStore.subscribe((s, prev) => {
        if (s.inspected !== prev.inspected) schedule();
      }),
    ];
    const ro = new ResizeObserver(([entry]) => {
      if (!entry) return;
      w = entry.contentRect.width;
      h = entry.contentRect.height;
      schedule();
    });
    ro.observe(canvas);
    schedule();
    tokenPicker.first = async () => {
      const [tx, ty, zoom] = storeApi.getState().transform;
      const clock = client.clock.get();
      const frame = client.render();
      const tk = frame.tokens;
      const seg = (from: number, to: number) => {
        const a = resolve(frame.endpoints[from] ?? '');
        const b = resolve(frame.endpoints[to] ?? '');
        return a && b ? segmentBetween(a, b) : null;
      };
      for (let i = 0; i < tk.count; i++) {
        const span = tk.arriveAt[i]! - tk.t[i]!;
        const p = span > 0 ? (clock - tk.t[i]!) / span : 1;
        // Mid-edge only: at its ends a token sits over a node, which takes the click.
        if (p < 0.2 || p > 0.8) continue;
        const at = tokenPoint(frame, i, clock, { tx, ty, zoom }, seg, stepped);
        if (!at) continue;
        const info = await client.describe(tk.id[i]!);
        if (!info) continue;
        return { msgId: info.msgId, x: at.x, y: at.y };
      }
      return null;
    };
    return () => {
      tokenPicker.at = null;
      tokenPicker.first = null;
      for (const u of unsubs) u();
      ro.disconnect();
      cancelFrame(draw);
    };
  }, [client, clock, storeApi]);

  return <canvas ref={canvasRef} className="token-layer" aria-hidden="true" />;
}
