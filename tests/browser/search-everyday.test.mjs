// Everyday words in a real browser: a person describes a situation ("lost my dad last month",
// "black mould in the bedroom") rather than naming a need, and the service for it is among the
// first results, as the built-in list (src/search/everyday_words.yaml) indexes each record under
// the words people use for what it says.
//
// Runs against the built example site ($SITE_DIR). The queries are written for this file and
// are none of the labelled sets' (tests/search-quality/), so they also check that the list
// covers situations it was not tuned on.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assetIdOf as idOf, searchPageSetup } from './lib.mjs';

const setup = searchPageSetup();

/** Services listed for `query` opened from the address, once the page has announced them. */
async function servicesFor(query) {
  const page = await setup.browser.context.newPage();
  try {
    await page.goto(setup.searchUrl(`?q=${encodeURIComponent(query)}`));
    await page.waitForFunction(() => /result/.test(document.getElementById('search-status').textContent));
    const status = await page.locator('#search-status').textContent();
    const links = await page.$$eval('#search-results .result-title a', (as) => as.map((a) => new URL(a.href).pathname));
    return { status, services: links.filter((p) => p.includes('/assets/')).map(idOf) };
  } finally {
    await page.close();
  }
}

// Each situation, and services any of which answers it; `within` is how high one must be.
const SITUATIONS = [
  { q: 'lost my dad last month', expect: ['harbourside-bereavement-support'], within: 3 },
  { q: 'my brother killed himself in the summer', expect: ['harbourside-bereavement-support'], within: 3 },
  { q: 'got a PIP letter I don\'t understand', expect: ['harbourside-advice-debt-and-benefits', 'money-advice-in-the-surgery'], within: 3 },
  { q: 'black mould in the bedroom', expect: ['warm-homes-energy-advice'], within: 3 },
  { q: 'no heating and the kids are freezing', expect: ['warm-homes-energy-advice'], within: 3 },
  { q: 'my boyfriend tracks my phone', expect: ['safe-harbour-domestic-abuse-service'], within: 3 },
  { q: 'we are expecting twins', expect: ['bundles-baby-bank', 'westfield-family-hub'], within: 3 },
  { q: 'we arrived from Syria in the spring', expect: ['riverside-esol-classes'], within: 5 },
  { q: 'got a court summons for council tax', expect: ['harbourside-advice-debt-and-benefits', 'money-advice-in-the-surgery'], within: 3 },
  { q: 'my nan never goes out any more', expect: ['friendly-voices-befriending', 'st-marys-lunch-club'], within: 3 },
];

describe('everyday words for situations', () => {
  for (const { q, expect, within } of SITUATIONS) {
    test(`"${q}" lists ${expect.join(' or ')} in the first ${within}`, async () => {
      const { status, services } = await servicesFor(q);
      assert.doesNotMatch(status, /No results/);
      const top = services.slice(0, within);
      assert.ok(
        expect.some((id) => top.includes(id)),
        `one of ${expect} in the first ${within}; got ${services.slice(0, 5)}`,
      );
    });
  }

  test('a closed service is never listed for a situation its record still describes', async () => {
    // The Westfield Job Club closed; its record still says "search and apply for jobs".
    const { services } = await servicesFor('been on the dole for a year and want a job');
    assert.ok(services.length > 0, 'something is found');
    assert.ok(!services.includes('westfield-job-club'), `closed service listed: ${services}`);
    assert.ok(services.slice(0, 3).includes('harbourside-works'), `employment support first; got ${services}`);
  });
});
