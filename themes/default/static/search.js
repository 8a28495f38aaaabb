// Search page: runs queries on the Pagefind index and shows accessible results.
//
// The form works without this script (a plain GET to this page). With it, results appear as
// the user types, the query and facets live in the address (so a result list can be
// bookmarked or shared), and the result count is announced through a live region. Everything
// happens in the browser: no query leaves this site.

import { currentPosition, formatMiles, resolveNear, sortByDistance } from "./near.js";

const PAGE_SIZE = 20;
const FACETS = ["need", "place", "access", "cost", "language"];
const DEBOUNCE_MS = 120;

const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const ageInput = document.getElementById("facet-age");
const status = document.getElementById("search-status");
const resultsBox = document.getElementById("search-results");

let pagefind = null;
let loading = null;
let generation = 0;
let timer = null;

// --- Near (near.js): "Near" a postcode or place, or "Use my location". ---
const nearInput = document.getElementById("search-near");
const nearMessage = document.getElementById("near-message");
const locateButton = document.getElementById("near-locate");
// The device's position once "Use my location" is pressed: kept in this page only, never in
// the address, so a watched or shared device's history does not show where the person is.
let myLocation = null;

/** Where results are sorted from: `{ lat, lon, label }`, `{ error }`, or null for nowhere. */
async function nearOrigin(state) {
  if (state.near) return resolveNear(form.dataset.near, state.near);
  return myLocation;
}

function showNearMessage(origin) {
  if (origin?.error) nearMessage.textContent = origin.error;
  else if (origin === myLocation && origin) nearMessage.textContent = "Sorted by distance from your location. It is used on this device only and is not saved.";
  else nearMessage.textContent = "";
}

async function useMyLocation() {
  locateButton.disabled = true;
  nearMessage.textContent = "Finding your location…";
  const position = await currentPosition();
  locateButton.disabled = false;
  nearInput.value = "";
  myLocation = position;
  run();
}
// --- end Near ---

function loadPagefind() {
  loading ??= (async () => {
    const pf = await import(form.dataset.bundle + "pagefind.js");
    await pf.options({ excerptLength: 24 });
    await pf.init();
    pagefind = pf;
    return pf;
  })();
  return loading;
}

/** Copies the address's query and facets into the form. */
function restoreFromAddress() {
  const params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  for (const name of FACETS) {
    const select = form.elements[name];
    const value = params.get(name) || "";
    select.value = [...select.options].some((o) => o.value === value) ? value : "";
  }
  ageInput.value = /^\d{1,3}$/.test(params.get("age") || "") ? params.get("age") : "";
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

function writeAddress(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const [name, value] of Object.entries(state.facets)) params.set(name, value);
  if (state.near) params.set("near", state.near);
  const query = params.toString();
  const url = window.location.pathname + (query ? "?" + query : "");
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

function describe(state, count, origin) {
  const parts = [];
  if (state.q) parts.push(`for “${state.q}”`);
  const labels = [];
  for (const name of FACETS) {
    if (state.facets[name]) {
      const select = form.elements[name];
      labels.push(select.options[select.selectedIndex].text);
    }
  }
  if (state.facets.age) labels.push(`age ${state.facets.age}`);
  if (origin?.label) labels.push(`nearest to ${origin.label} first`);
  if (labels.length) parts.push(`(${labels.join(", ")})`);
  const noun = count === 1 ? "result" : "results";
  return `${count === 0 ? "No" : count} ${noun} ${parts.join(" ")}`.trim() + ".";
}

async function run() {
  const state = readForm();
  writeAddress(state);
  const mine = ++generation;
  const origin = await nearOrigin(state).catch(() => ({ error: "Distances are not available right now; results are shown without them." }));
  if (mine !== generation) return;
  showNearMessage(origin);
  const near = origin && !origin.error ? origin : null;
  if (!state.q && Object.keys(state.facets).length === 0 && !near) {
    resultsBox.replaceChildren();
    status.textContent = "";
    return;
  }
  let search;
  let results;
  try {
    const pf = await loadPagefind();
    // "Near" alone lists every service, nearest first.
    const filters = pagefindFilters(state.q || Object.keys(state.facets).length ? state.facets : { kind: "asset" });
    search = await pf.search(state.q || null, { filters });
    const searchNearby = (cells) => pf.search(state.q || null, { filters: { ...filters, near: { any: cells } } }).then((s) => s.results);
    results = near && search ? await sortByDistance(search.results, near, searchNearby) : search?.results;
  } catch (error) {
    if (mine === generation) status.textContent = "Search is not available right now. You can still browse by need or by place.";
    return;
  }
  if (mine !== generation || !search) return;
  const list = document.createElement("ol");
  list.className = "result-list";
  resultsBox.replaceChildren(list);
  await showMore(results, 0, list, mine);
  if (mine !== generation) return;
  status.textContent = describe(state, results.length, near) + (results.length === 0 ? " Try fewer words, another word for the same thing, or fewer filters." : "");
}

/** Renders the next page of results, then offers a button for the rest. */
async function showMore(results, start, list, mine) {
  const slice = results.slice(start, start + PAGE_SIZE);
  const page = await Promise.all(slice.map((r) => r.data()));
  if (mine !== generation) return;
  page.forEach((data, i) => list.append(resultItem(data, slice[i].miles)));
  resultsBox.querySelector(".more-results")?.remove();
  const shown = start + page.length;
  if (shown < results.length) {
    const more = document.createElement("button");
    more.type = "button";
    more.className = "button button-secondary more-results";
    more.textContent = `Show ${Math.min(PAGE_SIZE, results.length - shown)} more of ${results.length - shown} remaining`;
    more.addEventListener("click", async () => {
      const firstNew = list.children.length;
      await showMore(results, shown, list, generation);
      list.children[firstNew]?.querySelector("a")?.focus();
    });
    resultsBox.append(more);
  }
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

/** One result: built with textContent only, so record text can never become markup. */
function resultItem(data, miles) {
  const meta = data.meta || {};
  const item = element("li", "result");
  const heading = element("h2", "result-title");
  const link = element("a", "", meta.title || data.url);
  link.href = data.url;
  heading.append(link);
  item.append(element("p", "result-kind", meta.kind || ""), heading);
  if (typeof miles === "number") item.append(element("p", "result-distance", `${formatMiles(miles)} away`));
  if (meta.summary) item.append(element("p", "result-summary", meta.summary));
  const facts = element("dl", "result-facts");
  for (const [key, label] of [["needs", "Helps with"], ["places", "Where"], ["access", "How to get in"], ["cost", "Cost"], ["age", "Age"]]) {
    if (!meta[key]) continue;
    const row = element("div");
    row.append(element("dt", "", label), element("dd", "", meta[key]));
    facts.append(row);
  }
  if (facts.children.length) item.append(facts);
  if (meta.status) item.append(element("p", "result-status", meta.status));
  return item;
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(run, DEBOUNCE_MS);
  // Fetch the index chunks for the words typed so far while the debounce waits; not for one
  // or two letters, whose chunks are rarely the ones the finished word needs.
  const { q, facets } = readForm();
  const lastWord = q.split(/\s+/).pop() || "";
  if (pagefind && lastWord.length >= 3) pagefind.preload(q, { filters: pagefindFilters(facets) });
}

/** Starts loading the search library as soon as someone is about to search. */
function warmUp() {
  loadPagefind().catch(() => {});
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(timer);
  run();
});
input.addEventListener("focus", warmUp, { once: true });
input.addEventListener("input", schedule);
ageInput.addEventListener("input", schedule);
nearInput.addEventListener("input", () => {
  myLocation = null;
  schedule();
});
locateButton.addEventListener("click", useMyLocation);
locateButton.hidden = false;
for (const name of FACETS) form.elements[name].addEventListener("change", schedule);
window.addEventListener("popstate", () => {
  restoreFromAddress();
  run();
});

restoreFromAddress();
run();
