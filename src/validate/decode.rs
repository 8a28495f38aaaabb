//! Decoding for validation: turns each source of one kind into a `Located` record (the record
//! with what is needed to point at its fields), in parallel, refusing a second file with the
//! same id.

use super::report::At;
use crate::diagnostics::{Diagnostics, Pos, Severity};
use crate::source::Source;
use crate::yaml::{decode, PosIndex};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One decoded file with what is needed to point at its fields.
pub(crate) struct Located<T> {
    pub(crate) file: PathBuf,
    pub(crate) id: String,
    pub(crate) index: PosIndex,
    pub(crate) record: T,
    pub(crate) body: Option<String>,
}

impl<T> Located<T> {
    /// Where problems with this record are reported.
    pub(crate) fn at(&self) -> At<'_> {
        At {
            file: &self.file,
            index: &self.index,
        }
    }
}

pub(crate) fn decode_all<T: serde::de::DeserializeOwned + Default + Send>(
    sources: Vec<Source>,
    diags: &mut Diagnostics,
) -> Vec<Located<T>> {
    decode_each(sources, diags, |located, _| Some(located))
}

/// Decodes each source and passes it to `check`, in parallel (decoding is most of loading a
/// large site), each file reporting into its own diagnostics, merged back in file order. A
/// record's position index is dropped as soon as it is checked.
pub(crate) fn decode_each<T, R>(
    sources: Vec<Source>,
    diags: &mut Diagnostics,
    check: impl Fn(Located<T>, &mut Diagnostics) -> Option<R> + Sync,
) -> Vec<R>
where
    T: serde::de::DeserializeOwned + Default + Send,
    R: Send,
{
    let decoded: Vec<(Option<R>, Diagnostics)> = unique_ids(sources, diags)
        .into_par_iter()
        .map(|source| {
            let mut local = Diagnostics::default();
            let checked = decode_one(source, &mut local).and_then(|l| check(l, &mut local));
            (checked, local)
        })
        .collect();
    let mut out = Vec::with_capacity(decoded.len());
    for (located, local) in decoded {
        diags.append(local);
        out.extend(located);
    }
    out
}

fn decode_one<T: serde::de::DeserializeOwned + Default>(
    source: Source,
    diags: &mut Diagnostics,
) -> Option<Located<T>> {
    let (record, index) = decode::<T>(&source.yaml, &source.file, source.yaml_line_offset, diags)?;
    Some(Located {
        file: source.file,
        id: source.id,
        index,
        record,
        body: source.body,
    })
}

/// The sources whose id no earlier source has; each later one is reported.
fn unique_ids(sources: Vec<Source>, diags: &mut Diagnostics) -> Vec<Source> {
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    let mut unique = Vec::with_capacity(sources.len());
    for source in sources {
        if let Some(first) = seen.get(&source.id) {
            diags
                .error(
                    &source.file,
                    Pos::START,
                    format!(
                        "duplicate id \"{}\": {} has the same id",
                        source.id,
                        first.display()
                    ),
                )
                .help(
                    "rename one of the files: the file name is the record's id and its web address",
                );
            continue;
        }
        seen.insert(source.id.clone(), source.file.clone());
        unique.push(source);
    }
    unique
}

/// Whether `content/<name>.yaml` (or `.yml`) is there but could not be read or decoded. Its
/// problem is already reported (by `source` or `decode`); it is not also "missing".
pub(crate) fn already_reported(diags: &Diagnostics, name: &str) -> bool {
    let files = [
        format!("content/{name}.yaml"),
        format!("content/{name}.yml"),
    ];
    diags
        .sorted()
        .iter()
        .any(|d| d.severity == Severity::Error && files.iter().any(|f| d.file == Path::new(f)))
}
