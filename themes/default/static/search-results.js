// Results: draws ranked results as labelled groups (services, then pathways, then the guide
// and other pages), each service with what a link worker acts on: phone, cost, how to get in
// and whether it is open now. Built with textContent only, so record text never becomes markup.

import { opening as openingOf } from "./search-hours.js";
import { formatMiles } from "./near.js";
import { language, t } from "./strings.js";

/** How many results a group shows before its "Show more" button. */
const FIRST_PAGE = { services: 10, pathways: 3, pages: 3 };
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
  if (typeof miles === "number") item.append(element("p", "result-distance", t("js.results.away", { distance: formatMiles(miles) })));
  if (meta.summary) item.append(element("p", "result-summary", meta.summary));
  const opening = openingOf(meta.hours);
  if (opening) item.append(element("p", "result-open" + (opening.open ? " is-open" : ""), opening.text));
  const facts = element("dl", "result-facts");
  if (meta.phone) {
    const phone = element("a", "result-phone", meta.phone);
    phone.href = /^tel:\+?[0-9]+$/.test(meta.tel || "") ? meta.tel : "tel:" + meta.phone.replace(/[^0-9+]/g, "");
    facts.append(fact(t("js.results.phone"), phone));
  }
  for (const key of ["cost", "access", "needs", "places", "age"]) {
    if (meta[key]) facts.append(fact(t(`js.results.${key}`), meta[key]));
  }
  if (facts.children.length) item.append(facts);
  if (meta.status) item.append(element("p", "result-status", meta.status));
  return item;
}

/** Words of `text`, lowercase. */
const wordsOf = (text) => String(text || "").toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** Endings that make another form of the same word, not another word. */
const ENDINGS = new Set(["", "e", "s", "es", "y", "ies", "ied", "d", "ed", "ing", "r", "rs", "er", "ers", "ly", "ness", "iness", "ion", "ions", "ation", "ment", "al", "ity"]);

/**
 * Whether a name word and a searched word are one word in two forms: one begins the other, or
 * they differ only in an ending ("lonely" and "loneliness", "isolated" and "isolation"; not
 * "homes" and "homeless", whose "less" makes another word).
 */
function sameWord(named, searched) {
  if (named.startsWith(searched)) return true;
  let common = 0;
  while (common < named.length && named[common] === searched[common]) common++;
  const endings = ENDINGS.has(named.slice(common)) && ENDINGS.has(searched.slice(common));
  return endings && common >= Math.max(4, Math.min(named.length, searched.length) - 2);
}

/** Whether `words` (a name's) say `form`: a word, or a phrase its words start. */
function says(words, form) {
  const parts = form.split(" ");
  if (parts.length > 1) return ` ${words.join(" ")} `.includes(` ${form}`);
  return words.some((w) => sameWord(w, form)) || (form.length >= 6 && words.join("").includes(form));
}

/**
 * The words of a record's main need (its first listed): the longest need name that its needs
 * start with, as a name may hold a comma itself ("Money, debt and benefits").
 */
function mainNeedOf(listed, needs) {
  const text = `${wordsOf(listed).join(" ")} `;
  const name = [...needs.keys()].filter((n) => text.startsWith(`${n} `)).sort((a, b) => b.length - a.length)[0];
  return name ? name.split(" ") : wordsOf(String(listed || "").split(", ")[0]);
}

/**
 * How well the result's name (and, for half as much, its main need: the first listed) carries
 * the query: each searched word counts when the name says it, or says what it stands for as an
 * everyday word ("Befriending" for "someone to talk to"); for the main need, its synonyms count
 * too. `terms` are the searched words, each as a list of its forms: the word, then its
 * meanings. `needs` maps a need's name (lowercase words) to its synonyms.
 */
function nameHits(data, terms, needs) {
  const meta = data.meta || {};
  const name = wordsOf(meta.title);
  const mainNeed = mainNeedOf(meta.needs, needs);
  const synonyms = (needs.get(mainNeed.join(" ")) || []).map(wordsOf);
  const inNeed = (f) => says(mainNeed, f) || synonyms.some((words) => words.join(" ") === f || (words.length === 1 && sameWord(words[0], f)));
  const nameCount = terms.filter((forms) => forms.some((f) => says(name, f))).length;
  const needCount = terms.filter((forms) => forms.some(inNeed)).length;
  return nameCount + needCount / 2;
}

/**
 * Half a word's worth for a service in the place named in the query itself (`place`: its name),
 * over one for the whole town: "carers group westfield" asks for Westfield's.
 */
function inPlace(data, place) {
  if (!place) return 0;
  const where = String((data.meta || {}).places || "").split(", ");
  return where.includes(place) ? 0.5 : 0;
}

/**
 * Among the results shown first, those whose name has the query's words lead (a directory is
 * searched by name as much as by need): "food bank" puts the Food Bank first. Records with
 * every word stay ahead of those with some. Among those with some, a word in the name counts
 * as much as one more of the words matched, and breaks a tie: "Open Door" does not lead "open
 * a bank account" over two services that say "bank" and "account" (and a name with one word,
 * over a record with three of four, would let one common word decide). A record that says two of the query's words side by side, as typed
 * ("damp and mould"), counts each such pair as a word in its name, and a service in the place
 * named in the query half of one (inPlace).
 */
function byName(results, page, terms, needs, place) {
  const order = page.map((data, i) => {
    const hits = nameHits(data, terms, needs) + inPlace(data, place) + (results[i].side || 0);
    return { data, i, full: results[i].full, hits, weight: hits + (results[i].matched || 0) };
  });
  order.sort((a, b) => Number(b.full) - Number(a.full) || b.weight - a.weight || b.hits - a.hits || a.i - b.i);
  return order.map((o) => o.data);
}

/** The data of a group's first page of results. */
export function firstPage({ group, results }) {
  return load(results, 0, FIRST_PAGE[group.id]);
}

/**
 * Draws the groups ([{group, results, byDistance}], empty ones left out) into `box`, with
 * `pages` (each group's firstPage); a group sorted by distance keeps its order and shows each result's
 * miles. `terms` are the words searched for, each as a list of its forms, and `needs` the
 * needs' synonyms (nameHits), `place` the name of a place named in the query. `isCurrent()` says whether this search is still the one on
 * screen (a newer one stops an older one adding more results). With `keepFirst`, the first
 * group is on screen already (drawn alone, as soon as it was ready) and the others follow it.
 */
export function showGroups(box, groups, pages, terms, needs, isCurrent, keepFirst = false, place = null) {
  const sections = [];
  groups.forEach(({ group, results, byDistance }, i) => {
    if (results.length === 0 || (keepFirst && i === 0)) return;
    const section = element("section", "result-group");
    section.dataset.group = group.id;
    const headingId = `results-${group.id}`;
    const heading = element("h2", "result-group-title", t("js.results.group", { group: group.label, count: results.length }));
    heading.id = headingId;
    section.setAttribute("aria-labelledby", headingId);
    const list = element("ol", "result-list");
    section.append(heading, list);
    const page = byDistance ? pages[i] : byName(results, pages[i], terms, needs, place);
    sections.push({ section, list, group, results, page });
  });
  if (keepFirst) box.append(...sections.map((s) => s.section));
  else box.replaceChildren(...sections.map((s) => s.section));
  for (const s of sections) fill(s, s.page, 0, isCurrent);
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
  const more = element("button", "button button-secondary more-results", t("js.results.show_more", { shown: Math.min(MORE_PAGE, left), group: s.group.label.toLocaleLowerCase(language()), count: left }));
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
