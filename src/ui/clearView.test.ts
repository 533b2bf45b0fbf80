import { describe, expect, it } from 'vitest';
import { clearView, type Rect, type View } from './clearView';

const opts = { margin: 10, minZoom: 0.3, maxZoom: 2.5 };
const canvas = { width: 1000, height: 400 };
/** A wide graph: a client on the left, services stacked on the right (flow units). */
const nodes: Rect[] = [
  { x: 0, y: 80, width: 100, height: 60 },
  { x: 150, y: 80, width: 100, height: 60 },
  { x: 400, y: 0, width: 100, height: 100 },
  { x: 400, y: 120, width: 100, height: 100 },
];
const onScreen = (n: Rect, v: View): Rect => ({
  x: v.x + n.x * v.zoom,
  y: v.y + n.y * v.zoom,
  width: n.width * v.zoom,
  height: n.height * v.zoom,
});
const meet = (a: Rect, b: Rect) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (a: Rect) =>
  a.x >= -0.01 &&
  a.y >= -0.01 &&
  a.x + a.width <= canvas.width + 0.01 &&
  a.y + a.height <= canvas.height + 0.01;

describe('clearView', () => {
  it('with nothing over the canvas it is the tight fit, centred', () => {
    const v = clearView(nodes, canvas, [], opts)!;
    expect(v.zoom).toBeCloseTo(380 / 220);
    const box = onScreen({ x: 0, y: 0, width: 500, height: 220 }, v);
    expect(box.x + box.width / 2).toBeCloseTo(500);
  });

  it('a note in the top-left corner: the graph keeps most of its zoom and no node is under it', () => {
    const note: Rect = { x: 12, y: 12, width: 420, height: 90 };
    const tight = clearView(nodes, canvas, [], opts)!.zoom;
    const v = clearView(nodes, canvas, [note], opts)!;
    for (const n of nodes) {
      expect(meet(onScreen(n, v), note)).toBe(false);
      expect(inside(onScreen(n, v))).toBe(true);
    }
    // Padding the whole top by the note would leave (400 - 2·10 - 102) / 220 of the height.
    expect(v.zoom).toBeGreaterThan((400 - 20 - 102) / 220);
    expect(v.zoom).toBeLessThanOrEqual(tight);
  });

  it('no view clear of the overlays above the floor: null (the caller pads instead)', () => {
    const wall: Rect = { x: 0, y: 0, width: 1000, height: 400 };
    expect(clearView(nodes, canvas, [wall], opts)).toBeNull();
    expect(clearView([], canvas, [], opts)).toBeNull();
  });
});
