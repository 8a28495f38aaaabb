// Search for whole sentences, as people say them in a consultation: the services for what the
// sentence is about come first (not those that share one common word with it), the same
// sentence always gives the same order, "Show more" goes on without repeating a service, and
// no sentence, however long or odd, breaks the page.
//
// Runs against the built example site ($SITE_DIR). The sentences are not in the quality sets
// (tests/search-quality/); each names the need a link worker would file it under.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assetIdOf as idOf, searchPageSetup } from './lib.mjs';

const setup = searchPageSetup();

/** What the services group shows once search.js marks the results of exactly `query` as shown. */
async function shownServices(page, query) {
  await page.waitForFunction((q) => document.getElementById('search-results').dataset.done === q, query.trim());
  return page.$$eval('#search-results [data-group="services"] .result', (items) =>
    items.map((item) => {
      const facts = new Map([...item.querySelectorAll('.result-facts > div')].map((row) => [row.querySelector('dt').textContent, row.querySelector('dd').textContent]));
      return { href: item.querySelector('.result-title a').href, needs: facts.get('Helps with') || '' };
    }),
  );
}

async function searchFor(page, query) {
  await page.goto(setup.searchUrl(`?q=${encodeURIComponent(query)}`));
  return shownServices(page, query);
}

const ids = (services) => services.map((s) => idOf(s.href));

describe('search for a whole sentence', () => {
  test('the services for what the sentence is about come first, for sentences of different needs', async () => {
    const page = await setup.browser.context.newPage();
    const cases = [
      // "lonely" decides, not "sees" or "days", which a food service shares.
      ['my nan is lonely and never sees anyone these days', 'Loneliness and social connection', 'friendly-voices-befriending'],
      ['she is gambling all her wages away and hiding it', 'Alcohol, drugs, smoking and gambling', 'turning-tide-drug-and-alcohol-service'],
      ['worried sick about the rent arrears piling up', 'Money, debt and benefits', 'harbourside-advice-debt-and-benefits'],
      ['our baby is due soon and we have no pram or cot', 'Parenting and early years', 'bundles-baby-bank'],
      ['my wife passed away and the house feels so empty', 'Bereavement and loss', 'harbourside-bereavement-support'],
    ];
    for (const [sentence, need, id] of cases) {
      const found = await searchFor(page, sentence);
      assert.ok(found.length > 0, `"${sentence}" lists services`);
      // The need a service is filed under first is the one its result shows first.
      assert.ok(found[0].needs.startsWith(need), `"${sentence}": the first service, ${idOf(found[0].href)}, is for ${need}; its needs are ${found[0].needs}`);
      assert.ok(ids(found).slice(0, 3).includes(id), `"${sentence}" puts ${id} in the top 3; got ${ids(found).slice(0, 5)}`);
    }
    await page.close();
  });

  test('the same sentence gives the same order, typed or opened from its address', async () => {
    const page = await setup.browser.context.newPage();
    const sentence = 'my nan is lonely and never sees anyone these days';
    const first = ids(await searchFor(page, sentence));
    const again = ids(await searchFor(page, sentence));
    assert.deepEqual(again, first);
    await page.goto(setup.searchUrl());
    await page.locator('#search-q').pressSequentially(sentence, { delay: 5 });
    assert.deepEqual(ids(await shownServices(page, sentence)), first, 'typed, letter by letter');
    await page.close();
  });

  test('"Show more" goes on after the services shown first, repeating none', async () => {
    const page = await setup.browser.context.newPage();
    const sentence = 'she is gambling all her wages away and hiding it';
    const first = ids(await searchFor(page, sentence));
    const more = page.locator('#search-results [data-group="services"] .more-results');
    assert.equal(await more.count(), 1, `more services than the first ${first.length}`);
    await more.click();
    await page.waitForFunction((n) => document.querySelectorAll('#search-results [data-group="services"] .result').length > n, first.length);
    const all = ids(await shownServices(page, sentence));
    assert.deepEqual(all.slice(0, first.length), first, 'the first services stay where they were');
    assert.equal(new Set(all).size, all.length, `no service twice: ${all}`);
    await page.close();
  });

  test('a sentence of 5,000 characters, or with emoji, still finds its services and breaks nothing', async () => {
    const page = await setup.browser.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const long = 'my nan is lonely and never sees anyone these days, '.repeat(100).slice(0, 5000);
    assert.equal(long.length, 5000);
    const emoji = '😢 my nan is lonely 😢 and never sees anyone 👵🏽 these days 🙏';
    for (const sentence of [long, emoji]) {
      const found = ids(await searchFor(page, sentence));
      assert.ok(found.slice(0, 3).includes('friendly-voices-befriending'), `befriending in the top 3; got ${found.slice(0, 5)}`);
      assert.match(await page.locator('#search-status').textContent(), /\d+ results? for/);
      assert.equal(await page.inputValue('#search-q'), sentence.trim());
    }
    assert.ok((await page.locator('#search-status').textContent()).length < 300, 'the status line repeats only the start');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
