//! What can go wrong writing the search bundle, as values with their context; `Display` gives
//! the message the operator reads, and `pipeline` turns it into the build's failure.

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
    Write(String),
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
            SearchError::Write(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for SearchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SearchError::Record { source, .. } | SearchError::Entry(source) => Some(source),
            SearchError::Compress(source) => Some(source),
            SearchError::Runtime(_) | SearchError::Encode(_) | SearchError::Write(_) => None,
        }
    }
}

/// A file the output would not take: the sink's message, as it is.
impl From<String> for SearchError {
    fn from(message: String) -> SearchError {
        SearchError::Write(message)
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
        let write = SearchError::from("cannot write x: disk full".to_string());
        assert_eq!(write.to_string(), "cannot write x: disk full");
    }
}
