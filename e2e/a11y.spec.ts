import { axeViolations, expect, test } from './fixtures';

test('the Orders page has no WCAG A/AA violations that axe can detect', async ({ app, page }) => {
  await app.open();
  expect(await axeViolations(page)).toEqual([]);
});
