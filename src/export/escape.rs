//! Escaping of user text for DOT, Graphviz HTML-like labels and XML.
//!
//! graphviz-rust prints identifiers and attribute values exactly as given, so
//! every piece of user text (names, labels, tooltips, titles) that goes into a
//! DOT file passes through [`dot_string`], and every piece that goes into the
//! HTML-like legend table through [`html_text`]. Node ids never carry user
//! text: they are internal (`n0`, `n1`, ...), so DOT keywords in names
//! (`node`, `graph`, `strict`, `subgraph`, `edge`, `digraph`) are inert.
//!
//! # What [`dot_string`] does, and why
//!
//! The result is a double-quoted DOT string, safe as any attribute value:
//!
//! | input | output | why |
//! |---|---|---|
//! | `"` | `\"` | ends the string otherwise |
//! | `\` | `\\` + U+2060 | Graphviz reads `\N`, `\G`, `\E`, `\T`, `\H`, `\L`, `\n`, `\l`, `\r` as escapes in labels, and tooltips (Graphviz 2.43) unescape twice, so `\\N` would still turn into the node's id there; the invisible word joiner after the backslash stops both |
//! | newline, `\r\n`, `\r` | `\n` | a centred line break in labels; a raw newline would end a line of the file |
//! | tab | space | |
//! | other control characters | dropped | no meaning in a label, invalid in SVG |
//! | `{` `}` `<` `>` `\|` | `\{` `\}` `\<` `\>` `\|` | field syntax of record shapes; escaped so the text stays literal even there (shown as `{`, `<`, ... in labels and tooltips) |
//! | `&` | `&amp;` | Graphviz decodes HTML entities in labels, so `&lt;` in a name would otherwise show as `<` |
//!
//! Everything else, Cyrillic included, passes through as UTF-8 (Graphviz's
//! default `charset`).
//!
//! ```
//! use coopnet::export::escape::dot_string;
//! assert_eq!(dot_string("Кострома"), "\"Кострома\"");
//! assert_eq!(dot_string("a \"b\"\nc"), r#""a \"b\"\nc""#);
//! assert_eq!(dot_string("{x|y} & <z>"), r#""\{x\|y\} &amp; \<z\>""#);
//! ```

/// The invisible character written after every user backslash (see the module docs).
const WORD_JOINER: char = '\u{2060}';

/// True for the bytes that may start a character [`dot_string`] rewrites:
/// the ASCII specials, C0 controls and DEL, and 0xC2, the lead byte of the C1
/// controls (U+0080 to U+009F; other characters led by 0xC2 are kept).
const fn special_bytes() -> [bool; 256] {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = true;
        b += 1;
    }
    t[0x7f] = true;
    t[0xc2] = true;
    let specials = b"\"\\{}<>|&";
    let mut i = 0;
    while i < specials.len() {
        t[specials[i] as usize] = true;
        i += 1;
    }
    t
}

static SPECIAL: [bool; 256] = special_bytes();

/// Quotes and escapes `s` as a DOT string (see the module docs for the rules).
pub fn dot_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut rest = s;
    while let Some(at) = rest.bytes().position(|b| SPECIAL[b as usize]) {
        out.push_str(&rest[..at]);
        let mut chars = rest[at..].chars();
        let c = chars.next().unwrap_or_default();
        rest = chars.as_str();
        match c {
            '"' => out.push_str("\\\""),
            '\\' => {
                out.push_str("\\\\");
                out.push(WORD_JOINER);
            }
            '\r' => {
                rest = rest.strip_prefix('\n').unwrap_or(rest);
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            '{' | '}' | '<' | '>' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '&' => out.push_str("&amp;"),
            c if c.is_control() => {} // other control characters are dropped
            c => out.push(c),         // led by 0xC2 but not a control: kept
        }
    }
    out.push_str(rest);
    out.push('"');
    out
}

/// Escapes `s` as text inside a Graphviz HTML-like label (`<TD>text</TD>`):
/// `&`, `<`, `>`, `"` and `'` become entities, line breaks become spaces and
/// other control characters are dropped. Backslashes need nothing: HTML-like
/// labels have no escape sequences.
///
/// ```
/// use coopnet::export::escape::html_text;
/// assert_eq!(html_text("R&D <b>\"x\"</b>"), "R&amp;D &lt;b&gt;&quot;x&quot;&lt;/b&gt;");
/// ```
pub fn html_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s, |c| match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '"' => Some("&quot;"),
        '\'' => Some("&#39;"),
        '\n' | '\r' | '\t' => Some(" "),
        c if c.is_control() => Some(""),
        _ => None,
    });
    out
}

/// Appends `s` to `out` with every character `rule` names replaced by its
/// text (the empty text drops it); the others are kept.
fn escape_into(out: &mut String, s: &str, rule: impl Fn(char) -> Option<&'static str>) {
    for c in s.chars() {
        match rule(c) {
            Some(text) => out.push_str(text),
            None => out.push(c),
        }
    }
}

/// Escapes `s` for XML 1.0 text or a double- or single-quoted attribute value:
/// `&`, `<`, `>`, `"`, `'` become entities; tab, newline and carriage return
/// become character references (so they survive attribute-value
/// normalisation); characters XML 1.0 forbids (other C0 controls, U+FFFE,
/// U+FFFF) are dropped.
///
/// ```
/// use coopnet::export::escape::xml_text;
/// assert_eq!(xml_text("a<b & \"c\"\n\u{1}"), "a&lt;b &amp; &quot;c&quot;&#10;");
/// ```
pub fn xml_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_xml_text(&mut out, s);
    out
}

/// Appends [`xml_text`]`(s)` to `out` without an intermediate allocation.
pub fn push_xml_text(out: &mut String, s: &str) {
    escape_into(out, s, |c| match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '"' => Some("&quot;"),
        '\'' => Some("&apos;"),
        '\t' => Some("&#9;"),
        '\n' => Some("&#10;"),
        '\r' => Some("&#13;"),
        '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => Some(""),
        _ => None,
    });
}

/// Shortens `s` to at most `max` characters for a visible label, ending it
/// with `…` when cut. Tooltips keep the full text.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A CSV field, quoted when it holds a delimiter (`,` or `;`), a quote or a
/// line break, with inner quotes doubled (RFC 4180).
///
/// ```
/// use coopnet::export::escape::csv_field;
/// assert_eq!(csv_field("RU-KOS"), "RU-KOS");
/// assert_eq!(csv_field("ООО \"Алмаз\", Якутск"), "\"ООО \"\"Алмаз\"\", Якутск\"");
/// ```
pub fn csv_field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([',', ';', '"', '\n', '\r']) {
        std::borrow::Cow::Owned(format!("\"{}\"", s.replace('"', "\"\"")))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// A Markdown table cell: `|` escaped, line breaks turned into spaces.
///
/// ```
/// assert_eq!(coopnet::export::escape::md_cell("a|b\nc"), "a\\|b c");
/// ```
pub fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_string_escapes_everything_dangerous() {
        assert_eq!(dot_string(""), "\"\"");
        assert_eq!(dot_string("node"), "\"node\"");
        assert_eq!(dot_string("a\\"), "\"a\\\\\u{2060}\"");
        assert_eq!(dot_string("x\r\ny\rz"), "\"x\\ny\\nz\"");
        assert_eq!(dot_string("t\tu\u{7}v\u{85}w\u{7f}"), "\"t uvw\"");
        // characters led by the byte 0xC2 that are not controls are kept
        assert_eq!(dot_string("§ ° ± é"), "\"§ ° ± é\"");
        // no raw quote, newline or lone trailing backslash can survive
        for hostile in ["\"", "\\", "\\\"", "a\"];\nn9 [label=\"x", "}\ngraph {"] {
            let e = dot_string(hostile);
            let inner = &e[1..e.len() - 1];
            assert!(!inner.contains('\n'));
            let mut backslashes = 0;
            for c in inner.chars() {
                if c == '"' {
                    assert_eq!(backslashes % 2, 1, "unescaped quote in {e}");
                }
                backslashes = if c == '\\' { backslashes + 1 } else { 0 };
            }
            assert_eq!(backslashes % 2, 0, "dangling backslash in {e}");
        }
    }

    #[test]
    fn xml_text_drops_forbidden_characters() {
        assert_eq!(xml_text("\u{0}\u{b}\u{ffff}ok'"), "ok&apos;");
        assert_eq!(xml_text("Кострома"), "Кострома");
    }

    #[test]
    fn shorten_counts_characters_not_bytes() {
        assert_eq!(shorten("Кострома", 8), "Кострома");
        assert_eq!(shorten("Костромская область", 6), "Костр…");
    }
}
