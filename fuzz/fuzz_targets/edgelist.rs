//! Fuzzes the edge list reader, with detected and named encodings.
#![no_main]

use coopnet::load::{Encoding, LoadOptions, edgelist};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = edgelist::parse(data, "fuzz.txt");
    if let Some((&first, rest)) = data.split_first() {
        let named = Encoding::DETECTED[first as usize % 9];
        let _ = edgelist::read_from_with(rest, "fuzz.txt", &LoadOptions { encoding: Some(named) });
    }
});
