//! Command line: parses arguments, runs a command (one function each), prints diagnostics and a
//! summary, and turns the outcome into an exit code (0 ok, 1 content errors, 2 usage or I/O
//! errors). The only module that prints.
//!
//! - `args`: what the command line accepts (clap's derive, with the help text).
//! - `commands`: one function per subcommand.
//! - `print`: diagnostics, summaries, progress and exit codes on the terminal.

mod args;
mod commands;
mod print;

use args::{Cli, Command, ImportFormat};
use clap::Parser;

pub fn run() -> i32 {
    match Cli::parse().command {
        Command::Build(args) => commands::build(args),
        Command::Check(args) => commands::check(args),
        Command::Serve(args) => commands::serve(args),
        Command::Init(args) => commands::init(args),
        Command::New(args) => commands::new(args),
        Command::Schema(args) => commands::schema(args),
        Command::Review(args) => commands::review(args),
        Command::Import {
            format: ImportFormat::Openreferral(args),
        } => commands::import_openreferral(args),
        Command::Import {
            format: ImportFormat::Postcodes(args),
        } => commands::import_postcodes(args),
    }
}
