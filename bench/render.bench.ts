/**
 * `npm run bench` (second half): the BUILT site in headless Chromium (software rendering, rAF at
 * the 60 Hz begin-frame rate). Expects `dist/` (`vite build` first); serves it on a free loopback
 * port and measures:
 *
 * - frame rate with ~500 / ~2,500 tokens in flight and the high-rate Redis fan-out (duplicates
 *   and drops, ~1,000 tokens) at 1×, and ~1,000 tokens and the fan-out at 4× CPU throttling
 *   (CDP `Emulation.setCPUThrottlingRate`): 0.5 s fps windows over ~5 s of steady play, median
 *   and p5 of the windows over all runs, long tasks (PerformanceObserver 'longtask'); each case
 *   beside a bare canvas drawing as many moving dots at the same throttle, measured in the same
 *   run (absolute fps differ by machine and by load: the ratio is the figure to judge);
 * - first interactive canvas (navigation start → React Flow nodes laid out and the sim `ready`),
 *   at 1× and 4× throttling;
 * - initial JS gzip (index.html's module script + its static imports / modulepreloads);
 * - trace identity: the trace up to virtual t=T hashed in the page (every event the worker hands
 *   over) at 1× and 4× throttling, and in Node with one `runUntil(T)`: all three must match;
 * - a browser soak (`--soak-seconds`, default 60 s wall at 8×): JS heap after GC and DOM nodes
 *   at start / end, console errors.
 *
 * Flags: `--quick` / `BENCH_QUICK=1` (1 run per case, 3 s of play, 20 s soak), `--save` /
 * `BENCH_SAVE=1` (write the `render` section of bench/results.json, keeping the others),
 * `--runs N`, `--soak-seconds N`, `--no-soak`, `--dist DIR` (a private build: others may rebuild
 * dist/ while the bench runs). Exit code 1 when the trace differs between 1×, 4× and Node.
 * Figures are medians over runs; others may share the machine, so expect a few % of noise.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { loadavg } from 'node:os';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type CDPSession,
  type Page,
} from '@playwright/test';
import { parseInputText } from '../src/scenario';
import { createRunPlayer } from '../src/run/player';
import { fnv1a, FNV_OFFSET } from '../src/run/hash';
import { METRICS_EVERY_MS } from '../src/run/session';
import { BENCH_SCENARIOS, FANOUT, type BenchScenario } from './benchScenarios';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS = new URL('./results.json', import.meta.url);

// ───────────────────────────── options ─────────────────────────────

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const numArg = (name: string, dflt: number) => {
  const i = argv.indexOf(name);
  const v = i >= 0 ? Number(argv[i + 1]) : NaN;
  return Number.isFinite(v) ? v : dflt;
};
const QUICK = flag('--quick') || process.env.BENCH_QUICK === '1';
const SAVE = flag('--save') || process.env.BENCH_SAVE === '1';
/** `--dist DIR`: a private build (others may rebuild dist/ while the bench runs). */
const DIST = (() => {
  const i = argv.indexOf('--dist');
  return i >= 0 && argv[i + 1] ? resolve(argv[i + 1]!) : join(ROOT, 'dist');
})();
const RUNS = numArg('--runs', QUICK ? 1 : 3);
const MEASURE_MS = QUICK ? 3000 : 5000;
const WARMUP_MS = 1500;
const SOAK_S = flag('--no-soak') ? 0 : numArg('--soak-seconds', QUICK ? 20 : 60);
const FI_RUNS = QUICK ? 2 : 5;
/** Virtual time the trace-identity check plays to (speed 8 ⇒ 0.4 virtual ms per wall ms). */
const IDENTITY_T = 1000;

const CHROMIUM = process.env.PLAYWRIGHT_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const VIEWPORT = { width: 1440, height: 900 };

// ───────────────────────────── small helpers ─────────────────────────────

const median = (xs: number[]) => quantile(xs, 0.5);
function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

// ───────────────────────────── static server for dist/ ─────────────────────────────

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * The same-run reference: a bare page with one canvas the size of the app's that draws `n` dots
 * moving along 40 fixed lanes, each frame, the cheapest way the app could (a pre-rendered dot
 * copied at whole pixels). No React, no worker, no nodes: what drawing that many moving things
 * costs on this machine right now. The app's fps are reported as a ratio to it.
 */
const REFERENCE_HTML = `<!doctype html><html><head><meta charset="utf-8"><style>
html,body{margin:0;height:100%;background:#f4f6f9}canvas{display:block;width:100vw;height:100vh}
</style></head><body><canvas id="c"></canvas><script>
const n = Number(new URLSearchParams(location.search).get('n')) || 1000;
const c = document.getElementById('c');
const ctx = c.getContext('2d');
const dpr = devicePixelRatio || 1;
const W = innerWidth, H = innerHeight;
c.width = W * dpr; c.height = H * dpr;
let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
const lanes = Array.from({ length: 40 }, () => [rand() * W, rand() * H, rand() * W, rand() * H]);
const dots = Array.from({ length: n }, () => ({ lane: lanes[(rand() * 40) | 0], t0: rand() * 2000, span: 600 + rand() * 1400 }));
const sprite = new OffscreenCanvas(20 * dpr, 20 * dpr);
const s = sprite.getContext('2d');
s.scale(dpr, dpr); s.beginPath(); s.arc(10, 10, 6, 0, Math.PI * 2);
s.fillStyle = '#1d4ed8'; s.fill(); s.strokeStyle = '#fff'; s.lineWidth = 2; s.stroke();
const img = sprite.transferToImageBitmap();
window.__brokerlab = { snapshot: () => ({ phase: 'ready', now: 0 }), tokenCount: () => n, now: () => 0 };
const draw = (now) => {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, c.width, c.height);
  for (const d of dots) {
    const p = ((now - d.t0) % d.span) / d.span;
    const [ax, ay, bx, by] = d.lane;
    ctx.drawImage(img, Math.round((ax + (bx - ax) * Math.abs(p)) * dpr - 10 * dpr), Math.round((ay + (by - ay) * Math.abs(p)) * dpr - 10 * dpr));
  }
  requestAnimationFrame(draw);
};
requestAnimationFrame(draw);
</script></body></html>`;

/** A tiny loopback static server (no compression, like `vite preview`). */
function serveDist(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/__reference.html') {
      res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-cache' });
      res.end(REFERENCE_HTML);
      return;
    }
    let file = normalize(join(DIST, path));
    if (!file.startsWith(DIST)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
    });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}/` });
    }),
  );
}

// ───────────────────────────── initial JS ─────────────────────────────

interface InitialJs {
  files: string[];
  rawKb: number;
  gzipKb: number;
  cssGzipKb: number;
}

/** index.html's module scripts + modulepreloads, then their static imports, transitively. */
function initialJs(): InitialJs {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const attr = (tag: string, name: string) => new RegExp(`${name}="([^"]+)"`).exec(tag)?.[1];
  const queue: string[] = [];
  const css: string[] = [];
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    if (tag.startsWith('<script') && /type="module"/.test(tag) && attr(tag, 'src'))
      queue.push(attr(tag, 'src')!);
    if (tag.startsWith('<link') && /rel="modulepreload"/.test(tag)) queue.push(attr(tag, 'href')!);
    if (tag.startsWith('<link') && /rel="stylesheet"/.test(tag)) css.push(attr(tag, 'href')!);
  }
  const seen = new Set<string>();
  const toPath = (ref: string, from = '') =>
    normalize(join(from ? join(from, '..') : '', ref.replace(/^\.?\//, ''))).replace(/\\/g, '/');
  const files = queue.map((r) => toPath(r));
  while (files.length) {
    const f = files.shift()!;
    if (seen.has(f) || !existsSync(join(DIST, f))) continue;
    seen.add(f);
    const code = readFileSync(join(DIST, f), 'utf8');
    // Static imports only (`import{a}from"./x.js"`, `import"./x.js"`, `export*from"./x.js"`), not import().
    for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*["'](\.{1,2}\/[^"']+\.js)["']/g))
      files.push(toPath(m[1]!, f));
  }
  let raw = 0;
  let gz = 0;
  for (const f of seen) {
    const buf = readFileSync(join(DIST, f));
    raw += buf.length;
    gz += gzipSync(buf, { level: 9 }).length;
  }
  let cssGz = 0;
  for (const c of css) {
    const p = join(DIST, toPath(c));
    if (existsSync(p)) cssGz += gzipSync(readFileSync(p), { level: 9 }).length;
  }
  return {
    files: [...seen],
    rawKb: round(raw / 1024),
    gzipKb: round(gz / 1024),
    cssGzipKb: round(cssGz / 1024),
  };
}

// ───────────────────────────── page scripts ─────────────────────────────

/**
 * Init script: records the first frame at which the canvas is interactive (React Flow nodes laid
 * out with a size, and the sim `ready`), relative to navigation start (performance.now()).
 */
const FIRST_INTERACTIVE = `(() => {
  const marks = (window.__benchMarks = {});
  const check = () => {
    const now = performance.now();
    const hook = window.__brokerlab;
    if (hook && marks.hook === undefined) marks.hook = now;
    const ready = hook && hook.snapshot().phase === 'ready';
    if (ready && marks.ready === undefined) marks.ready = now;
    const node = document.querySelector('.react-flow__node');
    if (node && marks.nodes === undefined && node.getBoundingClientRect().width > 0) marks.nodes = now;
    if (marks.ready !== undefined && marks.nodes !== undefined) {
      window.__benchFirstInteractive = now;
      return;
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();`;

interface Hook {
  snapshot(): { phase: string; now: number };
  tokensInFlight(): Promise<unknown[]>;
  /** Tokens in the newest frame. */
  tokenCount(): number;
  now(): number;
  pause?(): void;
  traceHash(): Promise<{ hash: string; events: number; now: number }>;
}
declare global {
  interface Window {
    __benchFirstInteractive?: number;
    /** First frame with: the test hook installed (main module ran), sim ready, nodes laid out. */
    __benchMarks?: { hook?: number; ready?: number; nodes?: number };
  }
}
/** The app's test hook, typed here (e2e/fixtures.ts declares the global with its own shape). */
type HookWindow = { __brokerlab?: Hook };

// ───────────────────────────── browser plumbing ─────────────────────────────

interface Opened {
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  errors: string[];
}

async function open(
  browser: Browser,
  params: Record<string, string>,
  opts: { throttle?: number; initScripts?: string[]; path?: string } = {},
): Promise<Opened> {
  const context = await browser.newContext({ viewport: VIEWPORT, serviceWorkers: 'block' });
  // tsx (esbuild keepNames) wraps named functions in `__name(…)`; functions sent to the page
  // through page.evaluate carry that call, so give the page a no-op one.
  await context.addInitScript({ content: 'window.__name = (f) => f;' });
  for (const s of opts.initScripts ?? []) await context.addInitScript({ content: s });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  const cdp = await context.newCDPSession(page);
  if (opts.throttle && opts.throttle !== 1)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: opts.throttle });
  const q = new URLSearchParams({ test: '1', ...params });
  await page.goto(`${baseUrl}${opts.path ?? ''}?${q}`);
  await page.waitForFunction(
    () => (window as unknown as HookWindow).__brokerlab?.snapshot().phase === 'ready',
    null,
    {
      timeout: 30_000,
      polling: 100,
    },
  );
  return { context, page, cdp, errors };
}

// ───────────────────────────── fps ─────────────────────────────

interface FpsRun {
  windows: number[];
  fps: number;
  frameP95Ms: number;
  longTasks: number;
  longTaskMaxMs: number;
  tokens: number[];
}

/** rAF counter + long-task observer over `ms` of play, tokens in flight sampled every 250 ms. */
async function measureFps(page: Page, ms: number): Promise<FpsRun> {
  return page.evaluate(async (ms) => {
    const h = (window as unknown as HookWindow).__brokerlab!;
    const longTasks: number[] = [];
    const obs = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push(e.duration);
    });
    try {
      obs.observe({ type: 'longtask' });
    } catch {
      /* not supported: reported as 0 */
    }
    const frames: number[] = [];
    const windows: number[] = [];
    const tokens: number[] = [];
    await new Promise<void>((done) => {
      const start = performance.now();
      let last = start;
      let winStart = start;
      let winFrames = 0;
      let nextSample = start;
      const tick = (now: number) => {
        frames.push(now - last);
        last = now;
        winFrames++;
        if (now - winStart >= 500) {
          windows.push((winFrames * 1000) / (now - winStart));
          winStart = now;
          winFrames = 0;
        }
        if (now >= nextSample) {
          tokens.push(h.tokenCount());
          nextSample = now + 250;
        }
        if (now - start < ms) requestAnimationFrame(tick);
        else done();
      };
      requestAnimationFrame((t) => {
        last = winStart = nextSample = t;
        requestAnimationFrame(tick);
      });
    });
    obs.disconnect();
    const sorted = [...frames].sort((a, b) => a - b);
    const total = frames.reduce((a, b) => a + b, 0);
    return {
      windows,
      fps: (frames.length * 1000) / total,
      frameP95Ms: sorted[Math.floor(sorted.length * 0.95)] ?? NaN,
      longTasks: longTasks.length,
      longTaskMaxMs: longTasks.length ? Math.max(...longTasks) : 0,
      tokens,
    };
  }, ms);
}

interface FpsCase {
  name: string;
  scenario: BenchScenario | typeof FANOUT.name;
  /** Tokens the case is about (it waits for 90 % of them before measuring). */
  tokens: number;
  throttle: number;
  target: number;
}
interface FpsResult {
  case: string;
  throttle: number;
  tokensMedian: number;
  fpsMedian: number;
  fpsP5: number;
  fpsMean: number;
  frameP95Ms: number;
  longTasks: number;
  longTaskMaxMs: number;
  target: number;
  errors: number;
  /** The bare-canvas reference with as many dots, same throttle, measured right after. */
  referenceFps: number;
}

async function referenceFps(browser: Browser, n: number, throttle: number): Promise<number> {
  const windows: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const o = await open(browser, { n: String(n) }, { throttle, path: '__reference.html' });
    await o.page.waitForTimeout(WARMUP_MS);
    windows.push(...(await measureFps(o.page, MEASURE_MS)).windows);
    await o.context.close();
  }
  return round(median(windows));
}

async function fpsCase(browser: Browser, c: FpsCase): Promise<FpsResult> {
  const runs: FpsRun[] = [];
  let errors = 0;
  for (let i = 0; i < RUNS; i++) {
    const o = await open(
      browser,
      { scenario: c.scenario, speed: '1', autoplay: '1' },
      { throttle: c.throttle },
    );
    const want = c.tokens * 0.9;
    await o.page.waitForFunction(
      (n) => ((window as unknown as HookWindow).__brokerlab?.tokenCount() ?? 0) >= n,
      want,
      {
        timeout: 30_000,
        polling: 100,
      },
    );
    await o.page.waitForTimeout(WARMUP_MS);
    runs.push(await measureFps(o.page, MEASURE_MS));
    errors += o.errors.length;
    await o.context.close();
  }
  const windows = runs.flatMap((r) => r.windows);
  const tokensMedian = Math.round(median(runs.flatMap((r) => r.tokens)));
  return {
    case: c.name,
    throttle: c.throttle,
    referenceFps: await referenceFps(browser, tokensMedian, c.throttle),
    tokensMedian,
    fpsMedian: round(median(windows)),
    fpsP5: round(quantile(windows, 0.05)),
    fpsMean: round(median(runs.map((r) => r.fps))),
    frameP95Ms: round(median(runs.map((r) => r.frameP95Ms))),
    // Worst run: a budget of "no long task" is broken by one.
    longTasks: Math.max(...runs.map((r) => r.longTasks)),
    longTaskMaxMs: round(Math.max(...runs.map((r) => r.longTaskMaxMs))),
    target: c.target,
    errors,
  };
}

// ───────────────────────────── first interactive ─────────────────────────────

interface FirstInteractive {
  total: number[];
  /** Medians of the milestones (ms from navigation start). */
  dcl: number;
  hook: number;
  ready: number;
  nodes: number;
}

async function firstInteractive(browser: Browser, throttle: number): Promise<FirstInteractive> {
  const runs: { total: number; dcl: number; hook: number; ready: number; nodes: number }[] = [];
  for (let i = 0; i < FI_RUNS; i++) {
    const o = await open(
      browser,
      { scenario: 'orders' },
      { throttle, initScripts: [FIRST_INTERACTIVE] },
    );
    await o.page.waitForFunction(() => window.__benchFirstInteractive !== undefined, null, {
      timeout: 30_000,
    });
    runs.push(
      await o.page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        const m = window.__benchMarks!;
        return {
          total: window.__benchFirstInteractive!,
          dcl: nav.domContentLoadedEventEnd,
          hook: m.hook ?? NaN,
          ready: m.ready ?? NaN,
          nodes: m.nodes ?? NaN,
        };
      }),
    );
    await o.context.close();
  }
  const med = (k: keyof (typeof runs)[number]) => round(median(runs.map((r) => r[k])), 0);
  return {
    total: runs.map((r) => round(r.total, 0)),
    dcl: med('dcl'),
    hook: med('hook'),
    ready: med('ready'),
    nodes: med('nodes'),
  };
}

// ───────────────────────────── trace identity ─────────────────────────────

interface TraceRun {
  hash: string;
  count: number;
}

async function browserTrace(
  browser: Browser,
  scenario: string,
  throttle: number,
): Promise<TraceRun & { now: number }> {
  // A test page: its worker fingerprints every trace event as the CLI's NDJSON would.
  const o = await open(browser, { scenario, speed: '8', autoplay: '1' }, { throttle });
  await o.page.waitForFunction(
    (t) => ((window as unknown as HookWindow).__brokerlab?.now() ?? 0) > t,
    IDENTITY_T,
    { timeout: 120_000, polling: 100 },
  );
  const st = await o.page.evaluate(() =>
    (window as unknown as HookWindow).__brokerlab!.traceHash(),
  );
  await o.context.close();
  return { hash: st.hash, count: st.events, now: st.now };
}

/**
 * The same run in Node, one `advanceTo(now)` (no frame-sized chunks at all), with the app's
 * metrics samples: what `npm run simulate` prints for it, hashed the same way.
 */
function nodeTrace(scenario: string, now: number): TraceRun {
  const text = readFileSync(join(ROOT, 'simulations', `${scenario}.json`), 'utf8');
  const parsed = parseInputText(text);
  if (!parsed.ok) throw new Error(`${scenario}: ${JSON.stringify(parsed.error)}`);
  let hash = FNV_OFFSET;
  let count = 0;
  const player = createRunPlayer(parsed.value.model, [], {
    metricsEveryMs: METRICS_EVERY_MS,
    onTrace: (e) => {
      hash = fnv1a(`${JSON.stringify(e)}\n`, hash);
      count++;
    },
  });
  player.advanceTo(now);
  return { hash: hash.toString(16).padStart(8, '0'), count };
}

// ───────────────────────────── browser soak ─────────────────────────────

interface SoakResult {
  seconds: number;
  virtualMs: number;
  heapStartMb: number;
  heapEndMb: number;
  domNodesStart: number;
  domNodesEnd: number;
  listenersStart: number;
  listenersEnd: number;
  consoleErrors: number;
  errorSamples: string[];
}

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

async function browserSoak(browser: Browser, seconds: number): Promise<SoakResult> {
  const o = await open(browser, { scenario: 'bench-500', speed: '8', autoplay: '1' });
  await o.cdp.send('Performance.enable');
  await o.page.waitForTimeout(3000);
  const start = await metrics(o.cdp);
  const v0 = await o.page.evaluate(() => (window as unknown as HookWindow).__brokerlab!.now());
  await o.page.waitForTimeout(seconds * 1000);
  const end = await metrics(o.cdp);
  const v1 = await o.page.evaluate(() => (window as unknown as HookWindow).__brokerlab!.now());
  const result: SoakResult = {
    seconds,
    virtualMs: Math.round(v1 - v0),
    heapStartMb: round(start.JSHeapUsedSize! / 1e6),
    heapEndMb: round(end.JSHeapUsedSize! / 1e6),
    domNodesStart: start.Nodes!,
    domNodesEnd: end.Nodes!,
    listenersStart: start.JSEventListeners!,
    listenersEnd: end.JSEventListeners!,
    consoleErrors: o.errors.length,
    errorSamples: o.errors.slice(0, 3),
  };
  await o.context.close();
  return result;
}

// ───────────────────────────── main ─────────────────────────────

let baseUrl = '';

async function main() {
  if (!existsSync(join(DIST, 'index.html'))) {
    console.error('dist/ is missing: run `npx vite build` first (npm run bench does).');
    process.exit(2);
  }
  for (const name of [...Object.keys(BENCH_SCENARIOS), FANOUT.name])
    if (!existsSync(join(ROOT, 'simulations', `${name}.json`))) {
      console.error(`simulations/${name}.json is missing: run \`tsx bench/benchScenarios.ts\`.`);
      process.exit(2);
    }
  const { server, url } = await serveDist();
  baseUrl = url;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const t0 = Date.now();
  const loadAtStart = loadavg()[0]!.toFixed(1);
  const out: Record<string, number | string | boolean> = {};
  try {
    const js = initialJs();
    console.log(
      `initial JS: ${js.files.join(', ')} — ${js.rawKb} KB raw, ${js.gzipKb} KB gzip (CSS ${js.cssGzipKb} KB gzip)`,
    );
    out['initial JS gzip KB'] = js.gzipKb;

    const cases: FpsCase[] = [
      { name: '500 tokens', scenario: 'bench-500', tokens: 500, throttle: 1, target: 55 },
      { name: '2,500 tokens', scenario: 'bench-2500', tokens: 2500, throttle: 1, target: 55 },
      { name: 'fan-out', scenario: FANOUT.name, tokens: FANOUT.tokens, throttle: 1, target: 55 },
      {
        name: '1,000 tokens @4× CPU',
        scenario: 'bench-1000',
        tokens: 1000,
        throttle: 4,
        target: 30,
      },
      {
        name: 'fan-out @4× CPU',
        scenario: FANOUT.name,
        tokens: FANOUT.tokens,
        throttle: 4,
        target: 30,
      },
    ];
    const fps: FpsResult[] = [];
    for (const c of cases) {
      const r = await fpsCase(browser, c);
      fps.push(r);
      console.log(
        `  ${c.name}: fps median ${r.fpsMedian} (p5 ${r.fpsP5}), tokens ${r.tokensMedian}, long tasks ${r.longTasks}; bare canvas ${r.referenceFps} fps`,
      );
    }

    const fi1 = await firstInteractive(browser, 1);
    const fi4 = await firstInteractive(browser, 4);

    const t1 = await browserTrace(browser, 'bench-500', 1);
    const t4 = await browserTrace(browser, 'bench-500', 4);
    const tn1 = nodeTrace('bench-500', t1.now);
    const tn4 = nodeTrace('bench-500', t4.now);
    // Each page stopped at its own moment past T: each is compared with Node run to that moment.
    const identical =
      t1.hash === tn1.hash &&
      t1.count === tn1.count &&
      t4.hash === tn4.hash &&
      t4.count === tn4.count;

    const soak = SOAK_S > 0 ? await browserSoak(browser, SOAK_S) : null;

    // ── report
    console.log(
      `\nrender bench (${RUNS} run(s) per case, ${MEASURE_MS / 1000} s of play each, fps in 0.5 s windows; ` +
        `load average at start ${loadAtStart}, now ${loadavg()[0]!.toFixed(1)} — a shared machine makes fps noisy)`,
    );
    console.log(
      [
        'case'.padEnd(22),
        'tokens'.padStart(7),
        'fps med'.padStart(8),
        'fps p5'.padStart(7),
        'mean'.padStart(6),
        'p95 ms'.padStart(7),
        'long tasks'.padStart(11),
        'max ms'.padStart(7),
        'target'.padStart(7),
        'ref fps'.padStart(8),
        'ratio'.padStart(6),
        '',
      ].join(' '),
    );
    for (const r of fps) {
      console.log(
        [
          r.case.padEnd(22),
          String(r.tokensMedian).padStart(7),
          String(r.fpsMedian).padStart(8),
          String(r.fpsP5).padStart(7),
          String(r.fpsMean).padStart(6),
          String(r.frameP95Ms).padStart(7),
          String(r.longTasks).padStart(11),
          String(r.longTaskMaxMs).padStart(7),
          `≥${r.target}`.padStart(7),
          String(r.referenceFps).padStart(8),
          (r.fpsMedian / r.referenceFps).toFixed(2).padStart(6),
          r.fpsMedian >= r.target && (r.longTasks === 0 || r.throttle > 1) ? 'ok' : 'MISSED',
        ].join(' '),
      );
      out[`${r.case} fps median`] = r.fpsMedian;
      out[`${r.case} fps p5`] = r.fpsP5;
      out[`${r.case} tokens`] = r.tokensMedian;
      out[`${r.case} long tasks`] = r.longTasks;
      out[`${r.case} vs bare canvas`] = round(r.fpsMedian / r.referenceFps, 2);
      if (r.errors) console.log(`    ${r.errors} console error(s) during ${r.case}`);
    }
    const fiMed1 = median(fi1.total);
    const fiMed4 = median(fi4.total);
    for (const [label, fi, med] of [
      ['1×', fi1, fiMed1],
      ['4× CPU', fi4, fiMed4],
    ] as const)
      console.log(
        `first interactive canvas at ${label}: ${round(med, 0)} ms median [${fi.total.join(', ')}] ` +
          `(DOMContentLoaded ${fi.dcl}, app started ${fi.hook}, sim ready ${fi.ready}, nodes laid out ${fi.nodes}; target ≤ 1000) ${med <= 1000 ? 'ok' : 'MISSED'}`,
      );
    console.log(
      `initial JS: ${js.gzipKb} KB gzip (target ≤ 180) ${js.gzipKb <= 180 ? 'ok' : 'MISSED'}`,
    );
    console.log(
      `trace identity past t=${IDENTITY_T} (bench-500, speed 8): 1× ${t1.hash}/${t1.count} events at ${t1.now} ms ≡ Node ${tn1.hash}/${tn1.count}; 4× ${t4.hash}/${t4.count} at ${t4.now} ms ≡ Node ${tn4.hash}/${tn4.count} — ${identical ? 'identical' : 'DIFFERENT'}`,
    );
    out['first interactive ms'] = round(fiMed1, 0);
    out['first interactive @4× ms'] = round(fiMed4, 0);
    out['trace identical 1×/4×/node'] = identical;
    if (soak) {
      console.log(
        `browser soak ${soak.seconds} s at 8× (${soak.virtualMs} virtual ms): heap after GC ${soak.heapStartMb} → ${soak.heapEndMb} MB, DOM nodes ${soak.domNodesStart} → ${soak.domNodesEnd}, listeners ${soak.listenersStart} → ${soak.listenersEnd}, console errors ${soak.consoleErrors}${soak.errorSamples.length ? ` (${soak.errorSamples.join(' | ')})` : ''}`,
      );
      out['soak heap growth MB'] = round(soak.heapEndMb - soak.heapStartMb);
      out['soak DOM node growth'] = soak.domNodesEnd - soak.domNodesStart;
      out['soak console errors'] = soak.consoleErrors;
    }
    console.log(`(render bench took ${Math.round((Date.now() - t0) / 1000)} s)`);

    // ── baseline
    const all = existsSync(RESULTS)
      ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, unknown>)
      : {};
    const base = (all.render ?? {}) as Record<string, number | string | boolean>;
    const ratios = Object.entries(out)
      .filter(([k, v]) => typeof v === 'number' && typeof base[k] === 'number' && base[k] !== 0)
      .map(([k, v]) => `${k} ${((v as number) / (base[k] as number)).toFixed(2)}×`);
    console.log(
      ratios.length
        ? `vs baseline: ${ratios.join(', ')}`
        : 'vs baseline: — (no render baseline yet)',
    );
    if (SAVE) {
      all.render = out;
      writeFileSync(RESULTS, `${JSON.stringify(all, null, 2)}\n`);
      console.log('render baseline written to bench/results.json');
    }
    if (!identical) process.exitCode = 1;
  } finally {
    await browser.close();
    server.close();
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
