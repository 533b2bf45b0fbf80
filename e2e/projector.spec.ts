/**
 * Projector sizes are first-class (1024×768 and 1280×720): what a teacher would notice at the
 * back of the room is checked on the boxes the browser draws — nothing overlaps or is cut (toolbar
 * controls, nodes, the "⋯" menus against the labels beside them, the notes and buttons over the
 * canvas against the nodes, the canvas against the side panel, the Lab drawer's close button against its tabs), and node text reads ≥ 14 px at fit.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** Every layout problem on the page now, as readable sentences (empty = fine). */
function problems(page: Page, opts: { minNodePx?: number } = {}): Promise<string[]> {
  return page.evaluate((minNodePx) => {
    const out: string[] = [];
    const box = (e: Element) => e.getBoundingClientRect();
    /** The box of an element's text itself (a grid cell may stretch wider than its words). */
    const textBox = (e: Element) => {
      const r = document.createRange();
      r.selectNodeContents(e);
      return r.getBoundingClientRect();
    };
    const visible = (e: Element) => {
      const r = box(e);
      return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
    };
    const all = (sel: string, root: ParentNode = document) =>
      [...root.querySelectorAll(sel)].filter(visible);
    const name = (e: Element) =>
      e.getAttribute('data-id') ??
      e.getAttribute('aria-label') ??
      e.textContent?.trim().slice(0, 24) ??
      e.tagName;
    const overlap = (a: DOMRect, b: DOMRect) =>
      a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
    const inside = (a: DOMRect, b: DOMRect) =>
      a.left >= b.left - 1 &&
      a.right <= b.right + 1 &&
      a.top >= b.top - 1 &&
      a.bottom <= b.bottom + 1;
    const pairs = (els: Element[], what: string) => {
      for (let i = 0; i < els.length; i++)
        for (let j = i + 1; j < els.length; j++)
          if (overlap(box(els[i]!), box(els[j]!)))
            out.push(`${what}: "${name(els[i]!)}" overlaps "${name(els[j]!)}"`);
    };
    const vw = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > vw)
      out.push(`page scrolls sideways (${document.documentElement.scrollWidth} > ${vw})`);
    // Toolbar and header controls: apart and on the screen.
    const controls = all(
      '.app-header button, .app-header select, .toolbar button, .toolbar select',
    );
    pairs(controls, 'control');
    for (const c of controls)
      if (box(c).right > vw + 1) out.push(`control "${name(c)}" is cut by the screen edge`);
    // Nodes: apart, inside the canvas, not under a side panel.
    const canvas = document.querySelector('.react-flow');
    const nodes = all('.react-flow__node');
    pairs(nodes, 'node');
    if (canvas)
      for (const n of nodes)
        if (!inside(box(n), box(canvas)))
          out.push(`node "${n.getAttribute('data-id')}" is cut by the canvas edge`);
    for (const side of all('aside.side, .lesson-panel'))
      for (const n of nodes)
        if (overlap(box(n), box(side)))
          out.push(`node "${n.getAttribute('data-id')}" is under "${name(side)}"`);
    // The notes over the canvas (legend, paused hint, next scripted action), the zoom controls
    // and the Lab button never cover a node.
    for (const o of all('.canvas-notes > *, .react-flow__controls, [data-id="lab-toggle"]'))
      for (const n of nodes)
        if (overlap(box(o), box(n)))
          out.push(`"${name(o)}" covers node "${n.getAttribute('data-id')}"`);
    // Inside a node: the ⋯ menus and </> buttons never cover a title, a chip's name or status.
    for (const n of nodes) {
      const buttons = all('.menu-button, .chip-menu, .code-toggle, [data-id^="scale-"]', n);
      const labels = all('.node-title, .chip-id, .chip-status, .node-sub', n);
      for (const b of buttons)
        for (const l of labels)
          if (!b.contains(l) && overlap(box(b), textBox(l)))
            out.push(
              `in "${n.getAttribute('data-id')}": "${name(b)}" covers "${l.textContent?.trim()}"`,
            );
      for (const l of all('.chip-id, .chip-status, .node-title', n))
        if ((l as HTMLElement).scrollWidth > (l as HTMLElement).clientWidth + 1)
          out.push(`in "${n.getAttribute('data-id')}": "${l.textContent?.trim()}" is cut`);
      if (minNodePx) {
        const el = n as HTMLElement;
        const scale = box(el).width / el.offsetWidth;
        const title = el.querySelector('.node-title') ?? el;
        const px = parseFloat(getComputedStyle(title).fontSize) * scale;
        if (px < minNodePx - 0.05)
          out.push(`node "${n.getAttribute('data-id')}" title is ${px.toFixed(1)} px`);
      }
    }
    // The Lab drawer: its close button, title and tabs apart; the tab labels not cut.
    const lab = document.querySelector('.lab-head');
    if (lab && visible(lab)) {
      pairs(all('.lab-title, .lab-tab, .lab-close', lab), 'lab head');
      for (const t of all('.lab-tab, .lab-title', lab))
        if ((t as HTMLElement).scrollWidth > (t as HTMLElement).clientWidth + 1)
          out.push(`lab "${name(t)}" is cut`);
      const title = lab.querySelector('.lab-title');
      if (title && box(title).height > 2.2 * parseFloat(getComputedStyle(title).lineHeight || '20'))
        out.push('the Lab title wraps to three lines or more');
    }
    return out;
  }, opts.minNodePx ?? 0);
}

async function fit(page: Page) {
  await page.locator('.react-flow__controls-fitview').click();
  await page.waitForTimeout(400);
}

for (const [width, height] of [
  [1024, 768],
  [1280, 720],
] as const)
  test.describe(`a ${width}×${height} projector`, () => {
    test.use({ viewport: { width, height } });

    test('full view in pt-BR and en, with the panels shown and hidden: nothing overlaps or is cut', async ({
      app,
      page,
    }) => {
      for (const lang of ['pt-BR', 'en']) {
        await app.open({ scenario: 'orders', lang });
        await fit(page);
        expect(await problems(page), `${lang} full`).toEqual([]);
        await page.keyboard.press('b');
        await fit(page);
        expect(await problems(page), `${lang} panels hidden`).toEqual([]);
        await page.keyboard.press('b');
      }
      expect(app.errors).toEqual([]);
    });

    test('presenter mode: ≥ 14 px, nothing overlaps; the canvas re-fits when a service grows to 3 instances', async ({
      app,
      page,
    }) => {
      await app.open({ scenario: 'orders', lang: 'pt-BR', presenter: '1' });
      await fit(page);
      expect(await problems(page, { minNodePx: 14 })).toEqual([]);
      await page.locator('[data-id="scale-up:orders"]').click();
      await page.locator('[data-id="scale-up:notifications"]').click();
      await expect(page.locator('[data-id="replica-count:orders"]')).toHaveAttribute(
        'data-value',
        '3',
      );
      await page.waitForTimeout(600);
      // No fit click here: the canvas must re-fit by itself when a node outgrows it.
      expect(await problems(page)).toEqual([]);
      await page.screenshot({ path: `test-results/presenter-${width}x${height}.png` });
      if (width === 1280) await page.screenshot({ path: 'docs/screens/presenter-1280x720.png' });
      expect(app.errors).toEqual([]);
    });

    test('the Lab drawer open on each tab, and the scenarios that crowded: nothing overlaps', async ({
      app,
      page,
    }) => {
      await app.open({ scenario: 'orders', lang: 'pt-BR' });
      await page.locator('[data-id="lab-toggle"]').click();
      for (const tab of ['charts', 'faults', 'trace', 'sequence', 'compare']) {
        await page.locator(`[data-id="lab-tab-${tab}"]`).click();
        expect(await problems(page), tab).toEqual([]);
      }
      await page.locator('.lab-close').click();
      for (const scenario of [
        'circuit-breaker-fallback',
        'kafka-partitions',
        'monolith',
        'microservices',
      ]) {
        await app.open({ scenario, lang: 'pt-BR' });
        await fit(page);
        expect(await problems(page), scenario).toEqual([]);
      }
      expect(app.errors).toEqual([]);
    });

    test('a lesson open: the lesson column and the canvas side by side, nothing under it', async ({
      app,
      page,
    }) => {
      await app.open({ lesson: 'challenge-capacity', lang: 'pt-BR' });
      await page.locator('[data-id="lesson-next"]').click();
      await fit(page);
      expect(await problems(page)).toEqual([]);
      await page.locator('[data-id="scale-up:orders"]').click();
      await page.locator('[data-id="scale-up:orders"]').click();
      await page.waitForTimeout(600);
      expect(await problems(page)).toEqual([]);
      expect(app.errors).toEqual([]);
    });
  });
