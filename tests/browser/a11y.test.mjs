// Browser checks for every page type of a built supportmap site, at a phone
// (360px) and a desktop (1280px) width:
//
//   * axe-core finds no serious/critical WCAG 2.x A/AA violation;
//   * the page loads under its own Content-Security-Policy without a single
//     CSP violation, JavaScript error or failed sub-resource;
//   * nothing is requested from any origin but the site's own;
//   * no horizontal scrolling at 360px (WCAG 1.4.10 Reflow);
//   * keyboard: the first Tab lands on a working "Skip to content" link, and
//     Tab reaches every visible focusable element, each showing a focus
//     indicator (WCAG 2.1.1, 2.4.1, 2.4.7).
//
// Run: SITE_DIR=/path/to/site [SITE_PREFIX=/support-map/] node --test a11y.test.mjs
// Set A11Y_SKIP_AXE=1 to run only the runtime checks (e.g. for a second,
// base-path build whose markup axe has already seen).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createRequire } from 'node:module';

import { discoverPages, launchContext, SITE_DIR, SITE_PREFIX } from './lib.mjs';
import { serve } from './serve.mjs';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const WIDTHS = [360, 1280];
const HEIGHT = 800;
const SKIP_AXE = process.env.A11Y_SKIP_AXE === '1';

const pages = discoverPages(SITE_DIR);

let server; // { origin, baseUrl, close }
// Two browsers: axe needs `bypassCSP` to inject its script, but everything
// else must see the page exactly as a visitor would, under its real CSP.
let axeBrowser;
let realBrowser;

before(async () => {
  server = await serve(SITE_DIR, { prefix: SITE_PREFIX });
  realBrowser = await launchContext();
  // Record CSP violations from inside the page as well as from the console:
  // the DOM event carries the blocked URI and directive, which makes for a
  // far better failure message. Init scripts are injected by the browser
  // itself, so the page's CSP does not block this one.
  await realBrowser.context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(
        `${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}` +
          (e.sourceFile ? ` at ${e.sourceFile}:${e.lineNumber}` : ''),
      );
    });
  });
  if (!SKIP_AXE) axeBrowser = await launchContext({ bypassCSP: true });
});

after(async () => {
  await axeBrowser?.close();
  await realBrowser?.close();
  await server?.close();
});

test('site has pages to check', (t) => {
  assert.ok(pages.length > 0, `no pages found in ${SITE_DIR}`);
  assert.ok(pages.some((p) => p.rel === ''), `no home page (index.html) in ${SITE_DIR}`);
  t.diagnostic(`${pages.length} page types: ${pages.map((p) => '/' + p.rel).join(' ')}`);
});

const urlFor = (rel) => server.baseUrl + rel;

// ---------------------------------------------------------------------------
// axe-core

function formatAxe(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 8)
        .map((n) => `      - ${n.target.join(' ')}\n        ${(n.failureSummary || '').replace(/\n/g, '\n        ')}`)
        .join('\n');
      const more = v.nodes.length > 8 ? `\n      … and ${v.nodes.length - 8} more` : '';
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}${more}`;
    })
    .join('\n');
}

if (!SKIP_AXE) {
  describe('axe-core (WCAG 2.2 A/AA, serious+critical)', () => {
    for (const { rel, label } of pages) {
      for (const width of WIDTHS) {
        test(`/${rel} [${label}] @${width}px`, async (t) => {
          const page = await axeBrowser.context.newPage();
          try {
            await page.setViewportSize({ width, height: HEIGHT });
            await page.goto(urlFor(rel), { waitUntil: 'networkidle' });
            await page.addScriptTag({ path: AXE_PATH });
            const results = await page.evaluate(
              (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
              AXE_TAGS,
            );
            const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
            const minor = results.violations.filter((v) => !bad.includes(v));
            if (minor.length) {
              // Not failures, but worth seeing in the log.
              t.diagnostic(`minor axe findings: ${minor.map((v) => `${v.id}(${v.impact})`).join(', ')}`);
            }
            assert.equal(bad.length, 0, `axe violations on /${rel} @${width}px:\n${formatAxe(bad)}`);
          } finally {
            await page.close();
          }
        });
      }
    }
  });
}

// ---------------------------------------------------------------------------
// Runtime checks under the page's real CSP

/**
 * Runs in the page: list every visible, keyboard-focusable element and
 * remember its unfocused styles so a focus indicator can be detected as a
 * *change* (a permanent box-shadow is not a focus indicator).
 */
function snapshotFocusables() {
  const SELECTOR = [
    'a[href]',
    'area[href]',
    'button',
    'input:not([type="hidden"])',
    'select',
    'textarea',
    'summary',
    'iframe',
    '[tabindex]',
    '[contenteditable]:not([contenteditable="false"])',
  ].join(',');
  const describeEl = (el) => {
    let d = el.tagName.toLowerCase();
    if (el.id) d += `#${el.id}`;
    const href = el.getAttribute('href');
    if (href) d += `[href="${href}"]`;
    const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ');
    if (text) d += ` "${text.slice(0, 40)}"`;
    return d;
  };
  const tabbable = (el) => {
    if (el.closest('[inert]')) return false;
    if (el.disabled) return false;
    const ti = el.getAttribute('tabindex');
    if (ti !== null && parseInt(ti, 10) < 0) return false;
    // A <summary> is focusable only as the first summary of its <details>.
    if (el.tagName === 'SUMMARY' && el.parentElement?.querySelector(':scope > summary') !== el) return false;
    return true;
  };
  const visible = (el) => {
    if (el.getClientRects().length === 0) return false;
    // checkVisibility also sees content-visibility:hidden subtrees, which is
    // how Chromium hides the body of a closed <details>.
    if (el.checkVisibility && !el.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true })) {
      return false;
    }
    return getComputedStyle(el).visibility === 'visible';
  };
  const els = [];
  const unfocused = new Map();
  for (const el of document.querySelectorAll(SELECTOR)) {
    if (!tabbable(el) || !visible(el)) continue;
    els.push(el);
    const cs = getComputedStyle(el);
    unfocused.set(el, { boxShadow: cs.boxShadow });
  }
  window.__focusSnap = { els, unfocused, describeEl };
  return els.map((el) => ({
    desc: describeEl(el),
    // Only one radio per group is in the Tab order (arrows move within it).
    radioGroup: el.type === 'radio' && el.name ? `${el.form ? 'f' : ''}:${el.name}` : null,
  }));
}

/** Runs in the page after a Tab press: what has focus, and does it show? */
function inspectFocus() {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return { none: true };
  const snap = window.__focusSnap;
  const cs = getComputedStyle(el);
  const outline =
    cs.outlineStyle !== 'none' &&
    parseFloat(cs.outlineWidth) > 0 &&
    cs.outlineColor !== 'transparent' &&
    !/rgba\([^)]*,\s*0\)$/.test(cs.outlineColor);
  const before = snap.unfocused.get(el);
  const shadow = cs.boxShadow !== 'none' && (!before || cs.boxShadow !== before.boxShadow);
  const r = el.getBoundingClientRect();
  const onScreen =
    r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight;
  return {
    index: snap.els.indexOf(el),
    desc: snap.describeEl(el),
    indicator: outline || shadow,
    onScreen: onScreen && cs.visibility === 'visible' && parseFloat(cs.opacity) > 0,
    styles: `outline: ${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}; box-shadow: ${cs.boxShadow}`,
    tag: el.tagName,
    text: (el.innerText || '').trim(),
    href: el.getAttribute('href'),
    hrefTargetExists: (() => {
      const h = el.getAttribute('href');
      if (!h || !h.startsWith('#') || h.length < 2) return false;
      return document.getElementById(decodeURIComponent(h.slice(1))) !== null;
    })(),
  };
}

for (const { rel, label } of pages) {
  for (const width of WIDTHS) {
    describe(`/${rel} [${label}] @${width}px`, () => {
      let page;
      const consoleCsp = [];
      const pageErrors = [];
      const foreign = [];
      const failed = [];
      let status;

      before(async () => {
        page = await realBrowser.context.newPage();
        page.on('console', (msg) => {
          if (/Content[- ]Security[- ]Policy/i.test(msg.text())) consoleCsp.push(msg.text());
        });
        page.on('pageerror', (err) => pageErrors.push(String(err)));
        page.on('request', (req) => {
          const u = req.url();
          if (u.startsWith('data:') || u.startsWith('blob:')) return;
          if (new URL(u).origin !== server.origin) foreign.push(`${req.resourceType()} ${u}`);
        });
        page.on('requestfailed', (req) => {
          failed.push(`${req.url()}: ${req.failure()?.errorText}`);
        });
        page.on('response', (res) => {
          // The 404 page is *meant* to be served with 404 status; only
          // sub-resources and non-404 documents must load cleanly.
          if (res.request().isNavigationRequest() && res.request().frame() === page.mainFrame()) return;
          if (res.status() >= 400) failed.push(`${res.url()}: HTTP ${res.status()}`);
        });
        await page.setViewportSize({ width, height: HEIGHT });
        const res = await page.goto(urlFor(rel), { waitUntil: 'networkidle' });
        status = res.status();
      });

      after(async () => {
        await page?.close();
      });

      test('loads', () => {
        assert.equal(status, 200, `GET /${rel} returned ${status}`);
      });

      test('has a strict CSP and violates none of it', async () => {
        const csp = await page.evaluate(
          () => document.querySelector('meta[http-equiv="Content-Security-Policy" i]')?.getAttribute('content') ?? null,
        );
        assert.ok(csp, 'no <meta http-equiv="Content-Security-Policy"> on the page');
        assert.match(csp, /script-src 'self'/, `CSP lacks script-src 'self': ${csp}`);
        assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/, `CSP allows unsafe scripts: ${csp}`);
        const domViolations = await page.evaluate(() => window.__cspViolations || []);
        // The DOM events are the concise form; the console text is only a
        // fallback (e.g. for violations reported before our listener ran).
        const all = domViolations.length ? domViolations : consoleCsp;
        assert.deepEqual(all, [], `CSP violations:\n  ${all.join('\n  ')}`);
      });

      test('no JavaScript errors', () => {
        assert.deepEqual(pageErrors, [], `uncaught errors:\n  ${pageErrors.join('\n  ')}`);
      });

      test('all sub-resources load', () => {
        assert.deepEqual(failed, [], `failed requests:\n  ${failed.join('\n  ')}`);
      });

      if (width === 360) {
        test('no horizontal scroll at 360px', async () => {
          const r = await page.evaluate(() => {
            const sw = document.documentElement.scrollWidth;
            // Name the culprits: elements sticking out past the viewport.
            const wide = [];
            for (const el of document.body.querySelectorAll('*')) {
              const b = el.getBoundingClientRect();
              if (b.right > innerWidth + 0.5 && b.width > 0) {
                let d = el.tagName.toLowerCase();
                if (el.id) d += '#' + el.id;
                if (el.classList.length) d += '.' + [...el.classList].join('.');
                wide.push(`${d} (right edge ${Math.round(b.right)}px)`);
              }
            }
            return { sw, wide: wide.slice(0, 10) };
          });
          assert.ok(r.sw <= 360, `scrollWidth ${r.sw}px > 360px; wide elements:\n  ${r.wide.join('\n  ')}`);
        });
      }

      test('keyboard: skip link first, every focusable reachable with a visible focus indicator', async (t) => {
        const expected = await page.evaluate(snapshotFocusables);
        const problems = [];
        const reached = new Set();
        const reachedRadioGroups = new Set();
        let first = null;
        // Enough presses to go round once, plus slack for elements that were
        // not in the snapshot (e.g. revealed on focus).
        const maxSteps = expected.length + 20;
        for (let step = 0; step < maxSteps; step++) {
          await page.keyboard.press('Tab');
          const f = await page.evaluate(inspectFocus);
          if (step === 0) {
            first = f;
            const isSkip = !f.none && f.tag === 'A' && /skip/i.test(f.text) && /content|main/i.test(f.text);
            if (!isSkip) {
              problems.push(`first Tab reached ${f.none ? 'nothing' : f.desc}, not a "Skip to content" link`);
            } else if (!f.hrefTargetExists) {
              problems.push(`skip link href="${f.href}" does not point at an element id on the page`);
            }
          }
          if (f.none) {
            if (step > 0) break; // focus left the document: we went round
            continue;
          }
          if (f.index >= 0 && reached.has(f.index)) break; // wrapped round
          if (f.index >= 0) {
            reached.add(f.index);
            if (expected[f.index].radioGroup) reachedRadioGroups.add(expected[f.index].radioGroup);
          }
          if (!f.indicator) problems.push(`no visible focus indicator on ${f.desc} (${f.styles})`);
          if (!f.onScreen) problems.push(`focus went to an element that is not on screen: ${f.desc}`);
        }
        expected.forEach((e, i) => {
          if (reached.has(i)) return;
          if (e.radioGroup && reachedRadioGroups.has(e.radioGroup)) return;
          problems.push(`never reached by Tab: ${e.desc}`);
        });
        t.diagnostic(`Tab reached ${reached.size} of ${expected.length} visible focusable elements`);
        assert.ok(first, 'Tab did nothing');
        assert.deepEqual(problems, [], `keyboard problems on /${rel} @${width}px:\n  ${problems.join('\n  ')}`);
      });

      // Last, so it also covers anything requested during the keyboard walk.
      test('no request leaves the site origin', () => {
        assert.deepEqual(foreign, [], `requests to other origins:\n  ${foreign.join('\n  ')}`);
      });
    });
  }
}
