//! Command line: parses arguments, runs a command (one function each), prints diagnostics and a
//! summary, and turns the outcome into an exit code (0 ok, 1 content errors, 2 usage or I/O
//! errors). The only module that prints.

use crate::diagnostics::{
    annotations, plural, stderr_color, Diagnostics, Format, Reporter, Severity, Sources,
};
use crate::pipeline::{self, BuildOptions, Failure};
use crate::scaffold::NewKind;
use crate::validate::check_base_url;
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

#[derive(Parser)]
#[command(
    name = "supportmap",
    version,
    about = "Build a place-based Support Map website from YAML and Markdown records"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// How `check` and `build` report problems.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
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
enum ReviewFormat {
    Text,
    Csv,
}

#[derive(Subcommand)]
enum Command {
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
struct BuildArgs {
    /// Site folder holding content/ and themes/
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Output folder, replaced only when the build succeeds [default: <root>/site]
    #[arg(long)]
    out: Option<PathBuf>,
    /// Address the site is published at, such as https://example.org/support-map/ (overrides site.yaml)
    #[arg(long)]
    base_url: Option<String>,
    /// Date to judge record freshness against, YYYY-MM-DD [default: today]
    #[arg(long, value_parser = parse_date)]
    today: Option<NaiveDate>,
    /// How to report problems
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
}

#[derive(Args)]
struct CheckArgs {
    /// Site folder holding content/ and themes/
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Date to judge record freshness against, YYYY-MM-DD [default: today]
    #[arg(long, value_parser = parse_date)]
    today: Option<NaiveDate>,
    /// How to report problems
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
}

#[derive(Args)]
struct ServeArgs {
    /// Site folder holding content/ and themes/
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Port to listen on (0 picks a free one)
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Address to listen on; anything but loopback (127.0.0.1, ::1) must be asked for here
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Date to judge record freshness against, YYYY-MM-DD [default: today]
    #[arg(long, value_parser = parse_date)]
    today: Option<NaiveDate>,
}

#[derive(Args)]
struct InitArgs {
    /// Folder to create the site in; it must be new or empty
    dir: PathBuf,
    /// Date written as the example's last_reviewed, YYYY-MM-DD [default: today]
    #[arg(long, value_parser = parse_date)]
    today: Option<NaiveDate>,
}

#[derive(Args)]
struct NewArgs {
    /// What to create
    #[arg(value_enum)]
    kind: NewKind,
    /// The record's id: its file name and web address, such as westfield-lunch-club
    id: String,
    /// Site folder holding content/
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Date written as last_reviewed, YYYY-MM-DD [default: today]
    #[arg(long, value_parser = parse_date)]
    today: Option<NaiveDate>,
}

#[derive(Args)]
struct SchemaArgs {
    /// Folder to write the schemas into [default: <root>/schemas]
    #[arg(long)]
    out: Option<PathBuf>,
    /// Site folder
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

#[derive(Args)]
struct ReviewArgs {
    /// Site folder holding content/
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Also list records that will be out of date within this many days
    #[arg(long, default_value_t = 0)]
    within: u32,
    /// text for reading, csv for a spreadsheet
    #[arg(long, value_enum, default_value = "text")]
    format: ReviewFormat,
    /// Date to judge record freshness against, YYYY-MM-DD [default: today]
    #[arg(long, value_parser = parse_date)]
    today: Option<NaiveDate>,
}

#[derive(Subcommand)]
enum ImportFormat {
    /// Open Referral (HSDS, ORUK): JSON from an API, a folder of JSON files, or a CSV data package
    Openreferral(OpenReferralArgs),
    /// Postcode centres from the ONS Postcode Directory or OS Code-Point Open, into content/postcodes.csv
    Postcodes(PostcodesArgs),
}

#[derive(Args)]
struct OpenReferralArgs {
    /// A JSON file, a folder of JSON files, or a CSV data package (its folder or datapackage.json)
    source: PathBuf,
    /// Content folder to write the records into (or a site folder holding content/)
    #[arg(long, default_value = "content")]
    into: PathBuf,
    /// Replace existing records that have the same ids
    #[arg(long)]
    overwrite: bool,
    /// Skip services with problems and import the others, instead of importing nothing
    #[arg(long)]
    keep_going: bool,
    /// Date to judge record dates against, YYYY-MM-DD [default: today]
    #[arg(long, value_parser = parse_date)]
    today: Option<NaiveDate>,
}

#[derive(Args)]
struct PostcodesArgs {
    /// The ONSPD CSV (with its header row) or a Code-Point Open CSV (no header)
    source: PathBuf,
    /// Keep only postcodes in this area (HB), district (HB4) or sector ("HB4 1"); repeat for more
    #[arg(long = "area", value_name = "PREFIX")]
    areas: Vec<String>,
    /// Content folder to write postcodes.csv into (or a site folder holding content/)
    #[arg(long, default_value = "content")]
    into: PathBuf,
    /// Replace an existing content/postcodes.csv
    #[arg(long)]
    overwrite: bool,
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

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Prints every diagnostic, sorted: text on standard error, or JSON lines on standard output.
pub fn print_diagnostics(diags: &Diagnostics, root: &Path, format: Format) {
    match format {
        Format::Json => {
            let mut out = std::io::stdout().lock();
            for d in diags.sorted() {
                let _ = writeln!(out, "{}", d.to_json());
            }
        }
        Format::Github => {
            let mut out = std::io::stdout().lock();
            for d in diags.sorted() {
                let _ = writeln!(out, "{}", annotations::github_command(d));
            }
        }
        Format::Gitlab => {
            let _ = write!(
                std::io::stdout().lock(),
                "{}",
                annotations::gitlab_report(&diags.sorted())
            );
        }
        Format::Text { color } => {
            let mut sources = Sources::new(root);
            let mut err = std::io::stderr().lock();
            for d in diags.sorted() {
                let _ = writeln!(err, "{}", d.render(&mut sources, color));
            }
        }
    }
}

pub fn run() -> i32 {
    match Cli::parse().command {
        Command::Build(args) => build(args),
        Command::Check(args) => check(args),
        Command::Serve(args) => serve(args),
        Command::Init(args) => init(args),
        Command::New(args) => new(args),
        Command::Schema(args) => schema(args),
        Command::Review(args) => review(args),
        Command::Import {
            format: ImportFormat::Openreferral(args),
        } => import_openreferral(args),
        Command::Import {
            format: ImportFormat::Postcodes(args),
        } => import_postcodes(args),
    }
}

fn build(args: BuildArgs) -> i32 {
    let started = Instant::now();
    if let Some(Err(message)) = args.base_url.as_deref().map(check_base_url) {
        eprintln!("error: --base-url: {message}; write the full address, such as https://example.org/support-map/");
        return 2;
    }
    let options = BuildOptions {
        out: args.out.unwrap_or_else(|| args.root.join("site")),
        root: args.root,
        base_url: args.base_url,
        today: args.today.unwrap_or_else(today),
    };
    let mut diags = Diagnostics::default();
    let outcome = pipeline::build(&options, &mut diags, &Terminal).map(|summary| {
        if options.base_url.is_none() && !summary.base_url_set {
            eprintln!("note: no base_url is set, so sitemap.xml lists paths, not full addresses; set base_url in content/site.yaml or pass --base-url when deploying");
        }
        format!(
            "Built {} asset{}, {} pathway{}, {} pages in {:.2} s into {}",
            summary.assets,
            plural(summary.assets),
            summary.pathways,
            plural(summary.pathways),
            summary.pages,
            started.elapsed().as_secs_f64(),
            options.out.display()
        )
    });
    finish(outcome, &diags, &options.root, args.format)
}

fn check(args: CheckArgs) -> i32 {
    let mut diags = Diagnostics::default();
    let today = args.today.unwrap_or_else(today);
    let outcome = pipeline::check(&args.root, today, &mut diags).and_then(|content| {
        let content = content.ok_or(Failure::Content)?;
        Ok(format!(
            "Checked {} assets, {} pathways, {} places, {} needs: no errors",
            content.assets.len(),
            content.pathways.len(),
            content.places.len(),
            content.needs.len()
        ))
    });
    finish(outcome, &diags, &args.root, args.format)
}

fn serve(args: ServeArgs) -> i32 {
    let options = crate::serve::ServeOptions {
        root: args.root,
        port: args.port,
        bind: args.bind,
        today: args.today,
    };
    match crate::serve::run(options, Arc::new(Terminal)) {
        Ok(()) => 0,
        Err(err) => refuse(&err.message, err.help),
    }
}

/// What `build` and `serve` say as they run: progress on standard error, the address served on
/// standard output, problems as `check` prints them.
struct Terminal;

impl Reporter for Terminal {
    fn announce(&self, line: &str) {
        println!("{line}");
    }

    fn say(&self, line: &str) {
        eprintln!("{line}");
    }

    fn problems(&self, diags: &Diagnostics, root: &Path) {
        let color = stderr_color();
        print_diagnostics(diags, root, Format::Text { color });
    }
}

/// A command that could not start (a folder in the way, a port taken): the message and its fix
/// on standard error, exit 2.
fn refuse(message: &str, help: Option<&str>) -> i32 {
    eprintln!("error: {message}");
    if let Some(help) = help {
        eprintln!("  help: {help}");
    }
    2
}

fn init(args: InitArgs) -> i32 {
    let dir = args.dir;
    match crate::init::create(&dir, args.today.unwrap_or_else(today)) {
        Ok(files) => {
            for file in &files {
                println!("{}", dir.join(file).display());
            }
            eprintln!("Created a new Support Map in {0}. Next: read {0}/README.md, then run supportmap serve --root {0} to see it.", dir.display());
            0
        }
        Err(err) => refuse(&err.message, err.help.as_deref()),
    }
}

fn new(args: NewArgs) -> i32 {
    let today = args.today.unwrap_or_else(today);
    match crate::scaffold::create(&args.root, args.kind, &args.id, today) {
        Ok(path) => {
            println!("{}", path.display());
            eprintln!("Created {}: fill in the fields, then run supportmap check (or supportmap serve to watch it live).", path.display());
            0
        }
        Err(err) => refuse(&err.message, err.help.as_deref()),
    }
}

fn schema(args: SchemaArgs) -> i32 {
    let out = args.out.unwrap_or_else(|| args.root.join("schemas"));
    match crate::schema::write(&out) {
        Ok(files) => {
            for file in &files {
                println!("{}", file.display());
            }
            let dir = out
                .strip_prefix(&args.root)
                .unwrap_or(&out)
                .display()
                .to_string();
            eprintln!("Wrote {} schemas. For VS Code's YAML extension, put this in .vscode/settings.json:\n{}", files.len(), crate::schema::vscode_settings(&dir));
            0
        }
        Err(message) => {
            eprintln!("error: {message}");
            2
        }
    }
}

fn review(args: ReviewArgs) -> i32 {
    let today = args.today.unwrap_or_else(today);
    let text =
        crate::review::review(&args.root, today, args.within).and_then(|list| match args.format {
            ReviewFormat::Text => Ok(crate::review::to_text(&list)),
            ReviewFormat::Csv => crate::review::to_csv(&list)
                .map_err(|e| format!("cannot write the list as CSV: {e}")),
        });
    match text {
        Ok(text) => {
            print!("{text}");
            0
        }
        Err(message) => {
            eprintln!("error: {message}");
            2
        }
    }
}

fn import_openreferral(args: OpenReferralArgs) -> i32 {
    let options = crate::openreferral::import::Options {
        source: args.source,
        into: args.into,
        overwrite: args.overwrite,
        keep_going: args.keep_going,
        today: args.today.unwrap_or_else(today),
    };
    let mut diags = Diagnostics::default();
    let outcome = crate::openreferral::import::run(&options, &mut diags);
    finish(outcome, &diags, Path::new("."), OutputFormat::Text)
}

fn import_postcodes(args: PostcodesArgs) -> i32 {
    let options = crate::postcodes::import::Options {
        source: args.source,
        into: args.into,
        areas: args.areas,
        overwrite: args.overwrite,
    };
    let outcome = crate::postcodes::import::run(&options).map_err(Failure::from);
    finish(
        outcome,
        &Diagnostics::default(),
        Path::new("."),
        OutputFormat::Text,
    )
}

/// Prints the diagnostics, then the summary or why nothing was written, and gives the exit code.
fn finish(
    outcome: Result<String, Failure>,
    diags: &Diagnostics,
    root: &Path,
    format: OutputFormat,
) -> i32 {
    let format = match format {
        OutputFormat::Json => Format::Json,
        OutputFormat::Github => Format::Github,
        OutputFormat::Gitlab => Format::Gitlab,
        OutputFormat::Text => Format::Text {
            color: stderr_color(),
        },
    };
    print_diagnostics(diags, root, format);
    let (errors, warnings) = (diags.count(Severity::Error), diags.count(Severity::Warning));
    // With --format json, github or gitlab, standard output carries only what a program reads;
    // the summary goes to standard error.
    let say = |line: String| {
        if !matches!(format, Format::Text { .. }) {
            eprintln!("{line}")
        } else {
            println!("{line}")
        }
    };
    match outcome {
        Ok(summary) => {
            let note = if warnings > 0 {
                format!(" ({warnings} warning{})", plural(warnings))
            } else {
                String::new()
            };
            say(format!("{summary}{note}"));
            0
        }
        Err(Failure::Content) => {
            eprintln!(
                "Found {errors} error{} and {warnings} warning{}; nothing was written.",
                plural(errors),
                plural(warnings)
            );
            1
        }
        Err(Failure::Io(message)) => {
            eprintln!("error: {message}");
            2
        }
    }
}
