//! Property tests: the CSV readers and the dataset loader never panic, whatever
//! the bytes, and every reported problem names a file.

use proptest::prelude::*;

/// CSV-like text: fields from a small alphabet that includes quotes,
/// delimiters, newlines, numbers, Cyrillic and ids the demo uses.
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    let atom = prop_oneof![
        Just("\"".to_string()),
        Just(",".to_string()),
        Just(";".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("|".to_string()),
        Just("RU-KOS".to_string()),
        Just("P01".to_string()),
        Just("JEW".to_string()),
        Just("32.12".to_string()),
        Just("NaN".to_string()),
        Just("-1".to_string()),
        Just("1e309".to_string()),
        Just("Кострома".to_string()),
        "[a-z0-9 .]{0,6}",
    ];
    prop::collection::vec(atom, 0..60).prop_map(|v| v.concat().into_bytes())
}

const HEADERS: [(&str, &str); 6] = [
    ("districts.csv", "id,name,x\n"),
    ("regions.csv", "id,name,district,lat,lon\n"),
    ("sectors.csv", "code,name,parent\n"),
    (
        "clusters.csv",
        "id,name,sector,level,regions,participants,employees,founded,scope\n",
    ),
    (
        "participants.csv",
        "id,name,kind,sector,region,clusters,employees\n",
    ),
    ("links.csv", "source,target,sector,weight,kind\n"),
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, .. ProptestConfig::default() })]

    #[test]
    fn table_reader_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(t) = coopnet::load::Table::from_bytes(bytes, "x.csv") {
            let ps = t.for_each_row(|row, _| { let _ = row.get(0); });
            prop_assert!(ps.list().iter().all(|p| p.file == "x.csv"));
        }
    }

    #[test]
    fn loader_never_panics(bodies in prop::collection::vec(csvish(), 6), with_header in prop::collection::vec(any::<bool>(), 6)) {
        let dir = tempfile::tempdir().unwrap();
        for (i, (file, header)) in HEADERS.iter().enumerate() {
            let mut content = if with_header[i] { header.as_bytes().to_vec() } else { Vec::new() };
            content.extend_from_slice(&bodies[i]);
            std::fs::write(dir.path().join(file), content).unwrap();
        }
        match coopnet::load::load_dataset(dir.path()) {
            Ok(ds) => {
                // A dataset that loads is internally consistent.
                for c in &ds.clusters {
                    prop_assert!(!c.regions.is_empty());
                }
                for l in &ds.links {
                    prop_assert!(l.weight > 0.0 && l.weight.is_finite());
                    prop_assert!(l.source != l.target);
                }
            }
            Err(e) => {
                prop_assert!(e.is_bad_input());
                prop_assert!(!e.problems().is_empty());
                prop_assert!(e.problems().iter().all(|p| !p.file.is_empty()));
            }
        }
    }
}
