// My Support Map, on every page: the header link with the number of items, and the
// "Add to my Support Map" / "Remove" buttons.
//
// Templates mark where buttons go with empty slots (see docs/themes.md):
//   <div class="my-map-slot" data-my-map-asset="<id>" data-my-map-name="<name>">   one service
//   <div class="my-map-slot" data-my-map-route="<pathway id>" data-my-map-name="<title>">
//                                                                  every service on a pathway
// with the class my-map-slot-card for the smaller button of a card. Search results get slots
// as they appear. Without JavaScript the slots stay empty, so no button is ever dead.

import { BASE, ID_PATTERN, add, announce, fetchCard, has, liveRegion, onChange, read, remove, services } from "./my-map-store.js";

const SVG = "http://www.w3.org/2000/svg";
const renderers = new WeakMap(); // slot -> function that shows its current state

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

/** A small decorative icon: "add" (a plus) or "remove" (a tick, for "it is in your map"). */
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

/** Sets a button's text; on cards the visually hidden `suffix` names what it is for. */
function label(button, kind, text, suffix) {
  const parts = [icon(kind), document.createTextNode(text)];
  if (suffix) parts.push(element("span", "visually-hidden", `: ${suffix}`));
  button.replaceChildren(...parts);
}

function mapLink() {
  const link = element("a", "", "See my Support Map");
  link.href = `${BASE}my-map/`;
  return link;
}

/** The button of one service. */
function assetSlot(slot) {
  const id = slot.dataset.myMapAsset;
  const name = slot.dataset.myMapName || id;
  if (!ID_PATTERN.test(id)) return;
  const onCard = slot.classList.contains("my-map-slot-card");
  const button = element("button", "my-map-button");
  button.type = "button";
  const state = onCard ? null : element("p", "my-map-state");
  button.addEventListener("click", () => {
    if (has(id)) {
      remove([id]);
      announce(`Removed ${name} from your Support Map. ${services(read().items.length)} in it now.`);
    } else {
      add([{ id, name }]);
      announce(`Added ${name} to your Support Map. ${services(read().items.length)} in it now.`);
    }
  });
  const render = () => {
    const inMap = has(id);
    label(button, inMap ? "remove" : "add", inMap ? "Remove from my Support Map" : "Add to my Support Map", onCard ? name : "");
    button.classList.toggle("is-in-map", inMap);
    if (state) {
      state.hidden = !inMap;
      state.replaceChildren(icon("remove"), document.createTextNode("In your Support Map. "), mapLink());
    }
  };
  slot.replaceChildren(...[button, state].filter(Boolean));
  renderers.set(slot, render);
  render();
}

/** The button of a pathway: adds every service on its steps, in order. */
async function routeSlot(slot) {
  const id = slot.dataset.myMapRoute;
  const title = slot.dataset.myMapName || id;
  if (!ID_PATTERN.test(id)) return;
  let card;
  try {
    card = await fetchCard("pathway", id);
  } catch {
    return; // offline or a server problem: no button rather than a broken one
  }
  const seen = new Set();
  const assets = (card?.steps || []).flatMap((step) => step.assets).filter((a) => !seen.has(a.id) && seen.add(a.id));
  if (!assets.length) return;
  const onCard = slot.classList.contains("my-map-slot-card");
  const button = element("button", "my-map-button my-map-route-button");
  button.type = "button";
  const state = onCard ? null : element("p", "my-map-state");
  button.addEventListener("click", () => {
    const missing = assets.filter((a) => !has(a.id));
    if (missing.length === 0) {
      const removed = remove(assets.map((a) => a.id));
      announce(`Removed the ${services(removed)} on this route from your Support Map. ${services(read().items.length)} in it now.`);
    } else {
      const added = add(missing);
      const already = assets.length - missing.length;
      announce(
        `Added ${services(added)} from the route “${title}” to your Support Map, in the order of its steps` +
          (already ? ` (${already} ${already === 1 ? "was" : "were"} in it already)` : "") +
          `. ${services(read().items.length)} in it now.`,
      );
    }
  });
  const render = () => {
    const inMap = assets.filter((a) => has(a.id)).length;
    const all = inMap === assets.length;
    label(button, all ? "remove" : "add", all ? "Remove this route from my Support Map" : "Add this route to my Support Map", onCard ? title : "");
    button.classList.toggle("is-in-map", all);
    if (state) {
      if (all) {
        state.replaceChildren(icon("remove"), document.createTextNode(`All ${services(assets.length)} on this route are in your Support Map. `), mapLink());
      } else if (inMap) {
        state.replaceChildren(document.createTextNode(`${inMap} of the ${services(assets.length)} on this route ${inMap === 1 ? "is" : "are"} in your Support Map; adding the route adds the rest, in order. `), mapLink());
      } else {
        state.replaceChildren(document.createTextNode(`Adds the ${services(assets.length)} on this route, in the order of its steps.`));
      }
    }
  };
  slot.replaceChildren(...[button, state].filter(Boolean));
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
    const match = path.startsWith(BASE) && /^(assets|pathways)\/([a-z0-9-]+)\/$/.exec(path.slice(BASE.length));
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
