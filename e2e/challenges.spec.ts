/**
 * A challenge followed through the UI alone, on a 1024×768 projector in Portuguese: the
 * requirement is not met until the learner scales enough, then the panel shows the score against
 * par and keeps the best. The presenter keys do the scaling (a click selects the node, S adds).
 */
import { expect, test } from './fixtures';

test.use({ viewport: { width: 1024, height: 768 } });

test('pt-BR: serve 150 req/s while an instance dies — scaled with S, scored "3 instâncias — par 3", best kept', async ({
  app,
  page,
}) => {
  test.setTimeout(120_000);
  await app.open({ lang: 'pt-BR', lesson: 'challenge-capacity', speed: '8' });
  await expect(page.locator('[data-id="lesson-title"]')).toHaveText(
    'Desafio: 150 req/s enquanto uma instância cai',
  );
  await page.locator('[data-id="lesson-next"]').click();
  const goal = page.locator('[data-id="lesson-goal"]');
  await expect(goal).toContainText('Desafio');
  await expect(goal).toContainText('Requisito ainda não cumprido');
  const score = page.locator('[data-id="lesson-score"]');
  // Before acting: one instance so far, par computed by the solver from the reference solution.
  await expect(score).toContainText('Até agora: 1 instância — par 3');

  // Select the orders node (a click on its title), then S twice: 1 → 3 instances.
  await page.locator('.node[data-id="orders"] .node-title').click();
  await expect(page.locator('.node[data-id="orders"]')).toHaveAttribute('data-target', 'true');
  await page.keyboard.press('s');
  await expect(page.locator('[data-id="replica-count:orders"]')).toHaveAttribute('data-value', '2');
  await page.keyboard.press('s');
  await expect(page.locator('[data-id="replica-count:orders"]')).toHaveAttribute('data-value', '3');

  await page.locator('[data-id="play"]').click();
  await expect(goal).toHaveAttribute('data-met', 'true', { timeout: 90_000 });
  await expect(goal).toContainText('Requisito cumprido');
  await expect(score).toHaveAttribute('data-score', '3');
  await expect(score).toHaveAttribute('data-par', '3');
  await expect(score).toContainText('Sua pontuação: 3 instâncias — par 3');
  await expect(score).toContainText('Par alcançado.');
  await expect(page.locator('[data-id="lesson-best"]')).toHaveAttribute('data-value', '3');
  const play = page.locator('[data-id="play"]');
  if ((await play.getAttribute('data-state')) === 'playing') await play.click();
  await page.screenshot({ path: 'docs/screens/challenge-pt-BR.png' });

  // The best score survives a reload (lesson progress in the browser).
  const stored = await page.evaluate(() => localStorage.getItem('brokerlab:lessons'));
  expect(JSON.parse(stored ?? '{}')).toMatchObject({
    v: 2,
    lessons: { 'challenge-capacity': { best: { 1: 3 } } },
  });
  expect(app.errors).toEqual([]);
});

test('en: "pause before the interesting bit" — Play stops just before the GET reaches orders, asks, and goes on', async ({
  app,
  page,
}) => {
  await app.open({ lang: 'en', lesson: 'redis-scaling', speed: '2' });
  const marker = page.locator('[data-id="timeline-pause"]');
  await expect(marker).toHaveCount(1);
  const at = Number(await marker.getAttribute('data-at'));
  expect(at).toBeGreaterThan(0);
  await page.locator('[data-id="play"]').click();
  const prompt = page.locator('[data-id="lesson-pause"]');
  await expect(prompt).toContainText('how many instances will handle it?', { timeout: 20_000 });
  await expect(page.locator('[data-id="play"]')).toHaveAttribute('data-state', 'paused');
  expect(Math.round(await app.now())).toBe(at);
  // Nothing handled yet: the prediction comes before the answer.
  await expect(page.locator('[data-id="handled:orders"]')).toHaveAttribute('data-value', '0');
  await page.locator('[data-id="play"]').click();
  await expect(prompt).toBeHidden();
  await expect(page.locator('[data-id="handled:orders"]')).toHaveAttribute('data-value', '2', {
    timeout: 20_000,
  });
  expect(app.errors).toEqual([]);
});
