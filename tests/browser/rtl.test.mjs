// The theme written right to left, and in another language, in Chromium.
//
// Builds its own sites, as the example is English: tests/fixtures/rtl (Arabic, from the
// Arabic catalogue in the fixture's theme) and tests/fixtures/welsh, with
// `target/release/supportmap` (or $SUPPORTMAP_BIN), for $SITE_PREFIX like the other tests; it
// reads no $SITE_DIR. On the right-to-left site, at 360 and 1280 px:
//
//   * the layout is the mirror image of the English one: the header's title, the main
//     column's heading and the first link of every row start at the right edge; the borders
//     that mark tiles, notices and places, and the list markers, are on the right; the
//     breadcrumb chevron and the Previous and Next arrows point left for "on" and right for
//     "back"; a pathway's step numbers and a table's row headings are on the right;
//   * nothing sticks out at 360 px, on either side;
//   * Tab shows a focus indicator on every element it reaches, on screen.
//
// English record text in the Arabic pages reads left to right, kept apart from the page's
// direction (dir="auto"), and so do phone numbers (dir="ltr").
//
// On every page of both sites, at both widths: axe-core (WCAG 2.2 A/AA, serious and critical
// fail), unless A11Y_SKIP_AXE=1. tests/languages.rs checks `dir` and `lang` on every page and
// the links of both sites; scripts/test runs the Nu HTML Checker over them.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { discoverPages, htmlFiles, launchContext, seriousAxeProblems, SITE_PREFIX } from './lib.mjs';
import { serve } from './serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(here, '..', '..');
const BIN = process.env.SUPPORTMAP_BIN || path.join(REPO, 'target', 'release', 'supportmap');
const SKIP_AXE = process.env.A11Y_SKIP_AXE === '1';
const WIDTHS = [360, 1280];
const HEIGHT = 800;

assert.ok(existsSync(BIN), `the supportmap binary is at ${BIN} (cargo build --release, or set SUPPORTMAP_BIN)`);
const work = mkdtempSync(path.join(os.tmpdir(), 'supportmap-rtl-'));

/** Builds tests/fixtures/<name> into the temporary folder; returns the site's folder. */
function build(name) {
  const out = path.join(work, name);
  const baseUrl = SITE_PREFIX === '/' ? [] : ['--base-url', `https://example.org${SITE_PREFIX}`];
  const root = path.join(REPO, 'tests', 'fixtures', name);
  execFileSync(BIN, ['build', '--root', root, '--out', out, '--today', '2026-11-25', ...baseUrl], { stdio: 'pipe' });
  return out;
}

// Built as the file loads, so that the tests can be named after the pages.
const SITES = { rtl: build('rtl'), welsh: build('welsh') };

/** Every page of a built site, as its address below the prefix ("", "needs/food/", "404.html"). */
function everyPage(dir) {
  return htmlFiles(dir).map((file) => path.relative(dir, file).split(path.sep).join('/').replace(/(^|\/)index\.html$/, '$1'));
}

const servers = {};
let browser;
let axeBrowser;

before(async () => {
  for (const [name, dir] of Object.entries(SITES)) servers[name] = await serve(dir, { prefix: SITE_PREFIX });
  // A sharp screen, so that an arrow's screenshot has enough pixels to tell its way.
  browser = await launchContext({ deviceScaleFactor: 3 });
  if (!SKIP_AXE) axeBrowser = await launchContext({ bypassCSP: true });
});

after(async () => {
  await browser?.close();
  await axeBrowser?.close();
  for (const server of Object.values(servers)) await server.close();
  rmSync(work, { recursive: true, force: true });
});

async function open(site, rel, width, context = browser.context) {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: HEIGHT });
  await page.goto(servers[site].baseUrl + rel, { waitUntil: 'networkidle' });
  return page;
}

/** Runs `check(page)` on the right-to-left site's page `rel` at each width, closing the page after. */
function atEachWidth(rel, what, check) {
  for (const width of WIDTHS) {
    test(`/${rel} @${width}px: ${what}`, async () => {
      const page = await open('rtl', rel, width);
      try {
        await check(page, width);
      } finally {
        await page.close();
      }
    });
  }
}

// In the page: the edges of the first element matching each selector, and of its content box.
function edges(selectors) {
  const out = {};
  for (const [name, selector] of Object.entries(selectors)) {
    const el = document.querySelector(selector);
    if (!el) {
      out[name] = null;
      continue;
    }
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    const words = document.createRange();
    words.selectNodeContents(el);
    const w = words.getBoundingClientRect();
    out[name] = {
      left: r.left,
      right: r.right,
      top: r.top,
      bottom: r.bottom,
      textLeft: w.left,
      textRight: w.right,
      contentLeft: r.left + parseFloat(cs.borderLeftWidth) + parseFloat(cs.paddingLeft),
      contentRight: r.right - parseFloat(cs.borderRightWidth) - parseFloat(cs.paddingRight),
      borderLeft: parseFloat(cs.borderLeftWidth),
      borderRight: parseFloat(cs.borderRightWidth),
      paddingLeft: parseFloat(cs.paddingLeft),
      paddingRight: parseFloat(cs.paddingRight),
    };
  }
  return out;
}

/**
 * Which way a drawn arrow ("‹" or "›") points as the reader sees it: a screenshot of it,
 * read back in a page, has its tip (the dark pixels of its middle rows) right or left of
 * its arms (the rows above).
 */
async function pointing(page, selector) {
  const png = await page.locator(selector).screenshot({ scale: 'device' });
  return page.evaluate(async (src) => {
    const img = new Image();
    img.src = src;
    await img.decode();
    const canvas = new OffscreenCanvas(img.width, img.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const { data, width, height } = ctx.getImageData(0, 0, img.width, img.height);
    const meanX = (from, to) => {
      let sum = 0;
      let n = 0;
      for (let y = Math.floor(height * from); y < Math.floor(height * to); y++) {
        for (let x = 0; x < width; x++) {
          const i = (y * width + x) * 4;
          if (data[i] + data[i + 1] + data[i + 2] < 300) (sum += x), n++;
        }
      }
      return sum / n;
    };
    return meanX(0.47, 0.53) > meanX(0.3, 0.45) ? 'right' : 'left';
  }, `data:image/png;base64,${png.toString('base64')}`);
}

const near = (a, b, what) => assert.ok(Math.abs(a - b) <= 1, `${what}: ${a} is not at ${b}`);
const found = (e, names) => names.forEach((n) => assert.ok(e[n], `no ${n} on the page`));

describe('right to left: the layout is mirrored', () => {
  atEachWidth('', 'the page is right to left in Arabic', async (page) => {
    const html = await page.evaluate(() => ({
      dir: document.documentElement.dir,
      lang: document.documentElement.lang,
      direction: getComputedStyle(document.body).direction,
    }));
    assert.deepEqual(html, { dir: 'rtl', lang: 'ar', direction: 'rtl' });
  });

  atEachWidth('', 'header, navigation and main column start at the right', async (page) => {
    const e = await page.evaluate(edges, {
      header: '.site-header-inner',
      title: '.site-title',
      nav: '.site-nav .wrap',
      firstLink: '.site-nav li:first-child a',
      secondLink: '.site-nav li:nth-child(2) a',
      main: 'main .wrap',
      heading: '#needs-heading',
      firstTile: '#needs li:first-child',
      tile: '.tile',
      tileName: '.tile .tile-name',
    });
    found(e, Object.keys(e));
    near(e.title.right, e.header.contentRight, "the site's title");
    assert.ok(e.title.left > e.header.contentLeft + 20, 'the title does not start at the left');
    // The nav row is pulled out by the links' own padding, at its start (now the right).
    near(e.firstLink.right, e.nav.contentRight + e.firstLink.paddingRight, 'the first navigation link');
    assert.ok(e.secondLink.right <= e.firstLink.left + 1, 'the second link is left of the first');
    near(e.heading.textRight, e.main.contentRight, 'the heading "Browse by need"');
    assert.ok(e.heading.textLeft > e.main.contentLeft + 20, 'the heading does not start at the left');
    near(e.firstTile.right, e.main.contentRight, 'the first need tile');
    assert.equal(e.tile.borderRight, 6, "a need tile's thick border is on its right");
    assert.equal(e.tile.borderLeft, 1);
    near(e.tileName.textRight, e.tile.contentRight, "a need tile's name");
  });

  atEachWidth('assets/debt-advice/', 'breadcrumbs, list markers and borders are on the right', async (page) => {
    // The fixture's description is English, so it keeps its own direction (dir="auto"); a list
    // in Arabic, as an Arabic record would give, shows how the page's own lists are set.
    await page.evaluate(() => {
      const prose = document.createElement('div');
      prose.className = 'prose arabic-list';
      prose.innerHTML = '<ul><li>مساعدة في الديون</li></ul>';
      document.querySelector('.record-main').append(prose);
    });
    const e = await page.evaluate(edges, {
      firstCrumb: '.breadcrumbs li:first-child',
      secondCrumb: '.breadcrumbs li:nth-child(2)',
      list: '.arabic-list ul',
      item: '.arabic-list ul li',
      english: '.prose [dir=auto] ul',
      location: '.location',
      main: 'main .wrap',
    });
    found(e, Object.keys(e));
    assert.ok(e.secondCrumb.right <= e.firstCrumb.left + 1, 'the breadcrumb trail runs from right to left');
    assert.ok(e.list.paddingRight >= 16 && e.list.paddingLeft === 0, 'a list is indented on the right, for its markers');
    near(e.item.right, e.list.contentRight, 'a list item');
    assert.ok(e.english.paddingLeft >= 16 && e.english.paddingRight === 0, 'an English list keeps its markers on its left');
    near(e.firstCrumb.right, e.main.contentRight, 'the first breadcrumb');
    assert.equal(e.location.borderRight, 4, "a place's border is on its right");
    assert.equal(e.location.borderLeft, 0);
    const chevron = await page.evaluate(() => {
      const cs = getComputedStyle(document.querySelector('.breadcrumbs li:nth-child(2)'), '::before');
      const m = new DOMMatrix(cs.transform);
      return { angle: Math.round((Math.atan2(m.b, m.a) * 180) / Math.PI), left: cs.borderLeftWidth, right: cs.borderRightWidth };
    });
    // Top and left borders turned 45 degrees anticlockwise: a "<", pointing on down the trail.
    assert.deepEqual(chevron, { angle: -45, left: '2px', right: '0px' }, 'the breadcrumb chevron points left');
  });

  // Page 1 of the A to Z has Next, page 2 (the last) has Previous.
  for (const [rel, which, side] of [
    ['a-z/', 'next', 'left'],
    ['a-z/page/2/', 'prev', 'right'],
  ]) {
    atEachWidth(rel, `${which === 'next' ? 'Next' : 'Previous'} points ${side}, its arrow at the ${side} end`, async (page) => {
      const link = await page.evaluate((selector) => {
        const a = document.querySelector(selector);
        const arrow = a.querySelector('[aria-hidden="true"]');
        const words = document.createRange();
        words.selectNodeContents([...a.childNodes].find((n) => n.nodeType === Node.TEXT_NODE));
        return {
          arrow: arrow.getBoundingClientRect().toJSON(),
          words: words.getBoundingClientRect().toJSON(),
          direction: getComputedStyle(arrow).direction,
        };
      }, `.pagination-${which} a`);
      if (side === 'right') assert.ok(link.arrow.left >= link.words.right - 1, 'the arrow is right of the words');
      else assert.ok(link.arrow.right <= link.words.left + 1, 'the arrow is left of the words');
      assert.equal(link.direction, 'rtl');
      assert.equal(await pointing(page, `.pagination-${which} a [aria-hidden="true"]`), side, 'the arrow points the way it leads');
    });
  }

  atEachWidth('pathways/money-worries/', "a pathway's step numbers are on the right", async (page) => {
    const e = await page.evaluate(edges, { step: '.route-step', num: '.route-num' });
    found(e, ['step', 'num']);
    near(e.num.right, e.step.right, 'the step number');
    const line = await page.evaluate(() => getComputedStyle(document.querySelector('.route-step'), '::before').borderRightWidth);
    assert.equal(line, '4px', 'the line between steps is drawn on the right');
  });

  atEachWidth('coverage/', "the table's row headings are on the right", async (page) => {
    const e = await page.evaluate(edges, { table: '.coverage', row: '.coverage th[scope="row"]' });
    found(e, ['table', 'row']);
    near(e.row.right, e.table.right, 'the first row heading');
  });

  atEachWidth('guide/start-now/', 'Previous is at the right end and Next at the left end', async (page) => {
    const e = await page.evaluate(edges, { pager: '.pager ul', prev: '.pager-prev a', next: '.pager-next a' });
    found(e, ['pager', 'prev', 'next']);
    near(e.prev.right, e.pager.contentRight, 'Previous');
    // Side by side when both fit on one line, else Next under Previous, at the start too.
    if (e.next.top < e.prev.bottom) near(e.next.left, e.pager.contentLeft, 'Next');
    else near(e.next.right, e.pager.contentRight, 'Next, on a line of its own');
  });
});

describe('right to left: reflow and focus', () => {
  for (const { rel, label } of discoverPages(SITES.rtl)) {
    test(`/${rel} [${label}] @360px: nothing sticks out on either side`, async () => {
      const page = await open('rtl', rel, 360);
      try {
        const r = await page.evaluate(() => {
          const wide = [];
          for (const el of document.body.querySelectorAll('*')) {
            const b = el.getBoundingClientRect();
            // Visually hidden text is a 1px box at the edge of its container.
            if (b.width > 1 && (b.left < -0.5 || b.right > innerWidth + 0.5)) {
              wide.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} (${Math.round(b.left)} to ${Math.round(b.right)}px)`);
            }
          }
          return { scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 10) };
        });
        assert.ok(r.scrollWidth <= 360 && r.wide.length === 0, `scrollWidth ${r.scrollWidth}px; sticking out:\n  ${r.wide.join('\n  ')}`);
      } finally {
        await page.close();
      }
    });

    for (const width of WIDTHS) {
      test(`/${rel} [${label}] @${width}px: Tab shows a focus indicator, on screen`, async () => {
        const page = await open('rtl', rel, width);
        try {
          const problems = [];
          const seen = new Set();
          for (let step = 0; step < 200; step++) {
            await page.keyboard.press('Tab');
            const f = await page.evaluate(() => {
              const el = document.activeElement;
              if (!el || el === document.body) return null;
              const cs = getComputedStyle(el);
              const r = el.getBoundingClientRect();
              return {
                what: `${el.tagName.toLowerCase()} "${(el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 30)}"`,
                key: el.outerHTML.slice(0, 200) + r.top,
                outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2,
                onScreen: r.width > 0 && r.left >= -1 && r.right <= innerWidth + 1,
              };
            });
            if (!f || seen.has(f.key)) break;
            seen.add(f.key);
            if (!f.outline) problems.push(`no focus outline on ${f.what}`);
            if (!f.onScreen) problems.push(`${f.what} is off the side of the screen`);
          }
          assert.ok(seen.size > 5, `Tab reached only ${seen.size} elements`);
          assert.deepEqual(problems, []);
        } finally {
          await page.close();
        }
      });
    }
  }
});

/**
 * Where on the screen the first and last characters of `words` are drawn, inside the first
 * element matching `selector` whose text has them: `{first, last}` left edges in px.
 */
async function drawn(page, selector, words) {
  return page.evaluate(([selector, words]) => {
    for (const element of document.querySelectorAll(selector)) {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.data.indexOf(words);
        if (at < 0) continue;
        const left = (start) => {
          const range = document.createRange();
          range.setStart(node, start);
          range.setEnd(node, start + 1);
          return range.getBoundingClientRect().left;
        };
        return { first: left(at), last: left(at + words.length - 1) };
      }
    }
    return null;
  }, [selector, words]);
}

describe('right to left: record text written left to right', () => {
  // The fixture's records are in English: an Arabic page shows them with dir="auto", so each
  // reads left to right and its full stop stays at its end, not at the far left.
  for (const width of WIDTHS) {
    test(`/assets/debt-advice/ @${width}px: an English summary, a card and a phone number read left to right`, async () => {
      const page = await open('rtl', 'assets/debt-advice/', width);
      try {
        assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
        const lede = 'Free, confidential advice on debt and benefits.';
        const text = await drawn(page, '.lede', lede);
        assert.ok(text, 'the summary is on the page');
        assert.ok(text.last > text.first, `the full stop is drawn after "Free", to its right: ${JSON.stringify(text)}`);
        assert.equal(await page.locator('.lede').evaluate((e) => getComputedStyle(e).direction), 'ltr');
        assert.equal(await page.locator('h1').evaluate((e) => getComputedStyle(e).direction), 'ltr');
        // The rest of the page stays right to left.
        assert.equal(await page.locator('main').evaluate((e) => getComputedStyle(e).direction), 'rtl');
        // A phone number is two numbers: in a right-to-left line they would swap places.
        const phone = await drawn(page, 'a.contact-link[href^="tel:"]', '01632 960001');
        assert.ok(phone && phone.last > phone.first, `01632 comes first, at the left: ${JSON.stringify(phone)}`);
      } finally {
        await page.close();
      }
    });
  }

  test('/my-map/: My Support Map and its printout show English names, summaries and phone numbers left to right', async () => {
    const page = await open('rtl', 'assets/debt-advice/', 1280);
    try {
      await page.locator('.my-map-slot .my-map-button').first().click();
      await page.goto(`${servers.rtl.baseUrl}my-map/`);
      await page.waitForSelector('#my-map[data-ready]');
      const name = page.locator('#my-map-list .my-map-item-name');
      assert.equal(await name.textContent(), 'Test Bay Debt Advice');
      assert.equal(await name.evaluate((e) => getComputedStyle(e).direction), 'ltr');
      await page.emulateMedia({ media: 'print' });
      const what = await drawn(page, '#my-map-person-list .my-map-stop-what', 'Free, confidential advice on debt and benefits.');
      assert.ok(what && what.last > what.first, JSON.stringify(what));
      const phone = await drawn(page, '#my-map-person-list .my-map-phone', '01632 960001');
      assert.ok(phone && phone.last > phone.first, JSON.stringify(phone));
    } finally {
      await page.close();
    }
  });

  test('/needs/money/: a card\'s English name and summary read left to right', async () => {
    const page = await open('rtl', 'needs/money/', 1280);
    try {
      const summary = await drawn(page, '.card-summary', 'Free, confidential advice on debt and benefits.');
      assert.ok(summary && summary.last > summary.first, JSON.stringify(summary));
      const name = page.locator('.card-title a', { hasText: 'Test Bay Debt Advice' });
      assert.equal(await name.getAttribute('dir'), 'auto');
      assert.equal(await name.evaluate((e) => getComputedStyle(e).direction), 'ltr');
    } finally {
      await page.close();
    }
  });
});

if (!SKIP_AXE) {
  for (const site of Object.keys(SITES)) {
    describe(`axe-core on every page of tests/fixtures/${site}`, () => {
      for (const rel of everyPage(SITES[site])) {
        for (const width of WIDTHS) {
          test(`/${rel} @${width}px`, async () => {
            const page = await open(site, rel, width, axeBrowser.context);
            try {
              assert.deepEqual(await seriousAxeProblems(page), [], `axe on /${rel} @${width}px`);
            } finally {
              await page.close();
            }
          });
        }
      }
    });
  }
}
