// Search quality, measured: runs the labelled queries of tests/search-quality/ through the
// search page of a built example site in Chromium and prints hit@1, hit@5, all@5, MRR@10 and how
// many queries that have an answer show "No results", for the tuning set and the six other sets
// separately. Exits non-zero below the thresholds in tests/search-quality/thresholds.json, or if
// a closed service is listed for any query.
//
//   node search-quality.mjs [--verbose] [--set tuning|holdout|unseen|fresh|fresh2|fresh3|fresh4] [--json FILE]
//
// Environment as for the browser tests: SITE_DIR (a build of content/), SITE_PREFIX.
// Not a *.test.mjs file: scripts/test runs it as its own stage, so its figures are printed
// rather than hidden in a test report.

import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { SITE_DIR, SITE_PREFIX, launchContext } from './lib.mjs';
import { serve } from './serve.mjs';
import { KINDS, scoreQuery, searchAddress, shortfalls, summarise, validateQueries } from '../search-quality/metrics.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.join(here, '..', '..');
const setsDir = path.join(repo, 'tests', 'search-quality');
const SETS = {
  tuning: 'queries.yaml',
  holdout: 'holdout.yaml',
  unseen: 'unseen.yaml',
  fresh: 'fresh.yaml',
  fresh2: 'fresh2.yaml',
  fresh3: 'fresh3.yaml',
  fresh4: 'fresh4.yaml',
};
/** How long one query may take before the run stops with an error (not a wait for results). */
const QUERY_TIMEOUT_MS = 30_000;

const { values: args } = parseArgs({
  options: {
    verbose: { type: 'boolean', short: 'v', default: false },
    set: { type: 'string', multiple: true },
    json: { type: 'string' },
  },
});

/** Asset ids in content/assets, and which of them are closed (read from the records). */
function readAssets() {
  const dir = path.join(repo, 'content', 'assets');
  const all = new Set();
  const closed = new Set();
  for (const name of readdirSync(dir).sort()) {
    const m = /^(.+)\.(ya?ml|md)$/.exec(name);
    if (!m) continue;
    let text = readFileSync(path.join(dir, name), 'utf8');
    if (m[2] === 'md') text = text.split(/^---\s*$/m)[1] ?? '';
    all.add(m[1]);
    if (parseYaml(text)?.status === 'closed') closed.add(m[1]);
  }
  return { all, closed };
}

function loadSet(file, assets) {
  const full = path.join(setsDir, file);
  const parsed = parseYaml(readFileSync(full, 'utf8'));
  const queries = parsed?.queries;
  const problems = validateQueries(path.relative(repo, full), queries, assets.all, assets.closed);
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exit(2);
  }
  return queries;
}

/**
 * Opens the search page for one query and reads what it lists once search.js says it has
 * finished showing results for exactly this query text (data-done on #search-results).
 */
async function runQuery(page, baseUrl, query) {
  await page.goto(`${baseUrl}search/${searchAddress(query)}`);
  const text = query.q.trim();
  await page.waitForFunction((q) => document.getElementById('search-results')?.dataset.done === q, text, {
    timeout: QUERY_TIMEOUT_MS,
  });
  const links = await page.$$eval('#search-results a[href]', (as) => as.map((a) => new URL(a.href).pathname));
  const searchPath = SITE_PREFIX + 'search/';
  const listed = links.filter((p) => p.startsWith(SITE_PREFIX) && !p.startsWith(searchPath));
  const ranked = [];
  for (const p of listed) {
    const m = /^assets\/([^/]+)\/$/.exec(p.slice(SITE_PREFIX.length));
    if (m && !ranked.includes(m[1])) ranked.push(m[1]);
  }
  return { ranked, total: new Set(listed).size };
}

const pct = (x) => `${(x * 100).toFixed(1)}%`.padStart(7);

function describeQuery(q) {
  const extras = [...Object.entries(q.facets || {}).map(([k, v]) => `${k}=${v}`), ...(q.near ? [`near=${q.near}`] : [])];
  return `"${q.q}"${extras.length ? ` [${extras.join(', ')}]` : ''}`;
}

function report(name, queries, scores, outcomes) {
  const s = summarise(scores);
  console.log(`\n${name}: ${s.queries} queries`);
  console.log(`  hit@1 ${pct(s.hit1)}   hit@5 ${pct(s.hit5)}   all@5 ${pct(s.all5)}   MRR@10 ${s.mrr.toFixed(3)}`);
  console.log(`  "No results" for a query with an answer: ${s.noResults}`);
  console.log(`  closed services listed: ${s.closedSeen.length ? s.closedSeen.join(', ') : 'none'}`);
  console.log('  by kind:           n   hit@1   hit@5   all@5   no results');
  for (const kind of KINDS) {
    const idx = queries.map((q, i) => (q.kind === kind ? i : -1)).filter((i) => i >= 0);
    if (!idx.length) continue;
    const k = summarise(idx.map((i) => scores[i]));
    console.log(`    ${kind.padEnd(12)} ${String(k.queries).padStart(4)} ${pct(k.hit1)} ${pct(k.hit5)} ${pct(k.all5)}   ${k.noResults}`);
  }
  if (args.verbose) {
    const misses = queries.map((q, i) => [q, scores[i], outcomes[i]]).filter(([, sc]) => !sc.all5 || sc.closedSeen.length);
    if (misses.length) console.log(`  not all expected in the top 5 (${misses.length}):`);
    for (const [q, sc, out] of misses) {
      const mark = sc.closedSeen.length ? 'CLOSED' : sc.hit5 ? 'part' : out.total === 0 ? 'none' : 'miss';
      console.log(`    [${mark}] ${q.kind}: ${describeQuery(q)}`);
      console.log(`        expected: ${q.expect.join(', ')}`);
      console.log(`        top 5:    ${out.ranked.slice(0, 5).join(', ') || '(no services)'}${out.total === 0 ? '  ("No results")' : ''}`);
    }
  }
  return s;
}

const assets = readAssets();
const names = args.set?.length ? args.set : Object.keys(SETS);
for (const n of names) {
  if (!SETS[n]) {
    console.error(`unknown set "${n}" (known: ${Object.keys(SETS).join(', ')})`);
    process.exit(2);
  }
}
const sets = names.map((n) => ({ name: n, queries: loadSet(SETS[n], assets) }));
const thresholds = JSON.parse(readFileSync(path.join(setsDir, 'thresholds.json'), 'utf8'));

const server = await serve(SITE_DIR, { prefix: SITE_PREFIX });
const browser = await launchContext();
const failures = [];
const results = {};
try {
  const page = await browser.context.newPage();
  const jsErrors = [];
  page.on('pageerror', (e) => jsErrors.push(String(e)));
  console.log(`search quality on ${SITE_DIR} (served at ${server.baseUrl})`);
  for (const { name, queries } of sets) {
    const outcomes = [];
    for (const q of queries) {
      try {
        outcomes.push(await runQuery(page, server.baseUrl, q));
      } catch (e) {
        throw new Error(`${name}: ${describeQuery(q)}: the search page did not finish (${e.message.split('\n')[0]})`);
      }
    }
    const scores = queries.map((q, i) => scoreQuery(q, outcomes[i], assets.closed));
    const summary = report(name, queries, scores, outcomes);
    results[name] = { summary, queries: queries.map((q, i) => ({ ...q, ranked: outcomes[i].ranked, total: outcomes[i].total })) };
    failures.push(...shortfalls(name, summary, thresholds[name]));
  }
  if (jsErrors.length) failures.push(`JavaScript errors on the search page: ${[...new Set(jsErrors)].join('; ')}`);
} finally {
  await browser.close();
  await server.close();
}
if (args.json) writeFileSync(args.json, JSON.stringify(results, null, 2) + '\n');
if (failures.length) {
  console.error('\nsearch quality FAILED:\n  ' + failures.join('\n  '));
  process.exit(1);
}
console.log('\nsearch quality: thresholds met (tests/search-quality/thresholds.json)');
