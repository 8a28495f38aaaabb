// Offline use: registers the site's service worker (sw.js, written by the build; see
// src/offline/sw.js), says when a page comes from what was saved on this device, and runs
// "Save the whole site for offline use" with its size and a progress bar.

const root = document.documentElement;
/** The site's base path: this file is at <base>static/offline.js. */
const base = new URL("../", import.meta.url);

/** "5 December 2026", in the page's language. */
function dateOf(iso) {
  return new Date(iso).toLocaleDateString(root.lang || undefined, { day: "numeric", month: "long", year: "numeric" });
}

/** "5.2 MB" */
function sizeOf(bytes) {
  const units = [["GB", 1e9], ["MB", 1e6], ["kB", 1e3]];
  const [unit, scale] = units.find(([, s]) => bytes >= s) || ["bytes", 1];
  return `${(bytes / scale).toLocaleString(root.lang || undefined, { maximumFractionDigits: scale === 1 ? 0 : 1 })} ${unit}`;
}

/** A page the service worker answered from the cache carries the time it was saved. */
function showSavedNotice() {
  const saved = root.dataset.offlineSaved;
  const notice = document.getElementById("offline-notice");
  if (!saved || !notice) return;
  notice.textContent = `You are offline: these details were saved on ${dateOf(saved)}.`;
  notice.hidden = false;
}

/** Sends `message` to the active service worker; `onReply` gets each answer. */
function ask(worker, message, onReply) {
  const channel = new MessageChannel();
  channel.port1.onmessage = (event) => onReply(event.data);
  worker.postMessage(message, [channel.port2]);
}

async function offerWholeSite(worker) {
  const section = document.getElementById("offline-save");
  if (!section) return;
  let size;
  try {
    const response = await fetch(new URL("offline/build.json", base), { cache: "no-store" });
    size = (await response.json()).bytes;
  } catch {
    return; // Offline, or the site no longer offers it: nothing to offer.
  }
  const button = document.getElementById("offline-save-button");
  const progress = document.getElementById("offline-save-progress");
  const status = document.getElementById("offline-save-status");
  button.textContent = `Save the whole site for offline use (${sizeOf(size)})`;
  section.hidden = false;
  ask(worker, "whole-site-saved", ({ saved }) => {
    if (saved) status.textContent = "The whole site is saved on this device. It works without a connection.";
  });
  button.addEventListener("click", () => {
    button.disabled = true;
    progress.hidden = false;
    progress.value = 0;
    status.textContent = "Saving the whole site…";
    ask(worker, "save-whole-site", (reply) => {
      if (reply.total) progress.value = Math.floor((100 * reply.done) / reply.total);
      if (reply.finished) {
        progress.value = 100;
        button.disabled = false;
        status.textContent = `Saved: the whole site (${sizeOf(size)}) now works on this device without a connection.`;
      } else if (reply.failed) {
        button.disabled = false;
        status.textContent = "Saving stopped: the connection was lost or the site was updated. What was saved is kept; try again when you are online.";
      }
    });
  });
}

showSavedNotice();
if ("serviceWorker" in navigator) {
  navigator.serviceWorker
    .register(new URL("sw.js", base), { scope: base.pathname })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => offerWholeSite(registration.active))
    .catch(() => {
      // No service worker (a private window, or `supportmap serve`): the site works online.
    });
}
