// The web editor on a site in several languages (src/editor/config/languages.rs).
//
// config.yml turns on Decap's i18n with the `multiple_files` layout, so that an editor sees one
// entry per record with a pane per language. Decap names every language's file
// `<id>.<language>.<ext>`, the default language's too, but the site keeps a record in
// `<id>.<ext>` and only its translations as `<id>.<language>.<ext>` (src/translations.rs).
// This maps between the two where Decap talks to the git host (its backends), in the folders
// of translated collections: a record's own file is shown to Decap as `<id>.<default>.<ext>`,
// and Decap's reads, saves and deletes of that name go to `<id>.<ext>`. Nothing else changes.
//
// Runs after decap-cms.js, which registers its backends as it loads, and before Decap reads
// config.yml and starts its backend.
(() => {
  const cms = window.CMS;
  if (!cms || typeof cms.getBackend !== 'function') return;

  const plain = (value) => (value && typeof value.toJS === 'function' ? value.toJS() : value);

  /** The two ways of naming a file, from the settings; null when i18n is off. */
  function names(config) {
    const settings = plain(config) || {};
    const i18n = plain(settings.i18n);
    if (!i18n || !Array.isArray(i18n.locales)) return null;
    const locales = i18n.locales;
    const suffix = `.${i18n.default_locale || locales[0]}`;
    const folders = new Set(
      (plain(settings.collections) || [])
        .filter((c) => c.i18n && typeof c.folder === 'string')
        .map((c) => c.folder.replace(/\/+$/, '')),
    );
    /** [folder, stem, extension] of a file in a translated folder, else null. */
    const split = (path) => {
      const m = /^(.*)\/([^/]+)\.([^./]+)$/.exec(path);
      return m && folders.has(m[1]) ? [m[1], m[2], m[3]] : null;
    };
    return {
      /** `lunch-club.yaml` -> `lunch-club.en-GB.yaml`; a translation's name stays. */
      toDecap(path) {
        const parts = split(path);
        if (!parts) return path;
        const [folder, stem, extension] = parts;
        const dot = stem.lastIndexOf('.');
        if (dot > 0 && locales.includes(stem.slice(dot + 1))) return path;
        return `${folder}/${stem}${suffix}.${extension}`;
      },
      /** `lunch-club.en-GB.yaml` -> `lunch-club.yaml`; any other name stays. */
      toSite(path) {
        const parts = split(path);
        if (!parts || !parts[1].endsWith(suffix)) return path;
        const [folder, stem, extension] = parts;
        return `${folder}/${stem.slice(0, -suffix.length)}.${extension}`;
      },
    };
  }

  /** The backend `inner`, with the file names mapped both ways. */
  function mapped(inner, n) {
    // In place: a listing carries its paging cursor as a property of the array.
    const renamed = (entries) => {
      for (const entry of entries || []) {
        if (entry && entry.file && typeof entry.file.path === 'string') entry.file.path = n.toDecap(entry.file.path);
      }
      return entries;
    };
    const toSite = (file) => ({
      ...file,
      path: n.toSite(file.path),
      ...(file.newPath && { newPath: n.toSite(file.newPath) }),
    });
    const hooks = {
      entriesByFolder: (call) => async (...args) => renamed(await call(...args)),
      // Decap filters the whole folder by the default language's names: filtered here, after
      // renaming, as the host cannot know them.
      allEntriesByFolder: (call) => async (folder, extension, depth, only) => {
        const all = renamed(await call(folder, extension, depth));
        return only ? all.filter((entry) => only.test(entry.file.path)) : all;
      },
      getEntry: (call) => async (path) => {
        const got = await call(n.toSite(path));
        if (got && got.file) got.file.path = path;
        return got;
      },
      persistEntry: (call) => (entry, options) => call({ ...entry, dataFiles: entry.dataFiles.map(toSite) }, options),
      deleteFiles: (call) => (paths, message) => call(paths.map(n.toSite), message),
    };
    return new Proxy(inner, {
      get(target, key) {
        const value = target[key];
        if (typeof value !== 'function') return value;
        const call = value.bind(target);
        return Object.hasOwn(hooks, key) ? hooks[key](call) : call;
      },
    });
  }

  for (const name of ['github', 'gitlab', 'gitea', 'proxy']) {
    const registered = cms.getBackend(name);
    if (!registered || typeof registered.init !== 'function') continue;
    const init = registered.init;
    registered.init = (config, options) => {
      const inner = init(config, options);
      const n = names(config);
      return n ? mapped(inner, n) : inner;
    };
  }
})();
