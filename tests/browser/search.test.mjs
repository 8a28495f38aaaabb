// Search in a real browser: synonyms, facets in the address, bookmarks, keyboard use,
// accessibility before and after a search, and the page without JavaScript.
//
// Runs against the built example site ($SITE_DIR), whose content is known: the "money" need
// has the synonym "money worries", Westfield is a neighbourhood of Harbourside, the lunch club
// is for people aged 60 and over, and the Westfield Job Club is closed.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { SITE_DIR, SITE_PREFIX, assetIdOf as idOf, launchContext, searchPageSetup, seriousAxeProblems } from './lib.mjs';

const setup = searchPageSetup();
const { searchUrl } = setup;

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


describe('search', () => {
  test('typing a need synonym finds that need\'s services, even ones that never use the words', async () => {
    const page = await setup.browser.context.newPage();
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
    const page = await setup.browser.context.newPage();
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
    const page = await setup.browser.context.newPage();
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
    const page = await setup.browser.context.newPage();
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
    const page = await setup.browser.context.newPage();
    await page.goto(searchUrl());
    await page.locator('#search-q').focus();
    await page.keyboard.type('food bank');
    await results(page, 'food bank');
    // Tab forward from the search box to the first result link.
    let focused = '';
    for (let i = 0; i < 40 && !focused.includes('result-title'); i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.closest('.result-title')?.className || '');
    }
    assert.ok(focused.includes('result-title'), 'Tab reaches the first result');
    const target = await page.evaluate(() => document.activeElement.getAttribute('href'));
    await Promise.all([page.waitForURL((u) => u.pathname === target), page.keyboard.press('Enter')]);
    assert.match(await page.locator('h1').textContent(), /\S/);
    await page.close();
  });

  test('axe finds no serious or critical problems before and after a search', async () => {
    const page = await setup.axeBrowser.context.newPage();
    await page.goto(searchUrl());
    assert.deepEqual(await seriousAxeProblems(page), [], 'before a search');
    await page.fill('#search-q', 'housing');
    await page.selectOption('#facet-cost', 'free');
    await page.waitForFunction(() => /Free/.test(document.getElementById('search-status').textContent));
    await results(page, 'housing');
    assert.deepEqual(await seriousAxeProblems(page), [], 'after a search');
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
    const page = await setup.browser.context.newPage();
    const outside = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(setup.server.origin) && !r.url().startsWith('data:')) outside.push(r.url());
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

/** Waits until the page has finished showing results for exactly `query`; returns the page's state. */
async function shown(page, query) {
  await page.waitForFunction((q) => document.getElementById('search-results').dataset.done === q, query);
  return page.evaluate(() => ({
    status: document.getElementById('search-status').textContent,
    correction: document.getElementById('search-correction').textContent,
    chips: [...document.querySelectorAll('#search-chips .chip')].map((c) => c.textContent),
    groups: [...document.querySelectorAll('#search-results .result-group')].map((g) => ({
      title: g.querySelector('h2').textContent,
      links: [...g.querySelectorAll('.result-title a')].map((a) => new URL(a.href).pathname),
    })),
  }));
}

/** Service ids in rank order. */
const services = (state) => (state.groups.find((g) => g.title.startsWith('Services'))?.links || []).map(idOf);

async function searchFor(page, query) {
  await page.goto(searchUrl(`?q=${encodeURIComponent(query)}`));
  return shown(page, query);
}

describe('search understands how people ask', () => {
  test('phrases find the services for them, though not every word is in the record', async () => {
    const page = await setup.browser.context.newPage();
    const cases = [
      ['behind on rent', 'council-housing-options'],
      ['scared of my partner', 'safe-harbour-domestic-abuse-service'],
      ['somewhere to eat lunch', 'st-marys-lunch-club'],
      ['drinking too much', 'turning-tide-drug-and-alcohol-service'],
      // Small words only, bar "talk": the everyday phrase "no one" is searched as one word.
      ['no one to talk to', 'friendly-voices-befriending'],
      // A word run together finds the record that writes it as two.
      ['foodbank', 'harbourside-food-bank'],
    ];
    for (const [query, id] of cases) {
      const found = services(await searchFor(page, query));
      assert.ok(found.slice(0, 3).includes(id), `"${query}" puts ${id} in the top 3; got ${found.slice(0, 5)}`);
    }
    // "somewhere" is in no record: a small word never blocks a match.
    assert.doesNotMatch(assetPage('st-marys-lunch-club'), /somewhere/i);
    await page.close();
  });

  test('misspelt words are corrected, and the reader can search for what they typed instead', async () => {
    const page = await setup.browser.context.newPage();
    const cases = [
      ['benifits', 'benefits', 'money'],
      ['lonley', 'lonely', 'loneliness'],
      ['eviciton', 'eviction', 'housing'],
      ['anxeity', 'anxiety', 'mental-wellbeing'],
    ];
    for (const [typo, word, need] of cases) {
      const state = await searchFor(page, typo);
      assert.equal(state.correction, `Showing results for ${word}. Search instead for ${typo}`);
      assert.equal(await page.locator('#search-correction strong').textContent(), word);
      assert.ok(assetsOfNeed(need).includes(services(state)[0]), `"${typo}" leads with a ${need} service: ${services(state)}`);
      // The live region names the word searched, and the correction is said once on the page.
      assert.match(state.status, new RegExp(`^\\d+ results? for “${word}”\\.$`));
      const pageText = await page.locator('main').innerText();
      assert.equal(pageText.split(`Showing results for ${word}`).length - 1, 1, `"Showing results for ${word}" once`);
    }
    // The link searches for the word as typed, without correcting it.
    await Promise.all([page.waitForURL(/exact=1/), page.locator('#search-correction a').click()]);
    assert.equal(await page.inputValue('#search-q'), 'anxeity');
    const asTyped = await shown(page, 'anxeity');
    assert.equal(asTyped.correction, '');
    await page.close();
  });

  test('everyday words find the words records use: kids, teenager, english lessons', async () => {
    const page = await setup.browser.context.newPage();
    const teen = services(await searchFor(page, 'teenager'));
    for (const id of ['northgate-youth-club', 'riverside-youth-project']) {
      assert.ok(teen.slice(0, 5).includes(id), `teenager finds ${id}: ${teen}`);
      assert.doesNotMatch(assetPage(id), /teenager/i, `${id} never says teenager`);
    }
    const english = services(await searchFor(page, 'english lessons'));
    assert.ok(english.slice(0, 3).includes('riverside-esol-classes'), `english lessons finds the ESOL classes: ${english}`);
    assert.doesNotMatch(assetPage('riverside-esol-classes'), /english lessons/i);
    await searchFor(page, 'kids');
    // The first ten services are shown; "Show more" lists the rest.
    const more = page.locator('[data-group="services"] .more-results');
    while (await more.count()) {
      const before = await page.locator('[data-group="services"] .result').count();
      await more.click();
      await page.waitForFunction((n) => document.querySelectorAll('[data-group="services"] .result').length > n, before);
    }
    const paths = await page.locator('[data-group="services"] .result-title a').evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
    const kids = paths.map(idOf);
    const silent = kids.filter((id) => !/\bkids\b/i.test(assetPage(id)));
    assert.ok(silent.includes('northgate-youth-club'), `kids finds the youth club, which says "children" or "young people": ${kids}`);
    await page.close();
  });

  test('slang, regional and sector words find the services, and filler never leads', async () => {
    const page = await setup.browser.context.newPage();
    const cases = [
      // Slang for having no money, said by no record, finds the money advice.
      ['brassic', 'harbourside-advice-debt-and-benefits'],
      ['no fixed abode', 'council-housing-options'],
      ['pram or buggy', 'bundles-baby-bank'],
      // "back" is filler ("get an hour back"), and "running" leads to the 5k, not to groups "run by volunteers".
      ['want to get back into running', 'promenade-5k-free-run'],
    ];
    for (const [query, id] of cases) {
      const state = await searchFor(page, query);
      assert.equal(services(state)[0], id, `"${query}" leads with ${id}: ${services(state)}`);
      assert.doesNotMatch(state.status, /No results/);
    }
    for (const word of ['brassic', 'abode', 'pram', 'buggy']) {
      assert.doesNotMatch(assetPage('harbourside-advice-debt-and-benefits') + assetPage('council-housing-options') + assetPage('bundles-baby-bank'), new RegExp(`\\b${word}\\b`, 'i'));
    }
    // An everyday phrase gives a record only the phrase, not its words: "food club" (a pantry)
    // does not make "club" find the food bank.
    const club = services(await searchFor(page, 'club'));
    assert.ok(!club.includes('harbourside-food-bank'), `"club" does not find the food bank: ${club}`);
    // A main need whose name holds a comma ("Money, debt and benefits") still ranks its
    // services for its synonyms: both debt advisers lead the first five for "debt".
    const debt = services(await searchFor(page, 'debt')).slice(0, 5);
    for (const id of ['harbourside-advice-debt-and-benefits', 'money-advice-in-the-surgery']) assert.ok(debt.includes(id), `debt: ${debt}`);
    await page.close();
  });

  test('a place in the query becomes a place filter, shown as a chip that can be removed', async () => {
    const page = await setup.browser.context.newPage();
    const state = await searchFor(page, 'food bank castle hill');
    assert.deepEqual(state.chips, ['Place: Castle Hill×']);
    assert.match(state.status, /\(in Castle Hill\)/);
    const found = services(state);
    assert.equal(found[0], 'harbourside-food-bank');
    for (const id of found) assert.match(assetPage(id), /places\/(castle-hill|harbourside)\//, `${id} serves Castle Hill`);
    await page.getByRole('button', { name: 'Remove the place Castle Hill: search everywhere' }).click();
    await page.waitForFunction(() => document.querySelectorAll('#search-chips .chip').length === 0);
    await page.waitForFunction(() => !/in Castle Hill/.test(document.getElementById('search-status').textContent));
    const everywhere = services(await shown(page, 'food bank castle hill'));
    assert.ok(everywhere.some((id) => !/places\/(castle-hill|harbourside)\//.test(assetPage(id))), `services elsewhere are back: ${everywhere}`);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'search-q', 'focus returns to the search box');
    await page.close();
  });

  test('results come in labelled groups: services, then pathways, then the guide and other pages', async () => {
    const page = await setup.browser.context.newPage();
    for (const query of ['gp', 'money worries']) {
      const state = await searchFor(page, query);
      const titles = state.groups.map((g) => g.title.replace(/ \(\d+\)$/, ''));
      const order = ['Services', 'Pathways', 'Guide and other pages'];
      assert.deepEqual(titles, order.filter((t) => titles.includes(t)), `groups in order for ${query}`);
      assert.equal(titles[0], 'Services');
      const [first] = state.groups;
      assert.ok(first.links.every((p) => p.includes('/assets/')), `only services in the services group: ${first.links}`);
      for (const g of state.groups) assert.match(g.title, new RegExp(`\\(${g.links.length}\\)$|\\(\\d+\\)$`));
    }
    await page.close();
  });

  test('a service result shows its phone, cost, how to get in and whether it is open now', async () => {
    const context = await launchContext();
    try {
      const page = await context.context.newPage();
      // Monday 7 December 2026, 11:00 on the reader's clock: Bundles opens Monday and Thursday 10:00 to 14:00.
      await page.clock.setFixedTime(new Date(2026, 11, 7, 11, 0));
      await searchFor(page, 'bundles baby bank');
      const result = page.locator('.result', { has: page.locator('a[href$="assets/bundles-baby-bank/"]') });
      assert.equal(await result.locator('a[href^="tel:"]').getAttribute('href'), 'tel:+441632960121');
      assert.equal(await result.locator('a[href^="tel:"]').textContent(), '01632 960121');
      const facts = await result.locator('.result-facts div').evaluateAll((rows) => rows.map((r) => `${r.querySelector('dt').textContent}: ${r.querySelector('dd').textContent}`));
      assert.ok(facts.includes('Cost: Free'), facts.join('; '));
      assert.ok(facts.includes('How to get in: Referral by a professional'), facts.join('; '));
      assert.equal(await result.locator('.result-open').textContent(), 'Open now until 14:00 (By appointment)');
      // Tuesday 09:00: closed; next opening Thursday.
      await page.clock.setFixedTime(new Date(2026, 11, 8, 9, 0));
      await searchFor(page, 'bundles baby bank');
      assert.equal(await result.locator('.result-open').textContent(), 'Closed now. Opens Thursday at 10:00 (By appointment)');
      // Hours unknown: nothing is said.
      await searchFor(page, 'digital buddies');
      const buddies = page.locator('.result', { has: page.locator('a[href$="assets/castle-hill-digital-buddies/"]') });
      assert.equal(await buddies.count(), 1);
      assert.equal(await buddies.locator('.result-open').count(), 0);
    } finally {
      await context.close();
    }
  });

  test('at 360 px the filters fold behind "Filters (n)" and the first result is on the first screen', async () => {
    const narrow = await launchContext({ viewport: { width: 360, height: 740 } });
    try {
      const page = await narrow.context.newPage();
      await page.goto(searchUrl('?q=food&cost=free'));
      await shown(page, 'food');
      const toggle = page.locator('#filters-toggle');
      assert.equal(await toggle.textContent(), 'Filters (1)');
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
      assert.equal(await page.locator('#search-facets').isVisible(), false);
      const top = await page.locator('#search-results .result').first().evaluate((r) => r.getBoundingClientRect().top);
      assert.ok(top < 740, `first result starts at ${top}px, inside the first screen`);
      // The header (title and the main navigation's links in short rows) leaves room for it;
      // three rows of full-size links took 220 px.
      const header = await page.locator('.site-header').evaluate((h) => h.getBoundingClientRect().height);
      assert.ok(header <= 170, `the header is ${header}px high at 360 px wide`);
      const navLinks = await page.locator('.site-nav a').evaluateAll((as) =>
        as.filter((a) => a.offsetParent).map((a) => [a.textContent.trim(), a.getBoundingClientRect().height, a.getBoundingClientRect().width]));
      for (const [name, h, w] of navLinks) assert.ok(h >= 24 && w >= 24, `"${name}" is a ${w}x${h} px target (WCAG 2.2: 24 at least)`);
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no sideways scrolling');
      await toggle.click();
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
      assert.equal(await page.locator('#search-facets').isVisible(), true);
      assert.equal(await page.inputValue('#facet-cost'), 'free');
    } finally {
      await narrow.close();
    }
    // On a wide screen the facets are always shown and the button is not.
    const page = await setup.browser.context.newPage();
    await page.goto(searchUrl('?q=food'));
    await shown(page, 'food');
    assert.equal(await page.locator('#filters-toggle').isVisible(), false);
    assert.equal(await page.locator('#search-facets').isVisible(), true);
    await page.close();
  });

  test('no query text breaks the page: emoji, 5,000 characters, right-to-left scripts, markup', async () => {
    const page = await setup.browser.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => {
      errors.push(`dialog: ${d.message()}`);
      d.dismiss();
    });
    const long = 'food bank help '.repeat(334).slice(0, 5000).trim();
    const queries = ['😀🍞🏠', long, 'مساعدة في الطعام', 'עזרה בדיור', '<img src=x onerror=alert(1)>', '"><script>alert(1)</script>', '\u202e\u0000lunch', '*'.repeat(50)];
    for (const query of queries) {
      const state = await searchFor(page, query);
      assert.match(state.status, /results?/, `a result line for ${query.slice(0, 20)}`);
      assert.equal(await page.locator('#search-results img, #search-results script, #search-status *').count(), 0);
      assert.equal(await page.inputValue('#search-q'), query.trim());
    }
    // The long query still searches its words; the status line repeats only the start of it.
    await searchFor(page, long);
    assert.ok(services(await shown(page, long)).includes('harbourside-food-bank'));
    assert.ok((await page.locator('#search-status').textContent()).length < 300);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('axe finds no serious problems with a place chip and a spelling correction shown', async () => {
    const page = await setup.axeBrowser.context.newPage();
    for (const query of ['food bank castle hill', 'benifits']) {
      await page.goto(searchUrl(`?q=${encodeURIComponent(query)}`));
      await shown(page, query);
      assert.deepEqual(await seriousAxeProblems(page), [], query);
    }
    await page.close();
  });
});
