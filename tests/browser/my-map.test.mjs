// My Support Map in a real browser: adding from a search result, a service's page and a
// pathway; reordering by keyboard; notes; the print view; share links with and without notes;
// clearing; records that are no longer listed; accessibility; no request leaving the site; and
// the site without JavaScript.
//
// Runs against the built example site ($SITE_DIR, mounted at $SITE_PREFIX), whose content is
// known: "food bank" finds the Harbourside Food Bank, the Facing eviction pathway has seven
// services on its steps (the food bank among them), and the Westfield Job Club is closed, so
// it has no page. Expected values are read from the built files where they can be.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SITE_DIR, SITE_PREFIX, launchContext } from './lib.mjs';
import { serve } from './serve.mjs';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const KEY = `supportmap:${SITE_PREFIX}:my-map`;
const ROUTE = 'facing-eviction';
const FOOD_BANK = 'harbourside-food-bank';
const CREDIT_UNION = 'harbour-credit-union';
const CLOSED = 'westfield-job-club';

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
const routeIds = () => [...new Set(card('pathways', ROUTE).steps.flatMap((s) => s.assets.map((a) => a.id)))];

/** A fresh tab with the map emptied (or set to `map`). */
async function freshPage(map = null, context = browser.context) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.errors = errors;
  await page.goto(url());
  await page.evaluate(
    ([key, value]) => (value ? localStorage.setItem(key, value) : localStorage.removeItem(key)),
    [KEY, map ? JSON.stringify(map) : null],
  );
  return page;
}

const stored = (page) => page.evaluate((key) => JSON.parse(localStorage.getItem(key) || 'null'), KEY);
const storedIds = async (page) => ((await stored(page))?.items || []).map((i) => i.id);
const listIds = (page) => page.$$eval('#my-map-list > li', (lis) => lis.map((li) => li.dataset.id));
const headerLink = (page) => page.locator('.site-nav .nav-my-map a');

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

function mapOf(ids, extra = {}) {
  return { title: '', matters: '', ...extra, items: ids.map((id) => ({ id, name: '', note: '' })) };
}

/** The live site's address the page uses for QR codes and share links. */
async function liveBase(page) {
  const base = await page.getAttribute('#my-map', 'data-base-url');
  return base || url();
}

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
  const d = await locator.locator('path').getAttribute('d');
  const drawn = svgModules(d);
  const expected = await expectedModules(text);
  assert.ok(expected.size > 100, 'the expected code has modules');
  assert.deepEqual([...drawn].sort(), [...expected].sort(), `the QR code encodes ${text}`);
}

describe('My Support Map', () => {
  test('add from a search result, a service page and a pathway; the header counts them', async () => {
    const page = await freshPage();
    assert.equal((await headerLink(page).textContent()).trim(), 'My Support Map', 'no count while the map is empty');

    // A search result.
    await page.goto(url('search/?q=food+bank'));
    const result = page.locator('#search-results .result', { has: page.locator(`a[href$="assets/${FOOD_BANK}/"]`) });
    const resultButton = result.locator('.my-map-button');
    await resultButton.waitFor();
    assert.equal(await resultButton.textContent(), 'Add to my Support Map: Harbourside Food Bank', 'the button names its service');
    await resultButton.click();
    assert.match(await announced(page, /Added Harbourside Food Bank/), /1 service in it now/);
    assert.match(await resultButton.textContent(), /^Remove from my Support Map/);
    assert.equal((await headerLink(page).textContent()).trim(), 'My Support Map (1)');
    // Pathway results get the route button.
    await page.goto(url('search/?q=eviction'));
    await page.locator('#search-results .result .my-map-route-button').first().waitFor();

    // A service's own page.
    await page.goto(url(`assets/${CREDIT_UNION}/`));
    const assetButton = page.locator('.record-head .my-map-slot .my-map-button');
    assert.equal(await assetButton.textContent(), 'Add to my Support Map');
    await assetButton.click();
    await announced(page, /Added Harbour Credit Union.*2 services in it now/);
    assert.equal(await assetButton.textContent(), 'Remove from my Support Map');
    assert.ok(await page.locator('.record-head .my-map-state').isVisible(), 'says it is in the map');
    assert.equal(await page.locator('.record-head .my-map-state a').getAttribute('href'), `${SITE_PREFIX}my-map/`);

    // A pathway: every service on its steps, in step order, none twice.
    await page.goto(url(`pathways/${ROUTE}/`));
    const routeButton = page.locator('.page-head .my-map-route-button');
    await routeButton.waitFor();
    const route = routeIds();
    assert.ok(route.includes(FOOD_BANK) && route.length >= 3, `the route has the food bank among ${route}`);
    assert.equal(await routeButton.textContent(), 'Add this route to my Support Map');
    assert.match(await page.locator('.page-head .my-map-state').textContent(), /1 of the \d+ services on this route is in your Support Map/);
    await routeButton.click();
    await announced(page, /Added \d+ services from the route .* \(1 was in it already\)/);
    const expected = [FOOD_BANK, CREDIT_UNION, ...route.filter((id) => id !== FOOD_BANK)];
    assert.deepEqual(await storedIds(page), expected);
    assert.equal((await headerLink(page).textContent()).trim(), `My Support Map (${expected.length})`);
    assert.equal(await routeButton.textContent(), 'Remove this route from my Support Map');
    // Each step's services show their key facts inline, and have their own buttons.
    const firstStep = page.locator('ol.route > li').first();
    const facts = await firstStep.locator('.card-facts').first().textContent();
    assert.ok(facts.includes('When') && facts.includes('Where') && facts.includes('Phone'), `key facts inline: ${facts}`);
    assert.match(await firstStep.locator('.my-map-button').first().textContent(), /^Remove from my Support Map: /);

    // The map page lists them in that order, with the facts from their cards.
    await openMap(page);
    assert.deepEqual(await listIds(page), expected);
    const first = page.locator('#my-map-list > li').first();
    assert.equal(await first.locator('h3').textContent(), card('assets', FOOD_BANK).name);
    assert.match(await first.textContent(), new RegExp(card('assets', FOOD_BANK).contact.phone));
    assert.match(await page.locator('#my-map-summary').textContent(), new RegExp(`^${expected.length} services`));
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('the route button takes the route out again, and a service page button removes it', async () => {
    const route = routeIds();
    const page = await freshPage(mapOf([CREDIT_UNION, ...route]));
    await page.goto(url(`pathways/${ROUTE}/`));
    const routeButton = page.locator('.page-head .my-map-route-button');
    await routeButton.waitFor();
    assert.match(await page.locator('.page-head .my-map-state').textContent(), /All \d+ services on this route are in your Support Map/);
    await routeButton.click();
    await announced(page, /Removed the \d+ services on this route/);
    assert.deepEqual(await storedIds(page), [CREDIT_UNION]);

    await page.goto(url(`assets/${CREDIT_UNION}/`));
    await page.locator('.record-head .my-map-button', { hasText: 'Remove from my Support Map' }).click();
    await announced(page, /Removed Harbour Credit Union from your Support Map\. 0 services/);
    assert.deepEqual(await storedIds(page), []);
    assert.equal((await headerLink(page).textContent()).trim(), 'My Support Map');
    await page.close();
  });

  test('reorder by keyboard: focus follows the moved item and the move is announced', async () => {
    const ids = routeIds().slice(0, 3);
    const page = await freshPage(mapOf(ids));
    await openMap(page);
    const focusedItem = () => page.evaluate(() => [document.activeElement.closest('li')?.dataset.id, document.activeElement.dataset.action]);

    // Tab from the first item's note to its "Move up" (disabled, so skipped) and "Move down".
    await page.locator(`#my-map-note-${ids[0]}`).focus();
    await page.keyboard.press('Tab');
    assert.deepEqual(await focusedItem(), [ids[0], 'down'], 'Move up is disabled on the first item, so Tab lands on Move down');
    await page.keyboard.press('Enter');
    assert.deepEqual(await listIds(page), [ids[1], ids[0], ids[2]]);
    assert.deepEqual(await storedIds(page), [ids[1], ids[0], ids[2]]);
    assert.deepEqual(await focusedItem(), [ids[0], 'down'], 'focus stays on the moved item');
    await announced(page, /moved down to number 2 of 3/);

    await page.keyboard.press('Space');
    assert.deepEqual(await listIds(page), [ids[1], ids[2], ids[0]]);
    assert.deepEqual(await focusedItem(), [ids[0], 'up'], 'at the bottom, focus moves to Move up of the same item');
    await announced(page, /moved down to number 3 of 3/);

    await page.keyboard.press('Enter');
    assert.deepEqual(await listIds(page), [ids[1], ids[0], ids[2]]);
    await announced(page, /moved up to number 2 of 3/);

    // The order survives a reload, and the printed numbers follow it.
    await openMap(page);
    assert.deepEqual(await listIds(page), [ids[1], ids[0], ids[2]]);

    // Remove by keyboard: focus goes to the next item's Remove button.
    await page.locator(`#my-map-list > li[data-id="${ids[0]}"] [data-action="remove"]`).focus();
    await page.keyboard.press('Enter');
    assert.deepEqual(await listIds(page), [ids[1], ids[2]]);
    assert.deepEqual(await focusedItem(), [ids[2], 'remove']);
    await announced(page, /Removed .*2 services left/);
    await page.close();
  });

  test('a note, the title and what matters are kept in this browser', async () => {
    const page = await freshPage(mapOf([FOOD_BANK, CREDIT_UNION]));
    await openMap(page);
    await page.locator(`#my-map-note-${FOOD_BANK}`).fill('Ask for Sam. Tuesday 10am, I’ll meet you there.');
    await page.locator('#my-map-title').fill('Sam’s Support Map');
    await page.locator('#my-map-matters').fill('Keeping my flat.');
    const label = await page.locator(`label[for="my-map-note-${FOOD_BANK}"]`).textContent();
    assert.equal(label, 'Note for Harbourside Food Bank', 'each note is labelled with its service');
    await openMap(page);
    assert.equal(await page.locator(`#my-map-note-${FOOD_BANK}`).inputValue(), 'Ask for Sam. Tuesday 10am, I’ll meet you there.');
    assert.equal(await page.locator(`#my-map-note-${CREDIT_UNION}`).inputValue(), '');
    assert.equal(await page.locator('#my-map-title').inputValue(), 'Sam’s Support Map');
    assert.equal(await page.locator('#my-map-matters').inputValue(), 'Keeping my flat.');
    await page.close();
  });

  test('print: the map only, large and complete, with a QR code per service and the date', async (t) => {
    const ids = routeIds().slice(0, 4);
    const map = mapOf(ids, { title: 'Sam’s Support Map', matters: 'Keeping my flat.' });
    map.items[0].note = 'Ask for Sam.';
    const page = await freshPage(map);
    await page.setViewportSize({ width: 800, height: 1000 });
    await openMap(page);
    await page.emulateMedia({ media: 'print' });

    for (const hiddenPart of ['.site-nav', '.site-header .search-form', '.breadcrumbs', '.site-footer', '.my-map-privacy', '#my-map-title', '.my-map-controls', 'textarea', '.my-map-actions', '.kind-my-map .my-map-head h1']) {
      for (const node of await page.locator(hiddenPart).all()) assert.equal(await node.isVisible(), false, `${hiddenPart} is not printed`);
    }
    assert.equal(await page.locator('button:visible').count(), 0, 'no buttons on paper');
    assert.equal(await page.locator('input:visible, textarea:visible').count(), 0, 'no form fields on paper');

    assert.equal(await page.locator('#my-map-print-title').textContent(), 'Sam’s Support Map');
    assert.match(await page.locator('#my-map-print-matters').textContent(), /What matters to you: Keeping my flat\./);
    assert.ok(await page.locator('text=Check before you go: details can change.').first().isVisible());
    const today = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date());
    assert.equal(await page.locator('#my-map-print-date').textContent(), `Printed ${today}`);
    assert.ok(await page.locator('#my-map-print-date').isVisible());
    assert.match(await page.locator('.my-map-note-print').first().textContent(), /Note: Ask for Sam\./);

    const live = await liveBase(page);
    for (const [i, id] of ids.entries()) {
      const item = page.locator('#my-map-list > li').nth(i);
      const data = card('assets', id);
      const text = await item.innerText();
      assert.ok(text.includes(data.name), `${id}: name printed`);
      if (data.contact.phone) assert.ok(text.includes(data.contact.phone), `${id}: phone ${data.contact.phone} printed in full`);
      for (const w of data.where) {
        for (const part of [w.address, w.postcode].filter(Boolean)) assert.ok(text.includes(part), `${id}: address part ${part} printed`);
      }
      for (const when of data.when) assert.ok(text.includes(when), `${id}: opening time printed`);
      const qr = item.locator('.my-map-qr svg');
      assert.ok(await qr.isVisible(), `${id}: QR code printed`);
      const box = await qr.boundingBox();
      assert.ok(box.width >= 80 && Math.abs(box.width - box.height) < 1, `${id}: QR code is square and big enough to scan (${box.width}px)`);
      await assertQrEncodes(qr, `${live}assets/${id}/`);
    }

    const body = parseFloat(await page.evaluate(() => getComputedStyle(document.querySelector('.my-map-facts dd')).fontSize));
    assert.ok(body >= 16, `printed text is large (${body}px, 12pt or more)`);

    const shot = path.join(mkdtempSync(path.join(os.tmpdir(), 'my-map-print-')), 'print.png');
    await page.screenshot({ path: shot, fullPage: true });
    t.diagnostic(`print screenshot: ${shot}`);
    const png = readFileSync(shot);
    assert.ok(png.length > 40_000, `the screenshot has content (${png.length} bytes)`);
    const height = png.readUInt32BE(20);
    assert.ok(height > 1000 && height < 4000, `four services print at a sensible length (${height}px)`);

    // On A4 paper, four services fit on one or two pages.
    const pdf = await page.pdf({ format: 'A4' });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    assert.ok(pages >= 1 && pages <= 2, `four services print on ${pages} A4 page(s)`);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('share without notes: the link holds only ids in order, and rebuilds the map elsewhere', async () => {
    const ids = [CREDIT_UNION, FOOD_BANK, routeIds()[0]];
    const map = mapOf(ids, { title: 'Sam’s map', matters: 'Private words' });
    map.items[1].note = 'Private note';
    const page = await freshPage(map);
    await openMap(page);
    assert.equal(await page.locator('#my-map-share-notes').isChecked(), false, 'notes are left out unless asked for');
    const link = await page.locator('#my-map-share-link').inputValue();
    const live = await liveBase(page);
    assert.ok(link.startsWith(`${live}my-map/#`), `${link} opens the map on the live site`);
    const fragment = new URL(link).hash;
    assert.equal(fragment, `#items=${ids.join(',')}`, 'only the ids, in order');
    assert.match(await page.locator('#my-map-share-what').textContent(), /only the 3 services, in order/);
    await assertQrEncodes(page.locator('#my-map-share-qr svg'), link);
    assert.match(await page.locator('.my-map-share').textContent(), /The link holds only which services are in the map, and their order\./);
    assert.match(await page.locator('.my-map-privacy').textContent(), /kept only in this browser, on this device/);

    // Another device: a browser with nothing stored.
    const other = await launchContext();
    try {
      const there = await other.context.newPage();
      await openMap(there, fragment);
      assert.deepEqual(await listIds(there), ids);
      assert.equal(await there.locator('#my-map-title').inputValue(), '');
      assert.equal(await there.locator('#my-map-matters').inputValue(), '');
      for (const id of ids) assert.equal(await there.locator(`#my-map-note-${id}`).inputValue(), '');
      assert.equal(new URL(there.url()).hash, '', 'the fragment is dropped once read');
      assert.deepEqual(await storedIds(there), ids, 'the map is now kept in that browser');
      assert.equal((await stored(there)).items[0].name, card('assets', CREDIT_UNION).name, 'names are filled in from the cards');
    } finally {
      await other.close();
    }

    // Here, with a different map: ask first; "Keep my map" keeps it, "Replace" replaces it.
    const otherMap = mapOf([FOOD_BANK]);
    await page.evaluate(([key, value]) => localStorage.setItem(key, value), [KEY, JSON.stringify(otherMap)]);
    await page.goto(url()); // a full page load of the link first ...
    await page.goto(url(`my-map/${fragment}`));
    const dialog = page.locator('#my-map-import-dialog');
    await dialog.waitFor({ state: 'visible' });
    assert.match(await dialog.textContent(), /holds a map of 3 services.*already has a map of 1 service/s);
    await dialog.locator('button[value="keep"]').click();
    await page.waitForSelector('#my-map[data-ready]');
    assert.deepEqual(await listIds(page), [FOOD_BANK]);
    await page.goto(url(`my-map/${fragment}`)); // ... then the link opened on the map page itself
    assert.equal(new URL(page.url()).pathname, `${SITE_PREFIX}my-map/`);
    await dialog.waitFor({ state: 'visible' });
    await dialog.locator('button[value="replace"]').click();
    await page.waitForSelector('#my-map[data-ready]');
    assert.deepEqual(await listIds(page), ids);
    await page.close();
  });

  test('share with notes, when ticked: title, what matters and notes travel too', async () => {
    const ids = [FOOD_BANK, CREDIT_UNION];
    const map = mapOf(ids, { title: 'Sam’s map', matters: 'Keeping my flat & my dog' });
    map.items[1].note = 'Ask for Ana, 10am';
    const page = await freshPage(map);
    await openMap(page);
    await page.locator('#my-map-share-notes').check();
    const link = await page.locator('#my-map-share-link').inputValue();
    assert.match(await page.locator('#my-map-share-what').textContent(), /with the title, “what matters to you” and the notes/);
    const params = new URLSearchParams(new URL(link).hash.slice(1));
    assert.equal(params.get('items'), ids.join(','));
    assert.equal(params.get('title'), 'Sam’s map');
    assert.deepEqual(params.getAll('note'), ['', 'Ask for Ana, 10am']);
    await assertQrEncodes(page.locator('#my-map-share-qr svg'), link);

    const other = await launchContext();
    try {
      const there = await other.context.newPage();
      await openMap(there, new URL(link).hash);
      assert.deepEqual(await listIds(there), ids);
      assert.equal(await there.locator('#my-map-title').inputValue(), 'Sam’s map');
      assert.equal(await there.locator('#my-map-matters').inputValue(), 'Keeping my flat & my dog');
      assert.equal(await there.locator(`#my-map-note-${CREDIT_UNION}`).inputValue(), 'Ask for Ana, 10am');
    } finally {
      await other.close();
    }
    await page.close();
  });

  test('clear asks first, then empties the map from this browser', async () => {
    const page = await freshPage(mapOf([FOOD_BANK, CREDIT_UNION], { title: 'Sam' }));
    await openMap(page);
    const dialog = page.locator('#my-map-clear-dialog');
    await page.locator('#my-map-clear').click();
    await dialog.waitFor({ state: 'visible' });
    assert.equal(await page.evaluate(() => document.activeElement.value), 'cancel', 'the safe choice has focus');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.deepEqual(await listIds(page), [FOOD_BANK, CREDIT_UNION], 'Escape keeps the map');
    await page.locator('#my-map-clear').click();
    await dialog.locator('button[value="cancel"]').click();
    assert.deepEqual(await storedIds(page), [FOOD_BANK, CREDIT_UNION], '"Keep it" keeps the map');

    await page.locator('#my-map-clear').click();
    await dialog.locator('button[value="clear"]').click();
    await announced(page, /The map is cleared/);
    assert.deepEqual(await listIds(page), []);
    assert.equal(await page.evaluate((key) => localStorage.getItem(key), KEY), null, 'nothing is left in storage');
    assert.ok(await page.locator('#my-map-empty').isVisible(), 'the page says the map is empty');
    assert.equal(await page.locator('#my-map-title').inputValue(), '');
    assert.equal((await headerLink(page).textContent()).trim(), 'My Support Map');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'my-map-items-heading');
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
      assert.match(await item.locator('.my-map-gone').textContent(), /^No longer listed\./);
    }
    assert.equal(await page.locator('#my-map-note-old-lunch-club').inputValue(), 'Was on Tuesdays', 'its note is kept');
    assert.match(await page.locator('#my-map-summary').textContent(), /2 are no longer listed/);
    assert.equal(await page.locator(`#my-map-list > li[data-id="${FOOD_BANK}"] .my-map-gone`).count(), 0);
    // It can be removed like any other item.
    await page.locator('#my-map-list > li[data-id="old-lunch-club"] [data-action="remove"]').click();
    assert.deepEqual(await storedIds(page), [FOOD_BANK, CLOSED]);
    await page.close();
  });

  test('axe finds no serious or critical problems on /my-map/ with items in it', async () => {
    const map = mapOf([...routeIds().slice(0, 3), CLOSED], { title: 'Sam', matters: 'Keeping my flat.' });
    map.items[0].note = 'Ask for Sam.';
    for (const width of [360, 1280]) {
      const page = await freshPage(map, axeBrowser.context);
      await page.setViewportSize({ width, height: 900 });
      await openMap(page);
      const check = async (when) => {
        await page.addScriptTag({ path: AXE_PATH });
        const { violations } = await page.evaluate(() =>
          window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }),
        );
        const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), [], `${when} @${width}px`);
      };
      await check('with items');
      await page.locator('#my-map-share-notes').check();
      await page.locator('#my-map-clear').click();
      await page.locator('#my-map-clear-dialog').waitFor({ state: 'visible' });
      await check('with the clear dialog open');
      const sw = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(sw <= width, `no sideways scrolling at ${width}px (${sw}px)`);
      await page.close();
    }
  });

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
    await page.evaluate((key) => localStorage.removeItem(key), KEY);
    await page.goto(url('search/?q=food+bank'));
    await page.locator('#search-results .my-map-button').first().click();
    await page.goto(url(`pathways/${ROUTE}/`));
    await page.locator('.my-map-route-button').click();
    await openMap(page);
    await page.locator('#my-map-list [data-action="down"]').first().click();
    await page.locator('#my-map-list textarea').first().fill('A note');
    await page.locator('#my-map-share-notes').check();
    await page.locator('#my-map-copy').click();
    await page.emulateMedia({ media: 'print' });
    await page.emulateMedia({ media: 'screen' });
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
