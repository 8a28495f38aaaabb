// The /my-map/ page: the person's own Support Map, in two views.
//
// - The person's view is what a share link (or the QR code on a printout) opens, and what is
//   printed: "Your Support Map", the person's own words, then each service in order with what
//   it is, phone, when, where and the note. A link's map is shown from the address alone and
//   stored nowhere until "Continue building this map" takes it into this browser.
// - The editing view is the worker's: compact cards (open one for its details and note) put
//   in order with buttons or by dragging, the person's words, how long this device keeps the
//   map, print, share and clear. Removing and clearing offer Undo.
//
// The map itself is in this browser's storage (my-map-store.js). The details of each service
// come from the card the build puts in its page; a record with no page any more has been
// closed or removed, and shows as "no longer listed" under the name it had when it was added.
// Every piece of record text goes on the page through textContent, never as markup.
//
// A share link carries the ids in order in the fragment (#items=a,b,c), and the person's words,
// notes and next steps only when "Include my notes" is ticked. The fragment never reaches a
// server.

import qrcode from "./vendor/qrcode-generator/qrcode.mjs";
import {
  HOME,
  ID_PATTERN,
  KEEPS,
  LIMITS,
  WORDS,
  announce,
  canStore,
  clearAll,
  emptyMap,
  expired,
  fetchCard,
  keeping,
  liveRegion,
  offerUndo,
  read,
  remove,
  restore,
  restoreAll,
  sensitiveWarning,
  services,
  setKeeping,
  write,
} from "./my-map-store.js";
import { formatDate, t } from "./strings.js";

const $ = (id) => document.getElementById(id);
const root = $("my-map");
const list = $("my-map-list");
const itemsHeading = $("my-map-items-heading");
const shareNotes = $("my-map-share-notes");
const shareLink = $("my-map-share-link");
const shareQr = $("my-map-share-qr");
const importDialog = $("my-map-import-dialog");
const fields = { title: $("my-map-title"), matters: $("my-map-matters"), strengths: $("my-map-strengths"), helpers: $("my-map-helpers") };

const SVG = "http://www.w3.org/2000/svg";
/** How long the map is kept, by choice: catalogue key of the words. */
const KEEP_WORDS = { visit: "js.my_map.kept_visit", "30-days": "js.my_map.kept_30_days", "until-cleared": "js.my_map.kept_until_cleared" };

/** The live site's address, for QR codes and share links: the build's base_url when it has one,
 * else wherever this page is being served from. */
const LIVE = root.dataset.baseUrl ? new URL(root.dataset.baseUrl) : HOME;
const liveUrl = (path) => new URL(path, LIVE).href;

/** id -> card data, null when no longer listed, "error" when it could not be loaded. */
const cards = new Map();
/** The map of the share link being shown in the person's view, or null for this browser's map. */
let linked = null;
/** Services opened in the editing view to show their details and note. */
const open = new Set();

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

const hidden = (text) => element("span", "visually-hidden", text);

function link(href, text, className = "") {
  const a = element("a", className, text);
  a.href = href;
  return a;
}

const known = (id) => {
  const card = cards.get(id);
  return card && card !== "error" ? card : null;
};
const nameOf = (item) => known(item.id)?.name || item.name || t("js.my_map.unlisted");
const today = () => formatDate(new Date());

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
// Share links

const hasWords = (map) => Boolean(map.title || WORDS.some((w) => map[w]) || map.items.some((i) => i.note || i.next));

/** The share link: ids in order, and the words only when asked for. */
function shareFragment(map, withWords) {
  let fragment = `items=${map.items.map((i) => i.id).join(",")}`;
  if (withWords) {
    const words = new URLSearchParams();
    if (map.title) words.set("title", map.title);
    for (const w of WORDS) if (map[w]) words.set(w, map[w]);
    if (map.items.some((i) => i.note)) for (const i of map.items) words.append("note", i.note);
    if (map.items.some((i) => i.next)) for (const i of map.items) words.append("next", i.next);
    if (words.toString()) fragment += `&${words}`;
  }
  return fragment;
}
const shareUrl = (map, withWords) => `${liveUrl("my-map/")}#${shareFragment(map, withWords)}`;

/** The map in the address (a share link), or null when the address has none. */
function mapFromAddress() {
  const params = new URLSearchParams(window.location.hash.slice(1));
  if (!params.has("items")) return null;
  const notes = params.getAll("note");
  const nexts = params.getAll("next");
  const seen = new Set();
  const map = emptyMap();
  params
    .get("items")
    .split(",")
    .forEach((id, i) => {
      if (!ID_PATTERN.test(id) || seen.has(id) || map.items.length >= 100) return;
      seen.add(id);
      map.items.push({ id, name: "", note: (notes[i] || "").slice(0, LIMITS.note), next: (nexts[i] || "").slice(0, LIMITS.next), route: "" });
    });
  map.title = (params.get("title") || "").slice(0, LIMITS.title);
  for (const w of WORDS) map[w] = (params.get(w) || "").slice(0, LIMITS[w]);
  return map;
}

// ---------------------------------------------------------------------------------------
// Facts of a service, shared by both views

/** Adds a row to a description list when there is something to say. `kind` names the row
 * (class my-map-fact-<kind>) for the layouts. */
function factRow(dl, kind, label, ...content) {
  const parts = content.flat().filter((c) => c !== null && c !== undefined && c !== "");
  if (!parts.length) return;
  const row = element("div", `my-map-fact-${kind}`);
  const dd = element("dd");
  for (const part of parts) dd.append(typeof part === "string" ? element("span", "fact-line", part) : part);
  row.append(element("dt", "", label), dd);
  dl.append(row);
}

function line(className, ...parts) {
  const span = element("span", `fact-line ${className}`.trim());
  span.append(...parts);
  return span;
}

const address = (w) => [w.name, w.address, w.postcode].filter(Boolean).join(", ");
/** On a right-to-left page, as in the templates: a record's own words take their direction
 * from their first letter (they are often English), and a phone number reads left to right. */
const RTL = document.documentElement.dir === "rtl";
function direction(node, dir = "auto") {
  if (RTL) node.dir = dir;
  return node;
}

/** Text a card shows in the site's default language, for want of a translation, marked as
 * the pages mark it (`lang`, and `dir` where it runs the other way); other text as `direction`. */
function marked(node, card, field) {
  const fallback = card.untranslated;
  if (!fallback || !fallback.fields.includes(field)) return direction(node);
  node.lang = fallback.lang;
  if (fallback.dir) node.dir = fallback.dir;
  return node;
}

const phone = (c) => (c.phone ? direction(link(c.phone_href || `tel:${c.phone}`, c.phone, "my-map-phone"), "ltr") : null);

/** Everything the worker may need: the editing view's details. */
function fullFacts(card) {
  const dl = element("dl", "my-map-facts");
  factRow(dl, "offers", t("js.my_map.offers"), card.summary ? marked(line("", card.summary), card, "summary") : null);
  factRow(dl, "when", t("js.my_map.when"), card.when.length ? card.when : t("js.my_map.no_times"));
  factRow(dl, "where", t("js.my_map.where"), card.where.map((w) => line("", w.accessibility ? t("js.my_map.place_access", { place: address(w), access: w.accessibility }) : address(w))));
  factRow(dl, "how", t("js.my_map.how"), card.access.length ? card.access.join(", ") : null, card.referral ? marked(line("my-map-referral", card.referral), card, "referral") : null);
  factRow(dl, "cost", t("js.my_map.cost"), card.cost, card.cost_detail ? marked(line("", card.cost_detail), card, "cost_detail") : null);
  factRow(dl, "who", t("js.my_map.who"), card.who);
  const c = card.contact;
  factRow(
    dl,
    "contact",
    t("js.my_map.contact"),
    c.phone ? line("", t("js.my_map.phone_line"), phone(c)) : null,
    c.email ? line("", t("js.my_map.email_line"), link(`mailto:${c.email}`, c.email)) : null,
    c.website ? line("", t("js.my_map.website_line"), link(c.website, c.website, "url-shown")) : null,
  );
  const checked = line("", card.last_reviewed_label);
  if (card.overdue) checked.append(element("strong", "my-map-overdue", t("js.my_map.overdue")));
  factRow(dl, "checked", t("js.my_map.checked"), checked);
  return dl;
}

function goneNotice() {
  const gone = element("p", "notice my-map-gone");
  gone.append(
    element("strong", "", t("js.my_map.gone")),
    document.createTextNode(t("js.my_map.gone_text")),
  );
  return gone;
}

// ---------------------------------------------------------------------------------------
// The person's view (on screen for a share link; always on paper)

function stop(item) {
  const card = cards.get(item.id);
  const li = element("li", "my-map-stop");
  li.dataset.id = item.id;
  const heading = element("h2", "my-map-stop-name");
  if (known(item.id)) marked(heading, card, "name").append(link(new URL(card.path, HOME).pathname, card.name));
  else direction(heading).textContent = nameOf(item);
  const body = element("div", "my-map-stop-body");
  body.append(heading);
  if (card === null) body.append(goneNotice());
  else if (card === "error") body.append(element("p", "notice", t("js.my_map.not_loaded")));
  else {
    body.append(marked(element("p", "my-map-stop-what", card.summary), card, "summary"));
    if (card.status === "paused") body.append(element("p", "notice notice-paused", t("js.my_map.paused")));
    const dl = element("dl", "my-map-stop-facts");
    factRow(dl, "phone", t("js.my_map.phone"), phone(card.contact));
    factRow(dl, "when", t("js.my_map.when"), card.when.length ? card.when : t("js.my_map.phone_to_check"));
    factRow(dl, "where", t("js.my_map.where"), card.where.map(address));
    if (card.overdue) factRow(dl, "checked", t("js.my_map.checked"), t("js.my_map.checked_overdue", { date: card.last_reviewed_label }));
    body.append(dl);
  }
  // The note and the next step share a line where they fit: paper is short.
  const notes = element("p", "my-map-stop-note");
  for (const [label, value] of [
    [t("js.my_map.note_label"), item.note],
    [t("js.my_map.next_label"), item.next],
  ]) {
    if (!value.trim()) continue;
    const part = element("span", "my-map-stop-part");
    part.append(element("strong", "", label), document.createTextNode(value));
    notes.append(part, " ");
  }
  if (notes.childNodes.length) body.append(notes);
  if (known(item.id)) {
    const url = liveUrl(card.path);
    const qr = qrSvg(url, t("js.my_map.qr_service", { name: card.name, url }));
    if (qr) {
      const figure = element("div", "my-map-print-only my-map-qr");
      figure.append(qr);
      body.prepend(figure);
    }
  }
  li.append(body);
  return li;
}

/** What the person sees, and what is printed, for `map`; `withWords` says whether the
 * printed whole-map code carries the notes. */
function renderPerson(map, withWords) {
  const title = map.title.trim() || t("js.my_map.yours");
  $("my-map-person-title").textContent = title;
  const words = $("my-map-person-words");
  words.replaceChildren();
  for (const w of WORDS) {
    if (!map[w].trim()) continue;
    const row = element("div", `my-map-word-${w}`);
    row.append(element("dt", "", t(`js.my_map.word_${w}`)), element("dd", "", map[w]));
    words.append(row);
  }
  words.hidden = !words.children.length;
  $("my-map-person-list").replaceChildren(...map.items.map(stop));
  $("my-map-person-empty").hidden = map.items.length > 0;
  $("my-map-print-from").textContent = t("js.my_map.printed_from", { site: root.dataset.siteTitle || t("js.my_map.printed_site"), url: LIVE.href, date: today() });

  // The whole map as a code; with the notes only when they are to travel, and without them
  // when the notes make it too long for a code.
  const figure = $("my-map-whole-qr");
  figure.querySelector("svg")?.remove();
  const caption = $("my-map-whole-qr-caption");
  let qr = map.items.length ? qrSvg(shareUrl(map, withWords), t("js.my_map.qr_whole")) : null;
  caption.textContent = withWords && hasWords(map) ? t("js.my_map.scan_with_notes") : t("js.my_map.scan");
  if (!qr && withWords && map.items.length) {
    qr = qrSvg(shareUrl(map, false), t("js.my_map.qr_whole"));
    caption.textContent = t("js.my_map.scan_without_notes");
  }
  if (qr) figure.prepend(qr);
  figure.hidden = !qr;
  printTitle(title);
}

/** The title at the top of every printed page, with the page numbers from style.css: an
 * @page margin box whose text is set here (a constructed style sheet, so no inline style). */
const pageSheet = "adoptedStyleSheets" in document ? new CSSStyleSheet() : null;
if (pageSheet) document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageSheet];
function printTitle(title) {
  if (!pageSheet) return;
  const quoted = (s) => `"${s.replace(/[\\"]/g, "\\$&").replace(/[\n\r\f]/g, " ")}"`;
  pageSheet.replaceSync(
    `@media print { @page { @top-left { content: ${quoted(title)}; } @bottom-left { content: ${quoted(t("js.my_map.print_foot", { date: today() }))}; } } }`,
  );
}

// ---------------------------------------------------------------------------------------
// The editing view: compact cards

/** Each control: its action, its full label, and the short one a phone shows (contained in the
 * full one, so speech users can say what they see): catalogue keys. */
const CONTROLS = [
  ["top", "js.my_map.move_top", "js.my_map.move_top_short"],
  ["up", "js.my_map.move_up", "js.my_map.move_up_short"],
  ["down", "js.my_map.move_down", "js.my_map.move_down_short"],
  ["bottom", "js.my_map.move_bottom", "js.my_map.move_bottom_short"],
  ["remove", "js.my_map.remove", ""],
];

function itemElement(item, index, total) {
  const card = cards.get(item.id);
  const name = nameOf(item);
  const li = element("li", "my-map-item");
  li.dataset.id = item.id;
  if (card === null) li.classList.add("is-gone");

  const row = element("div", "my-map-row");
  // For mouse and touch; keyboard users have the move buttons, so it is hidden from them.
  const handle = element("span", "my-map-handle");
  handle.setAttribute("aria-hidden", "true");
  handle.title = t("js.my_map.drag");
  const heading = element("h3", "my-map-item-name");
  heading.id = `my-map-name-${item.id}`;
  if (known(item.id)) marked(heading, card, "name").append(link(new URL(card.path, HOME).pathname, name));
  else direction(heading).textContent = name;
  const glance = element("p", "my-map-glance");
  if (card === null) glance.append(element("strong", "", t("js.my_map.gone_short")));
  else if (known(item.id)) glance.textContent = [card.contact.phone, card.when[0]].filter(Boolean).join(" · ");
  if (item.note || item.next) glance.append(element("span", "my-map-glance-note", t("js.my_map.glance_note", { note: [item.note, item.next].filter(Boolean).join("; ") })));
  const title = element("div", "my-map-row-title");
  title.append(heading, glance);

  const moreId = `my-map-more-${item.id}`;
  const expand = element("button", "button button-secondary my-map-expand");
  expand.type = "button";
  expand.dataset.action = "expand";
  expand.setAttribute("aria-expanded", String(open.has(item.id)));
  expand.setAttribute("aria-controls", moreId);
  expand.append(document.createTextNode(t("js.my_map.details")), hidden(`: ${name}`));

  const controls = element("div", "my-map-controls");
  controls.append(expand);
  for (const [action, textKey, shortKey] of CONTROLS) {
    const [text, short] = [t(textKey), shortKey && t(shortKey)];
    const b = element("button", `button button-secondary my-map-${action}`);
    b.type = "button";
    b.dataset.action = action;
    if (short) {
      const brief = element("span", "my-map-short", short);
      brief.setAttribute("aria-hidden", "true");
      b.append(element("span", "my-map-long", text), brief);
    } else b.append(text);
    b.append(hidden(`: ${name}`));
    if (action === "top" || action === "up") b.disabled = index === 0;
    if (action === "down" || action === "bottom") b.disabled = index === total - 1;
    controls.append(b);
  }
  row.append(handle, title);
  li.append(row, controls);

  const more = element("div", "my-map-more");
  more.id = moreId;
  more.hidden = !open.has(item.id);
  if (card === null) more.append(goneNotice());
  else if (card === "error") more.append(element("p", "notice", t("js.my_map.not_loaded")));
  else more.append(fullFacts(card));
  for (const [kind, label, hint, limit, multi] of [
    ["note", t("js.my_map.note"), t("js.my_map.note_hint"), LIMITS.note, true],
    ["next", t("js.my_map.next"), t("js.my_map.next_hint"), LIMITS.next, false],
  ]) {
    const id = `my-map-${kind}-${item.id}`;
    const field = element("div", `field my-map-${kind}-field`);
    const fieldLabel = element("label", "", label);
    fieldLabel.htmlFor = id;
    fieldLabel.append(hidden(t("js.my_map.for_name", { name })));
    const hintP = element("p", "hint", hint);
    hintP.id = `${id}-hint`;
    const input = element(multi ? "textarea" : "input", `my-map-${kind}`);
    if (multi) input.rows = 2;
    else input.type = "text";
    input.id = id;
    input.maxLength = limit;
    input.value = item[kind];
    input.dataset.field = kind;
    input.setAttribute("aria-describedby", hintP.id);
    field.append(fieldLabel, hintP, input);
    more.append(field);
  }
  li.append(more);
  return li;
}

function renderList(map, focus = null) {
  const focused = focus || (document.activeElement?.closest?.("#my-map-list") ? document.activeElement : null);
  const again = focused && {
    id: focused.closest(".my-map-item")?.dataset.id,
    action: focused.dataset.action,
    field: focused.dataset.field,
  };
  list.replaceChildren(...map.items.map((item, i) => itemElement(item, i, map.items.length)));
  if (again?.id) {
    const li = list.querySelector(`li[data-id="${again.id}"]`);
    const target = again.field ? li?.querySelector(`[data-field="${again.field}"]`) : li?.querySelector(`[data-action="${again.action}"]`);
    if (target && !target.disabled) target.focus();
  }
}

function renderEdit() {
  const map = read();
  for (const [key, input] of Object.entries(fields)) if (document.activeElement !== input) input.value = map[key];
  renderList(map);
  renderAside(map);
}

/** Everything in the editing view but the list, and the printout. */
function renderAside(map = read()) {
  const n = map.items.length;
  $("my-map-empty").hidden = n > 0;
  $("my-map-note-hint").hidden = n === 0;
  const gone = map.items.filter((i) => cards.get(i.id) === null).length;
  $("my-map-summary").textContent = n
    ? t("js.my_map.summary", { services: services(n) }) + (gone ? t("js.my_map.summary_gone", { count: gone }) : "")
    : "";
  const risky = map.items.filter((i) => known(i.id)?.sensitive).map(nameOf);
  for (const id of ["my-map-edit-sensitive", "my-map-share-sensitive"]) {
    $(id).hidden = !risky.length;
    $(id).textContent = risky.length ? sensitiveWarning(risky) : "";
  }
  renderKeeping(map);
  renderShare(map);
  renderPerson(map, shareNotes.checked);
}

function renderKeeping(map) {
  const { keep, chosen, storage } = keeping();
  for (const radio of document.querySelectorAll('input[name="my-map-keep"]')) radio.checked = radio.value === keep;
  $("my-map-keep").classList.toggle("is-unchosen", !chosen);
  $("my-map-keep-ask").hidden = chosen;
  const items = services(map.items.length);
  const what = hasWords(map) ? t("js.my_map.stored_words", { services: items }) : map.items.length ? items : t("js.my_map.stored_nothing");
  $("my-map-stored").textContent = !canStore()
    ? t("js.my_map.cannot_store")
    : t("js.my_map.stored", { what, how: t(KEEP_WORDS[keep]) }) + (storage === "localStorage" ? t("js.my_map.stored_local") : "");
}

function renderShare(map) {
  const n = map.items.length;
  for (const part of [shareLink.closest(".my-map-link-field"), shareNotes.closest(".my-map-action"), shareQr]) part.hidden = n === 0;
  shareQr.querySelector("svg")?.remove();
  if (!n) {
    shareLink.value = "";
    return;
  }
  const url = shareUrl(map, shareNotes.checked);
  shareLink.value = url;
  $("my-map-open-person").href = `${window.location.pathname}#${shareFragment(map, shareNotes.checked)}`;
  $("my-map-share-what").textContent = shareNotes.checked
    ? t("js.my_map.share_with_notes", { services: services(n) })
    : t("js.my_map.share_without_notes", { services: services(n) });
  const qr = qrSvg(url, t("js.my_map.qr_link"));
  if (qr) shareQr.prepend(qr);
  else shareQr.hidden = true; // too long for a code: the link still works
}

// ---------------------------------------------------------------------------------------
// Changes in the editing view

function move(id, action) {
  const map = read();
  const from = map.items.findIndex((i) => i.id === id);
  const to = { top: 0, up: from - 1, down: from + 1, bottom: map.items.length - 1 }[action];
  if (from < 0 || to < 0 || to >= map.items.length || to === from) return;
  moveTo(map, from, to, action);
}

function moveTo(map, from, to, action) {
  const [item] = map.items.splice(from, 1);
  map.items.splice(to, 0, item);
  write(map);
  // Focus follows the item; when its button can no longer be used (at the top or the bottom),
  // the nearest one that can takes it.
  const li = () => list.querySelector(`li[data-id="${item.id}"]`);
  renderEdit();
  const order = to === 0 ? ["down", "bottom", "remove"] : to === map.items.length - 1 ? ["up", "top", "remove"] : [];
  const target = [action, ...order].map((a) => li()?.querySelector(`[data-action="${a}"]`)).find((b) => b && !b.disabled);
  target?.focus();
  const where = to === 0 ? "top" : to === map.items.length - 1 ? "bottom" : to < from ? "up" : "down";
  announce(t(`js.my_map.moved_${where}`, { name: nameOf(item), position: to + 1, count: map.items.length }));
}

function removeItem(id) {
  const map = read();
  const index = map.items.findIndex((i) => i.id === id);
  if (index < 0) return;
  const name = nameOf(map.items[index]);
  const removed = remove([id]);
  const nextId = map.items[index + 1]?.id || map.items[index - 1]?.id;
  renderEdit();
  offerUndo(
    t("js.my_map.removed_left", { name, services: services(read().items.length) }),
    () => {
      restore(removed);
      renderEdit();
    },
    () => list.querySelector(`li[data-id="${id}"] [data-action="remove"]`) || list.querySelector(`li[data-id="${nextId}"] [data-action="remove"]`) || itemsHeading,
  );
}

function clearMap() {
  const before = clearAll();
  cards.clear();
  open.clear();
  renderEdit();
  offerUndo(
    t("js.my_map.cleared"),
    async () => {
      restoreAll(before);
      await loadCards(read());
      renderEdit();
    },
    () => $("my-map-clear"),
  );
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

/** "Continue building this map": takes the link's map into this browser, asking before it
 * replaces a different map kept here. */
async function continueBuilding() {
  const incoming = linked;
  const current = read();
  // The same map as this browser's (such as its own "See the person's view"): nothing to ask.
  const same = shareFragment(incoming, hasWords(incoming)) === shareFragment(current, hasWords(incoming));
  if (!same && (current.items.length || hasWords(current))) {
    $("my-map-import-text").textContent = t(hasWords(current) ? "js.my_map.replace_question_words" : "js.my_map.replace_question", {
      services: services(current.items.length),
      incoming: services(incoming.items.length),
    });
    if ((await ask(importDialog)) !== "replace") {
      announce(t("js.my_map.kept_current"));
      $("my-map-continue").focus();
      return;
    }
  }
  if (!same) {
    for (const item of incoming.items) item.name = known(item.id)?.name || "";
    write(incoming);
  }
  history.replaceState(null, "", window.location.pathname + window.location.search);
  await show();
  $("my-map-head").querySelector("h1").focus();
  announce(t("js.my_map.now_editing", { services: services(incoming.items.length) }));
}

async function printMap() {
  const risky = read().items.filter((i) => known(i.id)?.sensitive).map(nameOf);
  if (risky.length) {
    const dialog = $("my-map-print-dialog") || printDialog();
    dialog.querySelector("p").textContent = sensitiveWarning(risky);
    if ((await ask(dialog)) !== "print") return;
  }
  window.print();
}

function printDialog() {
  const dialog = element("dialog", "my-map-dialog");
  dialog.id = "my-map-print-dialog";
  dialog.setAttribute("aria-labelledby", "my-map-print-dialog-title");
  const heading = element("h2", "", t("js.my_map.before_print"));
  heading.id = "my-map-print-dialog-title";
  const buttons = element("div", "my-map-dialog-buttons");
  for (const [value, text, cls] of [
    ["print", t("js.my_map.print_it"), "button"],
    ["cancel", t("js.my_map.do_not_print"), "button button-secondary"],
  ]) {
    const b = element("button", cls, text);
    b.type = "button";
    b.value = value;
    buttons.append(b);
  }
  dialog.append(heading, element("p"), buttons);
  root.append(dialog);
  return dialog;
}

// ---------------------------------------------------------------------------------------
// Loading and showing

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
}

/** Keeps each item's last-known name up to date, for the day it is no longer listed. */
function refreshNames() {
  const map = read();
  let changed = false;
  for (const item of map.items) {
    const card = known(item.id);
    if (card && item.name !== card.name) {
      item.name = card.name;
      changed = true;
    }
  }
  if (changed) write(map);
}

/** Shows the view the address asks for: a share link's map to the person, else this
 * browser's map for editing. */
async function show() {
  delete root.dataset.ready;
  linked = mapFromAddress();
  const map = linked || read();
  await loadCards(map);
  const person = Boolean(linked);
  root.dataset.view = person ? "person" : "edit";
  $("my-map-head").hidden = person;
  $("my-map-edit").hidden = person;
  document.querySelector(".my-map-crumbs").hidden = person;
  document.title = t("js.my_map.document_title", {
    title: person ? map.title.trim() || t("js.my_map.yours") : t("js.my_map.page_title"),
    site: root.dataset.siteTitle || t("js.my_map.site"),
  });
  if (person) {
    renderPerson(linked, hasWords(linked));
  } else {
    refreshNames();
    $("my-map-expired").hidden = !expired();
    renderEdit();
  }
  root.dataset.ready = "1";
}

// ---------------------------------------------------------------------------------------
// Wiring

list.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-action]");
  if (!button || button.disabled) return;
  const id = button.closest(".my-map-item").dataset.id;
  const action = button.dataset.action;
  if (action === "remove") removeItem(id);
  else if (action === "expand") {
    if (open.has(id)) open.delete(id);
    else open.add(id);
    button.setAttribute("aria-expanded", String(open.has(id)));
    $(button.getAttribute("aria-controls")).hidden = !open.has(id);
  } else move(id, action);
});

list.addEventListener("input", (event) => {
  const field = event.target.dataset.field;
  if (!field) return;
  const map = read();
  const item = map.items.find((i) => i.id === event.target.closest(".my-map-item").dataset.id);
  if (!item) return;
  item[field] = event.target.value;
  write(map);
});
// The glance line, the share link and the printout follow a note once the worker leaves it.
list.addEventListener("change", (event) => {
  const li = event.target.closest(".my-map-item");
  const map = read();
  const index = map.items.findIndex((i) => i.id === li?.dataset.id);
  if (index >= 0) li.querySelector(".my-map-glance").replaceWith(itemElement(map.items[index], index, map.items.length).querySelector(".my-map-glance"));
  renderAside(map);
});

// Dragging a card by its handle (mouse, pen or finger): dropped on another card, it takes that
// card's place. Pointer events rather than HTML drag and drop, which phones do not offer.
let dragging = null; // {id, handle}
list.addEventListener("pointerdown", (event) => {
  const handle = event.target.closest(".my-map-handle");
  if (!handle || event.button !== 0) return;
  event.preventDefault();
  handle.setPointerCapture(event.pointerId);
  dragging = { id: handle.closest(".my-map-item").dataset.id, handle };
  handle.closest(".my-map-item").classList.add("is-dragged");
});
const dropTarget = (event) => document.elementFromPoint(event.clientX, event.clientY)?.closest?.("#my-map-list > .my-map-item");
list.addEventListener("pointermove", (event) => {
  if (!dragging) return;
  const target = dropTarget(event);
  for (const li of list.querySelectorAll(".is-drop-target")) if (li !== target) li.classList.remove("is-drop-target");
  if (target && target.dataset.id !== dragging.id) target.classList.add("is-drop-target");
});
list.addEventListener("pointerup", (event) => {
  if (!dragging) return;
  const { id } = dragging;
  dragging = null;
  const target = dropTarget(event);
  for (const li of list.querySelectorAll(".is-dragged, .is-drop-target")) li.classList.remove("is-dragged", "is-drop-target");
  const map = read();
  const from = map.items.findIndex((i) => i.id === id);
  const to = map.items.findIndex((i) => i.id === target?.dataset.id);
  if (from >= 0 && to >= 0 && from !== to) moveTo(map, from, to, "drag");
});
list.addEventListener("pointercancel", () => {
  dragging = null;
  for (const li of list.querySelectorAll(".is-dragged, .is-drop-target")) li.classList.remove("is-dragged", "is-drop-target");
});

for (const [key, input] of Object.entries(fields)) {
  input.addEventListener("input", () => {
    const map = read();
    map[key] = input.value;
    write(map);
  });
  input.addEventListener("change", () => renderAside());
}

for (const radio of document.querySelectorAll('input[name="my-map-keep"]')) {
  radio.addEventListener("change", () => {
    if (!KEEPS[radio.value]) return;
    setKeeping(radio.value);
    renderKeeping(read());
    announce(t("js.my_map.now_kept", { how: t(KEEP_WORDS[radio.value]) }));
  });
}

shareNotes.addEventListener("change", () => renderEdit());
shareLink.addEventListener("focus", () => shareLink.select());
$("my-map-copy").addEventListener("click", async () => {
  const risky = read().items.some((i) => known(i.id)?.sensitive);
  try {
    await navigator.clipboard.writeText(shareLink.value);
  } catch {
    shareLink.focus();
    shareLink.select();
    document.execCommand?.("copy");
  }
  announce(
    (shareNotes.checked ? t("js.my_map.copied_with_notes") : t("js.my_map.copied")) + (risky ? t("js.my_map.copied_sensitive") : ""),
  );
});
$("my-map-print").addEventListener("click", printMap);
$("my-map-clear").addEventListener("click", clearMap);
$("my-map-continue").addEventListener("click", continueBuilding);
// A share link opened while this page is open, or Back from one; not "#main" (the skip link).
window.addEventListener("hashchange", () => {
  if (!window.location.hash || mapFromAddress()) show();
});

// Another tab of this site changed the map: show the new state.
window.addEventListener("storage", async () => {
  if (linked || document.activeElement?.matches?.("input, textarea")) return;
  await loadCards(read());
  if (root.dataset.view === "edit") renderEdit();
});

liveRegion();
root.hidden = false;
$("my-map-summary").textContent = t("js.my_map.loading");
show();
