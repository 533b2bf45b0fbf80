import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';

/** The public command's refusals: each exits 2 with one line on stderr, nothing left running. */
function tap(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/tap.ts', ...args], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A loopback port nothing listens on (taken, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('npm run tap: bad input exits 2 with one line', { timeout: 60_000 }, () => {
  it.each([
    [[], /^tap: --transport is required/],
    [['--transport', 'amqp'], /^tap: unknown transport amqp \(redis, nats, mqtt or rmq\)/],
    [['--transport', 'kafka'], /^tap: kafka is not supported by the tap: no Kafka broker/],
    [['--transport', 'tcp'], /^tap: tcp is not supported by the tap: TCP has no broker/],
    [['--transport', 'grpc'], /^tap: grpc is not supported by the tap/],
    [['--transport', 'redis', '--port', 'x'], /^tap: --port must be 0–65535/],
    [['--transport', 'redis', '--bogus'], /^tap: unknown argument --bogus/],
  ])('%j', (args, message) => {
    const r = tap(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each(['redis', 'nats', 'mqtt', 'rmq'])(
    'a %s broker that is not there: one clear line, exit 2',
    async (kind) => {
      const port = await closedPort();
      const scheme = { redis: 'redis', nats: 'nats', mqtt: 'mqtt', rmq: 'amqp' }[kind];
      const r = tap('--transport', kind, '--url', `${scheme}://127.0.0.1:${port}`, '--port', '0');
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        new RegExp(`^tap: cannot connect to \\S+ at ${scheme}://127\\.0\\.0\\.1:${port}`),
      );
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    },
  );

  it('a password in the broker URL is never printed', async () => {
    const port = await closedPort();
    const r = tap(
      '--transport',
      'redis',
      '--url',
      `redis://app:s3cret@127.0.0.1:${port}`,
      '--port',
      '0',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`redis://app:***@127.0.0.1:${port}`);
    expect(r.stderr + r.stdout).not.toContain('s3cret');
  });
});
