/**
 * Hostile and broken input: nothing crashes, nothing is lost. Scenario import (paste, file),
 * share links (round trip and hostile ones), autosave (restore, corrupt storage) and a worker
 * that crashes or hangs.
 */
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { axeViolations, BrokerLab, expect, test } from './fixtures';

type Json = Record<string, unknown>;
const orders = (): Json =>
  JSON.parse(readFileSync(new URL('../simulations/orders.json', import.meta.url), 'utf8')) as Json;

const pack = (text: string) => deflateRawSync(Buffer.from(text, 'utf8')).toString('base64url');

const axe = axeViolations;

async function waitReady(app: BrokerLab) {
  await expect.poll(() => app.snapshot().then((s) => s?.phase)).toBe('ready');
}

async function openLink(app: BrokerLab, payload: string) {
  await app.page.goto(`./?test=1#s=${payload}`);
  await waitReady(app);
}

test.describe('scenario import', () => {
  test('a pasted scenario with a bad field is refused with its path; the running one keeps going', async ({
    app,
    page,
  }) => {
    await app.open({ speed: '8', autoplay: '1' });
    await page.locator('[data-id="open-scenario"]').click();
    const dialog = page.getByRole('dialog', { name: 'Open a scenario' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByLabel('Or paste the scenario JSON')).toBeVisible();
    const bad = orders();
    (bad.nodes as Json[])[3]!.replicas = -1;
    await dialog.getByLabel('Or paste the scenario JSON').fill(JSON.stringify(bad, null, 2));
    await dialog.locator('[data-id="import-submit"]').click();
    const issues = dialog.locator('[data-id="import-issues"]');
    await expect(issues).toBeVisible();
    await expect(issues).toHaveAttribute('role', 'alert');
    await expect(issues).toContainText('nodes[3].replicas: expected a whole number ≥ 0, got -1');
    expect(await axe(page, '[data-id="import-dialog"]')).toEqual([]);
    // The current scenario is still the one running, and its clock still moves.
    const before = await app.now();
    await expect.poll(() => app.now()).toBeGreaterThan(before);
    expect((await app.snapshot())?.scenario).toBe('orders');
    // Escape closes the dialog and focus returns to the button that opened it.
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.locator('[data-id="open-scenario"]')).toBeFocused();
    await expect(app.node('orders')).toBeVisible();
  });

  test('invalid JSON in the text box says where (line and column)', async ({ app, page }) => {
    await app.open();
    await page.locator('[data-id="open-scenario"]').click();
    await page.locator('[data-id="import-text"]').fill('{"version": 1,,}');
    await page.locator('[data-id="import-submit"]').click();
    await expect(page.locator('[data-id="import-issues"]')).toContainText(/line 1, column \d+/);
    expect((await app.snapshot())?.phase).toBe('ready');
  });

  test('a good file chosen in the file input opens', async ({ app, page }) => {
    await app.open();
    const file = orders();
    file.title = { en: 'My imported lab', 'pt-BR': 'Meu laboratório' };
    await page.locator('[data-id="open-scenario"]').click();
    await page.locator('[data-id="import-file"]').setInputFiles({
      name: 'my-lab.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(file)),
    });
    await expect(page.getByRole('dialog')).toBeHidden();
    await expect.poll(() => app.snapshot().then((s) => s?.scenario)).toBe('my-lab');
    await waitReady(app);
    await expect(page.locator('h1')).toContainText('My imported lab');
    await expect(page.locator('[data-id="notice-import"]')).toContainText('My imported lab');
    expect(app.errors).toEqual([]);
  });
});

test.describe('share links', () => {
  test('a link round-trips the scenario with a transport edit into a new page', async ({
    app,
    page,
    context,
  }) => {
    await app.open();
    await page.locator('[data-id="transport-panel"] summary').click();
    await page.locator('[data-id="transport-kind"]').selectOption('redis');
    await expect(app.node('broker').locator('.transport')).toHaveText('redis');
    await page.locator('[data-id="share"]').click();
    const dialog = page.getByRole('dialog', { name: 'Share this scenario' });
    const field = dialog.getByLabel('Link to this scenario');
    await expect(field).toHaveValue(/#s=[A-Za-z0-9_-]+$/);
    const url = await field.inputValue();
    expect(url).not.toContain('scenario=');
    expect(await axe(page, '[data-id="share-dialog"]')).toEqual([]);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await dialog.locator('[data-id="share-copy"]').click();
    await expect(dialog.locator('[data-id="share-status"]')).toHaveText(
      /copied|Could not copy automatically/,
    );
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();

    const other = new BrokerLab(await context.newPage());
    await other.page.emulateMedia({ reducedMotion: 'reduce' });
    const link = new URL(url);
    link.searchParams.set('test', '1');
    await other.page.goto(link.toString());
    await waitReady(other);
    expect((await other.snapshot())?.scenario).toBe('shared');
    await expect(other.page.locator('h1')).toContainText('Orders');
    await expect(other.node('broker').locator('.transport')).toHaveText('redis');
    for (const id of ['client', 'gateway', 'broker', 'orders', 'notifications'])
      await expect(other.node(id)).toBeVisible();
    // The fragment is consumed: a reload restores the autosave, not the link again.
    expect(new URL(other.page.url()).hash).toBe('');
    expect(other.errors).toEqual([]);
  });

  const expectDefault = async (app: BrokerLab) => {
    await waitReady(app);
    expect((await app.snapshot())?.scenario).toBe('orders');
    await expect(app.node('orders')).toBeVisible();
  };

  test('hostile links are refused with a clear message and the default scenario opens', async ({
    app,
    page,
  }) => {
    const notice = page.locator('[data-id="notice-link"]');
    const cases: [string, RegExp][] = [
      // Oversized once inflated (a deflate bomb): 300 KB of JSON packs into a few hundred bytes.
      [
        pack(JSON.stringify({ ...orders(), description: { en: 'a'.repeat(300 * 1024) } })),
        /too large: over 200 KB/,
      ],
      [pack(JSON.stringify(orders())).slice(0, 120), /damaged/],
      ['%%%not-base64%%%', /damaged/],
      [pack('<script>window.__pwned = 1</script>'), /not JSON/],
      [pack(JSON.stringify({ ...orders(), version: 99 })), /version: this file needs a newer/],
    ];
    // On page load…
    await openLink(app, pack('not a scenario'));
    await expect(notice).toContainText('not JSON');
    await expectDefault(app);
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await expect(notice).toHaveCount(0);
    for (const [payload, message] of cases) {
      // …and in the same tab, a new fragment: the app must notice the hash change (no reload happens).
      await page.evaluate((p) => {
        window.location.hash = `s=${p}`;
      }, payload);
      await expect(notice).toHaveAttribute('role', 'alert');
      await expect(notice).toContainText('could not be opened');
      await expect(notice).toContainText(message);
      await expectDefault(app);
      await notice.getByRole('button', { name: 'Dismiss' }).click();
      await expect(notice).toHaveCount(0);
    }
    expect(await page.evaluate(() => 'pwned' in window || '__pwned' in window)).toBe(false);
  });

  test('HTML and script in a title or description render as inert text', async ({ app, page }) => {
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    const hostile = {
      ...orders(),
      title: { en: '<img src=x onerror="window.__xss=1;alert(1)">Lab' },
      description: { en: '<script>window.__xss=2</script> javascript:alert(3)' },
    };
    await openLink(app, pack(JSON.stringify(hostile)));
    await expect(page.locator('h1')).toContainText('<img src=x onerror="window.__xss=1;alert(1)">');
    await expect(page.locator('header img, h1 img, option img')).toHaveCount(0);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => '__xss' in window)).toBe(false);
    expect(dialogs).toBe(0);
  });
});

test.describe('autosave', () => {
  test('the scenario and its transport edit come back after a reload, with a notice', async ({
    app,
    page,
  }) => {
    await app.open({ scenario: 'redis-duplicates' });
    await page.locator('[data-id="transport-panel"] summary').click();
    await page.locator('[data-id="transport-kind"]').selectOption('nats');
    await expect(app.node('broker').locator('.transport')).toHaveText('nats');
    await page.locator('[data-id="lang"]').selectOption('pt-BR');
    await expect
      .poll(() => page.evaluate(() => localStorage.getItem('brokerlab:session') ?? ''))
      .toContain('"lang":"pt-BR"');
    await page.goto('./?test=1');
    await waitReady(app);
    expect((await app.snapshot())?.scenario).toBe('redis-duplicates');
    await expect(app.node('broker').locator('.transport')).toHaveText('nats');
    await expect(page.locator('html')).toHaveAttribute('lang', 'pt-BR');
    const notice = page.locator('[data-id="notice-session"]');
    await expect(notice).toContainText('Sua última sessão foi restaurada');
    // Start fresh: back to the default scenario without edits.
    await notice.getByRole('button', { name: 'Começar do zero' }).click();
    await expect.poll(() => app.snapshot().then((s) => s?.scenario)).toBe('orders');
    await waitReady(app);
    await expect(app.node('broker').locator('.transport')).toHaveText('rmq');
  });

  test('an explicit ?scenario= wins over the autosave', async ({ app, page }) => {
    await app.open({ scenario: 'redis-duplicates' });
    await expect
      .poll(() => page.evaluate(() => localStorage.getItem('brokerlab:session') ?? ''))
      .toContain('redis-duplicates');
    await app.open({ scenario: 'orders' });
    expect((await app.snapshot())?.scenario).toBe('orders');
  });

  test('a corrupt saved value: the app starts with defaults, keeps a backup and says so', async ({
    app,
    page,
  }) => {
    await app.open();
    // Wait for the first autosave, so it cannot overwrite the corrupt value set next.
    await expect
      .poll(() => page.evaluate(() => localStorage.getItem('brokerlab:session')))
      .not.toBeNull();
    await page.evaluate(() => localStorage.setItem('brokerlab:session', '{"v":1,"scenario":'));
    await page.goto('./?test=1');
    await waitReady(app);
    expect((await app.snapshot())?.scenario).toBe('orders');
    const notice = page.locator('[data-id="notice-storage"]');
    await expect(notice).toHaveAttribute('role', 'alert');
    await expect(notice).toContainText('brokerlab:backup:');
    const backups = await page.evaluate(() =>
      Object.keys(localStorage)
        .filter((k) => k.startsWith('brokerlab:backup:'))
        .map((k) => localStorage.getItem(k)),
    );
    expect(backups).toEqual(['{"v":1,"scenario":']);
    expect(await axe(page, '.notices')).toEqual([]);
  });
});

test.describe('worker faults', () => {
  type Faults = { crashWorker(): void; hangWorker(): void };
  const fault = (page: Page, kind: 'crash' | 'hang') =>
    page.evaluate((k) => {
      const hook = window.__brokerlab as unknown as Faults;
      if (k === 'crash') hook.crashWorker();
      else hook.hangWorker();
    }, kind);

  test('a crashed worker is restarted on the same scenario with the learner’s edit', async ({
    app,
    page,
  }) => {
    await app.open({ scenario: 'redis-duplicates', speed: '8', autoplay: '1' });
    await page.locator('[data-id="transport-panel"] summary').click();
    await page.locator('[data-id="transport-kind"]').selectOption('nats');
    await expect(app.node('broker').locator('.transport')).toHaveText('nats');
    await fault(page, 'crash');
    const notice = page.locator('[data-id="notice-worker"]');
    await expect(notice).toHaveAttribute('role', 'alert');
    await expect(notice).toContainText('The simulation crashed');
    await waitReady(app);
    expect((await app.snapshot())?.scenario).toBe('redis-duplicates');
    await expect(app.node('broker').locator('.transport')).toHaveText('nats');
    const before = await app.now();
    await expect.poll(() => app.now()).toBeGreaterThan(before);
    await expect.poll(() => app.snapshot().then((s) => s?.now ?? 0)).toBeGreaterThan(0);
  });

  test('a hung worker is noticed within the timeout and restarted', async ({ app, page }) => {
    await app.open({ speed: '8', autoplay: '1' });
    await fault(page, 'hang');
    const notice = page.locator('[data-id="notice-worker"]');
    await expect(notice).toContainText('stopped answering for 5 s', { timeout: 15_000 });
    await waitReady(app);
    expect((await app.snapshot())?.scenario).toBe('orders');
    await expect.poll(() => app.snapshot().then((s) => s?.now ?? 0)).toBeGreaterThan(0);
  });
});
