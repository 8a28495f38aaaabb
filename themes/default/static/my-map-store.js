// My Support Map: where the map is kept, and the few things every page does with it.
//
// The map lives only in this browser's localStorage, under a key of its own for each site
// (several sites can share one host below different paths). It holds record ids in order,
// the name each record had when it was added (so a record that is later closed can still be
// named), a note per item, a title and "what matters to you". Nothing here talks to a server
// except to read the site's own record pages.

/** The site's address: this file lives in <site>/static/. */
export const SITE_ROOT = new URL("../", import.meta.url);
export const BASE = SITE_ROOT.pathname;

const KEY = `supportmap:${BASE}:my-map`;
const CHANGE = "supportmap:my-map-change";
const MAX_ITEMS = 100;
export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

let memory = null; // used when the browser refuses storage
let storageWorks = true;
try {
  const probe = `${KEY}:probe`;
  localStorage.setItem(probe, "1");
  localStorage.removeItem(probe);
} catch {
  storageWorks = false;
}
/** False when the browser will not keep the map (storage disabled or full). */
export const canStore = () => storageWorks;

export function emptyMap() {
  return { title: "", matters: "", items: [] };
}

/** Accepts only the shape this file writes; anything else reads as an empty map. */
function clean(data) {
  const map = emptyMap();
  if (!data || typeof data !== "object") return map;
  if (typeof data.title === "string") map.title = data.title;
  if (typeof data.matters === "string") map.matters = data.matters;
  const seen = new Set();
  for (const item of Array.isArray(data.items) ? data.items : []) {
    if (!item || typeof item.id !== "string" || !ID_PATTERN.test(item.id) || seen.has(item.id)) continue;
    seen.add(item.id);
    map.items.push({
      id: item.id,
      name: typeof item.name === "string" ? item.name : "",
      note: typeof item.note === "string" ? item.note : "",
    });
    if (map.items.length >= MAX_ITEMS) break;
  }
  return map;
}

export function read() {
  if (!storageWorks) return clean(memory);
  try {
    return clean(JSON.parse(localStorage.getItem(KEY) || "null"));
  } catch {
    return emptyMap();
  }
}

export function write(map) {
  const tidy = clean(map);
  const empty = !tidy.items.length && !tidy.title && !tidy.matters;
  if (storageWorks) {
    try {
      if (empty) localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, JSON.stringify(tidy));
    } catch {
      storageWorks = false;
      memory = tidy;
    }
  } else {
    memory = tidy;
  }
  window.dispatchEvent(new CustomEvent(CHANGE));
}

/** Calls `listener` whenever the map changes, here or in another tab of the same site. */
export function onChange(listener) {
  window.addEventListener(CHANGE, listener);
  window.addEventListener("storage", (event) => {
    if (event.key === KEY || event.key === null) listener();
  });
}

export const has = (id) => read().items.some((item) => item.id === id);

/** Adds `{id, name}` entries at the end, skipping ones already in; returns how many were added. */
export function add(entries) {
  const map = read();
  let added = 0;
  for (const { id, name } of entries) {
    if (map.items.some((item) => item.id === id) || map.items.length >= MAX_ITEMS) continue;
    map.items.push({ id, name: name || "", note: "" });
    added += 1;
  }
  write(map);
  return added;
}

/** Removes the items with these ids; returns how many were removed. */
export function remove(ids) {
  const map = read();
  const before = map.items.length;
  map.items = map.items.filter((item) => !ids.includes(item.id));
  write(map);
  return before - map.items.length;
}

/** "1 service" / "3 services". */
export const services = (n) => `${n} ${n === 1 ? "service" : "services"}`;

/** The card the build puts in a record's page (a JSON data block); null when the record is
 * no longer listed. */
export async function fetchCard(kind, id) {
  const response = await fetch(new URL(`${kind === "pathway" ? "pathways" : "assets"}/${id}/`, SITE_ROOT), {
    credentials: "same-origin",
  });
  if (response.status === 404 || response.status === 410) return null;
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const block = page.getElementById("my-map-card");
  if (!block) throw new Error("the page has no My Support Map card");
  return JSON.parse(block.textContent);
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
export function announce(text) {
  const region = liveRegion();
  // A change of text is what screen readers announce: empty it first, so the same message
  // twice in a row is still read.
  region.textContent = "";
  setTimeout(() => {
    region.textContent = text;
  }, 50);
}
