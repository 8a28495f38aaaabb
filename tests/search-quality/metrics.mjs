// The search-quality yardstick: what counts as a query, what counts as a hit, and how the
// figures are added up. Pure functions with no dependencies, so that metrics.test.mjs can pin
// down every number the runner (tests/browser/search-quality.mjs) prints.
//
// Definitions (README.md says the same in prose):
// - a query's `expect` lists the services (asset ids) that are right answers, 1 to 5 of them;
// - `ranked` is the asset ids of the service results in the order the page shows them
//   (pathways, guide and other pages are not counted as ranks);
// - hit@k: at least one expected service is among the first k;
// - all@5: every expected service is among the first 5;
// - reciprocal rank: 1 / the rank of the first expected service within the first 10, else 0
//   (MRR is its mean, i.e. MRR@10);
// - "No results": the page lists nothing at all (no service, pathway or page) for a query
//   that has an answer;
// - closed services (status: closed in content/assets) must never be listed anywhere.

/** How many results the reciprocal rank looks at. */
export const MRR_DEPTH = 10;

/** The largest number of expected services a query may list (all@5 must be reachable). */
export const MAX_EXPECT = 5;

/** Facet names the search page accepts in its address, besides `q` and `near`. */
export const FACETS = ['need', 'place', 'access', 'cost', 'age', 'language'];

/** The kinds of query, so the figures can be broken down by how people ask. */
export const KINDS = ['phrase', 'misspelling', 'everyday', 'place', 'need', 'name', 'facet', 'near'];

/** Whether any of `expect` is among the first `k` of `ranked`. */
export function hitAt(ranked, expect, k) {
  return ranked.slice(0, k).some((id) => expect.includes(id));
}

/** Whether every one of `expect` is among the first 5 of `ranked`. */
export function allInTop5(ranked, expect) {
  const top = ranked.slice(0, 5);
  return expect.length > 0 && expect.every((id) => top.includes(id));
}

/** 1 / rank of the first expected service within the first MRR_DEPTH results, else 0. */
export function reciprocalRank(ranked, expect) {
  const i = ranked.slice(0, MRR_DEPTH).findIndex((id) => expect.includes(id));
  return i < 0 ? 0 : 1 / (i + 1);
}

/**
 * Scores one query's outcome. `outcome` is what the page showed: `ranked` (asset ids in
 * order) and `total` (every result listed, of any kind).
 */
export function scoreQuery(query, outcome, closed) {
  const { ranked, total } = outcome;
  return {
    hit1: hitAt(ranked, query.expect, 1),
    hit5: hitAt(ranked, query.expect, 5),
    all5: allInTop5(ranked, query.expect),
    rr: reciprocalRank(ranked, query.expect),
    noResults: total === 0,
    closedSeen: ranked.filter((id) => closed.has(id)),
  };
}

/** Adds up scored queries into the figures for one set (fractions in 0..1). */
export function summarise(scores) {
  const n = scores.length;
  const count = (key) => scores.filter((s) => s[key]).length;
  const mean = (x) => (n === 0 ? 0 : x / n);
  return {
    queries: n,
    hit1: mean(count('hit1')),
    hit5: mean(count('hit5')),
    all5: mean(count('all5')),
    mrr: mean(scores.reduce((sum, s) => sum + s.rr, 0)),
    noResults: count('noResults'),
    closedSeen: [...new Set(scores.flatMap((s) => s.closedSeen))].sort(),
  };
}

/**
 * Where a summary falls short of its thresholds, as plain sentences (empty when it passes).
 * Thresholds: hit1, hit5, all5, mrr (minimum fractions) and maxNoResults (a count); closed
 * services fail whatever the thresholds say.
 */
export function shortfalls(name, summary, thresholds = {}) {
  const out = [];
  // MRR is printed as a fraction (0.629), the shares as percentages (62.9 %).
  const show = (key, x) => (key === 'mrr' ? x.toFixed(3) : `${(x * 100).toFixed(1)} %`);
  for (const key of ['hit1', 'hit5', 'all5', 'mrr']) {
    if (thresholds[key] === undefined) continue;
    // Compared at the precision the figures are printed with (0.001, i.e. 0.1 point).
    if (Math.round(summary[key] * 1000) < Math.round(thresholds[key] * 1000)) {
      out.push(`${name}: ${key} ${show(key, summary[key])} is below the threshold ${show(key, thresholds[key])}`);
    }
  }
  if (thresholds.maxNoResults !== undefined && summary.noResults > thresholds.maxNoResults) {
    out.push(`${name}: ${summary.noResults} queries with an answer show "No results" (at most ${thresholds.maxNoResults} allowed)`);
  }
  if (summary.closedSeen.length) {
    out.push(`${name}: closed services appear in results: ${summary.closedSeen.join(', ')}`);
  }
  return out;
}

/**
 * Checks a parsed query file against the site's content: `assets` is the set of every asset id,
 * `closed` the set of closed ones. Returns a list of problems (empty when the file is sound).
 */
export function validateQueries(file, queries, assets, closed) {
  const problems = [];
  if (!Array.isArray(queries)) return [`${file}: expected a list of queries under "queries"`];
  const seen = new Set();
  queries.forEach((q, i) => {
    const where = `${file}: query ${i + 1}${q && typeof q.q === 'string' ? ` ("${q.q}")` : ''}`;
    if (!q || typeof q !== 'object') return problems.push(`${where}: not a mapping`);
    for (const key of Object.keys(q)) {
      if (!['q', 'kind', 'expect', 'facets', 'near', 'note'].includes(key)) problems.push(`${where}: unknown field "${key}"`);
    }
    if (typeof q.q !== 'string') problems.push(`${where}: "q" must be text (it may be empty when facets are given)`);
    else if (!q.q.trim() && !q.facets && !q.near) problems.push(`${where}: an empty query needs facets or near`);
    if (!KINDS.includes(q.kind)) problems.push(`${where}: "kind" must be one of ${KINDS.join(', ')}`);
    if (!Array.isArray(q.expect) || q.expect.length < 1 || q.expect.length > MAX_EXPECT) {
      problems.push(`${where}: "expect" must list 1 to ${MAX_EXPECT} asset ids`);
    } else {
      for (const id of q.expect) {
        if (closed.has(id)) problems.push(`${where}: "${id}" is closed and can never be a right answer`);
        else if (!assets.has(id)) problems.push(`${where}: "${id}" is not an asset in content/assets`);
      }
      if (new Set(q.expect).size !== q.expect.length) problems.push(`${where}: "expect" lists a service twice`);
    }
    if (q.facets !== undefined) {
      if (!q.facets || typeof q.facets !== 'object' || Array.isArray(q.facets)) problems.push(`${where}: "facets" must be a mapping`);
      else for (const key of Object.keys(q.facets)) if (!FACETS.includes(key)) problems.push(`${where}: unknown facet "${key}" (known: ${FACETS.join(', ')})`);
    }
    if (q.near !== undefined && (typeof q.near !== 'string' || !q.near.trim())) problems.push(`${where}: "near" must be a postcode or place name`);
    if ((q.kind === 'near') !== (q.near !== undefined)) problems.push(`${where}: a query has "near" exactly when its kind is near`);
    const key = searchAddress(q);
    if (seen.has(key)) problems.push(`${where}: the same query appears twice`);
    seen.add(key);
  });
  return problems;
}

/** The query string of the search page's address for a query: `?q=...&need=...&near=...`. */
export function searchAddress(query) {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  for (const name of FACETS) {
    if (query.facets && query.facets[name] !== undefined) params.set(name, String(query.facets[name]));
  }
  if (query.near) params.set('near', query.near);
  return '?' + params.toString();
}
