//! Stylesheet texts: the words the theme's CSS shows itself, which no template can write. A
//! printed page's "Page 2 of 3" sits in the page's margin, where only CSS can put text (its
//! page counters). The build writes it, in the site's language, into a small stylesheet per
//! language (`static/strings.<language>.css`) that pages link for print: no inline style, so
//! the CSP stays strict, and the page prints its footer in its own language without scripts.

use super::Interface;
use crate::addresses;

/// The key of the footer, and the CSS counters its `{page}` and `{pages}` stand for.
const PAGE_OF: &str = "print.page_of";
const COUNTERS: [(&str, &str); 2] = [("page", "counter(page)"), ("pages", "counter(pages)")];

impl Interface {
    /// Where the stylesheet's texts are published, below the site's base.
    pub(crate) fn style_texts_address(&self) -> String {
        addresses::style_texts(&self.language)
    }

    /// The files of this language's words the browser loads, each with its address: the
    /// scripts' texts and the printed page's stylesheet.
    pub(crate) fn browser_files(&self) -> [(String, String); 2] {
        [
            (self.script_texts_address(), self.script_texts()),
            (self.style_texts_address(), self.style_texts()),
        ]
    }

    /// The stylesheet of the printed page's words: its footer in the site's language, as the
    /// content of the margin box where style.css places it.
    pub(crate) fn style_texts(&self) -> String {
        let words = (self.words(PAGE_OF, None).ok().flatten()).unwrap_or(PAGE_OF);
        format!(
            "/* The words this site's printed pages show, in its language: written by supportmap\n   \
             from the theme's catalogues (docs/languages.md); style.css places them. */\n\
             @page {{\n  @bottom-right {{\n    content: {};\n  }}\n}}\n",
            css_content(words)
        )
    }
}

/// A catalogue text as the value of CSS `content`: its words as quoted strings, each `{page}`
/// and `{pages}` as the counter it names. A `{name}` of anything else stays as written.
fn css_content(words: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut rest = words;
    while let Some(open) = rest.find('{') {
        let counter = (rest[open + 1..].split_once('}'))
            .and_then(|(name, _)| COUNTERS.iter().find(|(n, _)| *n == name));
        let Some((name, counter)) = counter else {
            text.push_str(&rest[..=open]);
            rest = &rest[open + 1..];
            continue;
        };
        text.push_str(&rest[..open]);
        if !text.is_empty() {
            parts.push(css_string(&std::mem::take(&mut text)));
        }
        parts.push(counter.to_string());
        rest = &rest[open + name.len() + 2..];
    }
    text.push_str(rest);
    if !text.is_empty() || parts.is_empty() {
        parts.push(css_string(&text));
    }
    parts.join(" ")
}

/// `text` as a CSS string: quotes and backslashes escaped, and every control character (a line
/// break would end the string) as a hexadecimal escape, so no text can close the rule.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\{:x} ", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::super::{load, CatalogueFile};
    use super::*;
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    fn interface(language: &str, catalogues: &[(&str, &str)]) -> Interface {
        let mut all: BTreeMap<String, Vec<CatalogueFile>> = BTreeMap::new();
        for (tag, text) in catalogues {
            all.entry(tag.to_string()).or_default().push(CatalogueFile {
                file: PathBuf::from(tag),
                text: text.to_string(),
            });
        }
        load(language, &all, |t| PathBuf::from(t))
            .unwrap_or_else(|e| panic!("{e:?}"))
            .interface
    }

    #[test]
    fn the_footer_is_in_the_sites_language_with_the_page_counters() {
        let en = ("en-GB", "print.page_of: \"Page {page} of {pages}\"\n");
        let cy = ("cy", "print.page_of: \"Tudalen {page} o {pages}\"\n");
        let welsh = interface("cy", &[en, cy]);
        let css = welsh.style_texts();
        assert!(
            css.contains("content: \"Tudalen \" counter(page) \" o \" counter(pages);"),
            "{css}"
        );
        assert_eq!(welsh.style_texts_address(), "static/strings.cy.css");
        assert_eq!(css, welsh.style_texts(), "the same bytes every time");
        // A language without the key prints the reference's words.
        let polish = interface("pl", &[en, ("pl", "nav.needs: \"Potrzeby\"\n")]);
        assert!(polish
            .style_texts()
            .contains("content: \"Page \" counter(page) \" of \" counter(pages);"));
    }

    #[test]
    fn catalogue_text_cannot_break_out_of_the_rule() {
        assert_eq!(
            css_content("{pages}/{page} \"x\" \\ }\n{other} {page"),
            "counter(pages) \"/\" counter(page) \" \\\"x\\\" \\\\ }\\a {other} {page\""
        );
        assert_eq!(css_content(""), "\"\"");
        assert_eq!(css_content("{page}{pages}"), "counter(page) counter(pages)");
    }
}
