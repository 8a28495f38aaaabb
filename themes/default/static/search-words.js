// Search words: how the search page reads a query before it asks the index.
//
// Splits the query into words the way the build counts them (src/search/vocabulary.rs: letters
// and digits, apostrophes inside a word dropped), sets aside the small words that never decide
// what someone needs ("my", "of", "somewhere"), and finds a place or neighbourhood named in the
// query so that it can become the place filter instead of a word to match. Pure functions: no
// page, no index.

/** Longest query text read, and most words searched: work stays bounded on any input. */
export const MAX_QUERY_CHARS = 200;
export const MAX_WORDS = 8;

// Words that carry no need of their own. A query made only of these is searched as it is.
const STOP_WORDS = new Set(
  `a an the and or but if so to of in on at by for from with without about into onto near
  my me i im ive id we our us you your he she his her they them their it its this that these those
  is am are was were be been being have has had do does did can cant could couldnt would wouldnt
  should will wont shall may might must not no dont doesnt didnt isnt arent wasnt
  too very really much many more most some any somewhere someone something anywhere anything
  anyone where what when who how which why there here help need needs want wants looking
  find get got getting just also please around local nearby area stop keep one all time always`
    .split(/\s+/)
    .filter(Boolean),
);

/** The words of `text`: lowercase runs of letters and digits ("Can't" is "cant"). */
export function words(text) {
  return String(text)
    .slice(0, MAX_QUERY_CHARS)
    .toLowerCase()
    .split(/[^\p{L}\p{N}'\u2019]+/u)
    .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ""))
    .filter(Boolean);
}

export function isStopWord(word) {
  return STOP_WORDS.has(word);
}

/**
 * Finds the longest place name in `tokens`. `places` is [{id, name}], `tokens` the query's
 * words. Returns {id, name, start, end} (end exclusive) or null.
 */
export function findPlace(tokens, places) {
  let best = null;
  for (const place of places) {
    const name = words(place.name);
    if (name.length === 0) continue;
    for (let i = 0; i + name.length <= tokens.length; i++) {
      if (name.every((w, k) => tokens[i + k] === w) && (!best || name.length > best.end - best.start)) {
        best = { id: place.id, name: place.name, start: i, end: i + name.length };
      }
    }
  }
  return best;
}

/**
 * What to search for: the query's words less any place named in it (unless `keepPlace`) and
 * less stop words (unless nothing else is left), at most MAX_WORDS, each once.
 */
export function readQuery(text, places, keepPlace = false) {
  const tokens = words(text);
  const place = keepPlace ? null : findPlace(tokens, places);
  const rest = place ? [...tokens.slice(0, place.start), ...tokens.slice(place.end)] : tokens;
  const content = rest.filter((w) => !isStopWord(w));
  const chosen = content.length ? content : place ? [] : rest;
  return { place, words: [...new Set(chosen)].slice(0, MAX_WORDS) };
}
