//! Fuzzes the input-output table readers (OECD, square, Eurostat layouts)
//! and the mapping of their industry codes onto divisions.
#![no_main]

use coopnet::load::{LoadOptions, io_table};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let o = LoadOptions::default();
    for read in [io_table::oecd_from_bytes, io_table::square_from_bytes, io_table::eurostat_from_bytes] {
        if let Ok(t) = read(data.to_vec(), "fuzz.csv", &o) {
            let _ = t.division_linkages();
            let _ = t.output_multipliers();
        }
    }
});
