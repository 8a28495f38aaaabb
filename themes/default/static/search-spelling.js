// Spelling: corrects query words the index does not know against the site's vocabulary.
//
// The vocabulary (search/vocabulary.txt, written by src/search/vocabulary.rs) lists the words
// the records use with how many records use each. It is fetched once, and only when a query
// has a word the index does not know. A word is corrected to the known word fewest edits away
// (letters added, dropped, changed or swapped), allowing more edits for longer words, the more
// used word winning a tie; a word run together ("foodbank") is split, and two words that only
// make sense joined are joined. A word no known word is near enough to is read more loosely
// (looselyCorrected): a word cut short becomes the known word it begins, even with a slip
// ("bereev" is "bereaved"), and a long word may be an edit further from the word meant.

/** Most edits allowed for a word of this many letters. */
function allowedEdits(length) {
  if (length <= 3) return 0;
  if (length <= 5) return 1;
  if (length <= 9) return 2;
  return 3;
}

/** Parses the vocabulary file: a header, then lines "count word word…". */
export function parseVocabulary(text) {
  const counts = new Map();
  const lines = String(text).split("\n");
  if (!lines[0].startsWith("supportmap-vocabulary ")) return counts;
  for (const line of lines.slice(1)) {
    const [count, ...list] = line.split(" ");
    const n = Number(count);
    if (!Number.isFinite(n)) continue;
    for (const word of list) if (word) counts.set(word, n);
  }
  return counts;
}

/**
 * Edits between `a` and `b` (optimal string alignment: a swap of neighbours is one edit), or
 * `limit + 1` as soon as it must be more than `limit`.
 */
export function editDistance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = null;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowBest = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      current.push(d);
      rowBest = Math.min(rowBest, d);
    }
    if (rowBest > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length];
}

/**
 * The known word fewest edits from `word`, at most `limit`: of those as near, one that starts
 * with the same letter, then the more used. Null when none is near enough.
 */
function closest(word, vocabulary, limit) {
  let best = null;
  for (const [known, count] of vocabulary) {
    if (Math.abs(known.length - word.length) > limit) continue;
    const d = editDistance(word, known, best ? Math.min(limit, best.d) : limit);
    if (d > limit) continue;
    const sameStart = known[0] === word[0] ? 1 : 0;
    if (!best || d < best.d || (d === best.d && (sameStart > best.sameStart || (sameStart === best.sameStart && count > best.count)))) {
      best = { known, d, count, sameStart };
    }
  }
  return best;
}

/** The known word `word` most likely meant, or null. */
export function correctWord(word, vocabulary) {
  if (vocabulary.has(word)) return word;
  const best = closest(word, vocabulary, allowedEdits(word.length));
  const split = splitWord(word, vocabulary);
  if (split && (!best || best.d > 1)) return split;
  return best ? best.known : null;
}

/** "foodbank" as "food bank" when both halves are known words. */
function splitWord(word, vocabulary) {
  let best = null;
  for (let i = 3; i <= word.length - 3; i++) {
    const [left, right] = [word.slice(0, i), word.slice(i)];
    if (vocabulary.has(left) && vocabulary.has(right)) {
      const score = Math.min(vocabulary.get(left), vocabulary.get(right));
      if (!best || score > best.score) best = { text: `${left} ${right}`, score };
    }
  }
  return best && best.text;
}

/**
 * Corrects `tokens` (the query's words) where `isKnown(word)` says the index lacks them.
 * Returns the words to search (a split word becomes two) and what was replaced: [[from, to]].
 */
export function correctWords(tokens, isKnown, vocabulary) {
  const out = [];
  const replaced = [];
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i];
    const next = tokens[i + 1];
    if (next !== undefined && (!isKnown(word) || !isKnown(next)) && vocabulary.has(word + next)) {
      out.push(word + next);
      replaced.push([`${word} ${next}`, word + next]);
      i++;
      continue;
    }
    const fixed = isKnown(word) ? word : correctWord(word, vocabulary) || word;
    if (fixed !== word) replaced.push([word, fixed]);
    out.push(...fixed.split(" "));
  }
  return { words: out, replaced };
}

/** Fewest letters of a word completed to a known word it begins: shorter starts begin too many. */
const COMPLETED_LETTERS = 4;
/** Fewest letters of a word allowed a third of its letters' edits from a known word. */
const LOOSE_LETTERS = 9;

/**
 * The known word that `word` begins ("counsel": "counselling", "ukrain": "ukrainian"), or
 * begins with a slip (one edit for words up to 9 letters, two beyond; "bereev" is
 * "bereaved"): the fewest edits, then the most used, then the shorter. Null for a word of
 * fewer than COMPLETED_LETTERS letters, or one no known word begins like. Only words with its
 * first letter are compared, which keeps a pass over the vocabulary to a few milliseconds.
 */
export function completeWord(word, vocabulary) {
  const length = [...word].length;
  if (length < COMPLETED_LETTERS) return null;
  const limit = length < 5 ? 0 : length < 10 ? 1 : 2;
  let best = null;
  for (const [known, count] of vocabulary) {
    if (known.length <= word.length || known[0] !== word[0]) continue;
    const d = known.startsWith(word) ? 0 : beginningEdits(word, known, limit);
    if (d > limit) continue;
    if (!best || d < best.d || (d === best.d && (count > best.count || (count === best.count && known.length < best.known.length)))) {
      best = { known, count, d };
    }
  }
  return best && best.known;
}

/** Edits between `word` and the nearest beginning of `known` as long as it, or a letter longer or shorter. */
function beginningEdits(word, known, limit) {
  let d = limit + 1;
  for (let n = word.length - 1; n <= word.length + 1 && n < known.length; n++) d = Math.min(d, editDistance(word, known.slice(0, n), limit));
  return d;
}

/**
 * `tokens` (words correctWords left as they were) read more loosely: each word that neither
 * `isKnown(word)` nor the vocabulary knows becomes the known word it begins (completeWord), or
 * else, for a word of LOOSE_LETTERS or more, the known word at most a third of its letters'
 * edits away where that is more than correctWord allows ("accomodatoin": 4 edits; a shorter
 * word so far off is more often another word: "bullied" is three edits from "build", "son"
 * one from "soon"). Returns the
 * words and what was replaced ([[from, to]]), as correctWords does. Bounded: one pass over the
 * vocabulary per word, each distance cut off at its limit.
 */
export function looselyCorrected(tokens, isKnown, vocabulary) {
  const words = [];
  const replaced = [];
  for (const word of tokens) {
    let fixed = isKnown(word) || vocabulary.has(word) ? word : completeWord(word, vocabulary);
    const limit = Math.floor(word.length / 3);
    if (!fixed && word.length >= LOOSE_LETTERS && limit > allowedEdits(word.length)) fixed = closest(word, vocabulary, limit)?.known;
    if (fixed && fixed !== word) replaced.push([word, fixed]);
    words.push(fixed || word);
  }
  return { words, replaced };
}

let loading = null;

/** The vocabulary, fetched the first time it is needed (an empty one if it cannot be). */
export function loadVocabulary(url) {
  loading ??= fetch(url)
    .then((r) => (r.ok ? r.text() : ""))
    .then(parseVocabulary)
    .catch(() => new Map());
  return loading;
}
