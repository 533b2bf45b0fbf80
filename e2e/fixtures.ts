/**
 * Page object for BrokerLab e2e specs: opens the app with URL params, collects console errors
 * and reads the `window.__brokerlab` test hook.
 */
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Locator, type Page } from '@playwright/test';

interface HookSnapshot {
  phase: string;
  scenario: string;
  now: number;
  playing: boolean;
  instances: { id: string; status: string }[];
  counters: { httpTotal: number; byStatus: Record<string, number>; pending: number };
}
interface HookToken {
  msgId: string;
  kind: string;
  from: string;
  to: string;
  t: number;
  arriveAt: number;
}

export class BrokerLab {
  readonly errors: string[] = [];

  constructor(readonly page: Page) {
    page.on('console', (m) => {
      if (m.type() === 'error') this.errors.push(m.text());
    });
    page.on('pageerror', (e) => this.errors.push(e.message));
  }

  /** Opens the app; `test=1` always, so the hook exists in the production build. */
  async open(params: Record<string, string> = {}) {
    const q = new URLSearchParams({ test: '1', ...params });
    await this.page.goto(`./?${q}`);
    await expect.poll(() => this.snapshot().then((s) => s?.phase)).toBe('ready');
  }

  node(id: string): Locator {
    return this.page.locator(`.node[data-id="${id}"]`);
  }
  flowNode(id: string): Locator {
    return this.page.locator(`.react-flow__node[data-id="${id}"]`);
  }
  chip(id: string): Locator {
    return this.page.locator(`[data-kind="instance"][data-id="${id}"]`);
  }
  fire(route: string): Locator {
    return this.page.locator(`button.fire[data-id="${route}"]`);
  }
  get log(): Locator {
    return this.page.locator('[data-id="event-log"]');
  }

  snapshot(): Promise<HookSnapshot | undefined> {
    return this.page.evaluate(() => window.__brokerlab?.snapshot() as HookSnapshot | undefined);
  }
  tokens(): Promise<HookToken[]> {
    return this.page.evaluate(() => window.__brokerlab?.tokensInFlight() ?? []);
  }
  now(): Promise<number> {
    return this.page.evaluate(() => window.__brokerlab?.now() ?? 0);
  }
}

declare global {
  interface Window {
    __brokerlab?: {
      snapshot(): unknown;
      tokensInFlight(): Promise<HookToken[]>;
      now(): number;
      runFile(at?: number): Promise<unknown>;
      traceHash(): Promise<{ hash: string; events: number; now: number }>;
      tokensDrawn(): number;
      framesDrawn(): number;
      drawMs(): number;
    };
  }
}

export const test = base.extend<{ app: BrokerLab }>({
  app: async ({ page }, use) => {
    // Animations off: enter/exit pulses must not make screenshots or clicks flaky.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await use(new BrokerLab(page));
  },
});

/**
 * WCAG 2.0/2.1 A/AA violations axe finds on the page (or inside `include`), one line each:
 * `rule: selector, selector`. React Flow's attribution link is third-party and left out.
 */
export async function axeViolations(page: Page, include?: string): Promise<string[]> {
  let builder = new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .exclude('.react-flow__attribution');
  if (include) builder = builder.include(include);
  const results = await builder.analyze();
  return results.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

export { expect };
