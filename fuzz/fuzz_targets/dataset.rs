//! Fuzzes the whole loader: the input is split into the six dataset files.
#![no_main]

use libfuzzer_sys::fuzz_target;

const FILES: [&str; 6] =
    ["districts.csv", "regions.csv", "sectors.csv", "clusters.csv", "participants.csv", "links.csv"];

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = std::env::temp_dir().join(format!("coopnet-fuzz-{}", std::process::id())).canonicalize().or_else(|_| {
        let d = std::env::temp_dir().join(format!("coopnet-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&d).map(|_| d)
    }) else {
        return;
    };
    // Files are separated by 0x1E (the ASCII record separator), which no CSV
    // file holds (0xFF would cut every UTF-16 byte-order mark).
    let mut parts = data.split(|&b| b == 0x1E);
    for file in FILES {
        let _ = std::fs::remove_file(dir.join(file));
        if let Some(part) = parts.next() {
            let _ = std::fs::write(dir.join(file), part);
        }
    }
    let _ = coopnet::load::load_dataset(&dir);
});
