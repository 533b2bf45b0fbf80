import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ScriptStep, TraceEvent } from '../engine/types';
import { parseScenario } from '../scenario';
import { History } from './history';
import { createRunPlayer } from './player';

/** distributed-data with its script: inventory#1 is killed while four orders are emitted. */
function story() {
  const file = JSON.parse(
    readFileSync(new URL('../../simulations/distributed-data.json', import.meta.url), 'utf8'),
  ) as unknown;
  const r = parseScenario(file);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  const history = new History();
  const events: TraceEvent[] = [];
  const steps: ScriptStep[] = [];
  const player = createRunPlayer(r.value, steps, {
    onTrace: (e) => {
      history.add(e);
      events.push(e);
    },
  });
  return { history, player, events };
}

describe('the run history of each service’s data', () => {
  it('marks the moment inventory’s data left step, with the records then, and links it to the kill', () => {
    const { history, player } = story();
    player.advanceTo(5000);
    expect(history.dataMarks).toEqual([
      {
        t: expect.any(Number) as number,
        service: 'inventory',
        state: 'behind',
        expected: { stock: 95 },
        actual: { stock: 99 },
      },
    ]);
    const mark = history.dataMarks[0]!;
    // Shown as an effect on the fault timeline, during the kill of inventory#1.
    const effect = history.faultLog.effects.find((x) => x.kind === 'data');
    expect(effect).toMatchObject({ t: mark.t, detail: 'inventory behind' });
    const kill = history.faultLog.faults.find((f) => f.kind === 'kill')!;
    expect(mark.t).toBeGreaterThan(kill.start);
  });

  it('sends new marks once as a delta, and all of them again after a full()', () => {
    const { history, player } = story();
    player.advanceTo(1000);
    history.take();
    player.advanceTo(5000);
    expect(history.take()?.dataMarks).toHaveLength(1);
    expect(history.take()).toBeUndefined();
    expect(history.full().dataMarks).toHaveLength(1);
  });
});
