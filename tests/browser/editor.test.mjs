// The web editor (/admin/, Decap CMS, src/editor.rs) end to end, and the "Report something
// out of date" and "Edit this record" links of record pages (src/feedback.rs).
//
// Needs a site other than the example (which has no editor and no edit_url): the test copies
// tests/fixtures/valid into a temporary folder, turns both on in its site.yaml and builds it
// with `target/release/supportmap` (or $SUPPORTMAP_BIN), for $SITE_PREFIX like the other
// tests. Decap's local backend, decap-server (from node_modules), writes into that folder on a
// port the OS chose; then the saved files go through `supportmap check` and `build`. The same,
// on a copy of tests/fixtures/bilingual: one entry per record with an English and a Welsh pane,
// and a Welsh field saved to the record's `<id>.cy.yaml` (src/editor/config/languages.rs).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { SITE_PREFIX, launchContext } from './lib.mjs';
import { serve } from './serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(here, '..', '..');
const BIN = process.env.SUPPORTMAP_BIN || path.join(REPO, 'target', 'release', 'supportmap');
const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const DECAP_SERVER = path.join(path.dirname(require.resolve('decap-server/package.json')), 'dist', 'index.js');
const EDIT_URL = 'https://git.example.org/testbay/support-map/edit/main/content/{path}';

let work;
let root;
let server;
let decap;
let browser;

/** A port nobody is listening on, chosen by the OS. */
async function freePort() {
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function build(out) {
  const baseUrl = SITE_PREFIX === '/' ? [] : ['--base-url', `https://example.org${SITE_PREFIX}`];
  execFileSync(BIN, ['build', '--root', root, '--out', out, ...baseUrl], { stdio: 'pipe' });
}

/** Starts decap-server on `port` for the site folder `dir`; resolves once it says it listens. */
function startDecapServer(port, dir = root) {
  const child = spawn(process.execPath, [DECAP_SERVER], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), BIND_HOST: '127.0.0.1', GIT_REPO_DIRECTORY: dir, MODE: 'fs' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let said = '';
    const listen = (chunk) => {
      said += chunk;
      if (said.includes('listening')) resolve(child);
    };
    child.stdout.on('data', listen);
    child.stderr.on('data', listen);
    child.on('exit', (code) => reject(new Error(`decap-server exited (${code}) before listening:\n${said}`)));
  });
}

before(async () => {
  assert.ok(existsSync(BIN), `the supportmap binary is at ${BIN} (cargo build --release, or set SUPPORTMAP_BIN)`);
  work = mkdtempSync(path.join(os.tmpdir(), 'supportmap-editor-'));
  root = path.join(work, 'site');
  cpSync(path.join(REPO, 'tests', 'fixtures', 'valid'), root, { recursive: true });
  const port = await freePort();
  const settings = path.join(root, 'content', 'site.yaml');
  writeFileSync(
    settings,
    readFileSync(settings, 'utf8') +
      `edit_url: ${EDIT_URL}\neditor:\n  backend: github\n  repo: testbay/support-map\n  local_port: ${port}\n`,
  );
  build(path.join(work, 'out'));
  server = await serve(path.join(work, 'out'), { prefix: SITE_PREFIX });
  decap = await startDecapServer(port);
  browser = await launchContext();
});

after(async () => {
  await browser?.close();
  decap?.kill();
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Opens the web editor of the site `at` serves, signed in to the local backend, with CSP violations collected. */
async function openEditor(hash, at = server) {
  const page = await browser.context.newPage();
  // Decap is 5.8 MB of script: on a busy CI machine reading it takes longer than Playwright's
  // usual 30 s. Every wait below is still for something the page shows.
  page.setDefaultTimeout(180_000);
  const problems = [];
  const hosts = new Set();
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) problems.push(m.text());
  });
  page.on('request', (r) => hosts.add(new URL(r.url()).hostname));
  await page.goto(`${at.baseUrl}admin/`);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.getByRole('link', { name: 'Services', exact: true }).waitFor();
  await page.goto(`${at.baseUrl}admin/${hash}`);
  return { page, problems, hosts };
}

/**
 * Chooses `option` in the field labelled `label` (Decap's choices are react-select, typed into
 * and picked from a list box; optional fields' labels end in "(optional)").
 */
async function choose(page, label, option) {
  const input = page.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(option);
  await page.getByRole('option', { name: option, exact: true }).click();
}

/**
 * Publishes the open entry and waits until Decap says it is saved: its status goes from
 * "Unsaved changes" to "Changes saved" (the "Entry saved" notice of an earlier save may still
 * be showing).
 */
async function publish(page) {
  await page.getByText(/^unsaved changes$/i).waitFor();
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByText('Publish now', { exact: true }).click();
  await page.getByText(/^changes saved$/i).waitFor();
}

function today() {
  const d = new Date();
  const two = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

describe('the web editor saves records that check and build', () => {
  test('a new service made through the form, and an existing one edited', async () => {
    const { page, problems, hosts } = await openEditor('#/collections/services/new');
    await page.getByLabel('Name', { exact: true }).fill('Testbay Tea and Talk');
    await page.getByLabel('Summary', { exact: true }).fill('A weekly cuppa and a chat for anyone who feels alone.');
    await choose(page, 'Needs', 'Loneliness and isolation');
    await choose(page, 'Places (optional)', 'North End');
    await page.getByRole('button', { name: 'Add opening hours' }).click();
    await choose(page, 'Days (optional)', 'Tuesday');
    await page.getByLabel('Opens', { exact: true }).fill('14:00');
    await page.getByLabel('Closes', { exact: true }).fill('16:00');
    assert.equal(await page.getByLabel('Last reviewed', { exact: true }).inputValue(), today(), 'last_reviewed starts at today');
    await choose(page, 'Cost (optional)', 'Free');
    await publish(page);

    const created = path.join(root, 'content', 'assets', 'testbay-tea-and-talk.yaml');
    assert.ok(existsSync(created), 'the new service is saved as content/assets/testbay-tea-and-talk.yaml');
    const record = parse(readFileSync(created, 'utf8'));
    assert.equal(record.name, 'Testbay Tea and Talk');
    assert.deepEqual(record.needs, ['loneliness']);
    assert.deepEqual(record.places, ['north-end']);
    assert.deepEqual(record.opening_hours, [{ days: ['tue'], opens: '14:00', closes: '16:00' }]);
    assert.equal(record.cost, 'free');
    assert.equal(String(record.last_reviewed), today());

    // Once saved, Decap moves to the new entry's own address; going elsewhere before that
    // would be undone by it.
    await page.waitForURL(/#\/collections\/services\/entries\/testbay-tea-and-talk$/);
    // A fresh load of the editor at the existing record (still signed in).
    await page.goto(`${server.baseUrl}admin/#/collections/services/entries/south-pantry`);
    await page.reload();
    // The form shows the saved record (not the new one it replaces) before it is changed.
    await page.waitForFunction(() => document.querySelector('input[id^="name-field"]')?.value === 'South End Pantry');
    const summary = page.getByLabel('Summary', { exact: true });
    await summary.fill('Low-cost food for anyone in South End, edited in the web editor.');
    await publish(page);
    const edited = parse(readFileSync(path.join(root, 'content', 'assets', 'south-pantry.yaml'), 'utf8'));
    assert.equal(edited.summary, 'Low-cost food for anyone in South End, edited in the web editor.');

    assert.deepEqual(problems, [], 'the page\'s own Content Security Policy lets the editor work');
    assert.deepEqual([...hosts], ['127.0.0.1'], 'the editor talks only to the site and decap-server');
    await page.close();

    const check = spawnSync(BIN, ['check', '--root', root], { encoding: 'utf8' });
    assert.equal(check.status, 0, `supportmap check passes after the edits:\n${check.stderr}`);
    const out = path.join(work, 'rebuilt');
    build(out);
    const built = readFileSync(path.join(out, 'assets', 'testbay-tea-and-talk', 'index.html'), 'utf8');
    assert.match(built, /<h1[^>]*>Testbay Tea and Talk<\/h1>/);
    assert.match(readFileSync(path.join(out, 'assets', 'south-pantry', 'index.html'), 'utf8'), /edited in the web editor/);
  });
});

describe('on a site in English and Welsh, the editor shows both and saves each to its own file', () => {
  // tests/fixtures/bilingual, published under its base_url's /support-map/, with its own
  // decap-server on its own copy.
  let bilingual;
  let biServer;
  let biDecap;
  before(async () => {
    bilingual = path.join(work, 'bilingual');
    cpSync(path.join(REPO, 'tests', 'fixtures', 'bilingual'), bilingual, { recursive: true });
    const port = await freePort();
    const settings = path.join(bilingual, 'content', 'site.yaml');
    writeFileSync(
      settings,
      readFileSync(settings, 'utf8') + `editor:\n  backend: github\n  repo: testbay/support-map\n  local_port: ${port}\n`,
    );
    const out = path.join(work, 'bilingual-out');
    execFileSync(BIN, ['build', '--root', bilingual, '--out', out], { stdio: 'pipe' });
    biServer = await serve(out, { prefix: '/support-map/' });
    biDecap = await startDecapServer(port, bilingual);
  });
  after(async () => {
    biDecap?.kill();
    await biServer?.close();
  });

  const assets = (file) => path.join(bilingual, 'content', 'assets', file);
  const TEXT_FIELDS = ['name', 'summary', 'description', 'referral', 'cost_detail'];

  test('one entry per service, a pane per language, and a Welsh field saved to <id>.cy.yaml alone', async () => {
    const { page, problems } = await openEditor('#/collections/services', biServer);
    // The list: each record once, its Welsh file not an entry of its own.
    await page.getByText('North Lunch Club', { exact: true }).waitFor();
    const entries = await page.$$eval('a[href*="/collections/services/entries/"]', (links) =>
      links.map((a) => a.getAttribute('href').split('/entries/')[1]).sort(),
    );
    assert.deepEqual(entries, ['food-bank', 'lunch-club']);

    // A translated service: English on one side, its Welsh file's words on the other, and only
    // the text fields in Welsh.
    await page.goto(`${biServer.baseUrl}admin/#/collections/services/entries/lunch-club`);
    await page.reload();
    await page.getByText('Writing in EN-GB', { exact: true }).waitFor();
    await page.getByText('Writing in CY', { exact: true }).waitFor();
    const pane = (locale) =>
      page
        .locator('div')
        .filter({ has: page.getByText(`Writing in ${locale}`, { exact: true }) })
        .filter({ has: page.getByLabel('Name', { exact: true }) })
        .last();
    const welsh = pane('CY');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('input[id^="name-field"]')].some((i) => i.value === "Clwb Cinio'r Gogledd"),
    );
    assert.equal(await welsh.getByLabel('Name', { exact: true }).inputValue(), "Clwb Cinio'r Gogledd");
    assert.equal(await pane('EN-GB').getByLabel('Name', { exact: true }).inputValue(), 'North Lunch Club');
    // Decap keeps a field that is not translated in the page, hidden: read what is shown.
    const shown = async (locale) => (await pane(locale).innerText()).toLowerCase().split('\n');
    const inWelsh = await shown('CY');
    for (const label of ['name', 'summary', 'cost detail (optional)']) assert.ok(inWelsh.includes(label), `${label} in ${inWelsh}`);
    for (const label of ['needs', 'last reviewed', 'opening hours (optional)']) assert.ok(!inWelsh.includes(label), `${label} is the record’s, not translated`);
    assert.ok((await shown('EN-GB')).includes('needs'), 'the record’s own fields are in the English pane');

    // An untranslated service: a Welsh name typed in its pane is saved beside it, alone.
    await page.goto(`${biServer.baseUrl}admin/#/collections/services/entries/food-bank`);
    await page.reload();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('input[id^="name-field"]')].some((i) => i.value === 'Testbay Food Bank'),
    );
    await pane('CY').getByLabel('Name', { exact: true }).fill('Banc Bwyd Bae Prawf');
    await publish(page);
    const saved = parse(readFileSync(assets('food-bank.cy.yaml'), 'utf8'));
    assert.deepEqual(saved, { name: 'Banc Bwyd Bae Prawf' });
    assert.ok(Object.keys(saved).every((k) => TEXT_FIELDS.includes(k)));
    const english = parse(readFileSync(assets('food-bank.yaml'), 'utf8'));
    assert.equal(english.name, 'Testbay Food Bank', 'the record keeps its English name');
    assert.deepEqual(english.needs, ['food', 'money']);
    assert.ok(!existsSync(assets('food-bank.en-GB.yaml')), 'the English stays in the record’s own file');
    assert.deepEqual(problems, []);
    await page.close();

    const check = spawnSync(BIN, ['check', '--root', bilingual], { encoding: 'utf8' });
    assert.equal(check.status, 0, `supportmap check passes after the edit:\n${check.stderr}`);
    const out = path.join(work, 'bilingual-rebuilt');
    execFileSync(BIN, ['build', '--root', bilingual, '--out', out], { stdio: 'pipe' });
    assert.match(readFileSync(path.join(out, 'cy', 'assets', 'food-bank', 'index.html'), 'utf8'), /<h1[^>]*>Banc Bwyd Bae Prawf<\/h1>/);
    assert.match(readFileSync(path.join(out, 'assets', 'food-bank', 'index.html'), 'utf8'), /<h1[^>]*>Testbay Food Bank<\/h1>/);
  });
});

describe('report and edit links on record pages', () => {
  const pages = [
    { rel: 'assets/south-pantry/', file: 'assets/south-pantry.yaml', name: 'South End Pantry' },
    { rel: 'pathways/money-worries/', file: 'pathways/money-worries.md', name: null },
  ];
  for (const { rel, file, name } of pages) {
    test(`/${rel} links to a prefilled email and to the record's file, by keyboard`, async () => {
      const page = await browser.context.newPage();
      await page.goto(`${server.baseUrl}${rel}`);
      const report = page.getByRole('link', { name: 'Report something out of date', exact: true });
      const edit = page.getByRole('link', { name: 'Edit this record', exact: true });
      const mailto = new URL(await report.getAttribute('href'));
      assert.equal(mailto.protocol, 'mailto:');
      assert.equal(mailto.pathname, 'hello@testbay.example.org');
      const title = (await page.locator('h1').textContent()).trim();
      assert.equal(mailto.searchParams.get('subject'), `Out of date: ${name ?? title}`);
      const body = mailto.searchParams.get('body');
      assert.ok(body.includes(`Id: ${rel.split('/')[1]}`), body);
      assert.ok(body.includes(`Page: ${SITE_PREFIX === '/' ? '' : 'https://example.org'}${SITE_PREFIX}${rel}`), body);
      assert.equal(await edit.getAttribute('href'), EDIT_URL.replace('{path}', file));

      // Both are reached with Tab, in order, and show where the focus is.
      const reached = [];
      for (let i = 0; i < 200 && reached.length < 2; i++) {
        await page.keyboard.press('Tab');
        const text = await page.evaluate(() => document.activeElement?.textContent?.trim());
        if (text === 'Report something out of date' || text === 'Edit this record') {
          reached.push(text);
          const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
          assert.notEqual(outline, 'none', `${text} shows its focus`);
        }
      }
      assert.deepEqual(reached, ['Report something out of date', 'Edit this record']);
      await page.close();
    });
  }

  // Like a11y.test.mjs, axe runs once, on the build at the root (A11Y_SKIP_AXE=1 under a prefix).
  if (process.env.A11Y_SKIP_AXE !== '1') test('axe-core finds no serious problem on a service page with both links', async () => {
    const context = await launchContext({ bypassCSP: true });
    try {
      const page = await context.context.newPage();
      await page.goto(`${server.baseUrl}assets/south-pantry/`);
      await page.addScriptTag({ path: AXE_PATH });
      const results = await page.evaluate(() =>
        window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }),
      );
      const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(bad.map((v) => v.id), []);
    } finally {
      await context.close();
    }
  });
});
