use super::*;

const ONSPD: &str = "\"pcd\",\"pcd2\",\"pcds\",\"dointr\",\"doterm\",\"oscty\",\"oseast1m\",\"osnrth1m\",\"osgrdind\",\"lat\",\"long\"
\"HB4 1DB\",\"HB4  1DB\",\"HB4 1DB\",\"198001\",\"\",\"E99999999\",\"369000\",\"89000\",\"1\",50.456300,-2.388900
\"HB4 1ZZ\",\"HB4  1ZZ\",\"HB4 1ZZ\",\"198001\",\"200012\",\"E99999999\",\"369100\",\"89100\",\"1\",50.457300,-2.387900
\"HB4 9NG\",\"HB4  9NG\",\"HB4 9NG\",\"198001\",\"\",\"E99999999\",\"\",\"\",\"9\",99.999999,0.000000
\"HB40 1AA\",\"HB40 1AA\",\"HB40 1AA\",\"198001\",\"\",\"E99999999\",\"369000\",\"89000\",\"1\",50.5,-2.4
\"HB5 1RE\",\"HB5  1RE\",\"HB5 1RE\",\"198001\",\"\",\"E99999999\",\"369000\",\"89000\",\"1\",50.440100,-2.414800
\"XX\",\"XX\",\"XX\",\"198001\",\"\",\"E99999999\",\"\",\"\",\"1\",50,-2
\"HB5 1RE\",\"HB5  1RE\",\"HB5 1RE\",\"198001\",\"\",\"E99999999\",\"369000\",\"89000\",\"1\",50.9,-2.9
";

const CODE_POINT: &str = "\"BR8 7RE\",10,551626,170342,\"E92000001\",\"E19000002\",\"E18000007\",\"E10000016\",\"E07000111\",\"E05005014\"
\"BR8 7ZZ\",90,0,0,\"E92000001\",\"\",\"\",\"\",\"\",\"\"
\"BR87RF\",10,551700,170400,\"E92000001\",\"E19000002\",\"E18000007\",\"E10000016\",\"E07000111\",\"E05005014\"
\"TN1  1AA\",10,558000,139500,\"E92000001\",\"E19000002\",\"E18000007\",\"E10000016\",\"E07000111\",\"E05005014\"
\"BR8 7RG\",10,east,170400,\"E92000001\",\"E19000002\",\"E18000007\",\"E10000016\",\"E07000111\",\"E05005014\"
";

fn areas(list: &[&str]) -> Vec<Area> {
    list.iter().map(|a| Area::parse(a).unwrap()).collect()
}

fn codes(table: &BTreeMap<Postcode, Point>) -> Vec<&str> {
    table.keys().map(Postcode::as_str).collect()
}

#[test]
fn reads_the_ons_postcode_directory() {
    let (table, skipped) = read(ONSPD.as_bytes(), &[]).unwrap();
    assert_eq!(codes(&table), ["HB4 1DB", "HB40 1AA", "HB5 1RE"]);
    assert_eq!(
        table[&Postcode::parse("HB4 1DB").unwrap()],
        Point {
            lat: 50.4563,
            lon: -2.3889
        }
    );
    // The first of two rows for one postcode is kept.
    assert_eq!(table[&Postcode::parse("HB5 1RE").unwrap()].lat, 50.4401);
    assert_eq!(
        (
            skipped.terminated,
            skipped.no_position,
            skipped.duplicate,
            skipped.unreadable
        ),
        (1, 1, 1, 1)
    );
    assert_eq!(skipped.examples, ["line 7: \"XX\" is not a postcode"]);
}

#[test]
fn reads_code_point_open_grid_references() {
    let (table, skipped) = read(CODE_POINT.as_bytes(), &[]).unwrap();
    assert_eq!(codes(&table), ["BR8 7RE", "BR8 7RF", "TN1 1AA"]);
    let point = table[&Postcode::parse("BR8 7RE").unwrap()];
    assert!(
        (point.lat - 51.411831).abs() < 0.0001 && (point.lon - 0.178871).abs() < 0.0001,
        "{point:?}"
    );
    assert_eq!((skipped.no_position, skipped.unreadable), (1, 1));
    assert_eq!(
        skipped.examples,
        ["line 5: \"east\", \"170400\" are not eastings and northings"]
    );
}

#[test]
fn area_keeps_whole_areas_districts_or_sectors() {
    let kept = |list: &[&str]| codes(&read(ONSPD.as_bytes(), &areas(list)).unwrap().0).join(" | ");
    assert_eq!(kept(&["HB"]), "HB4 1DB | HB40 1AA | HB5 1RE");
    assert_eq!(kept(&["hb4"]), "HB4 1DB");
    assert_eq!(kept(&["HB4", "HB5 1"]), "HB4 1DB | HB5 1RE");
    assert_eq!(kept(&["H"]), "");
    let (_, skipped) = read(ONSPD.as_bytes(), &areas(&["HB5"])).unwrap();
    assert_eq!(skipped.outside_area, 4);
    assert!(Area::parse("HB4 1DB extra").is_err());
    assert!(Area::parse("").is_err());
    assert!(Area::parse("4HB").is_err());
}

#[test]
fn other_files_are_refused_with_a_reason() {
    for (text, reason) in [
        ("", "the file is empty"),
        (
            "name,address\nThe Kettle,1 Westfield Parade\n",
            "not a postcode file",
        ),
        ("pcds,dointr\nHB4 1DB,198001\n", "no lat and long"),
    ] {
        let error = read(text.as_bytes(), &[]).err().unwrap().to_string();
        assert!(error.contains(reason), "{error}");
    }
    let long_line = "x".repeat(MAX_LINE_BYTES * 2);
    let error = read(BoundedLines::new(long_line.as_bytes()), &[])
        .err()
        .unwrap()
        .to_string();
    assert!(error.contains("longer than 64 KB"), "{error}");
}

#[test]
fn writes_a_table_check_reads_and_never_replaces_one_unasked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    let source = dir.path().join("onspd.csv");
    std::fs::write(&source, ONSPD).unwrap();
    let options = |overwrite| Options {
        source: source.clone(),
        into: dir.path().to_path_buf(),
        areas: vec!["HB4".into()],
        overwrite,
    };
    let summary = run(&options(false)).ok().unwrap();
    assert!(summary.starts_with("Wrote 1 postcodes to "), "{summary}");
    assert!(summary.contains("skipped 3 outside --area, 1 no longer in use (terminated), 1 with no position, 1 unreadable"), "{summary}");
    let target = dir.path().join("content/postcodes.csv");
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "postcode,lat,lon\nHB4 1DB,50.45630,-2.38890\n"
    );
    std::fs::write(&target, "postcode,lat,lon\n").unwrap();
    match run(&options(false)) {
        Err(err @ ImportError::Exists { .. }) => assert!(
            err.to_string().ends_with(
                "content/postcodes.csv already exists; nothing was written. Pass --overwrite to replace it"
            ),
            "{err}"
        ),
        _ => panic!("an existing table was replaced"),
    }
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "postcode,lat,lon\n"
    );
    assert!(run(&options(true)).is_ok());
    let mut diags = crate::diagnostics::Diagnostics::default();
    let table = super::super::load(dir.path(), &mut diags).unwrap();
    assert!(!diags.has_errors());
    assert_eq!(table.len(), 1);
}
