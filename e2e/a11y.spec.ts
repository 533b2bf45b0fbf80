import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';

test('the Orders page has no WCAG A/AA violations that axe can detect', async ({ app, page }) => {
  await app.open();
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa'])
    // The token canvas is aria-hidden decoration; React Flow's attribution link is third-party.
    .exclude('.react-flow__attribution')
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(summary).toEqual([]);
});
