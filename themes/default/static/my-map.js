// My Support Map, on every page: the header link with the number of items, and the
// "Add to my Support Map" and "Add this route" buttons.
//
// Templates mark where buttons go with empty slots (see docs/themes.md):
//   <div class="my-map-slot" data-my-map-asset="<id>" data-my-map-name="<name>"
//        [data-my-map-sensitive]>                                   one service
//   <div class="my-map-slot" data-my-map-route="<pathway id>" data-my-map-name="<title>">
//                                                                  the services on a pathway
// with the class my-map-slot-card for the smaller button of a card. Search results get slots
// as they appear. Without JavaScript the slots stay empty, so no button is ever dead.
//
// No click can undo the one before it: "Add" becomes "Added" (and does nothing more) beside a
// separate "Remove", and every removal offers Undo. "Add this route" asks which of the
// route's services to add (all ticked); "Remove this route" removes only what the route added.

import {
  HOME,
  ID_PATTERN,
  add,
  announce,
  fetchCard,
  has,
  liveRegion,
  offerUndo,
  onChange,
  read,
  remove,
  restore,
  sensitiveWarning,
  services,
} from "./my-map-store.js";
import { t } from "./strings.js";

const SVG = "http://www.w3.org/2000/svg";
const renderers = new WeakMap(); // slot -> function that shows its current state

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

/** A small decorative icon: "add" (a plus) or "added" (a tick). */
function icon(kind) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", "icon");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", "20");
  svg.setAttribute("height", "20");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", kind === "add" ? "M12 5v14M5 12h14" : "M5 12.5l4.5 4.5L19 7.5");
  path.setAttribute("fill", "none");
  path.setAttribute("stroke", "currentColor");
  path.setAttribute("stroke-width", "2.5");
  path.setAttribute("stroke-linecap", "round");
  path.setAttribute("stroke-linejoin", "round");
  svg.append(path);
  return svg;
}

/** Sets a button's text; the visually hidden `suffix` names what it is for. */
function label(button, kind, text, suffix) {
  const pieces = [kind ? icon(kind) : null, document.createTextNode(text)].filter(Boolean);
  if (suffix) pieces.push(element("span", "visually-hidden", `: ${suffix}`));
  button.replaceChildren(...pieces);
}

function button(className) {
  const b = element("button", className);
  b.type = "button";
  return b;
}

function mapLink() {
  const link = element("a", "", t("js.my_map.see_map"));
  link.href = new URL("my-map/", HOME).pathname;
  return link;
}

const inMapNow = () => t("js.my_map.in_it_now", { services: services(read().items.length) });

/** The buttons of one service: "Add to my Support Map", then "Added" and "Remove". */
function assetSlot(slot) {
  const id = slot.dataset.myMapAsset;
  const name = slot.dataset.myMapName || id;
  if (!ID_PATTERN.test(id)) return;
  const onCard = slot.classList.contains("my-map-slot-card");
  const addButton = button("my-map-button");
  const removeButton = button("my-map-button my-map-remove-button");
  label(removeButton, null, t("js.my_map.remove"), t("js.my_map.from_map", { name }));
  const state = onCard ? null : element("p", "my-map-state");
  const warning = element("p", "my-map-sensitive");
  const sensitive = () => "myMapSensitive" in slot.dataset && slot.dataset.myMapSensitive !== "false";

  addButton.addEventListener("click", async () => {
    if (addButton.getAttribute("aria-disabled") === "true" || has(id)) return;
    add([{ id, name }]);
    // A search result does not say whether its service is sensitive: its card does.
    if (!("myMapSensitive" in slot.dataset)) {
      const card = await fetchCard("asset", id).catch(() => null);
      slot.dataset.myMapSensitive = String(Boolean(card?.sensitive));
      render();
    }
    announce(t("js.my_map.added_one", { name, now: inMapNow() }) + (sensitive() ? ` ${sensitiveWarning([name])}` : ""));
  });
  removeButton.addEventListener("click", () => {
    const removed = remove([id]);
    if (!removed.length) return;
    offerUndo(t("js.my_map.removed_one", { name, now: inMapNow() }), () => restore(removed), () => addButton);
  });
  const render = () => {
    const inMap = has(id);
    label(addButton, inMap ? "added" : "add", inMap ? t("js.my_map.added") : t("js.my_map.add"), onCard ? name : "");
    addButton.classList.toggle("is-in-map", inMap);
    if (inMap) addButton.setAttribute("aria-disabled", "true");
    else addButton.removeAttribute("aria-disabled");
    removeButton.hidden = !inMap;
    if (state) {
      state.hidden = !inMap;
      state.replaceChildren(mapLink());
    }
    warning.hidden = !(inMap && sensitive());
    warning.textContent = sensitiveWarning([name]);
  };
  slot.replaceChildren(...[addButton, removeButton, state, warning].filter(Boolean));
  renderers.set(slot, render);
  render();
}

let checklist = null; // the one "Add this route" dialog of the page

/** The dialog that asks which of a route's services to add: every one ticked to begin with,
 * those already in the map shown as such. Resolves to the ticked entries, or null. */
function chooseFromRoute(title, assets) {
  if (checklist?.open) return Promise.resolve(null); // a second click while it is open
  checklist ??= Object.assign(element("dialog", "my-map-dialog my-map-checklist"), { id: "my-map-route-dialog" });
  checklist.setAttribute("aria-labelledby", "my-map-route-title");
  const heading = element("h2", "", t("js.my_map.route_heading", { title }));
  heading.id = "my-map-route-title";
  const intro = element("p", "", t("js.my_map.route_intro"));
  const fieldset = element("fieldset");
  fieldset.append(element("legend", "", t("js.my_map.route_legend")));
  const boxes = [];
  assets.forEach((a, i) => {
    const row = element("div", "checkbox");
    const box = element("input");
    box.type = "checkbox";
    box.id = `my-map-route-${i}`;
    box.checked = true;
    const already = has(a.id);
    box.disabled = already;
    const text = element("label", "", a.name);
    text.htmlFor = box.id;
    if (already) text.append(element("span", "my-map-already", t("js.my_map.route_already")));
    if (a.sensitive) text.append(element("span", "my-map-already", t("js.my_map.route_sensitive")));
    row.append(box, text);
    fieldset.append(row);
    if (!already) boxes.push([box, a]);
  });
  const buttons = element("div", "my-map-dialog-buttons");
  const ok = button("button");
  ok.value = "add";
  ok.textContent = t("js.my_map.add_ticked");
  const cancel = button("button button-secondary");
  cancel.value = "cancel";
  cancel.textContent = t("js.my_map.cancel");
  buttons.append(ok, cancel);
  checklist.replaceChildren(heading, intro, fieldset, buttons);
  if (!checklist.isConnected) document.body.append(checklist);
  return new Promise((resolve) => {
    const done = (value) => {
      checklist.removeEventListener("click", onClick);
      checklist.removeEventListener("cancel", onCancel);
      if (checklist.open) checklist.close();
      resolve(value === "add" ? boxes.filter(([box]) => box.checked).map(([, a]) => a) : null);
    };
    const onClick = (event) => {
      // The second click of the double click that opened the list lands in it: ignore it.
      if (event.detail > 1) {
        event.preventDefault();
        return;
      }
      const b = event.target.closest("button[value]");
      if (b) done(b.value);
    };
    const onCancel = (event) => {
      event.preventDefault();
      done("cancel");
    };
    checklist.addEventListener("click", onClick);
    checklist.addEventListener("cancel", onCancel);
    checklist.showModal();
    (boxes[0]?.[0] || ok).focus();
  });
}

/** Asks before removing services that have a note; resolves to "all", "keep-noted" or null. */
function confirmNoted(noted) {
  const dialog = element("dialog", "my-map-dialog");
  dialog.setAttribute("aria-labelledby", "my-map-noted-title");
  const heading = element("h2", "", t("js.my_map.noted_heading", { count: noted.length }));
  heading.id = "my-map-noted-title";
  const list = element("ul");
  for (const item of noted) list.append(element("li", "", t("js.my_map.noted_item", { name: item.name, note: [item.note, item.next].filter(Boolean).join("; ") })));
  const buttons = element("div", "my-map-dialog-buttons");
  for (const [value, text, secondary] of [
    ["keep-noted", t("js.my_map.keep_noted"), false],
    ["all", t("js.my_map.remove_noted"), true],
  ]) {
    const b = button(secondary ? "button button-secondary" : "button");
    b.value = value;
    b.textContent = text;
    buttons.append(b);
  }
  dialog.append(heading, element("p", "", t("js.my_map.noted_question")), list, buttons);
  document.body.append(dialog);
  return new Promise((resolve) => {
    const done = (value) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    dialog.addEventListener("click", (event) => {
      const b = event.target.closest("button[value]");
      if (b) done(b.value);
    });
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      done(null);
    });
    dialog.showModal();
    buttons.querySelector("button").focus();
  });
}

/**
 * The card of pathway `id`: this page's own when it is the pathway's page, else the small file
 * the search index writes for each pathway (a few hundred bytes, where the page is tens of
 * KB: a search result list shows several pathways for each query). Null when the pathway is
 * no longer published.
 */
async function routeCard(id) {
  const block = document.getElementById("my-map-card");
  const own = block ? JSON.parse(block.textContent) : null;
  if (own?.kind === "pathway" && own.id === id) return own;
  const response = await fetch(new URL(`search/routes/${id}.json`, HOME), { credentials: "same-origin" });
  if (response.status === 404 || response.status === 410) return null;
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

/** The buttons of a pathway: "Add this route" (a checklist of its services) and, once it has
 * added some, "Remove this route". */
async function routeSlot(slot) {
  const id = slot.dataset.myMapRoute;
  const title = slot.dataset.myMapName || id;
  if (!ID_PATTERN.test(id)) return;
  let card;
  try {
    card = await routeCard(id);
  } catch {
    return; // offline or a server problem: no button rather than a broken one
  }
  const seen = new Set();
  const assets = (card?.steps || []).flatMap((step) => step.assets).filter((a) => !seen.has(a.id) && seen.add(a.id));
  if (!assets.length) return;
  const onCard = slot.classList.contains("my-map-slot-card");
  const addButton = button("my-map-button my-map-route-button");
  const removeButton = button("my-map-button my-map-remove-button my-map-route-remove");
  label(removeButton, null, t("js.my_map.remove_route"), t("js.my_map.from_map", { name: title }));
  const state = onCard ? null : element("p", "my-map-state");
  const warning = element("p", "my-map-sensitive");
  const routeItems = () => read().items.filter((item) => item.route === id);

  addButton.addEventListener("click", async () => {
    if (addButton.getAttribute("aria-disabled") === "true") return;
    const chosen = await chooseFromRoute(title, assets);
    if (!chosen) {
      addButton.focus();
      return;
    }
    const added = add(chosen, id);
    addButton.focus();
    const risky = chosen.filter((a) => a.sensitive && added.includes(a.id)).map((a) => a.name);
    announce(
      t("js.my_map.added_route", { services: services(added.length), title, now: inMapNow() }) +
        (risky.length ? ` ${sensitiveWarning(risky)}` : ""),
    );
  });
  removeButton.addEventListener("click", async () => {
    let items = routeItems();
    const noted = items.filter((item) => item.note || item.next);
    if (noted.length) {
      const answer = await confirmNoted(noted);
      if (!answer) {
        removeButton.focus();
        return;
      }
      if (answer === "keep-noted") items = items.filter((item) => !noted.includes(item));
    }
    const removed = remove(items.map((item) => item.id));
    offerUndo(
      t("js.my_map.removed_route", { services: services(removed.length), now: inMapNow() }),
      () => restore(removed),
      () => addButton,
    );
  });
  const render = () => {
    const inMap = assets.filter((a) => has(a.id)).length;
    const all = inMap === assets.length;
    label(addButton, all ? "added" : "add", all ? t("js.my_map.route_added") : t("js.my_map.add_route"), onCard ? title : "");
    addButton.classList.toggle("is-in-map", all);
    if (all) addButton.setAttribute("aria-disabled", "true");
    else addButton.removeAttribute("aria-disabled");
    const mine = routeItems().length;
    removeButton.hidden = mine === 0;
    if (state) {
      if (all) {
        state.replaceChildren(document.createTextNode(t("js.my_map.route_all", { services: services(assets.length) })), mapLink());
      } else if (inMap) {
        state.replaceChildren(document.createTextNode(t("js.my_map.route_some", { count: inMap, services: services(assets.length) })), mapLink());
      } else {
        state.replaceChildren(document.createTextNode(t("js.my_map.route_choose", { services: services(assets.length) })));
      }
    }
    const risky = assets.filter((a) => a.sensitive && has(a.id)).map((a) => a.name);
    warning.hidden = !risky.length;
    warning.textContent = risky.length ? sensitiveWarning(risky) : "";
  };
  slot.replaceChildren(...[addButton, removeButton, state, warning].filter(Boolean));
  renderers.set(slot, render);
  render();
}

function setUp(slot) {
  if (renderers.has(slot) || slot.dataset.myMapReady) return;
  slot.dataset.myMapReady = "1";
  if (slot.dataset.myMapAsset) assetSlot(slot);
  else if (slot.dataset.myMapRoute) routeSlot(slot);
}

/** Search results (built by search.js) get a slot when they appear: services and pathways only. */
function decorateResults(box) {
  for (const result of box.querySelectorAll(".result")) {
    if (result.querySelector(".my-map-slot")) continue;
    const link = result.querySelector(".result-title a");
    if (!link) continue;
    const path = new URL(link.href, document.baseURI).pathname;
    const match = path.startsWith(HOME.pathname) && /^(assets|pathways)\/([a-z0-9-]+)\/$/.exec(path.slice(HOME.pathname.length));
    if (!match) continue;
    const slot = element("div", "my-map-slot my-map-slot-card");
    slot.dataset[match[1] === "assets" ? "myMapAsset" : "myMapRoute"] = match[2];
    slot.dataset.myMapName = link.textContent;
    result.append(slot);
    setUp(slot);
  }
}

function updateHeader() {
  const count = read().items.length;
  for (const item of document.querySelectorAll(".nav-my-map")) item.hidden = false;
  for (const span of document.querySelectorAll("[data-my-map-count]")) span.textContent = count ? ` (${count})` : "";
}

function renderAll() {
  updateHeader();
  for (const slot of document.querySelectorAll(".my-map-slot")) renderers.get(slot)?.();
}

liveRegion();
updateHeader();
for (const slot of document.querySelectorAll(".my-map-slot")) setUp(slot);
const results = document.getElementById("search-results");
if (results) {
  decorateResults(results);
  new MutationObserver(() => decorateResults(results)).observe(results, { childList: true, subtree: true });
}
onChange(renderAll);
