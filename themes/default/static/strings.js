// Words: every word a script shows comes from the site's catalogue (themes/default/languages/,
// keys starting "js."), as the templates' words do. The build writes the site language's texts
// (the "js." keys and the words of dates, "date.") into static/strings.<language>.js, a plain
// script each page runs before its modules, which sets globalThis.supportmapStrings =
// { language, texts } (src/i18n/browser.rs). This module says those texts: each `{name}` filled
// in as in the templates, the plural form picked by Intl.PluralRules (the same CLDR categories
// as the build's), and numbers written with Intl in the site's language. The table is read
// when a text is said, not when a module loads, so the order modules load in never matters.

const NONE = { language: "en-GB", texts: {} };
const table = () => globalThis.supportmapStrings || NONE;

/** The site's language tag, for Intl: "en-GB", "cy". */
export const language = () => table().language;

const formats = new Map();
/** One Intl formatter per language and kind, made once. */
function cached(kind, make) {
  const id = `${kind}:${language()}`;
  if (!formats.has(id)) formats.set(id, make(language()));
  return formats.get(id);
}

/** `n` as the site's language writes numbers: "1,234", "0.8". */
const formatNumber = (n) => cached("number", (l) => new Intl.NumberFormat(l)).format(n);

// Dates and weekdays are said with the catalogue's words, not Intl's: browsers carry Welsh
// plural rules but not always Welsh month and day names (Chromium's Intl writes a cy date as
// "December 5, 2026"), and the catalogue's are the words the pages' own dates use.

/** A date in words, as the pages write dates (`date.format`): "5 December 2026". */
export const formatDate = (date) =>
  t("date.format", { day: String(date.getDate()), month: t(`date.month.${date.getMonth() + 1}`), year: String(date.getFullYear()) });

/** `minutes` after midnight as the pages write opening times: "14:00". */
export const formatTime = (minutes) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/** The name of a weekday, 0 for Monday to 6 for Sunday: "Thursday", "dydd Iau". */
export const formatWeekday = (day) => t(`js.weekday.${day + 1}`);

/** The catalogue's words for `key`: for a text with plural forms, the form `count` takes. */
function words(key, count) {
  const text = table().texts[key];
  // A key no catalogue has shows as itself, so that it is noticed rather than left blank.
  if (text === undefined) return key;
  if (typeof text === "string") return text;
  const category = typeof count === "number" ? cached("plural", (l) => new Intl.PluralRules(l)).select(count) : "other";
  return text[category] ?? text.other ?? "";
}

/**
 * `key`'s text in pieces, each `{name}` replaced by `args[name]`: a number written as the
 * site's language writes it, and anything else (a string, or a DOM node to append) as it is.
 * `args.count` picks the plural form. A `{name}` with no argument stays as it is written.
 */
export function parts(key, args = {}) {
  const text = words(key, args.count);
  const out = [];
  let last = 0;
  for (const match of text.matchAll(/\{([A-Za-z0-9_]+)\}/g)) {
    if (!Object.hasOwn(args, match[1])) continue;
    const value = args[match[1]];
    out.push(text.slice(last, match.index), typeof value === "number" ? formatNumber(value) : value);
    last = match.index + match[0].length;
  }
  out.push(text.slice(last));
  return out.filter((part) => part !== "");
}

/** `key`'s text as a string, with `args` filled in (see `parts`). */
export const t = (key, args) => parts(key, args).join("");
