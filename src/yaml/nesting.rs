//! Nesting: refuses YAML nested deeper than any record needs, in one cheap pass, before a
//! parser sees the text.
//!
//! The YAML parsers apply their own depth limits only after work that grows with the square of
//! the nesting (a line of 100,000 `[` kept `check` busy for 23 s), so depth is counted here
//! first. The scan knows just enough YAML to count right: quoted and block scalars and plain
//! text (where `[` is only a character), comments, anchors and tags, flow collections (`[`,
//! `{`) and block nesting (indentation and `- `). It never decides whether a document is
//! valid; the parser still does that, on text now known to be shallow.

/// How deep lists and sets of fields may sit inside each other. A record needs about five
/// levels (an asset's `locations[0].hours[0].days`); this leaves room without letting a parser
/// spend seconds on a file.
pub(crate) const MAX_DEPTH: usize = 32;

/// Where nesting first went past `MAX_DEPTH`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooDeep {
    /// 1-based line and column (in characters) of the bracket, dash or key past the limit.
    pub line: usize,
    pub col: usize,
    /// Brackets (`[`, `{`) went past the limit, rather than indentation and dashes.
    pub brackets: bool,
}

/// Checks that no node of `text` sits more than `MAX_DEPTH` levels deep.
pub(crate) fn check(text: &str) -> Result<(), TooDeep> {
    let mut scan = Scan {
        blocks: Vec::new(),
        flow: 0,
        flow_node_start: true,
        open: Open::Nothing,
        line: 0,
    };
    let mut chars = Vec::new();
    for (n, line) in text.split('\n').enumerate() {
        scan.line = n + 1;
        chars.clear();
        chars.extend(line.chars());
        scan.line_of(&chars)?;
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    Seq,
    Map,
}

/// What the end of one line leaves open for the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    Nothing,
    /// A quoted scalar, closed by this quote character.
    Quote(char),
    /// A `|` or `>` scalar: blank lines and lines indented at least this far are its text.
    BlockScalar(usize),
    /// Plain text, continued by lines indented at least this far.
    Plain(usize),
}

struct Scan {
    /// Open block collections: the column they start at and their kind.
    blocks: Vec<(usize, Block)>,
    /// Open flow collections (`[` and `{`).
    flow: usize,
    /// Inside flow, whether a node may start here (so a quote opens a quoted scalar).
    flow_node_start: bool,
    open: Open,
    line: usize,
}

impl Scan {
    fn line_of(&mut self, s: &[char]) -> Result<(), TooDeep> {
        let indent = s.iter().take_while(|&&c| c == ' ').count();
        let blank = s[indent..].iter().all(|c| c.is_whitespace());
        match self.open {
            Open::Quote(q) => {
                let Some(end) = close_quote(s, 0, q) else {
                    return Ok(());
                };
                self.open = Open::Nothing;
                self.flow_node_start = false;
                return self.after_flow_or_block(s, end);
            }
            _ if self.flow > 0 => return self.after_flow_or_block(s, 0),
            Open::BlockScalar(min) if blank || indent >= min => return Ok(()),
            Open::Plain(min) if blank || (indent >= min && s[indent] != '#') => return Ok(()),
            _ => {}
        }
        self.open = Open::Nothing;
        if blank || s[indent] == '#' {
            return Ok(());
        }
        if indent == 0 && is_document_marker(s) {
            self.blocks.clear();
            return self.block(s, 3);
        }
        self.block(s, indent)
    }

    /// Goes on in flow context if a collection is still open, then in block context.
    fn after_flow_or_block(&mut self, s: &[char], at: usize) -> Result<(), TooDeep> {
        if self.flow == 0 {
            return self.block(s, at);
        }
        match self.flow(s, at)? {
            Some(end) => self.block(s, end),
            None => Ok(()),
        }
    }

    /// Scans block context from `i` to the end of the line.
    fn block(&mut self, s: &[char], mut i: usize) -> Result<(), TooDeep> {
        // The column of the innermost `-`, `?` or key on this line: its value's text must be
        // indented past it.
        let mut owner: Option<usize> = None;
        loop {
            i = skip_blanks(s, i);
            let Some(&c) = s.get(i) else { return Ok(()) };
            if c == '#' && (i == 0 || is_blank(s[i - 1])) {
                return Ok(());
            }
            let indicator = s.get(i + 1).is_none_or(|&n| is_blank(n));
            match c {
                '-' | '?' if indicator => {
                    self.push(i, if c == '-' { Block::Seq } else { Block::Map })?;
                    owner = Some(i);
                    i += 1;
                    continue;
                }
                ':' if indicator => {
                    owner = Some(i);
                    i += 1;
                    continue;
                }
                '&' | '!' => {
                    i = token_end(s, i);
                    continue;
                }
                '|' | '>' => {
                    self.open = Open::BlockScalar(owner.map_or(0, |o| o + 1));
                    return Ok(());
                }
                _ => {}
            }
            let start = i;
            let end = match c {
                '"' | '\'' => match close_quote(s, i + 1, c) {
                    Some(end) => end,
                    None => {
                        self.open = Open::Quote(c);
                        return Ok(());
                    }
                },
                '[' | '{' => match self.flow(s, i)? {
                    Some(end) => end,
                    None => return Ok(()),
                },
                _ => plain_end(s, i),
            };
            let after = skip_blanks(s, end);
            if s.get(after) == Some(&':') && s.get(after + 1).is_none_or(|&n| is_blank(n)) {
                self.push(start, Block::Map)?;
                owner = Some(start);
                i = after + 1;
                continue;
            }
            if matches!(c, '"' | '\'' | '[' | '{') {
                // Anything after a closed quote or bracket is a mistake the parser reports;
                // it is still scanned, so brackets there count.
                i = end;
                continue;
            }
            if end == s.len() {
                self.open = Open::Plain(owner.map_or(start, |o| o + 1));
            }
            return Ok(());
        }
    }

    /// Scans flow context from `i` (at the bracket opening the first collection, or inside
    /// open ones). Returns where the outermost collection closed, or `None` when it is still
    /// open at the end of the line.
    fn flow(&mut self, s: &[char], mut i: usize) -> Result<Option<usize>, TooDeep> {
        while let Some(&c) = s.get(i) {
            match c {
                '[' | '{' => {
                    self.flow += 1;
                    if self.blocks.len() + self.flow > MAX_DEPTH {
                        return Err(self.too_deep(i, true));
                    }
                    self.flow_node_start = true;
                }
                ']' | '}' => {
                    self.flow = self.flow.saturating_sub(1);
                    self.flow_node_start = false;
                    if self.flow == 0 {
                        return Ok(Some(i + 1));
                    }
                }
                ',' => self.flow_node_start = true,
                '#' if i == 0 || is_blank(s[i - 1]) => return Ok(None),
                '"' | '\'' if self.flow_node_start => {
                    self.flow_node_start = false;
                    match close_quote(s, i + 1, c) {
                        Some(end) => {
                            i = end;
                            continue;
                        }
                        None => {
                            self.open = Open::Quote(c);
                            return Ok(None);
                        }
                    }
                }
                '&' | '!' if self.flow_node_start => {
                    i = token_end(s, i);
                    continue;
                }
                ':' if s
                    .get(i + 1)
                    .is_none_or(|&n| is_blank(n) || is_flow_indicator(n)) =>
                {
                    self.flow_node_start = true
                }
                c if is_blank(c) => {}
                _ => self.flow_node_start = false,
            }
            i += 1;
        }
        Ok(None)
    }

    /// Opens (or continues) the block collection of an entry starting at column `col`.
    fn push(&mut self, col: usize, kind: Block) -> Result<(), TooDeep> {
        while self.blocks.last().is_some_and(|&(c, _)| c > col) {
            self.blocks.pop();
        }
        if let Some(&(c, top)) = self.blocks.last() {
            if c == col && top == Block::Seq && kind == Block::Map {
                // `- a` then `b:` at the same column: the list was the value of a key above.
                self.blocks.pop();
            }
        }
        match self.blocks.last() {
            Some(&(c, top)) if c == col && top == kind => Ok(()),
            _ => {
                self.blocks.push((col, kind));
                if self.blocks.len() > MAX_DEPTH {
                    return Err(self.too_deep(col, false));
                }
                Ok(())
            }
        }
    }

    fn too_deep(&self, i: usize, brackets: bool) -> TooDeep {
        TooDeep {
            line: self.line,
            col: i + 1,
            brackets,
        }
    }
}

fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r')
}

fn is_flow_indicator(c: char) -> bool {
    matches!(c, ',' | '[' | ']' | '{' | '}')
}

fn is_document_marker(s: &[char]) -> bool {
    (s.starts_with(&['-', '-', '-']) || s.starts_with(&['.', '.', '.']))
        && s.get(3).is_none_or(|&c| is_blank(c))
}

fn skip_blanks(s: &[char], mut i: usize) -> usize {
    while s.get(i).is_some_and(|&c| is_blank(c)) {
        i += 1;
    }
    i
}

/// The end of an anchor (`&name`) or tag (`!name`).
fn token_end(s: &[char], mut i: usize) -> usize {
    while s
        .get(i)
        .is_some_and(|&c| !is_blank(c) && !is_flow_indicator(c))
    {
        i += 1;
    }
    i
}

/// Just past the quote closing a scalar opened before `from`, or `None` if the line ends first.
fn close_quote(s: &[char], mut i: usize, quote: char) -> Option<usize> {
    while let Some(&c) = s.get(i) {
        match c {
            '\\' if quote == '"' => i += 2,
            '\'' if quote == '\'' && s.get(i + 1) == Some(&'\'') => i += 2,
            c if c == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// Where plain text in block context ends: at `: ` (it was a key), ` #` or the end of the line.
fn plain_end(s: &[char], start: usize) -> usize {
    (start..s.len())
        .find(|&j| {
            (s[j] == ':' && s.get(j + 1).is_none_or(|&n| is_blank(n)))
                || (s[j] == '#' && j > start && is_blank(s[j - 1]))
        })
        .unwrap_or(s.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Option<(usize, usize, bool)> {
        check(text).err().map(|e| (e.line, e.col, e.brackets))
    }

    #[test]
    fn shallow_records_pass() {
        let record = "name: Lunch club\nlocations:\n  - address: 1 High St\n    hours:\n      - days: [mon, tue]\n        opens: \"12:00\"\ncontact: {phone: 01234, email: a@b.c}\n";
        assert_eq!(at(record), None);
        let limit = format!(
            "a: {}{}\n",
            "[".repeat(MAX_DEPTH - 1),
            "]".repeat(MAX_DEPTH - 1)
        );
        assert_eq!(at(&limit), None);
    }

    #[test]
    fn the_first_bracket_past_the_limit_is_named() {
        let text = format!("name: {}", "[".repeat(1000));
        // The mapping is one level, so the 32nd bracket is the 33rd level.
        assert_eq!(at(&text), Some((1, 7 + MAX_DEPTH - 1, true)));
        let text = format!("a: x\nb:\n  c: {}", "{d: ".repeat(100));
        assert_eq!(at(&text), Some((3, 6 + 4 * (MAX_DEPTH - 2), true)));
        let split = format!("a: [\n{}\n", "[\n".repeat(40));
        assert_eq!(at(&split), Some((MAX_DEPTH, 1, true)));
    }

    #[test]
    fn brackets_in_quotes_comments_and_text_do_not_count() {
        let many = "[".repeat(100);
        for text in [
            format!("name: \"{many}\"\n"),
            format!("name: '{many}'\n"),
            format!("name: 'it''s {many}'\n"),
            format!("name: \"say \\\"{many}\"\n"),
            format!("name: x # {many}\n"),
            format!("# {many}\nname: x\n"),
            format!("name: Bob's {many} cafe\n"),
            format!("name: a\n  {many}\n"),
            format!("name: |\n  {many}\n  more\nsummary: x\n"),
            format!("name: >-\n\n  {many}\n"),
            format!("name: \"first\n  {many}\"\n"),
            format!("tags: [\"{many}\", '{many}', x # {many}\n  ]\n"),
            format!("tags: [a{many}b]\n")
                .replace('[', "(")
                .replacen('(', "[", 1),
        ] {
            assert_eq!(at(&text), None, "{text}");
        }
    }

    #[test]
    fn brackets_after_quotes_and_in_keys_still_count() {
        let many = "[".repeat(100);
        assert!(at(&format!("\"a\" {many}\n")).is_some());
        assert!(at(&format!("[a]: {many}\n")).is_some());
        assert!(at(&format!("tags: ['a', {many}\n")).is_some());
        assert!(at(&format!("a: &x !tag {many}\n")).is_some());
    }

    #[test]
    fn deep_indentation_and_dashes_are_refused() {
        let stairs: String = (0..100).map(|i| format!("{}a:\n", " ".repeat(i))).collect();
        assert_eq!(at(&stairs), Some((MAX_DEPTH + 1, MAX_DEPTH + 1, false)));
        let dashes = "- ".repeat(1000);
        assert_eq!(at(&dashes), Some((1, 2 * MAX_DEPTH + 1, false)));
        let mixed: String = (0..100)
            .map(|i| format!("{}- a:\n", "  ".repeat(i)))
            .collect();
        assert!(at(&mixed).is_some_and(|(line, _, b)| line <= MAX_DEPTH && !b));
    }

    #[test]
    fn siblings_and_dedents_do_not_add_depth() {
        let mut text = String::new();
        for _ in 0..100 {
            text.push_str("a:\n  b:\n    - c: 1\n      d: [x]\n    - e\nf:\n- g\n- h\n");
        }
        assert_eq!(at(&text), None);
        let documents = "---\na:\n  b:\n---\n[x]\n...\n".repeat(50);
        assert_eq!(at(&documents), None);
    }
}
