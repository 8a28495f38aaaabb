// "Exit this page": leaves the site for the neutral page in the button's link, in place of
// this page in the browser's history, so going back does not return here. Pressing Shift three
// times in a row does the same, from anywhere on the page. Without JavaScript the button is a
// plain link (this page stays in the history).

import { t } from "./strings.js";

const link = document.querySelector("[data-exit-page-link]");
const status = document.querySelector("[data-exit-page-status]");
/** How long the three presses of Shift may take, as in the GOV.UK pattern. */
const PRESSES_WITHIN_MS = 5000;

let presses = 0;
let resetTimer = null;

function exit(event) {
  event?.preventDefault();
  // Nothing of the page stays on screen while the next one loads.
  document.documentElement.classList.add("is-exiting");
  window.location.replace(link.href);
}

function countShift(event) {
  if (event.key !== "Shift") {
    presses = 0;
    return;
  }
  if (event.repeat) return;
  presses += 1;
  clearTimeout(resetTimer);
  if (presses === 3) {
    presses = 0;
    exit();
    return;
  }
  const left = 3 - presses;
  status.textContent = t("js.exit.presses_left", { count: left });
  resetTimer = setTimeout(() => {
    presses = 0;
    status.textContent = t("js.exit.expired");
  }, PRESSES_WITHIN_MS);
}

if (link) {
  link.addEventListener("click", exit);
  document.addEventListener("keydown", countShift);
  // A page restored from the back-forward cache must not stay hidden.
  window.addEventListener("pageshow", () => document.documentElement.classList.remove("is-exiting"));
}
