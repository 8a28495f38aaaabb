// Validate every .html file of the built site with the Nu HTML Checker
// (vnu.jar, the W3C validator) and fail on any error, listing file + line +
// message.
//
// vnu.jar comes from the `vnu-jar` npm package; it needs a Java runtime on
// PATH (Debian: default-jre-headless). `npm ci --ignore-scripts` is used on
// purpose: the package's postinstall would try to download a JDK, which
// CI cannot do and does not need.
//
// Run: SITE_DIR=/path/to/site node --test vnu.test.mjs

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';

import { htmlFiles, SITE_DIR } from './lib.mjs';

const require = createRequire(import.meta.url);
// The package's main export is the absolute path of vnu.jar.
const VNU_JAR = String(require('vnu-jar'));

test('Nu HTML Checker: no errors in any page', (t) => {
  const files = htmlFiles(SITE_DIR);
  assert.ok(files.length > 0, `no .html files under ${SITE_DIR}`);

  // One JVM for all files (start-up dominates the cost). Files are passed as
  // arguments; for very large sites split to stay under ARG_MAX.
  const results = [];
  const CHUNK = 2000;
  for (let i = 0; i < files.length; i += CHUNK) {
    const chunk = files.slice(i, i + CHUNK);
    const r = spawnSync('java', ['-Xss4m', '-jar', VNU_JAR, '--errors-only', '--format', 'json', ...chunk], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    if (r.error) throw new Error(`could not run java (is a JRE installed?): ${r.error.message}`);
    // vnu writes its JSON report to stderr and exits 1 when it found errors.
    let report;
    try {
      report = JSON.parse(r.stderr);
    } catch {
      throw new Error(`vnu did not produce JSON (exit ${r.status}):\n${r.stderr}\n${r.stdout}`);
    }
    results.push(...report.messages);
  }

  const errors = results.filter((m) => m.type === 'error' || m.type === 'non-document-error');
  const lines = errors.map((m) => {
    const file = m.url ? path.relative(SITE_DIR, decodeURIComponent(new URL(m.url).pathname)) : '(unknown file)';
    const where = m.lastLine ? `:${m.lastLine}:${m.firstColumn ?? m.lastColumn ?? ''}` : '';
    const extract = m.extract ? `\n      ${m.extract.replace(/\s+/g, ' ').trim().slice(0, 160)}` : '';
    return `  ${file}${where}: ${m.message}${extract}`;
  });
  t.diagnostic(`checked ${files.length} files, ${errors.length} errors`);
  assert.equal(errors.length, 0, `Nu HTML Checker errors (paths relative to ${SITE_DIR}):\n${lines.join('\n')}`);
});
