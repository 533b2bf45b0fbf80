import { test, expect } from './fixtures';

// The built site ships a strict CSP (vite.config.ts) and must run under it: no violation while
// the app loads, plays, animates and answers requests.
test('the built site runs under its strict Content-Security-Policy with no violation', async ({
  app,
  page,
}) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await app.open({ speed: '8', autoplay: '1' });
  const csp = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-eval');
  await app.fire('GET /orders/:id').click();
  await app.fire('POST /orders').click();
  await expect
    .poll(() => app.snapshot().then((s) => s?.counters.httpTotal ?? 0), { timeout: 30_000 })
    .toBeGreaterThan(2);
  const violations = await page.evaluate(
    () => (window as unknown as { __cspViolations: string[] }).__cspViolations,
  );
  expect(violations).toEqual([]);
  expect(app.errors).toEqual([]);
});
