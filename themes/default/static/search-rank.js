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

/**
 * The groups, each with its records' "kind" filter. Services are the records filed under no
 * kind (src/search/mod.rs): Pagefind's work on every search grows with the records filed under
 * each filter it has loaded times the records the words match, so the kind filter lists only
 * the few records that are not services.
 */
export const GROUPS = [
  { id: "services", label: t("js.results.services"), kind: { none: ["pathway", "guide", "page"] } },
  { id: "pathways", label: t("js.results.pathways"), kind: { any: ["pathway"] } },
  { id: "pages", label: t("js.results.pages"), kind: { any: ["guide", "page"] } },
];

/** How many searches' answers are kept: a query asks for about a dozen, and a long list is large. */
const KEPT_SEARCHES = 16;
/** Each index's answers to searches already made, newest last: [term, filters] → a promise of its results. */
const answered = new WeakMap();

/** Searches asked of the index and not yet answered, and who waits for there to be none. */
let asking = 0;
const waitingForAnswers = [];

/** Whether the index has searches to answer (a newer one would wait behind them). */
export function indexBusy() {
  return asking > 0;
}

/** Resolves once every search asked of the index has been answered. */
export function indexAnswered() {
  return asking === 0 ? Promise.resolve() : new Promise((resolve) => waitingForAnswers.push(resolve));
}

function asked(answer) {
  asking++;
  const done = () => {
    asking--;
    if (asking === 0) for (const resolve of waitingForAnswers.splice(0)) resolve();
  };
  answer.then(done, done);
  return answer;
}

/**
 * Results of one Pagefind search, or none when it fails for this term. A search already made
 * is answered from memory: a corrected query, a facet set back, a word searched alone by
 * another query, or a query typed again ask nothing of the index, whose every search costs
 * time in proportion to the results on a large site.
 */
function ask(pf, term, filters) {
  if (!answered.has(pf)) answered.set(pf, new Map());
  const answers = answered.get(pf);
  const key = JSON.stringify([term, filters]);
  let answer = answers.get(key);
  if (answer) answers.delete(key);
  else answer = asked(pf.search(term, { filters }).then((search) => (search ? search.results : [])));
  answers.set(key, answer);
  // A failed search is tried again next time.
  answer.catch(() => answers.delete(key));
  if (answers.size > KEPT_SEARCHES) answers.delete(answers.keys().next().value);
  return answer;
}

/** A result's kind, from its page name (`L_TAG_KIND_N`, src/search/index_format.rs; "" for a service). */
const kindOf = (result) => result.id.split("_")[2];

/**
 * `ask`, for the records of one group (`filters.kind`). A word search asks without the kind
 * filter and tells the kinds apart by the results' page names, so the three groups share one
 * search per term and Pagefind does not count a filter against a long list of matches.
 */
function find(pf, term, filters) {
  const { kind, ...others } = filters;
  if (term === null || !kind) return ask(pf, term, filters);
  const wanted = kind.any ? (k) => kind.any.includes(k) : (k) => !kind.none.includes(k);
  return ask(pf, term, others).then((results) => results.filter((r) => wanted(kindOf(r))));
}

/**
 * `find` for one word of a query whose words together matched few records of the group. A
 * word alone can match most of a large site ("housing": 9,000 records), and Pagefind's work
 * grows with its matches, while a group other than the services has only a few hundred records:
 * theirs is asked with the kind filter, which costs a few milliseconds where the word's whole
 * list costs hundreds. The services, most of the site, share the search without it.
 */
function findWord(pf, word, filters) {
  if (filters.kind === GROUPS[0].kind) return find(pf, word, filters);
  return ask(pf, word, filters);
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
 * The results of `pairs` (search-words.js, adjacentPairs) as phrases, one exact-phrase search
 * each: the words searched alongside are in memory, so this fetches nothing more.
 */
function findPairs(pf, pairs, filters) {
  return Promise.all(pairs.map((p) => find(pf, `"${p}"`, filters)));
}

/**
 * Counts, on each result, how many of the pairs (`found`: findPairs) its record says word for
 * word (`side`).
 */
function countPairs(ranked, found) {
  if (ranked.length === 0) return ranked;
  const byId = new Map(ranked.map((r) => [r.id, r]));
  for (const results of found) for (const r of results) if (byId.has(r.id)) byId.get(r.id).side += 1;
  return ranked;
}

/**
 * The group's results in rank order: [{id, data(), full, matched, side}], `full` when the
 * record has every word, `matched` how many of the words it has, `side` how many of `pairs`
 * it says as typed. `words` are the query's words (none: all records the facets allow).
 * `live()` says whether the query is still wanted: once it is not, nothing more is asked and
 * the result is empty.
 */
export async function rankGroup(pf, group, words, facets, pairs = [], live = () => true) {
  const filters = { ...facets, kind: group.kind };
  if (words.length === 0) return tagged(await find(pf, null, filters), true);
  // Pagefind answers one search at a time (in its worker), so asking the next search only once
  // the words' search is answered costs no time, and a query replaced meanwhile by a newer one
  // (typing on) asks no more: its phrase searches, the dearest, would hold up the newer query's.
  const allFound = await find(pf, words.join(" "), filters);
  if (!live()) return [];
  const all = tagged(allFound, true, () => words.length);
  const fewFound = words.length > 1 && all.length < FEW;
  // A record that says a pair has both its words: of two words, only one with every word can.
  const pairsSaid = words.length > 2 || all.length > 0;
  const [pairsFound, each] = await Promise.all([
    pairsSaid ? findPairs(pf, pairs, filters) : [],
    fewFound ? Promise.all(words.map((w) => findWord(pf, w, filters))) : [],
  ]);
  if (!fewFound) return countPairs(all, pairsFound);
  const seen = new Set(all.map((r) => r.id));
  const partial = new Map();
  each.forEach((results, i) => {
    if (results.length === 0) return;
    // Rarer words weigh more; each word's own best match scores 1.
    const weight = 1 / Math.log2(2 + results.length);
    // Pagefind lists the best first; a loop, as a spread of a long list overflows the stack.
    const top = results.reduce((best, r) => Math.max(best, r.score), 0) || 1;
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
  return countPairs([...all, ...tagged(rest.map((e) => e.result), false, (r) => matched.get(r.id))], pairsFound);
}

/**
 * The services group (from rankGroup) nearest first from `origin`: records with every word
 * still lead those with some, each part sorted by distance. Each item's `miles` is known once
 * its `data()` has been read. A long list is sorted only where the "near" filter finds records
 * around the origin (near.js, sortByDistance).
 */
export async function rankByDistance(pf, ranked, words, facets, origin) {
  const nearby = (cells) => ({ ...facets, kind: GROUPS[0].kind, near: { any: cells } });
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
