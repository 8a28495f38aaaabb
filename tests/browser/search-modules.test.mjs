// Unit tests of the search page's pure modules (words, spelling, opening hours), run in Node
// without a browser: `node --test search-modules.test.mjs`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readQuery, words } from '../../themes/default/static/search-words.js';
import { correctWord, correctWords, editDistance, parseVocabulary } from '../../themes/default/static/search-spelling.js';
import { openingText, parseHours } from '../../themes/default/static/search-hours.js';

const places = [
  { id: 'castle-hill', name: 'Castle Hill' },
  { id: 'northgate', name: 'Northgate' },
];

test('words split like the build does; small words and places are set aside', () => {
  assert.deepEqual(words("Can't PAY my £20 food-bank bill"), ['cant', 'pay', 'my', '20', 'food', 'bank', 'bill']);
  assert.deepEqual(readQuery('scared of my partner', places), { place: null, words: ['scared', 'partner'] });
  const food = readQuery('food bank castle hill', places);
  assert.deepEqual([food.place.id, food.words], ['castle-hill', ['food', 'bank']]);
  assert.deepEqual(readQuery('food bank castle hill', []).words, ['food', 'bank', 'castle', 'hill']);
  // A query of small words only is searched as it is; markup and emoji give no words.
  assert.deepEqual(readQuery('where can I', places).words, ['where', 'can', 'i']);
  assert.deepEqual(readQuery('<b>😀</b>', places).words, ['b']);
  assert.ok(readQuery('food '.repeat(2000), places).words.length <= 8);
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
