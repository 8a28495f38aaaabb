// Unit tests of the search page's pure modules (words, spelling, opening hours) and of how the
// ranking asks the index (with a stand-in for Pagefind), run in Node without a browser:
// `node --test search-modules.test.mjs`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adjacentPairs, joinPhrases, parseEveryday, readQuery, sameForm, words } from '../../themes/default/static/search-words.js';
import { correctWord, correctWords, editDistance, parseVocabulary } from '../../themes/default/static/search-spelling.js';
import { openingText, parseHours } from '../../themes/default/static/search-hours.js';
import { GROUPS, indexAnswered, indexBusy, rankGroup } from '../../themes/default/static/search-rank.js';
import './site-strings.mjs'; // the words the theme's modules say, as the pages load them

const places = [
  { id: 'castle-hill', name: 'Castle Hill' },
  { id: 'northgate', name: 'Northgate' },
];

test('words split like the build does; small words and places are set aside', () => {
  assert.deepEqual(words("Can't PAY my £20 food-bank bill"), ['cant', 'pay', 'my', '20', 'food', 'bank', 'bill']);
  assert.deepEqual(readQuery('scared of my partner', places), {
    place: null,
    words: ['scared', 'partner'],
    pairs: ['scared of my partner'],
  });
  // Words of time say when, not what: "lost my wife last year" searches "lost wife".
  assert.deepEqual(readQuery('lost my wife last year', places).words, ['lost', 'wife']);
  const food = readQuery('food bank castle hill', places);
  assert.deepEqual([food.place.id, food.words], ['castle-hill', ['food', 'bank']]);
  assert.deepEqual(readQuery('food bank castle hill', []).words, ['food', 'bank', 'castle', 'hill']);
  // Filler says nothing of the need: "back" would find "get an hour back", and "running" is
  // what is asked.
  assert.deepEqual(readQuery('want to get back into running', places).words, ['running']);
  assert.deepEqual(readQuery('keeps having panic attacks', places).words, ['panic', 'attacks']);
  // A query of small words only is searched as it is; markup and emoji give no words.
  assert.deepEqual(readQuery('where can I', places).words, ['where', 'can', 'i']);
  assert.deepEqual(readQuery('<b>😀</b>', places).words, ['b']);
  assert.ok(readQuery('food '.repeat(2000), places).words.length <= 8);
});

test('everyday phrases become the one word the build indexes them by, small words and all', () => {
  const everyday = parseEveryday(
    'supportmap-everyday 1\nno one: alone, lonely\nsomeone to talk to: befriending, peer support\n' +
      'looking after mum: carer\nbehind on rent: rent arrears\nkids: children\n' +
      '[needs]\nloneliness and social connection: lonely, no friends\n',
  );
  assert.deepEqual(everyday.needs.get('loneliness and social connection'), ['lonely', 'no friends']);
  assert.equal(everyday.means.has('lonelinessandsocialconnection'), false);
  const phrases = everyday.phrases;
  assert.deepEqual(phrases.map((p) => p.join(' ')), ['no one', 'someone to talk to', 'looking after mum', 'behind on rent']);
  assert.deepEqual(everyday.means.get('someonetotalkto'), ['befriending', 'peer support']);
  assert.deepEqual(everyday.means.get('kids'), ['children']);
  assert.deepEqual(parseEveryday('<html>not found</html>'), { phrases: [], means: new Map(), needs: new Map() });
  // Made only of small words and one common one, "no one to talk to" would search for "talk".
  assert.deepEqual(readQuery('no one to talk to', places).words, ['talk']);
  assert.deepEqual(readQuery('no one to talk to', places, false, phrases).words, ['noone', 'talk']);
  // The longest phrase wins; small words the phrase lacks may come between its words.
  assert.deepEqual(joinPhrases(words('I need someone to talk to'), phrases), ['i', 'need', 'someonetotalkto']);
  assert.deepEqual(joinPhrases(words('looking after my mum'), phrases), ['lookingaftermum']);
  assert.deepEqual(joinPhrases(words('behind with the rent'), phrases), ['behind', 'with', 'the', 'rent']);
  assert.deepEqual(joinPhrases(words('no money'), phrases), ['no', 'money']);
  // A place is taken out first; the phrase around it is not made up across it.
  const read = readQuery('no one in northgate', places, false, phrases);
  assert.deepEqual([read.place.id, read.words], ['northgate', ['noone']]);
});

test('a phrase is found with its words in another form; words side by side are kept as typed', () => {
  const phrases = parseEveryday('supportmap-everyday 1\nowe money: debt\nlooking after mum: carer\nloan sharks: loans\n').phrases;
  assert.deepEqual(joinPhrases(words('owes money to a loan shark'), phrases), ['owemoney', 'to', 'a', 'loansharks']);
  assert.deepEqual(joinPhrases(words('I look after my mum'), phrases), ['i', 'lookingaftermum']);
  assert.ok(sameForm('carers', 'carer') && sameForm('walking', 'walk') && !sameForm('homeless', 'homes'));
  assert.ok(!sameForm('is', 'i') && !sameForm(undefined, 'a'), 'short words are only themselves');
  // Each two words that matter, with the small words between them, as the query has them.
  assert.deepEqual(adjacentPairs(words('damp and mould in the flat')), ['damp and mould', 'mould in the flat']);
  assert.deepEqual(adjacentPairs(words('young carers')), ['young carers']);
  assert.deepEqual(adjacentPairs(words('food')), []);
  assert.ok(adjacentPairs(words('food '.repeat(2000))).length <= 7);
  const read = readQuery('carers group in northgate', places);
  assert.deepEqual([read.place.id, read.pairs], ['northgate', ['carers group']]);
});

const vocabulary = parseVocabulary(
  'supportmap-vocabulary 1\n40 benefits food bank lunch club\n20 lonely eviction anxiety\n5 benefit bench\n',
);

test('the vocabulary file is read; anything else is an empty vocabulary', () => {
  assert.equal(vocabulary.get('benefits'), 40);
  assert.equal(vocabulary.get('bench'), 5);
  assert.equal(parseVocabulary('<html>not found</html>').size, 0);
});

test('misspellings are corrected by the fewest edits, a swap being one edit', () => {
  assert.equal(editDistance('lonley', 'lonely', 2), 1);
  assert.equal(editDistance('anxeity', 'anxiety', 2), 1);
  assert.equal(correctWord('benifits', vocabulary), 'benefits');
  assert.equal(correctWord('lonley', vocabulary), 'lonely');
  assert.equal(correctWord('eviciton', vocabulary), 'eviction');
  assert.equal(correctWord('anxeity', vocabulary), 'anxiety');
  assert.equal(correctWord('lunchclub', vocabulary), 'lunch club');
  assert.equal(correctWord('zzzzzz', vocabulary), null);
  // Short words allow fewer edits: "bxnk" is one from "bank", "xy" nothing.
  assert.equal(correctWord('bxnk', vocabulary), 'bank');
  assert.equal(correctWord('xy', vocabulary), null);
});

test('query words: only unknown ones change, and two halves of a known word are joined', () => {
  const known = (w) => ['food', 'bank', 'lunch'].includes(w);
  assert.deepEqual(correctWords(['food', 'bank'], known, vocabulary), { words: ['food', 'bank'], replaced: [] });
  assert.deepEqual(correctWords(['benifits', 'lunch'], known, vocabulary), {
    words: ['benefits', 'lunch'],
    replaced: [['benifits', 'benefits']],
  });
  assert.deepEqual(correctWords(['bene', 'fits'], () => false, vocabulary).words, ['benefits']);
});

test('opening hours say open now, or when it next opens, and nothing when unknown', () => {
  const hours = '14 10:00-14:00 By appointment; 3 18:00-20:00';
  assert.equal(parseHours(hours).length, 2);
  const at = (day, hour, minute = 0) => new Date(2026, 11, 7 + day, hour, minute); // 7 Dec 2026 is a Monday
  assert.equal(openingText(hours, at(0, 11)), 'Open now until 14:00 (By appointment)');
  assert.equal(openingText(hours, at(0, 14)), 'Closed now. Opens Wednesday at 18:00');
  assert.equal(openingText(hours, at(0, 9, 30)), 'Closed now. Opens today at 10:00 (By appointment)');
  assert.equal(openingText(hours, at(1, 9)), 'Closed now. Opens tomorrow at 18:00');
  assert.equal(openingText(hours, at(4, 12)), 'Closed now. Opens Monday at 10:00 (By appointment)');
  assert.equal(openingText('', at(0, 11)), '');
  assert.equal(openingText('nonsense', at(0, 11)), '');
});

/**
 * A stand-in for Pagefind's search: `lists` gives each term's number of results (ids r0, r1, …,
 * best first). Records each search asked (its term and filters), and the most asked before one was
 * answered.
 */
function standInIndex(lists) {
  const index = { asked: [], filtersAsked: [], waiting: 0, mostAtOnce: 0 };
  index.search = async (term, { filters } = {}) => {
    index.asked.push(term);
    index.filtersAsked.push(filters);
    index.mostAtOnce = Math.max(index.mostAtOnce, ++index.waiting);
    await new Promise((resolve) => setImmediate(resolve));
    index.waiting--;
    const n = lists[term] ?? 0;
    return { results: Array.from({ length: n }, (_, i) => ({ id: `r${i}`, score: n - i, data: async () => ({}) })) };
  };
  return index;
}

const services = GROUPS.find((g) => g.id === 'services');

test('the words are searched first, then their pairs; a search made before is not made again', async () => {
  const index = standInIndex({ 'damp mould': 6, '"damp and mould"': 2, damp: 9, mould: 7 });
  const ranked = await rankGroup(index, services, ['damp', 'mould'], {}, ['damp and mould']);
  // Six records have both words: the words alone are not needed.
  assert.deepEqual(index.asked, ['damp mould', '"damp and mould"']);
  assert.equal(index.mostAtOnce, 1, 'the index answers one search at a time');
  assert.deepEqual(ranked.map((r) => [r.id, r.full, r.side]).slice(0, 3), [['r0', true, 1], ['r1', true, 1], ['r2', true, 0]]);
  const again = await rankGroup(index, services, ['damp', 'mould'], {}, ['damp and mould']);
  assert.equal(index.asked.length, 2, 'the same query asks the index nothing more');
  assert.deepEqual(again.map((r) => [r.id, r.side]), ranked.map((r) => [r.id, r.side]));
  // Another facet is another search.
  await rankGroup(index, services, ['damp', 'mould'], { cost: 'free' }, ['damp and mould']);
  assert.equal(index.asked.length, 4);
});

test('when few records have every word, each word and the pairs are asked together', async () => {
  const index = standInIndex({ 'damp mould': 2, '"damp and mould"': 1, damp: 9, mould: 7 });
  const ranked = await rankGroup(index, services, ['damp', 'mould'], {}, ['damp and mould']);
  assert.deepEqual(index.asked, ['damp mould', '"damp and mould"', 'damp', 'mould']);
  assert.equal(index.mostAtOnce, 3, 'the pairs and the words alone wait for nothing but the words together');
  assert.deepEqual(ranked.slice(0, 3).map((r) => [r.id, r.full]), [['r0', true], ['r1', true], ['r2', false]]);
  // A group other than the services shares the words' and pairs' searches, and asks each word
  // with its kind filter, its own short list.
  const pathways = GROUPS.find((g) => g.id === 'pathways');
  await rankGroup(index, pathways, ['damp', 'mould'], {}, ['damp and mould']);
  assert.deepEqual(index.asked.slice(4), ['damp', 'mould']);
  assert.deepEqual(index.filtersAsked.slice(4), [{ kind: { any: ['pathway'] } }, { kind: { any: ['pathway'] } }]);
});

test('when no record has both of two words, no record can say them side by side: the pair is not asked', async () => {
  const index = standInIndex({ damp: 9, mould: 7 });
  const ranked = await rankGroup(index, services, ['damp', 'mould'], {}, ['damp and mould']);
  assert.deepEqual(index.asked, ['damp mould', 'damp', 'mould']);
  assert.deepEqual(ranked.slice(0, 2).map((r) => [r.id, r.full, r.matched, r.side]), [['r0', false, 2, 0], ['r1', false, 2, 0]]);
  // Of three words, a record with two of them may say a pair.
  await rankGroup(index, services, ['damp', 'mould', 'flat'], {}, ['damp and mould', 'mould in the flat']);
  assert.deepEqual(index.asked.slice(3), ['damp mould flat', '"damp and mould"', '"mould in the flat"', 'flat']);
});

test('a query replaced by a newer one asks nothing after the search under way', async () => {
  const index = standInIndex({ 'damp mould': 2, damp: 9, mould: 7 });
  let wanted = true;
  const ranking = rankGroup(index, services, ['damp', 'mould'], {}, ['damp and mould'], () => wanted);
  wanted = false; // the reader typed on while the words were searched
  assert.deepEqual(await ranking, []);
  assert.deepEqual(index.asked, ['damp mould']);
});

test('the page can tell when the index has answered every search asked of it', async () => {
  const index = standInIndex({ 'damp mould': 2, damp: 9, mould: 7 });
  assert.equal(indexBusy(), false);
  const ranking = rankGroup(index, services, ['damp', 'mould'], {}, ['damp and mould']);
  assert.equal(indexBusy(), true, 'the words are being searched');
  await indexAnswered();
  assert.equal(indexBusy(), false, 'the words are answered');
  await new Promise((resolve) => setImmediate(resolve));
  // Then the pair and the words alone were asked: the index is busy with those.
  assert.deepEqual(index.asked, ['damp mould', '"damp and mould"', 'damp', 'mould']);
  assert.equal(indexBusy(), true);
  await indexAnswered();
  assert.equal(indexBusy(), false);
  assert.equal((await ranking).length, 9);
  assert.equal(indexBusy(), false, 'a search answered from memory asks nothing');
});

test('a one-word query asks the index once, for the word', async () => {
  const index = standInIndex({ lonely: 3 });
  const ranked = await rankGroup(index, services, ['lonely'], {});
  assert.deepEqual(index.asked, ['lonely']);
  assert.deepEqual(ranked.map((r) => [r.id, r.full, r.matched]), [['r0', true, 1], ['r1', true, 1], ['r2', true, 1]]);
});

test('a word that 200,000 records have is ranked after the record with every word', async () => {
  const index = standInIndex({ 'rare common': 1, rare: 3, common: 200_000 });
  const ranked = await rankGroup(index, services, ['rare', 'common'], {});
  assert.equal(ranked.length, 200_000);
  assert.deepEqual([ranked[0].id, ranked[0].full, ranked[1].full], ['r0', true, false]);
  // r1 and r2 have both words, each found alone: they lead the records with only "common".
  assert.deepEqual(ranked.slice(1, 3).map((r) => [r.id, r.matched]), [['r1', 2], ['r2', 2]]);
});
