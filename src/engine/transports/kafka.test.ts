/**
 * Kafka's default partitioner, pinned to the values the real clients give (docs/transports.md,
 * Kafka, partitioner). The expected hashes are published reference vectors of Kafka's murmur2
 * (the Java client's own unit-test vectors and the Java-compatible vectors kafkajs tests its
 * default partitioner with); the expected partitions are computed here from those hashes with the
 * partitioner's formula `toPositive(murmur2(keyBytes)) % numPartitions`, never read off the engine.
 */
import { describe, expect, it } from 'vitest';
import { buildModel, ofType, run } from '../testkit';
import { murmur2, partitionOf } from './kafka';

/** Reference murmur2 of UTF-8 keys, as published for the Java client (signed 32-bit). */
const REFERENCE: [key: string, hash: number][] = [
  // The Java client's unit-test vectors
  ['21', -973932308],
  ['foobar', -790332482],
  ['a-little-bit-long-string', -985981536],
  ['a-little-bit-longer-string', -1486304829],
  ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
  ['abc', 479470107],
  // Every tail length (1, 2, 3 bytes past a multiple of 4) and whole blocks.
  ['1', -1993445489],
  ['12', 126087238],
  ['123', -267702483],
  ['1234', -1614185708],
  ['12345', -1188365604],
  // kafkajs' Java-compatible partitioner vectors
  ['0', 971027396],
  ['128', -326012175],
  ['2187', -1508407203],
  ['16384', -325739742],
  ['279936', 1462227128],
  ['10000000', -1830336757],
  ['170859375', -1658323481],
  ['100:48069', 1009543857],
];

/** The Java client's `Utils.toPositive`: clears the sign bit (not Math.abs). */
const toPositive = (n: number) => n & 0x7fffffff;

/**
 * Partitions that the Java client's partitioner gives over 1000 partitions, as published in
 * kafka-python's Java-compatibility vectors (including the empty key and a NUL byte).
 */
const JAVA_PARTITIONS_OF_1000: [key: string, partition: number][] = [
  ['', 681],
  ['a', 524],
  ['ab', 434],
  ['abc', 107],
  ['123456789', 566],
  ['\u0000 ', 742],
];

/**
 * An independent oracle for keys outside the published vectors: murmur2 over bytes, written from
 * the Java client's algorithm and checked below against every published vector. Node's
 * TextEncoder gives the UTF-8 bytes kafkajs hashes (a lone surrogate becomes U+FFFD), without the
 * engine's own UTF-8 encoder.
 */
function murmur2OfBytes(data: Uint8Array): number {
  const m = 0x5bd1e995;
  let h = (0x9747b28c ^ data.length) | 0;
  const blocks = data.length >> 2;
  for (let b = 0; b < blocks; b++) {
    const i = b * 4;
    let k = data[i]! + (data[i + 1]! << 8) + (data[i + 2]! << 16) + (data[i + 3]! << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  const tail = blocks * 4;
  const rest = data.length % 4;
  if (rest === 3) h ^= data[tail + 2]! << 16;
  if (rest >= 2) h ^= data[tail + 1]! << 8;
  if (rest >= 1) {
    h ^= data[tail]!;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('kafka murmur2 (the default partitioner hash)', () => {
  it.each(REFERENCE)('murmur2(%j) is %i, as in the Java client', (key, hash) => {
    expect(murmur2(key)).toBe(hash);
  });

  it('the test oracle itself reproduces every published vector', () => {
    for (const [key, hash] of REFERENCE) expect(murmur2OfBytes(utf8(key))).toBe(hash);
    for (const [key, p] of JAVA_PARTITIONS_OF_1000)
      expect(toPositive(murmur2OfBytes(utf8(key))) % 1000).toBe(p);
  });

  it.each([
    ['é (2 UTF-8 bytes)', 'pedido-é'],
    ['ã and ç (2 bytes each)', 'ação'],
    ['€ (3 bytes)', 'preço-€10'],
    ['CJK (3 bytes each)', '注文-東京'],
    ['an emoji (surrogate pair, 4 bytes)', 'cliente-🚀'],
    ['two emoji in a row', '🚀🛰'],
    ['the highest code point', '\u{10ffff}'],
    ['a lone high surrogate at the end (U+FFFD)', 'key-\ud83d'],
    ['a lone high surrogate before a letter (U+FFFD)', '\ud83dx'],
    ['a lone low surrogate (U+FFFD)', 'a\ude80b'],
    // The edges of each UTF-8 length and of the surrogate ranges.
    ['U+007F and U+0080 (1 and 2 bytes)', '\u007f\u0080'],
    ['U+07FF and U+0800 (2 and 3 bytes)', '\u07ff\u0800'],
    ['U+D7FF, U+E000 and U+FFFF (3 bytes, not surrogates)', '\ud7ff\ue000\uffff'],
    ['U+10000, the first surrogate pair', '\ud800\udc00'],
    ['a lone U+D800 before a letter (U+FFFD)', '\ud800x'],
    ['a lone U+DFFF (U+FFFD)', '\udfff'],
    ['two low surrogates (two U+FFFD)', '\udc00\udc00'],
    ['a high surrogate before U+E000 (U+FFFD, then U+E000)', '\ud800\ue000'],
  ])('a key with %s hashes its UTF-8 bytes, as kafkajs does', (_what, key) => {
    expect(murmur2(key)).toBe(murmur2OfBytes(utf8(key)));
  });
});

describe('kafka partitionOf (keyed records)', () => {
  it.each(JAVA_PARTITIONS_OF_1000)(
    'key %j lands on partition %i of 1000, as with the Java client',
    (key, p) => {
      expect(partitionOf(key, 1000)).toBe(p);
    },
  );

  it('uses toPositive(murmur2) % partitions for every reference key and 1–12 partitions', () => {
    for (const [key, hash] of REFERENCE)
      for (let n = 1; n <= 12; n++) expect(partitionOf(key, n)).toBe(toPositive(hash) % n);
  });

  it('a negative hash keeps its low 31 bits (toPositive), not its absolute value', () => {
    // murmur2('21') = -973932308: toPositive → 1173551340, Math.abs → 973932308.
    expect(partitionOf('21', 1000)).toBe(340);
    expect(partitionOf('21', 7)).toBe(1173551340 % 7);
    expect(Math.abs(-973932308) % 1000).not.toBe(340);
  });

  it('keys spread over partitions: the reference keys do not all share one partition', () => {
    for (const n of [2, 3, 4, 6])
      expect(new Set(REFERENCE.map(([k]) => partitionOf(k, n))).size).toBeGreaterThan(1);
  });
});

describe('kafka records with a messageKey in a running simulation', () => {
  function keyed(messageKey: string, partitions: number) {
    const model = buildModel({
      transport: 'kafka',
      options: { partitions },
      services: [
        {
          id: 'orders',
          replicas: partitions,
          handlers: [{ pattern: 'order_created', kind: 'event' }],
        },
      ],
      routes: [{ path: '/orders', emit: 'order_created', to: ['orders'] }],
      script: [{ at: 0, command: { type: 'http', route: 'POST /orders', count: 3, everyMs: 20 } }],
    });
    for (const r of model.routes) r.messageKey = messageKey;
    const { sim, trace } = run(model);
    sim.runUntil(10_000);
    return { sim, trace };
  }

  it.each([
    ['foobar', 3],
    ['foobar', 4],
    ['foobar', 5],
    ['a-little-bit-long-string', 4],
    ['abc', 6],
    ['21', 7],
  ] as const)(
    'key %j with %i partitions: every record goes to the Java partitioner’s partition',
    (key, n) => {
      const expected = toPositive(REFERENCE.find(([k]) => k === key)![1]) % n;
      const { sim, trace } = keyed(key, n);
      const wire = ofType(trace, 'hop').filter((h) => h.kind === 'event' && h.to === 'broker');
      expect(wire.map((h) => h.wire!.headers!.partition)).toEqual([expected, expected, expected]);
      expect(wire.map((h) => h.wire!.body.key)).toEqual([key, key, key]);
      expect(ofType(trace, 'message.delivered').map((d) => d.partition)).toEqual([
        expected,
        expected,
        expected,
      ]);
      const topic = sim.snapshot().queues.find((q) => q.name === 'order_created')!;
      expect(topic.partitions!.map((p) => p.end)).toEqual(
        Array.from({ length: n }, (_, p) => (p === expected ? 3 : 0)),
      );
    },
  );

  it('`customer-{n%3}` keys: request n goes where the Java partitioner puts `customer-<n mod 3>`', () => {
    const model = buildModel({
      transport: 'kafka',
      options: { partitions: 4 },
      services: [
        { id: 'orders', replicas: 4, handlers: [{ pattern: 'order_created', kind: 'event' }] },
      ],
      routes: [{ path: '/orders', emit: 'order_created', to: ['orders'] }],
      script: [{ at: 0, command: { type: 'http', route: 'POST /orders', count: 6, everyMs: 20 } }],
    });
    for (const r of model.routes) r.messageKey = 'customer-{n%3}';
    const { sim, trace } = run(model);
    sim.runUntil(10_000);
    const wire = ofType(trace, 'hop').filter((h) => h.kind === 'event' && h.to === 'broker');
    const keys = [1, 2, 3, 4, 5, 6].map((n) => `customer-${n % 3}`);
    expect(wire.map((h) => h.wire!.body.key)).toEqual(keys);
    expect(wire.map((h) => h.wire!.headers!.partition)).toEqual(
      keys.map((k) => toPositive(murmur2OfBytes(utf8(k))) % 4),
    );
  });
});
