//! Postcodes end to end: `supportmap import postcodes` writing `content/postcodes.csv` from the
//! ONS Postcode Directory and Code-Point Open shapes, `check` reporting a broken table with every
//! other problem, and `build` placing a location by its postcode and shipping the table split
//! by outward code.

#[path = "common/fixtures.rs"]
mod fixtures;
#[path = "common/run.rs"]
mod run;
use run::{supportmap, TODAY};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

fn valid_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    fixtures::copy_dir(&fixture, &root);
    (dir, root)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn check(root: &Path) -> std::process::Output {
    supportmap(&["check", "--root", root.to_str().unwrap(), "--today", TODAY])
}

fn import(source: &Path, root: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "import",
        "postcodes",
        source.to_str().unwrap(),
        "--into",
        root.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    supportmap(&args)
}

const ONSPD: &str = "pcd,pcd2,pcds,dointr,doterm,oseast1m,osnrth1m,osgrdind,lat,long
\"HB1 2AB\",\"HB1  2AB\",\"HB1 2AB\",\"198001\",\"\",\"369000\",\"89000\",\"1\",50.451000,-2.400000
\"HB1 2AC\",\"HB1  2AC\",\"HB1 2AC\",\"198001\",\"201504\",\"369000\",\"89000\",\"1\",50.452000,-2.401000
\"HB2 1AA\",\"HB2  1AA\",\"HB2 1AA\",\"198001\",\"\",\"369000\",\"89000\",\"1\",50.460000,-2.420000
\"ZZ9 9ZZ\",\"ZZ9  9ZZ\",\"ZZ9 9ZZ\",\"198001\",\"\",\"\",\"\",\"9\",99.999999,0.000000
";

#[test]
fn import_postcodes_writes_the_table_check_reads_and_refuses_to_overwrite() {
    let (dir, root) = valid_site();
    let source = dir.path().join("ONSPD_NOV_2026_UK.csv");
    fs::write(&source, ONSPD).unwrap();

    let output = import(&source, &root, &["--area", "HB1"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(
        stdout.starts_with("Wrote 1 postcodes to ")
            && stdout.contains("skipped 2 outside --area, 1 no longer in use (terminated)"),
        "{stdout}"
    );
    let table = root.join("content/postcodes.csv");
    assert_eq!(
        fs::read_to_string(&table).unwrap(),
        "postcode,lat,lon\nHB1 2AB,50.45100,-2.40000\n"
    );
    let output = check(&root);
    assert!(output.status.success(), "{}", text(&output.stderr));

    // A second import without --overwrite changes nothing and says how to replace the table.
    let output = import(&source, &root, &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("already exists; nothing was written. Pass --overwrite"),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(fs::read_to_string(&table).unwrap().lines().count(), 2);
    let output = import(&source, &root, &["--overwrite"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(fs::read_to_string(&table).unwrap().lines().count(), 3);
}

#[test]
fn import_postcodes_converts_code_point_open_grid_references() {
    let (dir, root) = valid_site();
    let source = dir.path().join("br_codepoint.csv");
    fs::write(
        &source,
        "\"BR8 7RE\",10,551626,170342,\"E92000001\",\"E19000002\",\"E18000007\",\"E10000016\",\"E07000111\",\"E05005014\"\n\
         \"BR8 7ZZ\",90,0,0,\"E92000001\",\"\",\"\",\"\",\"\",\"\"\n",
    )
    .unwrap();
    let output = import(&source, &root, &[]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("skipped 1 with no position"));
    let written = fs::read_to_string(root.join("content/postcodes.csv")).unwrap();
    // ONSPD publishes BR8 7RE at 51.411831, 0.178871: the same to five places (about a metre).
    assert_eq!(written, "postcode,lat,lon\nBR8 7RE,51.41183,0.17887\n");
}

#[test]
fn import_postcodes_refuses_a_file_of_another_shape() {
    let (dir, root) = valid_site();
    let source = dir.path().join("services.csv");
    fs::write(&source, "name,address\nThe Kettle,1 Westfield Parade\n").unwrap();
    let output = import(&source, &root, &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("not a postcode file this command reads"));
    assert!(!root.join("content/postcodes.csv").exists());
}

#[test]
fn check_reports_a_broken_postcode_table_with_everything_else() {
    let (_dir, root) = valid_site();
    fs::write(
        root.join("content/postcodes.csv"),
        "postcode,lat,lon\nHB1 2AB,50.451,-2.4\nHB1 2AB,50.451,-2.4\nHB1 ZZZ,50.4,-2.4\nHB2 1AA,-2.42,150.5,7\nHB2 1AB,91,-2.4\n",
    )
    .unwrap();
    let asset = root.join("content/assets/debt-advice.yaml");
    let yaml = fs::read_to_string(&asset).unwrap();
    fs::write(&asset, yaml.replace("needs: [money]", "needs: [monye]")).unwrap();
    let output = check(&root);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    for expected in [
        "content/postcodes.csv:3:1: error: HB1 2AB is listed twice: line 2 has it already\n",
        "help: keep one line for each postcode",
        "content/postcodes.csv:4:1: error: \"HB1 ZZZ\" is not a postcode\n",
        "content/postcodes.csv:5:1: error: expected 3 values (postcode, lat, lon), found 4",
        "content/postcodes.csv:6:9: error: latitude 91 is out of range: it must be between -90 and 90",
        "content/assets/debt-advice.yaml:",
    ] {
        assert!(stderr.contains(expected), "missing {expected:?} in:\n{stderr}");
    }
}

#[test]
fn build_places_a_location_by_its_postcode_and_ships_the_table_by_outward_code() {
    let (dir, root) = valid_site();
    fs::write(
        root.join("content/postcodes.csv"),
        "postcode,lat,lon\nHB1 2AB,50.451,-2.4\nHB1 3CD,50.452,-2.41\nHB2 1AA,50.46,-2.42\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let output = run::build(&root, &out, &[]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let json = |path: &str| -> Value {
        serde_json::from_slice(&fs::read(out.join(path)).unwrap()).unwrap()
    };
    assert_eq!(
        json("search/postcodes/HB1.json"),
        serde_json::json!({"HB1 2AB": [50.451, -2.4], "HB1 3CD": [50.452, -2.41]})
    );
    assert_eq!(
        json("search/postcodes/HB2.json"),
        serde_json::json!({"HB2 1AA": [50.46, -2.42]})
    );
    // The debt advice centre gives only its postcode: the published record has its centre.
    let site = json("data/site.json");
    let debt = site["assets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "debt-advice")
        .unwrap();
    let location = &debt["locations"][0];
    assert_eq!(
        (location["lat"].as_f64(), location["lon"].as_f64()),
        (Some(50.451), Some(-2.4))
    );
    // Testbay's centre is the middle of its located services.
    let places = json("search/places.json");
    let testbay = places
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "testbay")
        .unwrap();
    assert_eq!(testbay["at"], serde_json::json!([50.451, -2.4]));
}

#[test]
fn a_postcode_missing_from_the_table_is_a_warning_at_the_location() {
    let (_dir, root) = valid_site();
    fs::write(
        root.join("content/postcodes.csv"),
        "postcode,lat,lon\nHB2 1AA,50.46,-2.42\n",
    )
    .unwrap();
    let output = check(&root);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("content/assets/debt-advice.yaml:13:15: warning: postcode \"HB1 2AB\" is not in content/postcodes.csv, so search cannot tell how near this place is\n"),
        "{stderr}"
    );
}
