/**
 * Guided lessons, followed through the UI alone as a learner would: pick a lesson, read, act on
 * the canvas, watch the goal badge turn green (and not before), rewind and see the badge tell the
 * truth for that moment, answer a quiz, come back later to the progress kept.
 */
import type { Page } from '@playwright/test';
import { axeViolations, expect, test, type BrokerLab } from './fixtures';

const goal = (page: Page) => page.locator('[data-id="lesson-goal"]');

async function play(page: Page) {
  const button = page.locator('[data-id="play"]');
  if ((await button.getAttribute('data-state')) === 'paused') await button.click();
}

async function next(app: BrokerLab) {
  await app.page.locator('[data-id="lesson-next"]').click();
}

test('pt-BR: the first lesson from the picker — a goal met by clicking GET, a rewind, a quiz, progress kept', async ({
  app,
  page,
}) => {
  await app.open({ lang: 'pt-BR', speed: '8' });
  await page.locator('[data-id="lessons-open"]').click();
  const picker = page.locator('[data-id="lesson-picker"]');
  await expect(picker).toContainText('Sua primeira requisição por um broker');
  await picker.locator('[data-id="lesson-first-request"]').click();
  await expect(page.locator('[data-id="lesson-title"]')).toHaveText(
    'Sua primeira requisição por um broker',
  );
  await expect(page.locator('[data-id="lesson-narration"]')).toContainText('ClientProxy');
  // The step's spotlight: the nodes it talks about glow.
  await expect(page.locator('.node[data-id="broker"]')).toHaveAttribute('data-spot', 'true');
  // Step 1's demo sends one GET when the learner presses Play.
  await play(page);
  await expect.poll(() => app.snapshot().then((s) => s?.counters.byStatus['200'] ?? 0)).toBe(1);

  await next(app);
  await expect(goal(page)).toHaveAttribute('data-met', 'false');
  await expect(goal(page)).toContainText('Receba três respostas com status 200');
  await page.locator('[data-id="lesson-hint-more"]').click();
  await expect(page.locator('[data-id="lesson-hint"]')).toContainText('nó do cliente');
  const get = app.fire('GET /orders/:id');
  await get.click();
  await get.click();
  await expect.poll(() => app.snapshot().then((s) => s?.counters.byStatus['200'] ?? 0)).toBe(3);
  // Two answers are not three: the badge waits.
  await page.waitForTimeout(600);
  await expect(goal(page)).toHaveAttribute('data-met', 'false');
  await get.click();
  await expect(goal(page)).toHaveAttribute('data-met', 'true', { timeout: 15_000 });
  await expect(goal(page)).toContainText('Objetivo cumprido');
  await page.screenshot({ path: 'test-results/lesson-pt-BR-goal-met.png' });

  // Back to the start of the run: at that moment the goal does not hold; it was met before.
  await page.locator('[data-id="reset"]').click();
  await expect(goal(page)).toHaveAttribute('data-met', 'false');
  await expect(goal(page)).toContainText('cumprido antes');

  await next(app);
  const quiz = page.locator('[data-id="lesson-quiz"]');
  await expect(quiz).toBeVisible();
  await quiz.locator('[data-id="quiz-choice-1"]').click();
  await quiz.locator('[data-id="quiz-commit"]').click();
  await expect(quiz).toContainText('Agora aperte Executar');
  await quiz.locator('[data-id="quiz-reveal"]').click();
  await expect(quiz.locator('[data-id="quiz-explanation"]')).toBeVisible();
  await expect(quiz.locator('[data-id="quiz-choice-1"]')).toHaveAttribute('data-verdict', 'right');
  await expect(quiz.locator('[data-id="quiz-explanation"]')).toContainText('Acertou');
  await page.screenshot({ path: 'test-results/lesson-pt-BR-quiz.png' });

  // Another visit: the step whose goal was met shows ✓, the quiz keeps its answer.
  await page.reload();
  await expect(page.locator('[data-id="lesson-step-2"]')).toHaveAttribute('data-state', 'met');
  expect(app.errors).toEqual([]);
});

test('en: Kafka partitions by link — killing a consumer is the goal, and only doing it meets it', async ({
  app,
  page,
}) => {
  // A dead Kafka consumer is noticed after the session timeout: play fast.
  await app.open({ lesson: 'kafka-partitions', speed: '64', lang: 'en' });
  await expect(page.locator('[data-id="lesson-title"]')).toBeVisible();
  // A teacher jumps to step 2 with its number key.
  await page.keyboard.press('2');
  await expect(page.locator('[data-id="lesson-step-2"]')).toHaveAttribute('aria-current', 'step');
  await expect(goal(page)).toHaveAttribute('data-met', 'false');
  await play(page);
  await page.waitForTimeout(800);
  await expect(goal(page)).toHaveAttribute('data-met', 'false');
  await app.chip('orders#1').click();
  await expect(goal(page)).toHaveAttribute('data-met', 'true', { timeout: 15_000 });
  expect(app.errors).toEqual([]);
});

test('en: events fan out — three POSTs by hand meet the goal; "Show me" solves the next step', async ({
  app,
  page,
}) => {
  await app.open({ lesson: 'events-fan-out', speed: '8', lang: 'en' });
  await next(app);
  await play(page);
  const post = app.fire('POST /orders');
  for (let i = 0; i < 3; i++) await post.click();
  await expect(goal(page)).toHaveAttribute('data-met', 'true', { timeout: 15_000 });
  await next(app);
  await expect(goal(page)).toHaveAttribute('data-met', 'false');
  await page.locator('[data-id="lesson-solve"]').click();
  await expect(goal(page)).toHaveAttribute('data-met', 'true', { timeout: 20_000 });
  // Leaving the lesson keeps the canvas: the scenario stays to play with.
  await page.locator('[data-id="lesson-close"]').click();
  await expect(page.locator('[data-id="lesson"]')).toHaveCount(0);
  await expect(app.node('orders')).toBeVisible();
  expect(app.errors).toEqual([]);
});

test('an unknown lesson in a link is refused with the list, not a blank page', async ({ page }) => {
  await page.goto('./?test=1&lesson=nope');
  await expect(page.getByText('There is no lesson "nope"')).toBeVisible();
  await expect(page.getByText('first-request')).toBeVisible();
});

test('pt-BR: a deploy from the node’s ⋯ menu — rolling keeps payments answering, and orders needs a second instance first', async ({
  app,
  page,
}) => {
  await app.open({ lesson: 'independent-deploy', speed: '8', lang: 'pt-BR' });
  await next(app);
  await expect(goal(page)).toHaveAttribute('data-met', 'false');
  const menu = page.locator('[data-id="fault-menu"]');
  await page.locator('[data-id="menu-open:payments"]').click();
  await expect(menu.locator('[data-id="menu:deploy-rolling"]')).toHaveText(
    'Fazer o deploy de uma nova versão de payments (rolling)',
  );
  await menu.locator('[data-id="menu:deploy-rolling"]').click();
  await play(page);
  await expect(goal(page)).toHaveAttribute('data-met', 'true', { timeout: 20_000 });
  // Every instance of payments now runs the new version, and the chips say so.
  await expect(
    page.locator('.node[data-id="payments"] .chip-status[data-version="2"]'),
  ).toHaveCount(2);

  // orders has one instance: scale it out, then roll it — no request fails.
  await next(app);
  await expect(goal(page)).toHaveAttribute('data-met', 'false');
  await page.locator('[data-id="scale-up:orders"]').click();
  await expect(page.locator('.node[data-id="orders"] .chip-up')).toHaveCount(2, {
    timeout: 15_000,
  });
  // This time through the dialog: the faster version the narration asks for (2 ms handlers).
  await page.locator('[data-id="menu-open:orders"]').click();
  await menu.locator('[data-id="menu:deploy-custom"]').click();
  const dialog = page.locator('[data-id="deploy-dialog"]');
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('h2')).toHaveText('Fazer o deploy de uma nova versão de orders');
  expect(await axeViolations(page)).toEqual([]);
  await expect(dialog.locator('[data-id="deploy-strategy-rolling"]')).toBeChecked();
  await dialog.locator('[data-id="deploy-latency"]').fill('2');
  await dialog.locator('[data-id="deploy-submit"]').click();
  await expect(dialog).toBeHidden();
  await play(page);
  await expect(goal(page)).toHaveAttribute('data-met', 'true', { timeout: 20_000 });
  await expect(page.locator('.node[data-id="orders"] .chip-status[data-version="2"]')).toHaveCount(
    2,
  );
  expect(app.errors).toEqual([]);
});
