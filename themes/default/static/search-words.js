// Search words: how the search page reads a query before it asks the index.
//
// Splits the query into words the way the build counts them (src/search/vocabulary.rs: letters
// and digits, apostrophes inside a word dropped), sets aside the small words that never decide
// what someone needs ("my", "of", "somewhere"), and finds a place or neighbourhood named in the
// query so that it can become the place filter instead of a word to match, and joins the
// everyday phrases the build lists (search/everyday.txt) into the one word it indexes them by.
// Pure functions: no page, no index.

/** Longest query text read, and most words searched: work stays bounded on any input. */
export const MAX_QUERY_CHARS = 200;
export const MAX_WORDS = 8;

// Words that carry no need of their own. A query made only of these is searched as it is.
// Words of time ("last year", "every week", "in the day") say when, not what is needed.
const STOP_WORDS = new Set(
  `a an the and or but if so to of in on at by for from with without about into onto near
  my me i im ive id we our us you your he she his her they them their it its this that these those
  is am are was were be been being have has had do does did can cant could couldnt would wouldnt
  should will wont shall may might must not no dont doesnt didnt isnt arent wasnt
  too very really much many more most some any somewhere someone something anywhere anything
  anyone where what when who how which why there here help need needs want wants looking
  find get got getting just also please around local nearby area stop keep one all time always
  now still ever every again today tonight day days week weeks month months year years last ago
  back out up thing things stuff bit lot lots like likes wanted wanting able unable since lately
  recently anymore enough sort going go gone went try trying tried having keeps kept him himself
  herself myself mine hers yours youre theyre hes shes somebody anybody because cos until let
  tell know sure maybe quite`
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
 * Parses the everyday words file (search/everyday.txt: a header, then `say: means, means` a
 * line; after a line `[needs]`, `need name: synonym, synonym` a line) into
 * `{ phrases, means, needs }`: the phrases of several words, each as its words; for each word
 * or phrase searched (a phrase joined), the phrases it stands for; and for each need's name,
 * its synonyms. Anything else is an empty list.
 */
export function parseEveryday(text) {
  const lines = String(text).split("\n");
  const everyday = { phrases: [], means: new Map(), needs: new Map() };
  if (!lines[0].startsWith("supportmap-everyday ")) return everyday;
  let needs = false;
  for (const line of lines.slice(1)) {
    if (line === "[needs]") needs = true;
    const [say, list] = line.split(": ");
    if (!say || list === undefined) continue;
    const meanings = list.split(", ").filter(Boolean);
    if (needs) {
      everyday.needs.set(say, meanings);
      continue;
    }
    const parts = say.split(" ");
    if (parts.length > 1) everyday.phrases.push(parts);
    everyday.means.set(parts.join(""), meanings);
  }
  return everyday;
}

/**
 * `tokens` with each everyday phrase in them ("no one", "behind on rent") made one word, as
 * the build indexes it ("noone"): a phrase means more than its words, which may all be small
 * ones. Small words the phrase lacks may come between its words ("behind with the rent" is
 * not one, but "looking after my mum" is "looking after mum"). The longest phrase wins.
 */
export function joinPhrases(tokens, phrases) {
  const out = [];
  for (let i = 0; i < tokens.length; ) {
    let best = null;
    for (const phrase of phrases) {
      const end = phraseEnd(tokens, i, phrase);
      if (end > 0 && (!best || phrase.length > best.phrase.length)) best = { phrase, end };
    }
    out.push(best ? best.phrase.join("") : tokens[i]);
    i = best ? best.end : i + 1;
  }
  return out;
}

/**
 * Whether a query's word is a phrase's word in another form: one is the other with "s" or
 * "ing" added ("owes money" is "owe money", "look after" is "looking after").
 */
export function sameForm(token, word) {
  if (token === undefined) return false;
  if (token === word) return true;
  const [short, long] = token.length < word.length ? [token, word] : [word, token];
  return short.length >= 3 && long.startsWith(short) && ["s", "ing"].includes(long.slice(short.length));
}

/** Where `phrase` ends if it starts at `tokens[start]`, or 0. */
function phraseEnd(tokens, start, phrase) {
  if (!sameForm(tokens[start], phrase[0])) return 0;
  let i = start + 1;
  for (const word of phrase.slice(1)) {
    while (i < tokens.length && !sameForm(tokens[i], word) && isStopWord(tokens[i]) && !phrase.includes(tokens[i])) i++;
    if (!sameForm(tokens[i], word)) return 0;
    i++;
  }
  return i;
}

/**
 * The runs of the query's words that a record saying the same thing would have side by side:
 * each two words that are not small ones, with the small words between them ("damp and
 * mould", "young carers"). A record that says a run as written is about what was asked.
 */
export function adjacentPairs(tokens) {
  const content = tokens.map((w, i) => (isStopWord(w) ? -1 : i)).filter((i) => i >= 0);
  const pairs = [];
  for (let k = 1; k < content.length && pairs.length < MAX_WORDS - 1; k++) {
    pairs.push(tokens.slice(content[k - 1], content[k] + 1).join(" "));
  }
  return [...new Set(pairs)];
}

/**
 * What to search for: the query's words less any place named in it (unless `keepPlace`), with
 * its everyday phrases (`phrases`, from parseEveryday) each made one word, less stop words
 * (unless nothing else is left), at most MAX_WORDS, each once; and the query's `pairs`
 * (adjacentPairs) as typed, less the place.
 */
export function readQuery(text, places, keepPlace = false, phrases = []) {
  const tokens = words(text);
  const place = keepPlace ? null : findPlace(tokens, places);
  const typed = place ? [...tokens.slice(0, place.start), ...tokens.slice(place.end)] : tokens;
  const rest = joinPhrases(typed, phrases);
  const content = rest.filter((w) => !isStopWord(w));
  const chosen = content.length ? content : place ? [] : rest;
  return { place, words: [...new Set(chosen)].slice(0, MAX_WORDS), pairs: adjacentPairs(typed.slice(0, MAX_WORDS * 2)) };
}
