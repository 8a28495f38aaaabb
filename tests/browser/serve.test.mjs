// Self-test of serve.mjs on a throwaway site: the browser tests are only as
// trustworthy as the server they run against.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { serve } from './serve.mjs';

let dir;
let srv;

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'supportmap-serve-'));
  const site = path.join(dir, 'site');
  mkdirSync(path.join(site, 'needs', 'food'), { recursive: true });
  mkdirSync(path.join(site, 'static'), { recursive: true });
  writeFileSync(path.join(site, 'index.html'), '<!DOCTYPE html><title>home</title>');
  writeFileSync(path.join(site, 'needs', 'food', 'index.html'), '<!DOCTYPE html><title>food</title>');
  writeFileSync(path.join(site, '404.html'), '<!DOCTYPE html><title>not found</title>');
  for (const f of ['a.css', 'a.js', 'a.mjs', 'a.wasm', 'a.json', 'a.svg', 'a.png', 'sitemap.xml', 'robots.txt', 'site.webmanifest']) {
    writeFileSync(path.join(site, 'static', f), 'x');
  }
  writeFileSync(path.join(dir, 'secret.txt'), 'outside the site');
  srv = await serve(site, { prefix: '/support-map' });
});

after(async () => {
  await srv?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** GET a raw path (no client-side normalisation of "..") on the server. */
function get(rawPath) {
  return new Promise((resolve, reject) => {
    // Options, not a URL string: a URL would be normalised client-side
    // ("/a/../b" → "/b"), and the traversal attempts would never arrive.
    const { hostname, port } = new URL(srv.origin);
    const req = request({ hostname, port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('binds to 127.0.0.1 on an ephemeral port, mounted under the prefix', () => {
  assert.match(srv.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(srv.baseUrl, `${srv.origin}/support-map/`);
});

test('serves index.html for directories', async () => {
  const home = await get('/support-map/');
  assert.equal(home.status, 200);
  assert.match(home.body, /home/);
  assert.match(home.headers['content-type'], /^text\/html/);
  const food = await get('/support-map/needs/food/');
  assert.equal(food.status, 200);
  assert.match(food.body, /food/);
});

test('redirects a directory without its trailing slash', async () => {
  const r = await get('/support-map/needs/food');
  assert.equal(r.status, 301);
  assert.equal(r.headers.location, '/support-map/needs/food/');
});

test('content types', async () => {
  const want = {
    'a.css': 'text/css',
    'a.js': 'text/javascript',
    'a.mjs': 'text/javascript',
    'a.wasm': 'application/wasm',
    'a.json': 'application/json',
    'a.svg': 'image/svg+xml',
    'a.png': 'image/png',
    'sitemap.xml': 'application/xml',
    'robots.txt': 'text/plain',
    'site.webmanifest': 'application/manifest+json',
  };
  for (const [f, type] of Object.entries(want)) {
    const r = await get(`/support-map/static/${f}`);
    assert.equal(r.status, 200, f);
    assert.ok(r.headers['content-type'].startsWith(type), `${f}: ${r.headers['content-type']}`);
  }
});

test('missing pages get 404.html with status 404', async () => {
  for (const p of ['/support-map/nope/', '/support-map/static/nope.css', '/', '/needs/food/']) {
    const r = await get(p);
    assert.equal(r.status, 404, p);
    assert.match(r.body, /not found/, p);
  }
});

test('no path traversal', async () => {
  for (const p of [
    '/support-map/../secret.txt',
    '/support-map/%2e%2e/secret.txt',
    '/support-map/..%2fsecret.txt',
    '/support-map/static/..%2f..%2fsecret.txt',
    '/support-map/%00',
    '/support-map/%zz',
  ]) {
    const r = await get(p);
    assert.notEqual(r.status, 200, p);
    assert.doesNotMatch(r.body, /outside the site/, p);
  }
});
