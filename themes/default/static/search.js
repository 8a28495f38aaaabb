// Search page: reads the query, asks the Pagefind index, and shows results people can act on.
//
// The form works without this script (a plain GET to this page). With it, results appear as
// the user types, the query and facets live in the address (so a result list can be bookmarked
// or shared), and the result count is announced through a live region. On the way the query is
// read forgivingly: small words never block a match (search-words.js), a place named in it
// becomes the place filter, shown as a chip that can be removed, a misspelt word is corrected
// against the site's vocabulary (search-spelling.js), and records that match only some words
// still follow those that match all (search-rank.js). Results come in groups, services first
// (search-results.js). "Near" a postcode or place, or "Use my location", sorts the services by
// distance and shows how far each is (near.js). Everything happens in the browser: no query
// leaves this site. A search begun on a sensitive page, or on a site that keeps searches out
// of the address, has its words handed over and kept out of the address (search-traces.js).
// A search is never a dead end: a word no known word is near enough to is read more loosely
// ("bereev" as "bereaved"); under filters, a search that finds nothing lists every service the
// filters allow, said to be that; and one that still finds nothing says so with links to
// browse by need.

import { MAX_QUERY_CHARS, joinPhrases, parseEveryday, readQuery, words as queryWords } from "./search-words.js";
import { correctWords, loadVocabulary, looselyCorrected } from "./search-spelling.js";
import { GROUPS, indexAnswered, indexBusy, knownWords, rankByDistance, rankGroup } from "./search-rank.js";
import { currentPosition, resolveNear } from "./near.js";
import { firstPage, showGroups } from "./search-results.js";
import { quietSearch, takeHandedOverSearch } from "./search-traces.js";
import { parts as textParts, t } from "./strings.js";

const FACETS = ["need", "place", "access", "cost", "language"];
/**
 * Longest a search waits behind the one under way (which a newer keystroke stops at its next
 * step), and how long a pause a last word of fewer than SEARCHED_LETTERS waits for.
 */
const DEBOUNCE_MS = 120;
/**
 * Letters the word being typed needs before it is searched at once. Shorter starts ("h", "ho",
 * "a") are searched only after a pause: each fetches an index chunk that the finished word
 * rarely needs, while from three letters on the chunk is mostly the finished word's own.
 */
const SEARCHED_LETTERS = 3;
/** How much of a long query the status line repeats. */
const SHOWN_QUERY_CHARS = 80;

const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const ageInput = document.getElementById("facet-age");
const status = document.getElementById("search-status");
const resultsBox = document.getElementById("search-results");
const chips = document.getElementById("search-chips");
const correction = document.getElementById("search-correction");
const help = document.getElementById("search-help");
const browseNeeds = document.getElementById("search-browse-needs");
const facetsBox = document.getElementById("search-facets");
const nearField = document.getElementById("search-near-field");
const filtersToggle = document.getElementById("filters-toggle");
const pageHead = document.querySelector(".page-head");
const placeSelect = form.elements.place;
const places = [...placeSelect.options].filter((o) => o.value).map((o) => ({ id: o.value, name: o.text }));
const nearInput = document.getElementById("search-near");
const nearMessage = document.getElementById("near-message");
const locateButton = document.getElementById("near-locate");

let pagefind = null;
let loading = null;
let generation = 0;
let timer = null;
/** The query text for which the reader removed the place chip: its place words stay words. */
let placeDismissedFor = null;
/** Set by "Search instead for …": the words as typed, uncorrected. */
let exact = false;
// The device's position once "Use my location" is pressed: kept in this page only, never in
// the address, so a watched or shared device's history does not show where the person is.
let myLocation = null;

function loadPagefind() {
  loading ??= (async () => {
    const pf = await import(form.dataset.bundle + "pagefind.js");
    await pf.options({ excerptLength: 24 });
    await pf.init();
    // A search with no words (facets alone) is filtered by kind (search-rank.js, find): that
    // filter's file, a few bytes, is fetched while the page loads, not after the first choice.
    pf.preload(null, { filters: { kind: GROUPS[0].kind } }).catch(() => {});
    pagefind = pf;
    return pf;
  })();
  return loading;
}

let everydayLoading = null;

/** The everyday words list (search-words.js, parseEveryday); empty if it cannot be fetched. */
function loadEveryday() {
  const url = new URL("../search/everyday.txt", new URL(form.dataset.bundle, window.location.href));
  everydayLoading ??= fetch(url)
    .then((r) => (r.ok ? r.text() : ""))
    .catch(() => "")
    .then(parseEveryday);
  return everydayLoading;
}

/** Copies the address's query and facets into the form. */
function restoreFromAddress() {
  const params = new URLSearchParams(takeHandedOverSearch() ?? window.location.search);
  input.value = params.get("q") || "";
  for (const name of FACETS) {
    const select = form.elements[name];
    const value = params.get(name) || "";
    select.value = [...select.options].some((o) => o.value === value) ? value : "";
  }
  ageInput.value = /^\d{1,3}$/.test(params.get("age") || "") ? params.get("age") : "";
  exact = params.get("exact") === "1";
  nearInput.value = (params.get("near") || "").slice(0, 100);
}

/** The form's state: the text query and the chosen facets. */
function readForm() {
  const state = { q: input.value.trim(), facets: {}, near: nearInput.value.trim() };
  for (const name of FACETS) {
    if (form.elements[name].value) state.facets[name] = form.elements[name].value;
  }
  const age = ageInput.value.trim();
  if (/^\d{1,3}$/.test(age)) state.facets.age = String(Math.min(Number(age), Number(ageInput.max)));
  return state;
}

function address(state, asTyped) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const [name, value] of Object.entries(state.facets)) params.set(name, value);
  if (state.near) params.set("near", state.near);
  if (asTyped) params.set("exact", "1");
  const query = params.toString();
  return window.location.pathname + (query ? "?" + query : "");
}

function writeAddress(state) {
  const url = quietSearch() ? window.location.pathname : address(state, exact);
  if (url !== window.location.pathname + window.location.search) history.replaceState(null, "", url);
}

function pagefindFilters(facets) {
  const filters = {};
  for (const [name, value] of Object.entries(facets)) {
    // Records open to all ages are filed under "all-ages"; restricted ones under each age.
    filters[name] = name === "age" ? { any: ["all-ages", value] } : value;
  }
  return filters;
}

function shown(q) {
  return q.length > SHOWN_QUERY_CHARS ? q.slice(0, SHOWN_QUERY_CHARS) + "…" : q;
}

/** The text of the option chosen in the filter `name`. */
function chosen(name) {
  const select = form.elements[name];
  return select.options[select.selectedIndex].text;
}

/** The status line. `searched` is the query as searched: corrected, when it was. */
function describe(state, searched, count, place, origin) {
  const parts = [];
  if (state.q) parts.push(t("js.search.for", { query: shown(searched) }));
  const labels = FACETS.filter((name) => state.facets[name]).map(chosen);
  if (place) labels.push(t("js.search.in_place", { place: place.name }));
  if (state.facets.age) labels.push(t("js.search.age", { age: state.facets.age }));
  if (origin) labels.push(t("js.search.nearest", { origin: origin.label }));
  if (labels.length) parts.push(`(${labels.join(", ")})`);
  const details = parts.length ? ` ${parts.join(" ")}` : "";
  return count === 0 ? t("js.search.no_results", { details }) : t("js.search.results", { count, details });
}

/** Active filters (Near among them), for the "Filters (n)" button. */
function updateFiltersToggle(state) {
  const n = Object.keys(state.facets).length + (state.near || (myLocation && !myLocation.error) ? 1 : 0);
  filtersToggle.textContent = n ? t("js.search.filters_count", { count: n }) : t("js.search.filters");
}

/** The place chip: the place named in the query, with a button that removes it. */
function showPlaceChip(place, q) {
  chips.replaceChildren();
  if (!place) return;
  const chip = document.createElement("button");
  chip.type = "button";
  chip.className = "chip";
  chip.setAttribute("aria-label", t("js.search.remove_place", { place: place.name }));
  const label = document.createElement("span");
  label.textContent = t("js.search.place_chip", { place: place.name });
  const cross = document.createElement("span");
  cross.setAttribute("aria-hidden", "true");
  cross.textContent = "×";
  chip.append(label, cross);
  chip.addEventListener("click", () => {
    placeDismissedFor = q;
    input.focus();
    searchNow();
  });
  chips.append(chip);
}

/**
 * "Showing results for benefits. Search instead for benifits", or nothing. Returns the query
 * as searched, for the status line: it names the corrected words, so the correction is
 * announced without the line repeating it.
 */
function showCorrection(state, replaced) {
  correction.replaceChildren();
  if (replaced.length === 0) return state.q;
  let fixed = queryWords(state.q).join(" ");
  for (const [from, to] of replaced) fixed = (" " + fixed + " ").replace(` ${from} `, ` ${to} `).trim();
  const strong = document.createElement("strong");
  strong.textContent = fixed;
  const link = document.createElement("a");
  link.href = address(state, true);
  const em = document.createElement("em");
  em.textContent = shown(state.q);
  link.append(em);
  correction.append(...textParts("js.search.showing_for", { corrected: strong, typed: link }));
  return fixed;
}

const vocabularyAddress = () => new URL("../search/vocabulary.txt", new URL(form.dataset.bundle, window.location.href)).href;

/**
 * The query's words corrected against the vocabulary, where `known` (those the index has)
 * lacks them. Returns `{ words, replaced }`.
 */
async function corrected(wordsToSearch, known) {
  const vocabulary = await loadVocabulary(vocabularyAddress());
  const isKnown = (w) => known.has(w);
  const fixed = correctWords(wordsToSearch, isKnown, vocabulary);
  // A word still unknown may be cut short, or slipped further ("bereev" is "bereaved").
  const loose = looselyCorrected(fixed.words, isKnown, vocabulary);
  // A word neither the index nor the vocabulary knows would only match parts of other words.
  const usable = loose.words.filter((w) => known.has(w) || vocabulary.has(w));
  return { words: usable.length ? usable : loose.words, replaced: [...fixed.replaced, ...loose.replaced] };
}

/** Where results are sorted from: `{ lat, lon, label }`, `{ error }`, or null for nowhere. */
async function nearOrigin(state) {
  if (state.near) return resolveNear(form.dataset.near, state.near);
  return myLocation;
}

function showNearMessage(origin) {
  if (origin?.error) {
    // A folded Near field would hide what is wrong with it.
    setFolded(false);
    nearMessage.textContent = origin.error;
  }
  else if (origin && origin === myLocation) nearMessage.textContent = t("js.near.sorted_from_location");
  else nearMessage.textContent = "";
}

async function useMyLocation() {
  locateButton.disabled = true;
  nearMessage.textContent = t("js.near.finding");
  const position = await currentPosition();
  locateButton.disabled = false;
  nearInput.value = "";
  myLocation = position;
  searchNow();
}

/**
 * The groups' results, each group's a promise: services nearest first when there is an origin
 * (Near alone lists only services, as only they have a place), pathways and pages in their own
 * order.
 */
function rankGroups(pf, words, pairs, filters, near, hasQuery, isCurrent) {
  return GROUPS.map(async (group) => {
    let results = hasQuery || group.id === "services" ? await rankGroup(pf, group, words, filters, pairs, isCurrent) : [];
    const byDistance = Boolean(near) && group.id === "services";
    if (byDistance) results = await rankByDistance(pf, results, words, filters, near);
    return { group, results, byDistance };
  });
}

/**
 * Searches for `words` (and the query's `pairs` of words side by side, to rank by) and loads
 * the first page of each group. The words are searched as typed first, as they nearly always
 * are right: only when the results show that the index lacks a word is it corrected (unless
 * the reader said not to), its phrases (`phrases`) joined again, and the search made again.
 * `early(group, page)` is told of the services as soon as they are ready, while the other
 * groups are still searched. Returns
 * `{ groups, pages, spelling: { words, replaced } }`, or null once a newer search has begun.
 */
async function search(words, pairs, phrases, filters, near, hasQuery, isCurrent, early) {
  const pf = await loadPagefind();
  if (!isCurrent()) return null;
  const found = async (spelling, onServices) => {
    const loading = rankGroups(pf, spelling.words, pairs, filters, near, hasQuery, isCurrent).map(async (ranked) => {
      const group = await ranked;
      return { group, page: isCurrent() ? await firstPage(group) : [] };
    });
    if (onServices) loading[0].then(({ group, page }) => isCurrent() && onServices(group, page)).catch(() => {});
    const loaded = await Promise.all(loading);
    if (!isCurrent()) return null;
    return { groups: loaded.map((l) => l.group), pages: loaded.map((l) => l.page), spelling };
  };
  const allKnown = (pages) => exact || words.length === 0 || knownWords(words, pages).length === words.length;
  const asTyped = await found({ words, replaced: [] }, (group, page) => allKnown(page) && early(group, page));
  if (!asTyped || allKnown(asTyped.pages.flat())) return asTyped;
  const known = new Set(knownWords(words, asTyped.pages.flat()));
  const spelling = await corrected(words, known);
  if (!isCurrent()) return null;
  // "mentle health" corrected is the everyday phrase "mental health".
  spelling.words = joinPhrases(spelling.words, phrases);
  if (spelling.words.join(" ") === words.join(" ")) return { ...asTyped, spelling };
  return found(spelling);
}

const totalOf = (found) => found.groups.reduce((n, g) => n + g.results.length, 0);

/**
 * Under filters, a search (`found`, search()'s answer) that found nothing, even with its
 * words corrected: every service the filters allow (nearest first, near an origin), marked
 * `within` so that the page says that none of them has the words. Runs only once nothing was
 * found, so a search that finds something costs nothing more. Returns an answer like
 * search()'s, `found` itself when the filters allow no service, or null once a newer search
 * has begun.
 */
async function fallback(found, words, filters, near, isCurrent) {
  if (words.length === 0 || Object.keys(filters).length === 0) return found;
  const pf = await loadPagefind();
  let results = await rankGroup(pf, GROUPS[0], [], filters, [], isCurrent);
  if (near) results = await rankByDistance(pf, results, [], filters, near);
  if (!isCurrent()) return null;
  if (results.length === 0) return found;
  const services = { group: GROUPS[0], results, byDistance: Boolean(near) };
  const page = await firstPage(services);
  return isCurrent() ? { groups: [services], pages: [page], spelling: { words: [], replaced: [] }, within: true } : null;
}

/** The query's text less a place named in it (`place`, from readQuery): its words to search anywhere. */
function withoutPlace(q, place) {
  if (!place) return q;
  const tokens = queryWords(q);
  return [...tokens.slice(0, place.start), ...tokens.slice(place.end)].join(" ");
}

/**
 * The filters in words, to say where a search looked: "for “Food” in Northgate marked “Free”".
 * `place` is a place named in the query (readQuery), which stands for the Place filter.
 */
function scopeOf(facets, place) {
  const parts = [];
  if (facets.need) parts.push(t("js.search.scope_need", { need: chosen("need") }));
  if (place || facets.place) parts.push(t("js.search.scope_place", { place: place ? place.name : chosen("place") }));
  for (const name of ["access", "cost"]) if (facets[name]) parts.push(t("js.search.scope_marked", { value: chosen(name) }));
  if (facets.age) parts.push(t("js.search.scope_age", { age: facets.age }));
  if (facets.language) parts.push(t("js.search.scope_language", { language: chosen("language") }));
  return parts.join(" ");
}

/** The status line of a search whose words no service within the filters has (fallback's `within`). */
function describeWithin(words, scope, count, origin) {
  const said = [t("js.search.none_within", { scope, query: shown(words) }), t("js.search.all_within", { scope, count })];
  if (origin) said.push(t("js.search.nearest_first", { origin: origin.label }));
  return said.join(" ");
}

/**
 * Under the status line, what to do next when a search found nothing, or found only what the
 * filters allow: a link that searches the words without the filters (keeping Near), and when
 * nothing at all is shown, links to browse by need. The link works in the page, so a search
 * kept out of the address stays out of it. `filtered`: a filter or a place in the query is on.
 */
function showHelp(state, words, filtered, within, total) {
  help.replaceChildren();
  if (words && filtered && (within || total === 0)) {
    const unfiltered = { q: words, facets: {}, near: state.near };
    const link = document.createElement("a");
    link.href = quietSearch() ? window.location.pathname : address(unfiltered, exact);
    link.textContent = t("js.search.without_filters", { query: shown(words) });
    link.addEventListener("click", (event) => {
      event.preventDefault();
      input.value = words;
      for (const name of FACETS) form.elements[name].value = "";
      ageInput.value = "";
      input.focus();
      searchNow();
    });
    const line = document.createElement("p");
    line.append(link);
    help.append(line);
  }
  if (total > 0 || within) return;
  const intro = document.createElement("p");
  intro.textContent = t("js.search.browse_needs");
  help.append(intro, browseNeeds.content.cloneNode(true));
}

async function run() {
  const state = readForm();
  writeAddress(state);
  updateFiltersToggle(state);
  const mine = ++generation;
  const isCurrent = () => mine === generation;
  const origin = await nearOrigin(state).catch(() => ({ error: t("js.near.unavailable") }));
  if (!isCurrent()) return;
  showNearMessage(origin);
  const near = origin && !origin.error ? origin : null;
  const hasQuery = Boolean(state.q || Object.keys(state.facets).length);
  pageHead?.classList.toggle("is-searching", hasQuery || Boolean(near));
  if (!hasQuery && !near) {
    resultsBox.replaceChildren();
    chips.replaceChildren();
    correction.replaceChildren();
    help.replaceChildren();
    status.textContent = "";
    resultsBox.dataset.done = "";
    return;
  }
  if (placeDismissedFor !== null && placeDismissedFor !== state.q) placeDismissedFor = null;
  const keepPlace = placeDismissedFor !== null || Boolean(state.facets.place);
  if (state.q) warmUp();
  const everyday = state.q ? await loadEveryday() : parseEveryday("");
  if (!isCurrent()) return;
  const read = readQuery(state.q, keepPlace ? [] : places, false, everyday.phrases);
  const facets = { ...state.facets };
  if (read.place) facets.place = read.place.id;
  const termsOf = (words) => words.map((w) => [w, ...(everyday.means.get(w) || [])]);
  // Services, the group most looked for, are drawn as soon as they are ready (when no word
  // needs correcting); the other groups follow them.
  let servicesShown = null;
  const early = (group, page) => {
    showGroups(resultsBox, [group], [page], termsOf(read.words), everyday.needs, isCurrent, false, read.place?.name);
    servicesShown = group;
  };
  const filters = pagefindFilters(facets);
  let found;
  try {
    found = await search(read.words, read.pairs, everyday.phrases, filters, near, hasQuery, isCurrent, early);
    if (found && totalOf(found) === 0) found = await fallback(found, read.words, filters, near, isCurrent);
  } catch (error) {
    if (isCurrent()) {
      help.replaceChildren();
      status.textContent = t("js.search.unavailable");
    }
    return;
  }
  if (!found) return;
  const { groups, pages, spelling, within } = found;
  const total = totalOf(found);
  showGroups(resultsBox, groups, pages, termsOf(spelling.words), everyday.needs, isCurrent, servicesShown === groups[0], read.place?.name);
  showPlaceChip(read.place, state.q);
  const searched = showCorrection(state, spelling.replaced);
  const words = withoutPlace(state.q, read.place);
  const filtered = Object.keys(facets).length > 0;
  if (within) status.textContent = describeWithin(words, scopeOf(state.facets, read.place), total, near);
  else {
    const hint = total === 0 ? ` ${t(filtered ? "js.search.try_fewer" : "js.search.check_spelling")}` : "";
    status.textContent = describe(state, searched, total, read.place, near) + hint;
  }
  showHelp(state, words, filtered, within, total);
  // tests/search-quality and the browser tests wait for this: results for exactly this query are shown.
  resultsBox.dataset.done = state.q;
}

/**
 * A change to the query: the search under way is for words no longer wanted, so it stops at its
 * next step, and the new one begins at once, as a wait after the last keystroke is all delay.
 * Only while the index is still answering the older search's last request does the new one
 * wait, for that answer, so that fast typing does not pile searches up in the index; and a word
 * just begun (fewer than SEARCHED_LETTERS letters) waits for a pause in typing.
 */
function schedule() {
  const { q } = readForm();
  const lastWord = q.slice(0, MAX_QUERY_CHARS).split(/\s+/).pop() || "";
  if (lastWord && [...lastWord].length < SEARCHED_LETTERS) afterPause();
  else searchNow();
}

/** A change that needs no more typing (a facet, the place chip, a location): searched now. */
function searchNow() {
  generation++;
  start();
}

/**
 * A change searched once typing pauses: in the age and Near fields, whose text means little
 * until it is whole ("H" of "HB4 1DB" would only say the place is unknown), and a query whose
 * last word is just begun.
 */
function afterPause() {
  generation++;
  clearTimeout(timer);
  timer = setTimeout(start, DEBOUNCE_MS);
}

/** Runs a search now, or once the index has answered the searches asked before (DEBOUNCE_MS at most). */
function start() {
  clearTimeout(timer);
  if (!indexBusy()) return begin();
  // Meanwhile the index chunk of the word being typed is fetched (those before it were searched).
  const typed = readQuery(readForm().q, places).words.at(-1) || "";
  if (pagefind && [...typed].length >= SEARCHED_LETTERS) pagefind.preload(typed).catch(() => {});
  // Whichever comes first begins the search (run() moves `generation` on); a newer change
  // moves it on too, and this wait is then over.
  const waiting = generation;
  indexAnswered().then(() => waiting === generation && begin());
  timer = setTimeout(begin, DEBOUNCE_MS);
}

/** Searches for the form as it is now. */
function begin() {
  clearTimeout(timer);
  run();
}

/** Starts loading the search library as soon as someone is about to search. */
function warmUp() {
  loadPagefind().catch(() => {});
  loadEveryday();
}

function setFolded(folded) {
  for (const box of [nearField, facetsBox]) box.classList.toggle("is-folded", folded);
  filtersToggle.setAttribute("aria-expanded", String(!folded));
}

/**
 * On a narrow screen Near and the facets fold behind "Filters (n)", so the first result is in
 * view.
 */
function setUpFiltersToggle() {
  filtersToggle.hidden = false;
  setFolded(true);
  filtersToggle.addEventListener("click", () => setFolded(!facetsBox.classList.contains("is-folded")));
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  searchNow();
});
input.addEventListener("focus", warmUp, { once: true });
input.addEventListener("input", () => {
  exact = false;
  schedule();
});
ageInput.addEventListener("input", afterPause);
nearInput.addEventListener("input", () => {
  myLocation = null;
  afterPause();
});
locateButton.addEventListener("click", useMyLocation);
locateButton.hidden = false;
for (const name of FACETS) form.elements[name].addEventListener("change", searchNow);
window.addEventListener("popstate", () => {
  restoreFromAddress();
  searchNow();
});

setUpFiltersToggle();
restoreFromAddress();
begin();
