//! Fuzzes the CSV table reader: encoding detection and decoding, delimiter
//! detection, quotes, rows, in every way a row can be read.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(t) = coopnet::load::Table::from_bytes(data.to_vec(), "fuzz.csv") {
        let _ = t.sample();
        let _ = t.for_each_row(|row, _| {
            let _ = row.get(0);
        });
        let _ = t.map_rows(|row, _| Some(row.line));
    }
    // an encoding named by the user, whatever the bytes
    if let Some((&first, rest)) = data.split_first() {
        let named = coopnet::load::Encoding::DETECTED[first as usize % 9];
        let options = coopnet::load::LoadOptions { encoding: Some(named) };
        let _ = coopnet::load::Table::from_bytes_with(rest.to_vec(), "fuzz.csv", &options);
    }
});
