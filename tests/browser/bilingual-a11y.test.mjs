// axe-core (WCAG 2.2 A/AA; serious and critical problems fail) on every page of the bilingual
// fixture, tests/fixtures/bilingual: the English pages and their Welsh counterparts under /cy/,
// at 360 and 1280 px, with the /cy/ pages also checked to be Welsh (`lang="cy"`) so that axe
// reads them as such.
//
// The fixture publishes under its own base_url (/support-map/), so one build serves both of
// scripts/test's runs; like a11y.test.mjs, axe runs once, in the run at / (A11Y_SKIP_AXE=1
// under the prefix). Builds the fixture with target/release/supportmap ($SUPPORTMAP_BIN), or
// reads $BILINGUAL_SITE_DIR when the caller built it. scripts/test's vnu stage checks the same
// pages with the Nu HTML Checker.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { htmlFiles, launchContext, seriousAxeProblems } from './lib.mjs';
import { serve } from './serve.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = process.env.SUPPORTMAP_BIN || path.join(REPO, 'target', 'release', 'supportmap');
/** The fixture's base_url is https://example.org/support-map/: its pages are below this. */
const PREFIX = '/support-map/';
const WIDTHS = [360, 1280];

if (process.env.A11Y_SKIP_AXE !== '1') {
  let work = null;
  let site = process.env.BILINGUAL_SITE_DIR;
  if (!site) {
    assert.ok(existsSync(BIN), `the supportmap binary is at ${BIN} (cargo build --release, or set SUPPORTMAP_BIN)`);
    work = mkdtempSync(path.join(os.tmpdir(), 'supportmap-bilingual-axe-'));
    site = path.join(work, 'site');
    const root = path.join(REPO, 'tests', 'fixtures', 'bilingual');
    execFileSync(BIN, ['build', '--root', root, '--out', site, '--today', '2026-11-25'], { stdio: 'pipe' });
  }
  // Every page, named by its address below the prefix ("cy/needs/food/", "404.html").
  const pages = htmlFiles(site).map((file) =>
    path.relative(site, file).split(path.sep).join('/').replace(/(^|\/)index\.html$/, '$1'),
  );

  let server;
  let browser;
  before(async () => {
    server = await serve(site, { prefix: PREFIX });
    browser = await launchContext({ bypassCSP: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  describe('axe-core on every page of tests/fixtures/bilingual, in both languages', () => {
    test('the fixture has Welsh pages under /cy/ for its English ones', () => {
      const welsh = pages.filter((rel) => rel.startsWith('cy/'));
      assert.ok(welsh.length > 0 && welsh.length * 2 === pages.length, `${welsh.length} of ${pages.length} pages are Welsh`);
    });
    for (const rel of pages) {
      for (const width of WIDTHS) {
        test(`/${rel} @${width}px`, async () => {
          const page = await browser.context.newPage();
          try {
            await page.setViewportSize({ width, height: 800 });
            await page.goto(server.baseUrl + rel, { waitUntil: 'networkidle' });
            const lang = await page.getAttribute('html', 'lang');
            assert.equal(lang, rel.startsWith('cy/') ? 'cy' : 'en-GB', `the language of /${rel}`);
            assert.deepEqual(await seriousAxeProblems(page), [], `axe on /${rel} @${width}px`);
          } finally {
            await page.close();
          }
        });
      }
    }
  });
}
