// Search budgets, measured in headless Chromium against a built site on loopback.
//
//   node bench-search.mjs <site dir> [runs]
//
// The site is served the way a static host serves it (text gzipped on the fly; Pagefind's
// index files are already compressed) and the bytes are counted on the server, so requests
// made from Pagefind's web worker are included. For each run, a fresh browser profile opens
// /search/, types a first query (cold: library, WASM, metadata, index chunk, result
// fragments), then later queries, and records:
//   - bytes transferred for each query (budget: first <= 300 KB, later <= 100 KB)
//   - time from the last keystroke to the result list appearing (budget: <= 300 ms), which
//     includes the search page's own typing debounce.
// Prints medians over the runs. A benchmark, not a test: it reports and exits 0 unless the
// site cannot be searched at all.
//
// Baseline, measured in the same run and browser so that a busy machine slows both alike: bare
// Pagefind (its own pagefind.js on the same index) searching the same words and loading the
// data of the results a page would show first, from the moment the words are known. The
// ratio ours/bare is what the search page adds on top: its typing debounce, reading the query,
// the groups, spelling and ranking.

import { createServer } from 'node:http';
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
/** What each request fetched, in order: [kind, bytes] (kind: the folder, e.g. "fragment", "index", "assets"). */
let requests = [];
const server = createServer(async (req, res) => {
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

/** "fragment 12 (9.1 KB), index 1 (20.3 KB)": what a query's requests were, by kind. */
function breakdown(reqs) {
  const byKind = new Map();
  for (const [kind, n] of reqs) {
    const [count, total] = byKind.get(kind) || [0, 0];
    byKind.set(kind, [count + 1, total + n]);
  }
  return [...byKind]
    .sort((a, b) => b[1][1] - a[1][1])
    .map(([kind, [count, total]]) => `${kind} ${count} (${(total / 1024).toFixed(1)} KB)`)
    .join(', ');
}

await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

/**
 * Types `query` into the search box; returns [ms from last keystroke to results, bytes since
 * the first keystroke, what was fetched].
 */
async function measure(page, query) {
  await page.fill('#search-q', '');
  await page.waitForFunction(() => document.getElementById('search-status').textContent === '');
  const before = bytes;
  requests = [];
  await page.locator('#search-q').pressSequentially(query.slice(0, -1), { delay: 30 });
  await page.evaluate(() => {
    window.__shown = new Promise((resolve) => {
      const box = document.getElementById('search-results');
      new MutationObserver((_, observer) => {
        if (box.querySelector('.result')) {
          observer.disconnect();
          resolve(performance.now());
        }
      }).observe(box, { childList: true, subtree: true });
    });
  });
  const t0 = await page.evaluate(() => performance.now());
  await page.keyboard.press(query.slice(-1));
  const shownAt = await page.evaluate(() => window.__shown);
  await page.waitForFunction(() => /result/.test(document.getElementById('search-status').textContent));
  await page.waitForTimeout(300); // let trailing fragment fetches land in the byte count
  return [shownAt - t0, bytes - before, breakdown(requests)];
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
  await page.goto(`${origin}/search/`);
  await page.waitForLoadState('networkidle');
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
/** Per query, from the first run (bytes are the same in every run): KB and what was fetched. */
const perQuery = [];
for (let run = 0; run < RUNS; run++) {
  const browser = await launchContext();
  const page = await browser.context.newPage();
  await page.goto(`${origin}/search/`);
  await page.waitForLoadState('networkidle');
  const [ms, b, what] = await measure(page, FIRST);
  first.ms.push(ms);
  first.kb.push(b / 1024);
  if (run === 0) perQuery.push([FIRST, b, what]);
  for (const q of LATER) {
    const [ms2, b2, what2] = await measure(page, q);
    later.ms.push(ms2);
    later.kb.push(b2 / 1024);
    if (run === 0) perQuery.push([q, b2, what2]);
  }
  await browser.close();
  const [[firstMs, firstKb], ...rest] = await bare();
  first.bareMs.push(firstMs);
  first.bareKb.push(firstKb);
  for (const [ms3, kb3] of rest) {
    later.bareMs.push(ms3);
    later.bareKb.push(kb3);
  }
}
server.close();

const ratio = (ours, base) => `${(median(ours) / median(base)).toFixed(2)}x`;
const row = (label, m, budgetKb) =>
  `${label.padEnd(28)} median ${median(m.kb).toFixed(1).padStart(6)} KB (max ${Math.max(...m.kb).toFixed(1)}; budget ${budgetKb}; ` +
  `bare ${median(m.bareKb).toFixed(1)}, ratio ${ratio(m.kb, m.bareKb)})  ` +
  `results after ${median(m.ms).toFixed(0).padStart(4)} ms (max ${Math.max(...m.ms).toFixed(0)}; budget 300; ` +
  `bare ${median(m.bareMs).toFixed(0)}, ratio ${ratio(m.ms, m.bareMs)})`;
console.log(`search budgets, ${RUNS} runs, site ${siteDir}`);
console.log(`baseline "bare": Pagefind alone, same queries, search() to the data of its first ${SHOWN_FIRST} results`);
console.log(row(`first query "${FIRST}"`, first, 300));
console.log(row(`later queries (${LATER.length} each)`, later, 100));
console.log('per query (first run):');
for (const [q, b, what] of perQuery) {
  console.log(`  ${`"${q}"`.padEnd(18)} ${(b / 1024).toFixed(1).padStart(6)} KB: ${what}`);
}
