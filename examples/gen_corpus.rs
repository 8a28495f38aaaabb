//! Generates a deterministic benchmark corpus: a valid supportmap site with N assets.
//!
//!     cargo run --release --example gen_corpus -- 10000 /tmp/corpus [--hugo]
//!
//! With `--hugo`, the same site is also written for Hugo in `<out>/hugo/` (the "Hugo twin"),
//! so `scripts/bench` can compare build times like for like: the records as page front matter
//! (assets, pathways, the guide and About), needs, places and place × need pairs as taxonomy
//! terms, and templates (`examples/hugo_twin/`, copied in) that port the default theme's
//! markup page for page. The twin renders every HTML page ours does at the same path (assets,
//! needs, places, place × need pages, the A–Z, pathways, home, guide, About, coverage,
//! search, My Support Map, 404), with the same content: on the generated corpus its pages
//! differ from ours only in whitespace and in the key order of the My Support Map JSON data
//! blocks. Hugo also writes a small `/page/1/` redirect for each paginated list; the twin
//! builds no search index and no open data files (ours builds both). See `HugoTwin` for what
//! Hugo is told that ours works out, and `examples/hugo_twin/hugo.toml`.
//!
//! Shape (as the performance issue asks): N assets with 1–3 paragraph descriptions about their
//! 1–3 needs, opening hours and locations; N/50 pathways; 15 needs; one place with 12
//! neighbourhoods; the five-step guide. Same N, same bytes.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

const NEEDS: [(&str, &str, &str); 15] = [
    (
        "money",
        "Money and debt",
        "debt, bills, benefits, money worries, arrears",
    ),
    (
        "housing",
        "Housing",
        "eviction, homeless, rent, landlord, repairs",
    ),
    ("food", "Food", "food bank, hungry, meals, groceries"),
    (
        "loneliness",
        "Loneliness",
        "lonely, isolated, company, friendship",
    ),
    (
        "mental-wellbeing",
        "Mental wellbeing",
        "low mood, anxiety, depression, stress",
    ),
    (
        "physical-activity",
        "Physical activity",
        "exercise, walking, sport, fitness",
    ),
    (
        "work",
        "Work and skills",
        "job, employment, cv, volunteering",
    ),
    (
        "relationships",
        "Relationships",
        "family, couple, separation",
    ),
    ("carers", "Carers", "caring, respite, carer"),
    ("parenting", "Parenting", "children, baby, toddler, school"),
    (
        "digital-skills",
        "Digital skills",
        "internet, computer, phone, online",
    ),
    (
        "substance-use",
        "Drugs and alcohol",
        "drinking, addiction, recovery",
    ),
    (
        "domestic-abuse",
        "Domestic abuse",
        "violence, coercive control, safety",
    ),
    ("learning", "Learning", "english, esol, courses, reading"),
    ("bereavement", "Bereavement", "grief, loss, death"),
];

const AREAS: [&str; 12] = [
    "Old Harbour",
    "Westfield",
    "Northgate",
    "Castle Hill",
    "Riverside",
    "Eastcliff",
    "Millbrook",
    "Quayside",
    "Southmead",
    "Hilltop",
    "Parkview",
    "Seagate",
];

/// Words any service may use, whatever it is for.
const WORDS: &[&str] = &[
    "advice",
    "support",
    "group",
    "friendly",
    "volunteers",
    "community",
    "local",
    "weekly",
    "free",
    "help",
    "people",
    "together",
    "welcome",
    "drop",
    "session",
    "team",
    "trained",
    "older",
    "young",
    "café",
    "garden",
    "library",
    "hall",
    "centre",
    "church",
    "mosque",
    "school",
    "park",
    "bus",
    "accessible",
    "quiet",
    "room",
    "evening",
    "morning",
    "referral",
    "appointment",
    "phone",
    "art",
    "music",
    "singing",
    "knitting",
    "clothes",
    "youth",
    "club",
    "allotment",
];

/// Each need's own words, in `NEEDS` order: a service speaks of what it is for, so "debt" is
/// in the money services' descriptions, not in every description. (A corpus that drew every
/// word from one list put each topic word in about 70 % of records, against 0 to 25 % on the
/// example site, and so gave nearly every record nearly every everyday word at index time.)
const TOPICS: [&[&str]; 15] = [
    &["benefits", "debt", "bills", "energy", "budgeting"],
    &["housing", "repair", "furniture", "rent", "tenancy"],
    &["food", "parcel", "lunch", "breakfast", "kitchen", "cooking"],
    &["friendship", "company", "tea", "coffee", "chat"],
    &["counselling", "listening", "confidence", "calm", "peer"],
    &["walk", "sport", "football", "swimming", "yoga"],
    &["job", "cv", "interview", "skills", "training"],
    &["family", "couple", "mediation"],
    &["carer", "respite", "caring"],
    &["parenting", "baby", "toddler", "children", "play"],
    &["computer", "online", "internet", "tablet"],
    &["recovery", "alcohol", "peer"],
    &["safety", "confidential", "refuge", "advocacy"],
    &["english", "classes", "reading", "courses"],
    &["grief", "loss", "memories"],
];

/// xorshift64*: tiny, deterministic, good enough to vary a corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn word(&mut self) -> &'static str {
        WORDS[self.below(WORDS.len())]
    }

    fn sentence(&mut self) -> String {
        self.sentence_on(&[])
    }

    /// A sentence about `needs` (indexes into `NEEDS`): a third of its words are theirs.
    fn sentence_on(&mut self, needs: &[usize]) -> String {
        let len = 8 + self.below(12);
        let mut word = || match needs {
            [] => self.word(),
            _ if self.below(3) > 0 => self.word(),
            _ => {
                let topic = TOPICS[needs[self.below(needs.len())]];
                topic[self.below(topic.len())]
            }
        };
        let mut s: String = (0..len).map(|_| word()).collect::<Vec<_>>().join(" ");
        s[..1].make_ascii_uppercase();
        s.push('.');
        s
    }
}

fn slug(name: &str) -> String {
    name.to_lowercase().replace(' ', "-")
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(n), Some(out)) = (
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
        args.get(2),
    ) else {
        eprintln!("usage: gen_corpus <number of assets> <output folder>");
        std::process::exit(2);
    };
    let hugo = args.iter().any(|a| a == "--hugo");
    generate(n, Path::new(out), hugo);
    println!(
        "wrote {n} assets to {}",
        Path::new(out).join("content").display()
    );
}

/// Writes the corpus of `n` assets to `root/content` (and the Hugo twin to `root/hugo`).
/// The search oracle test (`src/search/tests.rs`) uses it too.
pub(crate) fn generate(n: usize, root: &Path, hugo: bool) {
    let content = root.join("content");
    let _ = fs::remove_dir_all(&content);
    for dir in ["places", "assets", "pathways", "guide", "pages"] {
        fs::create_dir_all(content.join(dir)).expect("create corpus folders");
    }
    write(&content.join("site.yaml"), "title: Benchmark Support Map\ndescription: A generated corpus for benchmarks.\nreview_after_days: 365\n");
    let mut needs = String::new();
    for (id, name, synonyms) in NEEDS {
        let _ = writeln!(
            needs,
            "- id: {id}\n  name: {name}\n  synonyms: [{synonyms}]"
        );
    }
    write(&content.join("needs.yaml"), &needs);
    write(
        &content.join("places/bigtown.yaml"),
        "name: Bigtown\nkind: place\nsummary: A generated town.\n",
    );
    for area in AREAS {
        write(
            &content.join(format!("places/{}.yaml", slug(area))),
            &format!("name: {area}\nkind: neighbourhood\nwithin: bigtown\n"),
        );
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ n as u64);
    let mut twin = hugo.then(|| HugoTwin::create(&root.join("hugo")));
    for i in 0..n {
        let record = asset(i, &mut rng);
        if let Some(twin) = &mut twin {
            twin.asset(&format!("asset-{i:06}"), &record);
        }
        write(&content.join(format!("assets/asset-{i:06}.yaml")), &record);
    }
    for i in 0..(n / 50).max(1) {
        let record = pathway(i, n, &mut rng);
        if let Some(twin) = &twin {
            twin.write(&format!("content/pathways/pathway-{i:05}.md"), &record);
        }
        write(
            &content.join(format!("pathways/pathway-{i:05}.md")),
            &record,
        );
    }
    let steps = [
        "Start now",
        "Involve communities",
        "Share governance",
        "Share decisions",
        "Equal partners",
    ];
    for (i, title) in steps.iter().enumerate() {
        let body: Vec<String> = (0..6).map(|_| rng.sentence()).collect();
        let body = body.join(" ");
        if let Some(twin) = &twin {
            twin.write(
                &format!("content/guide/{}.md", slug(title)),
                &format!("---\ntitle: {title}\nweight: {}\n---\n{body}\n", i + 1),
            );
        }
        write(
            &content.join(format!("guide/{:02}-{}.md", i + 1, slug(title))),
            &format!("---\ntitle: {title}\norder: {}\n---\n{body}\n", i + 1),
        );
    }
    let about = "---\ntitle: About\n---\nA generated benchmark corpus. All data is fictional.\n";
    if let Some(twin) = &twin {
        twin.write("content/pages/about.md", about);
        twin.finish();
    }
    write(&content.join("pages/about.md"), about);
}

/// The Hugo twin: the same site for Hugo, in `<out>/hugo/`, so `scripts/bench` compares like
/// with like. Its templates (`examples/hugo_twin/layouts/`) port the default theme's markup:
/// the full `<head>`, site header and footer, breadcrumbs, the asset page with every section
/// ours has and its My Support Map data block, asset cards with the same facts (each card
/// rendered once and reused, as ours does), need, place and place × need lists and the A–Z,
/// paginated 50 to a page with the same pagination nav, pathways with their steps' cards,
/// the home page, coverage, search, My Support Map, guide, About and 404 pages.
///
/// Hugo cannot work out from a place's `within` that a neighbourhood's service is listed in
/// its town and a town-wide service in every neighbourhood, so each page's front matter says
/// so: `places` lists every place whose page lists it (the record's own places are kept as
/// `record_places`), and `place_needs` names each place × need page it is on
/// (`eastcliff-food`, published at `/places/eastcliff/needs/food/`). Needs, places and
/// place × need pairs are taxonomy terms, each with an `_index.md` holding what our
/// `needs.yaml` and `places/*.yaml` hold.
struct HugoTwin {
    dir: PathBuf,
    /// The place × need terms some asset is on: each gets its `_index.md` in `finish`.
    place_needs: BTreeSet<(String, &'static str)>,
}

impl HugoTwin {
    /// Starts the twin afresh: copies `examples/hugo_twin` (configuration, templates, fixed
    /// pages) and our theme's static files, then writes the need and place terms.
    fn create(dir: &Path) -> Self {
        let _ = fs::remove_dir_all(dir);
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/hugo_twin");
        copy_tree(&source, dir);
        let theme_static = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static");
        copy_tree(&theme_static, &dir.join("static/static"));
        let twin = HugoTwin {
            dir: dir.to_path_buf(),
            place_needs: BTreeSet::new(),
        };
        for (weight, (id, name, synonyms)) in NEEDS.iter().enumerate() {
            twin.write(
                &format!("content/needs/{id}/_index.md"),
                &format!(
                    "---\ntitle: {name}\nweight: {}\nsynonyms: [{synonyms}]\n---\n",
                    weight + 1
                ),
            );
        }
        twin.write(
            "content/places/bigtown/_index.md",
            "---\ntitle: Bigtown\nkind: place\nsummary: A generated town.\n---\n",
        );
        for area in AREAS {
            twin.write(
                &format!("content/places/{}/_index.md", slug(area)),
                &format!("---\ntitle: {area}\nkind: neighbourhood\nwithin: bigtown\n---\n"),
            );
        }
        twin
    }

    /// One asset: its record as front matter, with `title` and the lists it is on.
    fn asset(&mut self, id: &str, record: &str) {
        let name = field(record, "name");
        let own = list(field(record, "places"));
        // Our place pages list what serves the place, an area inside it, or an area it is in.
        let mut places: Vec<String> = own.iter().map(|p| p.to_string()).collect();
        for place in &own {
            let related: Vec<String> = if *place == "bigtown" {
                AREAS.iter().map(|a| slug(a)).collect()
            } else {
                vec!["bigtown".to_string()]
            };
            for r in related {
                if !places.contains(&r) {
                    places.push(r);
                }
            }
        }
        let needs = list(field(record, "needs"));
        let mut place_needs = Vec::new();
        for place in &places {
            for need in &needs {
                let need = NEEDS
                    .iter()
                    .map(|(id, _, _)| *id)
                    .find(|id| id == need)
                    .expect("a generated need");
                place_needs.push(format!("{place}-{need}"));
                self.place_needs.insert((place.clone(), need));
            }
        }
        let own_line = format!("places: [{}]\n", own.join(", "));
        let lists = format!(
            "places: [{}]\nrecord_places: [{}]\nplace_needs: [{}]\n",
            places.join(", "),
            own.join(", "),
            place_needs.join(", ")
        );
        let front = record.replacen(&own_line, &lists, 1);
        self.write(
            &format!("content/assets/{id}.md"),
            &format!("---\ntitle: {name}\n{front}---\n"),
        );
    }

    /// The place × need terms, once every asset is written.
    fn finish(&self) {
        let name = |id: &str| -> String {
            if id == "bigtown" {
                return "Bigtown".to_string();
            }
            AREAS
                .iter()
                .find(|a| slug(a) == id)
                .expect("a generated place")
                .to_string()
        };
        for (place, need) in &self.place_needs {
            let need_name = NEEDS.iter().find(|n| n.0 == *need).expect("a need").1;
            self.write(
                &format!("content/place_needs/{place}-{need}/_index.md"),
                &format!(
                    "---\ntitle: {need_name} in {}\nslug: {place}/needs/{need}\nplace: {place}\nneed: {need}\n---\n",
                    name(place)
                ),
            );
        }
    }

    fn write(&self, file: &str, text: &str) {
        let path = self.dir.join(file);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create hugo folders");
        }
        write(&path, text);
    }
}

/// The value of the top-level `key: value` line of a generated record.
fn field<'a>(record: &'a str, key: &str) -> &'a str {
    record
        .lines()
        .find_map(|line| line.strip_prefix(key)?.strip_prefix(": "))
        .unwrap_or_else(|| panic!("a generated record has {key}"))
}

/// `[a, b]` -> `["a", "b"]`.
fn list(value: &str) -> Vec<&str> {
    value
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split(", ")
        .filter(|s| !s.is_empty())
        .collect()
}

/// Copies the files under `from` to the same places under `to`.
fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap_or_else(|e| panic!("read {}: {e}", from.display()));
        let target = to.join(entry.path().strip_prefix(from).expect("below the root"));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target)
                .unwrap_or_else(|e| panic!("create {}: {e}", target.display()));
        } else {
            fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("copy to {}: {e}", target.display()));
        }
    }
}

fn asset(i: usize, rng: &mut Rng) -> String {
    let name = format!(
        "{} {} {}",
        capitalise(rng.word()),
        capitalise(rng.word()),
        i
    );
    let mut needs: Vec<usize> = Vec::new();
    for _ in 0..1 + rng.below(3) {
        let need = rng.below(NEEDS.len());
        if !needs.contains(&need) {
            needs.push(need);
        }
    }
    let mut y = format!("name: {name}\nsummary: {}\n", rng.sentence_on(&needs));
    y.push_str("description: |\n");
    for p in 0..1 + rng.below(3) {
        if p > 0 {
            y.push('\n');
        }
        let paragraph: Vec<String> = (0..2 + rng.below(4))
            .map(|_| rng.sentence_on(&needs))
            .collect();
        let _ = writeln!(y, "  {}", paragraph.join(" "));
    }
    let _ = writeln!(y, "organisation: {} Trust", capitalise(rng.word()));
    let ids: Vec<&str> = needs.iter().map(|&n| NEEDS[n].0).collect();
    let _ = writeln!(y, "needs: [{}]", ids.join(", "));
    let place = if rng.below(10) == 0 {
        "bigtown".to_string()
    } else {
        slug(AREAS[rng.below(AREAS.len())])
    };
    let _ = writeln!(y, "places: [{place}]");
    let _ = writeln!(y, "locations:\n  - name: {} Hall\n    address: {} {} Street, Bigtown\n    postcode: HB{} {}AB", capitalise(rng.word()), 1 + rng.below(200), capitalise(rng.word()), 1 + rng.below(6), rng.below(10));
    let _ = writeln!(y, "contact:\n  phone: 01632 960{:03}\n  email: hello{i}@example.org\n  website: https://example.org/asset-{i}", rng.below(1000));
    let opens = 8 + rng.below(4);
    let _ = writeln!(y, "opening_hours:\n  - days: [mon, wed, fri]\n    opens: \"{opens:02}:00\"\n    closes: \"{:02}:30\"", opens + 2 + rng.below(6));
    let access = ["drop_in", "self_referral", "professional_referral"][rng.below(3)];
    let cost = ["free", "free", "low_cost", "paid"][rng.below(4)];
    let _ = writeln!(y, "access: [{access}]\ncost: {cost}");
    match rng.below(4) {
        0 => y.push_str("eligibility:\n  min_age: 60\n"),
        1 => y.push_str("eligibility:\n  min_age: 16\n  max_age: 25\n"),
        _ => {}
    }
    let _ = writeln!(
        y,
        "languages: [en{}]",
        ["", ", pl", ", ur", ", ro"][rng.below(4)]
    );
    let _ = writeln!(
        y,
        "last_reviewed: 2026-{:02}-{:02}",
        1 + rng.below(10),
        1 + rng.below(28)
    );
    y
}

fn pathway(i: usize, n: usize, rng: &mut Rng) -> String {
    let topic = rng.below(NEEDS.len());
    let need = NEEDS[topic].0;
    let mut y = format!("---\ntitle: Pathway {i} for {need}\nsummary: {}\nneeds: [{need}]\nlast_reviewed: 2026-06-01\nsteps:\n", rng.sentence_on(&[topic]));
    for s in 0..3 {
        let assets: Vec<String> = (0..2)
            .map(|_| format!("asset-{:06}", rng.below(n)))
            .collect();
        let _ = writeln!(
            y,
            "  - title: Step {}\n    text: {}\n    assets: [{}]",
            s + 1,
            rng.sentence_on(&[topic]),
            assets.join(", ")
        );
    }
    y.push_str("---\n");
    y.push_str(&rng.sentence_on(&[topic]));
    y.push('\n');
    y
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn write(path: &Path, text: &str) {
    fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}
