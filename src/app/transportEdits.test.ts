import { describe, expect, it } from 'vitest';
import {
  applyTransportEdits,
  editsFromParam,
  withServiceEdit,
  withServiceKind,
} from './transportEdits';

const file = {
  version: 1,
  title: 'T',
  transport: { kind: 'rmq', options: { noAck: true } },
  nodes: [
    { id: 'client', type: 'client' },
    { id: 'gateway', type: 'gateway' },
    { id: 'broker', type: 'broker', position: { x: 1, y: 2 } },
    {
      id: 'orders',
      type: 'service',
      replicas: 2,
      transport: { kind: 'rmq', options: { queue: 'orders_queue' } },
      handlers: [{ pattern: 'get_order', kind: 'request' }],
    },
    { id: 'mail', type: 'service', handlers: [{ pattern: 'order_created', kind: 'event' }] },
  ],
  routes: [],
  script: [
    { at: 5, brokerDown: true },
    { at: 6, http: 'GET /x' },
  ],
};
type F = typeof file;
const svc = (f: unknown, id: string) =>
  (f as F).nodes.find((n) => n.id === id) as Record<string, unknown>;

describe('applying transport edits to a scenario file', () => {
  it('with no edits the file is returned untouched', () => {
    expect(applyTransportEdits(file, { services: {} })).toBe(file);
  });

  it('switching to redis drops rmq options, keeps the broker and does not touch the input', () => {
    const out = applyTransportEdits(file, editsFromParam('redis'));
    expect((out as F).transport).toEqual({ kind: 'redis' });
    expect(svc(out, 'orders').transport).toEqual({ kind: 'redis', options: {} });
    expect(svc(out, 'broker')).toBeDefined();
    expect(file.nodes[3]!.transport!.kind).toBe('rmq');
  });

  it('moving a service to rmq gives it its own queue', () => {
    const out = applyTransportEdits(applyTransportEdits(file, editsFromParam('nats')), {
      services: {},
    });
    const back = applyTransportEdits(out, withServiceKind({ services: {} }, 'mail', 'rmq'));
    expect(svc(back, 'mail').transport).toEqual({ kind: 'rmq', options: { queue: 'mail_queue' } });
  });

  it('tcp everywhere removes the broker node and outage steps; 2 replicas get a load balancer', () => {
    const out = applyTransportEdits(file, editsFromParam('tcp')) as F;
    expect(out.nodes.some((n) => n.type === 'broker')).toBe(false);
    expect(out.script).toEqual([{ at: 6, http: 'GET /x' }]);
    expect(svc(out, 'orders').transport).toEqual({ kind: 'tcp', options: { loadBalancer: true } });
    expect(svc(out, 'mail').transport).toEqual({ kind: 'tcp', options: {} });
  });

  it('nats queue group and mqtt $share are opt-in toggles', () => {
    const nats = applyTransportEdits(
      file,
      withServiceEdit(editsFromParam('nats'), 'orders', { options: { queue: 'orders' } }),
    );
    expect(svc(nats, 'orders').transport).toEqual({ kind: 'nats', options: { queue: 'orders' } });
    const mqtt = applyTransportEdits(
      file,
      withServiceEdit(editsFromParam('mqtt'), 'orders', { options: { share: true } }),
    );
    expect((svc(mqtt, 'orders').handlers as { pattern: string }[])[0]!.pattern).toBe(
      '$share/orders/get_order',
    );
    const plain = applyTransportEdits(mqtt, editsFromParam('redis'));
    expect((svc(plain, 'orders').handlers as { pattern: string }[])[0]!.pattern).toBe('get_order');
  });

  it('rmq noAck:false from the switcher makes handlers ack', () => {
    const out = applyTransportEdits(
      file,
      withServiceEdit({ services: {} }, 'orders', { options: { noAck: false } }),
    );
    expect(svc(out, 'orders').transport).toEqual({
      kind: 'rmq',
      options: { noAck: false, queue: 'orders_queue' },
    });
    expect((svc(out, 'orders').handlers as { ack?: boolean }[])[0]!.ack).toBe(true);
  });
});
