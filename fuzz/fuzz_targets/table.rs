//! Fuzzes the CSV table reader: decoding, delimiter detection, quotes, rows.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(t) = coopnet::load::Table::from_bytes(data.to_vec(), "fuzz.csv") {
        let _ = t.for_each_row(|row, _| {
            let _ = row.get(0);
        });
        let _ = t.map_rows(|row, _| Some(row.line));
    }
});
