//! Colours for categories (districts, sectors, communities, groups).
//!
//! A fixed qualitative palette of [`PALETTE`]`.len()` colours (Tableau 10
//! with its grey replaced, then light variants and a few distinct extras,
//! chosen to stay apart on screen and in print; no grey, which is kept for
//! "other"). Categories are ranked by the caller (by
//! dataset order for districts, by weight for sectors, by size for
//! communities); the first ones take the palette's colours in order and the
//! rest share [`OTHER`], shown in legends as "other".

/// The qualitative palette, as `#rrggbb`.
pub const PALETTE: [&str; 20] = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#637939", "#1f77b4", "#aec7e8", "#98df8a", "#ffbb78", "#c5b0d5", "#17becf",
    "#bcbd22", "#8c564b", "#e377c2", "#843c39",
];

/// The colour shared by categories beyond the palette.
pub const OTHER: &str = "#d9d9d9";

/// The colour of nodes with no category (no community, no sector).
pub const NONE: &str = "#ffffff";

/// The colour of rank `i` (0-based) among `limit` coloured categories.
pub fn color(i: usize, limit: usize) -> &'static str {
    if i < limit.min(PALETTE.len()) {
        PALETTE[i]
    } else {
        OTHER
    }
}

/// Parses `#rrggbb` into its channels (`None` for anything else).
pub fn rgb(hex: &str) -> Option<(u8, u8, u8)> {
    let h = hex.strip_prefix('#')?;
    if h.len() != 6 {
        return None;
    }
    let p = |i: usize| u8::from_str_radix(h.get(i..i + 2)?, 16).ok();
    Some((p(0)?, p(2)?, p(4)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palette_is_distinct_and_parses() {
        let mut seen = std::collections::HashSet::new();
        for c in PALETTE {
            assert!(rgb(c).is_some(), "{c}");
            assert!(seen.insert(c), "{c} twice");
        }
        assert_eq!(color(0, 20), "#4e79a7");
        assert_eq!(color(25, 20), OTHER);
        assert_eq!(color(3, 3), OTHER);
        assert_eq!(rgb("#ff0001"), Some((255, 0, 1)));
        assert_eq!(rgb("red"), None);
    }
}
