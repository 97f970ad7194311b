import { runCityProcess, tempDataDir } from '/work/main/local/child-process';
import { launchChromium } from '/work/main/test/support/chromium';
import { codeIn, waitForMail } from '/work/main/test/support/mailbox';
const city = await runCityProcess({ dataDir: tempDataDir() });
const browser = await launchChromium();
const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
const email = `dbg-${Date.now()}@example.org`;
try {
  const since = Math.floor(Date.now() / 1000) - 1;
  await page.goto(`${city.url}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Send me a code' }).click();
  console.log('after email', page.url(), await page.locator('h1').textContent());
  const mail = await waitForMail(city.mailboxUrl, email, { since, subject: /sign-in code/i, timeoutMs: 30_000 }).catch((e) => { console.log('mail wait failed', String(e).slice(0, 300)); return undefined; });
  if (!mail) throw new Error('no mail');
  const code = codeIn(mail);
  console.log('code', code);
  await page.getByLabel('Code').fill(code);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState();
  console.log('after code', page.url(), await page.locator('h1').textContent().catch(() => '?'));
  await page.getByLabel('16 or 17').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForLoadState();
  console.log('after age', page.url(), await page.locator('h1').textContent().catch(() => '?'));
  await page.goto(`${city.url}/passport`);
  console.log('passport', page.url(), await page.locator('h1').textContent().catch(() => '?'));
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.waitForLoadState();
  console.log('after sign out', page.url());
} finally {
  await browser.close();
  await city.stop();
}
