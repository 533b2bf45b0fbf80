/**
 * History as data: the run timeline rewinds and forks; a run round-trips through Share, Save and
 * Open; the CLI replays a saved run to the same trace, byte for byte. What the page shows after a
 * rewind is checked against a straight run computed in Node from the page's own run file.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { parseInputText } from '../src/scenario';
import { MESSAGE_KINDS } from '../src/run/frame';
import { RunSession } from '../src/run/session';
import { fnv1a, FNV_OFFSET } from '../src/run/hash';
import { BrokerLab, expect, test } from './fixtures';

type RunFile = { kind: string; at: number; seed: number; commands: Record<string, unknown>[] };

const runFile = (page: Page, at?: number) =>
  page.evaluate((t) => window.__brokerlab!.runFile(t), at) as Promise<RunFile>;

/** Plays until the clock passes `t`, then pauses (returns the paused time). */
async function playUntil(app: BrokerLab, t: number): Promise<number> {
  await app.page.locator('[data-id="play"][data-state="paused"]').click();
  await expect.poll(() => app.now(), { timeout: 30_000 }).toBeGreaterThan(t);
  await app.page.locator('[data-id="play"][data-state="playing"]').click();
  return app.now();
}

/** The straight run of a run file in Node, at `t`: tokens and the newest log line's time. */
function straight(file: RunFile, t: number) {
  const parsed = parseInputText(JSON.stringify(file));
  if (!parsed.ok) throw new Error(parsed.error.map((i) => i.message).join('; '));
  const s = new RunSession(parsed.value);
  const f = s.seek(t);
  const tokens = [];
  for (let i = 0; i < f.tokens.count; i++)
    tokens.push({
      msgId: s.describe(f.tokens.id[i]!)?.msgId,
      kind: MESSAGE_KINDS[f.tokens.kind[i]!],
      t: f.tokens.t[i],
      arriveAt: f.tokens.arriveAt[i],
    });
  return { tokens, newest: f.log?.lines[0]?.t, instances: f.state?.instances };
}

const pageTokens = async (app: BrokerLab) =>
  (await app.tokens()).map(({ msgId, kind, t, arriveAt }) => ({ msgId, kind, t, arriveAt }));

test('rewinding before a kill shows the instance up again with the same tokens and log; acting forks the run', async ({
  app,
  page,
}, testInfo) => {
  await app.open({ scenario: 'orders', speed: '8' });
  const before = await playUntil(app, 600);
  await app.chip('orders#2').click(); // kill at ~before
  await expect(app.chip('orders#2')).toHaveAttribute('data-state', 'down');
  await playUntil(app, before + 400);
  const killedAt = (await runFile(page)).commands[0]!.at as number;
  expect((await runFile(page)).commands[0]).toEqual({ at: killedAt, kill: 'orders#2' });

  // Drag the timeline's playhead back to about a third of the way before the kill.
  const track = page.locator('[data-id="timeline-track"]');
  const box = (await track.boundingBox())!;
  const end = Number(await track.getAttribute('data-end'));
  const target = killedAt * 0.6;
  // The axis keeps 10 px free at both ends (Timeline's PAD).
  const xOf = (ms: number) => box.x + 10 + (ms / end) * (box.width - 20);
  await page.mouse.move(xOf(killedAt), box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(xOf(target), box.y + box.height / 2, { steps: 6 });
  await page.mouse.up();
  await expect.poll(() => app.now()).toBeLessThan(killedAt);
  const t = await app.now();
  expect(Math.abs(t - target)).toBeLessThan(end / 50);
  await expect(app.chip('orders#2')).toHaveAttribute('data-state', 'up');
  await expect(page.locator('[data-id="timeline-status"]')).toContainText('Recorded future');
  await page.screenshot({ path: testInfo.outputPath('timeline-rewound.png') });

  // Exactly what a straight run of the same run shows at that time.
  const want = straight(await runFile(page), t);
  await expect.poll(() => pageTokens(app)).toEqual(want.tokens);
  const newest = await app.log.locator('li').first().getAttribute('data-t');
  expect(Number(newest)).toBe(want.newest);
  expect(Number(newest)).toBeLessThanOrEqual(t);

  // Play on without acting: the recorded future (the kill) happens again.
  await playUntil(app, killedAt + 50);
  await expect(app.chip('orders#2')).toHaveAttribute('data-state', 'down');

  // Rewind again and act differently: a new branch, the old kill is gone.
  await track.focus();
  await page.keyboard.press('Home');
  await expect.poll(() => app.now()).toBe(0);
  await expect(app.chip('orders#2')).toHaveAttribute('data-state', 'up');
  await app.chip('notifications#1').click();
  await expect(page.locator('[data-id="timeline-status"]')).toContainText('New branch');
  await playUntil(app, killedAt + 100);
  await expect(app.chip('orders#2')).toHaveAttribute('data-state', 'up');
  await expect(app.chip('notifications#1')).not.toHaveAttribute('data-state', 'up');
  const forked = await runFile(page);
  expect(forked.commands).toEqual([{ at: 0, kill: 'notifications#1' }]);
  await page.screenshot({ path: testInfo.outputPath('timeline-forked.png') });
  expect(app.errors).toEqual([]);
});

test('Share "with my actions, at this moment" opens the same run, paused at that moment', async ({
  app,
  page,
  context,
}) => {
  await app.open({ scenario: 'orders', speed: '8' });
  await playUntil(app, 300);
  await app.chip('notifications#1').click();
  await app.fire('POST /orders').click();
  const at = await playUntil(app, 700);
  const mine = await runFile(page);
  await page.locator('[data-id="share"]').click();
  const dialog = page.getByRole('dialog', { name: 'Share this scenario' });
  await expect(dialog.locator('[data-id="share-run"]')).toBeChecked();
  const field = dialog.getByLabel('Link to this scenario');
  await expect(field).toHaveValue(/#s=[A-Za-z0-9_-]+$/);
  const url = await field.inputValue();

  const other = new BrokerLab(await context.newPage());
  await other.page.emulateMedia({ reducedMotion: 'reduce' });
  const link = new URL(url);
  link.searchParams.set('test', '1');
  await other.page.goto(link.toString());
  await expect.poll(() => other.snapshot().then((s) => s?.phase)).toBe('ready');
  await expect.poll(() => other.now()).toBe(Math.floor(at));
  expect((await other.snapshot())?.playing).toBe(false);
  await expect(other.chip('notifications#1')).toHaveAttribute('data-state', 'down');
  expect((await runFile(other.page)).commands).toEqual(mine.commands);
  expect(other.errors).toEqual([]);
});

test('a saved run opens again through Open…, and the CLI replays it to the same trace', async ({
  app,
  page,
}) => {
  await app.open({ scenario: 'orders', speed: '8' });
  await playUntil(app, 200);
  await app.fire('POST /orders').click();
  await app.chip('orders#2').click();
  await playUntil(app, 900);
  // Step lands on a whole-ms event time: the saved moment is exactly the engine's.
  await page.locator('[data-id="step"]').click();
  await expect.poll(() => app.now().then((n) => Number.isInteger(n))).toBe(true);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('[data-id="save-run"]').click(),
  ]);
  const path = await download.path();
  const text = readFileSync(path, 'utf8');
  const file = JSON.parse(text) as RunFile;
  expect(file.kind).toBe('run');
  expect(file.at).toBe(await app.now());
  expect(file.commands.map((c) => Object.keys(c)[1])).toEqual(['http', 'kill']);
  const browser = await page.evaluate(() => window.__brokerlab!.traceHash());

  // The CLI, exactly as the README shows it: the same NDJSON the page's worker produced.
  const cli = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/simulate.ts', path], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  expect(cli.stderr).toBe('');
  expect(cli.stdout.trim().split('\n')).toHaveLength(browser.events);
  expect(fnv1a(cli.stdout, FNV_OFFSET).toString(16).padStart(8, '0')).toBe(browser.hash);

  // Open… the file in a fresh page: the same run, at the same moment.
  await app.open({ scenario: 'orders' });
  await page.locator('[data-id="open-scenario"]').click();
  await page.locator('[data-id="import-file"]').setInputFiles({
    name: 'my-run.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect.poll(() => app.now()).toBe(file.at);
  await expect(app.chip('orders#2')).toHaveAttribute('data-state', 'down');
  expect((await runFile(page)).commands).toEqual(file.commands);
  expect(app.errors).toEqual([]);
});

test('a bad run file is refused with the field that is wrong, and the running scenario stays', async ({
  app,
  page,
}) => {
  await app.open({ scenario: 'orders' });
  const scenario = JSON.parse(readFileSync('simulations/orders.json', 'utf8'));
  await page.locator('[data-id="open-scenario"]').click();
  await page.locator('[data-id="import-text"]').fill(
    JSON.stringify({
      version: 1,
      kind: 'run',
      scenario,
      seed: 1,
      commands: [{ at: 5, kill: 'order#1' }],
    }),
  );
  await page.locator('[data-id="import-submit"]').click();
  await expect(page.locator('[data-id="import-issues"]')).toContainText(
    'commands[0].kill: no service "order" (did you mean "orders"?)',
  );
  expect((await app.snapshot())?.scenario).toBe('orders');
});
