//! What can go wrong writing the search bundle, as values with their context; `Display` gives
//! the message the operator reads, and `pipeline` turns it into the build's failure.

use crate::output::OutputError;
use std::fmt;

/// Why the search bundle could not be written.
#[derive(Debug)]
pub enum SearchError {
    /// Pagefind, run on one tiny record for its browser files, failed.
    Runtime(String),
    /// A record's fragment could not be made.
    Record {
        url: String,
        source: serde_json::Error,
    },
    /// A CBOR file of the index could not be encoded.
    Encode(String),
    /// A file of the index could not be compressed.
    Compress(flate2::CompressError),
    /// `pagefind-entry.json` could not be made.
    Entry(serde_json::Error),
    /// The output refused a file (its message says which and why).
    Write(OutputError),
}

impl fmt::Display for SearchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SearchError::Runtime(why) => write!(f, "cannot start the search indexer: {why}"),
            SearchError::Record { url, source } => {
                write!(f, "cannot write the search record {url}: {source}")
            }
            SearchError::Encode(why) => write!(f, "cannot encode the search index: {why}"),
            SearchError::Compress(source) => {
                write!(f, "cannot compress the search index: {source}")
            }
            SearchError::Entry(source) => {
                write!(f, "cannot write the search entry file: {source}")
            }
            SearchError::Write(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for SearchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SearchError::Record { source, .. } | SearchError::Entry(source) => Some(source),
            SearchError::Compress(source) => Some(source),
            SearchError::Write(source) => Some(source),
            SearchError::Runtime(_) | SearchError::Encode(_) => None,
        }
    }
}

/// A file the output would not take.
impl From<OutputError> for SearchError {
    fn from(error: OutputError) -> SearchError {
        SearchError::Write(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_what_failed() {
        let json = serde_json::from_str::<u8>("x").unwrap_err();
        let record = SearchError::Record {
            url: "/services/a/".to_string(),
            source: json,
        };
        assert!(record
            .to_string()
            .starts_with("cannot write the search record /services/a/: expected value"));
        let runtime = SearchError::Runtime("no tokio".to_string());
        assert_eq!(
            runtime.to_string(),
            "cannot start the search indexer: no tokio"
        );
        let full = std::io::Error::other("disk full");
        let output = crate::output::OutputError::io(crate::output::Step::Write, "x")(full);
        let said = output.to_string();
        assert_eq!(
            SearchError::from(output).to_string(),
            said,
            "the output's own message"
        );
    }
}
