//! Text encodings: detecting the one a file was saved in and decoding it.
//!
//! Spreadsheets save CSV in the encoding of the system they run on. Detected,
//! in this order:
//!
//! 1. a byte-order mark: UTF-8 (Excel's "CSV UTF-8"), UTF-16 LE or BE
//!    (Excel's "Unicode text", tab-delimited);
//! 2. text that is valid UTF-8 is UTF-8 (plain ASCII included: it reads the
//!    same in every encoding here);
//! 3. text that is UTF-8 except for a few bytes is reported, with the line of
//!    the first bad byte, and never decoded in another encoding (a cell pasted
//!    from a file in another encoding, or a file cut short inside a letter);
//! 4. anything else is a single-byte encoding, guessed by `chardetng`
//!    (Firefox's detector, on top of `encoding_rs`) from the letters it
//!    makes: Windows-1251 (Cyrillic), Windows-1252 (Western Europe; the same
//!    as ISO-8859-1 for every printable character), ISO-8859-15, Windows-1250
//!    or ISO-8859-2 (Central Europe).
//!
//! A guess comes with a [`Confidence`]: `certain` for a byte-order mark, valid
//! UTF-8 or an encoding named by the user, `high` for a guess resting on
//! enough letters that all read as letters, `low` otherwise (then check the
//! names in [`Decoded::sample`], and name the encoding with
//! [`crate::load::LoadOptions::encoding`] if they look wrong).

use std::fmt;

use serde::Serialize;

use crate::error::{Error, Problem, Result};

/// The text encoding a file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark (what Excel's "CSV UTF-8" writes).
    Utf8Bom,
    /// UTF-16, little-endian, with a byte-order mark (Excel's "Unicode text").
    Utf16Le,
    /// UTF-16, big-endian, with a byte-order mark.
    Utf16Be,
    /// Windows-1251 (Cyrillic; what Excel writes on Russian systems).
    Windows1251,
    /// Windows-1252 (Western European; a superset of ISO-8859-1).
    Windows1252,
    /// ISO-8859-15 (Western European with the euro sign, Š, Ž, Œ).
    Iso8859_15,
    /// Windows-1250 (Central European: Polish, Czech, Slovak, Hungarian, ...).
    Windows1250,
    /// ISO-8859-2 (Central European).
    Iso8859_2,
    /// Another encoding `encoding_rs` knows (named by the user, or guessed by
    /// the detector for text in none of the encodings above).
    Other(&'static encoding_rs::Encoding),
}

impl Encoding {
    /// The encodings detected without being named, in the order of the module docs.
    pub const DETECTED: [Encoding; 9] = [
        Encoding::Utf8,
        Encoding::Utf8Bom,
        Encoding::Utf16Le,
        Encoding::Utf16Be,
        Encoding::Windows1251,
        Encoding::Windows1252,
        Encoding::Iso8859_15,
        Encoding::Windows1250,
        Encoding::Iso8859_2,
    ];

    /// The `encoding_rs` encoding that decodes it.
    pub fn codec(self) -> &'static encoding_rs::Encoding {
        match self {
            Encoding::Utf8 | Encoding::Utf8Bom => encoding_rs::UTF_8,
            Encoding::Utf16Le => encoding_rs::UTF_16LE,
            Encoding::Utf16Be => encoding_rs::UTF_16BE,
            Encoding::Windows1251 => encoding_rs::WINDOWS_1251,
            Encoding::Windows1252 => encoding_rs::WINDOWS_1252,
            Encoding::Iso8859_15 => encoding_rs::ISO_8859_15,
            Encoding::Windows1250 => encoding_rs::WINDOWS_1250,
            Encoding::Iso8859_2 => encoding_rs::ISO_8859_2,
            Encoding::Other(e) => e,
        }
    }

    /// The encoding of an `encoding_rs` codec (without a byte-order mark).
    pub fn of_codec(codec: &'static encoding_rs::Encoding) -> Encoding {
        Encoding::DETECTED
            .into_iter()
            .filter(|e| *e != Encoding::Utf8Bom)
            .find(|e| e.codec() == codec)
            .unwrap_or(Encoding::Other(codec))
    }

    /// Parses a name as a user writes it: `utf-8`, `UTF-16LE`, `windows-1251`,
    /// `cp1252`, `latin1`, `iso-8859-15`, `latin2`, ... (the WHATWG labels
    /// `encoding_rs` knows, case-insensitive, plus `cpNNNN`). `latin1` and
    /// `iso-8859-1` are Windows-1252, which agrees with them on every
    /// printable character.
    ///
    /// ```
    /// use coopnet::load::Encoding;
    /// assert_eq!(Encoding::parse("cp1251"), Ok(Encoding::Windows1251));
    /// assert_eq!(Encoding::parse("Latin1"), Ok(Encoding::Windows1252));
    /// assert!(Encoding::parse("klingon").is_err());
    /// ```
    ///
    /// # Errors
    ///
    /// The reason, listing the encodings detected without a name, when the
    /// name is unknown.
    pub fn parse(name: &str) -> std::result::Result<Encoding, String> {
        let trimmed = name.trim();
        let lower = trimmed.to_ascii_lowercase();
        let label = match lower.strip_prefix("cp") {
            Some(digits) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
                format!("windows-{digits}")
            }
            _ => lower.replace('_', "-"),
        };
        let label = match label.as_str() {
            "utf-8-bom" | "utf8-bom" | "utf-8 with bom" => return Ok(Encoding::Utf8Bom),
            "utf16" | "utf-16" => "utf-16le",
            "utf16le" => "utf-16le",
            "utf16be" => "utf-16be",
            l => l,
        };
        match encoding_rs::Encoding::for_label(label.as_bytes()) {
            Some(codec) if codec != encoding_rs::REPLACEMENT => Ok(Encoding::of_codec(codec)),
            _ => Err(format!(
                "{trimmed:?} is not an encoding coopnet knows; use one of {}",
                Encoding::DETECTED
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    /// True for the two UTF-16 encodings.
    pub fn is_utf16(self) -> bool {
        matches!(self, Encoding::Utf16Le | Encoding::Utf16Be)
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Windows1251 => "Windows-1251",
            Encoding::Windows1252 => "Windows-1252",
            Encoding::Iso8859_15 => "ISO-8859-15",
            Encoding::Windows1250 => "Windows-1250",
            Encoding::Iso8859_2 => "ISO-8859-2",
            Encoding::Other(e) => e.name(),
        })
    }
}

impl Serialize for Encoding {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Encoding {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Encoding::parse(&name).map_err(serde::de::Error::custom)
    }
}

impl std::str::FromStr for Encoding {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        Encoding::parse(s)
    }
}

/// How sure the detection of an encoding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// A guess on little evidence, or one whose decoding looks odd: check the sample.
    Low,
    /// A guess resting on enough letters that all decode as letters.
    High,
    /// A byte-order mark, valid UTF-8, or an encoding named by the user.
    Certain,
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Confidence::Low => "low",
            Confidence::High => "high",
            Confidence::Certain => "certain",
        })
    }
}

/// A decoded file.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text (without a byte-order mark).
    pub text: String,
    /// The encoding it was read in.
    pub encoding: Encoding,
    /// How sure that is.
    pub confidence: Confidence,
}

impl Decoded {
    /// A line of the text with letters beyond ASCII (trimmed, at most 100
    /// characters), to show a user what a guess made of them; `None` for
    /// plain ASCII.
    pub fn sample(&self) -> Option<String> {
        sample(&self.text)
    }
}

/// A line of `text` with the most letters beyond ASCII among its first lines
/// that have any (see [`Decoded::sample`]).
pub fn sample(text: &str) -> Option<String> {
    let line = text
        .lines()
        .filter(|l| !l.is_ascii())
        .take(20)
        .max_by_key(|l| {
            l.chars()
                .filter(|c| !c.is_ascii() && c.is_alphabetic())
                .count()
        })?;
    let line = line.trim();
    Some(if line.chars().count() > 100 {
        format!("{}...", line.chars().take(100).collect::<String>())
    } else {
        line.to_string()
    })
}

/// Non-ASCII letters a single-byte guess needs for [`Confidence::High`].
const SURE_LETTERS: usize = 3;

/// Bytes fed to the detector: enough for any guess to settle, a bounded cost
/// on a large file.
const DETECT_SAMPLE: usize = 1 << 20;

/// Decodes a file's bytes in `forced` when given, otherwise in the detected
/// encoding (see the module docs); `file` names it in problems.
///
/// # Errors
///
/// [`Error::Invalid`] with the line of the first bad byte when the text is
/// not valid in the encoding named, or is UTF-8 but for a few bytes.
pub fn decode(raw: Vec<u8>, file: &str, forced: Option<Encoding>) -> Result<Decoded> {
    if let Some(encoding) = forced {
        return decode_as(raw, file, encoding);
    }
    if raw.starts_with(b"\xEF\xBB\xBF") {
        return decode_as(raw, file, Encoding::Utf8Bom);
    }
    if raw.starts_with(b"\xFF\xFE") {
        return decode_as(raw, file, Encoding::Utf16Le);
    }
    if raw.starts_with(b"\xFE\xFF") {
        return decode_as(raw, file, Encoding::Utf16Be);
    }
    if let Some(problem) = utf16_without_bom(&raw, file) {
        return Err(Error::invalid(problem));
    }
    let raw = match String::from_utf8(raw) {
        Ok(text) => {
            return Ok(Decoded {
                text,
                encoding: Encoding::Utf8,
                confidence: Confidence::Certain,
            });
        }
        Err(e) => e.into_bytes(),
    };
    if let Some(problem) = mostly_utf8(&raw, file) {
        return Err(Error::invalid(problem));
    }
    Ok(guess_single_byte(&raw))
}

/// Decodes in `encoding`, dropping its byte-order mark if the text starts with one.
fn decode_as(raw: Vec<u8>, file: &str, encoding: Encoding) -> Result<Decoded> {
    let confidence = Confidence::Certain;
    let codec = encoding.codec();
    if codec == encoding_rs::UTF_8 {
        let mut raw = raw;
        let bom = raw.starts_with(b"\xEF\xBB\xBF");
        if bom {
            raw.drain(..3); // in place: no second copy of the file
        }
        return match String::from_utf8(raw) {
            Ok(text) => Ok(Decoded {
                text,
                encoding: if bom {
                    Encoding::Utf8Bom
                } else {
                    Encoding::Utf8
                },
                confidence,
            }),
            Err(e) => Err(Error::invalid(bad_utf8(e.as_bytes(), file, true))),
        };
    }
    let bom: &[u8] = match encoding {
        Encoding::Utf16Le => b"\xFF\xFE",
        Encoding::Utf16Be => b"\xFE\xFF",
        _ => b"",
    };
    let body = raw.strip_prefix(bom).unwrap_or(&raw);
    match codec.decode_without_bom_handling_and_without_replacement(body) {
        Some(text) => Ok(Decoded {
            text: text.into_owned(),
            encoding,
            confidence,
        }),
        None => {
            let (text, _) = codec.decode_without_bom_handling(body);
            let line = text
                .lines()
                .position(|l| l.contains('\u{FFFD}'))
                .map_or(1, |i| i as u64 + 1);
            let reason = if encoding.is_utf16() && body.len() % 2 == 1 {
                format!(
                    "is not valid {encoding}: it has an odd number of bytes (was it cut short?)"
                )
            } else {
                format!("is not valid {encoding} from this line on (a letter cannot be decoded)")
            };
            Err(Error::invalid(Problem::line(file, line, reason)))
        }
    }
}

/// The problem for UTF-8 text with a bad byte (`bytes` from its start);
/// `named` when the user named UTF-8, rather than it being detected.
fn bad_utf8(bytes: &[u8], file: &str, named: bool) -> Problem {
    let Err(e) = std::str::from_utf8(bytes) else {
        return Problem::file(file, "is not valid UTF-8");
    };
    let at = e.valid_up_to();
    let line = memchr::memchr_iter(b'\n', &bytes[..at]).count() as u64 + 1;
    let line_start = bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    // the column in letters: everything before the bad byte on its line is valid
    let column = String::from_utf8_lossy(&bytes[line_start..at])
        .chars()
        .count()
        + 1;
    if e.error_len().is_none() {
        return Problem::line(
            file,
            line,
            "ends in the middle of a letter: the file seems cut short (save or copy it again)",
        );
    }
    let byte = bytes[at];
    Problem::line(
        file,
        line,
        if named {
            format!(
                "is not valid UTF-8 at character {column} (byte 0x{byte:02X}), the encoding named; name the file's own encoding, or leave it to be detected"
            )
        } else {
            format!(
                "is not valid UTF-8 at character {column} (byte 0x{byte:02X}) though the rest of the file is UTF-8: was text pasted from a file in another encoding? Retype that text, or save the file again as UTF-8"
            )
        },
    )
}

/// When `raw` (not valid UTF-8) is UTF-8 but for a few bytes, the problem to
/// report: at least as many well-formed multi-byte letters as bad bytes, or
/// only an incomplete letter at the very end. A file in a single-byte
/// encoding is almost never so (its letters are bytes above 0x7F followed
/// by ASCII, which UTF-8 never has).
fn mostly_utf8(raw: &[u8], file: &str) -> Option<Problem> {
    let (mut letters, mut bad) = (0usize, 0usize);
    let mut rest = raw;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                letters += count_multibyte(s.as_bytes());
                break;
            }
            Err(e) => {
                letters += count_multibyte(&rest[..e.valid_up_to()]);
                match e.error_len() {
                    Some(n) => {
                        bad += 1;
                        rest = &rest[e.valid_up_to() + n..];
                    }
                    None => {
                        // an incomplete letter at the very end
                        if bad == 0 {
                            return Some(bad_utf8(raw, file, false));
                        }
                        bad += 1;
                        break;
                    }
                }
            }
        }
        // a single-byte file has far more bad bytes than letters: stop counting early
        if bad > 64 && bad > 4 * letters {
            return None;
        }
    }
    (letters > 0 && letters >= bad).then(|| bad_utf8(raw, file, false))
}

/// Number of multi-byte characters in valid UTF-8 (their lead bytes).
fn count_multibyte(valid: &[u8]) -> usize {
    valid.iter().filter(|&&b| b >= 0xC0).count()
}

/// When `raw` looks like UTF-16 saved without a byte-order mark (a NUL byte
/// beside most ASCII characters), the problem to report: coopnet does not
/// guess the byte order.
fn utf16_without_bom(raw: &[u8], file: &str) -> Option<Problem> {
    let head = &raw[..raw.len().min(4096)];
    let nuls = memchr::memchr_iter(0, head).count();
    (head.len() >= 4 && nuls * 3 >= head.len()).then(|| {
        Problem::file(
            file,
            "looks like UTF-16 without a byte-order mark; save it again as UTF-8 (\"CSV UTF-8\" in Excel) or name the encoding (UTF-16LE or UTF-16BE)",
        )
    })
}

/// Guesses the single-byte encoding of `raw` (not UTF-8) and decodes it.
fn guess_single_byte(raw: &[u8]) -> Decoded {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let sample_end = if raw.len() <= DETECT_SAMPLE {
        raw.len()
    } else {
        // cut the sample at a line end, so no letter is split
        raw[..DETECT_SAMPLE]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(DETECT_SAMPLE, |i| i + 1)
    };
    let sample = &raw[..sample_end];
    detector.feed(sample, sample_end == raw.len());
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    let mut encoding = Encoding::of_codec(guess);
    // A guess outside the expected encodings is named as the expected one
    // that decodes this file to the same text (Windows-1257 and Windows-1252
    // agree on ä, ö, ü and ß), or else as the expected one of its script
    // (KOI8-R as Windows-1251, ISO-8859-4 as ISO-8859-2), with low confidence:
    // the detector leans to Baltic and other encodings on a few letters.
    let mut mapped = false;
    if let Encoding::Other(codec) = encoding {
        let (text, _) = codec.decode_without_bom_handling(sample);
        let same = [
            Encoding::Windows1252,
            Encoding::Windows1250,
            Encoding::Windows1251,
            Encoding::Iso8859_2,
        ]
        .into_iter()
        .find(|e| e.codec().decode_without_bom_handling(sample).0 == text);
        if let Some(same) = same {
            encoding = same;
        } else if let Some(kin) = of_script(codec) {
            encoding = kin;
            mapped = true;
        }
    }
    if encoding == Encoding::Windows1252 && looks_iso8859_15(sample) {
        encoding = Encoding::Iso8859_15;
    }
    let (text, _) = encoding.codec().decode_without_bom_handling(raw);
    let text = text.into_owned();
    let confidence = if mapped {
        Confidence::Low
    } else {
        let mut end = DETECT_SAMPLE.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        assess(&text[..end], encoding)
    };
    Decoded {
        text,
        encoding,
        confidence,
    }
}

/// The expected encoding of the script of `codec`, for the single-byte
/// encodings the detector may guess beyond the expected ones.
fn of_script(codec: &'static encoding_rs::Encoding) -> Option<Encoding> {
    use encoding_rs as e;
    if [
        e::KOI8_R,
        e::KOI8_U,
        e::IBM866,
        e::ISO_8859_5,
        e::X_MAC_CYRILLIC,
    ]
    .contains(&codec)
    {
        Some(Encoding::Windows1251)
    } else if [
        e::ISO_8859_4,
        e::ISO_8859_13,
        e::ISO_8859_16,
        e::ISO_8859_3,
        e::ISO_8859_10,
    ]
    .contains(&codec)
    {
        Some(Encoding::Iso8859_2)
    } else if codec == e::WINDOWS_1257 {
        Some(Encoding::Windows1250)
    } else if [e::WINDOWS_1254, e::WINDOWS_1258, e::ISO_8859_14].contains(&codec) {
        Some(Encoding::Windows1252)
    } else {
        None
    }
}

/// True when bytes that are letters in ISO-8859-15 and signs in Windows-1252
/// (Š š Ž ž Œ œ Ÿ against ¦ ¨ ´ ¸ ¼ ½ ¾) stand inside words, and no byte is
/// in 0x80..0x9F (control codes in ISO-8859-15).
fn looks_iso8859_15(raw: &[u8]) -> bool {
    if raw.iter().any(|b| (0x80..0xA0).contains(b)) {
        return false;
    }
    let letter = |b: u8| b.is_ascii_alphabetic() || (b >= 0xC0 && b != 0xD7 && b != 0xF7);
    raw.windows(3).any(|w| {
        matches!(w[1], 0xA6 | 0xA8 | 0xB4 | 0xB8 | 0xBC | 0xBD | 0xBE)
            && letter(w[0])
            && letter(w[2])
    })
}

/// The confidence of a single-byte guess: high when at least
/// [`SURE_LETTERS`] characters beyond ASCII are letters and none is a sign
/// or control code inside a word or a letter of another script beside
/// Latin ones.
fn assess(text: &str, encoding: Encoding) -> Confidence {
    if matches!(encoding, Encoding::Other(_)) {
        return Confidence::Low;
    }
    let mut letters = 0;
    let mut prev: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_ascii() {
            let next = chars.peek().copied();
            let inside_word =
                prev.is_some_and(char::is_alphabetic) && next.is_some_and(char::is_alphabetic);
            if c.is_alphabetic() {
                let cyrillic = ('\u{400}'..='\u{4FF}').contains(&c);
                let latin_beside = |o: Option<char>| o.is_some_and(|o| o.is_ascii_alphabetic());
                if cyrillic && (latin_beside(prev) || latin_beside(next)) {
                    return Confidence::Low; // "Thьringen"
                }
                letters += 1;
            } else if inside_word || c.is_control() {
                return Confidence::Low; // "Th¸ringen"
            }
        }
        prev = Some(c);
    }
    if letters >= SURE_LETTERS {
        Confidence::High
    } else {
        Confidence::Low
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(text: &str, encoding: Encoding) -> Decoded {
        let (bytes, _, unmappable) = encoding.codec().encode(text);
        assert!(!unmappable, "{text} in {encoding}");
        let d = decode(bytes.into_owned(), "t.csv", None).expect("decodes");
        assert_eq!(d.text, text, "{encoding}");
        d
    }

    const RUSSIAN: &str = "id;name\nRU-KOS;Костромская область\nRU-SA;Республика Саха (Якутия)\n";
    const GERMAN: &str = "id;name\nDE-TH;Thüringen\nDE-BW;Baden-Württemberg\nDE-SL;Saarländische Stahlwerke GmbH\nDE-BY;Großhändler München\n";
    const POLISH: &str = "id;name\nPL-DS;Dolnośląskie\nPL-LD;Łódzkie\nPL-SK;Świętokrzyskie\nPL-WP;Wielkopolska Spółdzielnia Mleczarska\nPL-PM;Gdańsk, Zakłady Żeglugi\n";
    const CZECH: &str = "id;name\nCZ-JM;Jihomoravský kraj\nCZ-US;Ústecký kraj\nCZ-VY;Kraj Vysočina\nCZ-PL;Plzeňský kraj, Škoda Transportation\nCZ-LI;Liberecký kraj, Třinecké železárny\n";

    #[test]
    fn single_byte_encodings_are_detected_from_their_letters() {
        let d = detect(RUSSIAN, Encoding::Windows1251);
        assert_eq!(
            (d.encoding, d.confidence),
            (Encoding::Windows1251, Confidence::High)
        );
        let d = detect(GERMAN, Encoding::Windows1252);
        assert_eq!(
            (d.encoding, d.confidence),
            (Encoding::Windows1252, Confidence::High)
        );
        for text in [POLISH, CZECH] {
            for enc in [Encoding::Windows1250, Encoding::Iso8859_2] {
                let d = detect(text, enc);
                assert_eq!(d.encoding, enc, "{text}");
            }
        }
        let d = detect(
            "id,name\nFR-1,Cœur de Bourgogne\nEE-1,Tšaikovski\n",
            Encoding::Iso8859_15,
        );
        assert_eq!(d.encoding, Encoding::Iso8859_15);
    }

    #[test]
    fn byte_order_marks_and_utf8() {
        for (bom, enc) in [
            (&b"\xFF\xFE"[..], Encoding::Utf16Le),
            (&b"\xFE\xFF"[..], Encoding::Utf16Be),
        ] {
            let mut bytes = bom.to_vec();
            for u in RUSSIAN.encode_utf16() {
                let b = if enc == Encoding::Utf16Le {
                    u.to_le_bytes()
                } else {
                    u.to_be_bytes()
                };
                bytes.extend(b);
            }
            let d = decode(bytes, "t.csv", None).expect("decodes");
            assert_eq!((d.text.as_str(), d.encoding), (RUSSIAN, enc));
        }
        let d = decode(format!("\u{feff}{GERMAN}").into_bytes(), "t.csv", None).expect("decodes");
        assert_eq!(
            (d.text.as_str(), d.encoding, d.confidence),
            (GERMAN, Encoding::Utf8Bom, Confidence::Certain)
        );
        let d = decode(POLISH.as_bytes().to_vec(), "t.csv", None).expect("decodes");
        assert_eq!(d.encoding, Encoding::Utf8);
    }

    #[test]
    fn utf8_with_a_stray_byte_is_reported_at_its_line() {
        let mut bytes = RUSSIAN.as_bytes().to_vec();
        bytes.extend(b"RU-TUL;\xD2\xF3\xEB\xFC\xF1\xEA\xE0\xFF\n"); // one cell in Windows-1251
        let e = decode(bytes, "t.csv", None).unwrap_err();
        assert_eq!(e.problems()[0].line, Some(4), "{e}");
        assert!(
            e.problems()[0].reason.contains("character 8 (byte 0xD2)"),
            "{e}"
        );
        // cut inside a letter
        let bytes = RUSSIAN.as_bytes()[..RUSSIAN.len() - 3].to_vec();
        let e = decode(bytes, "t.csv", None).unwrap_err();
        assert!(e.problems()[0].reason.contains("cut short"), "{e}");
        assert_eq!(e.problems()[0].line, Some(3));
    }

    #[test]
    fn a_named_encoding_is_used_and_checked() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(GERMAN);
        let d = decode(bytes.to_vec(), "t.csv", Some(Encoding::Windows1252)).expect("decodes");
        assert_eq!(
            (d.text.as_str(), d.confidence),
            (GERMAN, Confidence::Certain)
        );
        let e = decode(bytes.to_vec(), "t.csv", Some(Encoding::Utf8)).unwrap_err();
        assert_eq!(e.problems()[0].line, Some(2), "{e}");
        let e = decode(vec![0xFF, 0xFE, b'a'], "t.csv", Some(Encoding::Utf16Le)).unwrap_err();
        assert!(e.problems()[0].reason.contains("odd number"), "{e}");
        assert_eq!(Encoding::parse("UTF-16"), Ok(Encoding::Utf16Le));
        assert_eq!(Encoding::parse("iso-8859-2"), Ok(Encoding::Iso8859_2));
        assert_eq!(Encoding::parse("cp1250"), Ok(Encoding::Windows1250));
        assert_eq!(
            Encoding::parse("koi8-r").map(|e| e.to_string()).as_deref(),
            Ok("KOI8-R")
        );
        assert!(Encoding::parse("utf-7").is_err());
    }

    #[test]
    fn utf16_without_a_bom_is_reported() {
        let bytes: Vec<u8> = "id,name\nA,Ä\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let e = decode(bytes, "t.csv", None).unwrap_err();
        assert!(
            e.problems()[0]
                .reason
                .contains("UTF-16 without a byte-order mark"),
            "{e}"
        );
    }

    #[test]
    fn odd_decodings_have_low_confidence() {
        assert_eq!(assess("Thьringen", Encoding::Windows1251), Confidence::Low);
        assert_eq!(
            assess("Th¸ringen Thüringen", Encoding::Windows1252),
            Confidence::Low
        );
        assert_eq!(assess("Müller", Encoding::Windows1252), Confidence::Low); // one letter
        assert_eq!(
            assess("Müller Jürgen Köln", Encoding::Windows1252),
            Confidence::High
        );
        let d = detect("id,name\nA,Müller\n", Encoding::Windows1252);
        assert_eq!(d.sample().as_deref(), Some("A,Müller"));
    }
}
