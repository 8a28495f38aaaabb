//! Import (work in progress).
