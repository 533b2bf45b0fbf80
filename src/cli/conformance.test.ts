import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** The public command's refusals (no broker is started: each fails before). */
function conformance(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/conformance.ts', ...args], {
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const oneLine = (s: string) => s.trim().split('\n').length === 1;

describe('npm run conformance: bad input exits 2 with one line', { timeout: 60_000 }, () => {
  it.each([
    [
      ['simulations/conformance/fanout.json', '--transport', 'amqp'],
      /^--transport: expected one of redis, nats, rmq, mqtt, kafka, tcp, grpc, got "amqp"/,
    ],
    [
      ['simulations/conformance/fanout.json', '--format', 'xml'],
      /^--format: expected json or table, got "xml"/,
    ],
    [[], /^expected exactly one scenario or run file\. usage: conformance/],
    [['nope.json'], /^nope\.json: cannot read the file \(ENOENT\)/],
    // Kafka has no Debian package: said so, nothing started.
    [
      ['simulations/conformance/fanout.json', '--transport', 'kafka'],
      /^kafka: no Debian package runs a Kafka broker/,
    ],
    [
      ['simulations/nats-queue-group.json', '--transport', 'grpc'],
      /^grpc: orders's load balancer is modelled as a layer-7 proxy/,
    ],
  ])('%j', (args, message) => {
    const { code, stdout, stderr } = conformance(...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(oneLine(stderr)).toBe(true);
  });

  it('an invalid scenario is refused with its field, as simulate refuses it', () => {
    const { code, stderr } = conformance('package.json');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^package\.json: /);
  });
});
