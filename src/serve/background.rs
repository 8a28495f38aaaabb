//! The background: what is made from every record rather than rendered (the open data after an
//! edit, and the search index after every rebuild), remade on a thread of its own at a lower
//! priority and swapped in when ready. Kept apart from the engine because it owns the one rule
//! that keeps a preview consistent: each publish is a generation, and the background swaps in
//! only what it made from the newest one.

use super::patch::Files;
use super::shared::Shared;
use crate::i18n::Interface;
use crate::output::MemorySink;
use crate::validate::Content;
use chrono::NaiveDate;
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// The background thread, and the generations it checks what it made against.
pub(super) struct Background {
    jobs: mpsc::Sender<Job>,
    generations: Arc<Generations>,
}

impl Background {
    /// Starts the thread that works for `shared`.
    pub(super) fn start(
        shared: Arc<Shared>,
        base_url: String,
        today: Option<NaiveDate>,
    ) -> Background {
        let (jobs, received) = mpsc::channel::<Job>();
        let generations = Arc::new(Generations::default());
        let for_worker = generations.clone();
        std::thread::spawn(move || worker(received, &shared, &for_worker, &base_url, today));
        Background { jobs, generations }
    }

    /// Swaps in a rebuild's files (`full`: every file, else the pages of an edit) as a new
    /// generation, and asks the background for what follows from `content`.
    pub(super) fn publish(
        &self,
        shared: &Shared,
        files: Files,
        gone: &[String],
        full: bool,
        content: Content,
        interfaces: Vec<Arc<Interface>>,
    ) {
        let mut current = self.generations.current.lock().expect("generation lock");
        *current += 1;
        shared.publish(files, gone, full, full);
        let _ = self.jobs.send(Job {
            generation: *current,
            content,
            interfaces,
            open_data: !full,
        });
    }

    /// Waits until the open data of the newest generation is out (a minute at most).
    #[cfg(test)]
    pub(super) fn wait_for_open_data(&self) -> bool {
        self.generations.wait_for_open_data()
    }
}

/// What the background makes from one state of the content, published as `generation`.
struct Job {
    generation: u64,
    content: Content,
    /// The interface texts of each of the site's languages, which the model says its facts
    /// with.
    interfaces: Vec<Arc<Interface>>,
    /// Whether the open data needs remaking: a full rebuild published it already.
    open_data: bool,
}

/// Each publish of the engine is a new generation. The background swaps in what it made only
/// while its generation is still the newest, checked under the same lock the engine publishes
/// under, so nothing made from older content can land on top of a newer rebuild.
#[derive(Default)]
struct Generations {
    current: Mutex<u64>,
    /// The newest generation whose open data is out (for tests to wait on).
    open_data: Mutex<u64>,
    open_data_out: Condvar,
}

impl Generations {
    /// Swaps in `files`, the part of the site `owns` tells apart, if `generation` is the newest.
    fn swap_in(
        &self,
        shared: &Shared,
        generation: u64,
        owns: impl Fn(&str) -> bool,
        files: impl IntoIterator<Item = (String, Vec<u8>)>,
    ) {
        let current = self.current.lock().expect("generation lock");
        if *current == generation {
            shared.replace_part(owns, files);
        }
    }

    fn open_data_done(&self, generation: u64) {
        let mut done = self.open_data.lock().expect("generation lock");
        *done = (*done).max(generation);
        self.open_data_out.notify_all();
    }

    /// Waits until the open data of the newest generation is out (a minute at most).
    #[cfg(test)]
    fn wait_for_open_data(&self) -> bool {
        let newest = *self.current.lock().expect("generation lock");
        let done = self.open_data.lock().expect("generation lock");
        let (done, _) = self
            .open_data_out
            .wait_timeout_while(done, Duration::from_secs(60), |done| *done < newest)
            .expect("generation lock");
        *done >= newest
    }
}

/// Remakes the open data (after an edit) and the search index in the background, from the
/// newest content only, and swaps each in when it is ready.
fn worker(
    jobs: mpsc::Receiver<Job>,
    shared: &Shared,
    generations: &Generations,
    base_url: &str,
    today: Option<NaiveDate>,
) {
    lower_priority();
    while let Ok(mut job) = jobs.recv() {
        // Let a burst of saves settle, then work only from the latest content. The latest
        // job says whether the open data is stale: a full rebuild made it anew.
        std::thread::sleep(Duration::from_millis(300));
        while let Ok(newer) = jobs.try_recv() {
            job = newer;
        }
        let today = today.unwrap_or_else(|| chrono::Local::now().date_naive());
        let model = crate::model::build(&job.content, Some(base_url), today, &job.interfaces);
        if job.open_data {
            let sink = MemorySink::default();
            if crate::pipeline::publish_data(&job.content, &model, &sink).is_ok() {
                let owns = crate::addresses::is_open_data;
                generations.swap_in(shared, job.generation, owns, sink.into_files());
            }
        }
        generations.open_data_done(job.generation);
        let sink = MemorySink::default();
        if crate::search::index(&model, &sink).is_ok() {
            let owns = |path: &str| path.starts_with(crate::addresses::SEARCH_INDEX_DIR);
            generations.swap_in(shared, job.generation, owns, sink.into_files());
        }
    }
}

/// Indexing search takes seconds on a large site; it must not slow the pages an editor waits
/// for. On Linux a thread has its own nice value.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority has no memory effects; 0 means the calling thread on Linux.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}
