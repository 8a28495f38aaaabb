// My Support Map: where the map is kept, for how long, and the few things every page does
// with it (add, remove, undo, announce).
//
// The map lives only in this browser, under a key of its own for each site (several sites can
// share one host below different paths). The worker chooses how long this device keeps it:
// this visit only (sessionStorage, the default, so a shared computer forgets it when the tab
// or browser is closed), 30 days after the last change, or until someone clears it (both in
// localStorage). A map past its 30 days is deleted the next time any page of the site reads it.
//
// The map holds record ids in order, the name each record had when it was added (so a record
// that is later closed can still be named), the route that added it, a note and a next step
// per item, and the person's own words: a title, what matters to them, their strengths and
// who is helping them. Nothing here talks to a server except to read the site's own pages.

import { t } from "./strings.js";

/** The site's address: this file lives in <site>/static/. */
const SITE_ROOT = new URL("../", import.meta.url);
const BASE = SITE_ROOT.pathname;
/** Where the pages in this page's language are: the site's root, or on a site in several
 * languages the home the page names (`<html data-home="/cy/">`, from addresses.rs), so a map
 * built on the English pages reads each card, and links, in Welsh on the Welsh pages. The map
 * itself is one per site, kept by id whatever the language. */
export const HOME = new URL(document.documentElement.dataset.home || BASE, SITE_ROOT);

const KEY = `supportmap:${BASE}:my-map`;
const CHANGE = "supportmap:my-map-change";
const MAX_ITEMS = 100;
const DAY = 24 * 60 * 60 * 1000;
export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** How long the undo of a removal stays on offer. */
export const UNDO_MS = 10_000;

/** The choices of how long this device keeps the map; the first is the default. */
export const KEEPS = {
  visit: { storage: "sessionStorage", days: null },
  "30-days": { storage: "localStorage", days: 30 },
  "until-cleared": { storage: "localStorage", days: null },
};
/** The person's own words about themselves, besides the title, in the order shown. */
export const WORDS = ["matters", "strengths", "helpers"];
export const LIMITS = { title: 80, matters: 1000, strengths: 1000, helpers: 500, note: 500, next: 200 };

const memory = { sessionStorage: null, localStorage: null }; // when the browser refuses storage
let storageWorks = true;
let expiredNow = false;

function store(name) {
  return storageWorks ? window[name] : null;
}

try {
  for (const name of ["sessionStorage", "localStorage"]) {
    const probe = `${KEY}:probe`;
    window[name].setItem(probe, "1");
    window[name].removeItem(probe);
  }
} catch {
  storageWorks = false;
}
/** False when the browser will not keep the map (storage disabled or full). */
export const canStore = () => storageWorks;

export function emptyMap() {
  return { title: "", matters: "", strengths: "", helpers: "", items: [] };
}

const text = (value, limit) => (typeof value === "string" ? value.slice(0, limit) : "");

/** Accepts only the shape this file writes; anything else reads as an empty map. */
export function clean(data) {
  const map = emptyMap();
  if (!data || typeof data !== "object") return map;
  map.title = text(data.title, LIMITS.title);
  for (const word of WORDS) map[word] = text(data[word], LIMITS[word]);
  const seen = new Set();
  for (const item of Array.isArray(data.items) ? data.items : []) {
    if (!item || typeof item.id !== "string" || !ID_PATTERN.test(item.id) || seen.has(item.id)) continue;
    seen.add(item.id);
    map.items.push({
      id: item.id,
      name: text(item.name, 200),
      note: text(item.note, LIMITS.note),
      next: text(item.next, LIMITS.next),
      route: typeof item.route === "string" && ID_PATTERN.test(item.route) ? item.route : "",
    });
    if (map.items.length >= MAX_ITEMS) break;
  }
  return map;
}

function load(name) {
  try {
    const raw = storageWorks ? store(name).getItem(KEY) : memory[name];
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

function save(name, record) {
  const raw = record ? JSON.stringify(record) : null;
  if (storageWorks) {
    try {
      if (raw) store(name).setItem(KEY, raw);
      else store(name).removeItem(KEY);
      return;
    } catch {
      storageWorks = false; // full or refused: keep it in this page from now on
    }
  }
  memory[name] = raw;
}

/** The stored record: `{keep, chosen, saved, map}`. A map older than its 30 days is deleted
 * here, and `expired()` then says so. A map from before the choice existed (a bare map in
 * localStorage) counts as kept until cleared. */
function record() {
  const local = load("localStorage");
  if (local && typeof local === "object") {
    const keep = KEEPS[local.keep] ? local.keep : Array.isArray(local.items) ? "until-cleared" : null;
    if (keep && keep !== "visit") {
      const days = KEEPS[keep].days;
      const saved = Number(local.saved) || Date.now();
      if (days && Date.now() - saved > days * DAY) {
        save("localStorage", null);
        expiredNow = true;
      } else {
        return { keep, chosen: local.keep ? Boolean(local.chosen) : true, saved, map: clean(local.map || local) };
      }
    }
  }
  const session = load("sessionStorage");
  if (session && typeof session === "object" && session.keep === "visit") {
    return { keep: "visit", chosen: Boolean(session.chosen), saved: Number(session.saved) || Date.now(), map: clean(session.map) };
  }
  return { keep: "visit", chosen: false, saved: Date.now(), map: emptyMap() };
}

function isEmpty(map) {
  return !map.items.length && !map.title && WORDS.every((w) => !map[w]);
}

function put(next) {
  const where = KEEPS[next.keep].storage;
  const other = where === "localStorage" ? "sessionStorage" : "localStorage";
  const keepNothing = isEmpty(next.map) && !next.chosen;
  save(where, keepNothing ? null : { keep: next.keep, chosen: next.chosen, saved: Date.now(), map: clean(next.map) });
  save(other, null);
  window.dispatchEvent(new CustomEvent(CHANGE));
}

export function read() {
  return record().map;
}

export function write(map) {
  put({ ...record(), map });
}

/** How long this device keeps the map: `{keep, chosen, saved, days}`. */
export function keeping() {
  const { keep, chosen, saved } = record();
  return { keep, chosen, saved, days: KEEPS[keep].days, storage: KEEPS[keep].storage };
}

/** Keeps the map as the worker chose, moving it to the storage that choice uses. */
export function setKeeping(keep) {
  if (!KEEPS[keep]) return;
  put({ ...record(), keep, chosen: true });
}

/** True once, after a map past its time was deleted. */
export function expired() {
  record();
  const was = expiredNow;
  expiredNow = false;
  return was;
}

/** Deletes the map, the person's words and the choice of how long to keep them. Returns what
 * was there, for `restoreAll`. */
export function clearAll() {
  const before = record();
  save("localStorage", null);
  save("sessionStorage", null);
  window.dispatchEvent(new CustomEvent(CHANGE));
  return before;
}

/** Puts back what `clearAll` returned. */
export function restoreAll(before) {
  put(before);
}

/** Calls `listener` whenever the map changes, here or in another tab of the same site. */
export function onChange(listener) {
  window.addEventListener(CHANGE, listener);
  window.addEventListener("storage", (event) => {
    if (event.key === KEY || event.key === null) listener();
  });
}

export const has = (id) => read().items.some((item) => item.id === id);

/** Adds `{id, name}` entries at the end, skipping ones already in; `route` names the pathway
 * that added them, so removing the route later removes only these. Returns the ids added. */
export function add(entries, route = "") {
  const map = read();
  const added = [];
  for (const { id, name } of entries) {
    if (map.items.some((item) => item.id === id) || map.items.length >= MAX_ITEMS) continue;
    map.items.push({ id, name: name || "", note: "", next: "", route });
    added.push(id);
  }
  write(map);
  return added;
}

/** Removes the items with these ids; returns them with their places, for `restore`. */
export function remove(ids) {
  const map = read();
  const removed = [];
  map.items.forEach((item, index) => {
    if (ids.includes(item.id)) removed.push({ index, item });
  });
  map.items = map.items.filter((item) => !ids.includes(item.id));
  write(map);
  return removed;
}

/** Puts removed items back where they were, notes and all (skipping any added again since). */
export function restore(removed) {
  const map = read();
  for (const { index, item } of [...removed].sort((a, b) => a.index - b.index)) {
    if (map.items.some((i) => i.id === item.id)) continue;
    map.items.splice(Math.min(index, map.items.length), 0, item);
  }
  write(map);
}

/** "1 service" / "3 services", in the site's language. */
export const services = (n) => t("js.my_map.services", { count: n });

/** The card the build puts in a record's page in this page's language (a JSON data block);
 * null when the record is no longer listed. */
export async function fetchCard(kind, id) {
  const response = await fetch(new URL(`${kind === "pathway" ? "pathways" : "assets"}/${id}/`, HOME), {
    credentials: "same-origin",
  });
  if (response.status === 404 || response.status === 410) return null;
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const block = page.getElementById("my-map-card");
  if (!block) throw new Error("the page has no My Support Map card");
  return JSON.parse(block.textContent);
}

/** The warning shown wherever a sensitive service is added, printed or shared. */
export function sensitiveWarning(names) {
  const which = names.length === 1 ? names[0] : t("js.my_map.sensitive_several", { count: names.length, names: names.join(", ") });
  return t("js.my_map.sensitive", { which });
}

/** The page's polite live region for map changes; made early, as screen readers only
 * announce changes to a region they already know. */
export function liveRegion() {
  let region = document.getElementById("my-map-live");
  if (!region) {
    region = document.createElement("div");
    region.id = "my-map-live";
    region.className = "visually-hidden";
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    region.setAttribute("aria-atomic", "true");
    (document.querySelector("main") || document.body).append(region);
  }
  return region;
}

/** Says `text` through the live region. */
export function announce(words) {
  const region = liveRegion();
  // A change of text is what screen readers announce: empty it first, so the same message
  // twice in a row is still read.
  region.textContent = "";
  setTimeout(() => {
    region.textContent = words;
  }, 50);
}

let undoing = null; // {bar, timer, fallback}

function closeUndo() {
  if (!undoing) return;
  const { bar, timer, fallback } = undoing;
  undoing = null;
  clearTimeout(timer);
  const hadFocus = bar.contains(document.activeElement);
  bar.hidden = true;
  bar.replaceChildren();
  if (hadFocus) fallback()?.focus();
}

/**
 * Offers Undo for 10 seconds in a bar at the foot of the window, says so through the live
 * region and moves focus to the Undo button, so it is one key press away. When the time is up
 * (or after Undo) focus goes to what `fallback()` returns.
 */
export function offerUndo(message, undo, fallback) {
  closeUndo();
  let bar = document.getElementById("my-map-undo");
  if (!bar) {
    bar = document.createElement("div");
    bar.id = "my-map-undo";
    bar.className = "my-map-undo";
    (document.querySelector("main") || document.body).append(bar);
  }
  const words = document.createElement("p");
  words.textContent = message;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button";
  button.textContent = t("js.my_map.undo");
  button.addEventListener("click", () => {
    undo();
    closeUndo();
  });
  bar.replaceChildren(words, button);
  bar.hidden = false;
  undoing = { bar, fallback, timer: setTimeout(closeUndo, UNDO_MS) };
  button.focus();
  announce(t("js.my_map.undo_for", { message }));
}
