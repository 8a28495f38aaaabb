//! Command line: parses arguments, runs a command, prints diagnostics and a summary, and turns
//! the outcome into an exit code (0 ok, 1 content errors, 2 usage or I/O errors).

use crate::diagnostics::{Diagnostics, Severity};
use crate::validate::check_base_url;
use crate::{BuildOptions, Failure};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::time::Instant;

#[derive(Parser)]
#[command(name = "supportmap", version, about = "Build a place-based Support Map website from YAML and Markdown records")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the content, then build the site into the output folder
    Build {
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
    },
    /// Check every record and report all problems; writes nothing
    Check {
        /// Site folder holding content/ and themes/
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Date to judge record freshness against, YYYY-MM-DD [default: today]
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
    },
    /// Import records from another directory's open data into content/
    Import {
        #[command(subcommand)]
        format: ImportFormat,
    },
}

#[derive(Subcommand)]
enum ImportFormat {
    /// Open Referral (HSDS, ORUK): JSON from an API, a folder of JSON files, or a CSV data package
    Openreferral {
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
    },
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("\"{s}\" is not a date written YYYY-MM-DD"))
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

pub fn run() -> i32 {
    let cli = Cli::parse();
    let mut diags = Diagnostics::default();
    let started = Instant::now();
    let outcome = match cli.command {
        Command::Build { root, out, base_url, today: date } => {
            if let Some(Err(message)) = base_url.as_deref().map(check_base_url) {
                eprintln!("error: --base-url: {message}; write the full address, such as https://example.org/support-map/");
                return 2;
            }
            let out = out.unwrap_or_else(|| root.join("site"));
            let options = BuildOptions { root, out, base_url, today: date.unwrap_or_else(today) };
            let base_url_known = options.base_url.is_some();
            crate::build(&options, &mut diags).map(|summary| {
                if !base_url_known && !summary.base_url_set {
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
            })
        }
        Command::Check { root, today: date } => crate::check(&root, date.unwrap_or_else(today), &mut diags).and_then(|content| {
            let content = content.ok_or(Failure::Content)?;
            Ok(format!(
                "Checked {} assets, {} pathways, {} places, {} needs: no errors",
                content.assets.len(),
                content.pathways.len(),
                content.places.len(),
                content.needs.len()
            ))
        }),
        Command::Import { format: ImportFormat::Openreferral { source, into, overwrite, keep_going, today: date } } => {
            let options = crate::openreferral::import::Options { source, into, overwrite, keep_going, today: date.unwrap_or_else(today) };
            crate::openreferral::import::run(&options, &mut diags)
        }
    };
    for diagnostic in diags.sorted() {
        eprintln!("{diagnostic}");
    }
    let (errors, warnings) = (diags.count(Severity::Error), diags.count(Severity::Warning));
    match outcome {
        Ok(summary) => {
            let note = if warnings > 0 { format!(" ({warnings} warning{})", plural(warnings)) } else { String::new() };
            println!("{summary}{note}");
            0
        }
        Err(Failure::Content) => {
            eprintln!("Found {errors} error{} and {warnings} warning{}; nothing was written.", plural(errors), plural(warnings));
            1
        }
        Err(Failure::Io(message)) => {
            eprintln!("error: {message}");
            2
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
