//! Fuzzes the reference partition reader.
#![no_main]

use coopnet::load::{LoadOptions, partition};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = partition::from_bytes(data.to_vec(), "fuzz.csv", &LoadOptions::default());
});
