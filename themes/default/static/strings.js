// Words: every word a script shows comes from the site's catalogue (themes/default/languages/,
// keys starting "js."), as the templates' words do. The build writes the site language's texts
// into static/strings.<language>.js, a plain script each page runs before its modules, which
// sets globalThis.supportmapStrings = { language, texts } (src/i18n/browser.rs). This module
// says those texts: each `{name}` filled in as in the templates, the plural form picked by
// Intl.PluralRules (the same CLDR categories as the build's), and numbers and dates written
// with Intl in the site's language. Read when a text is said, not when a module loads, so the
// order modules load in never matters.

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
export const formatNumber = (n) => cached("number", (l) => new Intl.NumberFormat(l)).format(n);

/** A date in words in the site's language: "5 December 2026". */
export const formatDate = (date) =>
  cached("date", (l) => new Intl.DateTimeFormat(l, { day: "numeric", month: "long", year: "numeric" })).format(date);

/** `minutes` after midnight as the site's language writes a time of day: "14:00". */
export const formatTime = (minutes) =>
  cached("time", (l) => new Intl.DateTimeFormat(l, { hour: "numeric", minute: "2-digit", timeZone: "UTC" })).format(
    new Date(Date.UTC(2024, 0, 1, Math.floor(minutes / 60), minutes % 60)),
  );

/** The name of a weekday, 0 for Monday to 6 for Sunday: "Thursday", "Dydd Iau". */
export const formatWeekday = (day) =>
  cached("weekday", (l) => new Intl.DateTimeFormat(l, { weekday: "long", timeZone: "UTC" })).format(
    // 1 January 2024 was a Monday.
    new Date(Date.UTC(2024, 0, 1 + day)),
  );

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
