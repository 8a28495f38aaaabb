//! Source: finds and reads the files of `content/`, safely.
//!
//! Owns the layout of the content folder (which file is which kind of record), file ids, and
//! everything about raw bytes: size limits, encodings, BOMs, line endings, front matter and
//! symlinks. Nothing here understands fields; `yaml` and `validate` do that.

use crate::diagnostics::{is_unsafe_char, Diagnostics, Pos};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Record files are small; anything bigger is a mistake (or an attack) and is refused.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Site,
    Needs,
    Place,
    Asset,
    Pathway,
    Guide,
    Page,
    Synonyms,
    /// A record's text in another language: `<id>.<language>.yaml` or `.md` beside the
    /// record (`translations` reads it); its id is `<id>.<language>`.
    Translation,
}

/// One record file, read and split, ready to decode.
#[derive(Debug)]
pub struct Source {
    pub kind: Kind,
    pub id: String,
    /// Path as shown to editors, relative to the site root (`content/assets/x.yaml`).
    pub file: PathBuf,
    pub yaml: String,
    /// Lines before the YAML starts (1 for front matter after the opening `---`).
    pub yaml_line_offset: usize,
    /// Markdown body of a `.md` file.
    pub body: Option<String>,
}

/// There is no content folder where the records should be: nothing can be read.
#[derive(Debug)]
pub struct NoContent {
    pub folder: PathBuf,
}

impl std::fmt::Display for NoContent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "no content folder at {}: run supportmap in a site folder or pass --root",
            self.folder.display()
        )
    }
}

impl std::error::Error for NoContent {}

/// Reads every record under `<root>/content`. A missing content folder is returned as `Err`;
/// problems with individual files become diagnostics.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Result<Vec<Source>, NoContent> {
    let content = root.join("content");
    if !content.is_dir() {
        return Err(NoContent { folder: content });
    }
    let mut sources = Vec::new();
    for entry in WalkDir::new(&content)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let file = display_path(root, err.path().unwrap_or(&content));
                diags.error(&file, Pos::START, format!("cannot read: {err}"));
                continue;
            }
        };
        let file = display_path(root, entry.path());
        let name = entry.file_name().to_string_lossy();
        if entry.depth() > 0 && name.starts_with('.') {
            continue;
        }
        if entry.path_is_symlink() {
            diags
                .warning(
                    &file,
                    Pos::START,
                    "symbolic link ignored: records must be real files inside content/",
                )
                .help("copy the file into content/ instead of linking to it");
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = entry.path().strip_prefix(&content).unwrap_or(entry.path());
        let Some((kind, id)) = classify(relative, &file, diags) else {
            continue;
        };
        if let Some(source) = read(entry.path(), kind, id, file, diags) {
            sources.push(source);
        }
    }
    Ok(sources)
}

/// Reads one record file under `<root>/content` (for `serve`, which re-reads only what
/// changed). `None` when the file is not a record or could not be read (see `diags`).
pub fn load_file(root: &Path, path: &Path, diags: &mut Diagnostics) -> Option<Source> {
    let content = root.join("content");
    let relative = path.strip_prefix(&content).ok()?;
    let file = display_path(root, path);
    let (kind, id) = classify(relative, &file, diags)?;
    read(path, kind, id, file, diags)
}

fn display_path(root: &Path, path: &Path) -> PathBuf {
    PathBuf::from("content").join(path.strip_prefix(root.join("content")).unwrap_or(path))
}

/// Works out what a file under `content/` is from where it sits and its extension.
fn classify(relative: &Path, file: &Path, diags: &mut Diagnostics) -> Option<(Kind, String)> {
    let top = relative
        .components()
        .next()?
        .as_os_str()
        .to_string_lossy()
        .to_string();
    let ext = relative
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let stem = relative
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let single = relative.components().count() == 1;
    let (kind, allowed): (Kind, &[&str]) = match top.as_str() {
        "site.yaml" | "site.yml" if single => (Kind::Site, &["yaml", "yml"]),
        "needs.yaml" | "needs.yml" if single => (Kind::Needs, &["yaml", "yml"]),
        "synonyms.yaml" | "synonyms.yml" if single => (Kind::Synonyms, &["yaml", "yml"]),
        name if single && is_needs_translation(name) => (Kind::Translation, &["yaml", "yml"]),
        "places" if !single => (Kind::Place, &["yaml", "yml"]),
        "assets" if !single => (Kind::Asset, &["yaml", "yml", "md"]),
        "pathways" if !single => (Kind::Pathway, &["md"]),
        "guide" if !single => (Kind::Guide, &["md"]),
        "pages" if !single => (Kind::Page, &["md"]),
        // Not a record: `postcodes` reads it, as a stream.
        "postcodes.csv" if single => return None,
        _ => {
            diags.warning(file, Pos::START, "file ignored: not part of the content layout").help(
                "records go in content/assets, places, pathways, guide or pages; site.yaml and needs.yaml sit directly in content/",
            );
            return None;
        }
    };
    if !allowed.contains(&ext.as_str()) {
        diags
            .warning(
                file,
                Pos::START,
                format!("file ignored: .{ext} files are not read here"),
            )
            .help(format!(
                "records in this folder are {} files",
                allowed.join(" or .")
            ));
        return None;
    }
    if matches!(kind, Kind::Site | Kind::Needs | Kind::Synonyms) {
        return Some((kind, stem));
    }
    let (stem, language) = crate::translations::split_language(&stem);
    let id = match kind {
        Kind::Guide => guide_slug(stem),
        _ => Some(stem.to_string()),
    };
    match id.filter(|id| is_valid_id(id)) {
        Some(id) => Some(match language {
            Some(language) => (Kind::Translation, format!("{id}.{language}")),
            None => (kind, id),
        }),
        None => {
            let suggestion = slugify(stem);
            let d = diags.error(
                file,
                Pos::START,
                format!("\"{stem}\" is not a valid file name for a record"),
            );
            if kind == Kind::Guide {
                d.help("guide files are named NN-slug.md, such as 01-start-now.md (lowercase letters, digits and hyphens)");
            } else {
                d.help(format!("use lowercase letters, digits and hyphens only, such as \"{suggestion}.{ext}\""));
            }
            None
        }
    }
}

/// `needs.cy.yaml`: the needs' text in another language, beside needs.yaml.
fn is_needs_translation(name: &str) -> bool {
    (name
        .strip_prefix("needs.")
        .and_then(|rest| rest.rsplit_once('.')))
    .is_some_and(|(language, _)| crate::fields::is_language_tag(language))
}

/// `01-start-now` -> `start-now`: the number orders files on disk but is not part of the URL.
fn guide_slug(stem: &str) -> Option<String> {
    let (number, slug) = stem.split_once('-')?;
    (!number.is_empty() && number.bytes().all(|b| b.is_ascii_digit())).then(|| slug.to_string())
}

/// Ids become URLs and folder names: only lowercase ASCII letters, digits and single hyphens.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
}

/// A valid id close to `name`, for suggestions. Letters outside ASCII are dropped, not
/// transliterated: the export's tag codes are made with it and stay as they were.
pub fn slugify(name: &str) -> String {
    let slug = ascii_slug(name);
    if slug.is_empty() {
        "my-record".to_string()
    } else {
        slug
    }
}

/// Lower-case letters and digits of `name` joined by hyphens, other scripts transliterated
/// ("Café Crèche" -> cafe-creche); empty when nothing in it is a letter or digit.
pub(crate) fn slug(name: &str) -> String {
    ascii_slug(&deunicode::deunicode(name))
}

fn ascii_slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

fn read(
    path: &Path,
    kind: Kind,
    id: String,
    file: PathBuf,
    diags: &mut Diagnostics,
) -> Option<Source> {
    let text = read_text(path, &file, diags)?;
    if text.trim().is_empty() {
        diags
            .error(&file, Pos::START, "file is empty")
            .help("add the record's fields, starting with name: and summary:");
        return None;
    }
    let is_markdown = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"));
    let (yaml, yaml_line_offset, body) = if is_markdown {
        match split_front_matter(&text) {
            Some((yaml, body)) => {
                check_body(&text, &body, &file, diags);
                (yaml, 1, Some(body))
            }
            None => {
                diags
                    .error(&file, Pos::START, "missing front matter: a Markdown record starts with its fields between two --- lines")
                    .help("start the file with ---, then the fields (title: ...), then --- on its own line, then the text");
                return None;
            }
        }
    } else {
        (text, 0, None)
    };
    Some(Source {
        kind,
        id,
        file,
        yaml,
        yaml_line_offset,
        body,
    })
}

/// Whether a record of `len` bytes is small enough to read; if not, says so.
pub(crate) fn check_size(len: u64, file: &Path, diags: &mut Diagnostics) -> bool {
    if len > MAX_FILE_BYTES {
        diags
            .error(
                file,
                Pos::START,
                format!(
                    "file is too large ({:.1} MB); a record must be under 1 MB",
                    len as f64 / 1_048_576.0
                ),
            )
            .help("split the text into smaller records or remove pasted binary data");
        return false;
    }
    true
}

/// Reports the first control character or bidirectional override in a Markdown body (`yaml`
/// checks the fields): they garble terminals and reorder text on the page.
fn check_body(text: &str, body: &str, file: &Path, diags: &mut Diagnostics) {
    let Some((at, c)) = body.char_indices().find(|&(_, c)| is_unsafe_char(c)) else {
        return;
    };
    let pos = pos_of_byte(text.as_bytes(), text.len() - body.len() + at);
    diags
        .error(
            file,
            pos,
            format!(
                "the text contains an invisible control character or bidirectional override (U+{:04X})",
                u32::from(c)
            ),
        )
        .help("delete it: such characters garble terminals or make the page read in a different order from what was written");
}

fn read_text(path: &Path, file: &Path, diags: &mut Diagnostics) -> Option<String> {
    let len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if !check_size(len, file, diags) {
        return None;
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => {
            diags.error(file, Pos::START, format!("cannot read file: {err}"));
            return None;
        }
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let pos = pos_of_byte(bytes, err.valid_up_to());
            diags.error(file, pos, "file is not UTF-8 text").help(
                "save the file with UTF-8 encoding (most editors offer it under \"Save as\")",
            );
            return None;
        }
    };
    if let Some(at) = text.find('\0') {
        diags
            .error(file, pos_of_byte(bytes, at), "file contains binary data")
            .help("records must be plain text");
        return None;
    }
    // Windows line endings would otherwise leave a stray \r at the end of every value.
    Some(text.replace("\r\n", "\n"))
}

fn pos_of_byte(bytes: &[u8], offset: usize) -> Pos {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Pos::new(line, col)
}

/// Splits `---\n<yaml>\n---\n<body>` into YAML and Markdown body.
pub(crate) fn split_front_matter(text: &str) -> Option<(String, String)> {
    let mut lines = text.split_inclusive('\n');
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    let mut yaml = String::new();
    for line in lines.by_ref() {
        if matches!(line.trim_end(), "---" | "...") {
            return Some((yaml, lines.collect()));
        }
        yaml.push_str(line);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_url_safe() {
        assert!(is_valid_id("lunch-club-2"));
        for bad in [
            "", "Lunch", "a_b", "-a", "a-", "a--b", "../x", "a b", "café",
        ] {
            assert!(!is_valid_id(bad), "{bad}");
        }
        assert_eq!(slugify("Lunch Club (Westfield)"), "lunch-club-westfield");
        assert_eq!(slugify("carers café"), "carers-caf");
        assert_eq!(slug("carers café"), "carers-cafe");
        assert_eq!(slug("★"), "");
    }

    #[test]
    fn a_needs_file_with_a_language_is_the_needs_translation() {
        assert!(is_needs_translation("needs.cy.yaml"));
        assert!(is_needs_translation("needs.pt-BR.yml"));
        assert!(!is_needs_translation("needs.yaml"));
        assert!(!is_needs_translation("needs.old1.yaml"));
        assert!(!is_needs_translation("places.cy.yaml"));
        let mut diags = Diagnostics::default();
        let file = Path::new("content/needs.cy.yaml");
        assert_eq!(
            classify(file.strip_prefix("content").unwrap(), file, &mut diags),
            Some((Kind::Translation, "needs.cy".to_string()))
        );
        assert!(diags.sorted().is_empty());
    }

    #[test]
    fn splits_front_matter() {
        let (yaml, body) = split_front_matter("---\ntitle: x\n---\n# Hi\n").unwrap();
        assert_eq!(yaml, "title: x\n");
        assert_eq!(body, "# Hi\n");
        assert!(split_front_matter("title: x\n").is_none());
        assert!(split_front_matter("---\ntitle: x\n").is_none());
    }

    #[test]
    fn guide_slugs_drop_the_number() {
        assert_eq!(guide_slug("01-start-now").as_deref(), Some("start-now"));
        assert_eq!(guide_slug("start-now"), None);
    }

    #[test]
    fn finds_unsafe_characters_in_a_markdown_body() {
        let text = "---\ntitle: x\n---\nfine \u{200F}mark\tand tab\nthen \u{202E}here\n";
        let (_, body) = split_front_matter(text).unwrap();
        let mut diags = Diagnostics::default();
        check_body(text, &body, Path::new("p.md"), &mut diags);
        let found: Vec<String> = diags.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("p.md:5:6: error: the text contains an invisible control character or bidirectional override (U+202E)"), "{found:?}");
    }

    #[test]
    fn finds_position_of_bad_byte() {
        assert_eq!(pos_of_byte(b"ab\ncd\xff", 5), Pos::new(2, 3));
    }
}
