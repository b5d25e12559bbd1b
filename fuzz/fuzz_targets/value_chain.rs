//! Fuzzes the value chain reader and the weights it gives between codes.
#![no_main]

use coopnet::load::{LoadOptions, value_chain};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(v) = value_chain::from_bytes(data.to_vec(), "fuzz.csv", &LoadOptions::default()) {
        let codes: Vec<String> = v.links().iter().flat_map(|l| [l.from.clone(), l.to.clone()]).collect();
        let _ = v.weights(&codes);
    }
});
