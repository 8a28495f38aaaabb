//! The subcommands, one function each: each turns its arguments into the options of the
//! module that does the work, runs it and hands the outcome to `print`, which gives the exit
//! code.

use super::args::{
    BuildArgs, CheckArgs, InitArgs, NewArgs, OpenReferralArgs, OutputFormat, PostcodesArgs,
    ReviewArgs, ReviewFormat, SchemaArgs, ServeArgs,
};
use super::print::{finish, list_errors, refuse, Terminal};
use crate::diagnostics::{plural, Diagnostics};
use crate::pipeline::{self, BuildOptions, Failure};
use crate::validate::check_base_url;
use chrono::NaiveDate;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

pub(super) fn build(args: BuildArgs) -> i32 {
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

pub(super) fn check(args: CheckArgs) -> i32 {
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

pub(super) fn serve(args: ServeArgs) -> i32 {
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

pub(super) fn init(args: InitArgs) -> i32 {
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

pub(super) fn new(args: NewArgs) -> i32 {
    if let Some(language) = &args.language {
        return match crate::scaffold::translate(&args.root, args.kind, &args.id, language) {
            Ok(path) => {
                println!("{}", path.display());
                eprintln!("Created {}: write the translations after the colons, then run supportmap check.", path.display());
                0
            }
            Err(err) => refuse(&err.message, err.help.as_deref()),
        };
    }
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

pub(super) fn schema(args: SchemaArgs) -> i32 {
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
        Err(err) => refuse(&err.to_string(), None),
    }
}

pub(super) fn review(args: ReviewArgs) -> i32 {
    let today = args.today.unwrap_or_else(today);
    let text =
        crate::review::review(&args.root, today, args.within).and_then(|list| match args.format {
            ReviewFormat::Text => Ok(crate::review::to_text(&list)),
            ReviewFormat::Csv => crate::review::to_csv(&list),
        });
    match text {
        Ok(text) => {
            print!("{text}");
            0
        }
        Err(err) => refuse(&err.to_string(), None),
    }
}

pub(super) fn import_openreferral(args: OpenReferralArgs) -> i32 {
    let options = crate::openreferral::import::Options {
        source: args.source,
        into: args.into,
        overwrite: args.overwrite,
        keep_going: args.keep_going,
        today: args.today.unwrap_or_else(today),
    };
    let mut diags = Diagnostics::default();
    let outcome = crate::openreferral::import::run(&options, &mut diags).map(|imported| {
        list_errors(&imported.problems);
        imported.summary
    });
    finish(outcome, &diags, Path::new("."), OutputFormat::Text)
}

pub(super) fn import_postcodes(args: PostcodesArgs) -> i32 {
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
