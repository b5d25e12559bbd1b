//! Fuzzes the sector-code functions on any text: levels, aggregation,
//! the sector table, and the hints given for a rejected code.
#![no_main]

use coopnet::model::sector::{SectionMap, SectorLevel, SectorTable, aggregate_code, is_beneath, truncate_code};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (a, b) = text.split_at(text.char_indices().nth(text.chars().count() / 2).map_or(text.len(), |(i, _)| i));
    let sections = SectionMap::okved2();
    let _ = SectorLevel::of(a);
    for level in SectorLevel::ALL {
        let _ = truncate_code(a, level);
        let _ = aggregate_code(a, level, &sections);
    }
    let _ = is_beneath(a, b, &sections);
    let mut table = SectorTable::open();
    let _ = table.lookup_or_insert(a);
    let _ = table.code_at(b, SectorLevel::Section);
    let _ = table.is_under(a, b);
    let _ = coopnet::economics::io_table::isic_divisions(a);
    let _ = coopnet::load::fields::code_reason(a, String::new(), &table);
    let _ = coopnet::load::fields::whole_number(a);
    let _ = coopnet::load::fields::not_a_number(a, true);
    let _ = coopnet::load::fields::did_you_mean(a, [b].into_iter());
    let _ = coopnet::load::Encoding::parse(a);
});
