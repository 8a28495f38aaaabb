// Search budgets, measured in headless Chromium against a built site on loopback.
//
//   node bench-search.mjs <site dir> [runs]
//
// The site is served the way a static host serves it (text gzipped on the fly; Pagefind's
// index files are already compressed) and the bytes are counted on the server, so requests
// made from Pagefind's web worker (and the offline service worker's) are included. For each
// run, a fresh browser profile opens /search/, types a first query (cold: library, WASM,
// metadata, index chunks, result fragments), then later queries, and records:
//   - bytes transferred for each query, from its first keystroke until its results are shown
//     (budget: first <= 300 KB, each later one <= 100 KB)
//   - time from the last key event (its timeStamp, in the page) to the results for the whole
//     query being in the DOM (the page marks them with data-done; results of the query as it
//     was before the last key do not count), which includes any wait of the page's (for the
//     index to answer an older query's search, or for a pause after a word's first letters)
//     (budget: <= 300 ms).
// Prints medians over the runs, then each query with what it fetched (index chunks one by one),
// and flags every figure over its budget. A benchmark, not a test: it reports and exits 0
// unless the site cannot be searched at all.
//
// Baseline, measured in the same run and browser so that a busy machine slows both alike: bare
// Pagefind (its own pagefind.js on the same index) searching the same words and loading the
// data of the results a page would show first, from the moment the words are known. The
// ratio ours/bare is what the search page adds on top: its waits while typing, reading the query,
// the groups, spelling and ranking.

import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchContext } from './lib.mjs';
import { CONTENT_TYPES } from './serve.mjs';

const [siteDir, runsArg] = process.argv.slice(2);
if (!siteDir) {
  console.error('usage: node bench-search.mjs <site dir> [runs]');
  process.exit(2);
}
const RUNS = Number(runsArg || 3);
const FIRST = 'money worries';
const LATER = ['food bank', 'lonely', 'housing advice', 'yoga'];
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.xml', '.txt']);

let bytes = 0;
/** Requests being answered, and when the last one came: to tell when a query's fetches are over. */
let inFlight = 0;
let lastRequestAt = 0;
/** What each request fetched, in order: [kind, bytes] (kind: the folder, e.g. "fragment", "index", "assets"). */
let requests = [];
const server = createServer(async (req, res) => {
  inFlight++;
  lastRequestAt = Date.now();
  res.on('close', () => inFlight--);
  const urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  let file = path.join(siteDir, path.normalize(urlPath).replace(/^(\.\.[/\\])+/, ''));
  try {
    if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
    let body = await readFile(file);
    const ext = path.extname(file);
    const headers = { 'Content-Type': CONTENT_TYPES[ext] || 'application/octet-stream' };
    if (COMPRESSIBLE.has(ext) && /gzip/.test(req.headers['accept-encoding'] || '')) {
      body = gzipSync(body);
      headers['Content-Encoding'] = 'gzip';
    }
    bytes += body.length;
    requests.push([requestKind(urlPath), body.length]);
    res.writeHead(200, headers);
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
});
/** A request's kind for the per-query breakdown: the Pagefind folder it is in, else its top folder. */
function requestKind(urlPath) {
  const parts = urlPath.split('/').filter(Boolean);
  if (parts[0] === 'pagefind') return parts.length > 2 ? parts[1] : 'pagefind';
  return parts.length > 1 ? parts[0] : 'page';
}

const kb = (n) => (n / 1024).toFixed(1);

/**
 * "index 2 (31.2 KB: 20.3 + 10.9), fragment 12 (9.1 KB)": what a query's requests were, by
 * kind, largest first; index chunks each with its size, as they are what the cut of the index
 * decides.
 */
function breakdown(reqs) {
  const byKind = new Map();
  for (const [kind, n] of reqs) {
    const sizes = byKind.get(kind) || [];
    byKind.set(kind, [...sizes, n]);
  }
  const total = (sizes) => sizes.reduce((a, b) => a + b, 0);
  return [...byKind]
    .sort((a, b) => total(b[1]) - total(a[1]))
    .map(([kind, sizes]) => {
      const each = kind === 'index' && sizes.length > 1 ? `: ${[...sizes].sort((a, b) => b - a).map(kb).join(' + ')}` : '';
      return `${kind} ${sizes.length} (${kb(total(sizes))} KB${each})`;
    })
    .join(', ');
}

await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

/**
 * Types `query` into the search box; returns [ms from the last key event to the results for
 * `query` being in the DOM, bytes since the first keystroke, what was fetched].
 */
async function measure(page, query) {
  await page.fill('#search-q', '');
  await page.waitForFunction(() => document.getElementById('search-results').dataset.done === '');
  const before = bytes;
  requests = [];
  await page.locator('#search-q').pressSequentially(query.slice(0, -1), { delay: 30 });
  await page.evaluate((q) => {
    const box = document.getElementById('search-results');
    const input = document.getElementById('search-q');
    window.__keyAt = new Promise((resolve) => {
      input.addEventListener('keydown', (event) => resolve(event.timeStamp), { once: true });
    });
    // search.js sets data-done to the query once every group of its results is drawn.
    window.__shownAt = new Promise((resolve) => {
      new MutationObserver((_, observer) => {
        if (box.dataset.done === q && box.querySelector('.result')) {
          observer.disconnect();
          resolve(performance.now());
        }
      }).observe(box, { attributes: true, attributeFilter: ['data-done'] });
    });
  }, query);
  await page.keyboard.press(query.slice(-1));
  const ms = await page.evaluate(async () => (await window.__shownAt) - (await window.__keyAt));
  await quiet();
  return [ms, bytes - before, breakdown(requests)];
}

/** How long the server must have been idle for a query's fetches to count as over. */
const QUIET_MS = 250;

/**
 * Waits until the server has answered everything and had no request for QUIET_MS: the results'
 * trailing fetches (fragments, the offline worker's copies) belong to the query that made them.
 */
async function quiet() {
  while (inFlight > 0 || Date.now() - lastRequestAt < QUIET_MS) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Opens the search page and waits until the offline service worker (on a site that has one) has
 * saved the page's shell and controls the page, so that its install is not counted as a query's.
 */
async function settle(page) {
  await page.goto(`${origin}/search/`);
  if (existsSync(path.join(siteDir, 'sw.js'))) {
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  }
  await quiet();
}

/** Results a search page shows before anything is asked for: services, pathways, pages. */
const SHOWN_FIRST = 16;

/**
 * Bare Pagefind in a fresh profile: the same queries in the same order, each timed from the
 * call to search() until the data of its first SHOWN_FIRST results is loaded, with the bytes
 * (for the first, the library's too).
 */
async function bare() {
  const browser = await launchContext();
  const page = await browser.context.newPage();
  await settle(page);
  const out = [];
  for (const q of [FIRST, ...LATER]) {
    const before = bytes;
    const ms = await page.evaluate(async ([q, n]) => {
      // Loading the library is not timed (the search page does it while the query is typed)
      // but its bytes count, as they do for the page's first query.
      window.__pf ??= await import('/pagefind/pagefind.js');
      await window.__pf.init();
      const t0 = performance.now();
      const search = await window.__pf.search(q);
      await Promise.all(search.results.slice(0, n).map((r) => r.data()));
      return performance.now() - t0;
    }, [q, SHOWN_FIRST]);
    out.push([ms, (bytes - before) / 1024]);
  }
  await browser.close();
  return out;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const first = { ms: [], kb: [], bareMs: [], bareKb: [] };
const later = { ms: [], kb: [], bareMs: [], bareKb: [] };
/**
 * Per query: bytes and what was fetched in the first run (they are the same in every run), ms in
 * each, and bare Pagefind's ms in each.
 */
const perQuery = [];
for (let run = 0; run < RUNS; run++) {
  const browser = await launchContext();
  const page = await browser.context.newPage();
  await settle(page);
  for (const [i, q] of [FIRST, ...LATER].entries()) {
    const [ms, b, what] = await measure(page, q);
    const into = i === 0 ? first : later;
    into.ms.push(ms);
    into.kb.push(b / 1024);
    if (run === 0) perQuery.push([q, b, what, [], []]);
    perQuery[i][3].push(ms);
  }
  await browser.close();
  const bareRun = await bare();
  bareRun.forEach(([ms], i) => perQuery[i][4].push(ms));
  const [[firstMs, firstKb], ...rest] = bareRun;
  first.bareMs.push(firstMs);
  first.bareKb.push(firstKb);
  for (const [ms3, kb3] of rest) {
    later.bareMs.push(ms3);
    later.bareKb.push(kb3);
  }
}
server.close();

const BUDGET = { firstKb: 300, laterKb: 100, ms: 300 };
const over = [];
/** " OVER BUDGET" (and noted for the summary) when `value` exceeds `budget`. */
const flag = (what, value, budget) => {
  if (value <= budget) return '';
  over.push(`${what} ${value.toFixed(1)} > ${budget}`);
  return ' OVER BUDGET';
};
const ratio = (ours, base) => `${(median(ours) / median(base)).toFixed(2)}x`;
const row = (label, m, budgetKb) =>
  `${label.padEnd(28)} median ${median(m.kb).toFixed(1).padStart(6)} KB (max ${Math.max(...m.kb).toFixed(1)}; budget ${budgetKb}` +
  `${flag(`${label}: max KB`, Math.max(...m.kb), budgetKb)}; bare ${median(m.bareKb).toFixed(1)}, ratio ${ratio(m.kb, m.bareKb)})  ` +
  `results after ${median(m.ms).toFixed(0).padStart(4)} ms (max ${Math.max(...m.ms).toFixed(0)}; budget ${BUDGET.ms}` +
  `${flag(`${label}: median ms`, median(m.ms), BUDGET.ms)}; bare ${median(m.bareMs).toFixed(0)}, ratio ${ratio(m.ms, m.bareMs)})`;
console.log(`search budgets, ${RUNS} runs, site ${siteDir}`);
console.log(`baseline "bare": Pagefind alone, same queries, search() to the data of its first ${SHOWN_FIRST} results`);
console.log(row(`first query "${FIRST}"`, first, BUDGET.firstKb));
console.log(row(`later queries (${LATER.length} each)`, later, BUDGET.laterKb));
console.log('per query (first run; ms: each run, and bare Pagefind\'s in the same runs):');
perQuery.forEach(([q, b, what, ms, bareMs], i) => {
  const budget = i === 0 ? BUDGET.firstKb : BUDGET.laterKb;
  const times = (list) => list.map((t) => t.toFixed(0)).join(', ');
  console.log(`  ${`"${q}"`.padEnd(18)} ${kb(b).padStart(6)} KB${flag(`"${q}" KB`, b / 1024, budget)}, ${times(ms)} ms (bare ${times(bareMs)}): ${what}`);
});
console.log(over.length ? `over budget: ${over.join('; ')}` : 'every figure within budget');
