//! Generates a deterministic benchmark corpus: a valid supportmap site with N assets.
//!
//!     cargo run --release --example gen_corpus -- 10000 /tmp/corpus [--hugo]
//!
//! With `--hugo`, the same records are also written as a Hugo site in `<out>/hugo/` (assets
//! and pathways as pages, needs and places as taxonomies, templates showing the same facts),
//! so `scripts/bench` can compare build times like for like.
//!
//! Shape (as the performance issue asks): N assets with 1–3 paragraph descriptions, 1–3
//! needs, opening hours and locations; N/50 pathways; 15 needs; one place with 12
//! neighbourhoods; the five-step guide. Same N, same bytes.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

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
    "confidential",
    "family",
    "children",
    "older",
    "young",
    "walk",
    "café",
    "garden",
    "kitchen",
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
    "tea",
    "coffee",
    "lunch",
    "breakfast",
    "evening",
    "morning",
    "referral",
    "appointment",
    "phone",
    "online",
    "skills",
    "confidence",
    "friendship",
    "benefits",
    "debt",
    "housing",
    "energy",
    "bills",
    "food",
    "parcel",
    "clothes",
    "furniture",
    "sport",
    "football",
    "swimming",
    "yoga",
    "art",
    "music",
    "singing",
    "knitting",
    "reading",
    "computer",
    "english",
    "classes",
    "job",
    "cv",
    "interview",
    "carer",
    "respite",
    "counselling",
    "listening",
    "peer",
    "recovery",
    "grief",
    "parenting",
    "baby",
    "toddler",
    "youth",
    "club",
    "allotment",
    "repair",
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
        let len = 8 + self.below(12);
        let mut s: String = (0..len).map(|_| self.word()).collect::<Vec<_>>().join(" ");
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
pub fn generate(n: usize, root: &Path, hugo: bool) {
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
    let hugo_dir = root.join("hugo");
    if hugo {
        write_hugo_skeleton(&hugo_dir);
    }
    for i in 0..n {
        let record = asset(i, &mut rng);
        if hugo {
            write(
                &hugo_dir.join(format!("content/assets/asset-{i:06}.md")),
                &format!("---\n{record}---\n"),
            );
        }
        write(&content.join(format!("assets/asset-{i:06}.yaml")), &record);
    }
    for i in 0..(n / 50).max(1) {
        let record = pathway(i, n, &mut rng);
        if hugo {
            write(
                &hugo_dir.join(format!("content/pathways/pathway-{i:05}.md")),
                &record,
            );
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
        write(
            &content.join(format!("guide/{:02}-{}.md", i + 1, slug(title))),
            &format!(
                "---\ntitle: {title}\norder: {}\n---\n{}\n",
                i + 1,
                body.join(" ")
            ),
        );
    }
    write(
        &content.join("pages/about.md"),
        "---\ntitle: About\n---\nA generated benchmark corpus. All data is fictional.\n",
    );
}

fn asset(i: usize, rng: &mut Rng) -> String {
    let name = format!(
        "{} {} {}",
        capitalise(rng.word()),
        capitalise(rng.word()),
        i
    );
    let mut y = format!("name: {name}\nsummary: {}\n", rng.sentence());
    y.push_str("description: |\n");
    for p in 0..1 + rng.below(3) {
        if p > 0 {
            y.push('\n');
        }
        let paragraph: Vec<String> = (0..2 + rng.below(4)).map(|_| rng.sentence()).collect();
        let _ = writeln!(y, "  {}", paragraph.join(" "));
    }
    let _ = writeln!(y, "organisation: {} Trust", capitalise(rng.word()));
    let mut needs: Vec<&str> = Vec::new();
    for _ in 0..1 + rng.below(3) {
        let need = NEEDS[rng.below(NEEDS.len())].0;
        if !needs.contains(&need) {
            needs.push(need);
        }
    }
    let _ = writeln!(y, "needs: [{}]", needs.join(", "));
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
    let need = NEEDS[rng.below(NEEDS.len())].0;
    let mut y = format!("---\ntitle: Pathway {i} for {need}\nsummary: {}\nneeds: [{need}]\nlast_reviewed: 2026-06-01\nsteps:\n", rng.sentence());
    for s in 0..3 {
        let assets: Vec<String> = (0..2)
            .map(|_| format!("asset-{:06}", rng.below(n)))
            .collect();
        let _ = writeln!(
            y,
            "  - title: Step {}\n    text: {}\n    assets: [{}]",
            s + 1,
            rng.sentence(),
            assets.join(", ")
        );
    }
    y.push_str("---\n");
    y.push_str(&rng.sentence());
    y.push('\n');
    y
}

/// A Hugo site showing the same facts: assets and pathways are pages, needs and places are
/// taxonomies (Hugo's equivalent of our need and place pages), with a home page and an A–Z;
/// lists are paginated 50 to a page, as ours are by default.
fn write_hugo_skeleton(dir: &Path) {
    let _ = fs::remove_dir_all(dir);
    for sub in [
        "content/assets",
        "content/pathways",
        "layouts/_default",
        "layouts/partials",
    ] {
        fs::create_dir_all(dir.join(sub)).expect("create hugo folders");
    }
    write(
        &dir.join("hugo.toml"),
        "baseURL = 'https://example.org/'\nlanguageCode = 'en-gb'\ntitle = 'Benchmark Support Map'\ndisableKinds = ['RSS']\npaginate = 50\n[taxonomies]\n  need = 'needs'\n  place = 'places'\n",
    );
    let card = r#"<article><h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3><p>{{ .Params.summary }}</p><p>{{ range .Params.needs }}{{ . }} {{ end }}· {{ range .Params.places }}{{ . }} {{ end }}· {{ .Params.cost }}</p><p>Last checked {{ .Params.last_reviewed }}</p></article>"#;
    write(&dir.join("layouts/partials/card.html"), card);
    let base = r#"<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{{ .Title }}</title><link rel="stylesheet" href="/static/style.css"></head><body><header><a href="/">Benchmark Support Map</a><form action="/search/"><input name="q"></form></header><main>{{ block "main" . }}{{ end }}</main><footer>Information may change.</footer></body></html>"#;
    write(&dir.join("layouts/_default/baseof.html"), base);
    let single = r#"{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Params.summary }}</p>{{ with .Params.description }}{{ . | markdownify }}{{ end }}{{ .Content }}<dl><dt>Needs</dt><dd>{{ range .Params.needs }}<a href="/needs/{{ . }}/">{{ . }}</a> {{ end }}</dd><dt>Places</dt><dd>{{ range .Params.places }}<a href="/places/{{ . }}/">{{ . }}</a> {{ end }}</dd><dt>Cost</dt><dd>{{ .Params.cost }}</dd>{{ with .Params.contact }}<dt>Phone</dt><dd>{{ .phone }}</dd><dt>Email</dt><dd>{{ .email }}</dd>{{ end }}</dl>{{ range .Params.opening_hours }}<p>{{ delimit .days ", " }} {{ .opens }}–{{ .closes }}</p>{{ end }}{{ range .Params.locations }}<p>{{ .name }}, {{ .address }}, {{ .postcode }}</p>{{ end }}{{ range .Params.steps }}<h2>{{ .title }}</h2><p>{{ .text }}</p>{{ range .assets }}{{ with site.GetPage (printf "/assets/%s" .) }}{{ partial "card.html" . }}{{ end }}{{ end }}{{ end }}<p>Last checked {{ .Params.last_reviewed }}</p>{{ end }}"#;
    write(&dir.join("layouts/_default/single.html"), single);
    let list = r#"{{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Paginator.Pages }}{{ partial "card.html" . }}{{ end }}{{ template "_internal/pagination.html" . }}{{ end }}"#;
    write(&dir.join("layouts/_default/list.html"), list);
    write(&dir.join("layouts/_default/term.html"), list);
    let home = r#"{{ define "main" }}<h1>Benchmark Support Map</h1><h2>Needs</h2><ul>{{ range site.Taxonomies.needs }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul><h2>Places</h2><ul>{{ range site.Taxonomies.places }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}"#;
    write(&dir.join("layouts/index.html"), home);
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
