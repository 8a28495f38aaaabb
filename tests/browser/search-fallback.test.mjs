// The search page when a search finds nothing: never a dead end. Under filters, the filters'
// own services are listed, said to be that, with a link that drops the filters; a word cut
// short (or slipped) finds the known word it begins; and a search that finds nothing at all
// says what was searched, how to try again, and links to every need page. Any query text
// (5,000 characters, emoji, right-to-left script, markup) leaves the page whole.
//
// Runs against the built example site ($SITE_DIR): no Northgate service mentions the
// Riverside mosque, whose community kitchen is the one record that does.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SITE_DIR, SITE_PREFIX, assetIdOf as idOf, launchContext, searchPageSetup, seriousAxeProblems } from './lib.mjs';
import { completeWord, looselyCorrected, parseVocabulary } from '../../themes/default/static/search-spelling.js';

const setup = searchPageSetup();
const { searchUrl } = setup;

/** What the page shows once search.js has finished with `q` (data-done): its lines, links and services. */
async function shown(page, q, status = null) {
  // A search again for the same words keeps the last one's mark until it is shown, so a page
  // searched again (a link followed) is read once its status says the new search's answer.
  await page.waitForFunction(({ q, status }) => document.getElementById('search-results')?.dataset.done === q
    && (status === null || new RegExp(status).test(document.getElementById('search-status').textContent)), { q: q.trim(), status: status?.source ?? null });
  return page.evaluate(() => {
    const services = document.querySelector('#search-results [data-group="services"]');
    return {
      status: document.getElementById('search-status').textContent,
      correction: document.getElementById('search-correction').textContent,
      help: document.getElementById('search-help').innerText,
      helpLinks: [...document.querySelectorAll('#search-help a')].map((a) => ({ text: a.textContent, href: a.getAttribute('href') })),
      heading: services?.querySelector('h2').textContent ?? null,
      services: [...(services?.querySelectorAll('.result-title a') ?? [])].map((a) => a.getAttribute('href')),
      distances: [...(services?.querySelectorAll('.result-distance') ?? [])].map((p) => p.textContent),
      links: document.querySelectorAll('#search-results a').length,
    };
  });
}

/** The services (ids) and their count that a search with these filters and no words lists. */
async function filtersOwn(page, filters) {
  await page.goto(searchUrl(`?${filters}`));
  const state = await shown(page, '');
  const count = Number(/\((\d+)\)/.exec(state.heading)?.[1]);
  return { ids: state.services.map(idOf), count };
}

const miles = (text) => (/less than/.test(text) ? 0 : Number(/([\d.]+) miles?/.exec(text)[1]));

test('words read loosely: cut short or slipped, or a long word further off; a short word far off is left alone', () => {
  const vocabulary = parseVocabulary(readFileSync(path.join(SITE_DIR, 'search', 'vocabulary.txt'), 'utf8'));
  const unknown = () => false;
  assert.equal(completeWord('counsel', vocabulary), 'counselling');
  assert.equal(completeWord('ukraine', vocabulary), 'ukrainian', 'a slip in the last letter typed');
  assert.equal(completeWord('cou', vocabulary), null, 'three letters begin too many words');
  assert.deepEqual(looselyCorrected(['accomodatoin'], unknown, vocabulary).replaced, [['accomodatoin', 'accommodation']]);
  // Three edits from "build", one from "soon": other words, not slips.
  assert.deepEqual(looselyCorrected(['bullied', 'allowed', 'son', 'hed'], unknown, vocabulary).replaced, []);
  // Words the index knows, or the vocabulary does, stay as they are.
  assert.deepEqual(looselyCorrected(['bereev', 'food'], (w) => w === 'bereev', vocabulary), { words: ['bereev', 'food'], replaced: [] });
  // Bounded on any input: a 200-letter word, or one of emoji, finds nothing.
  assert.deepEqual(looselyCorrected(['x'.repeat(200), '🙂🙂🙂🙂'], unknown, vocabulary).replaced, []);
});

describe('search that finds nothing', () => {
  test('filters on, words in no service within them: the filters\' own services, said so, and a link without the filters', async () => {
    const page = await setup.browser.context.newPage();
    const own = await filtersOwn(page, 'place=northgate');
    assert.ok(own.count > 0, 'Northgate has services');
    await page.goto(searchUrl('?q=mosque&place=northgate'));
    const state = await shown(page, 'mosque');
    assert.equal(state.status, `No services in Northgate mention “mosque”. Showing all ${own.count} services in Northgate.`);
    assert.equal(state.correction, '', 'nothing is presented as a correction');
    assert.deepEqual(state.services.map(idOf).sort(), own.ids.slice(0, state.services.length).sort());
    assert.ok(!state.services.some((p) => p.includes('mosque')), 'the mosque kitchen is not in Northgate');
    assert.equal(state.helpLinks.length, 1);
    assert.equal(state.helpLinks[0].text, 'Search for “mosque” without these filters');
    const href = new URL(state.helpLinks[0].href, page.url());
    assert.equal(href.searchParams.get('q'), 'mosque');
    assert.equal(href.searchParams.get('place'), null);
    await page.locator('#search-help a').click();
    const everywhere = await shown(page, 'mosque', /^\d+ results? for “mosque”\.$/);
    assert.equal(idOf(everywhere.services[0]), 'riverside-mosque-community-kitchen');
    assert.equal(await page.inputValue('#facet-place'), '');
    assert.equal(new URL(page.url()).searchParams.get('place'), null);
    assert.equal(new URL(page.url()).searchParams.get('q'), 'mosque');
    await page.close();
  });

  test('every kind of filter, alone or together, is said in words with its own services', async () => {
    const page = await setup.browser.context.newPage();
    // Each with a word some service has, but none within the filters: the mosque kitchen is
    // open to all ages, the baby bank (Bundles) to children up to 5.
    const kinds = [
      ['need=housing', 'for “Housing and homelessness”', 'mosque'],
      ['access=professional_referral', 'marked “Referral by a professional”', 'mosque'],
      ['cost=low_cost', 'marked “Low cost”', 'mosque'],
      ['age=40', 'open to age 40', 'bundles'],
      ['language=pl', 'with Polish spoken', 'mosque'],
      ['need=food&place=northgate&cost=free', 'for “Food” in Northgate marked “Free”', 'mosque'],
    ];
    for (const [filters, scope, word] of kinds) {
      const own = await filtersOwn(page, filters);
      assert.ok(own.count > 0, `${filters} has services`);
      await page.goto(searchUrl(`?q=${word}&${filters}`));
      const state = await shown(page, word);
      const all = own.count === 1 ? `Showing the 1 service ${scope}.` : `Showing all ${own.count} services ${scope}.`;
      assert.equal(state.status, `No services ${scope} mention “${word}”. ${all}`, filters);
      assert.equal(state.services.length, Math.min(own.count, 10), filters);
      assert.equal(state.helpLinks[0]?.text, `Search for “${word}” without these filters`, filters);
    }
    // Found within the filters: no fallback, no link.
    await page.goto(searchUrl('?q=mosque&need=food'));
    const found = await shown(page, 'mosque');
    assert.match(found.status, /^1 result for “mosque” \(Food\)\.$/);
    assert.deepEqual(found.helpLinks, []);
    await page.close();
  });

  test('a place named in the query counts as the filter; near a postcode the services come nearest first', async () => {
    const page = await setup.browser.context.newPage();
    const own = await filtersOwn(page, 'place=northgate');
    await page.goto(searchUrl('?q=mosque+northgate&near=hb4+3hl'));
    const state = await shown(page, 'mosque northgate');
    assert.equal(
      state.status,
      `No services in Northgate mention “mosque”. Showing all ${own.count} services in Northgate. Nearest to HB4 3HL first.`,
    );
    assert.ok(state.distances.length > 0, 'distances are shown');
    const sorted = state.distances.map(miles);
    assert.deepEqual(sorted, [...sorted].sort((a, b) => a - b), `nearest first: ${state.distances}`);
    // The link searches the words less the place, and keeps Near.
    const href = new URL(state.helpLinks[0].href, page.url());
    assert.deepEqual([href.searchParams.get('q'), href.searchParams.get('near'), href.searchParams.get('place')], ['mosque', 'hb4 3hl', null]);
    await page.close();
  });

  test('a word cut short with a slip finds the known word it begins, said as a correction', async () => {
    const page = await setup.browser.context.newPage();
    await page.goto(searchUrl('?q=bereev'));
    const state = await shown(page, 'bereev');
    assert.match(state.correction, /^Showing results for bereave\w*\. Search instead for bereev$/);
    assert.match(state.status, /^\d+ results? for “bereave\w*”\.$/);
    assert.ok(state.services.map(idOf).includes('harbourside-bereavement-support'), `${state.services}`);
    // "Search instead for" searches the words as typed: not read loosely, so not corrected.
    await page.locator('#search-correction a').click();
    const typed = await shown(page, 'bereev', /for “bereev”/);
    assert.equal(typed.correction, '');
    assert.equal(new URL(page.url()).searchParams.get('exact'), '1');
    await page.close();
  });

  test('nothing found at all: what was searched, the spelling tip, and a link to every need page', async () => {
    const page = await setup.browser.context.newPage();
    await page.goto(searchUrl('?q=xqzvw'));
    const state = await shown(page, 'xqzvw');
    assert.equal(state.status, 'No results for “xqzvw”. Check the spelling, or try another word for the same thing.');
    assert.equal(state.links, 0, 'no results are listed');
    assert.match(state.help, /^Or browse support by need:/);
    const needs = await page.$$eval('#facet-need option', (os) => os.filter((o) => o.value).map((o) => o.textContent));
    assert.deepEqual(state.helpLinks.map((l) => l.text), needs);
    for (const { href } of state.helpLinks) {
      const file = path.join(SITE_DIR, new URL(href, page.url()).pathname.slice(SITE_PREFIX.length), 'index.html');
      assert.ok(existsSync(file), `${href} is a page of the site`);
    }
    await page.locator('#search-help a', { hasText: 'Food' }).click();
    await page.waitForURL((u) => u.pathname.endsWith('/needs/food/'));
    assert.equal((await page.locator('h1').textContent()).trim(), 'Food');
    await page.close();
  });

  test('any query text leaves the page whole at 360 px: 5,000 characters, emoji, right to left, markup', async () => {
    const narrow = await launchContext({ viewport: { width: 360, height: 740 } });
    try {
      const page = await narrow.context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('dialog', (d) => {
        errors.push(`dialog: ${d.message()}`);
        d.dismiss();
      });
      const queries = [
        ['x'.repeat(5000), ''],
        ['lonely '.repeat(715).trim(), ''],
        ['🙂🍞🏠 food 👶🏽', ''],
        ['🙂🍞🏠', '&need=food'],
        ['مساعدة في الطعام', ''],
        ['שלום עזרה', '&place=northgate'],
        ['<img src=x onerror=alert(1)><b>food</b> "\'&amp;', ''],
        ['<script>alert(1)</script>', '&place=northgate'],
      ];
      for (const [q, filters] of queries) {
        await page.goto(searchUrl(`?q=${encodeURIComponent(q)}${filters}`));
        const state = await shown(page, q);
        assert.ok(state.status.length > 0 && state.status.length < 600, `a status for ${q.slice(0, 20)}: ${state.status.slice(0, 100)}`);
        assert.equal(await page.locator('#search-status *, #search-help img, #search-correction img, #search-results img').count(), 0, 'query text never becomes markup');
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), `no sideways scrolling for ${q.slice(0, 20)}`);
        assert.ok(state.links > 0 || state.help.includes('Or browse support by need'), `never a dead end for ${q.slice(0, 20)}`);
      }
      assert.deepEqual(errors, []);
    } finally {
      await narrow.close();
    }
  });

  test('axe finds no serious problems with the filters\' own services or the help shown', async () => {
    const page = await setup.axeBrowser.context.newPage();
    for (const [query, q] of [['?q=mosque&place=northgate&near=hb4+3hl', 'mosque'], ['?q=xqzvw', 'xqzvw'], ['?q=xqzvw&need=food', 'xqzvw']]) {
      await page.goto(searchUrl(query));
      await shown(page, q);
      assert.deepEqual(await seriousAxeProblems(page), [], query);
    }
    await page.close();
  });
});
