// Offline use: registers the site's service worker (sw.js, written by the build; see
// src/offline/sw.js), says when a page comes from what was saved on this device, and runs
// "Save the whole site for offline use" with its size and a progress bar.

import { formatDate, language, t } from "./strings.js";

const root = document.documentElement;
/** The site's base path: this file is at <base>static/offline.js. */
const base = new URL("../", import.meta.url);

/** "5.2 MB", in the site's language. */
function sizeOf(bytes) {
  const units = [["gigabyte", 1e9], ["megabyte", 1e6], ["kilobyte", 1e3]];
  const [unit, scale] = units.find(([, s]) => bytes >= s) || ["byte", 1];
  return new Intl.NumberFormat(language(), { style: "unit", unit, maximumFractionDigits: scale === 1 ? 0 : 1 }).format(bytes / scale);
}

/** A page the service worker answered from the cache carries the time it was saved. */
function showSavedNotice() {
  const saved = root.dataset.offlineSaved;
  const notice = document.getElementById("offline-notice");
  if (!saved || !notice) return;
  notice.textContent = t("js.offline.saved_on", { date: formatDate(new Date(saved)) });
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
  button.textContent = t("js.offline.save_size", { size: sizeOf(size) });
  section.hidden = false;
  ask(worker, "whole-site-saved", ({ saved }) => {
    if (saved) status.textContent = t("js.offline.already_saved");
  });
  button.addEventListener("click", () => {
    button.disabled = true;
    progress.hidden = false;
    progress.value = 0;
    status.textContent = t("js.offline.saving");
    ask(worker, "save-whole-site", (reply) => {
      if (reply.total) progress.value = Math.floor((100 * reply.done) / reply.total);
      if (reply.finished) {
        progress.value = 100;
        button.disabled = false;
        status.textContent = t("js.offline.saved", { size: sizeOf(size) });
      } else if (reply.failed) {
        button.disabled = false;
        status.textContent = t("js.offline.failed");
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
