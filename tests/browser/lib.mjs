// Shared helpers for the browser tests: where the site is, which pages to
// visit, and how to launch the system Chromium without ever downloading one.

import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The built site to test: $SITE_DIR, else <repo>/site. */
export const SITE_DIR = path.resolve(process.env.SITE_DIR || path.join(here, '..', '..', 'site'));

/**
 * The mount prefix the site was built for ($SITE_PREFIX, e.g. "/support-map/"
 * for `--base-url https://example.org/support-map/`). Default "/".
 */
export const SITE_PREFIX = (() => {
  let p = process.env.SITE_PREFIX || '/';
  if (!p.startsWith('/')) p = '/' + p;
  if (!p.endsWith('/')) p += '/';
  return p;
})();

/** Chromium binary: Debian's, unless $CHROMIUM_PATH says otherwise. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// Flags that keep Chromium quiet, offline and deterministic in CI: no
// sandbox (we run as root), no GPU, and none of the background chatter
// (component updates, sync, QUIC probing) that would show up as requests
// leaving the machine.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * Launch the system Chromium with a fresh, throwaway profile. Playwright only
 * accepts a user-data-dir through launchPersistentContext, which is why each
 * context is a separate browser process. Returns the context; call
 * `close()` on the returned object to also delete the profile.
 */
export async function launchContext(contextOptions = {}) {
  // Imported lazily so that a missing node_modules gives a clear error here
  // rather than at module load of every test file.
  const { chromium } = await import('playwright-core');
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}; run scripts/setup-test-deps (apt chromium)`);
  }
  const profile = mkdtempSync(path.join(os.tmpdir(), 'supportmap-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    ...contextOptions,
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

function isPageDir(dir) {
  return existsSync(path.join(dir, 'index.html'));
}

function subdirs(dir) {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
}

/**
 * The page types present in the built site, one representative URL path
 * (relative to the prefix, e.g. "needs/food/") each. Discovered from the
 * file system so the list grows by itself as the generator grows new
 * sections.
 */
export function discoverPages(siteDir = SITE_DIR) {
  if (!existsSync(siteDir) || !statSync(siteDir).isDirectory()) {
    throw new Error(`Site directory ${siteDir} does not exist; build it first (SITE_DIR=...)`);
  }
  const pages = [];
  const add = (rel, label) => {
    if (!pages.some((p) => p.rel === rel)) pages.push({ rel, label });
  };

  if (existsSync(path.join(siteDir, 'index.html'))) add('', 'home');

  // Collection sections: the section index (if any) plus its first item.
  for (const section of ['assets', 'needs', 'places', 'pathways', 'guide', 'pages']) {
    const dir = path.join(siteDir, section);
    if (isPageDir(dir)) add(`${section}/`, `${section} index`);
    const first = subdirs(dir).find((d) => isPageDir(path.join(dir, d)));
    if (first) add(`${section}/${first}/`, `${section} item`);
  }

  // Place × need pages (/places/<p>/needs/<n>/): the first one that exists.
  outer: for (const p of subdirs(path.join(siteDir, 'places'))) {
    const needsDir = path.join(siteDir, 'places', p, 'needs');
    for (const n of subdirs(needsDir)) {
      if (isPageDir(path.join(needsDir, n))) {
        add(`places/${p}/needs/${n}/`, 'place × need');
        break outer;
      }
    }
  }

  for (const single of ['a-z', 'search', 'my-map', 'coverage']) {
    if (isPageDir(path.join(siteDir, single))) add(`${single}/`, single);
  }

  // Later pages of long lists (page_size in site.yaml): page 2 of the A to Z,
  // and the first need or place list that goes on to a page 2.
  if (isPageDir(path.join(siteDir, 'a-z', 'page', '2'))) add('a-z/page/2/', 'a-z page 2');
  outer2: for (const section of ['needs', 'places']) {
    for (const d of subdirs(path.join(siteDir, section))) {
      if (isPageDir(path.join(siteDir, section, d, 'page', '2'))) {
        add(`${section}/${d}/page/2/`, `${section} item page 2`);
        break outer2;
      }
    }
  }
  if (existsSync(path.join(siteDir, '404.html'))) add('404.html', '404');
  return pages;
}

/** All .html files under a directory, sorted, as absolute paths. */
export function htmlFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.html')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * What the search page's tests share: the built site served at its prefix, a browser, and a
 * second browser that lets axe's script past the site's CSP. Registers node:test's before and
 * after hooks; `server`, `browser` and `axeBrowser` are set once `before` has run.
 */
export function searchPageSetup() {
  const setup = {
    server: null,
    browser: null,
    axeBrowser: null,
    /** The search page's address, with `query` ("?q=...") after it. */
    searchUrl: (query = '') => `${setup.server.baseUrl}search/${query}`,
  };
  before(async () => {
    setup.server = await serve(SITE_DIR, { prefix: SITE_PREFIX });
    setup.browser = await launchContext();
    setup.axeBrowser = await launchContext({ bypassCSP: true });
  });
  after(async () => {
    await setup.browser?.close();
    await setup.axeBrowser?.close();
    await setup.server?.close();
  });
  return setup;
}

/** A service's id from the address of its page (a full URL or a path): "assets/<id>/" gives <id>. */
export function assetIdOf(href) {
  return new URL(href, 'http://localhost').pathname.replace(SITE_PREFIX, '').replace(/^assets\/|\/$/g, '');
}

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** WCAG 2.2 A and AA, as axe tags them. */
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * The serious and critical axe problems on the page as it is now, each "rule: targets". The
 * page must come from a context that bypasses CSP (searchPageSetup's axeBrowser), as axe's
 * script is not one of the site's.
 */
export async function seriousAxeProblems(page) {
  await page.addScriptTag({ path: AXE_PATH });
  const { violations } = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), WCAG_AA);
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  return bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`);
}
