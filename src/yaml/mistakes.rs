//! YAML syntax errors told apart by what the editor most likely did, from the parser's
//! message and the lines around where it stopped: a tab in the indentation, a line indented
//! more or less than the others at its level, or text holding ": " that is read as a field.
//! The parser often stops a line after the mistake (on the first line that no longer fits);
//! the mistake is placed on the line that is wrong.

/// A line of the document, as the parser and the editor see it.
struct Line<'a> {
    /// 1-based, within the YAML text.
    number: usize,
    text: &'a str,
}

impl<'a> Line<'a> {
    fn indent(&self) -> usize {
        self.text.len() - self.text.trim_start_matches(' ').len()
    }

    /// Where the line's first word starts, after its indentation and any "- ".
    fn word_col(&self) -> usize {
        let mut rest = &self.text[self.indent()..];
        let mut col = self.indent();
        while let Some(after) = rest.strip_prefix('-').filter(|a| a.starts_with(' ')) {
            let skipped = after.len() - after.trim_start_matches(' ').len();
            col += 1 + skipped;
            rest = &after[skipped..];
        }
        col
    }

    /// The field the line starts, or its first word when it is not a field.
    fn word(&self) -> String {
        let rest = &self.text[self.word_col()..];
        match self.colon() {
            Some(colon) => self.text[self.word_col()..colon].trim().to_string(),
            None => rest
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string(),
        }
    }

    /// The byte offset of the colon ending the line's field name, if it starts with one.
    fn colon(&self) -> Option<usize> {
        let start = self.word_col();
        let rest = &self.text[start..];
        if rest.starts_with(['"', '\'', '[', '{', '#', '|', '>']) {
            return None;
        }
        let end = rest.find(" #").unwrap_or(rest.len());
        let rest = &rest[..end];
        rest.find(": ")
            .or_else(|| rest.trim_end().strip_suffix(':').map(str::len))
            .map(|i| start + i)
    }

    fn is_content(&self) -> bool {
        let trimmed = self.text.trim();
        !trimmed.is_empty() && !trimmed.starts_with('#')
    }

    /// Whether the line ends in `|` or `>`: the lines below it are text, not fields.
    fn opens_text_block(&self) -> bool {
        let value = self.text.trim_end();
        let value = value.trim_end_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '+');
        value.ends_with(": |") || value.ends_with(": >") || value == "|" || value == ">"
    }
}

/// One line of the document, named for a message: its number and first word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Named {
    pub(crate) line: usize,
    pub(crate) word: String,
}

/// What the editor most likely did wrong, and on which line (1-based within the YAML text;
/// columns 1-based in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Mistake {
    /// A tab in the indentation of a line.
    Tab { line: usize, col: usize },
    /// A line indented `by` spaces more than `like`, the line at its level. `text_of` names
    /// the field whose text the line is read as part of, when it is read so.
    OverIndented {
        line: usize,
        col: usize,
        word: String,
        by: usize,
        like: Named,
        text_of: Option<String>,
    },
    /// A line indented `by` spaces less than `like`, the line above it at its level.
    UnderIndented {
        line: usize,
        col: usize,
        word: String,
        by: usize,
        like: Named,
    },
    /// A line in line with neither the line above it nor the field they belong to.
    Misaligned {
        line: usize,
        col: usize,
        word: String,
        above: Named,
        parent: Named,
    },
    /// Text holding ": ", read as the start of another field.
    ColonInText {
        line: usize,
        col: usize,
        field: String,
        text: String,
    },
}

/// The mistake behind a syntax error at `line` and `col` (1-based) with the parser's
/// `message`, when it is one of the common ones.
pub(crate) fn mistake(text: &str, line: usize, col: usize, message: &str) -> Option<Mistake> {
    let lines: Vec<Line> = text
        .lines()
        .enumerate()
        .map(|(i, text)| Line {
            number: i + 1,
            text: text.trim_end_matches('\r'),
        })
        .collect();
    let at = lines.get(line.checked_sub(1)?)?;
    let about_tabs = message.contains("tab") || message.contains("cannot start any token");
    let tab = at
        .text
        .find('\t')
        .filter(|&i| at.text[..i].trim().is_empty());
    if let Some(tab) = tab.filter(|_| about_tabs) {
        return Some(Mistake::Tab { line, col: tab + 1 });
    }
    let above = &lines[..line - 1];
    if message.starts_with("mapping values are not allowed") {
        colon_mistake(above, at, col)
    } else if message.starts_with("did not find expected key") {
        indent_mistake(above, at)
    } else {
        None
    }
}

/// The parser stopped at a ": " that cannot start a field here: either the line is indented
/// more than the field above it (and is read as more of its text), or a field's text holds
/// ": " further along the line.
fn colon_mistake(above: &[Line], at: &Line, col: usize) -> Option<Mistake> {
    let colon = at.colon()?;
    let stopped = at.text.char_indices().nth(col.checked_sub(1)?)?.0;
    if stopped > colon {
        let value = at.text[colon + 1..].trim();
        let value = value.split(" #").next().unwrap_or(value).trim_end();
        return Some(Mistake::ColonInText {
            line: at.number,
            col: chars_before(at.text, colon + 1) + 2,
            field: at.word(),
            text: value.to_string(),
        });
    }
    let parent = above
        .iter()
        .rev()
        .filter(|l| l.is_content())
        .find(|l| l.word_col() < at.word_col() && l.colon().is_some())?;
    Some(Mistake::OverIndented {
        line: at.number,
        col: at.word_col() + 1,
        word: at.word(),
        by: at.word_col() - parent.word_col(),
        like: named(parent),
        text_of: Some(parent.word()),
    })
}

/// The parser found a line that fits no level open above it: its indentation lies between
/// that of the field it is under (`parent`) and that of the lines just above it (`block`).
fn indent_mistake(above: &[Line], at: &Line) -> Option<Mistake> {
    let indent = at.indent();
    let mut block = Vec::new();
    let mut parent = None;
    for line in above.iter().rev().filter(|l| l.is_content()) {
        if line.indent() > indent {
            block.push(line);
        } else {
            parent = Some(line).filter(|p| p.indent() < indent);
            break;
        }
    }
    let parent = parent?;
    let level = block.iter().map(|l| l.indent()).min()?;
    let at_level: Vec<&Line> = block
        .iter()
        .copied()
        .filter(|l| l.indent() == level)
        .collect();
    let (to_parent, to_block) = (indent - parent.indent(), level - indent);
    let over = |line: &Line, by: usize, like: &Line| Mistake::OverIndented {
        line: line.number,
        col: line.indent() + 1,
        word: line.word(),
        by,
        like: named(like),
        text_of: None,
    };
    Some(if parent.opens_text_block() || to_parent < to_block {
        over(at, to_parent, parent)
    } else if at_level.len() == 1 && to_parent >= 2 {
        over(at_level[0], to_block, at)
    } else if to_block < to_parent {
        Mistake::UnderIndented {
            line: at.number,
            col: indent + 1,
            word: at.word(),
            by: to_block,
            like: named(at_level[0]),
        }
    } else {
        Mistake::Misaligned {
            line: at.number,
            col: indent + 1,
            word: at.word(),
            above: named(at_level[0]),
            parent: named(parent),
        }
    })
}

fn named(line: &Line) -> Named {
    Named {
        line: line.number,
        word: line.word(),
    }
}

fn chars_before(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(line: usize, word: &str) -> Named {
        Named {
            line,
            word: word.into(),
        }
    }

    #[test]
    fn a_tab_in_the_indentation() {
        let text = "name: A\ncontact:\n\tphone: 1\n";
        assert_eq!(
            mistake(text, 3, 1, "found character that cannot start any token"),
            Some(Mistake::Tab { line: 3, col: 1 })
        );
    }

    #[test]
    fn text_with_a_colon_in_it() {
        let text = "name: A\nsummary: Note: bring ID # why\n";
        assert_eq!(
            mistake(
                text,
                2,
                14,
                "mapping values are not allowed in this context"
            ),
            Some(Mistake::ColonInText {
                line: 2,
                col: 10,
                field: "summary".into(),
                text: "Note: bring ID".into()
            })
        );
    }

    #[test]
    fn a_field_indented_under_text_is_read_as_more_text() {
        let text = "name: A\nlocations:\n  - address: 1 High St\n     postcode: HB1 1AA\n";
        assert_eq!(
            mistake(
                text,
                4,
                14,
                "mapping values are not allowed in this context"
            ),
            Some(Mistake::OverIndented {
                line: 4,
                col: 6,
                word: "postcode".into(),
                by: 1,
                like: named(3, "address"),
                text_of: Some("address".into())
            })
        );
    }

    #[test]
    fn the_over_indented_line_is_named_not_the_line_after_it() {
        let text = "name: A\ncontact:\n    phone: 1\n  email: a@b.org\n";
        assert_eq!(
            mistake(
                text,
                4,
                3,
                "did not find expected key, while parsing a block mapping"
            ),
            Some(Mistake::OverIndented {
                line: 3,
                col: 5,
                word: "phone".into(),
                by: 2,
                like: named(4, "email"),
                text_of: None
            })
        );
    }

    #[test]
    fn a_line_under_indented_below_its_siblings() {
        let text = "contact:\n    phone: 1\n    email: a@b.org\n   website: x\n";
        assert_eq!(
            mistake(text, 4, 4, "did not find expected key"),
            Some(Mistake::UnderIndented {
                line: 4,
                col: 4,
                word: "website".into(),
                by: 1,
                like: named(3, "email")
            })
        );
    }

    #[test]
    fn a_field_after_a_text_block_lines_up_with_the_field_before() {
        let text = "name: A\ndescription: |\n  Longer text.\n summary: x\n";
        assert_eq!(
            mistake(text, 4, 2, "did not find expected key"),
            Some(Mistake::OverIndented {
                line: 4,
                col: 2,
                word: "summary".into(),
                by: 1,
                like: named(2, "description"),
                text_of: None
            })
        );
    }

    #[test]
    fn halfway_between_two_levels() {
        let text = "contact:\n  phone: 1\n email: x\n";
        assert_eq!(
            mistake(text, 3, 2, "did not find expected key"),
            Some(Mistake::Misaligned {
                line: 3,
                col: 2,
                word: "email".into(),
                above: named(2, "phone"),
                parent: named(1, "contact")
            })
        );
    }

    #[test]
    fn other_errors_are_left_as_they_are() {
        assert_eq!(
            mistake("a: \"x\n", 2, 1, "found unexpected end of stream"),
            None
        );
        assert_eq!(mistake("a: b\n", 9, 1, "did not find expected key"), None);
    }
}
