// The site's offline service worker, written by supportmap into sw.js at the top of the site
// (see src/offline.rs). Its scope is the site's base path, whatever it is.
//
// Online, every file comes from the network, as if there were no service worker, and a copy
// is kept in this build's cache: the shell on install, then each page opened and each search
// file used. With no connection, files come from that cache; a page that was never kept gets
// the saved "offline/" page. Pages are kept with the time they were saved in
// <html data-offline-saved>, which static/offline.js turns into "You are offline: these details
// were saved on …".
//
// One cache per build ("supportmap-<build id>"), and a file is put in it only after
// offline/build.json, fetched after that file, still names this build: deployments replace
// each other, so the file came from this build too. When the network has a newer build, the
// browser is asked to fetch the new sw.js, whose install keeps the same pages again from the
// new build before the old cache is deleted: the cache never holds a mix of two builds.
// When offline/build.json is gone (the site turned offline use off), this worker removes its
// caches and itself.
//
// Sensitive pages (<body data-sensitive>) are kept only when the reader asks to save the whole
// site: a page someone opened about domestic abuse is not left on the device otherwise.

const BUILD = "__BUILD__";
const SHELL = "__SHELL__";
const PREFIX = "supportmap-";
const CACHE = PREFIX + BUILD;
const SCOPE = new URL(self.registration.scope);
/** Files a reader never needs offline, or that must always come from the network. */
const ONLINE_ONLY = /^(sw\.js|offline\/build\.json|offline\/files\.json|sitemap\.xml|robots\.txt|data\/.*)$/;
/** How many files "save the whole site" fetches at once. */
const PARALLEL = 6;
/**
 * Files kept as the reader browses are checked together, once this long has passed without
 * another (a page, or a search, fetches its files in a burst), or at the latest this long after
 * the first: a check per file was a request for offline/build.json per index chunk and result
 * of every search.
 */
const SETTLE_MS = 500;
const MAX_WAIT_MS = 3000;

const url = (address) => new URL(address, SCOPE).href;

/** The address of a request below the scope (no query), or null outside it. */
function addressOf(href) {
  const u = new URL(href);
  if (u.origin !== SCOPE.origin || !u.pathname.startsWith(SCOPE.pathname)) return null;
  return u.pathname.slice(SCOPE.pathname.length);
}

// --- Is the network still serving this build? ----------------------------------------------

/** Resolves true when offline/build.json names this build; removes the worker when it is gone. */
async function sameBuild() {
  try {
    const response = await fetch(url("offline/build.json"), { cache: "no-store" });
    if (response.status === 404) {
      await retire();
      return false;
    }
    const { build } = await response.json();
    if (build === BUILD) return true;
    self.registration.update().catch(() => {});
  } catch {
    // No connection or a broken file: keep nothing that cannot be checked.
  }
  return false;
}

let checking = Promise.resolve(true);
let nextCheck = null;

/** A check that starts after every response received so far: true if they are all this build's. */
function checked() {
  nextCheck ??= checking.then(() => {
    nextCheck = null;
    checking = sameBuild();
    return checking;
  });
  return nextCheck;
}

async function retire() {
  for (const name of await caches.keys()) if (name.startsWith(PREFIX)) await caches.delete(name);
  await self.registration.unregister();
}

// --- Keeping files ----------------------------------------------------------------------------

/**
 * A copy of `response` to keep, read whole: a page carries the time it was saved. (A body left
 * unread holds one of the browser's few connections to the site, which the check of the
 * build may be waiting for.)
 */
async function saved(response) {
  const headers = new Headers(response.headers);
  if (!(headers.get("content-type") || "").startsWith("text/html")) {
    return { response: new Response(await response.arrayBuffer(), { headers }), sensitive: false };
  }
  const html = await response.text();
  const stamped = html.replace("<html", `<html data-offline-saved="${new Date().toISOString()}"`);
  // The page is longer now: its old length must not go with it.
  headers.delete("content-length");
  return {
    response: new Response(stamped, { headers }),
    sensitive: /<body[^>]* data-sensitive[\s>=]/.test(html),
  };
}

/** Keeps `entries` ([address, response]) once they are known to be this build's. */
async function keep(entries, options) {
  const copies = await Promise.all(entries.map(async ([address, response]) => [address, await saved(response)]));
  return putChecked(copies, options);
}

/** Puts `copies` ([address, saved copy]) in the cache once they are known to be this build's. */
async function putChecked(copies, { sensitiveToo = false } = {}) {
  if (!(await checked())) return false;
  const cache = await caches.open(CACHE);
  await Promise.all(
    copies
      .filter(([, copy]) => sensitiveToo || !copy.sensitive)
      .map(([address, copy]) => cache.put(url(address), copy.response)),
  );
  return true;
}

/** Files kept as the reader browses, waiting to be checked together: { copies, first, timer, done }. */
let browsed = null;

/**
 * Keeps a file the reader's browsing fetched, with the others of its burst (SETTLE_MS). Its
 * body is read at once (an unread body holds one of the browser's few connections to the
 * site); the check of the build starts after the last file of the burst has come.
 */
function keepBrowsed(address, response) {
  if (!browsed) {
    const batch = { copies: [], first: Date.now(), timer: null };
    batch.done = new Promise((resolve) => (batch.resolve = resolve));
    browsed = batch;
  }
  const batch = browsed;
  batch.copies.push(saved(response).then((copy) => [address, copy]));
  clearTimeout(batch.timer);
  const wait = Math.min(SETTLE_MS, Math.max(0, batch.first + MAX_WAIT_MS - Date.now()));
  batch.timer = setTimeout(() => {
    if (browsed === batch) browsed = null;
    batch.resolve(Promise.all(batch.copies).then((copies) => putChecked(copies)).catch(() => false));
  }, wait);
  return batch.done;
}

/**
 * Fetches a file from the network, past any copy in the HTTP cache that may be out of date;
 * null when the site no longer has it (a page an earlier build had).
 */
async function fromNetwork(address) {
  const response = await fetch(url(address), { cache: "no-cache", credentials: "same-origin" });
  if (response.status === 404) return null;
  if (!response.ok || response.redirected) throw new Error(`${address}: ${response.status}`);
  return response;
}

/** Fetches and keeps `addresses` ([address, bytes]), a few at a time; `progress(bytes)` after each. */
async function fetchAndKeep(addresses, { sensitiveToo, progress = () => {} }) {
  const queue = [...addresses];
  const worker = async () => {
    while (queue.length) {
      const [address, size] = queue.shift();
      const response = await fromNetwork(address);
      if (response && !(await keep([[address, response]], { sensitiveToo }))) throw new Error("the site changed");
      progress(size);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      // The shell, and whatever an earlier build had kept (the reader's pages, or the whole
      // site), again from this build.
      const addresses = new Set(SHELL);
      let wholeSite = false;
      for (const name of await caches.keys()) {
        if (!name.startsWith(PREFIX) || name === CACHE) continue;
        for (const request of await (await caches.open(name)).keys()) {
          const address = addressOf(request.url);
          if (address === "offline/files.json") wholeSite = true;
          else if (address !== null && !ONLINE_ONLY.test(address)) addresses.add(address);
        }
      }
      if (wholeSite) await saveWholeSite(() => {});
      else await fetchAndKeep([...addresses].map((a) => [a, 0]), { sensitiveToo: true });
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

// --- Answering requests -------------------------------------------------------------------

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const address = addressOf(request.url);
  if (address === null || ONLINE_ONLY.test(address)) return;
  event.respondWith(answer(event, request, address));
});

async function answer(event, request, address) {
  let response;
  try {
    response = await fetch(request.mode === "navigate" ? url(address) + new URL(request.url).search : request, {
      cache: "no-cache",
      credentials: "same-origin",
    });
  } catch {
    return fromCache(request, address);
  }
  // A navigation may not be answered with a redirected response: send the browser there.
  if (response.redirected && request.mode === "navigate") return Response.redirect(response.url, 302);
  if (response.ok && response.type === "basic" && !response.redirected) {
    event.waitUntil(keepBrowsed(address, response.clone()));
  }
  return response;
}

async function fromCache(request, address) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(url(address));
  if (kept) return kept;
  if (request.mode === "navigate") {
    const page = await cache.match(url("offline/"));
    if (page) return new Response(page.body, { status: 503, headers: page.headers });
  }
  return Response.error();
}

// --- "Save the whole site for offline use" ------------------------------------------------

/** Keeps every file of offline/files.json, reporting bytes as they come in. */
async function saveWholeSite(report) {
  const listing = await fromNetwork("offline/files.json");
  if (!listing) throw new Error("the site is no longer offered offline");
  const { build, files } = await listing.clone().json();
  if (build !== BUILD) {
    self.registration.update().catch(() => {});
    throw new Error("the site changed");
  }
  const total = files.reduce((sum, [, size]) => sum + size, 0);
  const cache = await caches.open(CACHE);
  const have = new Set((await cache.keys()).map((r) => r.url));
  let done = 0;
  const missing = files.filter(([address, size]) => {
    if (!have.has(url(address))) return true;
    done += size;
    return false;
  });
  report(done, total);
  await fetchAndKeep(missing, {
    sensitiveToo: true,
    progress: (size) => report((done += size), total),
  });
  // Marks the site as saved whole, so that the next build saves it whole again.
  if (!(await keep([["offline/files.json", listing]]))) throw new Error("the site changed");
  report(total, total);
}

self.addEventListener("message", (event) => {
  const port = event.ports[0];
  if (!port) return;
  if (event.data === "save-whole-site") {
    event.waitUntil(
      saveWholeSite((done, total) => port.postMessage({ done, total }))
        .then(() => port.postMessage({ finished: true }))
        .catch((error) => port.postMessage({ failed: String(error.message || error) })),
    );
  } else if (event.data === "whole-site-saved") {
    event.waitUntil(
      caches
        .open(CACHE)
        .then((cache) => cache.match(url("offline/files.json")))
        .then((kept) => port.postMessage({ saved: Boolean(kept) })),
    );
  }
});
