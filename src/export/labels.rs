//! Label placement without overlaps, and the text widths it needs.
//!
//! Widths are estimated from the advance widths of the font a picture asks
//! for: DejaVu Sans (the font the choropleth SVG names first, and the one
//! most Linux systems substitute for any sans-serif) or Helvetica (the font
//! Graphviz maps are written in; Adobe's published metrics). Characters
//! outside the tables (Cyrillic, symbols) count as a wide lower-case letter.
//! The estimate is what the picture's own layout and the tests' overlap
//! check (`tests/map_labels.rs`) both use.
//!
//! [`place`] is a greedy pass, the usual first step of point-feature label
//! placement (Christensen, Marks and Shieber 1995, *An empirical study of
//! algorithms for point-feature label placement*, ACM Transactions on
//! Graphics 14(3)): labels are taken in order of priority, each tries its
//! candidate positions in order and keeps the first whose box overlaps no
//! label already placed and no obstacle, and a label that fits nowhere is
//! left out (the caller names it in a tooltip and counts it).

/// The font a label is set in, for width estimates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Font {
    /// DejaVu Sans (Bitstream Vera's metrics).
    DejaVuSans,
    /// Helvetica (Adobe's core font metrics; Arial and Liberation Sans match them).
    Helvetica,
}

/// Advance width of `c` in em.
fn advance(c: char, font: Font) -> f64 {
    // DejaVu Sans, units of 1/2048 em, and Helvetica, units of 1/1000 em.
    let (dejavu, helvetica): (u32, u32) = match c {
        ' ' => (651, 278),
        'a' => (1255, 556),
        'b' | 'd' | 'g' | 'p' | 'q' => (1300, 556),
        'c' => (1126, 500),
        'e' => (1260, 556),
        'f' => (721, 278),
        'h' | 'n' | 'u' => (1298, 556),
        'i' | 'j' | 'l' => (569, 222),
        'k' => (1186, 500),
        'm' => (1995, 833),
        'o' => (1253, 556),
        'r' => (842, 333),
        's' => (1067, 500),
        't' => (803, 278),
        'v' | 'x' | 'y' => (1212, 500),
        'w' => (1675, 722),
        'z' => (1075, 500),
        'A' | 'X' | 'Z' => (1401, 667),
        'B' | 'K' => (1405, 667),
        'C' => (1430, 722),
        'D' | 'H' | 'N' | 'U' => (1540, 722),
        'E' | 'P' | 'S' => (1294, 667),
        'F' | 'T' | 'Y' => (1251, 611),
        'G' | 'O' | 'Q' => (1612, 778),
        'I' | 'J' => (604, 278),
        'L' => (1141, 556),
        'M' => (1767, 833),
        'R' | 'V' => (1423, 722),
        'W' => (2025, 944),
        '0'..='9' => (1303, 556),
        '.' | ',' | ':' | ';' | '·' => (651, 278),
        '-' | '–' => (739, 333),
        '(' | ')' | '[' | ']' => (799, 333),
        '/' | '\'' => (690, 278),
        _ if c.is_uppercase() => (1430, 722),
        _ => (1300, 556),
    };
    match font {
        Font::DejaVuSans => dejavu as f64 / 2048.0,
        Font::Helvetica => helvetica as f64 / 1000.0,
    }
}

/// How much wider bold type runs than regular (DejaVu Sans Bold against Book,
/// averaged over lower-case text).
pub const BOLD: f64 = 1.14;

/// Estimated width of `text` set in `font` at `size` (same units as `size`).
pub fn text_width(text: &str, size: f64, font: Font) -> f64 {
    text.chars().map(|c| advance(c, font)).sum::<f64>() * size
}

/// Breaks `text` at spaces into lines no wider than `width` at `size` in
/// `font`, each word's width scaled by `factor` (1, or [`BOLD`]); a word
/// wider than `width` stands on a line of its own.
pub fn wrap(text: &str, width: f64, size: f64, font: Font, factor: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && factor * text_width(&candidate, size, font) > width {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// An axis-aligned box: `(x0, y0)` to `(x1, y1)` with `x0 <= x1`, `y0 <= y1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left.
    pub x0: f64,
    /// Top (or bottom, in a y-up frame).
    pub y0: f64,
    /// Right.
    pub x1: f64,
    /// Bottom (or top).
    pub y1: f64,
}

impl Rect {
    /// The box of a line of text of width `w` and font size `size` centred
    /// on `(x, y)` in a y-down frame (the cap height and descenders fit).
    pub fn centred(x: f64, y: f64, w: f64, size: f64) -> Rect {
        Rect {
            x0: x - w / 2.0,
            x1: x + w / 2.0,
            y0: y - 0.6 * size,
            y1: y + 0.6 * size,
        }
    }

    /// True when the two boxes share more than `tolerance` in both directions.
    pub fn overlaps(&self, other: &Rect, tolerance: f64) -> bool {
        self.x0 + tolerance < other.x1
            && other.x0 + tolerance < self.x1
            && self.y0 + tolerance < other.y1
            && other.y0 + tolerance < self.y1
    }

    /// True when `self` lies inside `outer`.
    pub fn inside(&self, outer: &Rect) -> bool {
        self.x0 >= outer.x0 && self.x1 <= outer.x1 && self.y0 >= outer.y0 && self.y1 <= outer.y1
    }
}

/// A label to place: its box at each candidate position, best first.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Boxes of the candidate positions.
    pub boxes: Vec<Rect>,
}

/// Places labels greedily (see the module docs): `order` lists the labels by
/// priority; each takes the first of its boxes inside `frame` that overlaps
/// neither a placed label nor an `obstacle`. Returns the chosen box index of
/// every label (`None`: left out).
pub fn place(
    candidates: &[Candidate],
    order: &[usize],
    obstacles: &[Rect],
    frame: &Rect,
) -> Vec<Option<usize>> {
    let mut chosen = vec![None; candidates.len()];
    let mut placed: Vec<Rect> = Vec::with_capacity(candidates.len());
    for &i in order {
        let pick = candidates[i].boxes.iter().position(|b| {
            b.inside(frame)
                && !placed.iter().any(|p| p.overlaps(b, 0.0))
                && !obstacles.iter().any(|o| o.overlaps(b, 0.0))
        });
        if let Some(k) = pick {
            placed.push(candidates[i].boxes[k]);
            chosen[i] = Some(k);
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_fonts() {
        let w = text_width("Moscow", 10.0, Font::Helvetica);
        // M 833 + o 556 + s 500 + c 500 + o 556 + w 722 = 3667
        assert!((w - 36.67).abs() < 1e-9, "{w}");
        assert!(text_width("Moscow", 10.0, Font::DejaVuSans) > w);
        assert!(text_width("Москва", 10.0, Font::DejaVuSans) > 30.0);
        assert_eq!(text_width("", 10.0, Font::DejaVuSans), 0.0);
        let lines = wrap("one two three four", 40.0, 10.0, Font::Helvetica, 1.0);
        assert!(lines.len() >= 2, "{lines:?}");
        assert!(
            lines
                .iter()
                .all(|l| text_width(l, 10.0, Font::Helvetica) <= 40.0)
        );
        assert_eq!(
            wrap("  ", 40.0, 10.0, Font::Helvetica, 1.0),
            Vec::<String>::new()
        );
    }

    #[test]
    fn greedy_placement_skips_collisions() {
        let frame = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 100.0,
            y1: 100.0,
        };
        let a = Rect::centred(50.0, 50.0, 20.0, 10.0);
        let b_on_a = Rect::centred(55.0, 50.0, 20.0, 10.0);
        let b_below = Rect::centred(55.0, 70.0, 20.0, 10.0);
        let off_frame = Rect::centred(99.0, 10.0, 20.0, 10.0);
        let cands = vec![
            Candidate { boxes: vec![a] },
            Candidate {
                boxes: vec![b_on_a, b_below],
            },
            Candidate {
                boxes: vec![b_on_a],
            },
            Candidate {
                boxes: vec![off_frame],
            },
        ];
        let chosen = place(&cands, &[0, 1, 2, 3], &[], &frame);
        assert_eq!(chosen, vec![Some(0), Some(1), None, None]);
        // an obstacle takes the first place
        let chosen = place(&cands, &[0, 1], &[b_below], &frame);
        assert_eq!(chosen[1], None);
        assert!(!a.overlaps(&Rect::centred(71.0, 50.0, 20.0, 10.0), 0.0));
        assert!(a.overlaps(&b_on_a, 1.0));
    }
}
