import { describe, expect, it } from 'vitest';
import { blankScenario } from '../editor/edits';
import { fileOfDoc } from './editor';
import { LAYOUT_X_SCALE, LAYOUT_Y_SCALE } from '../ui/canvas/graph';

describe('Save file', () => {
  it('stores dragged nodes in the file’s own units and leaves the others to the layout', () => {
    const doc = blankScenario({ en: 'New', 'pt-BR': 'Novo' });
    const file = fileOfDoc(doc, { orders: { x: 800 * LAYOUT_X_SCALE, y: 250 * LAYOUT_Y_SCALE } });
    const nodes = file.nodes as { id: string; position?: unknown }[];
    expect(nodes.find((n) => n.id === 'orders')?.position).toEqual({ x: 800, y: 250 });
    expect(nodes.find((n) => n.id === 'gateway')?.position).toBeUndefined();
    expect(doc.nodes).toEqual(blankScenario({ en: 'New', 'pt-BR': 'Novo' }).nodes);
  });
});
