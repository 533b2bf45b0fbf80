/**
 * The `?` overlay lists every keyboard shortcut of the command registry, in English and
 * Portuguese; it is a modal dialog (Escape closes it, Tab stays inside, focus comes back), and
 * the shortcuts it lists work.
 */
import { axeViolations, expect, test } from './fixtures';

test('? opens the shortcut list; Escape closes it; the keys it names play and step', async ({
  app,
  page,
}, testInfo) => {
  await app.open({ scenario: 'orders' });
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  const row = (id: string) => dialog.locator(`[data-id="shortcut-${id}"]`);
  await expect(row('sim.playPause')).toContainText('Space');
  await expect(row('sim.playPause').locator('kbd')).toHaveText(['Space']);
  await expect(row('selection.kill').locator('kbd')).toHaveText(['K']);
  await expect(row('selection.scaleDown').locator('kbd')).toHaveText(['Shift + S']);
  await expect(row('sim.playPause')).toContainText('Play / pause');
  await expect(row('sim.step').locator('kbd')).toHaveText(['.', '→']);
  await expect(row('ui.shortcuts').locator('kbd')).toHaveText(['?']);
  await expect(row('ui.menu').locator('kbd')).toHaveText(['Menu key', 'Shift + F10']);
  await expect(row('ui.close').locator('kbd')).toHaveText(['Esc']);
  expect(await axeViolations(page)).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('shortcuts-en-1440.png') });

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // The keys it lists: Space plays, Space pauses, `.` steps (the clock moves while paused).
  const play = page.locator('[data-id="play"]');
  await page.keyboard.press(' ');
  await expect(play).toHaveAttribute('data-state', 'playing');
  await page.keyboard.press(' ');
  await expect(play).toHaveAttribute('data-state', 'paused');
  const before = await app.now();
  await page.keyboard.press('.');
  await expect.poll(() => app.now()).toBeGreaterThan(before);
  expect(app.errors).toEqual([]);
});

test('the ? button opens it in Portuguese; Tab stays inside; focus returns to the button', async ({
  app,
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await app.open({ scenario: 'orders', lang: 'pt-BR' });
  const button = page.locator('[data-id="shortcuts"]');
  await expect(button).toHaveAccessibleName('Atalhos de teclado (?)');
  await button.click();
  const dialog = page.getByRole('dialog', { name: 'Atalhos de teclado' });
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('[data-id="shortcut-sim.playPause"]')).toContainText('Espaço');
  await expect(dialog.locator('[data-id="shortcut-selection.kill"]')).toContainText(
    'Derrubar a instância selecionada',
  );
  await expect(dialog.locator('[data-id="shortcut-sim.playPause"]')).toContainText(
    'Executar / pausar',
  );
  await expect(dialog.locator('[data-id="shortcut-ui.menu"]')).toContainText('Tecla Menu');
  await expect(dialog.locator('[data-id="dialog-close"]')).toBeFocused();
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press(i === 1 ? 'Shift+Tab' : 'Tab');
    await expect(dialog.locator(':focus')).toHaveCount(1);
  }
  expect(await axeViolations(page)).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('shortcuts-pt-BR-1024.png') });

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(button).toBeFocused();
  // Space on the focused button presses it (the page shortcut stays out of its way).
  await page.keyboard.press(' ');
  await expect(dialog).toBeVisible();
  await dialog.locator('[data-id="dialog-close"]').click();
  await expect(button).toBeFocused();
  expect(app.errors).toEqual([]);
});
