// Loads a page in Debian's Chromium through playwright-core and prints, as JSON, the
// console errors, page errors and the calls the stand-in SDK recorded.
// usage: node drive_page.mjs URL CHROMIUM_PATH PROFILE_DIR
import { chromium } from 'playwright-core';

const [url, executablePath, profile] = process.argv.slice(2);
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run',
  ],
});
const errors = [];
const page = await context.newPage();
page.on('console', (message) => {
  if (message.type() === 'error') errors.push(`console: ${message.text()}`);
});
page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
await page.goto(url, { waitUntil: 'load' });
await page.waitForFunction(
  () => (window.__zoomCalls ?? []).some((call) => call.name === 'attachVideo'),
  null,
  { timeout: 15000 },
);
await page.click('#leave');
await page.waitForFunction(() => window.__zoomCalls.some((call) => call.name === 'leave'), null, {
  timeout: 5000,
});
const calls = await page.evaluate(() => window.__zoomCalls);
const log = await page.evaluate(() => document.getElementById('log').textContent);
await context.close();
console.log(JSON.stringify({ errors, calls, log }));
