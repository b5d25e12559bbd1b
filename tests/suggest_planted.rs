//! The ranking of national-cluster suggestions on data where the answer is
//! known: the planted profile (`coopnet generate --profile planted`), whose
//! national clusters are near, linked, complementary and significant, among
//! decoys that lack one or more of these (see `src/generate/planted.rs`).
//!
//! The criterion, with `suggest`'s documented defaults and the curated value
//! chain:
//!
//! - a structure is **found at rank k** when suggestion k is the first whose
//!   specialisations include every `(region, sector)` of the structure (the
//!   suggestion is the structure, or contains it); a decoy is found at the
//!   first suggestion holding at least two of its specialisations in
//!   different regions (its pairing);
//! - every planted cluster is found within the top `K` = number of planted
//!   clusters + [`SLACK`];
//! - every decoy is found at a rank worse than every planted cluster's, or not
//!   at all.

use std::collections::BTreeSet;

use coopnet::economics::{Measure, SpecialisationConfig, matrix_from_dataset, specialisation};
use coopnet::generate::planted::{self, PlantedConfig, Role, STRUCTURES, Structure};
use coopnet::load::load_dataset;
use coopnet::model::SectorLevel;
use coopnet::suggest::{SuggestOptions, suggest};

/// Ranks allowed beyond the number of planted clusters: a suggestion or two
/// of real background structure may outrank a planted one.
const SLACK: usize = 2;

/// Where each structure is found, in words, and whether the criterion holds.
struct Outcome {
    lines: Vec<String>,
    ok: bool,
}

fn found_at(st: &Structure, list: &[coopnet::suggest::Suggestion]) -> Option<usize> {
    let want: Vec<(String, String)> = st
        .members
        .iter()
        .map(|&(r, s)| (planted::region_id(r), s.to_string()))
        .collect();
    list.iter()
        .find(|sg| {
            let have: BTreeSet<&(String, String)> = sg.specialisations.iter().collect();
            match st.role {
                Role::Planted => want.iter().all(|w| have.contains(w)),
                Role::Decoy => {
                    let held: BTreeSet<&str> = want
                        .iter()
                        .filter(|w| have.contains(w))
                        .map(|w| w.0.as_str())
                        .collect();
                    held.len() >= 2
                }
            }
        })
        .map(|sg| sg.rank)
}

fn rank_structures(seed: u64) -> Outcome {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("planted");
    planted::generate_planted(&PlantedConfig { seed })
        .expect("generates")
        .write_to(&out)
        .expect("writes");
    let ds = load_dataset(&out).expect("loads");
    let chain = coopnet::load::value_chain::curated().expect("curated chain");
    let report = suggest(&ds, &chain, &SuggestOptions::default()).expect("suggests");
    let list = &report.suggestions;
    let planted_n = STRUCTURES
        .iter()
        .filter(|s| s.role == Role::Planted)
        .count();
    let k = planted_n + SLACK;
    let mut lines = Vec::new();
    let mut ok = true;
    let mut worst_planted = 0;
    for st in STRUCTURES.iter().filter(|s| s.role == Role::Planted) {
        let r = found_at(st, list);
        let good = r.is_some_and(|r| r <= k);
        ok &= good;
        worst_planted = worst_planted.max(r.unwrap_or(usize::MAX));
        lines.push(format!(
            "{} {}: {} ({})",
            if good { "ok  " } else { "MISS" },
            st.id,
            r.map_or("in no suggestion".to_string(), |r| format!("rank {r}")),
            if good {
                format!("within the top {k}")
            } else {
                format!("not within the top {k}")
            },
        ));
    }
    for st in STRUCTURES.iter().filter(|s| s.role == Role::Decoy) {
        let r = found_at(st, list);
        let good = r.is_none_or(|r| r > worst_planted);
        ok &= good;
        lines.push(format!(
            "{} {}: {} ({})",
            if good { "ok  " } else { "MISS" },
            st.id,
            r.map_or("in no suggestion".to_string(), |r| format!("rank {r}")),
            if good {
                "below every planted cluster"
            } else {
                "above a planted cluster"
            },
        ));
    }
    Outcome { lines, ok }
}

/// The answer key holds on the loaded dataset: every specialisation of a
/// structure is one (LQ >= 1), the tiny decoy's location quotients are the
/// dataset's largest (the trap a size filter must catch), and the
/// complementary structures are one sector or a pair of the curated chain,
/// the others not.
#[test]
fn the_answer_key_holds_on_the_dataset() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("planted");
    planted::generate_planted(&PlantedConfig::default())
        .expect("generates")
        .write_to(&out)
        .expect("writes");
    let ds = load_dataset(&out).expect("loads");
    let m = matrix_from_dataset(&ds, Measure::Employees, SectorLevel::Division).expect("matrix");
    let spec = specialisation(&m.matrix, &SpecialisationConfig::default()).expect("LQ");
    let lq = |r: usize, s: &str| {
        let i = m
            .matrix
            .regions()
            .iter()
            .position(|x| *x == planted::region_id(r))
            .unwrap();
        let j = m.matrix.sectors().iter().position(|x| x == s).unwrap();
        spec.lq.get(i, j)
    };
    let chain = coopnet::load::value_chain::curated().expect("curated chain");
    let mut largest = 0.0f64;
    let mut tiny = f64::INFINITY;
    for st in &STRUCTURES {
        for &(r, s) in st.members {
            let q = lq(r, s);
            assert!(q >= 1.0, "{} {s} in region {r}: LQ {q}", st.id);
            if st.id == "D-tiny" {
                tiny = tiny.min(q);
            } else {
                largest = largest.max(q);
            }
        }
        let sectors: BTreeSet<&str> = st.members.iter().map(|m| m.1).collect();
        let chained = st.members.iter().any(|a| {
            st.members
                .iter()
                .any(|b| a.1 != b.1 && chain.weight(a.1, b.1) > 0.0)
        });
        assert_eq!(
            st.complementary,
            sectors.len() == 1 || chained,
            "{}: complementary as claimed",
            st.id
        );
    }
    assert!(
        tiny > largest,
        "tiny decoy's LQ {tiny} should exceed every other structure's ({largest})"
    );
}

/// Every planted cluster within the top K = 4 + 2 and every decoy below them,
/// at seeds 1, 2 and 3.
///
/// The ranking of today's `suggest` weighs location quotients and the value
/// chain only: it cannot tell a planted cluster from the far and the unlinked
/// decoy (the same LQs and chain weight), and it puts the tiny decoy first (the
/// largest LQs). It passes once the suggestion graph weighs distance and
/// observed cooperation and drops insignificant specialisations.
#[test]
fn planted_clusters_rank_first_and_decoys_below() {
    // the default seed and two more: the answer must not hang on one draw
    for seed in [planted::DEFAULT_SEED, 2, 3] {
        let o = rank_structures(seed);
        assert!(
            o.ok,
            "the ranking on the planted profile, seed {seed}:\n{}",
            o.lines.join("\n")
        );
    }
}
