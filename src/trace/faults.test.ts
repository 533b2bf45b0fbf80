import { describe, expect, it } from 'vitest';
import { activeAt, effectOf, effectsOf, FaultLog } from './faults';

describe('effectOf', () => {
  it('classifies timeouts, drops, breaker changes and 5xx; ignores 2xx and hops', () => {
    expect(effectOf({ type: 'request.timeout', t: 5, msgId: 'm1' } as never, 1)?.kind).toBe(
      'timeout',
    );
    expect(
      effectOf({ type: 'message.dropped', t: 5, msgId: 'm', reason: 'instance-down' } as never, 2)
        ?.detail,
    ).toBe('instance-down');
    expect(
      effectOf(
        { type: 'breaker.state', t: 5, target: 'orders', from: 'closed', to: 'open' } as never,
        3,
      )?.detail,
    ).toBe('orders closed→open');
    expect(
      effectOf({ type: 'http.response', t: 5, reqId: 'r1', status: 504 } as never, 4),
    ).toMatchObject({ kind: 'http5xx', select: 'r1' });
    expect(
      effectOf({ type: 'http.response', t: 5, reqId: 'r1', status: 200 } as never, 5),
    ).toBeNull();
    expect(effectOf({ type: 'hop', t: 5 }, 6)).toBeNull();
  });
});

describe('FaultLog and linking', () => {
  function run() {
    const log = new FaultLog();
    log.add({
      type: 'fault',
      t: 100,
      faultId: 'f1',
      kind: 'latency',
      target: 'gateway<->broker',
      addMs: 300,
    } as never);
    log.add({ type: 'request.timeout', t: 150, msgId: 'a' } as never); // untagged, inside f1
    log.add({ type: 'fault', t: 200, faultId: 'f2', kind: 'kill', target: 'orders#1' } as never);
    log.add({
      type: 'message.dropped',
      t: 210,
      msgId: 'b',
      reason: 'instance-down',
      faultId: 'f2',
    } as never);
    log.add({ type: 'fault.cleared', t: 300, faultId: 'f1' } as never);
    log.add({ type: 'request.timeout', t: 600, msgId: 'c' } as never); // after f1 + grace
    return log;
  }

  it('records faults with target text, params and end time', () => {
    const log = run();
    expect(log.faults).toEqual([
      {
        faultId: 'f1',
        kind: 'latency',
        target: 'gateway<->broker',
        start: 100,
        end: 300,
        params: { addMs: 300 },
      },
      { faultId: 'f2', kind: 'kill', target: 'orders#1', start: 200, end: null, params: {} },
    ]);
  });

  it('a tagged effect belongs only to its fault; an untagged one to the faults active then', () => {
    const log = run();
    const [f1, f2] = log.faults;
    expect(effectsOf(f1!, log.effects, 700).map((e) => e.msgId)).toEqual(['a']);
    expect(effectsOf(f2!, log.effects, 700).map((e) => e.msgId)).toEqual(['b', 'c']);
  });

  it('activeAt lists the faults in force at a time', () => {
    const log = run();
    expect(activeAt(log.faults, 250).map((f) => f.faultId)).toEqual(['f1', 'f2']);
    expect(activeAt(log.faults, 350).map((f) => f.faultId)).toEqual(['f2']);
  });

  it('an unknown fault.cleared changes nothing', () => {
    const log = new FaultLog();
    expect(log.add({ type: 'fault.cleared', t: 1, faultId: 'zz' } as never)).toBe(false);
  });
});
