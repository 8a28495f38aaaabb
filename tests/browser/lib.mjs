// Shared helpers for the browser tests: where the site is, which pages to
// visit, and how to launch the system Chromium without ever downloading one.

import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
