//! Expected pairings: where each ranks among the suggestions, or which
//! evidence is missing for it, on the study's Kostroma-Sakha pairing and on
//! the synthetic case of `tests/data/split_pair` (one case per reason).

use std::path::Path;

use coopnet::economics::significance::SignificanceOptions;
use coopnet::load::pairings::{self, ExpectedPairing};
use coopnet::load::{LoadOptions, load_dataset};
use coopnet::model::Dataset;
use coopnet::suggest::{
    DistanceScale, EvidenceConfig, PairingResult, SuggestConfig, SuggestOptions, SuggestReport,
    SuggestionKind, suggest,
};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(ds: &Dataset, text: &str) -> Vec<ExpectedPairing> {
    let ids: Vec<&str> = ds.regions.iter().map(|r| r.id.as_str()).collect();
    pairings::from_bytes(
        text.as_bytes().to_vec(),
        "expected_pairings.csv",
        &LoadOptions::default(),
        &ids,
    )
    .unwrap()
}

/// The suggestions with the curated value chain, as `coopnet suggest` runs them.
fn run(ds: &Dataset, options: SuggestOptions) -> SuggestReport {
    let chain = coopnet::load::value_chain::curated().unwrap();
    suggest(ds, &chain, &options).unwrap()
}

fn result<'a>(report: &'a SuggestReport, id: &str) -> &'a PairingResult {
    report
        .expected_pairings
        .iter()
        .find(|p| p.pairing.id == id)
        .unwrap()
}

#[test]
fn kostroma_sakha_on_russia_ranks_with_its_evidence() {
    let dir = root().join("datasets/russia");
    let ds = load_dataset(&dir).unwrap();
    let ids: Vec<&str> = ds.regions.iter().map(|r| r.id.as_str()).collect();
    let expected =
        pairings::read(&dir.join(pairings::FILE), &LoadOptions::default(), &ids).unwrap();
    let report = run(
        &ds,
        SuggestOptions {
            expected: expected.clone(),
            ..SuggestOptions::default()
        },
    );
    let ks = result(&report, "KOS-SA");
    let e = &ks.evaluation;
    // both specialisations are large and significant
    for p in &e.placements {
        assert!(p.specialised, "{p:?}");
        assert!(p.q_value.unwrap() < 1e-60, "{p:?}");
    }
    // its rank is that of the suggestion holding both specialisations
    let holder = report
        .suggestions
        .iter()
        .find(|s| {
            let has = |r: &str, c: &str| s.specialisations.iter().any(|(x, y)| x == r && y == c);
            has("RU-KOS", "32") && has("RU-SA", "08")
        })
        .map(|s| s.rank);
    assert_eq!(e.rank, holder);
    let pair = &e.pairs[0];
    assert_eq!(pair.relation, "value-chain");
    assert_eq!(pair.links, 36);
    let d = pair.distance.unwrap();
    assert!((4_500.0..4_700.0).contains(&d), "{d}");
    let d0 = report.evidence.distance_scale.unwrap();
    assert!((pair.decay - (-d / d0).exp()).abs() < 1e-9);
    let note = e.note.as_deref().unwrap();
    assert!(
        note.contains(
            "Evidence: RU-KOS 32 - RU-SA 08: value-chain link (V = 0.90), 36 observed links"
        ),
        "{note}"
    );
    if let Some(rank) = e.rank {
        assert!(
            note.starts_with(&format!("found in suggestion {rank} ")),
            "{note}"
        );
        assert_eq!(e.kind, Some(SuggestionKind::Intersectoral));
    }
    // without the distance decay the pair leads the ranking
    let flat = run(
        &ds,
        SuggestOptions {
            expected,
            evidence: EvidenceConfig {
                distance_scale: DistanceScale::Off,
                ..EvidenceConfig::default()
            },
            ..SuggestOptions::default()
        },
    );
    let ks = result(&flat, "KOS-SA");
    assert_eq!(ks.evaluation.rank, Some(1));
    assert_eq!(ks.evaluation.pairs[0].decay, 1.0);
}

const SPLIT_PAIRINGS: &str = "id,regions,sectors\n\
    GEM,X-MIN|X-JEW,08|32\n\
    JH,X-JEW|X-H1,32|86\n\
    MH,X-MIN|X-H1,08|86\n\
    CAP,X-CAP|X-MIN,47|08\n";

fn split_case(options: SuggestOptions) -> SuggestReport {
    let dir = root().join("tests/data/split_pair");
    let ds = load_dataset(&dir).unwrap();
    let expected = read(&ds, SPLIT_PAIRINGS);
    run(
        &ds,
        SuggestOptions {
            expected,
            ..options
        },
    )
}

fn note(report: &SuggestReport, id: &str) -> String {
    result(report, id)
        .evaluation
        .note
        .clone()
        .unwrap_or_default()
}

#[test]
fn each_reason_on_a_hand_built_case() {
    let report = split_case(SuggestOptions::default());
    // found: the complementary pair near and linked
    let gem = &result(&report, "GEM").evaluation;
    assert_eq!((gem.rank, gem.rank_in_kind), (Some(1), Some(1)));
    // all evidence present, lost in the community stage: jewellery joined the mines
    let jh = result(&report, "JH");
    let n = note(&report, "JH");
    assert!(jh.evaluation.rank.is_none());
    assert!(jh.evaluation.pairs[0].edge_weight.is_some());
    assert!(
        n.starts_with(
            "all evidence is present, but the edge lost in the community and split stage to \
             stronger partners: X-JEW 32 joined suggestion 1 (X-JEW, X-MIN; 08, 32), X-H1 86 \
             joined suggestion 2"
        ),
        "{n}"
    );
    assert!(
        n.contains("value-chain link (V = 0.60), 0 observed links"),
        "{n}"
    );
    // no value-chain link between mining and health
    let n = note(&report, "MH");
    assert!(
        n.starts_with("no value-chain link joins their sectors in the value chain used"),
        "{n}"
    );
    assert_eq!(result(&report, "MH").evaluation.pairs[0].relation, "none");
    // a member below the threshold
    let n = note(&report, "CAP");
    assert!(
        n.contains("X-CAP 47 LQ 0.87, p 0.720, q 1.000: not specialised (LQ < 1)"),
        "{n}"
    );
    // the edge pruned: each specialisation keeps one partner only
    let one = split_case(SuggestOptions {
        graph: SuggestConfig {
            max_partners: 1,
            ..SuggestConfig::default()
        },
        ..SuggestOptions::default()
    });
    let n = note(&one, "JH");
    assert!(
        n.starts_with("no edge joins them: the pair was not among the 1 strongest partners"),
        "{n}"
    );
    assert!(result(&one, "JH").evaluation.pairs[0].edge_weight.is_none());
    // significance: at a false discovery rate of 0.1 mines and jewellery pass,
    // the single hospital of a health region does not
    let loose = split_case(SuggestOptions {
        significance: SignificanceOptions {
            fdr: 0.1,
            ..SignificanceOptions::default()
        },
        ..SuggestOptions::default()
    });
    assert!(!loose.parameters.significance_fallback);
    let n = note(&loose, "JH");
    assert!(
        n.starts_with("1 of its 2 specialisations pass (LQ >= 1, size, share, significance)")
            && n.contains("X-H1 86 LQ 13.33, p 0.254, q 1.000: not significant (q above --fdr)"),
        "{n}"
    );
}
