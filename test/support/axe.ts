// axe-core in the page under test (injected through the DevTools protocol, so it runs whatever the
// page's own policy allows): the WCAG 2.0-2.2 A and AA rules, every violation with the elements it found.
// axe needs timers, which a page opened with JavaScript off never fires: such a page is audited again in
// a JavaScript-on context at the same URL, size and cookies (a signed-in page stays signed in).
import axe from 'axe-core';
import type { Page } from 'playwright-core';

export interface Violation {
  id: string;
  help: string;
  targets: string[];
}

async function timersRun(page: Page): Promise<boolean> {
  const fired = page.evaluate(() => new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 0)));
  const gaveUp = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1_000));
  return Promise.race([fired.catch(() => false), gaveUp]);
}

async function run(page: Page): Promise<Violation[]> {
  await page.evaluate(axe.source);
  return page.evaluate(async () => {
    const engine = (globalThis as unknown as { axe: typeof axe }).axe;
    const result = await engine.run((globalThis as unknown as { document: never }).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

export async function axeViolations(page: Page): Promise<Violation[]> {
  if (await timersRun(page)) return run(page);
  const browser = page.context().browser();
  if (!browser) throw new Error('axe needs JavaScript: open the page in a context with JavaScript on');
  const context = await browser.newContext({ viewport: page.viewportSize(), storageState: await page.context().storageState(), bypassCSP: true });
  try {
    const audited = await context.newPage();
    // The very markup the page shows (it may be the answer to a form post), at its own URL.
    const markup = await page.content();
    await audited.route(page.url(), (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: markup }));
    await audited.goto(page.url());
    return await run(audited);
  } finally {
    await context.close();
  }
}
