//! Colour scales for choropleth maps: sequential, diverging and qualitative,
//! with the classes a legend shows.
//!
//! The choice follows Harrower and Brewer (2003, *ColorBrewer.org: an online
//! tool for selecting colour schemes for maps*, The Cartographic Journal 40(1)):
//!
//! - **sequential** for magnitudes (cluster counts, an indicator): *viridis*
//!   (Smith and van der Walt 2015, the matplotlib default colour map),
//!   perceptually uniform, readable in grey and by people with the common
//!   colour-vision deficiencies; light for little, dark for much;
//! - **diverging** around a meaningful midpoint, here a location quotient of 1:
//!   ColorBrewer *RdBu* (red above 1, blue below), on classes symmetric in
//!   the logarithm (an LQ of 2 is as far from 1 as an LQ of 1/2);
//! - **qualitative** for categories (districts, communities, sectors):
//!   Okabe and Ito's eight colours (2008, *Color Universal Design*) less black
//!   for up to seven categories, ColorBrewer *Set3* (12) beyond, then a grey
//!   "other".
//!
//! Magnitudes are *classed* (a few steps, not a continuous ramp), since readers
//! match classed colours to a legend far more reliably: small whole numbers get
//! one class each; anything else five classes at quantiles rounded to
//! readable numbers (Brewer and Pickle 2002, *Evaluation of methods for
//! classifying epidemiological data on choropleth maps in series*, Annals of the
//! Association of American Geographers 92(4), found quantiles the most
//! reliable).

use super::dot::fmt_num;

/// Viridis at nine evenly spaced points (matplotlib's table, `#440154` to `#fde725`).
pub const VIRIDIS: [&str; 9] = [
    "#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962", "#addc30",
    "#fde725",
];

/// ColorBrewer RdBu, 7 classes, red to blue.
pub const RDBU7: [&str; 7] = [
    "#b2182b", "#ef8a62", "#fddbc7", "#f7f7f7", "#d1e5f0", "#67a9cf", "#2166ac",
];

/// Okabe-Ito's colours without black: orange, sky blue, bluish green,
/// yellow, blue, vermillion, reddish purple.
pub const OKABE_ITO: [&str; 7] = [
    "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7",
];

/// ColorBrewer Set3, 12 classes.
pub const SET3: [&str; 12] = [
    "#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462", "#b3de69", "#fccde5",
    "#d9d9d9", "#bc80bd", "#ccebc5", "#ffed6f",
];

/// Fill of regions with a value of zero (none of what is measured).
pub const ZERO: &str = "#e8e8e8";
/// Fill of regions without data (no value, or no record in the dataset).
pub const NO_DATA: &str = "#ffffff";
/// Fill of categories beyond the qualitative palette.
pub const OTHER: &str = "#bdbdbd";

/// Parses `#rrggbb`.
fn channels(hex: &str) -> [f64; 3] {
    let p = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0) as f64
    };
    [p(1), p(3), p(5)]
}

/// Viridis at `t` in `[0, 1]`, interpolated linearly between [`VIRIDIS`]'s points.
pub fn viridis(t: f64) -> String {
    let t = t.clamp(0.0, 1.0) * (VIRIDIS.len() - 1) as f64;
    let i = (t.floor() as usize).min(VIRIDIS.len() - 2);
    let f = t - i as f64;
    let (a, b) = (channels(VIRIDIS[i]), channels(VIRIDIS[i + 1]));
    let c: Vec<u8> = (0..3)
        .map(|k| (a[k] + (b[k] - a[k]) * f).round() as u8)
        .collect();
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// `k` colours of viridis for `k` classes, light (few) to dark (many). The
/// darkest eighth is left out so that labels stay readable on every class.
pub fn viridis_classes(k: usize) -> Vec<String> {
    match k {
        0 => Vec::new(),
        1 => vec![viridis(0.6)],
        _ => (0..k)
            .map(|i| viridis(1.0 - 0.875 * i as f64 / (k - 1) as f64))
            .collect(),
    }
}

/// One class of a scale as its legend shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Class {
    /// The fill.
    pub color: String,
    /// What it stands for (`1`, `2-3`, `0.8-1.25`, a category's name).
    pub label: String,
    /// How many regions have it.
    pub count: usize,
}

/// A classed scale: which class a value falls in, and the legend.
#[derive(Debug, Clone, PartialEq)]
pub struct Classes {
    /// Upper bounds of every class but the last (ascending); a value `v` is in
    /// the first class whose bound is above `v`.
    pub bounds: Vec<f64>,
    /// The classes, in order.
    pub classes: Vec<Class>,
}

impl Classes {
    /// The class of `v`.
    pub fn class_of(&self, v: f64) -> usize {
        self.bounds.iter().take_while(|&&b| v >= b).count()
    }
}

/// Rounds `x` to two significant digits (for class bounds people read).
fn nice(x: f64) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return x;
    }
    let p = 10f64.powf(x.log10().floor() - 1.0);
    (x / p).round() * p
}

/// Sequential classes of the positive values `values` (zero and missing
/// values are shown apart, see [`ZERO`] and [`NO_DATA`]).
pub fn sequential(values: &[f64]) -> Classes {
    let mut v: Vec<f64> = values
        .iter()
        .copied()
        .filter(|x| x.is_finite() && *x > 0.0)
        .collect();
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return Classes {
            bounds: Vec::new(),
            classes: Vec::new(),
        };
    }
    let integers = v.iter().all(|x| x.fract() == 0.0);
    let max = v[v.len() - 1];
    let bounds: Vec<f64> = if integers && max <= 7.0 {
        // one class per whole number 1..=max
        (2..=max as i64).map(|b| b as f64).collect()
    } else {
        let mut b: Vec<f64> = Vec::new();
        for q in 1..5 {
            let x = nice(v[(q * v.len() / 5).min(v.len() - 1)]);
            let x = if integers { x.round() } else { x };
            // whole numbers: each class at least one value wide
            let floor = match b.last() {
                Some(&last) if integers => last + 1.0,
                Some(&last) => last,
                None => v[0],
            };
            let x = if integers {
                x.max(floor).max(v[0] + 1.0)
            } else {
                x
            };
            if x > v[0] && x <= max && b.last().is_none_or(|&l| x > l) {
                b.push(x);
            }
        }
        b
    };
    let colors = viridis_classes(bounds.len() + 1);
    let lo_of = |i: usize| if i == 0 { v[0] } else { bounds[i - 1] };
    let mut classes: Vec<Class> = colors
        .into_iter()
        .enumerate()
        .map(|(i, color)| {
            let lo = lo_of(i);
            let label = if integers {
                let hi = if i < bounds.len() {
                    bounds[i] - 1.0
                } else {
                    max
                };
                if hi <= lo {
                    fmt_num(lo)
                } else {
                    format!("{}–{}", fmt_num(lo), fmt_num(hi))
                }
            } else if i < bounds.len() {
                format!("{} to <{}", fmt_num(lo), fmt_num(bounds[i]))
            } else {
                format!("{} to {}", fmt_num(lo), fmt_num(max))
            };
            Class {
                color,
                label,
                count: 0,
            }
        })
        .collect();
    let classes_of = Classes {
        bounds: bounds.clone(),
        classes: Vec::new(),
    };
    for x in &v {
        classes[classes_of.class_of(*x)].count += 1;
    }
    Classes { bounds, classes }
}

/// Class bounds of location quotients, symmetric in the logarithm around 1.
pub const LQ_BOUNDS: [f64; 6] = [0.25, 0.5, 0.8, 1.25, 2.0, 4.0];

/// Diverging classes of location quotients (positive values; zero is shown apart).
pub fn diverging_lq(values: &[f64]) -> Classes {
    let labels = [
        "below 0.25",
        "0.25 to <0.5",
        "0.5 to <0.8",
        "0.8 to <1.25 (about 1)",
        "1.25 to <2",
        "2 to <4",
        "4 and above",
    ];
    let mut classes: Vec<Class> = RDBU7
        .iter()
        .rev()
        .zip(labels)
        .map(|(c, l)| Class {
            color: c.to_string(),
            label: l.to_string(),
            count: 0,
        })
        .collect();
    let scale = Classes {
        bounds: LQ_BOUNDS.to_vec(),
        classes: Vec::new(),
    };
    for &x in values.iter().filter(|x| x.is_finite() && **x > 0.0) {
        classes[scale.class_of(x)].count += 1;
    }
    Classes {
        bounds: LQ_BOUNDS.to_vec(),
        classes,
    }
}

/// The qualitative palette for `n` categories: Okabe-Ito up to 7, Set3 up to
/// 12; categories beyond take [`OTHER`].
pub fn qualitative(n: usize) -> Vec<&'static str> {
    if n <= OKABE_ITO.len() {
        OKABE_ITO[..n].to_vec()
    } else {
        (0..n)
            .map(|i| SET3.get(i).copied().unwrap_or(OTHER))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viridis_ends_and_classes() {
        assert_eq!(viridis(0.0), "#440154");
        assert_eq!(viridis(1.0), "#fde725");
        assert_eq!(viridis(0.5), "#21918c");
        let c = viridis_classes(5);
        assert_eq!(c.len(), 5);
        assert_eq!(c[0], "#fde725");
        assert_ne!(c[4], "#440154", "the darkest is left out");
    }

    #[test]
    fn small_counts_get_one_class_each() {
        let s = sequential(&[0.0, 1.0, 1.0, 2.0, 4.0, f64::NAN]);
        let labels: Vec<&str> = s.classes.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["1", "2", "3", "4"]);
        assert_eq!(s.classes[0].count, 2);
        assert_eq!(s.classes[2].count, 0);
        assert_eq!(s.class_of(4.0), 3);
        assert_eq!(s.class_of(1.0), 0);
    }

    #[test]
    fn skewed_counts_keep_five_classes() {
        let mut v = vec![1.0; 9];
        v.extend([2.0; 18]);
        v.extend([
            3.0, 3.0, 3.0, 3.0, 4.0, 4.0, 4.0, 5.0, 5.0, 6.0, 6.0, 7.0, 8.0, 9.0, 11.0, 3.0, 4.0,
            5.0, 3.0,
        ]);
        let s = sequential(&v);
        let labels: Vec<&str> = s.classes.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["1", "2", "3", "4", "5–11"]);
    }

    #[test]
    fn large_values_get_quantile_classes() {
        let v: Vec<f64> = (1..=100).map(|i| i as f64 * 13.7).collect();
        let s = sequential(&v);
        assert_eq!(s.classes.len(), 5);
        let total: usize = s.classes.iter().map(|c| c.count).sum();
        assert_eq!(total, 100);
        assert!(s.classes.iter().all(|c| c.count >= 15), "{s:?}");
        assert!(s.bounds.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn lq_classes_are_symmetric_in_the_log() {
        for (a, b) in LQ_BOUNDS.iter().zip(LQ_BOUNDS.iter().rev()) {
            assert!((a * b - 1.0).abs() < 1e-12, "{a} {b}");
        }
        let d = diverging_lq(&[0.0, 1.0, 3.0, 9.0, 0.1]);
        assert_eq!(d.classes[3].count, 1);
        assert_eq!(d.classes[6].count, 1);
        assert_eq!(d.classes[0].count, 1);
        assert_eq!(d.classes[3].color, "#f7f7f7");
        assert_eq!(d.classes[6].color, "#b2182b", "high LQ is red");
    }

    #[test]
    fn qualitative_palettes() {
        assert_eq!(qualitative(3), &OKABE_ITO[..3]);
        let q = qualitative(14);
        assert_eq!(q[11], SET3[11]);
        assert_eq!(q[13], OTHER);
    }
}
