use super::*;

fn read(text: &str) -> (Table, Vec<String>) {
    let mut diags = Diagnostics::default();
    let table = parse(text.as_bytes(), Path::new(FILE), &mut diags);
    let messages = diags
        .sorted()
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>();
    (table, messages)
}

#[test]
fn postcodes_are_read_however_they_are_written() {
    for text in ["HB4 1DB", "hb41db", " HB4  1DB ", "Hb4 1dB"] {
        assert_eq!(Postcode::parse(text).unwrap().as_str(), "HB4 1DB", "{text}");
    }
    let london = Postcode::parse("sw1a1aa").unwrap();
    assert_eq!((london.as_str(), london.outward()), ("SW1A 1AA", "SW1A"));
    assert_eq!(Postcode::parse("M1 1AE").unwrap().outward(), "M1");
    for bad in [
        "",
        "HB4",
        "HB4 1D",
        "1HB 4DB",
        "HBX4 1DB",
        "HB4 DBB",
        "HB4 1D8",
        "HB41 1DB1",
        "HB4 1DÉ",
        "ＨＢ4 1DB",
    ] {
        assert_eq!(Postcode::parse(bad), None, "{bad}");
    }
}

#[test]
fn a_good_table_is_read_row_by_row() {
    let (table, messages) = read(
        "\u{feff}postcode,lat,lon\r\nHB4 1DB,50.4563,-2.3889\r\n\"hb5 1re\", 50.4401 ,-2.4148\n\n",
    );
    assert!(messages.is_empty(), "{messages:?}");
    assert_eq!(table.len(), 2);
    let point = table.get(&Postcode::parse("HB5 1RE").unwrap()).unwrap();
    assert_eq!(
        point,
        Point {
            lat: 50.4401,
            lon: -2.4148
        }
    );
}

#[test]
fn every_problem_is_reported_at_its_line_and_column() {
    let (table, messages) = read(concat!(
        "postcode,lat,lon\n",
        "HB4 1DB,50.4563,-2.3889\n",
        "HB4 1XX,95.1,-2.3\n",
        "NOT A CODE,50.1,-2.1\n",
        "HB4 2DS,fifty,-2.3901\n",
        "HB4 1DB,50.4,-2.3\n",
        "HB4 3HL,50.4\n",
        "HB4 4HL, 50.46,-200\n",
    ));
    assert_eq!(table.len(), 1);
    assert_eq!(
        messages,
        [
            "content/postcodes.csv:3:9: error: latitude 95.1 is out of range: it must be between -90 and 90\n  help: check that the latitude comes before the longitude and that the decimal point is in the right place",
            "content/postcodes.csv:4:1: error: \"NOT A CODE\" is not a postcode\n  help: write a full UK postcode, such as HB4 1DB",
            "content/postcodes.csv:5:9: error: \"fifty\" is not a latitude\n  help: write it in decimal degrees, such as 50.4563",
            "content/postcodes.csv:6:1: error: HB4 1DB is listed twice: line 2 has it already\n  help: keep one line for each postcode",
            "content/postcodes.csv:7:1: error: expected 3 values (postcode, lat, lon), found 2\n  help: write one postcode a line with its latitude and longitude, such as HB4 1DB,50.4563,-2.3889",
            "content/postcodes.csv:8:16: error: longitude -200 is out of range: it must be between -180 and 180\n  help: check that the latitude comes before the longitude and that the decimal point is in the right place",
        ]
    );
}

#[test]
fn the_header_and_an_empty_file_are_explained() {
    let (_, messages) = read("HB4 1DB,50.4563,-2.3889\n");
    assert_eq!(messages, ["content/postcodes.csv:1:1: error: the first line must name the columns postcode,lat,lon\n  help: make the first line: postcode,lat,lon"]);
    let (_, messages) = read("\n\n");
    assert_eq!(messages.len(), 1);
    assert!(
        messages[0].contains("the postcode table is empty"),
        "{messages:?}"
    );
    let (_, messages) = read("postcode,lat,lon\nHB4 1DB,NaN,inf\n");
    assert_eq!(messages.len(), 2, "{messages:?}");
    let (_, messages) = read("postcode,lat,lon\nHB4 1DB,50.1,-2.1\n\u{0}\u{ff}\n");
    assert_eq!(messages.len(), 1, "{messages:?}");
}

#[test]
fn a_file_of_mistakes_lists_the_first_hundred_and_counts_the_rest() {
    let mut text = String::from("postcode,lat,lon\n");
    for _ in 0..150 {
        text.push_str("nope,1,1\n");
    }
    let (_, messages) = read(&text);
    assert_eq!(messages.len(), MAX_REPORTED + 1);
    assert!(
        messages[0].contains("50 more problems in this file are not listed"),
        "{}",
        messages[0]
    );
}

#[test]
fn locations_get_their_postcode_centre_unless_they_have_their_own() {
    let (table, _) = read("postcode,lat,lon\nHB4 1DB,50.4563,-2.3889\n");
    let at = |postcode: &str, lat: Option<f64>| Location {
        address: Some("1 Castle Way".into()),
        postcode: Some(postcode.into()),
        lat,
        lon: lat.map(|_| -2.0),
        ..Location::default()
    };
    let mut locations = vec![
        at("hb41db", None),
        at("HB9 9ZZ", None),
        at("HB4 1DB", Some(51.0)),
        at("nonsense", None),
    ];
    assert_eq!(table.locate(&mut locations), [1]);
    assert_eq!(
        (locations[0].lat, locations[0].lon),
        (Some(50.4563), Some(-2.3889))
    );
    assert_eq!(locations[2].lat, Some(51.0));
    assert_eq!(locations[1].lat, None);
    // With no table at all, a postcode alone is not a problem.
    assert!(Table::default().locate(&mut locations).is_empty());
}
