//! What the command line accepts: the subcommands, their options and help text (clap shows the
//! doc comments), and how a date is read. Kept apart from what the commands do, so the
//! interface can be read in one place.

use crate::scaffold::NewKind;
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::IpAddr;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "supportmap",
    version,
    about = "Build a place-based Support Map website from YAML and Markdown records"
)]
pub(super) struct Cli {
    #[command(subcommand)]
    pub(super) command: Command,
}

/// How `check` and `build` report problems.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum OutputFormat {
    /// For people: file:line:column, the line with a caret, and help (colour on a terminal)
    Text,
    /// For programs: one JSON object per problem per line, on standard output
    Json,
    /// For GitHub Actions: workflow commands that show each problem on its line in a pull request
    Github,
    /// For GitLab CI: a Code Quality report (JSON) on standard output
    Gitlab,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum ReviewFormat {
    Text,
    Csv,
}

#[derive(Subcommand)]
pub(super) enum Command {
    /// Check the content, then build the site into the output folder
    Build(BuildArgs),
    /// Check every record and report all problems; writes nothing
    Check(CheckArgs),
    /// Preview the site while you edit: builds, serves it, and rebuilds and reloads on every save
    Serve(ServeArgs),
    /// Start a new site: settings, needs, a place, an example service, editors' README and CI
    Init(InitArgs),
    /// Start a new record from a commented template
    New(NewArgs),
    /// Write JSON Schema files for editors' tools (VS Code's YAML extension)
    Schema(SchemaArgs),
    /// List records that are due for a check, oldest first, with contact details
    Review(ReviewArgs),
    /// Import records from another directory's open data into content/
    Import {
        #[command(subcommand)]
        format: ImportFormat,
    },
}

#[derive(Args)]
pub(super) struct BuildArgs {
    /// Site folder holding content/ and themes/
    #[arg(long, default_value = ".")]
    pub(super) root: PathBuf,
    /// Output folder, replaced only when the build succeeds [default: <root>/site]
    #[arg(long)]
    pub(super) out: Option<PathBuf>,
    /// Address the site is published at, such as https://example.org/support-map/ (overrides site.yaml)
    #[arg(long)]
    pub(super) base_url: Option<String>,
    /// Date to judge record freshness against, YYYY-MM-DD [default: today]
    #[arg(long, value_parser = parse_date)]
    pub(super) today: Option<NaiveDate>,
    /// How to report problems
    #[arg(long, value_enum, default_value = "text")]
    pub(super) format: OutputFormat,
}

#[derive(Args)]
pub(super) struct CheckArgs {
    /// Site folder holding content/ and themes/
    #[arg(long, default_value = ".")]
    pub(super) root: PathBuf,
    /// Date to judge record freshness against, YYYY-MM-DD [default: today]
    #[arg(long, value_parser = parse_date)]
    pub(super) today: Option<NaiveDate>,
    /// How to report problems
    #[arg(long, value_enum, default_value = "text")]
    pub(super) format: OutputFormat,
}

#[derive(Args)]
pub(super) struct ServeArgs {
    /// Site folder holding content/ and themes/
    #[arg(long, default_value = ".")]
    pub(super) root: PathBuf,
    /// Port to listen on (0 picks a free one)
    #[arg(long, default_value_t = 1111)]
    pub(super) port: u16,
    /// Address to listen on; anything but loopback (127.0.0.1, ::1) must be asked for here
    #[arg(long, default_value = "127.0.0.1")]
    pub(super) bind: IpAddr,
    /// Date to judge record freshness against, YYYY-MM-DD [default: today]
    #[arg(long, value_parser = parse_date)]
    pub(super) today: Option<NaiveDate>,
}

#[derive(Args)]
pub(super) struct InitArgs {
    /// Folder to create the site in; it must be new or empty
    pub(super) dir: PathBuf,
    /// Date written as the example's last_reviewed, YYYY-MM-DD [default: today]
    #[arg(long, value_parser = parse_date)]
    pub(super) today: Option<NaiveDate>,
}

#[derive(Args)]
pub(super) struct NewArgs {
    /// What to create
    #[arg(value_enum)]
    pub(super) kind: NewKind,
    /// The record's id: its file name and web address, such as westfield-lunch-club
    pub(super) id: String,
    /// Site folder holding content/
    #[arg(long, default_value = ".")]
    pub(super) root: PathBuf,
    /// Date written as last_reviewed, YYYY-MM-DD [default: today]
    #[arg(long, value_parser = parse_date)]
    pub(super) today: Option<NaiveDate>,
    /// Translate the existing record <id> into this language of site.yaml's languages, such
    /// as cy: writes <id>.<language>.yaml (or .md) beside it, with its text to translate
    #[arg(long)]
    pub(super) language: Option<String>,
}

#[derive(Args)]
pub(super) struct SchemaArgs {
    /// Folder to write the schemas into [default: <root>/schemas]
    #[arg(long)]
    pub(super) out: Option<PathBuf>,
    /// Site folder
    #[arg(long, default_value = ".")]
    pub(super) root: PathBuf,
}

#[derive(Args)]
pub(super) struct ReviewArgs {
    /// Site folder holding content/
    #[arg(long, default_value = ".")]
    pub(super) root: PathBuf,
    /// Also list records that will be out of date within this many days
    #[arg(long, default_value_t = 0)]
    pub(super) within: u32,
    /// text for reading, csv for a spreadsheet
    #[arg(long, value_enum, default_value = "text")]
    pub(super) format: ReviewFormat,
    /// Date to judge record freshness against, YYYY-MM-DD [default: today]
    #[arg(long, value_parser = parse_date)]
    pub(super) today: Option<NaiveDate>,
}

#[derive(Subcommand)]
pub(super) enum ImportFormat {
    /// Open Referral (HSDS, ORUK): JSON from an API, a folder of JSON files, or a CSV data package
    Openreferral(OpenReferralArgs),
    /// Postcode centres from the ONS Postcode Directory or OS Code-Point Open, into content/postcodes.csv
    Postcodes(PostcodesArgs),
}

#[derive(Args)]
pub(super) struct OpenReferralArgs {
    /// A JSON file, a folder of JSON files, or a CSV data package (its folder or datapackage.json)
    pub(super) source: PathBuf,
    /// Content folder to write the records into (or a site folder holding content/)
    #[arg(long, default_value = "content")]
    pub(super) into: PathBuf,
    /// Replace existing records that have the same ids
    #[arg(long)]
    pub(super) overwrite: bool,
    /// Skip services with problems and import the others, instead of importing nothing
    #[arg(long)]
    pub(super) keep_going: bool,
    /// Date to judge record dates against, YYYY-MM-DD [default: today]
    #[arg(long, value_parser = parse_date)]
    pub(super) today: Option<NaiveDate>,
}

#[derive(Args)]
pub(super) struct PostcodesArgs {
    /// The ONSPD CSV (with its header row) or a Code-Point Open CSV (no header)
    pub(super) source: PathBuf,
    /// Keep only postcodes in this area (HB), district (HB4) or sector ("HB4 1"); repeat for more
    #[arg(long = "area", value_name = "PREFIX")]
    pub(super) areas: Vec<String>,
    /// Content folder to write postcodes.csv into (or a site folder holding content/)
    #[arg(long, default_value = "content")]
    pub(super) into: PathBuf,
    /// Replace an existing content/postcodes.csv
    #[arg(long)]
    pub(super) overwrite: bool,
}

fn parse_date(s: &str) -> Result<NaiveDate, NotADate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| NotADate(s.to_string()))
}

/// A `--today` that is not a date; clap shows it after the option's name.
#[derive(Debug)]
struct NotADate(String);

impl std::fmt::Display for NotADate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "\"{}\" is not a date written YYYY-MM-DD", self.0)
    }
}

impl std::error::Error for NotADate {}
