//! HSDS CSV data packages (work in progress).
