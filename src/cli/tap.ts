/**
 * `npm run tap -- --transport redis|nats|mqtt|rmq --url <broker url> [--port N] [--app URL]
 * [--allow-origin ORIGIN] [--verbose]`: listens to a real broker without disturbing it and serves
 * the decoded NestJS envelopes to the app's Live view over a loopback WebSocket (docs/live.md).
 * Exit 2 with one line on stderr for bad arguments or a broker it cannot reach at start; later
 * outages are reported (terminal and app) while the client library reconnects.
 */
import { TAP_TRANSPORTS, type TapTransport } from '../live/protocol';
import { decode, describeFrame } from '../tap/decode';
import { listen, TapError, UNSUPPORTED } from '../tap/listen';
import { startServer } from '../tap/server';
import { fail } from './readInput';

const DEFAULT_PORT = 4300;
const DEFAULT_APP = 'http://127.0.0.1:5173/';
const USAGE =
  'usage: npm run tap -- --transport redis|nats|mqtt|rmq --url <broker url> [--port N] [--app URL] [--allow-origin ORIGIN] [--verbose]';

const DEFAULT_URL: Record<TapTransport, string> = {
  redis: 'redis://127.0.0.1:6379',
  nats: 'nats://127.0.0.1:4222',
  mqtt: 'mqtt://127.0.0.1:1883',
  rmq: 'amqp://127.0.0.1:5672',
};

interface Args {
  transport: TapTransport;
  url: string;
  port: number;
  app: string;
  allow: string[];
  verbose: boolean;
}

function parseArgs(argv: string[]): Args {
  let transport: string | undefined;
  let url: string | undefined;
  let port = DEFAULT_PORT;
  let app = DEFAULT_APP;
  const allow: string[] = [];
  let verbose = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`tap: ${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--transport') transport = value();
    else if (a === '--url') url = value();
    else if (a === '--port') {
      port = Number(value());
      if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`tap: --port must be 0–65535`);
    } else if (a === '--app') app = value();
    else if (a === '--allow-origin') allow.push(value());
    else if (a === '--verbose') verbose = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else fail(`tap: unknown argument ${a}\n${USAGE}`);
  }
  if (transport === undefined) fail(`tap: --transport is required\n${USAGE}`);
  if (UNSUPPORTED[transport]) fail(`tap: ${UNSUPPORTED[transport]}`);
  if (!(TAP_TRANSPORTS as readonly string[]).includes(transport))
    fail(`tap: unknown transport ${transport} (redis, nats, mqtt or rmq)`);
  const kind = transport as TapTransport;
  return { transport: kind, url: url ?? DEFAULT_URL[kind], port, app, allow, verbose };
}

/** The broker URL as shown to the app and the terminal: no password. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.href;
  } catch {
    return url;
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const broker = redact(args.url);
  let seq = 0;
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  let notices = 0;
  const listener = await listen(args.transport, args.url, {
    message(m) {
      const f = decode(m, ++seq, Date.now());
      if (f.type === 'notice') {
        notices++;
        process.stderr.write(`tap: ${describeFrame(f)}\n`);
      } else if (args.verbose) process.stdout.write(`${describeFrame(f)}\n`);
      server?.send(f);
    },
    status(state, detail) {
      process.stderr.write(`tap: ${detail}\n`);
      server?.send({ type: 'status', broker: state, detail });
    },
  }).catch((e: unknown) => {
    // The URL's password stays in this process: errors name the redacted URL.
    if (e instanceof TapError) fail(`tap: ${e.message.split(args.url).join(broker)}`);
    throw e;
  });
  server = await startServer(
    args.port,
    { type: 'hello', version: 1, transport: args.transport, broker, listening: listener.listening },
    args.allow,
    (origin) => process.stdout.write(`tap: the app connected (${origin})\n`),
  ).catch((e: Error) => fail(`tap: cannot listen on 127.0.0.1:${args.port}: ${e.message}`));
  const ws = `ws://127.0.0.1:${server.port}`;
  let open: string;
  try {
    const u = new URL(args.app);
    u.searchParams.set('live', ws);
    open = u.href.replace(encodeURIComponent(ws), ws);
  } catch {
    open = `${args.app}?live=${ws}`;
  }
  process.stdout.write(
    [
      `tap: listening to ${args.transport} at ${broker} — ${listener.listening}`,
      `tap: cost: ${listener.cost}`,
      `tap: serving on ${ws} (loopback only)`,
      `tap: open ${open}`,
      '',
    ].join('\n'),
  );
  // The firehose is off by default and nothing says so: a silent tap after a while is a hint.
  if (args.transport === 'rmq')
    setTimeout(() => {
      if (seq === 0)
        process.stderr.write(
          'tap: nothing from the firehose yet — did you run `rabbitmqctl trace_on` (on this vhost)?\n',
        );
    }, 15_000).unref();
  const stop = async () => {
    process.stdout.write(
      `tap: stopping (${seq} messages seen, ${notices} not decoded, ${server?.dropped() ?? 0} frames dropped for a slow page)\n`,
    );
    await Promise.allSettled([listener.stop(), server?.close()]);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

void main();
