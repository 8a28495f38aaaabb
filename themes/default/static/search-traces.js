// Fewer traces: searches whose words stay out of the page address, and so out of the browser's
// history, on a device someone else may check.
//
// On a sensitive page (<body data-sensitive>), or anywhere when site.yaml sets
// search_in_address: false (<body data-search-address="off">), a search form hands its words to
// the search page through this tab's sessionStorage (read once and removed) instead of the
// address. The search page (static/search.js) then keeps them out of the address for as long
// as that search lasts. Without JavaScript a search form can only put its words in the address.

const KEY = "supportmap-search";

/** Whether this page's searches keep their words out of the address. */
function quietPage() {
  return document.body.hasAttribute("data-sensitive") || document.body.dataset.searchAddress === "off";
}

/**
 * The query handed over by a quiet search form ("q=…&need=…"), or null. Taking it marks this
 * history entry as quiet, so the search page keeps it out of the address.
 */
export function takeHandedOverSearch() {
  let query = null;
  try {
    query = sessionStorage.getItem(KEY);
    sessionStorage.removeItem(KEY);
  } catch {
    // Storage blocked: the search starts empty.
  }
  if (query !== null) history.replaceState({ ...history.state, quietSearch: true }, "");
  return query;
}

/** Whether the search page must keep its words out of the address. */
export function quietSearch() {
  return document.body.dataset.searchAddress === "off" || history.state?.quietSearch === true;
}

function handOver(event) {
  const form = event.currentTarget;
  const query = new URLSearchParams(new FormData(form)).toString();
  try {
    sessionStorage.setItem(KEY, query);
  } catch {
    return; // Storage blocked: the form goes on as a plain one.
  }
  event.preventDefault();
  window.location.assign(form.action);
}

if (quietPage()) {
  // The search page's own form never leaves the page: static/search.js runs it there.
  for (const form of document.querySelectorAll("form[role=search]:not(#search-form)")) {
    form.addEventListener("submit", handOver);
  }
}
