// Safe on a watched device: "Exit this page" (button and Shift pressed three times), the link
// to the page on hiding a visit beside it on sensitive pages, and searches begun on a sensitive
// page that keep their words out of the address.
//
// Runs against the built example site ($SITE_DIR), whose content is known: "domestic-abuse" is
// its one need marked `sensitive: true`; Safe Harbour is one of its services; content/pages/
// hiding-a-visit.md is the page on hiding a visit; site.yaml keeps the default exit page and
// lets search write its words into the address. The neutral page is answered by the test
// (no request leaves the machine).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { SITE_DIR, SITE_PREFIX, launchContext } from './lib.mjs';
import { serve } from './serve.mjs';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const SENSITIVE = ['needs/domestic-abuse/', 'assets/safe-harbour-domestic-abuse-service/', 'places/westfield/needs/domestic-abuse/', 'pages/hiding-a-visit/'];
const ORDINARY = ['', 'needs/food/', 'assets/harbourside-food-bank/'];
const NEUTRAL_TITLE = 'Weather forecast';

/** Where "Exit this page" goes, as the build wrote it. */
const EXIT_TO = /class="exit-page-button" href="([^"]+)"/.exec(readFileSync(path.join(SITE_DIR, 'index.html'), 'utf8'))?.[1];

let server;
let browser;
let noScript;
let axeBrowser;

/** Answers the neutral page inside the test, so that nothing goes out to the web. */
async function neutralPageAnsweredHere(context) {
  await context.route(`${new URL(EXIT_TO).origin}/**`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: `<!DOCTYPE html><title>${NEUTRAL_TITLE}</title><h1>Sunny</h1>` }));
}

before(async () => {
  assert.ok(EXIT_TO, 'the home page has an "Exit this page" link');
  server = await serve(SITE_DIR, { prefix: SITE_PREFIX });
  browser = await launchContext();
  noScript = await launchContext({ javaScriptEnabled: false });
  axeBrowser = await launchContext({ bypassCSP: true });
  for (const b of [browser, noScript]) await neutralPageAnsweredHere(b.context);
});

after(async () => {
  for (const b of [browser, noScript, axeBrowser]) await b?.close();
  await server?.close();
});

const url = (rel) => server.baseUrl + rel;

/** Opens the home page, then `rel`: the history is [home, rel]. */
async function homeThen(context, rel) {
  const page = await context.newPage();
  await page.goto(url(''));
  await page.goto(url(rel));
  await page.locator('.exit-page-button').waitFor();
  return page;
}

/** Waits until the search page shows the results for `words`. */
async function searched(page, words) {
  await page.waitForFunction((w) => document.getElementById('search-results')?.dataset.done === w, words);
}

/** Goes back once and says where the browser landed. */
async function back(page) {
  await page.goBack({ waitUntil: 'load' });
  return page.url();
}

describe('Exit this page', () => {
  test('the button leaves for the neutral page and going back skips the page it left', async () => {
    const page = await homeThen(browser.context, 'needs/domestic-abuse/');
    try {
      const button = page.getByRole('link', { name: 'Emergency: Exit this page' });
      assert.ok(await button.isVisible(), 'the button is on the page');
      await button.click();
      await page.waitForURL(EXIT_TO);
      assert.equal(await page.title(), NEUTRAL_TITLE);
      assert.equal(await back(page), url(''), 'going back returns to the page before, not the one left');
    } finally {
      await page.close();
    }
  });

  test('Shift pressed three times leaves too, saying how many presses are left', async () => {
    const page = await homeThen(browser.context, 'assets/safe-harbour-domestic-abuse-service/');
    try {
      const status = page.locator('[data-exit-page-status]');
      await page.keyboard.press('Shift');
      assert.equal(await status.textContent(), 'Shift, press 2 more times to exit.');
      await page.keyboard.press('Shift');
      assert.equal(await status.textContent(), 'Shift, press 1 more time to exit.');
      await page.keyboard.press('Shift');
      await page.waitForURL(EXIT_TO);
      assert.equal(await back(page), url(''), 'going back returns to the page before, not the one left');
    } finally {
      await page.close();
    }
  });

  test('another key between the presses of Shift starts the count again', async () => {
    const page = await homeThen(browser.context, 'needs/food/');
    try {
      await page.keyboard.press('Shift');
      await page.keyboard.press('Shift');
      await page.keyboard.press('a');
      await page.keyboard.press('Shift');
      assert.equal(await page.locator('[data-exit-page-status]').textContent(), 'Shift, press 2 more times to exit.');
      assert.equal(page.url(), url('needs/food/'), 'still on the page');
    } finally {
      await page.close();
    }
  });

  test('without JavaScript the button is a plain link to the neutral page', async () => {
    const page = await homeThen(noScript.context, 'needs/domestic-abuse/');
    try {
      await page.getByRole('link', { name: 'Emergency: Exit this page' }).click();
      await page.waitForURL(EXIT_TO);
      assert.equal(await page.title(), NEUTRAL_TITLE);
    } finally {
      await page.close();
    }
  });

  test('sensitive pages link to the page on hiding a visit beside the button; other pages do not', async () => {
    const page = await browser.context.newPage();
    try {
      for (const rel of SENSITIVE) {
        await page.goto(url(rel));
        const help = page.locator('.exit-page .exit-page-help');
        assert.equal(await help.count(), 1, `/${rel} links to hiding a visit`);
        assert.equal(await help.textContent(), 'How to hide your visit to this site');
        assert.equal(await help.getAttribute('href'), `${SITE_PREFIX}pages/hiding-a-visit/`);
      }
      for (const rel of ORDINARY) {
        await page.goto(url(rel));
        assert.equal(await page.locator('.exit-page .exit-page-help').count(), 0, `/${rel} has no such link by the button`);
        assert.equal(await page.locator('.exit-page-button').count(), 1, `/${rel} has the button`);
      }
      await page.goto(url('pages/hiding-a-visit/'));
      assert.equal(await page.locator('h1').textContent(), 'How to hide your visit to this site');
      assert.match(await page.locator('main').textContent(), /press the Shift key three times/);
    } finally {
      await page.close();
    }
  });

  for (const width of [360, 1280]) {
    for (const rel of ['', 'needs/domestic-abuse/', 'pages/hiding-a-visit/']) {
      test(`axe-core with the button: /${rel} @${width}px`, async () => {
        const page = await axeBrowser.context.newPage();
        try {
          await page.setViewportSize({ width, height: 800 });
          await page.goto(url(rel), { waitUntil: 'networkidle' });
          await page.addScriptTag({ path: AXE_PATH });
          const results = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), AXE_TAGS);
          const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
          assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
          const box = await page.locator('.exit-page-button').boundingBox();
          assert.ok(box && box.x + box.width <= width, 'the button fits the screen');
        } finally {
          await page.close();
        }
      });
    }
  }
});

describe('fewer traces', () => {
  test('a search begun on a sensitive page keeps its words out of the address and the history', async () => {
    const page = await homeThen(browser.context, 'needs/domestic-abuse/');
    try {
      const entries = await page.evaluate(() => history.length);
      await page.locator('#header-search').fill('refuge');
      await page.locator('#header-search').press('Enter');
      await page.waitForURL(url('search/'));
      await searched(page, 'refuge');
      assert.equal(await page.locator('#search-q').inputValue(), 'refuge', 'the words reached the search page');
      assert.ok(await page.locator('#search-results .result').count() > 0, 'and found something');
      // Searching again does not write the words into the address either.
      await page.locator('#search-q').fill('refuge safe');
      await searched(page, 'refuge safe');
      assert.equal(page.url(), url('search/'), 'no words in the address');
      assert.equal(await page.evaluate(() => history.length), entries + 1, 'one entry for the search page, none for its words');
      assert.equal(await page.evaluate(() => sessionStorage.getItem('supportmap-search')), null, 'the words handed over are not kept');
      assert.equal(await back(page), url('needs/domestic-abuse/'));
    } finally {
      await page.close();
    }
  });

  test('elsewhere the words stay in the address, so a search can be bookmarked (search_in_address is on)', async () => {
    const page = await homeThen(browser.context, 'needs/food/');
    try {
      await page.locator('#header-search').fill('food bank');
      await page.locator('#header-search').press('Enter');
      await page.waitForURL((u) => u.searchParams.get('q') === 'food bank');
    } finally {
      await page.close();
    }
  });
});
