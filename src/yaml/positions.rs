//! Positions: where each node of a document starts, found with `yaml-rust2`'s event parser
//! (`serde_yaml::Value` carries none), and which nodes decoding dropped.

use super::path::YamlPath;
use crate::diagnostics::Pos;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// Where each node of a document starts, keyed by its path. Made from the text the first time
/// a position is asked for: most records have nothing to report, and parsing every file a
/// second time for positions was a twentieth of a large build.
#[derive(Debug, Default)]
pub struct PosIndex {
    text: String,
    nodes: OnceLock<HashMap<String, NodePos>>,
    line_offset: usize,
    /// Nodes already reported and dropped while decoding; a later "missing field" for one of
    /// them would only repeat the problem.
    dropped: HashSet<String>,
}

#[derive(Debug, Clone, Copy)]
struct NodePos {
    key: Option<Pos>,
    value: Pos,
}

impl PosIndex {
    pub fn was_dropped(&self, path: &YamlPath) -> bool {
        self.dropped.contains(&path.to_string())
    }

    /// Position of the value at `path`, or of its nearest ancestor that has one. The document
    /// itself is placed at its first line, where editors look for missing fields.
    pub fn value(&self, path: &YamlPath) -> Pos {
        if path.0.is_empty() {
            return Pos::new(1 + self.line_offset, 1);
        }
        self.lookup(path, |n| n.value)
    }

    /// Whether the document has a value at `path` (a missing field is placed at its parent).
    pub(crate) fn has(&self, path: &YamlPath) -> bool {
        let nodes = self.nodes.get_or_init(|| nodes_of(&self.text));
        nodes.contains_key(&path.to_string())
    }

    /// Position of the key naming `path` (for unknown or misplaced fields).
    pub fn key(&self, path: &YamlPath) -> Pos {
        self.lookup(path, |n| n.key.unwrap_or(n.value))
    }

    fn lookup(&self, path: &YamlPath, pick: impl Fn(&NodePos) -> Pos) -> Pos {
        let mut path = path.clone();
        let nodes = self.nodes.get_or_init(|| nodes_of(&self.text));
        loop {
            if let Some(node) = nodes.get(&path.to_string()) {
                let pos = pick(node);
                return Pos::new(pos.line + self.line_offset, pos.col);
            }
            if path.0.is_empty() {
                return Pos::new(1 + self.line_offset, 1);
            }
            path = path.parent();
        }
    }

    /// Records that the node at `path` was reported and dropped.
    pub(crate) fn mark_dropped(&mut self, path: &YamlPath) {
        self.dropped.insert(path.to_string());
    }

    pub(crate) fn new(text: &str, line_offset: usize) -> PosIndex {
        PosIndex {
            text: text.to_string(),
            nodes: OnceLock::new(),
            line_offset,
            dropped: HashSet::new(),
        }
    }
}

fn nodes_of(text: &str) -> HashMap<String, NodePos> {
    let mut builder = IndexBuilder::default();
    // A document yaml-rust2 cannot read was already reported by serde_yaml; positions then
    // fall back to the start of the file.
    let _ = Parser::new_from_str(text).load(&mut builder, false);
    builder.nodes
}

enum Frame {
    Map {
        path: YamlPath,
        key: Option<(String, Pos)>,
    },
    Seq {
        path: YamlPath,
        next: usize,
    },
    /// A complex (non-scalar) mapping key: its contents have no path of their own.
    Skip {
        depth: usize,
    },
}

#[derive(Default)]
struct IndexBuilder {
    stack: Vec<Frame>,
    nodes: HashMap<String, NodePos>,
}

impl IndexBuilder {
    /// Claims the slot a new node fills; `None` when the node is a mapping key.
    fn slot(&mut self, event: &Event, pos: Pos) -> Option<(YamlPath, Option<Pos>)> {
        match self.stack.last_mut() {
            None => Some((YamlPath::root(), None)),
            Some(Frame::Seq { path, next }) => {
                *next += 1;
                Some((path.index(*next - 1), None))
            }
            Some(Frame::Map { path, key }) => match key.take() {
                Some((k, key_pos)) => Some((path.key(&k), Some(key_pos))),
                None => {
                    let name = match event {
                        Event::Scalar(s, ..) => s.clone(),
                        _ => String::from("?"),
                    };
                    *key = Some((name, pos));
                    None
                }
            },
            Some(Frame::Skip { .. }) => None,
        }
    }
}

impl MarkedEventReceiver for IndexBuilder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let pos = Pos::new(mark.line(), mark.col() + 1);
        if let Some(Frame::Skip { depth }) = self.stack.last_mut() {
            match event {
                Event::MappingStart(..) | Event::SequenceStart(..) => *depth += 1,
                Event::MappingEnd | Event::SequenceEnd if *depth == 0 => {
                    self.stack.pop();
                }
                Event::MappingEnd | Event::SequenceEnd => *depth -= 1,
                _ => {}
            }
            return;
        }
        match event {
            Event::Scalar(..)
            | Event::Alias(_)
            | Event::MappingStart(..)
            | Event::SequenceStart(..) => {
                let is_key = matches!(self.stack.last(), Some(Frame::Map { key: None, .. }));
                let slot = self.slot(&event, pos);
                let opens = matches!(event, Event::MappingStart(..) | Event::SequenceStart(..));
                match slot {
                    Some((path, key)) => {
                        self.nodes
                            .insert(path.to_string(), NodePos { key, value: pos });
                        match event {
                            Event::MappingStart(..) => {
                                self.stack.push(Frame::Map { path, key: None })
                            }
                            Event::SequenceStart(..) => {
                                self.stack.push(Frame::Seq { path, next: 0 })
                            }
                            _ => {}
                        }
                    }
                    None if is_key && opens => self.stack.push(Frame::Skip { depth: 0 }),
                    None => {}
                }
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}
