// Search in a real browser: synonyms, facets in the address, bookmarks, keyboard use,
// accessibility before and after a search, and the page without JavaScript.
//
// Runs against the built example site ($SITE_DIR), whose content is known: the "money" need
// has the synonym "money worries", Westfield is a neighbourhood of Harbourside, the lunch club
// is for people aged 60 and over, and the Westfield Job Club is closed.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { SITE_DIR, SITE_PREFIX, launchContext } from './lib.mjs';
import { serve } from './serve.mjs';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');

let server;
let browser;
let axeBrowser;

before(async () => {
  server = await serve(SITE_DIR, { prefix: SITE_PREFIX });
  browser = await launchContext();
  axeBrowser = await launchContext({ bypassCSP: true });
});

after(async () => {
  await browser?.close();
  await axeBrowser?.close();
  await server?.close();
});

const searchUrl = (query = '') => `${server.baseUrl}search/${query}`;

/**
 * Result links (paths below the site prefix) once the live region has announced a count for
 * `query` (typing shows results for each prefix on the way; only the last one counts).
 */
async function results(page, query = null) {
  await page.waitForFunction(
    (q) => {
      const text = document.getElementById('search-status').textContent;
      return /result/.test(text) && (q === null || text.includes(`“${q}”`));
    },
    query,
  );
  return page.$$eval('#search-results .result-title a', (links) => links.map((a) => new URL(a.href).pathname));
}

/** Asset ids of a need, read from the built need page (what browsing would show). */
function assetsOfNeed(need) {
  const html = readFileSync(path.join(SITE_DIR, 'needs', need, 'index.html'), 'utf8');
  return [...html.matchAll(/class="card-title"><a href="[^"]*assets\/([a-z0-9-]+)\//g)].map((m) => m[1]);
}

function assetPage(id) {
  return readFileSync(path.join(SITE_DIR, 'assets', id, 'index.html'), 'utf8');
}

const idOf = (p) => p.replace(SITE_PREFIX, '').replace(/^assets\/|\/$/g, '');

describe('search', () => {
  test('typing a need synonym finds that need\'s services, even ones that never use the words', async () => {
    const page = await browser.context.newPage();
    await page.goto(searchUrl());
    await page.locator('#search-q').pressSequentially('money worries', { delay: 20 });
    const found = (await results(page, 'money worries')).filter((p) => p.includes('/assets/')).map(idOf);
    const money = assetsOfNeed('money');
    const silent = money.filter((id) => !/money worries/i.test(assetPage(id)));
    assert.ok(silent.length > 0, 'the example has money services that do not say "money worries"');
    for (const id of silent) assert.ok(found.includes(id), `${id} is found through the synonym; got ${found}`);
    assert.ok(money.includes(found[0]), `the top result ${found[0]} meets the money need`);
    assert.match(await page.locator('#search-status').textContent(), /\d+ results? for “money worries”/);
    assert.match(page.url(), /\?q=money\+worries$/);
    await page.close();
  });

  test('a facet narrows the results and is kept in the address', async () => {
    const page = await browser.context.newPage();
    await page.goto(searchUrl('?q=support'));
    const all = await results(page);
    await page.selectOption('#facet-need', 'food');
    await page.waitForFunction(() => /Food/.test(document.getElementById('search-status').textContent));
    const food = (await results(page)).map(idOf);
    const foodAssets = assetsOfNeed('food');
    assert.ok(food.length > 0 && food.length < all.length, `facet narrows ${all.length} to ${food.length}`);
    // Pathways for the need may be listed too; every service listed must meet it.
    for (const id of food.filter((p) => !p.includes('/'))) assert.ok(foodAssets.includes(id), `${id} meets the food need`);
    assert.equal(new URL(page.url()).searchParams.get('need'), 'food');
    assert.equal(new URL(page.url()).searchParams.get('q'), 'support');
    await page.close();
  });

  test('a bookmarked address restores the query and facets', async () => {
    const page = await browser.context.newPage();
    await page.goto(searchUrl('?q=lunch&place=westfield&age=70'));
    assert.equal(await page.inputValue('#search-q'), 'lunch');
    assert.equal(await page.inputValue('#facet-place'), 'westfield');
    assert.equal(await page.inputValue('#facet-age'), '70');
    const found = (await results(page)).filter((p) => p.includes('/assets/')).map(idOf);
    assert.ok(found.length > 0, 'lunch in Westfield for a 70-year-old finds something');
    for (const id of found) {
      const html = assetPage(id);
      assert.match(html, /places\/(westfield|harbourside)\//, `${id} serves Westfield or the whole town`);
    }
    await page.close();
  });

  test('an age excludes services the person is too young for; closed services never appear', async () => {
    const page = await browser.context.newPage();
    await page.goto(searchUrl('?q=lunch'));
    const anyAge = (await results(page)).map(idOf);
    const overSixty = anyAge.filter((id) => /Ages 60 and over/.test(readFileSafe(id)));
    assert.ok(overSixty.length > 0, `some lunch result is for over-60s: ${anyAge}`);
    await page.fill('#facet-age', '30');
    await page.waitForFunction(() => /age 30/.test(document.getElementById('search-status').textContent));
    const thirty = (await results(page)).map(idOf);
    for (const id of overSixty) assert.ok(!thirty.includes(id), `${id} is not shown for age 30`);

    await page.goto(searchUrl('?q=job+club'));
    const jobs = await results(page);
    assert.ok(!jobs.some((p) => p.includes('westfield-job-club')), 'the closed job club is not in the index');
    await page.close();
  });

  test('the whole flow works by keyboard', async () => {
    const page = await browser.context.newPage();
    await page.goto(searchUrl());
    await page.locator('#search-q').focus();
    await page.keyboard.type('food bank');
    await results(page, 'food bank');
    // Tab forward from the search box to the first result link.
    let focused = '';
    for (let i = 0; i < 40 && !focused.includes('result-title'); i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.closest('h2')?.className || '');
    }
    assert.ok(focused.includes('result-title'), 'Tab reaches the first result');
    const target = await page.evaluate(() => document.activeElement.getAttribute('href'));
    await Promise.all([page.waitForURL((u) => u.pathname === target), page.keyboard.press('Enter')]);
    assert.match(await page.locator('h1').textContent(), /\S/);
    await page.close();
  });

  test('axe finds no serious or critical problems before and after a search', async () => {
    const page = await axeBrowser.context.newPage();
    await page.goto(searchUrl());
    const check = async (when) => {
      await page.addScriptTag({ path: AXE_PATH });
      const { violations } = await page.evaluate(() =>
        window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }),
      );
      const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), [], when);
    };
    await check('before a search');
    await page.fill('#search-q', 'housing');
    await page.selectOption('#facet-cost', 'free');
    await page.waitForFunction(() => /Free/.test(document.getElementById('search-status').textContent));
    await results(page, 'housing');
    await check('after a search');
    await page.close();
  });

  test('without JavaScript the page says search needs it and links to browsing', async () => {
    const noJs = await launchContext({ javaScriptEnabled: false });
    try {
      const page = await noJs.context.newPage();
      await page.goto(searchUrl('?q=food'));
      const text = await page.locator('main').textContent();
      assert.match(text, /Search needs JavaScript/);
      assert.ok(await page.locator(`main a[href="${SITE_PREFIX}a-z/"]`).count());
    } finally {
      await noJs.close();
    }
  });

  test('no request leaves the site while searching', async () => {
    const page = await browser.context.newPage();
    const outside = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(server.origin) && !r.url().startsWith('data:')) outside.push(r.url());
    });
    await page.goto(searchUrl('?q=advice&need=money'));
    await results(page);
    assert.deepEqual(outside, []);
    await page.close();
  });
});

function readFileSafe(id) {
  try {
    return assetPage(id);
  } catch {
    return '';
  }
}
