//! The demo dataset with non-ASCII names, saved in every encoding a
//! spreadsheet writes, gives byte-identical `report` and `export` outputs,
//! and `inspect` names the encoding of each file.
//!
//! The names are the demo's, translated (synthetic test data, written to a
//! temporary folder): Russian for Windows-1251, German for Windows-1252 and
//! ISO-8859-1 / -15, Polish and Czech for Windows-1250 and ISO-8859-2; each
//! group also in UTF-8, UTF-8 with a byte-order mark and UTF-16 LE / BE
//! (tab-delimited, as Excel's "Unicode text" is).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// English demo text and its translation, per group of encodings.
type Names = &'static [(&'static str, &'static str)];

const RUSSIAN: Names = &[
    ("Sakha Republic (Yakutia)", "Республика Саха (Якутия)"),
    ("Moscow oblast", "Московская область"),
    ("Kostroma oblast", "Костромская область"),
    ("Krasnodar krai", "Краснодарский край"),
    (",Moscow,", ",Москва,"),
    ("Far Eastern", "Дальневосточный"),
    ("Central", "Центральный"),
    ("Southern", "Южный"),
    (
        "Kostroma jewellery cluster",
        "Костромской ювелирный кластер",
    ),
    ("Yakutia diamond cluster", "Якутский алмазный кластер"),
    ("PharmDolina", "ФармДолина"),
    ("Krasnoe jewellery works", "Красносельский ювелирный завод"),
    (
        "Kostroma gem-cutting studio",
        "Костромская гранильная мастерская",
    ),
    (
        "Kostroma state university",
        "Костромской государственный университет",
    ),
    ("Jewellery design school", "Школа ювелирного дизайна"),
    ("Yakutia diamond mine", "Якутский алмазный рудник"),
    (
        "North-Eastern federal university",
        "Северо-Восточный федеральный университет",
    ),
    (
        "Krasnodar pharmaceutical plant",
        "Краснодарский фармацевтический завод",
    ),
    ("Moscow oblast biotech park", "Подмосковный биотехнопарк"),
    (
        "Moscow drug research institute",
        "Московский институт исследования лекарств",
    ),
    (
        "Moscow generic medicines maker",
        "Московский производитель дженериков",
    ),
    (
        "Moscow gem trading house",
        "Московский торговый дом самоцветов",
    ),
    (
        "Manufacture of jewellery and related articles",
        "Производство ювелирных изделий",
    ),
];

const GERMAN: Names = &[
    ("Sakha Republic (Yakutia)", "Republik Sacha (Jakutien)"),
    ("Moscow oblast", "Oblast Moskau und Umland"),
    ("Kostroma oblast", "Oblast Kostroma"),
    ("Krasnodar krai", "Region Krasnodar"),
    (",Moscow,", ",Moskau,"),
    ("Far Eastern", "Fernöstlicher Bezirk"),
    ("Central", "Zentralrussland"),
    ("Southern", "Südrussland"),
    ("Kostroma jewellery cluster", "Schmuckcluster Kostroma"),
    ("Yakutia diamond cluster", "Diamantencluster Jakutien"),
    ("Krasnoe jewellery works", "Schmuckwerk Krasnoje, Süd"),
    (
        "Kostroma gem-cutting studio",
        "Edelsteinschleiferei Kostroma",
    ),
    (
        "Kostroma state university",
        "Staatliche Universität Kostroma",
    ),
    ("Jewellery design school", "Schule für Schmuckgestaltung"),
    ("Yakutia diamond mine", "Diamantenbergwerk Jakutien"),
    (
        "North-Eastern federal university",
        "Föderale Universität Nordost",
    ),
    (
        "Krasnodar pharmaceutical plant",
        "Arzneimittelwerk Krasnodar",
    ),
    (
        "Moscow oblast biotech park",
        "Biotechnologiepark Moskauer Umland",
    ),
    (
        "Moscow drug research institute",
        "Moskauer Institut für Arzneimittelforschung",
    ),
    (
        "Moscow generic medicines maker",
        "Moskauer Generikahersteller",
    ),
    (
        "Moscow gem trading house",
        "Moskauer Großhändler für Edelsteine",
    ),
    (
        "Manufacture of jewellery and related articles",
        "Herstellung von Schmuck und Silberschmiedewaren",
    ),
];

const CENTRAL: Names = &[
    ("Sakha Republic (Yakutia)", "Republika Sacha (Jakucja)"),
    ("Moscow oblast", "Obwód moskiewski"),
    ("Kostroma oblast", "Obwód kostromski"),
    ("Krasnodar krai", "Kraj krasnodarski"),
    (",Moscow,", ",Moskwa,"),
    ("Far Eastern", "Dalekowschodni okręg"),
    ("Central", "Centralny okręg"),
    ("Southern", "Południowy okręg"),
    (
        "Kostroma jewellery cluster",
        "Kostromski klaster jubilerski",
    ),
    ("Yakutia diamond cluster", "Jakucki klaster diamentowy"),
    ("Krasnoe jewellery works", "Zakłady jubilerskie w Krasnoje"),
    (
        "Kostroma gem-cutting studio",
        "Pracownia szlifierska w Kostromie",
    ),
    (
        "Kostroma state university",
        "Państwowy uniwersytet w Kostromie",
    ),
    ("Jewellery design school", "Szkoła projektowania biżuterii"),
    ("Yakutia diamond mine", "Kopalnia diamentów w Jakucji"),
    (
        "North-Eastern federal university",
        "Północno-Wschodni Uniwersytet Federalny",
    ),
    (
        "Krasnodar pharmaceutical plant",
        "Zakład farmaceutyczny w Krasnodarze",
    ),
    (
        "Moscow oblast biotech park",
        "Park biotechnologiczny pod Moskwą",
    ),
    (
        "Moscow drug research institute",
        "Moskiewský výzkumný ústav léčiv",
    ),
    (
        "Moscow generic medicines maker",
        "Moskevský výrobce generických léčiv",
    ),
    (
        "Moscow gem trading house",
        "Moskevský obchodní dům drahokamů",
    ),
    (
        "Manufacture of jewellery and related articles",
        "Výroba klenotů a bižuterie",
    ),
];

/// One way of saving the files: a name, how to write text, and the
/// encoding `inspect` must name for a file with letters beyond ASCII.
struct Saving {
    name: &'static str,
    write: fn(&str) -> Vec<u8>,
    named: &'static str,
}

fn single(encoding: &'static encoding_rs::Encoding, text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(!unmappable, "{text:?} in {}", encoding.name());
    bytes.into_owned()
}

/// Tab-delimited, as Excel saves "Unicode text" (no field of the demo
/// holds a tab; quoted fields stay quoted).
fn tabbed(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                out.push(c);
            }
            ',' if !quoted => out.push('\t'),
            c => out.push(c),
        }
    }
    out
}

const UNICODE: [Saving; 4] = [
    Saving {
        name: "UTF-8",
        write: |t| t.as_bytes().to_vec(),
        named: "UTF-8",
    },
    Saving {
        name: "UTF-8 BOM",
        write: |t| [&b"\xEF\xBB\xBF"[..], t.as_bytes()].concat(),
        named: "UTF-8 with BOM",
    },
    Saving {
        name: "UTF-16LE",
        write: |t| {
            [
                vec![0xFF, 0xFE],
                tabbed(t)
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes)
                    .collect(),
            ]
            .concat()
        },
        named: "UTF-16LE",
    },
    Saving {
        name: "UTF-16BE",
        write: |t| {
            [
                vec![0xFE, 0xFF],
                tabbed(t)
                    .encode_utf16()
                    .flat_map(u16::to_be_bytes)
                    .collect(),
            ]
            .concat()
        },
        named: "UTF-16BE",
    },
];

/// The single-byte encodings a guess chooses among.
const SIBLINGS: [&encoding_rs::Encoding; 5] = [
    encoding_rs::WINDOWS_1251,
    encoding_rs::WINDOWS_1252,
    encoding_rs::ISO_8859_15,
    encoding_rs::WINDOWS_1250,
    encoding_rs::ISO_8859_2,
];

/// Writes the demo, translated with `names`, in `dir`, saved by `saving`.
fn write_dataset(dir: &Path, names: Names, saving: &Saving) {
    fs::create_dir_all(dir).unwrap();
    for file in coopnet::load::FILES {
        let mut text = fs::read_to_string(root().join("datasets/demo").join(file)).unwrap();
        // longer names first: "Moscow oblast biotech park" before "Moscow oblast"
        let mut names = names.to_vec();
        names.sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
        for (from, to) in names {
            text = text.replace(from, to);
        }
        fs::write(dir.join(file), (saving.write)(&text)).unwrap();
    }
}

fn coopnet(args: &[&std::ffi::OsStr]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_coopnet"))
        .args(args)
        .arg("--quiet")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// `report` (Markdown and JSON) and `export` (GraphML and JSON) of a dataset.
fn outputs(dir: &Path) -> Vec<Vec<u8>> {
    let d = dir.as_os_str();
    vec![
        coopnet(&["report".as_ref(), d]),
        coopnet(&["report".as_ref(), d, "--format".as_ref(), "json".as_ref()]),
        coopnet(&[
            "export".as_ref(),
            d,
            "--format".as_ref(),
            "graphml".as_ref(),
        ]),
        coopnet(&["export".as_ref(), d, "--format".as_ref(), "json".as_ref()]),
    ]
}

/// Checks every saving of one group against its UTF-8 one.
fn check_group(group: &str, names: Names, singles: Vec<Saving>) {
    let tmp = tempfile::tempdir().unwrap();
    // the same folder name everywhere: outputs name the dataset by it
    let reference_dir = tmp.path().join("reference").join("demo");
    write_dataset(&reference_dir, names, &UNICODE[0]);
    let reference = outputs(&reference_dir);
    let all = String::from_utf8_lossy(&reference.concat()).into_owned();
    for english in ["Central", "Kostroma oblast"] {
        let (_, translated) = names.iter().find(|(e, _)| *e == english).unwrap();
        assert!(
            all.contains(translated),
            "{group}: no output shows {translated:?}"
        );
    }
    for saving in UNICODE.iter().chain(&singles) {
        let dir = tmp.path().join(saving.name).join("demo");
        write_dataset(&dir, names, saving);
        let got = outputs(&dir);
        for (k, (a, b)) in reference.iter().zip(&got).enumerate() {
            assert!(
                a == b,
                "{group} in {}: output {k} differs from UTF-8's",
                saving.name
            );
        }
        let inspect = coopnet(&[
            "inspect".as_ref(),
            dir.as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
        ]);
        let json: serde_json::Value = serde_json::from_slice(&inspect).unwrap();
        for file in json["files"].as_array().unwrap() {
            let name = file["file"].as_str().unwrap();
            let text = fs::read_to_string(reference_dir.join(name)).unwrap();
            let bytes = fs::read(dir.join(name)).unwrap();
            let got = file["encoding"].as_str().unwrap();
            // a file whose bytes are the same in another single-byte
            // encoding of the group (ł is 0xB3 in Windows-1250 and in
            // ISO-8859-2) may be named by either; a plain ASCII file is UTF-8
            let same: Vec<String> = SIBLINGS
                .iter()
                .filter(|c| {
                    let (b, _, unmappable) = c.encode(&text);
                    !saving.name.starts_with("UTF") && !unmappable && *b == bytes[..]
                })
                .map(|c| coopnet::load::Encoding::of_codec(c).to_string())
                .collect();
            let ok = if text.is_ascii() && !saving.name.starts_with("UTF") {
                got == "UTF-8"
            } else {
                got == saving.named || same.iter().any(|s| s == got)
            };
            assert!(ok, "{group} in {}: {name} read as {got}", saving.name);
        }
    }
}

#[test]
fn russian_in_windows_1251_and_unicode() {
    check_group(
        "Russian",
        RUSSIAN,
        vec![Saving {
            name: "Windows-1251",
            write: |t| single(encoding_rs::WINDOWS_1251, t),
            named: "Windows-1251",
        }],
    );
}

#[test]
fn german_in_windows_1252_iso_8859_1_and_15_and_unicode() {
    // German letters are the same bytes in all three: ISO-8859-1 is read
    // as Windows-1252 (which agrees on every printable character), and so
    // is ISO-8859-15 when no letter of its own (Š, Ž, Œ, ...) occurs.
    check_group(
        "German",
        GERMAN,
        vec![
            Saving {
                name: "Windows-1252",
                write: |t| single(encoding_rs::WINDOWS_1252, t),
                named: "Windows-1252",
            },
            Saving {
                name: "ISO-8859-1",
                write: |t| single(encoding_rs::WINDOWS_1252, t),
                named: "Windows-1252",
            },
            Saving {
                name: "ISO-8859-15",
                write: |t| single(encoding_rs::ISO_8859_15, t),
                named: "Windows-1252",
            },
        ],
    );
}

#[test]
fn polish_and_czech_in_windows_1250_iso_8859_2_and_unicode() {
    check_group(
        "Polish and Czech",
        CENTRAL,
        vec![
            Saving {
                name: "Windows-1250",
                write: |t| single(encoding_rs::WINDOWS_1250, t),
                named: "Windows-1250",
            },
            Saving {
                name: "ISO-8859-2",
                write: |t| single(encoding_rs::ISO_8859_2, t),
                named: "ISO-8859-2",
            },
        ],
    );
}

#[test]
fn a_named_encoding_overrides_detection() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ds");
    write_dataset(
        &dir,
        GERMAN,
        &Saving {
            name: "ISO-8859-15",
            write: |t| single(encoding_rs::ISO_8859_15, t),
            named: "",
        },
    );
    let d = dir.as_os_str();
    let text = coopnet(&[
        "inspect".as_ref(),
        d,
        "--encoding".as_ref(),
        "iso-8859-15".as_ref(),
    ]);
    let text = String::from_utf8(text).unwrap();
    assert!(text.contains("ISO-8859-15    (certain)"), "{text}");
    // UTF-8 named for a file that is not: the line of the first bad byte
    let out = Command::new(env!("CARGO_BIN_EXE_coopnet"))
        .args([
            "inspect".as_ref(),
            d,
            "--encoding".as_ref(),
            "utf-8".as_ref(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("districts.csv:3: is not valid UTF-8 at character 6 (byte 0xFC)"),
        "{err}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_coopnet"))
        .args([
            "inspect".as_ref(),
            d,
            "--encoding".as_ref(),
            "klingon".as_ref(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("\"klingon\" is not an encoding coopnet knows")
    );
}

#[test]
fn a_guess_on_few_letters_is_flagged_with_a_sample() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ds");
    write_dataset(&dir, &[], &UNICODE[0]);
    let regions = fs::read_to_string(dir.join("regions.csv"))
        .unwrap()
        .replace("Moscow oblast", "Moskauer Umland und Gärten");
    fs::write(
        dir.join("regions.csv"),
        single(encoding_rs::WINDOWS_1252, &regions),
    )
    .unwrap();
    let out = coopnet(&["inspect".as_ref(), dir.as_os_str()]);
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("Windows-1252   (low)"), "{text}");
    assert!(
        text.contains("regions.csv: the encoding was guessed as Windows-1252 with low confidence; check that this line reads right: \"RU-MOS,Moskauer Umland und Gärten,CFD,55.8317,37.3295\""),
        "{text}"
    );
}
