// The figures the search-quality runner prints, checked by hand-worked examples, so that a
// change in hit@5 or MRR means search changed, not the arithmetic.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  allInTop5,
  hitAt,
  reciprocalRank,
  scoreQuery,
  searchAddress,
  shortfalls,
  summarise,
  validateQueries,
} from './metrics.mjs';

const ranked = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'];

describe('one query', () => {
  test('hit@k counts a query when any expected service is among the first k', () => {
    assert.equal(hitAt(ranked, ['a'], 1), true);
    assert.equal(hitAt(ranked, ['b'], 1), false);
    assert.equal(hitAt(ranked, ['z', 'e'], 5), true);
    assert.equal(hitAt(ranked, ['f'], 5), false, 'rank 6 is outside the top 5');
    assert.equal(hitAt([], ['a'], 5), false);
    assert.equal(hitAt(['a', 'b'], ['b'], 5), true, 'fewer than k results still count');
  });

  test('all@5 needs every expected service in the top 5', () => {
    assert.equal(allInTop5(ranked, ['a', 'e']), true);
    assert.equal(allInTop5(ranked, ['a', 'f']), false);
    assert.equal(allInTop5(['a'], ['a', 'b']), false);
    assert.equal(allInTop5(ranked, []), false, 'a query with nothing expected never counts');
  });

  test('reciprocal rank is 1/rank of the first expected service, within the first 10', () => {
    assert.equal(reciprocalRank(ranked, ['a']), 1);
    assert.equal(reciprocalRank(ranked, ['d', 'b']), 1 / 2, 'the best-placed expected service counts');
    assert.equal(reciprocalRank(ranked, ['j']), 1 / 10);
    assert.equal(reciprocalRank(ranked, ['k']), 0, 'rank 11 is beyond the depth');
    assert.equal(reciprocalRank([], ['a']), 0);
  });

  test('a query is scored from what the page listed; closed services are picked out', () => {
    const closed = new Set(['gone']);
    const s = scoreQuery({ expect: ['c'] }, { ranked: ['gone', 'b', 'c'], total: 4 }, closed);
    assert.deepEqual(s, { hit1: false, hit5: true, all5: true, rr: 1 / 3, noResults: false, closedSeen: ['gone'] });
    const none = scoreQuery({ expect: ['c'] }, { ranked: [], total: 0 }, closed);
    assert.equal(none.noResults, true);
    const pathwaysOnly = scoreQuery({ expect: ['c'] }, { ranked: [], total: 2 }, closed);
    assert.equal(pathwaysOnly.noResults, false, 'pathways or pages listed are not "No results"');
    assert.equal(pathwaysOnly.hit5, false);
  });
});

describe('a set of queries', () => {
  const closed = new Set(['gone']);
  const scores = [
    scoreQuery({ expect: ['a'] }, { ranked: ['a', 'b'], total: 2 }, closed), // rank 1
    scoreQuery({ expect: ['b', 'x'] }, { ranked: ['a', 'b'], total: 2 }, closed), // rank 2, not all
    scoreQuery({ expect: ['z'] }, { ranked: ['gone', 'a'], total: 2 }, closed), // miss, closed seen
    scoreQuery({ expect: ['z'] }, { ranked: [], total: 0 }, closed), // "No results"
  ];

  test('summary figures are fractions of the set, MRR the mean reciprocal rank', () => {
    assert.deepEqual(summarise(scores), {
      queries: 4,
      hit1: 1 / 4,
      hit5: 2 / 4,
      all5: 1 / 4,
      mrr: (1 + 1 / 2 + 0 + 0) / 4,
      noResults: 1,
      closedSeen: ['gone'],
    });
    assert.deepEqual(summarise([]), { queries: 0, hit1: 0, hit5: 0, all5: 0, mrr: 0, noResults: 0, closedSeen: [] });
  });

  test('thresholds: each figure below its minimum is a shortfall; closed services always are', () => {
    const summary = summarise(scores);
    assert.deepEqual(shortfalls('tuning', summary, { hit1: 0.25, hit5: 0.5, all5: 0.25, mrr: 0.375, maxNoResults: 1 }), [
      'tuning: closed services appear in results: gone',
    ]);
    const short = shortfalls('holdout', summary, { hit5: 0.6, mrr: 0.4, maxNoResults: 0 });
    assert.deepEqual(short, [
      'holdout: hit5 50.0 % is below the threshold 60.0 %',
      'holdout: mrr 0.375 is below the threshold 0.400',
      'holdout: 1 queries with an answer show "No results" (at most 0 allowed)',
      'holdout: closed services appear in results: gone',
    ]);
    const clean = summarise(scores.slice(0, 2));
    assert.deepEqual(shortfalls('tuning', clean, {}), [], 'no thresholds, no closed services: passes');
  });

  test('a threshold written as the printed figure passes (compared at 0.1 point)', () => {
    const third = { queries: 3, hit1: 1 / 3, hit5: 2 / 3, all5: 1 / 3, mrr: 0.5, noResults: 0, closedSeen: [] };
    assert.deepEqual(shortfalls('t', third, { hit1: 0.333, hit5: 0.667 }), []);
    assert.equal(shortfalls('t', third, { hit5: 0.668 }).length, 1);
  });
});

describe('query files', () => {
  const assets = new Set(['a', 'b', 'gone']);
  const closed = new Set(['gone']);
  const ok = { q: 'food', kind: 'need', expect: ['a'] };

  test('a sound file has no problems', () => {
    const facet = { q: '', kind: 'facet', facets: { need: 'food', age: 30 }, expect: ['a', 'b'] };
    const near = { q: 'food', kind: 'near', near: 'HB4 1DB', expect: ['b'] };
    assert.deepEqual(validateQueries('f.yaml', [ok, facet, near], assets, closed), []);
  });

  test('each mistake is named with its query', () => {
    const problems = validateQueries(
      'f.yaml',
      [
        { q: 'x', kind: 'guess', expect: ['a'] },
        { q: 'y', kind: 'need', expect: ['gone'] },
        { q: 'z', kind: 'need', expect: ['nope'] },
        { q: 'w', kind: 'need', expect: [] },
        { q: 'v', kind: 'need', expect: ['a', 'a'] },
        { q: '', kind: 'facet', expect: ['a'] },
        { q: 'u', kind: 'facet', facets: { colour: 'red' }, expect: ['a'] },
        { q: 't', kind: 'need', expect: ['a'], extra: 1 },
        { q: 's', kind: 'near', expect: ['a'] },
        { q: 'r', kind: 'need', near: 'HB1 1AA', expect: ['a'] },
        ok,
        { ...ok },
      ],
      assets,
      closed,
    );
    assert.deepEqual(problems, [
      'f.yaml: query 1 ("x"): "kind" must be one of phrase, misspelling, everyday, place, need, name, facet, near',
      'f.yaml: query 2 ("y"): "gone" is closed and can never be a right answer',
      'f.yaml: query 3 ("z"): "nope" is not an asset in content/assets',
      'f.yaml: query 4 ("w"): "expect" must list 1 to 5 asset ids',
      'f.yaml: query 5 ("v"): "expect" lists a service twice',
      'f.yaml: query 6 (""): an empty query needs facets or near',
      'f.yaml: query 7 ("u"): unknown facet "colour" (known: need, place, access, cost, age, language)',
      'f.yaml: query 8 ("t"): unknown field "extra"',
      'f.yaml: query 9 ("s"): a query has "near" exactly when its kind is near',
      'f.yaml: query 10 ("r"): a query has "near" exactly when its kind is near',
      'f.yaml: query 12 ("food"): the same query appears twice',
    ]);
    assert.deepEqual(validateQueries('f.yaml', undefined, assets, closed), ['f.yaml: expected a list of queries under "queries"']);
  });

  test('the address carries the query, facets and near in a fixed order', () => {
    assert.equal(searchAddress({ q: 'behind on rent' }), '?q=behind+on+rent');
    assert.equal(
      searchAddress({ q: "can't pay", near: 'HB4 1DB', facets: { age: 72, need: 'money' } }),
      '?q=can%27t+pay&need=money&age=72&near=HB4+1DB',
    );
    assert.equal(searchAddress({ q: '', facets: { place: 'westfield' } }), '?place=westfield');
  });
});
