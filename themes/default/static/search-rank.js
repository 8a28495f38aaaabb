// Ranking: asks the Pagefind index for one group of results (services, pathways, or guide and
// other pages) and orders them so that a few unlucky words never leave the list empty.
//
// Pagefind returns only records that have every word. When that finds few, each word is also
// searched on its own, and the records that have only some of the words follow, ordered by how
// much of the query they match: a word few records use (such as "rent") counts for more than
// one many use (such as "advice"), and a strong match for a word (in a name, need or summary,
// which Pagefind scores higher) counts for more than a passing mention. Facets apply to every
// search, so they hold for all results. Near a place (near.js), the services come nearest first.

import { sortByDistance } from "./near.js";
import { t } from "./strings.js";

/** Fewer all-words results than this, and records matching some of the words are added. */
const FEW = 5;

export const GROUPS = [
  { id: "services", label: t("js.results.services"), kinds: ["asset"] },
  { id: "pathways", label: t("js.results.pathways"), kinds: ["pathway"] },
  { id: "pages", label: t("js.results.pages"), kinds: ["guide", "page"] },
];

/**
 * Results of one Pagefind search, or none when it fails for this term. A word search tells the
 * kinds apart by the results' ids (page names are `L_TAG_KIND_N`, src/search/index_format.rs)
 * rather than by the kind filter, which lists every page: on a large site it would be the
 * first search's largest fetch after the page names.
 */
async function find(pf, term, filters) {
  const { kind, ...others } = filters;
  const byId = term !== null && Array.isArray(kind?.any);
  const search = await pf.search(term, { filters: byId ? others : filters });
  const results = search ? search.results : [];
  return byId ? results.filter((r) => kind.any.includes(r.id.split("_")[2])) : results;
}

/** The words of a result's content at the positions its search matched, lowercase. */
function matchedWords(data) {
  const positions = (data.weighted_locations || []).map((l) => l.location).concat(data.locations || []);
  const contentWords = String(data.content || "").split(/\s+/);
  return positions.map((p) => (contentWords[p] || "").toLowerCase().replace(/[^\p{L}\p{N}]/gu, ""));
}

/**
 * Which of `words` the index really has, judged from the results shown for them (`shown`: the
 * results' data). Pagefind falls back to a part of a word when it has no match for the whole
 * one ("benifits" finds "parents-to-be", "volunteeing" finds "volunteer"), so a word counts as
 * known only when a word some result matched holds it ("food-bank" holds "bank") or is it less
 * an ending. Judging from the results already loaded for display costs no extra search; a word
 * wrongly thought unknown costs only the vocabulary's fetch, as the vocabulary knows it.
 */
export function knownWords(words, shown) {
  const matched = new Set(shown.flatMap(matchedWords));
  const holds = (word) => [...matched].some((m) => m.includes(word) || (word.startsWith(m) && m.length >= word.length - 2));
  return words.filter(holds);
}

const tagged = (results, full, matched = () => 0) =>
  results.map((r) => ({ id: r.id, data: () => r.data(), full, matched: matched(r), side: 0 }));

/**
 * Counts, on each result, how many of `pairs` (search-words.js, adjacentPairs) its record says
 * word for word (`side`), with one exact-phrase search each: the words already searched are
 * in memory, so this fetches nothing more.
 */
async function countPairs(pf, ranked, pairs, filters) {
  if (pairs.length === 0 || ranked.length === 0) return ranked;
  const found = await Promise.all(pairs.map((p) => find(pf, `"${p}"`, filters)));
  const byId = new Map(ranked.map((r) => [r.id, r]));
  for (const r of found.flat()) if (byId.has(r.id)) byId.get(r.id).side += 1;
  return ranked;
}

/**
 * The group's results in rank order: [{id, data(), full, matched, side}], `full` when the
 * record has every word, `matched` how many of the words it has, `side` how many of `pairs`
 * it says as typed. `words` are the query's words (none: all records the facets allow).
 */
export async function rankGroup(pf, group, words, facets, pairs = []) {
  const filters = { ...facets, kind: { any: group.kinds } };
  if (words.length === 0) return tagged(await find(pf, null, filters), true);
  const all = tagged(await find(pf, words.join(" "), filters), true, () => words.length);
  if (words.length === 1 || all.length >= FEW) return countPairs(pf, all, pairs, filters);
  const each = await Promise.all(words.map((w) => find(pf, w, filters)));
  const seen = new Set(all.map((r) => r.id));
  const partial = new Map();
  each.forEach((results, i) => {
    if (results.length === 0) return;
    // Rarer words weigh more; each word's own best match scores 1.
    const weight = 1 / Math.log2(2 + results.length);
    const top = Math.max(...results.map((r) => r.score)) || 1;
    for (const r of results) {
      if (seen.has(r.id)) continue;
      const entry = partial.get(r.id) || { result: r, score: 0, matched: 0 };
      entry.score += weight * (0.5 + (0.5 * r.score) / top);
      entry.matched += 1;
      partial.set(r.id, entry);
    }
  });
  const rest = [...partial.values()].sort((a, b) => b.score - a.score);
  const matched = new Map(rest.map((e) => [e.result.id, e.matched]));
  return countPairs(pf, [...all, ...tagged(rest.map((e) => e.result), false, (r) => matched.get(r.id))], pairs, filters);
}

/**
 * The services group (from rankGroup) nearest first from `origin`: records with every word
 * still lead those with some, each part sorted by distance. Each item's `miles` is known once
 * its `data()` has been read. A long list is sorted only where the "near" filter finds records
 * around the origin (near.js, sortByDistance).
 */
export async function rankByDistance(pf, ranked, words, facets, origin) {
  const nearby = (cells) => ({ ...facets, kind: { any: ["asset"] }, near: { any: cells } });
  const full = ranked.filter((r) => r.full);
  const partial = ranked.filter((r) => !r.full);
  const query = words.length ? words.join(" ") : null;
  const sortedFull = await sortByDistance(full, origin, (cells) => find(pf, query, nearby(cells)));
  const sortedPartial = await sortByDistance(partial, origin, async (cells) => {
    const found = await Promise.all(words.map((w) => find(pf, w, nearby(cells))));
    const ids = new Set(found.flat().map((r) => r.id));
    return partial.filter((r) => ids.has(r.id));
  });
  for (const r of sortedFull) r.full = true;
  for (const r of sortedPartial) r.full = false;
  return [...sortedFull, ...sortedPartial];
}
