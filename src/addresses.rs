//! Addresses: where every page and file of the published site lives.
//!
//! One module owns the URL scheme so that the pages, the open data, the Open Referral files, the
//! search index, the postcode files and `serve` can never disagree about an address. A page's
//! address is a path below the site's base (`assets/lunch-club/`, ending in `/`), and the page
//! itself is the `index.html` in that folder; other files are named in full (`data/site.json`).
//! Changing an address here moves the page and every link to it together.

/// The home page.
pub(crate) const HOME: &str = "";
/// Every asset in alphabetical order, filed under letters.
pub(crate) const A_TO_Z: &str = "a-z/";
/// The Quick Start Guide's contents page.
pub(crate) const GUIDE: &str = "guide/";
/// Needs down the side, neighbourhoods across the top.
pub(crate) const COVERAGE: &str = "coverage/";
/// The search page.
pub(crate) const SEARCH: &str = "search/";
/// The person's own Support Map, built in the browser.
pub(crate) const MY_MAP: &str = "my-map/";
/// The page static hosts show for an address that does not exist.
pub(crate) const NOT_FOUND: &str = "404.html";
/// What the offline service worker shows for a page it did not keep.
pub(crate) const OFFLINE: &str = "offline/";
/// The offline service worker: at the top so that its scope is the whole site.
pub(crate) const SERVICE_WORKER: &str = "sw.js";
/// The build id, size and file count the service worker checks for a new deployment.
pub(crate) const OFFLINE_BUILD: &str = "offline/build.json";
/// Every file a reader may save for offline use, with its size.
pub(crate) const OFFLINE_FILES: &str = "offline/files.json";
pub(crate) const SITEMAP: &str = "sitemap.xml";
pub(crate) const ROBOTS: &str = "robots.txt";

/// The web editor (only when site.yaml turns it on), and the settings it reads.
pub(crate) const ADMIN: &str = "admin/";
pub(crate) const ADMIN_CONFIG: &str = "admin/config.yml";

/// Open data: everything published, for anyone to reuse.
pub(crate) const DATA_DIR: &str = "data/";
pub(crate) const SITE_JSON: &str = "data/site.json";
pub(crate) const ASSETS_CSV: &str = "data/assets.csv";

/// The theme's own files (styles, scripts), published as they are.
pub(crate) const STATIC_DIR: &str = "static/";

/// The search index's folder, named after the format the browser's search library reads.
pub(crate) const SEARCH_INDEX_DIR: &str = "pagefind/";
/// Everyday words the search page suggests from.
pub(crate) const SEARCH_VOCABULARY: &str = "search/vocabulary.txt";
/// Everyday phrases and meanings the search page joins and widens queries with.
pub(crate) const SEARCH_EVERYDAY: &str = "search/everyday.txt";
/// Where each place is, for "near a place" in search.
pub(crate) const SEARCH_PLACES: &str = "search/places.json";
/// One file per postcode district, for "near a postcode" in search.
pub(crate) const SEARCH_POSTCODES_DIR: &str = "search/postcodes";
/// One file per pathway: its card, for "Add this route" on a search result.
pub(crate) const SEARCH_ROUTES_DIR: &str = "search/routes";

/// Where the pages of `language` live, below the site's base: the default language's at the
/// top, every other language's under its tag in lowercase (`cy/`), as Hugo and Zola do.
pub(crate) fn language_home(language: &str, default: &str) -> String {
    if language.eq_ignore_ascii_case(default) {
        String::new()
    } else {
        format!("{}/", language.to_ascii_lowercase())
    }
}

pub(crate) fn asset(id: &str) -> String {
    format!("assets/{id}/")
}

pub(crate) fn pathway(id: &str) -> String {
    format!("pathways/{id}/")
}

pub(crate) fn need(id: &str) -> String {
    format!("needs/{id}/")
}

pub(crate) fn place(id: &str) -> String {
    format!("places/{id}/")
}

/// The support for one need in one place: `places/<place>/needs/<need>/`.
pub(crate) fn place_need(place_id: &str, need_id: &str) -> String {
    format!("{}needs/{need_id}/", place(place_id))
}

/// One section of the Quick Start Guide.
pub(crate) fn guide_section(slug: &str) -> String {
    format!("{GUIDE}{slug}/")
}

/// A free page (about, privacy...).
pub(crate) fn page(slug: &str) -> String {
    format!("pages/{slug}/")
}

/// Page `n` (from 1) of the list at `list`: page 1 keeps the list's own address, page N ≥ 2 is
/// `<list>page/N/`, as in Hugo's and Zola's paginators.
pub(crate) fn list_page(list: &str, n: usize) -> String {
    if n <= 1 {
        list.to_string()
    } else {
        format!("{list}page/{n}/")
    }
}

/// The file that holds the page at `address`.
pub(crate) fn file(address: &str) -> String {
    format!("{address}index.html")
}

/// A file of the theme's `static/` folder, published as it is.
pub(crate) fn static_file(name: &str) -> String {
    format!("{STATIC_DIR}{name}")
}

/// The words the theme's scripts show, in the site's `language` (`i18n::browser`): one file per
/// language, beside the scripts that read it.
pub(crate) fn script_texts(language: &str) -> String {
    static_file(&format!("strings.{language}.js"))
}

/// The words the theme's stylesheet shows (a printed page's "Page 1 of 2", `i18n::stylesheet`)
/// in `language`: a stylesheet per language, beside the scripts' words.
pub(crate) fn style_texts(language: &str) -> String {
    static_file(&format!("strings.{language}.css"))
}

/// A file of the web editor's (its script, the chunks it loads, their licences).
pub(crate) fn admin_file(name: &str) -> String {
    format!("{ADMIN}{name}")
}

/// A file of the Open Referral UK API copy, named by its API path (`services.json`,
/// `services/<id>.json`, `taxonomy_terms/<id>.json`...).
pub(crate) fn openreferral(api_path: &str) -> String {
    format!("data/openreferral/{api_path}")
}

/// A file of the search index, named as the search library expects inside its folder.
pub(crate) fn search_index_file(name: &str) -> String {
    format!("{SEARCH_INDEX_DIR}{name}")
}

/// The card of one pathway (`my_map::pathway_card`), so that a search result's "Add this
/// route" need not fetch the whole pathway page.
pub(crate) fn search_route(id: &str) -> String {
    format!("{SEARCH_ROUTES_DIR}/{id}.json")
}

/// The places near every postcode of one outward code (`LS6`).
pub(crate) fn search_postcodes(outward: &str) -> String {
    format!("{SEARCH_POSTCODES_DIR}/{outward}.json")
}

/// Whether `path` is one of the files `pipeline::publish_data` writes: the open data, and the
/// places and postcodes search finds what is near with.
pub(crate) fn is_open_data(path: &str) -> bool {
    path.starts_with(DATA_DIR)
        || path == SEARCH_PLACES
        || (path.strip_prefix(SEARCH_POSTCODES_DIR)).is_some_and(|rest| rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_live_in_folders_of_their_own() {
        assert_eq!(file(&asset("lunch-club")), "assets/lunch-club/index.html");
        assert_eq!(file(HOME), "index.html");
        assert_eq!(
            place_need("headingley", "food"),
            "places/headingley/needs/food/"
        );
        assert_eq!(guide_section("start"), "guide/start/");
    }

    #[test]
    fn another_language_lives_under_its_tag() {
        assert_eq!(language_home("en-GB", "en-GB"), "");
        assert_eq!(language_home("cy", "en-GB"), "cy/");
        assert_eq!(language_home("pt-BR", "en-GB"), "pt-br/");
    }

    #[test]
    fn page_one_of_a_list_keeps_the_list_address() {
        assert_eq!(list_page(&need("food"), 1), "needs/food/");
        assert_eq!(list_page(&need("food"), 2), "needs/food/page/2/");
        assert_eq!(list_page(A_TO_Z, 12), "a-z/page/12/");
    }

    #[test]
    fn files_of_the_search_and_open_data() {
        assert_eq!(search_postcodes("LS6"), "search/postcodes/LS6.json");
        assert_eq!(
            search_index_file("pagefind-entry.json"),
            "pagefind/pagefind-entry.json"
        );
        assert_eq!(
            openreferral("services/x.json"),
            "data/openreferral/services/x.json"
        );
    }
}
