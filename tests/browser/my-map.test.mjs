// My Support Map in a real browser, at a phone (360px) and a desktop (1280px) width:
//   1. the two views: the person's view from a share link and from the printed QR code's
//      address, "Continue building this map", and the compact editing view, reordered by
//      keyboard alone and by dragging;
//   2. built up across visits: the person's words and next steps travel only when ticked;
//   3. the printout: page counts of 1, 4 and 8 services on A4 and US Letter, the title, "page x
//      of y", the date and "check before you go" on every page, 11pt or larger, "24 hours";
//   4. edits that cannot lose work: a double click adds once, Undo after every removal and
//      Clear (the page clock moved on, not waited for), the route checklist and route removal;
//   5. how long the device keeps the map, and expiry with the clock moved;
//   6. the warning for sensitive services;
// and axe on both views, no request leaving the site, no CSP violation, and no JavaScript.
//
// Runs against the built example site ($SITE_DIR, mounted at $SITE_PREFIX), whose content is
// known: "food bank" finds the Harbourside Food Bank, the Facing eviction pathway has seven
// services on its steps (the food bank and the domestic abuse service among them), domestic
// abuse is a sensitive need, and the Westfield Job Club is closed, so it has no page.
// Expected values are read from the built files where they can be.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import { SITE_DIR, SITE_PREFIX, htmlFiles, launchContext } from './lib.mjs';
import { serve } from './serve.mjs';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const KEY = `supportmap:${SITE_PREFIX}:my-map`;
const ROUTE = 'facing-eviction';
const FOOD_BANK = 'harbourside-food-bank';
const CREDIT_UNION = 'harbour-credit-union';
const SAFE_HARBOUR = 'safe-harbour-domestic-abuse-service';
const CLOSED = 'westfield-job-club';
const WIDTHS = [360, 1280];
const DAY = 24 * 60 * 60 * 1000;

let server;
let browser;
let axeBrowser;
const cspViolations = [];

before(async () => {
  server = await serve(SITE_DIR, { prefix: SITE_PREFIX });
  browser = await launchContext();
  await browser.context.exposeFunction('__reportCsp', (text) => cspViolations.push(text));
  await browser.context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => window.__reportCsp(`${e.violatedDirective} ${e.blockedURI || '(inline)'}`));
  });
  axeBrowser = await launchContext({ bypassCSP: true });
});

after(async () => {
  await browser?.close();
  await axeBrowser?.close();
  await server?.close();
});

const url = (rel = '') => `${server.baseUrl}${rel}`;
/** The card the build put in a record's page (the JSON data block My Support Map reads). */
const card = (kind, id) => {
  const page = readFileSync(path.join(SITE_DIR, kind, id, 'index.html'), 'utf8');
  const json = page.match(/<script type="application\/json" id="my-map-card">(.*?)<\/script>/s);
  assert.ok(json, `${kind}/${id} has a card`);
  return JSON.parse(json[1]);
};
const routeAssets = () => {
  const seen = new Set();
  return card('pathways', ROUTE).steps.flatMap((s) => s.assets).filter((a) => !seen.has(a.id) && seen.add(a.id));
};
const routeIds = () => routeAssets().map((a) => a.id);
/** Every published asset, the ones with the most to print first. */
const wordiest = () =>
  readdirSync(path.join(SITE_DIR, 'assets'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(SITE_DIR, 'assets', d.name, 'index.html')))
    .map((d) => card('assets', d.name))
    .map((c) => ({ id: c.id, size: [c.summary, ...c.when, ...c.where.flatMap((w) => [w.name, w.address, w.postcode])].join(' ').length }))
    .sort((a, b) => b.size - a.size || a.id.localeCompare(b.id))
    .map((c) => c.id);

function mapOf(ids, extra = {}) {
  return { title: '', matters: '', strengths: '', helpers: '', ...extra, items: ids.map((id) => ({ id, name: '', note: '', next: '', route: '' })) };
}

/** Stores `map` as the site does, kept for this visit (this tab's sessionStorage). */
async function setMap(page, map, keep = 'visit') {
  await page.evaluate(
    ([key, value, where]) => {
      localStorage.removeItem(key);
      sessionStorage.removeItem(key);
      if (value) (where === 'visit' ? sessionStorage : localStorage).setItem(key, value);
    },
    [KEY, map ? JSON.stringify({ keep, chosen: true, saved: Date.now(), map }) : null, keep],
  );
}

/** A fresh tab at `width` with the map emptied (or set to `map`). With `clock`, in a browser of
 * its own whose clock starts then and moves only when the test says (a clock is per browser). */
async function freshPage(map = null, { width = 1280, context = browser.context, clock = null } = {}) {
  const own = clock ? await launchContext() : null;
  const page = await (own?.context || context).newPage();
  if (own) {
    page.browser = own;
    page.on('close', () => own.close());
  }
  await page.setViewportSize({ width, height: 800 });
  if (clock) await page.clock.install({ time: clock });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.errors = errors;
  await page.goto(url());
  await setMap(page, map);
  return page;
}

const record = (page) =>
  page.evaluate((key) => JSON.parse(sessionStorage.getItem(key) || localStorage.getItem(key) || 'null'), KEY);
const storedIds = async (page) => ((await record(page))?.map?.items || []).map((i) => i.id);
const listIds = (page) => page.$$eval('#my-map-list > li', (lis) => lis.map((li) => li.dataset.id));
const personIds = (page) => page.$$eval('#my-map-person-list > li', (lis) => lis.map((li) => li.dataset.id));
const headerLink = (page) => page.locator('.site-nav .nav-my-map a');
const focused = (page) => page.evaluate(() => [document.activeElement.closest('li')?.dataset.id, document.activeElement.dataset.action || document.activeElement.id]);

async function openMap(page, hash = '') {
  await page.goto(url(`my-map/${hash}`));
  await page.waitForSelector('#my-map[data-ready]');
}

/** Waits for the live region to say something matching `pattern`. */
async function announced(page, pattern) {
  await page.waitForFunction(
    ([source, flags]) => new RegExp(source, flags).test(document.getElementById('my-map-live')?.textContent || ''),
    [pattern.source, pattern.flags],
  );
  return page.locator('#my-map-live').textContent();
}

/** The live site's address the page uses for QR codes and share links. */
async function liveBase(page) {
  return (await page.getAttribute('#my-map', 'data-base-url')) || url();
}
/** A share link opened on this test server, wherever the live site is. */
const onServer = (link, live) => url(link.slice(live.length));

/** Dark modules of an SVG QR code drawn by my-map-page.js, as "row,col" strings. */
function svgModules(d) {
  const cells = new Set();
  for (const [, x, y, run] of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let i = 0; i < Number(run); i++) cells.add(`${Number(y) - 4},${Number(x) + i - 4}`);
  }
  return cells;
}

/** Dark modules of the QR code for `text`, from the same vendored library the site ships. */
async function expectedModules(text) {
  const { default: qrcode } = await import(pathToFileURL(path.join(SITE_DIR, 'static/vendor/qrcode-generator/qrcode.mjs')).href);
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const cells = new Set();
  for (let r = 0; r < qr.getModuleCount(); r++) for (let c = 0; c < qr.getModuleCount(); c++) if (qr.isDark(r, c)) cells.add(`${r},${c}`);
  return cells;
}

async function assertQrEncodes(locator, text) {
  const drawn = svgModules(await locator.locator('path').getAttribute('d'));
  const expected = await expectedModules(text);
  assert.ok(expected.size > 100, 'the expected code has modules');
  assert.deepEqual([...drawn].sort(), [...expected].sort(), `the QR code encodes ${text}`);
}

/**
 * The text of each page of a PDF as Chromium writes it: Flate-compressed content streams that
 * show glyph ids, which the fonts' ToUnicode maps turn back into characters.
 */
function pdfPages(pdf) {
  const raw = pdf.toString('latin1');
  const streams = [];
  for (const m of raw.matchAll(/<<([^<>]*(?:<<[^<>]*>>[^<>]*)*)>>\s*stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const data = pdf.subarray(start, raw.indexOf('endstream', start));
    try {
      streams.push((/FlateDecode/.test(m[1]) ? zlib.inflateSync(data) : data).toString('latin1'));
    } catch {
      // not a stream of text
    }
  }
  const hex = (h) => parseInt(h, 16);
  const glyphs = new Map();
  for (const cmap of streams.filter((t) => t.includes('begincmap'))) {
    for (const [, block] of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
      for (const [, from, to] of block.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
        glyphs.set(hex(from), String.fromCodePoint(...to.match(/.{4}/g).map(hex)));
    for (const [, block] of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
      for (const [, lo, hi, to] of block.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
        for (let g = hex(lo); g <= hex(hi); g++) glyphs.set(g, String.fromCodePoint(hex(to) + g - hex(lo)));
  }
  const pages = streams
    .filter((t) => /\bT[jJ]\b/.test(t) && !t.includes('begincmap'))
    .map((t) => [...t.matchAll(/<([0-9A-Fa-f]{4,})>/g)].map(([, h]) => h.match(/.{4}/g).map((g) => glyphs.get(hex(g)) ?? '').join('')).join(''));
  const count = (raw.match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.equal(pages.length, count, 'one content stream per page');
  return pages;
}

describe('My Support Map', () => {
  for (const width of WIDTHS) {
    test(`@${width}px: add from a search result, a service page and a pathway's checklist; a double click adds once`, async () => {
      const page = await freshPage(null, { width });
      assert.equal((await headerLink(page).textContent()).trim(), 'My Support Map', 'no count while the map is empty');

      // A search result: a double click adds it once, and the button then says "Added".
      await page.goto(url('search/?q=food+bank'));
      const result = page.locator('#search-results .result', { has: page.locator(`a[href$="assets/${FOOD_BANK}/"]`) });
      const resultButton = result.locator('.my-map-button').first();
      await resultButton.waitFor();
      assert.equal(await resultButton.textContent(), 'Add to my Support Map: Harbourside Food Bank', 'the button names its service');
      await resultButton.dblclick();
      assert.match(await announced(page, /Added Harbourside Food Bank/), /1 service in it now/);
      assert.deepEqual(await storedIds(page), [FOOD_BANK], 'the second click did not remove it');
      assert.equal(await resultButton.textContent(), 'Added to my Support Map: Harbourside Food Bank');
      assert.equal(await resultButton.getAttribute('aria-disabled'), 'true');
      await resultButton.click({ force: true });
      assert.deepEqual(await storedIds(page), [FOOD_BANK], 'clicking "Added" changes nothing');
      assert.ok(await result.locator('.my-map-remove-button').isVisible(), 'a separate Remove');
      assert.equal((await headerLink(page).textContent()).trim(), 'My Support Map (1)');

      // A service's own page.
      await page.goto(url(`assets/${CREDIT_UNION}/`));
      const assetButton = page.locator('.record-head .my-map-slot .my-map-button').first();
      assert.equal(await assetButton.textContent(), 'Add to my Support Map');
      await assetButton.dblclick();
      await announced(page, /Added Harbour Credit Union.*2 services in it now/);
      assert.deepEqual(await storedIds(page), [FOOD_BANK, CREDIT_UNION]);
      assert.equal(await assetButton.textContent(), 'Added to my Support Map');
      assert.equal(await page.locator('.record-head .my-map-state a').getAttribute('href'), `${SITE_PREFIX}my-map/`);

      // A pathway: a checklist of its services, all ticked, those already in the map marked.
      await page.goto(url(`pathways/${ROUTE}/`));
      const routeButton = page.locator('.page-head .my-map-route-button');
      await routeButton.waitFor();
      const route = routeAssets();
      assert.match(await page.locator('.page-head .my-map-state').textContent(), /1 of the \d+ services on this route is in your Support Map/);
      await routeButton.dblclick();
      const dialog = page.locator('#my-map-route-dialog');
      await dialog.waitFor({ state: 'visible' });
      assert.equal(await page.locator('dialog[open]').count(), 1, 'a double click opens one checklist');
      const boxes = dialog.locator('input[type="checkbox"]');
      assert.equal(await boxes.count(), route.length);
      for (const [i, asset] of route.entries()) {
        assert.equal(await boxes.nth(i).isChecked(), true, `${asset.id} is ticked`);
        assert.equal(await boxes.nth(i).isDisabled(), asset.id === FOOD_BANK, `${asset.id}: only the service already in the map is fixed`);
      }
      const untick = route.find((a) => a.id !== FOOD_BANK && a.id !== SAFE_HARBOUR);
      await dialog.getByLabel(untick.name, { exact: true }).uncheck();
      await dialog.locator('button[value="add"]').click();
      await announced(page, new RegExp(`Added ${route.length - 2} services from the route`));
      const expected = [FOOD_BANK, CREDIT_UNION, ...route.map((a) => a.id).filter((id) => id !== FOOD_BANK && id !== untick.id)];
      assert.deepEqual(await storedIds(page), expected, 'the ticked services, in step order, after what was there');
      assert.equal((await headerLink(page).textContent()).trim(), `My Support Map (${expected.length})`);
      assert.ok(await page.locator('.page-head .my-map-route-remove').isVisible(), '"Remove this route" appears');
      // The route holds a sensitive service: the page says who may see it.
      assert.match(await page.locator('.page-head .my-map-sensitive').textContent(), /Take care: .*Safe Harbour.*Anyone who sees the map/);

      // The map page lists them in that order.
      await openMap(page);
      assert.deepEqual(await listIds(page), expected);
      assert.equal(await page.locator('#my-map-list > li h3').first().textContent(), card('assets', FOOD_BANK).name);
      assert.deepEqual(page.errors, []);
      await page.close();
    });
  }

  test('Undo after removing on a service page, offered for 10 seconds (the page clock moved on)', async () => {
    const page = await freshPage(mapOf([FOOD_BANK, CREDIT_UNION]), { clock: Date.now() });
    await page.goto(url(`assets/${CREDIT_UNION}/`));
    await page.locator('.record-head .my-map-remove-button').click();
    assert.match(await announced(page, /Removed Harbour Credit Union/), /Undo is available for 10 seconds/);
    assert.deepEqual(await storedIds(page), [FOOD_BANK]);
    const undo = page.locator('#my-map-undo button');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Undo', 'focus is on Undo');
    await undo.click();
    assert.deepEqual(await storedIds(page), [FOOD_BANK, CREDIT_UNION], 'back in its place');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Added to my Support Map', 'focus returns to the button');

    await page.locator('.record-head .my-map-remove-button').click();
    await undo.waitFor();
    await page.clock.runFor(9_000);
    assert.ok(await undo.isVisible(), 'still offered after 9 seconds');
    await page.clock.runFor(1_500);
    await page.locator('#my-map-undo').waitFor({ state: 'hidden' });
    assert.deepEqual(await storedIds(page), [FOOD_BANK]);
    await page.close();
  });

  test('"Add this route" on a search result reads the route from its small card file, not the pathway page', async () => {
    const page = await freshPage();
    const fetched = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    await page.goto(url('search/?q=eviction'));
    const result = page.locator('#search-results .result', { has: page.locator(`a[href$="pathways/${ROUTE}/"]`) });
    const routeButton = result.locator('.my-map-route-button');
    await routeButton.waitFor();
    const title = card('pathways', ROUTE).title;
    assert.equal(await routeButton.textContent(), `Add this route to my Support Map: ${title}`);
    await routeButton.click();
    const dialog = page.locator('#my-map-route-dialog');
    await dialog.waitFor({ state: 'visible' });
    assert.equal(await dialog.locator('input[type="checkbox"]').count(), routeAssets().length, 'every service on the route');
    await dialog.locator('button[value="add"]').click();
    await announced(page, new RegExp(`Added ${routeAssets().length} services from the route`));
    assert.deepEqual(await storedIds(page), routeIds(), 'the route, in step order');
    assert.equal(await routeButton.textContent(), `Route added to my Support Map: ${title}`);
    assert.ok(fetched.includes(`${SITE_PREFIX}search/routes/${ROUTE}.json`), 'the route card file was read');
    const pathwayPages = fetched.filter((p) => p.startsWith(`${SITE_PREFIX}pathways/`));
    assert.deepEqual(pathwayPages, [], 'no pathway page was fetched');
    await page.close();
  });

  test('"Remove this route" removes only what the route added, asks about notes, and can be undone', async () => {
    const route = routeIds();
    const map = mapOf([CREDIT_UNION, FOOD_BANK, ...route.filter((id) => id !== FOOD_BANK)]);
    for (const item of map.items.slice(2)) item.route = ROUTE;
    map.items[3].note = 'Ask for Ana';
    const noted = map.items[3].id;
    const page = await freshPage(map);
    await page.goto(url(`pathways/${ROUTE}/`));
    const remove = page.locator('.page-head .my-map-route-remove');
    await remove.click();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /One of these services has a note.*Ask for Ana/s);
    await dialog.locator('button[value="keep-noted"]').click();
    await announced(page, /Removed the \d+ services this route added/);
    assert.deepEqual(await storedIds(page), [CREDIT_UNION, FOOD_BANK, noted], 'services added on their own, and the one with a note, stay');

    await page.locator('#my-map-undo button').click();
    assert.deepEqual(await storedIds(page), map.items.map((i) => i.id), 'Undo puts them back in order');
    assert.equal((await record(page)).map.items[3].note, 'Ask for Ana');

    await remove.click();
    await page.locator('dialog[open] button[value="all"]').click();
    await announced(page, /Removed the \d+ services this route added/);
    assert.deepEqual(await storedIds(page), [CREDIT_UNION, FOOD_BANK]);
    assert.equal(await remove.isVisible(), false, 'nothing left that the route added');
    await page.close();
  });

  for (const width of WIDTHS) {
    test(`@${width}px: the person's view from a share link and from the printed QR code's address`, async () => {
      const ids = [FOOD_BANK, CREDIT_UNION, SAFE_HARBOUR];
      const map = mapOf(ids, { title: 'Sam’s Support Map', matters: 'Keeping my flat', strengths: 'Good with dogs; I like cooking', helpers: 'Priya, link worker' });
      map.items[0].note = 'Ask for Sam';
      map.items[0].next = 'Tuesday 10am, Priya meets me there';
      const page = await freshPage(map, { width });
      await openMap(page);
      const live = await liveBase(page);

      // Without the tick: the link and the printed code hold only the services, in order.
      const bare = await page.locator('#my-map-share-link').inputValue();
      assert.equal(new URL(bare).hash, `#items=${ids.join(',')}`);
      await assertQrEncodes(page.locator('#my-map-share-qr svg'), bare);
      await assertQrEncodes(page.locator('#my-map-whole-qr svg'), bare);
      // With it: the person's words, notes and next steps too.
      await page.locator('#my-map-share-notes').check();
      const link = await page.locator('#my-map-share-link').inputValue();
      const params = new URLSearchParams(new URL(link).hash.slice(1));
      assert.equal(params.get('strengths'), 'Good with dogs; I like cooking');
      assert.equal(params.get('helpers'), 'Priya, link worker');
      assert.deepEqual(params.getAll('next'), ['Tuesday 10am, Priya meets me there', '', '']);
      await page.emulateMedia({ media: 'print' });
      const printedQr = page.locator('#my-map-whole-qr svg');
      assert.ok(await printedQr.isVisible(), 'the whole-map code is printed');
      await assertQrEncodes(printedQr, link);
      await page.emulateMedia({ media: 'screen' });
      assert.match(await page.locator('#my-map-share-sensitive').textContent(), /Take care: this map includes Safe Harbour/, 'sharing warns');

      // Another device opens the printed code's address: the person's view, stored nowhere.
      const other = await launchContext();
      try {
        const there = await other.context.newPage();
        await there.setViewportSize({ width, height: 740 });
        await openMap(there, new URL(link).hash);
        assert.equal(await there.getAttribute('#my-map', 'data-view'), 'person');
        assert.equal(await there.locator('h1:visible').textContent(), 'Sam’s Support Map');
        assert.equal(await there.locator('#my-map-edit').isVisible(), false, 'no editing tools');
        assert.deepEqual(await personIds(there), ids);
        const words = await there.locator('#my-map-person-words').innerText();
        for (const part of ['What matters to me', 'Keeping my flat', 'My strengths and things I enjoy', 'Good with dogs', 'Who is helping me', 'Priya, link worker']) {
          assert.ok(words.includes(part), `shows ${part}`);
        }
        const first = there.locator('#my-map-person-list > li').first();
        const data = card('assets', FOOD_BANK);
        assert.equal(await first.locator('a[href^="tel:"]').getAttribute('href'), data.contact.phone_href);
        const text = await first.innerText();
        for (const part of [data.summary, data.when[0], 'Note: Ask for Sam', 'Next step: Tuesday 10am, Priya meets me there']) assert.ok(text.includes(part), `first service shows ${part}`);
        const heading = await first.locator('h2').boundingBox();
        assert.ok(heading.y + heading.height < 740, `the first service starts on the first screen (${heading.y}px)`);
        assert.match(await there.locator('#my-map-person-list > li').nth(2).innerText(), /24 hours/, 'a helpline open all day says "24 hours"');
        assert.equal(await record(there), null, 'opening a link stores nothing');
        // The skip link changes the address to #main: the person's view stays.
        await there.evaluate(
          () =>
            new Promise((done) => {
              window.addEventListener('hashchange', () => setTimeout(done, 0), { once: true });
              document.querySelector('.skip-link').click();
            }),
        );
        assert.equal(await there.locator('#my-map[data-view="person"][data-ready]').count(), 1, 'the skip link keeps the person’s view');

        // "Continue building this map": the next professional takes it into their browser.
        await there.locator('#my-map-continue').click();
        await there.waitForSelector('#my-map[data-view="edit"][data-ready]');
        assert.deepEqual(await listIds(there), ids);
        assert.equal(await there.locator('#my-map-strengths').inputValue(), 'Good with dogs; I like cooking');
        assert.equal((await record(there)).map.items[0].next, 'Tuesday 10am, Priya meets me there');
        assert.equal(new URL(there.url()).hash, '', 'the address no longer holds the map');
      } finally {
        await other.close();
      }

      // The link without the tick opens the services alone, and asks before replacing a map.
      await setMap(page, mapOf([CREDIT_UNION]));
      await page.goto(onServer(bare, live));
      await page.waitForSelector('#my-map[data-view="person"][data-ready]');
      assert.equal(await page.locator('#my-map-person-words').isVisible(), false, 'no words travel without the tick');
      assert.equal(await page.locator('#my-map-person-list .my-map-stop-note').count(), 0);
      await page.locator('#my-map-continue').click();
      const dialog = page.locator('#my-map-import-dialog');
      await dialog.waitFor({ state: 'visible' });
      assert.match(await dialog.textContent(), /already has a map of 1 service.*map of 3 services/s);
      await dialog.locator('button[value="keep"]').click();
      assert.deepEqual(await storedIds(page), [CREDIT_UNION], '"Keep" keeps the map in this browser');
      await page.locator('#my-map-continue').click();
      await dialog.locator('button[value="replace"]').click();
      await page.waitForSelector('#my-map[data-view="edit"][data-ready]');
      assert.deepEqual(await storedIds(page), ids);
      assert.deepEqual(page.errors, []);
      await page.close();
    });
  }

  for (const width of WIDTHS) {
    test(`@${width}px: keyboard only: move the ninth service to the top, then down and to the bottom`, async () => {
      const ids = wordiest().slice(0, 9);
      const page = await freshPage(mapOf(ids), { width });
      await openMap(page);
      // From the ninth service's name, Tab reaches "Move to top" in a few presses.
      await page.locator(`#my-map-list > li[data-id="${ids[8]}"] h3 a`).focus();
      let presses = 0;
      while ((await focused(page))[1] !== 'top' && presses < 5) {
        await page.keyboard.press('Tab');
        presses += 1;
      }
      assert.deepEqual(await focused(page), [ids[8], 'top'], `"Move to top" is ${presses} Tab presses from the service's name`);
      await page.keyboard.press('Enter');
      assert.deepEqual(await listIds(page), [ids[8], ...ids.slice(0, 8)]);
      assert.deepEqual(await storedIds(page), [ids[8], ...ids.slice(0, 8)]);
      await announced(page, /moved to the top: number 1 of 9/);
      assert.deepEqual(await focused(page), [ids[8], 'down'], 'at the top, focus moves to the nearest button that still works');
      await page.keyboard.press('Enter');
      await announced(page, /moved down: number 2 of 9/);
      assert.deepEqual(await focused(page), [ids[8], 'down'], 'focus stays with the moved service');
      await page.keyboard.press('Tab'); // to "Move to bottom"
      await page.keyboard.press('Space');
      await announced(page, /moved to the bottom: number 9 of 9/);
      assert.deepEqual(await listIds(page), [ids[0], ...ids.slice(1, 8), ids[8]]);
      assert.deepEqual(await focused(page), [ids[8], 'up']);

      // "Details and note" opens a card by keyboard; the note is kept.
      const expand = page.locator(`#my-map-list > li[data-id="${ids[0]}"] [data-action="expand"]`);
      await expand.focus();
      await page.keyboard.press('Enter');
      assert.equal(await expand.getAttribute('aria-expanded'), 'true');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.dataset.field), 'note', 'Tab reaches the note after the buttons');
      await page.keyboard.type('Ask for Sam');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Friday 2pm');
      await page.keyboard.press('Tab');
      assert.equal((await record(page)).map.items[0].note, 'Ask for Sam');
      assert.equal((await record(page)).map.items[0].next, 'Friday 2pm');
      assert.match(await page.locator(`#my-map-list > li[data-id="${ids[0]}"] .my-map-glance`).textContent(), /Note: Ask for Sam; Friday 2pm/);

      // Removing by keyboard: focus goes to Undo, and back after it.
      await page.locator(`#my-map-list > li[data-id="${ids[1]}"] [data-action="remove"]`).focus();
      await page.keyboard.press('Enter');
      await announced(page, /Removed .*8 services left in the map\. Undo is available/);
      assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Undo');
      await page.keyboard.press('Enter');
      assert.deepEqual((await listIds(page)).slice(0, 3), ids.slice(0, 3), 'Undo puts it back in its place');
      assert.deepEqual(await focused(page), [ids[1], 'remove']);
      assert.deepEqual(page.errors, []);
      await page.close();
    });
  }

  test('drag a service by its handle onto another to move it there', async () => {
    const ids = routeIds().slice(0, 4);
    const page = await freshPage(mapOf(ids));
    await openMap(page);
    await page.locator(`#my-map-list > li[data-id="${ids[3]}"] .my-map-handle`).dragTo(page.locator(`#my-map-list > li[data-id="${ids[0]}"] h3`));
    assert.deepEqual(await listIds(page), [ids[3], ids[0], ids[1], ids[2]]);
    assert.deepEqual(await storedIds(page), [ids[3], ids[0], ids[1], ids[2]]);
    await announced(page, /moved to the top: number 1 of 4/);
    await page.close();
  });

  test('Clear empties the map at once, and Undo brings all of it back', async () => {
    const map = mapOf([FOOD_BANK, CREDIT_UNION], { title: 'Sam', strengths: 'Cooking' });
    map.items[1].note = 'Ask for Ana';
    const page = await freshPage(map, { clock: Date.now() });
    await openMap(page);
    await page.locator('#my-map-clear').click();
    await announced(page, /The map is cleared.*Undo is available for 10 seconds/);
    assert.deepEqual(await listIds(page), []);
    assert.equal(await record(page), null, 'nothing is left in storage');
    assert.ok(await page.locator('#my-map-empty').isVisible());
    assert.equal((await headerLink(page).textContent()).trim(), 'My Support Map');
    await page.locator('#my-map-undo button').click();
    await page.waitForFunction(() => document.querySelectorAll('#my-map-list > li').length === 2);
    assert.equal(await page.locator('#my-map-title').inputValue(), 'Sam');
    assert.equal(await page.locator('#my-map-strengths').inputValue(), 'Cooking');
    assert.equal((await record(page)).map.items[1].note, 'Ask for Ana');

    await page.locator('#my-map-clear').click();
    await page.locator('#my-map-undo button').waitFor();
    await page.clock.runFor(10_500);
    await page.locator('#my-map-undo').waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'my-map-clear', 'focus returns to Clear');
    assert.equal(await record(page), null);
    await page.close();
  });

  for (const width of WIDTHS) {
    test(`@${width}px: how long this device keeps the map; a 30-day map expires when the clock moves on`, async () => {
      const start = new Date('2026-03-02T10:00:00Z').getTime();
      const page = await freshPage(null, { width, clock: start });
      await page.goto(url(`assets/${FOOD_BANK}/`));
      await page.locator('.record-head .my-map-button').first().click();
      assert.equal(await page.evaluate((key) => localStorage.getItem(key), KEY), null, 'by default nothing goes into lasting storage');
      assert.equal((await record(page)).keep, 'visit');

      await openMap(page);
      assert.ok(await page.locator('#my-map-keep-ask').isVisible(), 'first use asks how long to keep it');
      assert.equal(await page.locator('#my-map-keep-visit').isChecked(), true, '"this visit only" is the default');
      assert.match(await page.locator('#my-map-stored').textContent(), /Stored now: 1 service\. It is kept for this visit only, in this browser tab’s session storage/);

      // This visit only: another tab (a new visit) has no map.
      const tab = await page.browser.context.newPage();
      await tab.goto(url('my-map/'));
      await tab.waitForSelector('#my-map[data-ready]');
      assert.deepEqual(await listIds(tab), []);
      await tab.close();

      await page.locator('#my-map-keep-30-days').check();
      assert.equal(await page.locator('#my-map-keep-ask').isVisible(), false);
      assert.match(await page.locator('#my-map-stored').textContent(), /for 30 days after the last change, in this browser’s local storage/);
      assert.equal(await page.evaluate((key) => sessionStorage.getItem(key), KEY), null, 'moved out of session storage');
      assert.equal((await record(page)).keep, '30-days');

      await page.clock.setSystemTime(start + 29 * DAY);
      await openMap(page);
      assert.deepEqual(await listIds(page), [FOOD_BANK], 'still there after 29 days');
      await page.clock.setSystemTime(start + 29 * DAY + 31 * DAY); // 31 days after the visit above wrote it
      await openMap(page);
      assert.deepEqual(await listIds(page), [], 'gone after 30 days without a change');
      assert.ok(await page.locator('#my-map-expired').isVisible(), 'the page says why');
      assert.equal(await page.evaluate((key) => localStorage.getItem(key), KEY), null);

      // Until cleared: still there a year on.
      await setMap(page, mapOf([CREDIT_UNION]), 'until-cleared');
      await page.clock.setSystemTime(start + 400 * DAY);
      await openMap(page);
      assert.deepEqual(await listIds(page), [CREDIT_UNION]);
      assert.equal(await page.locator('#my-map-keep-until-cleared').isChecked(), true);
      await setMap(page, null);
      await page.close();
    });
  }

  test('print: 1, 4 and 8 services fit on A4 and US Letter, with the title, "page x of y" and the date on every page', async () => {
    const ids = wordiest();
    const page = await freshPage();
    const today = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date());
    for (const [count, most] of [
      [1, 1],
      [4, 2],
      [8, 2],
    ]) {
      const map = mapOf(ids.slice(0, count), { title: 'Sam’s Support Map', matters: 'Keeping my flat, and getting back to work.', strengths: 'Cooking for friends', helpers: 'Priya, link worker' });
      for (const item of map.items) {
        item.note = 'Ask for Sam at the front desk.';
        item.next = 'Tuesday 10am';
      }
      await setMap(page, map);
      await openMap(page);
      await page.emulateMedia({ media: 'print' });
      for (const hiddenPart of ['.site-header', '.breadcrumbs', '.site-footer', '#my-map-edit', '#my-map-head', '#my-map-continue']) {
        for (const node of await page.locator(hiddenPart).all()) assert.equal(await node.isVisible(), false, `${hiddenPart} is not printed`);
      }
      assert.equal(await page.locator('button:visible, input:visible, textarea:visible').count(), 0, 'no controls on paper');
      assert.deepEqual(await personIds(page), map.items.map((i) => i.id), 'the services, in order');
      const sizes = await page.$$eval('#my-map-person *', (nodes) =>
        nodes.filter((n) => n.checkVisibility() && [...n.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim())).map((n) => parseFloat(getComputedStyle(n).fontSize)),
      );
      assert.ok(Math.min(...sizes) >= 14.6, `every printed word is 11pt or larger (smallest ${Math.min(...sizes)}px)`);
      for (const [i, id] of map.items.map((item) => item.id).entries()) {
        const qr = page.locator('#my-map-person-list > li').nth(i).locator('.my-map-qr svg');
        assert.ok(await qr.isVisible(), `${id}: a QR code to its page`);
        await assertQrEncodes(qr, `${await liveBase(page)}assets/${id}/`);
      }
      for (const format of ['A4', 'Letter']) {
        const pages = pdfPages(await page.pdf({ format }));
        assert.ok(pages.length >= 1 && pages.length <= most, `${count} services print on ${pages.length} ${format} page(s), at most ${most}`);
        // Words wrapped at the end of a line lose their space: compare without spaces.
        const squash = (text) => text.replace(/\s+/g, '');
        pages.map(squash).forEach((text, i) => {
          assert.ok(text.includes(squash('Sam’s Support Map')), `${format} page ${i + 1} carries the title`);
          assert.ok(text.includes(squash(`Page ${i + 1} of ${pages.length}`)), `${format} page ${i + 1} says "Page ${i + 1} of ${pages.length}"`);
          assert.ok(text.includes(squash(`Printed ${today}`)) && text.includes(squash('Check before you go')), `${format} page ${i + 1} has the date and "check before you go": ${text.slice(0, 300)}`);
        });
        const all = squash(pages.join(''));
        for (const id of map.items.map((item) => item.id)) {
          const data = card('assets', id);
          if (data.contact.phone) assert.ok(all.includes(squash(data.contact.phone)), `${format}: ${id}'s phone ${data.contact.phone} is printed`);
        }
      }
      await page.emulateMedia({ media: 'screen' });
    }
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('opening hours that cover the whole day read "24 hours" everywhere on the site', async () => {
    assert.ok(card('assets', SAFE_HARBOUR).when.some((w) => /24 hours/.test(w)), 'the card says 24 hours');
    const offenders = htmlFiles(SITE_DIR).filter((file) => /00:00(<\/time>)? to (<time[^>]*>)?(23:59|24:00)/.test(readFileSync(file, 'utf8')));
    assert.deepEqual(offenders, [], 'no page says "00:00 to 23:59"');
    const page = await freshPage();
    await page.goto(url(`assets/${SAFE_HARBOUR}/`));
    assert.match(await page.locator('#when').innerText(), /24 hours/);
    await page.close();
  });

  test('sensitive services: adding one, printing or sharing the map warns who may see it', async () => {
    const page = await freshPage(mapOf([FOOD_BANK]));
    await page.goto(url(`assets/${SAFE_HARBOUR}/`));
    const warning = page.locator('.record-head .my-map-sensitive');
    assert.equal(await warning.isVisible(), false, 'no warning before it is added');
    await page.locator('.record-head .my-map-button').first().click();
    assert.match(await warning.textContent(), /^Take care: this map includes Safe Harbour domestic abuse service\. Anyone who sees the map/);
    assert.match(await announced(page, /Added Safe Harbour/), /Take care/);

    // A service that is not sensitive brings no warning.
    await page.goto(url(`assets/${CREDIT_UNION}/`));
    await page.locator('.record-head .my-map-button').first().click();
    assert.equal(await page.locator('.record-head .my-map-sensitive').isVisible(), false);

    await openMap(page);
    assert.match(await page.locator('#my-map-edit-sensitive').textContent(), /Safe Harbour/);
    assert.match(await page.locator('#my-map-share-sensitive').textContent(), /Anyone who sees the map on this device, on paper or through a shared link/);
    await page.evaluate(() => {
      window.printed = 0;
      window.print = () => (window.printed += 1);
    });
    await page.locator('#my-map-print').click();
    const dialog = page.locator('#my-map-print-dialog');
    await dialog.waitFor({ state: 'visible' });
    assert.match(await dialog.textContent(), /Before you print.*Take care: this map includes Safe Harbour/s);
    await dialog.locator('button[value="cancel"]').click();
    assert.equal(await page.evaluate(() => window.printed), 0, '"Do not print" does not print');
    await page.locator('#my-map-print').click();
    await dialog.locator('button[value="print"]').click();
    assert.equal(await page.evaluate(() => window.printed), 1);
    await page.close();
  });

  test('a record that was closed or removed shows as "no longer listed" under its last-known name', async () => {
    assert.ok(!existsSync(path.join(SITE_DIR, 'assets', CLOSED)), 'the closed record has no page');
    const map = mapOf([FOOD_BANK, CLOSED, 'old-lunch-club']);
    map.items[1].name = 'Westfield Job Club';
    map.items[2].name = 'Old Lunch Club';
    map.items[2].note = 'Was on Tuesdays';
    const page = await freshPage(map);
    await openMap(page);
    assert.deepEqual(await listIds(page), [FOOD_BANK, CLOSED, 'old-lunch-club'], 'nothing vanishes');
    for (const [id, name] of [
      [CLOSED, 'Westfield Job Club'],
      ['old-lunch-club', 'Old Lunch Club'],
    ]) {
      const item = page.locator(`#my-map-list > li[data-id="${id}"]`);
      assert.equal(await item.locator('h3').textContent(), name);
      assert.match(await item.locator('.my-map-glance').textContent(), /^No longer listed/);
    }
    assert.match(await page.locator('#my-map-summary').textContent(), /2 are no longer listed/);
    await page.locator('#my-map-list > li[data-id="old-lunch-club"] [data-action="expand"]').click();
    assert.equal(await page.locator('#my-map-note-old-lunch-club').inputValue(), 'Was on Tuesdays', 'its note is kept');
    await page.locator('#my-map-list > li[data-id="old-lunch-club"] [data-action="remove"]').click();
    assert.deepEqual(await storedIds(page), [FOOD_BANK, CLOSED]);
    await page.close();
  });

  for (const width of WIDTHS) {
    test(`@${width}px: axe finds no serious or critical problems in either view, the dialogs or the checklist`, async () => {
      const map = mapOf([...routeIds().slice(0, 3), CLOSED], { title: 'Sam', matters: 'Keeping my flat.', strengths: 'Cooking', helpers: 'Priya' });
      map.items[0].note = 'Ask for Sam.';
      const page = await freshPage(map, { width, context: axeBrowser.context });
      const check = async (when) => {
        await page.addScriptTag({ path: AXE_PATH });
        const { violations } = await page.evaluate(() =>
          window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }),
        );
        const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), [], `${when} @${width}px`);
        const sw = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(sw <= width, `${when}: no sideways scrolling at ${width}px (${sw}px)`);
      };
      await openMap(page);
      await page.locator('#my-map-list [data-action="expand"]').first().click();
      await page.locator('#my-map-share-notes').check();
      await check('the editing view, a card open');
      await page.locator('#my-map-list [data-action="remove"]').first().click();
      await check('with Undo on offer');
      await openMap(page, new URL(await page.locator('#my-map-share-link').inputValue()).hash);
      await check("the person's view");
      await page.goto(url(`pathways/${ROUTE}/`));
      await page.locator('.page-head .my-map-route-button').click();
      await page.locator('#my-map-route-dialog').waitFor();
      await check('the route checklist');
      await page.close();
    });
  }

  test('no request leaves the site, and nothing breaks the CSP, while using the map', async () => {
    const page = await browser.context.newPage();
    const outside = [];
    const failed = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(server.origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) outside.push(r.url());
    });
    page.on('pageerror', (e) => failed.push(String(e)));
    cspViolations.length = 0;
    await page.goto(url());
    await setMap(page, null);
    await page.goto(url('search/?q=food+bank'));
    await page.locator('#search-results .my-map-button').first().click();
    await page.goto(url(`pathways/${ROUTE}/`));
    await page.locator('.my-map-route-button').click();
    await page.locator('#my-map-route-dialog button[value="add"]').click();
    await openMap(page);
    await page.locator('#my-map-list [data-action="down"]').first().click();
    await page.locator('#my-map-list [data-action="expand"]').first().click();
    await page.locator('#my-map-list textarea').first().fill('A note');
    await page.locator('#my-map-keep-30-days').check();
    await page.locator('#my-map-share-notes').check();
    await page.locator('#my-map-copy').click();
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ format: 'A4' });
    await page.emulateMedia({ media: 'screen' });
    await page.locator('#my-map-open-person').click();
    await page.waitForSelector('#my-map[data-view="person"][data-ready]');
    await page.locator('#my-map-continue').click();
    await page.waitForSelector('#my-map[data-view="edit"][data-ready]');
    await page.locator('#my-map-clear').click();
    await page.waitForLoadState('networkidle');
    assert.deepEqual(outside, [], 'requests to other origins');
    assert.deepEqual(cspViolations, [], 'CSP violations');
    assert.deepEqual(failed, [], 'script errors');
    await page.close();
  });

  test('without JavaScript: no buttons, no header link, and /my-map/ says it needs JavaScript', async () => {
    const noJs = await launchContext({ javaScriptEnabled: false });
    try {
      const page = await noJs.context.newPage();
      for (const rel of [`assets/${FOOD_BANK}/`, `pathways/${ROUTE}/`, 'a-z/']) {
        await page.goto(url(rel));
        assert.equal(await page.locator('main button').count(), 0, `${rel}: no buttons`);
        assert.ok((await page.locator('.my-map-slot').count()) > 0, `${rel}: has (empty) slots`);
        for (const slot of await page.locator('.my-map-slot').all()) assert.equal(await slot.isVisible(), false, `${rel}: slots take no room`);
        assert.equal(await headerLink(page).isVisible(), false, `${rel}: no header link to a page that cannot work`);
      }
      await page.goto(url('my-map/'));
      assert.match(await page.locator('main').innerText(), /My Support Map needs JavaScript/);
      assert.equal(await page.locator('#my-map').isVisible(), false, 'the map itself is not shown');
      assert.ok(await page.locator(`main a[href="${SITE_PREFIX}a-z/"]`).isVisible(), 'points to browsing instead');
    } finally {
      await noJs.close();
    }
  });
});
