// A site in two languages in a real browser: the language switcher goes to the same page in
// the other language and back, the search page of each language finds that language's
// records only, and My Support Map (one map per site, kept by id) shows and prints each
// record in the language of the page it is read on.
//
// Runs against the bilingual fixture (tests/fixtures/bilingual: English, Welsh under /cy/,
// published under /support-map/), not the example site: $BILINGUAL_SITE_DIR when the caller
// built it (`supportmap build --root tests/fixtures/bilingual --out <dir>`), else this file
// builds it with the release binary ($SUPPORTMAP_BIN, default target/release/supportmap).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchContext } from './lib.mjs';
import { serve } from './serve.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The fixture's base_url is https://example.org/support-map/: its links are below this. */
const PREFIX = '/support-map/';

let built = null;
let server = null;
let browser = null;

before(async () => {
  let site = process.env.BILINGUAL_SITE_DIR;
  if (!site) {
    built = mkdtempSync(path.join(os.tmpdir(), 'supportmap-bilingual-'));
    site = path.join(built, 'site');
    const bin = process.env.SUPPORTMAP_BIN || path.join(repo, 'target', 'release', 'supportmap');
    const root = path.join(repo, 'tests', 'fixtures', 'bilingual');
    execFileSync(bin, ['build', '--root', root, '--out', site, '--today', '2026-11-25'], { stdio: 'pipe' });
  }
  server = await serve(site, { prefix: PREFIX });
  browser = await launchContext();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (built) rmSync(built, { recursive: true, force: true });
});

const url = (rel) => `${server.baseUrl}${rel}`;

/** The result links (paths) of a search, once the page has listed them. */
async function results(page, rel) {
  await page.goto(url(rel));
  await page.waitForSelector('#search-results .result-title a');
  return page.$$eval('#search-results .result-title a', (links) => links.map((a) => new URL(a.href).pathname));
}

describe('a site in English and Welsh', () => {
  test('the switcher goes to the same page in the other language, and back', async () => {
    const page = await browser.context.newPage();
    await page.goto(url('assets/lunch-club/'));
    assert.equal(await page.getAttribute('html', 'lang'), 'en-GB');
    assert.equal(await page.textContent('h1'), 'North Lunch Club');
    const switcher = page.getByRole('navigation', { name: 'Language' });
    await switcher.getByRole('link', { name: 'Cymraeg' }).click();
    await page.waitForURL(`**${PREFIX}cy/assets/lunch-club/`);
    assert.equal(await page.getAttribute('html', 'lang'), 'cy');
    assert.equal(await page.textContent('h1'), 'Clwb Cinio\'r Gogledd');
    // Welsh words around the record, and the way back by keyboard.
    const back = page.getByRole('navigation', { name: 'Iaith' }).getByRole('link', { name: 'English' });
    await back.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**${PREFIX}assets/lunch-club/`);
    assert.equal(await page.textContent('h1'), 'North Lunch Club');
    await page.close();
  });

  test('a record not yet translated says so, in Welsh, over its English text', async () => {
    const page = await browser.context.newPage();
    await page.goto(url('cy/assets/food-bank/'));
    assert.equal(await page.getAttribute('h1', 'lang'), 'en-GB');
    assert.match(await page.textContent('.untranslated-note'), /Heb ei gyfieithu eto/);
    await page.close();
  });

  test('the Welsh search page finds Welsh records, and only Welsh pages', async () => {
    const page = await browser.context.newPage();
    const found = await results(page, 'cy/search/?q=cinio');
    assert.ok(found.includes(`${PREFIX}cy/assets/lunch-club/`), `${found}`);
    assert.ok(found.every((p) => p.startsWith(`${PREFIX}cy/`)), `${found}`);
    const debt = await results(page, 'cy/search/?q=dyledion');
    assert.ok(debt.includes(`${PREFIX}cy/assets/debt-advice/`), `${debt}`);
    assert.ok(debt.every((p) => p.startsWith(`${PREFIX}cy/`)), `${debt}`);
    await page.close();
  });

  test('a Welsh everyday word for a need finds its services in Welsh search', async () => {
    const page = await browser.context.newPage();
    // "biliau" is one of the Welsh words of the need "Arian a dyled" (needs.cy.yaml): no
    // service's own text says it.
    const found = await results(page, 'cy/search/?q=biliau');
    assert.ok(found.includes(`${PREFIX}cy/assets/debt-advice/`), `${found}`);
    assert.ok(found.every((p) => p.startsWith(`${PREFIX}cy/`)), `${found}`);
    await page.close();
  });

  test('the English search page finds English records, and no Welsh pages', async () => {
    const page = await browser.context.newPage();
    const found = await results(page, 'search/?q=lunch');
    assert.ok(found.includes(`${PREFIX}assets/lunch-club/`), `${found}`);
    assert.ok(found.every((p) => !p.startsWith(`${PREFIX}cy/`)), `${found}`);
    await page.close();
  });
});

describe('My Support Map in each language', () => {
  test('a map begun on the English pages shows in Welsh on /cy/my-map/, and prints in Welsh', async () => {
    const page = await browser.context.newPage();
    await page.goto(url('assets/lunch-club/'));
    await page.locator('.my-map-slot .my-map-button').first().click();
    await page.waitForFunction(() => /North Lunch Club/.test(document.getElementById('my-map-live')?.textContent || ''));
    // The same tab (the map lives in the tab until the worker chooses to keep it longer).
    await page.goto(url('cy/assets/debt-advice/'));
    await page.locator('.my-map-slot .my-map-button').first().click();
    const see = page.locator('.my-map-state a');
    assert.equal(await see.textContent(), 'Gweld fy Map Cymorth');
    assert.equal(await see.evaluate((a) => new URL(a.href).pathname), `${PREFIX}cy/my-map/`);
    await see.click();
    await page.waitForURL(`**${PREFIX}cy/my-map/`);
    await page.waitForSelector('#my-map[data-ready]');
    const items = await page.locator('#my-map-list .my-map-item-name a').evaluateAll((links) => links.map((a) => [a.textContent, new URL(a.href).pathname]));
    assert.deepEqual(items, [
      ["Clwb Cinio'r Gogledd", `${PREFIX}cy/assets/lunch-club/`],
      ['Cyngor Dyled Bae Prawf', `${PREFIX}cy/assets/debt-advice/`],
    ]);

    // The printout: the Welsh card text, and the page footer in Welsh from the stylesheet
    // the page links for print.
    await page.emulateMedia({ media: 'print' });
    const stops = page.locator('#my-map-person-list .my-map-stop');
    assert.deepEqual(await stops.locator('.my-map-stop-what').allTextContents(), [
      'Cinio poeth a chwmni da bob dydd Mawrth.',
      'Cyngor cyfrinachol am ddim ar ddyledion a budd-daliadau.',
    ]);
    assert.ok(await page.locator('#my-map-person-title').isVisible(), 'the printout shows');
    const footer = await page.evaluate(() => {
      const sheet = [...document.styleSheets].find((s) => s.href?.endsWith('/static/strings.cy.css'));
      return sheet ? [sheet.media.mediaText, [...sheet.cssRules].map((r) => r.cssText).join('\n')] : null;
    });
    assert.ok(footer, 'the Welsh print stylesheet is linked and loaded');
    assert.equal(footer[0], 'print');
    assert.match(footer[1], /content: "Tudalen " counter\(page\) " o " counter\(pages\)/);
    await page.emulateMedia({ media: 'screen' });

    // The same map in English, on the English page.
    await page.goto(url('my-map/'));
    await page.waitForSelector('#my-map[data-ready]');
    assert.deepEqual(await page.locator('#my-map-list .my-map-item-name a').allTextContents(), ['North Lunch Club', 'Testbay Debt Advice']);
    await page.close();
  });

  test('a service not yet in Welsh is marked as English in the Welsh map, as on its page', async () => {
    const page = await browser.context.newPage();
    for (const id of ['food-bank', 'lunch-club']) {
      await page.goto(url(`cy/assets/${id}/`));
      await page.locator('.my-map-slot .my-map-button').first().click();
      await page.locator('.my-map-state a').waitFor();
    }
    await page.goto(url('cy/my-map/'));
    await page.waitForSelector('#my-map[data-ready]');
    const marks = (selector) => page.locator(selector).evaluateAll((nodes) => nodes.map((n) => [n.textContent, n.lang]));
    const [foodBank, lunchClub] = await marks('#my-map-list .my-map-item-name');
    assert.equal(foodBank[1], 'en-GB', `${foodBank}`);
    assert.equal(lunchClub[0], "Clwb Cinio'r Gogledd");
    assert.equal(lunchClub[1], '', 'translated text takes the page\'s language');
    await page.emulateMedia({ media: 'print' });
    const [foodSummary, lunchSummary] = await marks('#my-map-person-list .my-map-stop-what');
    assert.equal(foodSummary[1], 'en-GB', `${foodSummary}`);
    assert.deepEqual(lunchSummary, ['Cinio poeth a chwmni da bob dydd Mawrth.', '']);
    await page.close();
  });

  test('Welsh search results get "Add to my Support Map" buttons', async () => {
    const page = await browser.context.newPage();
    await results(page, 'cy/search/?q=cinio');
    const result = page.locator('#search-results .result', { hasText: "Clwb Cinio'r Gogledd" });
    await result.locator('.my-map-button').getByText('Ychwanegu at fy Map Cymorth').waitFor();
    await page.close();
  });
});
