//! Small fixtures shared by the unit tests of the suggestion modules.

use super::{SpecialisationGraph, SuggestConfig, build_graph};
use crate::economics::{
    Duplicates, RegionSectorMatrix, SpecialisationConfig, ValueChain, ValueChainLink,
    specialisation,
};

/// RU-SA mines (08), RU-KOS makes jewellery (32), RU-A farms (01), RU-B
/// processes food (10), RU-C farms too.
pub fn example() -> (RegionSectorMatrix, ValueChain) {
    let m = RegionSectorMatrix::from_triples(
        [
            ("RU-SA", "08", 90.0),
            ("RU-SA", "10", 10.0),
            ("RU-KOS", "32", 80.0),
            ("RU-KOS", "10", 20.0),
            ("RU-A", "01", 90.0),
            ("RU-A", "10", 10.0),
            ("RU-B", "10", 100.0),
            ("RU-C", "01", 80.0),
            ("RU-C", "10", 20.0),
        ],
        Duplicates::Reject,
    )
    .unwrap();
    let link = |f: &str, t: &str, w: f64| ValueChainLink {
        from: f.into(),
        to: t.into(),
        weight: w,
        rationale: format!("{f} feeds {t}"),
    };
    (
        m,
        ValueChain::new(vec![link("08", "32", 0.9), link("01", "10", 0.9)]).unwrap(),
    )
}

/// The specialisation graph of [`example`] with default parameters.
pub fn graph() -> (SpecialisationGraph, ValueChain) {
    let (m, v) = example();
    let spec = specialisation(&m, &SpecialisationConfig::default()).unwrap();
    (
        build_graph(&m, &spec, &v, &SuggestConfig::default()).unwrap(),
        v,
    )
}

/// The splitting case, synthetic: RU-SA with a large 08 mining
/// specialisation (LQ 40), RU-KOS with a large 32 jewellery one (LQ 40),
/// and three unrelated regions specialised in 86 healthcare (LQ 13.3) that
/// 32 reaches by a 32 -> 86 chain link; RU-MOW holds the rest of the
/// national economy.
pub fn split_case() -> (RegionSectorMatrix, ValueChain) {
    let mut cells = vec![
        ("RU-SA", "08", 4000.0),
        ("RU-SA", "47", 1000.0),
        ("RU-KOS", "32", 4000.0),
        ("RU-KOS", "47", 1000.0),
    ];
    for h in ["RU-H1", "RU-H2", "RU-H3"] {
        cells.push((h, "86", 3000.0));
        cells.push((h, "47", 2000.0));
    }
    for (s, x) in [
        ("01", 60000.0),
        ("10", 50000.0),
        ("41", 40000.0),
        ("47", 25000.0),
    ] {
        cells.push(("RU-MOW", s, x));
    }
    let m = RegionSectorMatrix::from_triples(cells, Duplicates::Reject).unwrap();
    let link = |f: &str, t: &str, w: f64| ValueChainLink {
        from: f.into(),
        to: t.into(),
        weight: w,
        rationale: format!("{f} feeds {t}"),
    };
    (
        m,
        ValueChain::new(vec![link("08", "32", 0.9), link("32", "86", 0.9)]).unwrap(),
    )
}
