// The browser scripts in Welsh: on a site whose language is cy (tests/fixtures/welsh, built here
// with `target/release/supportmap` or $SUPPORTMAP_BIN, for $SITE_PREFIX), search, My Support
// Map with its printout, and "Exit this page" say their words from the Welsh catalogue, with
// Welsh plural forms (1 one, 2 two) and dates in Welsh words; and a Welsh
// catalogue that lacks a text shows that text in en-GB.
//
// The fixture's content is known: "Cyngor Dyled Bae Prawf" (a phone number, no opening times)
// and "Clwb Cinio'r Gogledd" are its two services, "Pryderon arian" its one pathway, whose step
// is "Cael cyngor ar ddyledion"; "cinio" is in its vocabulary and "cinoi" is not.
// Browsers carry Welsh plural rules but not always Welsh month names, so dates are said in the
// catalogue's words ("5 Rhagfyr 2026"), which are those of cy.yaml's date.month keys.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SITE_PREFIX, launchContext } from './lib.mjs';
import { serve } from './serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(here, '..', '..');
const BIN = process.env.SUPPORTMAP_BIN || path.join(REPO, 'target', 'release', 'supportmap');
const FIXTURE = path.join(REPO, 'tests', 'fixtures', 'welsh');
const SITE_TITLE = 'Map Cymorth Bae Prawf';
const WELSH_MONTHS = ['Ionawr', 'Chwefror', 'Mawrth', 'Ebrill', 'Mai', 'Mehefin', 'Gorffennaf', 'Awst', 'Medi', 'Hydref', 'Tachwedd', 'Rhagfyr'];

let work;
let welsh;
let partial;
let browser;
const cspViolations = [];

function build(root, out) {
  const baseUrl = SITE_PREFIX === '/' ? [] : ['--base-url', `https://example.org${SITE_PREFIX}`];
  execFileSync(BIN, ['build', '--root', root, '--out', out, ...baseUrl], { stdio: 'pipe' });
}

/**
 * The fixture in cy-GB with a catalogue of its own for that tag: the one that tag uses, which
 * translates only the Shift count of "Exit this page", so every other text is missing from it.
 */
function partialCopy() {
  const root = path.join(work, 'partial');
  cpSync(FIXTURE, root, { recursive: true });
  const site = path.join(root, 'content', 'site.yaml');
  writeFileSync(site, readFileSync(site, 'utf8').replace('language: cy', 'language: cy-GB'));
  const languages = path.join(root, 'themes', 'default', 'languages');
  mkdirSync(languages, { recursive: true });
  writeFileSync(path.join(languages, 'cy-GB.yaml'), [
    'js.exit.presses_left:',
    ...['zero', 'few', 'many', 'other'].map((c) => `  ${c}: "Shift: pwyswch {count} gwaith eto i adael."`),
    '  one: "Shift: pwyswch unwaith eto i adael."',
    '  two: "Shift: pwyswch ddwywaith eto i adael."',
    '',
  ].join('\n'));
  return root;
}

before(async () => {
  assert.ok(existsSync(BIN), `the supportmap binary is at ${BIN} (cargo build --release, or set SUPPORTMAP_BIN)`);
  work = mkdtempSync(path.join(os.tmpdir(), 'supportmap-welsh-'));
  build(FIXTURE, path.join(work, 'cy'));
  build(partialCopy(), path.join(work, 'cy-GB'));
  welsh = await serve(path.join(work, 'cy'), { prefix: SITE_PREFIX });
  partial = await serve(path.join(work, 'cy-GB'), { prefix: SITE_PREFIX });
  browser = await launchContext();
  await browser.context.exposeFunction('__reportCsp', (text) => cspViolations.push(text));
  await browser.context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => window.__reportCsp(`${e.violatedDirective} ${e.blockedURI || '(inline)'}`));
  });
});

after(async () => {
  await browser?.close();
  await welsh?.close();
  await partial?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A page of `server`'s site, once its scripts have run. */
async function open(server, rel) {
  const page = await browser.context.newPage();
  await page.goto(server.baseUrl + rel);
  return page;
}

/** The search page for `q`, once the results for exactly `q` are shown. */
async function search(server, q) {
  const page = await open(server, `search/?q=${encodeURIComponent(q)}`);
  await page.waitForSelector(`#search-results[data-done="${q}"]`, { state: 'attached' });
  return page;
}

/** What the page's live region for My Support Map says, once it says something. */
async function announced(page, pattern) {
  await page.waitForFunction((p) => new RegExp(p).test(document.getElementById('my-map-live')?.textContent || ''), pattern.source);
  return page.locator('#my-map-live').textContent();
}

describe('a Welsh site', () => {
  test('search says its results, groups and corrections in Welsh, with Welsh plurals', async () => {
    const none = await search(welsh, 'zzzzqqq');
    assert.equal(
      await none.locator('#search-status').textContent(),
      'Dim canlyniadau ar gyfer “zzzzqqq”. Gwiriwch y sillafu, neu rhowch gynnig ar air arall am yr un peth.',
    );
    assert.equal(await none.locator('#filters-toggle').textContent(), 'Hidlyddion');

    // One service and one pathway: two results, said with Welsh's "two" form.
    const found = await search(welsh, 'cyngor');
    assert.deepEqual(await found.locator('.result-group-title').allTextContents(), ['Gwasanaethau (1)', 'Llwybrau (1)']);
    assert.equal(await found.locator('#search-status').textContent(), '2 ganlyniad ar gyfer “cyngor”.');
    const service = found.locator('.result-group[data-group="services"] .result').first();
    assert.deepEqual(await service.locator('.result-facts dt').allTextContents(), ['Ffôn', 'Cost', 'Sut i gael mynediad', 'Yn helpu gyda', 'Ble', 'Oed']);
    await service.locator('.my-map-button').getByText('Ychwanegu at fy Map Cymorth').waitFor();

    // "cinoi" is not a word of the site: corrected to "cinio", which one service has.
    const corrected = await search(welsh, 'cinoi');
    assert.equal(
      await corrected.locator('#search-correction').textContent(),
      'Yn dangos canlyniadau ar gyfer cinio. Chwilio yn lle hynny am cinoi',
    );
    assert.equal(await corrected.locator('#search-status').textContent(), '1 canlyniad ar gyfer “cinio”.');
    for (const page of [none, found, corrected]) await page.close();
  });

  test('My Support Map: its buttons, the list and the printout in Welsh, with Welsh plurals', async () => {
    const debt = await open(welsh, 'assets/cyngor-dyled/');
    const add = debt.locator('.my-map-slot .my-map-button').first();
    assert.equal(await add.textContent(), 'Ychwanegu at fy Map Cymorth');
    await add.click();
    assert.equal(
      await announced(debt, /Ychwanegwyd/),
      'Ychwanegwyd Cyngor Dyled Bae Prawf at eich Map Cymorth. 1 gwasanaeth ynddo nawr.',
    );
    assert.equal(await add.textContent(), 'Wedi’i ychwanegu at fy Map Cymorth');
    assert.equal(await debt.locator('.my-map-slot .my-map-remove-button').first().textContent(), 'Tynnu: Cyngor Dyled Bae Prawf, o fy Map Cymorth');
    assert.equal(await debt.locator('.my-map-state a').textContent(), 'Gweld fy Map Cymorth');

    // The same tab: until the worker chooses how long to keep it, the map lives in this tab.
    const page = debt;
    await page.goto(`${welsh.baseUrl}assets/clwb-cinio/`);
    await page.locator('.my-map-slot .my-map-button').first().click();
    assert.equal(
      await announced(page, /Clwb/),
      "Ychwanegwyd Clwb Cinio'r Gogledd at eich Map Cymorth. 2 wasanaeth ynddo nawr.",
    );

    const map = page;
    await map.goto(`${welsh.baseUrl}my-map/`);
    await map.waitForSelector('#my-map[data-ready]');
    assert.equal(await map.title(), `Fy Map Cymorth – ${SITE_TITLE}`);
    assert.equal(await map.locator('#my-map-summary').textContent(), '2 wasanaeth, yn y drefn i roi cynnig arnynt.');
    const first = map.locator('#my-map-list .my-map-item').first();
    assert.equal(await first.locator('.my-map-expand').textContent(), 'Manylion a nodyn: Cyngor Dyled Bae Prawf');
    assert.equal(await first.locator('.my-map-down .my-map-long').textContent(), 'Symud i lawr');
    assert.equal(await first.locator('.my-map-bottom .my-map-long').textContent(), 'Symud i’r gwaelod');

    await map.emulateMedia({ media: 'print' });
    assert.equal(await map.locator('#my-map-person-title').textContent(), 'Eich Map Cymorth');
    assert.ok(await map.locator('#my-map-person-title').isVisible(), 'the printout has its title');
    const debtStop = map.locator('#my-map-person-list .my-map-stop').first();
    assert.deepEqual(await debtStop.locator('dt').allTextContents(), ['Ffôn', 'Pryd', 'Ble']);
    // The record's opening times, as the build says them in Welsh.
    const when = await debtStop.locator('.my-map-fact-when dd').textContent();
    assert.ok(when.includes('Dydd Llun – Dydd Gwener, 09:30 tan 16:30') && when.includes('Dydd Sadwrn, 10:00 tan 12:00'), when);
    assert.equal(await map.locator('#my-map-whole-qr-caption').textContent(), 'Sganiwch i agor y map hwn');
    const [day, month, year] = await map.evaluate(() => [new Date().getDate(), new Date().getMonth(), new Date().getFullYear()]);
    const today = `${day} ${WELSH_MONTHS[month]} ${year}`;
    const from = await map.locator('#my-map-print-from').textContent();
    assert.ok(from.startsWith(`O ${SITE_TITLE}, `) && from.endsWith(`. Argraffwyd ${today}.`), from);
    await map.emulateMedia({ media: 'screen' });

    // Removing one says how many are left: Welsh's "one" form.
    await first.locator('.my-map-remove').click();
    assert.equal(await map.locator('#my-map-undo p').textContent(), 'Tynnwyd Cyngor Dyled Bae Prawf. 1 gwasanaeth ar ôl yn y map.');
    assert.equal(await map.locator('#my-map-undo button').textContent(), 'Dadwneud');
    await map.close();
  });

  test('a printed page numbers its pages in Welsh ("Tudalen 1 o 2"), from a stylesheet for print', async () => {
    const page = await open(welsh, 'assets/cyngor-dyled/');
    const link = page.locator('link[rel="stylesheet"][media="print"]');
    assert.equal(await link.count(), 1);
    const href = await link.evaluate((l) => l.href);
    assert.ok(href.endsWith('/static/strings.cy.css'), href);
    // Served as a stylesheet (the CSP allows only the site's own), and parsed by the browser
    // into the bottom-right page-margin box that style.css places.
    const response = await page.request.get(href);
    assert.equal(response.status(), 200);
    assert.match(response.headers()['content-type'], /^text\/css/);
    const rules = await page.evaluate((href) => {
      const sheet = [...document.styleSheets].find((s) => s.href === href);
      return sheet ? [...sheet.cssRules].map((r) => r.cssText).join('\n') : '';
    }, href);
    assert.match(rules, /@bottom-right\s*\{\s*content: "Tudalen " counter\(page\) " o " counter\(pages\);/);
    assert.ok(!/Page /.test(rules), rules);
    // Printing still shows the page: its heading, in Welsh.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('h1').textContent(), 'Cyngor Dyled Bae Prawf');
    assert.ok(await page.locator('h1').isVisible());
    await page.close();
  });

  test('"Exit this page" counts the presses of Shift in Welsh', async () => {
    const page = await open(welsh, '');
    const status = page.locator('[data-exit-page-status]');
    await page.keyboard.press('Shift');
    assert.equal(await status.textContent(), 'Shift: pwyswch ddwywaith eto i adael.');
    await page.keyboard.press('Shift');
    assert.equal(await status.textContent(), 'Shift: pwyswch unwaith eto i adael.');
    // Another key starts the count again, so the page is not left.
    await page.keyboard.press('a');
    await page.close();
  });

  test('a text missing from the Welsh catalogue is shown in en-GB, the rest in Welsh', async () => {
    const home = await open(partial, '');
    assert.equal(await home.evaluate(() => document.documentElement.lang), 'cy-GB');
    await home.keyboard.press('Shift');
    assert.equal(await home.locator('[data-exit-page-status]').textContent(), 'Shift: pwyswch ddwywaith eto i adael.');
    await home.keyboard.press('a');
    await home.close();
    const none = await search(partial, 'zzzzqqq');
    assert.equal(
      await none.locator('#search-status').textContent(),
      'No results for “zzzzqqq”. Check the spelling, or try another word for the same thing.',
    );
    await none.close();
  });

  test('no script broke the Content Security Policy', () => {
    assert.deepEqual(cspViolations, []);
  });
});
