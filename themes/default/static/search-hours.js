// Opening hours: "Open now" or the next opening, worked out on the reader's own clock.
//
// The index carries each service's hours as "DAYS HH:MM-HH:MM[ note]" entries joined by "; ",
// days as digits from 1 (Monday) to 7 (Sunday) (see hours_meta in src/search/mod.rs). Nothing
// is said for a service without hours: no answer is better than a wrong one.

import { formatTime, formatWeekday, t } from "./strings.js";

/** The entries of an hours meta value: [{days: Set<0..6>, opens, closes (minutes), note}]. */
export function parseHours(text) {
  const entries = [];
  for (const part of String(text || "").split("; ")) {
    const m = /^([1-7]+) (\d\d):(\d\d)-(\d\d):(\d\d)(?: (.+))?$/.exec(part);
    if (!m) continue;
    entries.push({
      days: new Set([...m[1]].map((d) => Number(d) - 1)),
      opens: Number(m[2]) * 60 + Number(m[3]),
      closes: Number(m[4]) * 60 + Number(m[5]),
      note: m[6] || "",
    });
  }
  return entries;
}

const withNote = (hours, note) => (note ? t("js.hours.with_note", { hours, note }) : hours);

/**
 * "Open now until 14:00", "Opens today at 10:00", "Opens tomorrow at 10:00" or "Opens Thursday
 * at 10:00", with the entry's note; "" when the hours are unknown.
 */
export function openingText(hours, now = new Date()) {
  return opening(hours, now)?.text ?? "";
}

/** `{ text, open }`: openingText's words, and whether the service is open now; null when the
 * hours are unknown. */
export function opening(hours, now = new Date()) {
  const entries = parseHours(hours);
  if (entries.length === 0) return null;
  const today = (now.getDay() + 6) % 7;
  const minute = now.getHours() * 60 + now.getMinutes();
  const open = entries.find((e) => e.days.has(today) && e.opens <= minute && minute < e.closes);
  if (open) return { text: withNote(t("js.hours.open_until", { time: formatTime(open.closes) }), open.note), open: true };
  for (let ahead = 0; ahead < 7; ahead++) {
    const day = (today + ahead) % 7;
    const next = entries
      .filter((e) => e.days.has(day) && (ahead > 0 || e.opens > minute))
      .sort((a, b) => a.opens - b.opens)[0];
    if (!next) continue;
    const time = formatTime(next.opens);
    const text = ahead === 0 ? t("js.hours.opens_today", { time }) : ahead === 1 ? t("js.hours.opens_tomorrow", { time }) : t("js.hours.opens_on", { day: formatWeekday(day), time });
    return { text: withNote(text, next.note), open: false };
  }
  return null;
}
