// Near: search results sorted by distance from a postcode, a place or the device's location.
//
// Runs against the built example site ($SITE_DIR), whose content is known: content/postcodes.csv
// places Harbourside's fictional postcodes; the Gurdwara langar is at HB4 3HL; the Riverside
// pantry and the food bank's Thursday point are at HB5 1RE; the Housing First team gives only
// its postcode (HB1 3WR), so its coordinates come from the table at build time; Safe Harbour
// publishes no address at all, and the Stronger Together course names only its area (its venue
// is given to the women who book).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { SITE_DIR, SITE_PREFIX, assetIdOf as idOf, launchContext, searchPageSetup, seriousAxeProblems } from './lib.mjs';
import './site-strings.mjs'; // the words the theme's modules say, as the pages load them
import {
  NEAR_LIMIT, distanceMiles, formatMiles, nearbyCells, normaliseOutward, normalisePostcode, sortByDistance,
} from '../../themes/default/static/near.js';

const setup = searchPageSetup();
const { searchUrl } = setup;

/** The results once the live region has announced them, each with its distance line (or null). */
async function nearResults(page, label) {
  await page.waitForFunction(
    (l) => /result/.test(document.getElementById('search-status').textContent)
      && document.getElementById('search-status').textContent.includes(l),
    label,
  );
  return page.$$eval('#search-results .result', (items) => items.map((item) => ({
    href: item.querySelector('.result-title a').href,
    distance: item.querySelector('.result-distance')?.textContent ?? null,
  })));
}

/** Miles from a distance line: "0.8 miles away" → 0.8, "less than 0.1 miles away" → 0. */
function miles(line) {
  if (/^less than 0\.1 miles away$/.test(line)) return 0;
  const match = /^(\d+(?:\.\d)?) miles? away$/.exec(line);
  assert.ok(match, `distance reads like "0.8 miles away": ${line}`);
  return Number(match[1]);
}

/** Located results first, nearest first, then those with no location. */
function assertSortedByDistance(found) {
  const firstUnlocated = found.findIndex((r) => r.distance === null);
  const located = firstUnlocated === -1 ? found : found.slice(0, firstUnlocated);
  assert.ok(located.length > 0, 'some results have a distance');
  for (const r of found.slice(located.length)) assert.equal(r.distance, null, `${r.href} has no location, so it comes after every located result`);
  const distances = located.map((r) => miles(r.distance));
  assert.deepEqual(distances, [...distances].sort((a, b) => a - b), `nearest first: ${distances}`);
}

describe('near', () => {
  test('near a postcode sorts services nearest first, shows the distance, and keeps near= in the address', async () => {
    const page = await setup.browser.context.newPage();
    const outside = [];
    const fetched = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(setup.server.origin) && !r.url().startsWith('data:')) outside.push(r.url());
    });
    page.on('response', async (r) => {
      if (/\/search\/(postcodes\/|places\.json)/.test(r.url())) fetched.push({ url: r.url(), bytes: (await r.body()).length });
    });
    await page.goto(searchUrl('?need=food&near=hb4+3hl'));
    assert.equal(await page.inputValue('#search-near'), 'hb4 3hl');
    const found = await nearResults(page, 'nearest to HB4 3HL first');
    assert.equal(idOf(found[0].href), 'castle-hill-gurdwara-langar');
    assert.equal(found[0].distance, 'less than 0.1 miles away');
    assertSortedByDistance(found);
    const services = found.filter((r) => r.href.includes('/assets/'));
    assert.ok(services.every((r) => r.distance !== null), 'every food service has a location');
    assert.deepEqual(found.slice(0, services.length), services, 'pathways, which have no location, come after the services');
    assert.equal(new URL(page.url()).searchParams.get('near'), 'hb4 3hl');
    // A postcode lookup fetches the one outward-code file, from this site only.
    assert.deepEqual(fetched.map((f) => new URL(f.url).pathname), [`${SITE_PREFIX}search/postcodes/HB4.json`]);
    console.log(`# near a postcode fetched ${fetched.map((f) => `${new URL(f.url).pathname} (${f.bytes} bytes)`).join(', ')}`);
    assert.deepEqual(outside, []);
    await page.close();
  });

  test('services placed only by postcode are located from the table; those with no location come last', async () => {
    const page = await setup.browser.context.newPage();
    await page.goto(searchUrl('?need=housing&near=HB1+3WR'));
    const housing = await nearResults(page, 'nearest to HB1 3WR first');
    const team = housing.find((r) => idOf(r.href) === 'housing-first-harbourside');
    assert.ok(team, 'the Housing First team is listed');
    assert.equal(team.distance, 'less than 0.1 miles away');
    assertSortedByDistance(housing);
    await page.goto(searchUrl('?need=domestic-abuse&near=HB2+4QT'));
    const found = await nearResults(page, 'nearest to HB2 4QT first');
    for (const id of ['safe-harbour-domestic-abuse-service', 'stronger-together-course']) {
      const service = found.find((r) => idOf(r.href) === id);
      assert.ok(service, `${id} is still listed`);
      assert.equal(service.distance, null, `${id} shows no distance: it publishes no place to measure from`);
    }
    const located = found.filter((r) => r.distance !== null);
    assert.deepEqual(found.slice(0, located.length), located, 'services with a distance come first');
    await page.close();
  });

  test('typing a postcode in Near re-sorts the results', async () => {
    const page = await setup.browser.context.newPage();
    await page.goto(searchUrl('?q=food'));
    await nearResults(page, '“food”');
    await page.locator('#search-near').pressSequentially('hb5 1re', { delay: 20 });
    const found = await nearResults(page, 'nearest to HB5 1RE first');
    assert.ok(['riverside-community-pantry', 'harbourside-food-bank', 'riverside-community-centre'].includes(idOf(found[0].href)), `a service at HB5 1RE comes first: ${found[0].href}`);
    assert.equal(found[0].distance, 'less than 0.1 miles away');
    assertSortedByDistance(found);
    assert.equal(new URL(page.url()).searchParams.get('near'), 'hb5 1re');
    await page.close();
  });

  test('a place name sorts from the middle of that place', async () => {
    const page = await setup.browser.context.newPage();
    await page.goto(searchUrl('?need=food&near=westfield'));
    const found = await nearResults(page, 'nearest to Westfield first');
    assert.equal(idOf(found[0].href), 'the-kettle-community-cafe');
    assertSortedByDistance(found);
    await page.close();
  });

  test('an unknown or malformed postcode, or an unknown place, says so plainly and still shows results', async () => {
    const page = await setup.browser.context.newPage();
    for (const [near, message] of [
      ['HB9 9ZZ', /^The postcode HB9 9ZZ is not one this site knows, so results are not sorted by distance\./],
      ['HB4 1', /^“HB4 1” is not a full postcode\. Write it like HB4 1DB/],
      ['Atlantis', /^No place called “Atlantis” is known here.*one of: Castle Hill, Harbourside, Northgate/],
    ]) {
      await page.goto(searchUrl(`?q=food&near=${encodeURIComponent(near)}`));
      await page.waitForFunction(() => document.getElementById('near-message').textContent !== '');
      assert.match(await page.locator('#near-message').textContent(), message);
      const found = await nearResults(page, '“food”');
      assert.ok(found.length > 0, 'results are shown');
      assert.ok(found.every((r) => r.distance === null), 'without distances');
      assert.doesNotMatch(await page.locator('#search-status').textContent(), /nearest/);
    }
    await page.close();
  });

  test('"Use my location" sorts by the device\'s position and puts nothing of it in the address', async () => {
    const located = await launchContext({
      geolocation: { latitude: 50.4401, longitude: -2.4148 },
      permissions: ['geolocation'],
    });
    try {
      const page = await located.context.newPage();
      const outside = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(setup.server.origin) && !r.url().startsWith('data:')) outside.push(r.url());
      });
      await page.goto(searchUrl('?q=food'));
      await nearResults(page, '“food”');
      await page.getByRole('button', { name: 'Use my location' }).click();
      const found = await nearResults(page, 'nearest to your location first');
      assert.ok(['riverside-community-pantry', 'harbourside-food-bank', 'riverside-community-centre'].includes(idOf(found[0].href)), `a service at the Riverside Community Centre comes first: ${found[0].href}`);
      assertSortedByDistance(found);
      assert.match(await page.locator('#near-message').textContent(), /used on this device only/);
      assert.equal(new URL(page.url()).search, '?q=food');
      assert.deepEqual(outside, []);
      await page.close();
    } finally {
      await located.close();
    }
  });

  test('refusing to share the location says so', async () => {
    const page = await setup.browser.context.newPage();
    await setup.browser.context.clearPermissions();
    await page.goto(searchUrl('?q=food'));
    await nearResults(page, '“food”');
    await page.getByRole('button', { name: 'Use my location' }).click();
    await page.waitForFunction(() => /not shared/.test(document.getElementById('near-message').textContent));
    assert.match(await page.locator('#near-message').textContent(), /^Your location was not shared, so results are not sorted by distance\. Type a postcode or a place instead\.$/);
    assert.ok(await page.getByRole('button', { name: 'Use my location' }).isEnabled());
    await page.close();
  });

  test('near results and a Near message have no serious or critical accessibility problems', async () => {
    const page = await setup.axeBrowser.context.newPage();
    for (const query of ['?need=food&near=HB4+3HL', '?q=food&near=HB9+9ZZ']) {
      await page.goto(searchUrl(query));
      await nearResults(page, 'result');
      assert.deepEqual(await seriousAxeProblems(page), [], query);
    }
    await page.close();
  });

  test('Near alone lists every service, nearest first', async () => {
    const page = await setup.browser.context.newPage();
    await page.goto(searchUrl('?near=HB4+1DB'));
    const found = await nearResults(page, 'nearest to HB4 1DB first');
    assert.equal(idOf(found[0].href), 'council-housing-options');
    assert.ok(found.every((r) => r.href.includes('/assets/')), 'only services');
    const published = readdirSync(path.join(SITE_DIR, 'assets'), { withFileTypes: true }).filter((d) => d.isDirectory()).length;
    assert.match(await page.locator('#search-status').textContent(), new RegExp(`^${published} results \\(nearest to HB4 1DB first\\)\\.$`));
    assertSortedByDistance(found);
    await page.close();
  });

  test('without JavaScript, Near is a plain field of the form and "Use my location" is not offered', async () => {
    const noJs = await launchContext({ javaScriptEnabled: false });
    try {
      const page = await noJs.context.newPage();
      await page.goto(searchUrl());
      assert.equal(await page.locator('#search-near').getAttribute('name'), 'near');
      assert.equal(await page.getByRole('button', { name: 'Use my location' }).count(), 0);
    } finally {
      await noJs.close();
    }
  });
});

describe('near.js', () => {
  test('postcodes are read however they are typed; half a postcode is not a district', () => {
    for (const text of ['hb4 1db', ' HB41DB ', 'Hb4  1dB']) assert.equal(normalisePostcode(text), 'HB4 1DB');
    assert.equal(normalisePostcode('sw1a1aa'), 'SW1A 1AA');
    for (const text of ['', 'HB4', 'HB4 1', 'Westfield', '12345', 'HB4 1DB extra']) assert.equal(normalisePostcode(text), null, text);
    assert.equal(normaliseOutward(' hb4 '), 'HB4');
    assert.equal(normaliseOutward('HB4 1'), null);
  });

  test('distances are great-circle miles, written as people say them', () => {
    assert.ok(Math.abs(distanceMiles({ lat: 50, lon: -2 }, { lat: 51, lon: -2 }) - 69.09) < 0.01);
    assert.equal(distanceMiles({ lat: 50.44, lon: -2.41 }, { lat: 50.44, lon: -2.41 }), 0);
    assert.deepEqual(
      [0.04, 0.84, 1.0, 1.04, 2.45, 9.96, 12.4].map(formatMiles),
      ['less than 0.1 miles', '0.8 miles', '1 mile', '1 mile', '2.5 miles', '10 miles', '12 miles'],
    );
  });

  test('squares are named as the index names them (src/postcodes/publish.rs)', () => {
    const cells = nearbyCells({ lat: 50.4401, lon: -2.4148 });
    assert.equal(cells.length, 9);
    assert.ok(cells.includes('504:-25') && cells.includes('503:-26') && cells.includes('505:-24'), cells.join(' '));
  });

  test('with more results than it can read, the nearby ones come first, nearest first, then the rest by relevance', async () => {
    const origin = { lat: 50.44, lon: -2.41 };
    const reads = new Set();
    // Relevance order: result i; every third one is within a mile, the others are 30 miles north.
    const all = Array.from({ length: NEAR_LIMIT + 50 }, (_, i) => {
      const near = i % 3 === 0;
      const point = near ? [50.44 + (NEAR_LIMIT - i) / 100000, -2.41] : [50.9, -2.41];
      return { id: `r${i}`, near, data: async () => { reads.add(i); return { meta: { geo: point.join(',') } }; } };
    });
    let asked = null;
    const searchNearby = async (cells) => { asked = cells; return all.filter((r) => r.near); };
    const sorted = await sortByDistance(all, origin, searchNearby);
    assert.deepEqual(asked, nearbyCells(origin));
    const nearby = all.filter((r) => r.near).length;
    assert.equal(sorted.length, all.length);
    assert.equal(reads.size, nearby, 'only the nearby results were read');
    const head = sorted.slice(0, nearby);
    const miles = head.map((r) => r.miles);
    assert.deepEqual(miles, [...miles].sort((a, b) => a - b), 'nearest first');
    assert.ok(miles.every((m) => m < 1));
    const rest = sorted.slice(nearby);
    assert.ok(rest.every((r) => r.miles === null), 'the rest are not read until shown');
    await rest[0].data();
    assert.ok(rest[0].miles > 30, 'a far result gets its distance once it is shown');
  });
});
