import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LABEL_H, labelWidth, overlaps, placeLabels, type LabelItem } from './seqLayout';

const boxOf = (p: { x: number; y: number }, width: number) => ({
  x: p.x - width / 2,
  y: p.y - LABEL_H / 2,
  w: width,
  h: LABEL_H,
});

describe('placeLabels', () => {
  it('puts a lone label above the middle of its arrow', () => {
    const [p] = placeLabels([{ x1: 0, y1: 100, x2: 200, y2: 140, width: 80, priority: 0 }], {
      top: 28,
      width: 400,
    });
    expect(p!.show).toBe(true);
    expect(p!.x).toBe(100);
    expect(p!.y).toBeLessThan(120); // above the line at the middle (y = 120)
  });

  it('moves a label along its arrow rather than on top of another one', () => {
    const a: LabelItem = { x1: 0, y1: 100, x2: 300, y2: 100, width: 90, priority: 1 };
    const b: LabelItem = { ...a, y1: 104, y2: 104, priority: 0 };
    const [pa, pb] = placeLabels([a, b], { top: 0, width: 300 });
    expect(pa!.show && pb!.show).toBe(true);
    expect(overlaps(boxOf(pa!, 90), boxOf(pb!, 90))).toBe(false);
  });

  it('shows the higher-priority label (the selected request) when only one fits', () => {
    const a: LabelItem = { x1: 0, y1: 100, x2: 100, y2: 100, width: 100, priority: 0 };
    const b: LabelItem = { ...a, priority: 5 };
    const [pa, pb] = placeLabels([a, b], { top: 0, width: 100 });
    expect(pb!.show).toBe(true);
    expect(pa!.show).toBe(false);
  });

  it('never lets two shown labels overlap, nor go above the lane titles or off the drawing', () => {
    const item = fc.record({
      x1: fc.integer({ min: 0, max: 600 }),
      y1: fc.integer({ min: 0, max: 380 }),
      x2: fc.integer({ min: 0, max: 600 }),
      y2: fc.integer({ min: 0, max: 380 }),
      width: fc.integer({ min: 30, max: 160 }),
      priority: fc.integer(),
    });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 60 }), (items) => {
        const placed = placeLabels(items, { top: 28, width: 600 });
        const boxes = placed
          .map((p, i) => (p.show ? boxOf(p, items[i]!.width) : null))
          .filter((b) => b !== null);
        for (let i = 0; i < boxes.length; i++) {
          expect(boxes[i]!.y).toBeGreaterThanOrEqual(28);
          expect(boxes[i]!.x).toBeGreaterThanOrEqual(0);
          expect(boxes[i]!.x + boxes[i]!.w).toBeLessThanOrEqual(600 + 1e-9);
          for (let j = i + 1; j < boxes.length; j++)
            expect(overlaps(boxes[i]!, boxes[j]!)).toBe(false);
        }
      }),
    );
  });

  it('estimates label widths generously (8 px a character at 13 px bold)', () => {
    expect(labelWidth('reply ◆')).toBeGreaterThanOrEqual(7 * 8);
  });
});
