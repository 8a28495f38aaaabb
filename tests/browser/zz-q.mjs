import { launchContext } from './lib.mjs';
import { serve } from './serve.mjs';
const server = await serve(process.env.SITE_DIR, { prefix: '/' });
const b = await launchContext();
const page = await b.context.newPage();
for (const q of process.argv.slice(2)) {
  await page.goto(server.baseUrl + 'search/?q=' + encodeURIComponent(q));
  await page.waitForFunction((q) => document.getElementById('search-results').dataset.done === q, q.trim());
  const r = await page.evaluate(() => ({ status: document.getElementById('search-status').textContent, links: [...document.querySelectorAll('#search-results .result-title a')].map((a) => new URL(a.href).pathname.replace(/^\/(assets\/)?/, '')).slice(0, 6) }));
  console.log(JSON.stringify(q), r.status, '\n   ', r.links.join(' '));
}
await b.close(); await server.close();
