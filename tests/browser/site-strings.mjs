// The built site's script texts (static/strings.<language>.js, written by the build from the
// theme's catalogues) put where the pages put them, for tests that import the theme's modules
// straight into Node: those modules say their words from the same global as in the browser.

import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { SITE_DIR } from './lib.mjs';

const folder = path.join(SITE_DIR, 'static');
const file = readdirSync(folder).find((name) => /^strings\.[A-Za-z0-9-]+\.js$/.test(name));
if (!file) throw new Error(`${folder} has no strings.<language>.js: build the site first`);
vm.runInThisContext(readFileSync(path.join(folder, file), 'utf8'), { filename: file });
