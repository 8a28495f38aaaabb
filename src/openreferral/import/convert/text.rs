//! The description: HSDS has no summary, so one is made from the description's first
//! paragraph (as plain text).

/// HSDS has no summary: the first paragraph of the description becomes the one-sentence summary
/// (or its first sentence, when the paragraph is long), the rest the description.
pub(super) fn split_description(text: &str) -> Option<(String, Option<String>)> {
    let text = text.trim();
    let (first, rest) = text.split_once("\n\n").unwrap_or((text, ""));
    let plain = strip_tags(first)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if plain.is_empty() {
        return None;
    }
    if plain.chars().count() <= 200 {
        let rest = rest.trim();
        return Some((plain, Some(rest.to_string()).filter(|r| !r.is_empty())));
    }
    let sentence_end = plain
        .match_indices(". ")
        .map(|(i, _)| i + 1)
        .find(|&i| i >= 20 && plain[..i].chars().count() <= 200);
    let summary = match sentence_end {
        Some(end) => plain[..end].to_string(),
        None => {
            let cut: String = plain.chars().take(200).collect();
            format!(
                "{}…",
                cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head)
            )
        }
    };
    Some((summary, Some(text.to_string())))
}

fn strip_tags(text: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_paragraph_is_the_summary() {
        assert_eq!(
            split_description("Hot lunches.\n\nRun by **volunteers**."),
            Some(("Hot lunches.".into(), Some("Run by **volunteers**.".into())))
        );
        assert_eq!(
            split_description("<p>Hot &amp; tasty lunches.</p>"),
            Some(("Hot & tasty lunches.".into(), None))
        );
        let long = format!(
            "First sentence of a long paragraph here. {}",
            "word ".repeat(80)
        );
        let (summary, description) = split_description(&long).unwrap();
        assert_eq!(summary, "First sentence of a long paragraph here.");
        assert_eq!(description.as_deref(), Some(long.trim()));
        assert_eq!(split_description("  "), None);
    }
}
