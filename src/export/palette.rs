//! Colours for categories: two palettes, one for nodes and one for sectors.
//!
//! - **Node fills** (districts, communities, groups) take [`PALETTE`], light
//!   colours (ColorBrewer Set3, Pastel1 and Pastel2 without their greys;
//!   Harrower and Brewer 2003) on which dark labels stay readable. Categories
//!   are ranked by the caller (districts by dataset order, communities by
//!   size); the first ones take the palette in order and the rest share
//!   [`OTHER`], shown in legends as "N others".
//! - **Sectors** (edges by their main sector, nodes or regions by sector) take
//!   [`SECTOR_PALETTE`], saturated colours (Tableau 10's without grey,
//!   ColorBrewer Dark2 without grey, and four darker companions), so that an
//!   edge never looks like a node fill. A sector's colour is a fixed function
//!   of its division code ([`sector_color`]), not of its rank in one map:
//!   sector 26 has the same colour on every map of every dataset. With 20
//!   colours for 88 divisions two sectors may share one; the legend always
//!   writes the code and name beside the colour.

/// The node palette, as `#rrggbb`.
pub const PALETTE: [&str; 20] = [
    "#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462", "#b3de69", "#fccde5",
    "#bc80bd", "#ccebc5", "#ffed6f", "#fbb4ae", "#b3cde3", "#decbe4", "#fed9a6", "#e5d8bd",
    "#fddaec", "#b3e2cd", "#fdcdac", "#cbd5e8",
];

/// The sector palette, as `#rrggbb`.
pub const SECTOR_PALETTE: [&str; 20] = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22",
    "#17becf", "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d",
    "#393b79", "#637939", "#8c6d31", "#843c39",
];

/// The colour shared by categories beyond the palette.
pub const OTHER: &str = "#d9d9d9";

/// The colour of categories of one node (communities of a single node).
pub const SINGLE: &str = "#f0f0f0";

/// The colour of nodes with no category (no community, no sector).
pub const NONE: &str = "#ffffff";

/// The colour of rank `i` (0-based) among `limit` coloured node categories.
pub fn color(i: usize, limit: usize) -> &'static str {
    if i < limit.min(PALETTE.len()) {
        PALETTE[i]
    } else {
        OTHER
    }
}

/// The seed of the sector hash: of the seeds tried, the first with which no
/// supplier and buyer of the bundled value chain (`datasets/value_chain.csv`,
/// 71 division pairs) share a colour, so a value-chain link's two ends always
/// differ.
const SECTOR_SEED: u32 = 19_509;

/// The fixed colour of a sector: its code is rolled up to the division (the
/// first two digits; a section letter is taken as it is) and hashed (FNV-1a,
/// 32 bits, from [`SECTOR_SEED`]) onto [`SECTOR_PALETTE`]. The same code
/// always gets the same colour.
///
/// ```
/// use coopnet::export::palette::sector_color;
/// assert_eq!(sector_color("32.12"), sector_color("32"));
/// assert_ne!(sector_color("08"), sector_color("32"));
/// ```
pub fn sector_color(code: &str) -> &'static str {
    let key: String = if code.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        code.chars().take(2).collect()
    } else {
        code.to_string()
    };
    let mut h: u32 = SECTOR_SEED;
    for b in key.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    SECTOR_PALETTE[(h % SECTOR_PALETTE.len() as u32) as usize]
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
    fn palettes_are_distinct_and_parse() {
        let mut seen = std::collections::HashSet::new();
        for c in PALETTE.iter().chain(&SECTOR_PALETTE) {
            assert!(rgb(c).is_some(), "{c}");
            assert!(seen.insert(c), "{c} twice (within or across the palettes)");
        }
        assert_eq!(color(0, 20), PALETTE[0]);
        assert_eq!(color(25, 20), OTHER);
        assert_eq!(color(3, 3), OTHER);
        assert_eq!(rgb("#ff0001"), Some((255, 0, 1)));
        assert_eq!(rgb("red"), None);
    }

    #[test]
    fn value_chain_ends_differ_in_colour() {
        let chain = crate::load::value_chain::curated().expect("curated chain");
        let mut pairs = 0;
        for l in chain.links() {
            pairs += 1;
            assert_ne!(
                sector_color(&l.from),
                sector_color(&l.to),
                "{} -> {}",
                l.from,
                l.to
            );
        }
        assert!(pairs > 50);
    }

    #[test]
    fn sector_colours_are_fixed_by_code() {
        assert_eq!(sector_color("26"), sector_color("26.11"));
        assert_eq!(sector_color("C"), sector_color("C"));
        assert!(SECTOR_PALETTE.contains(&sector_color("08.99")));
    }
}
