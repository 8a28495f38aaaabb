//! Running the built `supportmap` binary, without colour, so its messages compare as text.

use std::process::{Command, Output};

pub fn supportmap(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_supportmap"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run supportmap")
}
