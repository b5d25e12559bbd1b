//! Hostile input, table-driven, through the command line: every reader (the
//! dataset loader, long tables, input-output tables, value chains, reference
//! partitions, edge lists) is given files a spreadsheet, a careless copy or
//! a broken disk can produce. Each case is either rejected, with exit code
//! 2, the file (and line, where there is one) named, the reason given, and
//! nothing written, or accepted where `docs/dataset-format.md` says the input
//! is valid, with its output written.
//!
//! A proptest at the end feeds arbitrary bytes to every reader: never a panic.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use proptest::prelude::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Which reader a case feeds, and so which command runs.
#[derive(Clone, Copy, Debug)]
enum Reader {
    /// `report DIR`: the dataset loader (the dataset is `ds/`).
    Dataset,
    /// `specialisation table.csv`: a long region,sector,value table.
    LongTable,
    /// `suggest ds --io-table io.csv`.
    IoTable,
    /// `suggest ds --value-chain chain.csv`.
    ValueChain,
    /// `communities ds --compare ref.csv`.
    Partition,
    /// `communities graph.txt`.
    EdgeList,
}

/// What must happen.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// Exit 2; standard error holds `where` (`file:line` or `file:`) and `why`.
    Rejected(&'static str, &'static str),
    /// Exit 0 and the output written.
    Accepted,
}
use Expect::{Accepted, Rejected};

/// A case: its name, reader, files to write (relative to the case folder),
/// and what must happen.
struct Case {
    name: &'static str,
    reader: Reader,
    files: Vec<(&'static str, Vec<u8>)>,
    expect: Expect,
    /// Extra setting up (links, folders, deletions), after the files are written.
    setup: Option<fn(&Path)>,
}

fn case(
    name: &'static str,
    reader: Reader,
    files: Vec<(&'static str, Vec<u8>)>,
    expect: Expect,
) -> Case {
    Case {
        name,
        reader,
        files,
        expect,
        setup: None,
    }
}

fn demo(file: &str) -> String {
    fs::read_to_string(root().join("datasets/demo").join(file)).unwrap()
}

/// `file` of the demo with `from` replaced by `to` (which must occur).
fn demo_with(file: &str, from: &str, to: &str) -> Vec<u8> {
    let text = demo(file);
    assert!(text.contains(from), "{file} has no {from:?}");
    text.replacen(from, to, 1).into_bytes()
}

fn encode(text: &str, encoding: &'static encoding_rs::Encoding) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(!unmappable, "{text:?} in {}", encoding.name());
    bytes.into_owned()
}

fn utf16le(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

fn utf16be(text: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    out.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    out
}

const REGIONS_RU: &str = "id,name,district,lat,lon\nRU-MOW,Москва,CFD,55.7558,37.6173\nRU-MOS,Московская область,CFD,55.8317,37.3295\nRU-KOS,Костромская область,CFD,57.7665,40.9269\nRU-KDA,Краснодарский край,SFD,45.0355,38.9753\nRU-SA,Республика Саха (Якутия),FEFD,62.0355,129.6755\n";

const REGIONS_DE_SEMI: &str = "id;name;district;lat;lon\r\nRU-MOW;Thüringen;CFD;55,7558;37,6173\r\nRU-MOS;Baden-Württemberg;CFD;55,8317;37,3295\r\nRU-KOS;Saarländische Stahlwerke;CFD;57,7665;40,9269\r\nRU-KDA;Großhändler München;SFD;45,0355;38,9753\r\nRU-SA;Köln-Mülheim;FEFD;62,0355;129,6755\r\n";

const REGIONS_PL: &str = "id,name,district,lat,lon\nRU-MOW,Dolnośląskie,CFD,55.7558,37.6173\nRU-MOS,Łódzkie,CFD,55.8317,37.3295\nRU-KOS,Świętokrzyskie,CFD,57.7665,40.9269\nRU-KDA,Wielkopolska Spółdzielnia,SFD,45.0355,38.9753\nRU-SA,Gdańsk Żegluga,FEFD,62.0355,129.6755\n";

const SQUARE: &str = "industry,01,10,output\n01,10,50,200\n10,5,20,400\n";

const LONG: &str = "region,sector,value\nRU-KOS,32,5\nRU-SA,08,7\nRU-SA,32,1\n";

const CHAIN: &str = "from,to,weight,rationale\n08,32,0.9,stones for jewellery\n";

const EDGES: &str = "a b 1\nb c 2\nc a 1\nc d 1\n";

fn cases() -> Vec<Case> {
    use Reader::*;
    let big_name = "x".repeat(1 << 20);
    let mut wide_header = String::from("source,target,sector,weight,kind");
    for i in 0..9995 {
        wide_header.push_str(&format!(",extra{i}"));
    }
    let wide_links =
        demo("links.csv").replacen("source,target,sector,weight,kind", &wide_header, 1);
    let wide_links: String = wide_links
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{l}\n")
            } else {
                format!("{l}{}\n", ",".repeat(9995))
            }
        })
        .collect();
    let long_row = format!("{LONG}RU-KOS,08{}\n", ",1".repeat(9998));
    let mut out = vec![
        // ---- encodings
        case("Windows-1251 regions", Dataset, vec![("regions.csv", encode(REGIONS_RU, encoding_rs::WINDOWS_1251))], Accepted),
        case("Windows-1252 regions, semicolons, CRLF, decimal commas", Dataset, vec![("regions.csv", encode(REGIONS_DE_SEMI, encoding_rs::WINDOWS_1252))], Accepted),
        case("ISO-8859-2 regions", Dataset, vec![("regions.csv", encode(REGIONS_PL, encoding_rs::ISO_8859_2))], Accepted),
        case("UTF-16LE regions, tab-delimited", Dataset, vec![("regions.csv", utf16le(&REGIONS_RU.replace(',', "\t")))], Accepted),
        case("UTF-16BE participants", Dataset, vec![("participants.csv", utf16be(&demo("participants.csv")))], Accepted),
        case("UTF-8 with BOM clusters", Dataset, vec![("clusters.csv", [&b"\xEF\xBB\xBF"[..], demo("clusters.csv").as_bytes()].concat())], Accepted),
        case("encodings mixed across files", Dataset, vec![
            ("regions.csv", encode(REGIONS_RU, encoding_rs::WINDOWS_1251)),
            ("participants.csv", demo_with("participants.csv", "Kostroma gem-cutting studio", "Костромская гранильная мастерская")),
            ("clusters.csv", utf16le(&demo("clusters.csv"))),
        ], Accepted),
        case("encodings mixed within a file", Dataset, vec![("regions.csv", [REGIONS_RU.as_bytes(), &encode("RU-TUL,Тульская область,CFD,54.2,37.6\n", encoding_rs::WINDOWS_1251)].concat())], Rejected("regions.csv:7", "is not valid UTF-8 at character 8")),
        case("UTF-8 cut inside a letter", Dataset, vec![("regions.csv", REGIONS_RU.as_bytes()[..REGIONS_RU.len() - 25].to_vec())], Rejected("regions.csv:6", "cut short")),
        case("UTF-16 without a byte-order mark", Dataset, vec![("regions.csv", utf16le(REGIONS_RU)[2..].to_vec())], Rejected("regions.csv:", "UTF-16 without a byte-order mark")),
        case("UTF-16LE with an odd number of bytes", Dataset, vec![("regions.csv", [utf16le(REGIONS_RU), vec![b'x']].concat())], Rejected("regions.csv:", "odd number of bytes")),
        case("NUL byte in a field", Dataset, vec![("participants.csv", demo_with("participants.csv", "Kostroma gem-cutting studio", "Kostroma\0studio"))], Rejected("participants.csv:3", "NUL character")),
        // ---- sizes and shapes
        case("1 MB name", Dataset, vec![("participants.csv", demo_with("participants.csv", "Kostroma gem-cutting studio", &big_name))], Accepted),
        case("1 MB unknown id", Dataset, vec![("links.csv", demo_with("links.csv", "P01,P02", &format!("{big_name},P02")))], Rejected("links.csv:2", "is not a participant or cluster id")),
        case("10,000 columns", Dataset, vec![("links.csv", wide_links.into_bytes())], Accepted),
        case("a 10,000-field row", Dataset, vec![("links.csv", demo_with("links.csv", "P01,P02,32.12,3,supply", &format!("P01,P02,32.12,3,supply{}", ",".repeat(9995))))], Rejected("links.csv:2", "has 10000 fields, the header has 5")),
        case("a short row", Dataset, vec![("links.csv", demo_with("links.csv", "P01,P02,32.12,3,supply", "P01,P02"))], Rejected("links.csv:2", "has 2 fields, the header has 5")),
        case("lone CR line ends", Dataset, vec![("regions.csv", demo("regions.csv").replace('\n', "\r").into_bytes())], Accepted),
        case("empty file", Dataset, vec![("links.csv", Vec::new())], Rejected("links.csv:", "is empty")),
        case("header only", Dataset, vec![("links.csv", b"source,target,sector,weight,kind\n".to_vec())], Rejected("links.csv:", "no data rows")),
        case("unterminated quote", Dataset, vec![("participants.csv", demo_with("participants.csv", "Kostroma gem-cutting studio", "\"Kostroma gem-cutting studio"))], Rejected("participants.csv:3", "closing quote is missing")),
        // ---- headers
        case("duplicated header", Dataset, vec![("regions.csv", demo_with("regions.csv", "id,name,district,lat,lon", "id,name,district,lat,name"))], Rejected("regions.csv:1", "column \"name\" appears twice")),
        case("differently-cased headers", Dataset, vec![("regions.csv", demo_with("regions.csv", "id,name,district,lat,lon", "ID,Name,District,LAT,Lon"))], Accepted),
        case("a header twice in different case", Dataset, vec![("regions.csv", demo_with("regions.csv", "id,name,district,lat,lon", "id,name,district,lat,LAT"))], Rejected("regions.csv:1", "appears twice")),
        case("a required column missing", Dataset, vec![("regions.csv", demo_with("regions.csv", "id,name,district,lat,lon", "id,title,district,lat,lon"))], Rejected("regions.csv:1", "missing column \"name\"")),
        // ---- numbers as spreadsheets write them
        case("decimal comma with a comma delimiter", Dataset, vec![("regions.csv", demo_with("regions.csv", "55.7558", "\"55,7558\""))], Rejected("regions.csv:2", "a decimal comma is read only in files delimited by semicolons")),
        case("thousands with points", Dataset, vec![("clusters.csv", demo_with("clusters.csv", ",4,2100", ",4,2.100"))], Rejected("clusters.csv:2", "write it as 2100, without thousands separators")),
        case("thousands with a space", Dataset, vec![("clusters.csv", demo_with("clusters.csv", ",4,2100", ",4,2 100"))], Rejected("clusters.csv:2", "write it as 2100")),
        case("thousands with a comma", Dataset, vec![("participants.csv", demo_with("participants.csv", "JEW,900", "JEW,\"15,000\""))], Rejected("participants.csv:2", "write it as 15000")),
        case("k.A. for unknown", Dataset, vec![("participants.csv", demo_with("participants.csv", "JEW,900", "JEW,k.A."))], Rejected("participants.csv:2", "leave the cell empty if the value is unknown")),
        case("a dash for unknown", Dataset, vec![("links.csv", demo_with("links.csv", "P01,P02,32.12,3,supply", "P01,P02,32.12,—,supply"))], Rejected("links.csv:2", "leave the cell empty if the value is unknown")),
        case("n/a for a coordinate", Dataset, vec![("regions.csv", demo_with("regions.csv", "55.7558", "n/a"))], Rejected("regions.csv:2", "leave the cell empty")),
        case("1e309", Dataset, vec![("links.csv", demo_with("links.csv", "P01,P02,32.12,3,supply", "P01,P02,32.12,1e309,supply"))], Rejected("links.csv:2", "is infinite")),
        case("-0 weight", Dataset, vec![("links.csv", demo_with("links.csv", "P01,P02,32.12,3,supply", "P01,P02,32.12,-0,supply"))], Rejected("links.csv:2", "is zero")),
        case("-0 count", Dataset, vec![("participants.csv", demo_with("participants.csv", "JEW,900", "JEW,-0"))], Rejected("participants.csv:2", "is -0; write 0")),
        case("huge integer", Dataset, vec![("participants.csv", demo_with("participants.csv", "JEW,900", "JEW,123456789012345678901234567890"))], Rejected("participants.csv:2", "is too large")),
        case("weights that add up to infinity", Dataset, vec![("links.csv", demo("links.csv").replace(",3,supply", ",1e308,supply").replace(",1,R&D", ",1e308,R&D").into_bytes())], Rejected("links.csv: column \"weight\"", "the weights add up to more than 1.8e308")),
        // ---- codes and ids
        case("Cyrillic sector code in sectors.csv", Dataset, vec![("sectors.csv", format!("{}08.9Б1,Добыча,08\n", demo("sectors.csv")).into_bytes())], Rejected("sectors.csv:13", "is not a sector code")),
        case("Cyrillic sector code in links", Dataset, vec![("links.csv", demo_with("links.csv", "P01,P02,32.12", "P01,P02,32.1Б"))], Rejected("links.csv:2", "is not a sector code")),
        case("sector code made a decimal number", Dataset, vec![("clusters.csv", demo_with("clusters.csv", "JEW,Kostroma jewellery cluster,32.12", "JEW,Kostroma jewellery cluster,\"32,12\""))], Rejected("clusters.csv:2", "format the column as text and write 32.12")),
        case("sector code made a date", Dataset, vec![("clusters.csv", demo_with("clusters.csv", "JEW,Kostroma jewellery cluster,32.12", "JEW,Kostroma jewellery cluster,29.10.2024"))], Rejected("clusters.csv:2", "it reads as a date")),
        case("sector code without its leading zero", Dataset, vec![("participants.csv", demo("participants.csv").replacen(",08.99,", ",8.99,", 1).into_bytes())], Rejected("participants.csv:", "write 08.99")),
        case("unknown region, a close one exists", Dataset, vec![("participants.csv", demo_with("participants.csv", "RU-KOS", "RU-KSO"))], Rejected("participants.csv:2", "did you mean \"RU-KOS\"?")),
        case("unknown cluster, a close one exists", Dataset, vec![("participants.csv", demo_with("participants.csv", ",JEW,", ",JEWW,"))], Rejected("participants.csv:2", "did you mean \"JEW\"?")),
        case("unknown participant, differently cased", Dataset, vec![("links.csv", demo_with("links.csv", "P01,P02", "p01,P02"))], Rejected("links.csv:2", "did you mean \"P01\"?")),
        case("a cluster whose regions are |", Dataset, vec![("clusters.csv", demo_with("clusters.csv", "regional,RU-KOS", "regional,|"))], Rejected("clusters.csv:2", "lists no region")),
        // ---- files that are not there, or not files
        Case { setup: Some(|d| fs::remove_file(d.join("ds/clusters.csv")).unwrap()), ..case("clusters.csv missing while organisations name clusters", Dataset, vec![], Rejected("participants.csv:2", "names cluster \"JEW\", but the dataset has no clusters.csv")) },
        Case { setup: Some(|d| fs::remove_file(d.join("ds/participants.csv")).unwrap()), ..case("participants.csv missing while links name participants", Dataset, vec![], Rejected("links.csv:2", "(the dataset has no participants.csv)")) },
        Case { setup: Some(|d| { fs::remove_file(d.join("ds/clusters.csv")).unwrap(); fs::create_dir(d.join("ds/clusters.csv")).unwrap(); }), ..case("a folder where clusters.csv should be", Dataset, vec![], Rejected("clusters.csv:", "is a folder, not a file")) },
        Case { setup: Some(|d| { fs::remove_file(d.join("ds/participants.csv")).unwrap(); std::os::unix::fs::symlink("nowhere.csv", d.join("ds/participants.csv")).unwrap(); }), ..case("a dangling symlink", Dataset, vec![], Rejected("participants.csv:", "is a symbolic link to \"nowhere.csv\", which does not exist")) },
        Case { setup: Some(|d| { fs::remove_file(d.join("ds/links.csv")).unwrap(); std::os::unix::fs::symlink("links.csv", d.join("ds/links.csv")).unwrap(); }), ..case("a symlink loop", Dataset, vec![], Rejected("links.csv:", "is a symbolic link that cannot be followed")) },
        Case { setup: Some(|d| { fs::rename(d.join("ds/regions.csv"), d.join("ds/Regions.CSV")).unwrap(); }), ..case("regions.csv in capitals", Dataset, vec![], Rejected("regions.csv:", "the folder has Regions.CSV")) },
        // ---- long tables
        case("long table in Windows-1251", LongTable, vec![("table.csv", encode("region;sector;value\nКострома;32;5\nЯкутия;08;7,5\n", encoding_rs::WINDOWS_1251))], Accepted),
        case("long table in UTF-16LE", LongTable, vec![("table.csv", utf16le(&LONG.replace(',', "\t")))], Accepted),
        case("long table with a 10,000-field row", LongTable, vec![("table.csv", long_row.into_bytes())], Rejected("table.csv:5", "has 10000 fields, the header has 3")),
        case("long table with thousands and a decimal comma", LongTable, vec![("table.csv", b"region;sector;value\nA;32;1.234,5\n".to_vec())], Rejected("table.csv:2", "write it as 1234,5")),
        case("long table with 1e309", LongTable, vec![("table.csv", b"region,sector,value\nA,32,1e309\n".to_vec())], Rejected("table.csv:2", "is not a finite number")),
        case("long table with values adding up to infinity", LongTable, vec![("table.csv", b"region,sector,value\nA,32,1e308\nB,32,1e308\n".to_vec())], Rejected("table.csv: column \"value\"", "add up to more than")),
        case("long table, empty", LongTable, vec![("table.csv", b"\n\n".to_vec())], Rejected("table.csv:", "is empty")),
        // ---- input-output tables
        case("square table with a Cyrillic industry", IoTable, vec![("io.csv", "industry,01,1Б,output\n01,10,50,200\n1Б,5,20,400\n".as_bytes().to_vec())], Rejected("io.csv:", "\"1Б\" is not an ISIC Rev.4 industry code")),
        case("OECD table with a short row", IoTable, vec![("io.csv", b"\"\",\"D01\",\"D02\",\"HFCE\"\n\"TTL_01\",1,2,3\n\"TTL_02\",4,5\n\"OUTPUT\",10,20,0\n".to_vec())], Rejected("io.csv:3", "has 3 fields, the header has 4")),
        case("square table with n/a", IoTable, vec![("io.csv", b"industry,01,10,output\n01,10,n/a,200\n10,5,20,400\n".to_vec())], Rejected("io.csv:2", "leave the cell empty")),
        case("square table with an industry column twice", IoTable, vec![("io.csv", b"industry,01,01,output\n01,10,50,200\n".to_vec())], Rejected("io.csv:1", "appears twice")),
        case("square table in UTF-16LE", IoTable, vec![("io.csv", utf16le(&SQUARE.replace(',', "\t")))], Accepted),
        case("square table, semicolons and decimal commas", IoTable, vec![("io.csv", SQUARE.replace(',', ";").replace("50", "50,5").into_bytes())], Accepted),
        case("input-output table is a folder", IoTable, vec![], Rejected("io.csv:", "is a folder")),
        // ---- value chains
        case("value chain in Windows-1252", ValueChain, vec![("chain.csv", encode("from;to;weight;rationale\n08;32;0,9;Zulieferer für Schmuck und Edelsteinschleifereien, Köln\n", encoding_rs::WINDOWS_1252))], Accepted),
        case("value chain with a decimal comma and commas", ValueChain, vec![("chain.csv", b"from,to,weight,rationale\n08,32,\"0,9\",stones\n".to_vec())], Rejected("chain.csv:2", "a decimal comma is read only in files delimited by semicolons")),
        case("value chain with a Cyrillic code", ValueChain, vec![("chain.csv", "from,to,weight,rationale\n08Б,32,0.9,stones\n".as_bytes().to_vec())], Rejected("chain.csv:2", "is not a sector code")),
        case("value chain in UTF-16BE", ValueChain, vec![("chain.csv", utf16be(&CHAIN.replace(',', "\t")))], Accepted),
        case("value chain missing", ValueChain, vec![], Rejected("chain.csv:", "file not found")),
        // ---- reference partitions
        case("partition with three fields", Partition, vec![("ref.csv", b"node,community\nRU-KOS,1,2\n".to_vec())], Rejected("ref.csv:2", "expected two fields")),
        case("partition in Windows-1251", Partition, vec![("ref.csv", encode("node,community\nRU-KOS,Центр\nRU-MOW,Центр\nRU-SA,Восток\n", encoding_rs::WINDOWS_1251))], Accepted),
        case("partition with a stray byte", Partition, vec![("ref.csv", [&b"node,community\nRU-KOS,\xD0\xA6\xD0\xB5\xD0\xBD\xD1\x82\xD1\x80\n"[..], b"RU-SA,\xC2\xE5\n"].concat())], Rejected("ref.csv:3", "is not valid UTF-8")),
        // ---- edge lists
        case("edge list in UTF-16LE", EdgeList, vec![("graph.txt", utf16le(EDGES))], Accepted),
        case("edge list in Windows-1251", EdgeList, vec![("graph.txt", encode("Кострома Якутия 1\nЯкутия Москва 2\nМосква Кострома 1\n", encoding_rs::WINDOWS_1251))], Accepted),
        case("edge list with a stray byte in an id", EdgeList, vec![("graph.txt", [&b"\xD0\x9C\xD0\xBE\xD1\x81 \xD0\xAF 1\n"[..], b"\xD0\x9C\xD0\xBE\xD1\x81 b\xE9 1\n"].concat())], Rejected("graph.txt:2", "is not valid UTF-8")),
        case("edge list weights adding up to infinity", EdgeList, vec![("graph.txt", b"a b 1e308\nb c 1e308\n".to_vec())], Rejected("graph.txt: column \"weight\"", "add up to more than")),
        case("edge list with NUL bytes", EdgeList, vec![("graph.txt", b"a\0 b 1\n".to_vec())], Accepted),
    ];
    // a folder where the input-output table should be
    for c in &mut out {
        if c.name == "input-output table is a folder" {
            c.setup = Some(|d| fs::create_dir(d.join("io.csv")).unwrap());
        }
    }
    out
}

/// Runs a case in a fresh folder; `None` when it behaved, else what went wrong.
fn run(case: &Case) -> Option<String> {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let ds = dir.join("ds");
    fs::create_dir(&ds).unwrap();
    for entry in fs::read_dir(root().join("datasets/demo")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            fs::copy(&path, ds.join(path.file_name().unwrap())).unwrap();
        }
    }
    let base = match case.reader {
        Reader::Dataset => ds.clone(),
        _ => dir.to_path_buf(),
    };
    for (name, bytes) in &case.files {
        fs::write(base.join(name), bytes).unwrap();
    }
    if let Some(setup) = case.setup {
        setup(dir);
    }
    let out_dir = dir.join("out");
    fs::create_dir(&out_dir).unwrap();
    let (args, out): (Vec<PathBuf>, PathBuf) = match case.reader {
        Reader::Dataset => (vec!["report".into(), ds.clone()], out_dir.join("report.md")),
        Reader::LongTable => (
            vec!["specialisation".into(), dir.join("table.csv")],
            out_dir.join("spec.csv"),
        ),
        Reader::IoTable => (
            vec![
                "suggest".into(),
                ds.clone(),
                "--io-table".into(),
                dir.join("io.csv"),
            ],
            out_dir.join("s.md"),
        ),
        Reader::ValueChain => (
            vec![
                "suggest".into(),
                ds.clone(),
                "--value-chain".into(),
                dir.join("chain.csv"),
            ],
            out_dir.join("s.md"),
        ),
        Reader::Partition => (
            vec![
                "communities".into(),
                ds.clone(),
                "--compare".into(),
                dir.join("ref.csv"),
            ],
            out_dir.join("c.csv"),
        ),
        Reader::EdgeList => (
            vec!["communities".into(), dir.join("graph.txt")],
            out_dir.join("c.csv"),
        ),
    };
    let output = Command::new(env!("CARGO_BIN_EXE_coopnet"))
        .args(&args)
        .arg("--out")
        .arg(&out)
        .arg("--quiet")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let code = output.status.code();
    let written: Vec<String> = fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let fail = |why: String| {
        Some(format!(
            "{}: {why}\n  stderr: {}",
            case.name,
            stderr.chars().take(600).collect::<String>()
        ))
    };
    match case.expect {
        Accepted => {
            if code != Some(0) {
                return fail(format!("exit {code:?}, expected 0"));
            }
            // the output, and only files named after it (specialisation
            // writes its region indices beside its table)
            let stem = out.file_stem().unwrap().to_string_lossy().into_owned();
            if !out.is_file() || !written.iter().all(|w| w.starts_with(&stem)) {
                return fail(format!("wrote {written:?}, expected {}", out.display()));
            }
        }
        Rejected(place, why) => {
            if code != Some(2) {
                return fail(format!("exit {code:?}, expected 2"));
            }
            if !stderr.contains(place) || !stderr.contains(why) {
                return fail(format!("stderr lacks {place:?} or {why:?}"));
            }
            if stderr.contains("panicked") {
                return fail("panicked".into());
            }
            if !written.is_empty() {
                return fail(format!("left {written:?} behind"));
            }
        }
    }
    None
}

#[test]
fn every_hostile_input_is_rejected_with_its_place_or_accepted() {
    let cases = cases();
    assert!(cases.len() >= 60, "{} cases", cases.len());
    let failures: Vec<String> = cases.iter().filter_map(run).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Bytes with what hostile files hold: every byte value, and letters of
/// several scripts in several encodings.
fn hostile_bytes() -> impl Strategy<Value = Vec<u8>> {
    let atom = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..8),
        Just(b",".to_vec()),
        Just(b";".to_vec()),
        Just(b"\t".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"\xFF\xFE".to_vec()),
        Just(b"\xEF\xBB\xBF".to_vec()),
        Just("Кострома".as_bytes().to_vec()),
        Just(b"\xCA\xEE\xF1".to_vec()),
        Just(b"Th\xFCringen".to_vec()),
        Just(b"08.9".to_vec()),
        Just(b"1e309".to_vec()),
        Just(b"TTL_01".to_vec()),
        Just(b"D01".to_vec()),
    ];
    prop::collection::vec(atom, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, .. ProptestConfig::default() })]

    /// Every reader, on any bytes: a value or located problems, never a panic.
    #[test]
    fn no_reader_panics_on_any_bytes(bytes in hostile_bytes(), header in 0usize..6) {
        use coopnet::economics::Duplicates;
        use coopnet::load::{LoadOptions, Table, edgelist, io_table, long_table, partition, value_chain};
        let headers = ["", "region,sector,value\n", "industry,01,10,output\n", "from,to,weight,rationale\n", "\"\",\"D01\",\"D02\"\n", "node,community\n"];
        let mut data = headers[header].as_bytes().to_vec();
        data.extend_from_slice(&bytes);
        let o = LoadOptions::default();
        let named = |e: coopnet::Error| e.problems().iter().all(|p| p.file == "f.csv");
        if let Err(e) = Table::from_bytes(data.clone(), "f.csv") { prop_assert!(named(e)); }
        if let Err(e) = long_table::from_bytes(data.clone(), "f.csv", Duplicates::Reject, &o) { prop_assert!(named(e)); }
        for read in [io_table::oecd_from_bytes, io_table::square_from_bytes, io_table::eurostat_from_bytes] {
            match read(data.clone(), "f.csv", &o) {
                Ok(t) => { let _ = t.division_linkages(); }
                Err(e) => prop_assert!(named(e)),
            }
        }
        if let Err(e) = value_chain::from_bytes(data.clone(), "f.csv", &o) { prop_assert!(named(e)); }
        if let Err(e) = partition::from_bytes(data.clone(), "f.csv", &o) { prop_assert!(named(e)); }
        if let Err(e) = edgelist::parse(&data, "f.csv") { prop_assert!(named(e)); }
        // the dataset loader, with the bytes as one of its files
        let dir = tempfile::tempdir().unwrap();
        for f in coopnet::load::FILES {
            fs::copy(root().join("datasets/demo").join(f), dir.path().join(f)).unwrap();
        }
        fs::write(dir.path().join(coopnet::load::FILES[header]), &data).unwrap();
        if let Err(e) = coopnet::load::load_dataset(dir.path()) {
            prop_assert!(e.is_bad_input());
            prop_assert!(e.problems().iter().all(|p| coopnet::load::FILES.contains(&p.file.as_str())));
        }
        for forced in [coopnet::load::Encoding::Utf16Be, coopnet::load::Encoding::Windows1250] {
            let o = LoadOptions { encoding: Some(forced) };
            let _ = Table::from_bytes_with(data.clone(), "f.csv", &o);
            let _ = edgelist::read_from_with(&data[..], "f.csv", &o);
        }
    }
}
