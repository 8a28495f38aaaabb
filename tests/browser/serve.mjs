// A tiny static file server for a built supportmap site, used by the browser
// tests (and handy by hand: `node serve.mjs <site-dir> [/prefix/] [port]`).
//
// Why our own instead of a package: it is ~100 lines, needs no dependency,
// and lets us mimic the real hosting setup exactly — a site built with
// `--base-url https://example.org/support-map/` is served under the
// `/support-map/` mount prefix, and a missing page gets `404.html` with a 404
// status, as on GitHub Pages / Netlify / a plain nginx config.

import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.yml': 'text/yaml; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

/** Normalise a mount prefix to the form "/x/y/" (or "/" for none). */
function normalisePrefix(prefix) {
  let p = prefix || '/';
  if (!p.startsWith('/')) p = '/' + p;
  if (!p.endsWith('/')) p += '/';
  return p;
}

async function fileIfExists(p) {
  try {
    const s = await stat(p);
    return s.isFile() ? p : null;
  } catch {
    return null;
  }
}

/**
 * Map a request path to a file inside `root`, or null. Returns
 * `{ redirect }` for a directory requested without its trailing slash, so
 * relative links inside its index.html resolve the way they would on a real
 * static host.
 */
async function resolveFile(root, prefix, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null; // malformed %-escape: treat as not found
  }
  if (decoded.includes('\0')) return null;
  if (!(decoded + '/').startsWith(prefix)) return null; // outside the mount
  const rel = decoded.slice(prefix.length);
  // path.resolve collapses any "..": then insist the result is still inside
  // root. This (not string filtering) is what prevents path traversal.
  const abs = path.resolve(root, '.' + path.posix.sep + rel);
  if (abs !== root && !abs.startsWith(root + path.sep)) return null;

  let s;
  try {
    s = await stat(abs);
  } catch {
    return null;
  }
  if (s.isDirectory()) {
    if (!decoded.endsWith('/')) return { redirect: urlPath + '/' };
    const index = await fileIfExists(path.join(abs, 'index.html'));
    return index ? { file: index } : null;
  }
  return s.isFile() ? { file: abs } : null;
}

function send(res, method, status, file, size) {
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': size,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  if (method === 'HEAD') return res.end();
  createReadStream(file).pipe(res);
}

/**
 * Start serving `siteDir` on 127.0.0.1 at an ephemeral port (unless `port` is
 * given). Resolves to `{ server, origin, baseUrl, close() }`, where `baseUrl`
 * is origin + prefix, i.e. the site's home page.
 */
export async function serve(siteDir, { prefix = '/', port = 0 } = {}) {
  const root = path.resolve(siteDir);
  const mount = normalisePrefix(prefix);
  const notFoundPage = path.join(root, '404.html');

  const server = createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' });
        return res.end();
      }
      const urlPath = new URL(req.url, 'http://localhost').pathname;
      const hit = await resolveFile(root, mount, urlPath);
      if (hit && hit.redirect) {
        res.writeHead(301, { Location: hit.redirect });
        return res.end();
      }
      if (hit) {
        const s = await stat(hit.file);
        return send(res, req.method, 200, hit.file, s.size);
      }
      const nf = await fileIfExists(notFoundPage);
      if (nf) {
        const s = await stat(nf);
        return send(res, req.method, 404, nf, s.size);
      }
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('404 Not Found\n');
    } catch (err) {
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(String(err) + '\n');
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    server,
    origin,
    baseUrl: origin + mount,
    prefix: mount,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// CLI: node serve.mjs <site-dir> [prefix] [port]
if (import.meta.url === pathToFileURL(process.argv[1] || '').href) {
  const [dir = 'site', prefix = '/', port = '0'] = process.argv.slice(2);
  const s = await serve(dir, { prefix, port: Number(port) });
  console.log(`Serving ${path.resolve(dir)} at ${s.baseUrl} (Ctrl-C to stop)`);
}
