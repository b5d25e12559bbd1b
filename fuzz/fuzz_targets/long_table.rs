//! Fuzzes the long region,sector,value table reader and aggregation.
#![no_main]

use coopnet::economics::{Duplicates, SectionMap, SectorLevel};
use coopnet::load::{LoadOptions, long_table};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for d in [Duplicates::Reject, Duplicates::Sum] {
        if let Ok(m) = long_table::from_bytes(data.to_vec(), "fuzz.csv", d, &LoadOptions::default()) {
            let _ = m.aggregate(SectorLevel::Division, &SectionMap::okved2());
            let _ = m.aggregate(SectorLevel::Section, &SectionMap::okved2());
        }
    }
});
