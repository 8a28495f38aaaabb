// Results: draws ranked results as labelled groups (services, then pathways, then the guide
// and other pages), each service with what a link worker acts on: phone, cost, how to get in
// and whether it is open now. Built with textContent only, so record text never becomes markup.

import { openingText } from "./search-hours.js";
import { formatMiles } from "./near.js";

/** How many results a group shows before its "Show more" button. */
const FIRST_PAGE = { services: 20, pathways: 5, pages: 5 };
const MORE_PAGE = 20;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

function fact(label, value) {
  const row = element("div");
  const dd = element("dd");
  dd.append(value);
  row.append(element("dt", "", label), dd);
  return row;
}

/** One result; `miles` (when a number) is how far away it is. */
export function resultItem(data, miles) {
  const meta = data.meta || {};
  const item = element("li", "result");
  const heading = element("h3", "result-title");
  const link = element("a", "", meta.title || data.url);
  link.href = data.url;
  heading.append(link);
  item.append(element("p", "result-kind", meta.kind || ""), heading);
  if (typeof miles === "number") item.append(element("p", "result-distance", `${formatMiles(miles)} away`));
  if (meta.summary) item.append(element("p", "result-summary", meta.summary));
  const opening = openingText(meta.hours);
  if (opening) item.append(element("p", "result-open" + (opening.startsWith("Open now") ? " is-open" : ""), opening));
  const facts = element("dl", "result-facts");
  if (meta.phone) {
    const phone = element("a", "result-phone", meta.phone);
    phone.href = /^tel:\+?[0-9]+$/.test(meta.tel || "") ? meta.tel : "tel:" + meta.phone.replace(/[^0-9+]/g, "");
    facts.append(fact("Phone", phone));
  }
  for (const [key, label] of [["cost", "Cost"], ["access", "How to get in"], ["needs", "Helps with"], ["places", "Where"], ["age", "Age"]]) {
    if (meta[key]) facts.append(fact(label, meta[key]));
  }
  if (facts.children.length) item.append(facts);
  if (meta.status) item.append(element("p", "result-status", meta.status));
  return item;
}

/**
 * How well the result's name (and, for half as much, its main need: the first listed) carries
 * `words`: a word counts when it begins a word of the name, or, run together, is in the name
 * ("foodbank" in "Food Bank").
 */
function nameHits(data, words) {
  const meta = data.meta || {};
  const name = String(meta.title || "").toLowerCase().split(/[^\p{L}\p{N}]+/u);
  const joined = name.join("");
  const mainNeed = String(meta.needs || "").split(", ")[0].toLowerCase().split(/[^\p{L}\p{N}]+/u);
  const inName = words.filter((w) => name.some((n) => n.startsWith(w)) || (w.length >= 6 && joined.includes(w))).length;
  const inNeed = words.filter((w) => mainNeed.some((n) => n.startsWith(w))).length;
  return inName + inNeed / 2;
}

/**
 * Among the results shown first, those whose name has the query's words lead (a directory is
 * searched by name as much as by need): "food bank" puts the Food Bank first. Records with
 * every word stay ahead of those with some.
 */
function byName(results, page, words) {
  const order = page.map((data, i) => ({ data, i, full: results[i].full, hits: nameHits(data, words) }));
  order.sort((a, b) => Number(b.full) - Number(a.full) || b.hits - a.hits || a.i - b.i);
  return order.map((o) => o.data);
}

/**
 * Draws the groups ([{group, results, byDistance}], empty ones left out) into `box`; a group
 * sorted by distance keeps its order and shows each result's miles. `words` are the words
 * searched for. `isCurrent()` says whether this search is still the one on screen (a newer one
 * stops an older one drawing).
 */
export async function showGroups(box, groups, words, isCurrent) {
  const sections = [];
  for (const { group, results, byDistance } of groups) {
    if (results.length === 0) continue;
    const section = element("section", "result-group");
    section.dataset.group = group.id;
    const headingId = `results-${group.id}`;
    const heading = element("h2", "result-group-title", `${group.label} (${results.length})`);
    heading.id = headingId;
    section.setAttribute("aria-labelledby", headingId);
    const list = element("ol", "result-list");
    section.append(heading, list);
    sections.push({ section, list, group, results, byDistance });
  }
  const loaded = await Promise.all(sections.map((s) => load(s.results, 0, FIRST_PAGE[s.group.id])));
  if (!isCurrent()) return false;
  const pages = loaded.map((page, i) => (sections[i].byDistance ? page : byName(sections[i].results, page, words)));
  box.replaceChildren(...sections.map((s) => s.section));
  sections.forEach((s, i) => fill(s, pages[i], 0, isCurrent));
  return true;
}

function load(results, start, count) {
  return Promise.all(results.slice(start, start + count).map((r) => r.data()));
}

/** Adds a page of results to a group, then a button for the rest. */
function fill(s, page, start, isCurrent) {
  page.forEach((data, i) => s.list.append(resultItem(data, s.results[start + i].miles)));
  s.section.querySelector(".more-results")?.remove();
  const shown = start + page.length;
  const left = s.results.length - shown;
  if (left <= 0) return;
  const more = element("button", "button button-secondary more-results", `Show ${Math.min(MORE_PAGE, left)} more ${s.group.label.toLowerCase()} of ${left} remaining`);
  more.type = "button";
  more.addEventListener("click", async () => {
    const next = await load(s.results, shown, MORE_PAGE);
    if (!isCurrent()) return;
    const firstNew = s.list.children.length;
    fill(s, next, shown, isCurrent);
    s.list.children[firstNew]?.querySelector("a")?.focus();
  });
  s.section.append(more);
}
