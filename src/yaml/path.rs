//! Paths into a YAML document (`locations[0].postcode`), as editors read them, and the
//! bookkeeping that maps a path back to the file after decoding dropped a node it could not
//! read.

use serde_yaml::Value;

/// One step of a path into a YAML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A path such as `locations[0].postcode`, written the way editors read it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YamlPath(pub Vec<Seg>);

impl YamlPath {
    pub fn root() -> Self {
        YamlPath(Vec::new())
    }

    pub fn key(&self, key: &str) -> Self {
        let mut segs = self.0.clone();
        segs.push(Seg::Key(key.to_string()));
        YamlPath(segs)
    }

    pub fn index(&self, index: usize) -> Self {
        let mut segs = self.0.clone();
        segs.push(Seg::Index(index));
        YamlPath(segs)
    }

    pub(crate) fn parent(&self) -> Self {
        YamlPath(self.0[..self.0.len().saturating_sub(1)].to_vec())
    }

    pub(crate) fn last_key(&self) -> Option<&str> {
        self.0.iter().rev().find_map(|s| match s {
            Seg::Key(k) => Some(k.as_str()),
            Seg::Index(_) => None,
        })
    }
}

impl std::fmt::Display for YamlPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if i == 0 => f.write_str(k)?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// The path of the node an error is about. An `Enum` step is a YAML tag (`!name value`) on the
/// node already reached, and nothing below an `Unknown` step can be named, so the path stops
/// there: the error is still reported, at the nearest node that has a position.
pub(crate) fn to_yaml_path(path: &serde_path_to_error::Path) -> YamlPath {
    use serde_path_to_error::Segment;
    YamlPath(
        path.iter()
            .map_while(|seg| match seg {
                Segment::Seq { index } => Some(Seg::Index(*index)),
                Segment::Map { key } => Some(Seg::Key(key.clone())),
                Segment::Enum { .. } | Segment::Unknown => None,
            })
            .collect(),
    )
}

/// Sequence elements dropped while recovering, so later paths can be mapped back to the
/// indexes the editor sees in the file.
#[derive(Default)]
pub(crate) struct Removed {
    elements: Vec<(YamlPath, usize)>,
}

impl Removed {
    pub(crate) fn original(&self, path: &YamlPath) -> YamlPath {
        let mut out = YamlPath::root();
        for seg in &path.0 {
            out = match seg {
                Seg::Key(k) => out.key(k),
                Seg::Index(i) => {
                    let mut gone: Vec<usize> = self
                        .elements
                        .iter()
                        .filter(|(p, _)| *p == out)
                        .map(|(_, i)| *i)
                        .collect();
                    gone.sort_unstable();
                    let mut original = *i;
                    for g in gone {
                        if g <= original {
                            original += 1;
                        }
                    }
                    out.index(original)
                }
            };
        }
        out
    }
}

/// The node at the end of `segs`, if there is one.
fn node_mut<'v>(value: &'v mut Value, segs: &[Seg]) -> Option<&'v mut Value> {
    let mut node = value;
    for seg in segs {
        node = match (seg, node) {
            (Seg::Key(k), Value::Mapping(m)) => m.get_mut(k.as_str())?,
            (Seg::Index(i), Value::Sequence(s)) => s.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(node)
}

/// Puts `text` in place of the text at `path`; false when the node there is not text.
pub(crate) fn replace_text(value: &mut Value, path: &YamlPath, text: &str) -> bool {
    match node_mut(value, &path.0) {
        Some(Value::String(old)) => {
            *old = text.to_string();
            true
        }
        _ => false,
    }
}

pub(crate) fn remove(value: &mut Value, path: &YamlPath, removed: &mut Removed) -> bool {
    let Some((last, parents)) = path.0.split_last() else {
        return false;
    };
    let Some(node) = node_mut(value, parents) else {
        return false;
    };
    match (last, node) {
        (Seg::Key(k), Value::Mapping(m)) => m.remove(k.as_str()).is_some(),
        (Seg::Index(i), Value::Sequence(s)) if *i < s.len() => {
            let original = removed.original(path);
            if let Some(Seg::Index(n)) = original.0.last() {
                removed.elements.push((original.parent(), *n));
            }
            s.remove(*i);
            true
        }
        _ => false,
    }
}
