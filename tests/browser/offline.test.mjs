// Offline use: the site's service worker (sw.js, src/offline/sw.js) and static/offline.js.
//
// With the network cut by `context.setOffline(true)`: pages opened before, search and My Support
// Map (printing included) work, and say when they were saved; a page never opened says it was
// not saved; "Save the whole site for offline use" shows its size, fills its progress bar and
// then every page works; a new build (real, changed content, built by the supportmap binary)
// replaces the old cache, and nothing in the cache comes from the other build.
//
// Runs against the built example site ($SITE_DIR, at $SITE_PREFIX). The new-build test runs
// `target/release/supportmap` (or $SUPPORTMAP_BIN) on a copy of content/ and themes/.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SITE_DIR, SITE_PREFIX, launchContext } from './lib.mjs';
import { serve } from './serve.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = process.env.SUPPORTMAP_BIN || path.join(REPO, 'target', 'release', 'supportmap');
const FOOD_BANK = 'harbourside-food-bank';
const today = () => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date());

let server;
const opened = [];

before(async () => {
  server = await serve(SITE_DIR, { prefix: SITE_PREFIX });
});

after(async () => {
  for (const b of opened) await b.close();
  await server?.close();
});

/** A fresh browser (its own profile, so no service worker yet). */
async function freshBrowser() {
  const b = await launchContext();
  opened.push(b);
  return b.context;
}

/** Opens the home page of `base` and waits until the service worker controls it. */
async function firstVisit(context, base) {
  const page = await context.newPage();
  await page.goto(base);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  return page;
}

/**
 * Waits until `check` (an async function run in the page, with `arg`) is true. (waitForFunction
 * would take the promise an async function returns for a true value.)
 */
async function until(page, check, arg) {
  await page.evaluate(async ([source, a]) => {
    // The function comes as text: the page's CSP allows no eval, but this runs outside it.
    const test = (0, eval)(`(${source})`);
    while (!(await test(a))) await new Promise((resolve) => requestAnimationFrame(resolve));
  }, [check.toString(), arg]);
}

/** Waits until the offline cache holds `href`. */
async function kept(page, href) {
  await until(page, async (u) => {
    for (const name of await caches.keys()) if (await (await caches.open(name)).match(u)) return true;
    return false;
  }, href);
}

/** Waits until the search page shows the results for `words`. */
async function searched(page, words) {
  await page.waitForFunction((w) => document.getElementById('search-results')?.dataset.done === w, words);
}

/** The notice a page from the cache shows, or null. */
async function offlineNotice(page) {
  const notice = page.locator('#offline-notice');
  return (await notice.isVisible()) ? notice.textContent() : null;
}

/** The <title> of a built page. */
function titleOf(siteDir, address) {
  const file = path.join(siteDir, address.endsWith('/') || address === '' ? `${address}index.html` : address);
  return /<title>([^<]*)<\/title>/.exec(readFileSync(file, 'utf8'))[1].replace(/&amp;/g, '&').replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"');
}

/** "3.1 MB", as static/offline.js writes it. */
function sizeOf(bytes) {
  const [unit, scale] = [['GB', 1e9], ['MB', 1e6], ['kB', 1e3]].find(([, s]) => bytes >= s) || ['bytes', 1];
  return `${(bytes / scale).toLocaleString('en-GB', { maximumFractionDigits: scale === 1 ? 0 : 1 })} ${unit}`;
}

describe('offline', () => {
  test('after a first visit, pages opened, search and My Support Map (printing too) work with no connection', async () => {
    const context = await freshBrowser();
    const base = server.baseUrl;
    const page = await firstVisit(context, base);
    const responses = [];
    page.on('response', (r) => responses.push(r.url()));

    await page.goto(`${base}needs/food/`);
    await kept(page, `${base}needs/food/`);
    await page.goto(`${base}search/?q=food+bank`);
    await searched(page, 'food bank');
    await page.goto(`${base}assets/${FOOD_BANK}/`);
    const add = page.locator('.record-head .my-map-slot .my-map-button').first();
    await add.click();
    await page.locator('.record-head .my-map-state a').waitFor();
    await kept(page, `${base}assets/${FOOD_BANK}/`);
    await page.goto(`${base}needs/domestic-abuse/`);
    // Every search file the search used is kept before the network goes.
    for (const href of responses.filter((u) => /\/pagefind\/(index|fragment|filter)\//.test(u))) await kept(page, href.split('?')[0]);

    await context.setOffline(true);
    await page.goto(`${base}needs/food/`);
    assert.equal(await page.locator('h1').textContent(), 'Food');
    assert.equal(await offlineNotice(page), `You are offline: these details were saved on ${today()}.`);

    await page.goto(`${base}search/?q=food+bank`);
    await searched(page, 'food bank');
    assert.ok(await page.locator(`#search-results a[href$="assets/${FOOD_BANK}/"]`).count() > 0, 'the food bank is found offline');

    await page.goto(`${base}my-map/`);
    await page.waitForSelector('#my-map[data-ready]');
    await page.locator('#my-map-keep-30-days').check();
    const stop = page.locator('#my-map-person-list > li');
    assert.equal(await stop.count(), 1);
    assert.match(await stop.first().textContent(), /Harbourside Food Bank/);
    await page.emulateMedia({ media: 'print' });
    assert.ok(await stop.first().locator('.my-map-qr svg').isVisible(), 'the printout has its QR code offline');
    await page.emulateMedia({ media: 'screen' });

    await page.goto(`${base}needs/housing/`);
    assert.equal(await page.locator('h1').textContent(), 'This page is not saved on this device', 'a page never opened');
    await page.goto(`${base}needs/domestic-abuse/`);
    assert.equal(await page.locator('h1').textContent(), 'This page is not saved on this device', 'a sensitive page opened is not left on the device');
    await context.setOffline(false);
  });

  test('"Save the whole site for offline use" shows its size and progress, then every page works offline', async () => {
    const context = await freshBrowser();
    const base = server.baseUrl;
    const page = await firstVisit(context, base);
    const { bytes } = JSON.parse(readFileSync(path.join(SITE_DIR, 'offline', 'build.json'), 'utf8'));
    const button = page.getByRole('button', { name: `Save the whole site for offline use (${sizeOf(bytes)})` });
    await button.waitFor();
    await button.click();
    const status = page.locator('#offline-save-status');
    await page.waitForFunction(() => /^Saved: /.test(document.getElementById('offline-save-status').textContent));
    assert.equal(await status.textContent(), `Saved: the whole site (${sizeOf(bytes)}) now works on this device without a connection.`);
    assert.equal(await page.locator('#offline-save-progress').evaluate((p) => p.value), 100, 'the progress bar reached 100 %');

    const { files } = JSON.parse(readFileSync(path.join(SITE_DIR, 'offline', 'files.json'), 'utf8'));
    const pages = files.map(([address]) => address).filter((a) => a.endsWith('/') || a === '');
    const sample = [...pages.filter((_, i) => i % 6 === 3), 'needs/domestic-abuse/', 'pages/hiding-a-visit/'];
    await context.setOffline(true);
    for (const address of sample) {
      await page.goto(base + address);
      assert.equal(await page.title(), titleOf(SITE_DIR, address), `/${address} offline`);
      assert.match(await offlineNotice(page), /^You are offline: these details were saved on /, `/${address} says it was saved`);
    }
    // Words never searched online.
    await page.goto(`${base}search/?q=bereavement`);
    await searched(page, 'bereavement');
    assert.ok(await page.locator('#search-results .result').count() > 0, 'search finds what was never searched online');
    await context.setOffline(false);
    await page.goto(base);
    await page.getByText('The whole site is saved on this device. It works without a connection.').waitFor();
  });

  test('a new build replaces the old cache, and the cache never holds files of two builds', async () => {
    assert.ok(existsSync(BIN), `the supportmap binary is at ${BIN} (cargo build --release, or set SUPPORTMAP_BIN)`);
    const work = mkdtempSync(path.join(os.tmpdir(), 'supportmap-offline-'));
    try {
      const live = path.join(work, 'live');
      cpSync(SITE_DIR, live, { recursive: true });
      const liveServer = await serve(live, { prefix: SITE_PREFIX });
      try {
        const base = liveServer.baseUrl;
        const context = await freshBrowser();
        const page = await firstVisit(context, base);
        await page.goto(`${base}needs/food/`);
        await kept(page, `${base}needs/food/`);
        const first = JSON.parse(readFileSync(path.join(live, 'offline', 'build.json'), 'utf8')).build;
        assert.deepEqual(await page.evaluate(() => caches.keys()), [`supportmap-${first}`]);

        // The same content with the need "Food" renamed, built and deployed over the first.
        const root = path.join(work, 'root');
        for (const dir of ['content', 'themes']) cpSync(path.join(REPO, dir), path.join(root, dir), { recursive: true });
        const needs = path.join(root, 'content', 'needs.yaml');
        writeFileSync(needs, readFileSync(needs, 'utf8').replace('\n  name: Food\n', '\n  name: Food and meals\n'));
        const out = path.join(work, 'second');
        const baseUrl = SITE_PREFIX === '/' ? [] : ['--base-url', `https://example.org${SITE_PREFIX}`];
        execFileSync(BIN, ['build', '--root', root, '--out', out, ...baseUrl], { stdio: 'pipe' });
        for (const entry of readdirSync(live)) rmSync(path.join(live, entry), { recursive: true, force: true });
        cpSync(out, live, { recursive: true });
        const second = JSON.parse(readFileSync(path.join(live, 'offline', 'build.json'), 'utf8')).build;
        assert.notEqual(second, first, 'the new build has a new id');

        await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
        await until(page, async (name) => {
          const names = await caches.keys();
          return names.length === 1 && names[0] === name;
        }, `supportmap-${second}`);

        // Every file in the cache is byte for byte the second build's (a page bar its saved time).
        const cached = await page.evaluate(async (name) => {
          const cache = await caches.open(name);
          const out = [];
          for (const request of await cache.keys()) {
            const response = await cache.match(request);
            let bytes = new Uint8Array(await response.arrayBuffer());
            if ((response.headers.get('content-type') || '').startsWith('text/html')) {
              const text = new TextDecoder().decode(bytes).replace(/ data-offline-saved="[^"]*"/, '');
              bytes = new TextEncoder().encode(text);
            }
            const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
            out.push([new URL(request.url).pathname, [...digest].map((b) => b.toString(16).padStart(2, '0')).join('')]);
          }
          return out;
        }, `supportmap-${second}`);
        assert.ok(cached.some(([p]) => p === `${SITE_PREFIX}needs/food/`), `the page the reader had kept is kept again: ${cached.map(([p]) => p)}`);
        for (const [pathname, digest] of cached) {
          const rel = pathname.slice(SITE_PREFIX.length);
          const file = path.join(live, rel.endsWith('/') || rel === '' ? `${rel}index.html` : rel);
          const expected = createHash('sha256').update(readFileSync(file)).digest('hex');
          assert.equal(digest, expected, `${pathname} is the second build's`);
        }

        await context.setOffline(true);
        await page.goto(`${base}needs/food/`);
        assert.equal(await page.locator('h1').textContent(), 'Food and meals', 'offline, the page is the new build\'s');
        await context.setOffline(false);
      } finally {
        await liveServer.close();
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
