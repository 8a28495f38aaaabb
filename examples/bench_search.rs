//! Times the search indexer alone, and the memory it adds, on a site's content.
//!
//!     cargo run --release --example gen_corpus -- 10000 /tmp/s10k
//!     cargo run --release --example bench_search -- /tmp/s10k [runs]
//!
//! Loads and models the site once, then indexes it `runs` times (default 3) into a sink that
//! only counts bytes, so neither rendering nor disk writes are measured. Prints each run's
//! time (wall and CPU), the bundle's size, and the process's peak resident memory before and
//! after indexing (Linux: `VmHWM` in `/proc/self/status`).

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;
use supportmap::output::{OutputError, Sink, Step, WriteFn};

#[derive(Default)]
struct Counting {
    files: AtomicUsize,
    bytes: AtomicUsize,
}

impl Sink for Counting {
    fn put(&self, _path: &str, bytes: &[u8]) -> Result<(), OutputError> {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes.len(), Ordering::Relaxed);
        Ok(())
    }

    fn put_with(&self, path: &str, write: &mut WriteFn) -> Result<(), OutputError> {
        let mut bytes = Vec::new();
        write(&mut bytes).map_err(|source| OutputError::Io {
            step: Step::Make,
            path: path.into(),
            source,
        })?;
        self.put(path, &bytes)
    }
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

/// CPU seconds (user and system, all threads) used so far: on a shared machine a steadier
/// measure than wall time.
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage = std::mem::zeroed::<libc::rusage>();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let root = Path::new(args.get(1).map_or(".", String::as_str));
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(3);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let mut diags = supportmap::diagnostics::Diagnostics::default();
    let content = supportmap::pipeline::load(root, today, &mut diags)
        .ok()
        .flatten()
        .expect("the site loads");
    let model = supportmap::pipeline::model(root, &content, None, today, &mut diags)
        .expect("the theme loads");
    println!(
        "loaded {} assets; peak RSS {:.0} MB",
        model.assets.len(),
        peak_rss_mb()
    );
    for run in 1..=runs {
        let sink = Counting::default();
        let (started, cpu) = (Instant::now(), cpu_seconds());
        supportmap::search::index(&model, &sink).expect("search indexes");
        println!(
            "run {run}: {:.3} s ({:.3} s CPU), {} files, {:.1} MB; peak RSS {:.0} MB",
            started.elapsed().as_secs_f64(),
            cpu_seconds() - cpu,
            sink.files.into_inner(),
            sink.bytes.into_inner() as f64 / 1e6,
            peak_rss_mb()
        );
    }
}
