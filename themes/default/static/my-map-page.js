// The /my-map/ page: the person's own Support Map, shown, reordered, annotated, printed,
// shared and cleared.
//
// The map itself (ids, order, last-known names, notes, title, "what matters") is in this
// browser's storage (my-map-store.js). The details of each service come from the card the
// build puts in its page; a record with no page any more has been closed or removed, and
// shows as "no longer listed" under the name it had when it was added.
// Every piece of record text goes on the page through textContent, never as markup.
//
// A share link carries the ids in order in the fragment (#items=a,b,c), and the title,
// "what matters" and notes only when the worker ticks the box. The fragment never reaches
// a server; opening such a link here rebuilds the map, asking first before it replaces a
// map that has something in it.

import qrcode from "./vendor/qrcode-generator/qrcode.mjs";
import { BASE, ID_PATTERN, SITE_ROOT, announce, canStore, emptyMap, fetchCard, liveRegion, read, services, write } from "./my-map-store.js";

const $ = (id) => document.getElementById(id);
const root = $("my-map");
const list = $("my-map-list");
const empty = $("my-map-empty");
const summary = $("my-map-summary");
const noteHint = $("my-map-note-hint");
const itemsHeading = $("my-map-items-heading");
const titleInput = $("my-map-title");
const mattersInput = $("my-map-matters");
const shareNotes = $("my-map-share-notes");
const shareLink = $("my-map-share-link");
const shareWhat = $("my-map-share-what");
const shareQr = $("my-map-share-qr");
const copyButton = $("my-map-copy");
const clearDialog = $("my-map-clear-dialog");
const importDialog = $("my-map-import-dialog");

const SVG = "http://www.w3.org/2000/svg";
const MAX_NOTE = 500;
const lang = document.documentElement.lang || "en-GB";

/** The live site's address, for QR codes and share links: the build's base_url when it has one,
 * else wherever this page is being served from. */
const LIVE = root.dataset.baseUrl ? new URL(root.dataset.baseUrl) : SITE_ROOT;
const liveUrl = (path) => new URL(path, LIVE).href;

/** id -> card data, null when no longer listed, "error" when it could not be loaded. */
const cards = new Map();

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

const hidden = (text) => element("span", "visually-hidden", text);

// ---------------------------------------------------------------------------------------
// QR codes: drawn as one SVG path of dark squares; no inline styles, no images to fetch.

/** An SVG QR code for `text`, or null when the text is too long for one. */
export function qrSvg(text, label) {
  let qr;
  try {
    qr = qrcode(0, "M");
    qr.addData(text);
    qr.make();
  } catch {
    return null;
  }
  const count = qr.getModuleCount();
  const quiet = 4; // the blank margin scanners need
  const size = count + quiet * 2;
  let d = "";
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) {
      if (!qr.isDark(row, col)) continue;
      let run = 1;
      while (col + run < count && qr.isDark(row, col + run)) run++;
      d += `M${col + quiet} ${row + quiet}h${run}v1h-${run}z`;
      col += run - 1;
    }
  }
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", "qr");
  svg.setAttribute("viewBox", `0 0 ${size} ${size}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", label);
  svg.setAttribute("shape-rendering", "crispEdges");
  const background = document.createElementNS(SVG, "rect");
  background.setAttribute("width", String(size));
  background.setAttribute("height", String(size));
  background.setAttribute("fill", "#fff");
  const modules = document.createElementNS(SVG, "path");
  modules.setAttribute("d", d);
  modules.setAttribute("fill", "#000");
  svg.append(background, modules);
  return svg;
}

// ---------------------------------------------------------------------------------------
// One item of the map

/** Adds a row to a description list; returns it, or null when there is nothing to say.
 * `kind` names the row (class my-map-fact-<kind>), for the print layout. */
function factRow(dl, kind, label, ...content) {
  const parts = content.flat().filter((c) => c !== null && c !== undefined && c !== "");
  if (!parts.length) return null;
  const row = element("div", `my-map-fact-${kind}`);
  const dd = element("dd");
  for (const part of parts) dd.append(typeof part === "string" ? element("span", "fact-line", part) : part);
  row.append(element("dt", "", label), dd);
  dl.append(row);
  return row;
}

/** One line of a fact: text and links. */
function line(className, ...parts) {
  const span = element("span", `fact-line ${className}`.trim());
  span.append(...parts);
  return span;
}

function link(href, text, className = "") {
  const a = element("a", className, text);
  a.href = href;
  return a;
}

/** An address in full: each part on its own line on screen, one line on paper. */
function address(w) {
  const place = line("my-map-address", ...[w.name, w.address, w.postcode].filter(Boolean).map((part) => element("span", "my-map-address-part", part)));
  if (w.accessibility) place.append(element("span", "my-map-access-note", `Access: ${w.accessibility}`));
  return place;
}

function details(card) {
  const dl = element("dl", "my-map-facts");
  factRow(dl, "offers", "What it offers", card.summary);
  factRow(dl, "when", "When", card.when.length ? card.when : "No regular times are listed: contact them to check.");
  factRow(dl, "where", "Where", card.where.map(address));
  const referral = card.referral ? line("my-map-referral", card.referral) : null;
  factRow(dl, "how", "How to get in", card.access.length ? card.access.join(", ") : null, referral);
  factRow(dl, "cost", "Cost", card.cost, card.cost_detail);
  factRow(dl, "who", "Who it is for", card.who);
  const c = card.contact;
  factRow(
    dl,
    "contact",
    "Contact",
    c.phone ? line("my-map-phone", "Phone: ", link(c.phone_href || `tel:${c.phone}`, c.phone)) : null,
    c.email ? line("my-map-email", "Email: ", link(`mailto:${c.email}`, c.email)) : null,
    c.website ? line("my-map-website", "Website: ", link(c.website, c.website, "url-shown")) : null,
  );
  const checked = line("", card.last_reviewed_label);
  if (card.overdue) checked.append(element("strong", "my-map-overdue", " (may be out of date: check before going)"));
  factRow(dl, "checked", "Last checked", checked);
  return dl;
}

function itemElement(item, index, total) {
  const card = cards.get(item.id);
  const li = element("li", "my-map-item");
  li.dataset.id = item.id;
  const headingId = `my-map-name-${item.id}`;
  const article = element("article", "my-map-card");
  article.setAttribute("aria-labelledby", headingId);

  const heading = element("h3", "my-map-item-name");
  heading.id = headingId;
  const name = card && card !== "error" ? card.name : item.name || "A service that is no longer listed";
  if (card && card !== "error") heading.append(link(`${BASE}${card.path}`, card.name));
  else heading.textContent = name;
  article.append(heading);

  const body = element("div", "my-map-body");
  if (card === null) {
    li.classList.add("is-gone");
    const gone = element("p", "notice my-map-gone");
    gone.append(
      element("strong", "", "No longer listed. "),
      document.createTextNode(
        "This service has been closed or taken off the Support Map since it was added to this map. Check with the person who gave you the map, or remove it.",
      ),
    );
    body.append(gone);
  } else if (card === "error") {
    body.append(element("p", "notice", "The details could not be loaded just now. Check the connection and reload the page."));
  } else {
    if (card.organisation && card.organisation !== card.name) article.append(element("p", "my-map-org", card.organisation));
    if (card.status === "paused") body.append(element("p", "notice notice-paused my-map-paused", "Paused: not running at the moment."));
    body.append(details(card));
    const url = liveUrl(card.path);
    const qr = qrSvg(url, `QR code: scan to open the page of ${card.name} at ${url}`);
    if (qr) {
      const figure = element("figure", "my-map-qr");
      figure.append(qr, element("figcaption", "", "Scan for the latest details"));
      body.append(figure);
    }
  }
  article.append(body);

  // The note: a text box on screen, plain text on paper.
  const noteId = `my-map-note-${item.id}`;
  const field = element("div", "field my-map-note-field");
  const noteLabel = element("label", "", "Note");
  noteLabel.htmlFor = noteId;
  noteLabel.append(hidden(` for ${name}`));
  const note = element("textarea", "my-map-note");
  note.id = noteId;
  note.rows = 2;
  note.maxLength = MAX_NOTE;
  note.value = item.note;
  note.setAttribute("aria-describedby", noteHint.id);
  field.append(noteLabel, note);
  const printed = element("p", "my-map-note-print");
  showNoteOnPaper(printed, item.note);
  article.append(field, printed);

  const controls = element("div", "my-map-controls");
  for (const [action, text] of [
    ["up", "Move up"],
    ["down", "Move down"],
    ["remove", "Remove"],
  ]) {
    const button = element("button", `button button-secondary my-map-${action}`, text);
    button.type = "button";
    button.dataset.action = action;
    button.append(hidden(`: ${name}`));
    controls.append(button);
  }
  article.append(controls);
  li.append(article);
  updateMoveButtons(li, index, total);
  return li;
}

function showNoteOnPaper(p, text) {
  p.replaceChildren(element("strong", "", "Note: "), document.createTextNode(text));
  p.hidden = !text.trim();
}

function updateMoveButtons(li, index, total) {
  li.querySelector('[data-action="up"]').disabled = index === 0;
  li.querySelector('[data-action="down"]').disabled = index === total - 1;
}

function nameOf(id) {
  const card = cards.get(id);
  if (card && card !== "error") return card.name;
  return read().items.find((i) => i.id === id)?.name || "This service";
}

// ---------------------------------------------------------------------------------------
// The whole page

function renderList() {
  const map = read();
  const focusedId = document.activeElement?.id;
  list.replaceChildren(...map.items.map((item, i) => itemElement(item, i, map.items.length)));
  if (focusedId && document.activeElement === document.body) $(focusedId)?.focus();
  updateSummary(map);
}

function updatePositions() {
  const items = [...list.children];
  items.forEach((li, i) => updateMoveButtons(li, i, items.length));
  updateSummary(read());
}

function updateSummary(map) {
  const n = map.items.length;
  empty.hidden = n > 0;
  noteHint.hidden = n === 0;
  const gone = map.items.filter((i) => cards.get(i.id) === null).length;
  summary.textContent = n
    ? `${services(n)}, in the order to try them.` + (gone ? ` ${gone} ${gone === 1 ? "is" : "are"} no longer listed.` : "")
    : "";
  updateShare(map);
}

function renderFields() {
  const map = read();
  titleInput.value = map.title;
  mattersInput.value = map.matters;
  updatePrintHead(map);
}

function updatePrintHead(map = read()) {
  $("my-map-print-title").textContent = map.title.trim() || "Your Support Map";
  const matters = $("my-map-print-matters");
  matters.replaceChildren();
  if (map.matters.trim()) matters.append(element("strong", "", "What matters to you: "), document.createTextNode(map.matters));
  matters.hidden = !map.matters.trim();
  const today = new Intl.DateTimeFormat(lang, { day: "numeric", month: "long", year: "numeric" }).format(new Date());
  $("my-map-print-date").textContent = `Printed ${today}`;
  $("my-map-print-foot").textContent = `From ${root.dataset.siteTitle || "the Support Map"}: ${LIVE.href}. Printed ${today}. Check before you go: details can change.`;
}

/** The share link: ids in order, and the words only when asked for. */
function shareUrl(map, withWords) {
  let fragment = `items=${map.items.map((i) => i.id).join(",")}`;
  if (withWords) {
    const words = new URLSearchParams();
    if (map.title) words.set("title", map.title);
    if (map.matters) words.set("matters", map.matters);
    if (map.items.some((i) => i.note)) for (const i of map.items) words.append("note", i.note);
    if (words.toString()) fragment += `&${words}`;
  }
  return `${liveUrl("my-map/")}#${fragment}`;
}

function updateShare(map = read()) {
  const n = map.items.length;
  const fieldBox = shareLink.closest(".my-map-link-field");
  fieldBox.hidden = n === 0;
  shareNotes.closest(".checkbox").hidden = n === 0;
  shareQr.hidden = n === 0;
  shareQr.querySelector("svg")?.remove();
  if (!n) {
    shareLink.value = "";
    shareWhat.textContent = "";
    return;
  }
  const url = shareUrl(map, shareNotes.checked);
  shareLink.value = url;
  shareWhat.textContent = shareNotes.checked
    ? `This link holds the ${services(n)} in order, with the title, “what matters to you” and the notes.`
    : `This link holds only the ${services(n)}, in order: no title, no “what matters to you”, no notes.`;
  const qr = qrSvg(url, "QR code of the link to this map");
  if (qr) shareQr.prepend(qr);
  else shareQr.hidden = true; // too long for a code: the link still works
}

/** Fetches the card of every item not yet known, in parallel. */
async function loadCards(map) {
  await Promise.all(
    map.items
      .filter((item) => !cards.has(item.id))
      .map(async (item) => {
        try {
          cards.set(item.id, await fetchCard("asset", item.id));
        } catch {
          cards.set(item.id, "error");
        }
      }),
  );
  // Keep each item's last-known name up to date, for the day it is no longer listed.
  const fresh = read();
  let changed = false;
  for (const item of fresh.items) {
    const card = cards.get(item.id);
    if (card && card !== "error" && item.name !== card.name) {
      item.name = card.name;
      changed = true;
    }
  }
  if (changed) write(fresh);
}

// ---------------------------------------------------------------------------------------
// Changes

function move(li, delta, action) {
  const map = read();
  const from = map.items.findIndex((i) => i.id === li.dataset.id);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= map.items.length) return;
  [map.items[from], map.items[to]] = [map.items[to], map.items[from]];
  write(map);
  if (delta < 0) li.previousElementSibling.before(li);
  else li.nextElementSibling.after(li);
  updatePositions();
  // Focus follows the item; at the top or bottom the other move button takes it.
  const same = li.querySelector(`[data-action="${action}"]`);
  (same.disabled ? li.querySelector(`[data-action="${action === "up" ? "down" : "up"}"]`) : same).focus();
  announce(`${nameOf(li.dataset.id)} moved ${delta < 0 ? "up" : "down"} to number ${to + 1} of ${map.items.length}.`);
}

function removeItem(li) {
  const id = li.dataset.id;
  const name = nameOf(id);
  const next = li.nextElementSibling || li.previousElementSibling;
  const map = read();
  map.items = map.items.filter((i) => i.id !== id);
  write(map);
  li.remove();
  updatePositions();
  (next?.querySelector('[data-action="remove"]') || itemsHeading).focus();
  announce(`Removed ${name}. ${services(map.items.length)} left in the map.`);
}

function ask(dialog) {
  return new Promise((resolve) => {
    const done = (value) => {
      dialog.removeEventListener("click", onClick);
      dialog.removeEventListener("cancel", onCancel);
      if (dialog.open) dialog.close();
      resolve(value);
    };
    const onClick = (event) => {
      const button = event.target.closest("button[value]");
      if (button) done(button.value);
    };
    const onCancel = (event) => {
      event.preventDefault();
      done("cancel");
    };
    dialog.addEventListener("click", onClick);
    dialog.addEventListener("cancel", onCancel);
    dialog.showModal();
  });
}

async function clearMap() {
  if ((await ask(clearDialog)) !== "clear") return;
  write(emptyMap());
  cards.clear();
  renderFields();
  renderList();
  itemsHeading.focus();
  announce("The map is cleared: nothing of it is left in this browser.");
}

/** A map from a share link, or null when the address has none. */
function mapFromAddress() {
  const fragment = window.location.hash.slice(1);
  if (!fragment) return null;
  const params = new URLSearchParams(fragment);
  if (!params.has("items")) return null;
  const notes = params.getAll("note");
  const seen = new Set();
  const map = emptyMap();
  params
    .get("items")
    .split(",")
    .forEach((id, i) => {
      if (!ID_PATTERN.test(id) || seen.has(id)) return;
      seen.add(id);
      map.items.push({ id, name: "", note: (notes[i] || "").slice(0, MAX_NOTE) });
    });
  map.title = (params.get("title") || "").slice(0, 80);
  map.matters = (params.get("matters") || "").slice(0, 1000);
  return map;
}

async function openFromAddress() {
  const incoming = mapFromAddress();
  if (!incoming) return;
  history.replaceState(null, "", window.location.pathname + window.location.search);
  const current = read();
  const ids = (m) => m.items.map((i) => i.id).join(",");
  const hasWords = (m) => Boolean(m.title || m.matters || m.items.some((i) => i.note));
  if (ids(current) === ids(incoming) && !hasWords(incoming)) return; // the same map, notes kept
  if (current.items.length || hasWords(current)) {
    $("my-map-import-text").textContent =
      `The link holds a map of ${services(incoming.items.length)}. This browser already has a map of ${services(current.items.length)}` +
      (hasWords(current) ? " with words of its own" : "") +
      ". Opening the link replaces it.";
    if ((await ask(importDialog)) !== "replace") {
      announce("Kept your map. The map in the link was not opened.");
      return;
    }
  }
  // Keep the last-known names of services that are in both.
  for (const item of incoming.items) item.name = current.items.find((i) => i.id === item.id)?.name || "";
  write(incoming);
  announce(`Opened the map from the link: ${services(incoming.items.length)}.`);
}

// ---------------------------------------------------------------------------------------
// Wiring

list.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-action]");
  if (!button || button.disabled) return;
  const li = button.closest(".my-map-item");
  if (button.dataset.action === "remove") removeItem(li);
  else move(li, button.dataset.action === "up" ? -1 : 1, button.dataset.action);
});

list.addEventListener("input", (event) => {
  if (!event.target.matches(".my-map-note")) return;
  const li = event.target.closest(".my-map-item");
  const map = read();
  const item = map.items.find((i) => i.id === li.dataset.id);
  if (!item) return;
  item.note = event.target.value;
  write(map);
  showNoteOnPaper(li.querySelector(".my-map-note-print"), item.note);
  if (shareNotes.checked) updateShare(map);
});

for (const [input, field] of [
  [titleInput, "title"],
  [mattersInput, "matters"],
]) {
  input.addEventListener("input", () => {
    const map = read();
    map[field] = input.value;
    write(map);
    updatePrintHead(map);
    if (shareNotes.checked) updateShare(map);
  });
}

shareNotes.addEventListener("change", () => updateShare());
shareLink.addEventListener("focus", () => shareLink.select());
copyButton.addEventListener("click", async () => {
  try {
    await navigator.clipboard.writeText(shareLink.value);
  } catch {
    shareLink.focus();
    shareLink.select();
    document.execCommand?.("copy");
  }
  announce(shareNotes.checked ? "Link copied, with the title and notes." : "Link copied. It holds only the services and their order.");
});
$("my-map-print").addEventListener("click", () => {
  updatePrintHead();
  window.print();
});
$("my-map-clear").addEventListener("click", clearMap);
window.addEventListener("beforeprint", () => updatePrintHead());

// A share link opened while this page is already open only changes the fragment.
window.addEventListener("hashchange", async () => {
  if (!mapFromAddress()) return;
  delete root.dataset.ready;
  await openFromAddress();
  await loadCards(read());
  renderFields();
  renderList();
  root.dataset.ready = "1";
});

// Another tab of this site changed the map: show the new state.
window.addEventListener("storage", async () => {
  await loadCards(read());
  renderFields();
  renderList();
});

async function start() {
  liveRegion();
  root.hidden = false;
  if (!canStore()) {
    $("my-map-storage-note").textContent =
      "This browser is not letting the site keep the map, so it will be lost when this page is closed or reloaded. Print it or share it before you go.";
  }
  summary.textContent = "Loading the map…";
  await openFromAddress();
  const map = read();
  await loadCards(map);
  renderFields();
  renderList();
  root.dataset.ready = "1";
}

start();
