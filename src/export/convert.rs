//! SVG to PNG or PDF through `rsvg-convert` (librsvg), for the choropleth maps
//! that coopnet writes as SVG itself. Run like Graphviz in [`super::render`]:
//! looked up on `PATH`, the SVG on standard input, a time limit, the picture
//! written atomically.

use std::path::Path;
use std::time::{Duration, Instant};

use super::render::{RenderFormat, Rendered, find_program, run_with_limit};
use crate::error::{Error, Result};

/// The converter's program name.
pub const CONVERTER: &str = "rsvg-convert";

/// How to install it, for error messages.
pub const CONVERTER_HINT: &str = "install librsvg: `sudo apt install librsvg2-bin` (Debian, \
Ubuntu), `brew install librsvg` (macOS); or open the SVG in a browser or Inkscape and save it \
as PNG or PDF";

/// True when `rsvg-convert` is on `PATH`.
pub fn converter_available() -> bool {
    find_program(CONVERTER).is_some()
}

/// Converts `svg` to `format` and writes it to `out` atomically; PNG at
/// `dpi` dots per inch (the SVG's units are taken as 1/96 inch, as CSS does).
///
/// # Errors
///
/// [`Error::External`] when `rsvg-convert` is missing (with [`CONVERTER_HINT`]),
/// fails or runs past `timeout`; [`Error::Parameter`] for SVG as the target;
/// [`Error::Io`] when `out` cannot be written.
pub fn convert_svg(
    svg: &str,
    format: RenderFormat,
    out: &Path,
    dpi: u32,
    timeout: Duration,
) -> Result<Rendered> {
    let started = Instant::now();
    let Some(exe) = find_program(CONVERTER) else {
        return Err(Error::External {
            program: CONVERTER.into(),
            reason: format!("not found on PATH; {CONVERTER_HINT}"),
        });
    };
    let target = match format {
        RenderFormat::Png => "png",
        RenderFormat::Pdf => "pdf",
        RenderFormat::Svg => {
            return Err(Error::parameter(
                "--render",
                "the map is SVG already; convert to png or pdf",
            ));
        }
    };
    let args = vec![
        "--format".to_string(),
        target.to_string(),
        "--dpi-x".to_string(),
        dpi.to_string(),
        "--dpi-y".to_string(),
        dpi.to_string(),
        "--zoom".to_string(),
        format!("{}", dpi as f64 / 96.0),
    ];
    let args = if format == RenderFormat::Pdf {
        args[..2].to_vec()
    } else {
        args
    };
    let (bytes, warnings) = run_with_limit(CONVERTER, &exe, &args, svg.as_bytes(), timeout)?;
    Rendered::write(out, &bytes, warnings, started)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_or_says_how_to_install() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10" fill="red"/></svg>"#;
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("x.png");
        match convert_svg(svg, RenderFormat::Png, &out, 192, Duration::from_secs(30)) {
            Ok(r) => {
                let bytes = std::fs::read(&out).expect("written");
                assert!(bytes.starts_with(b"\x89PNG"));
                assert_eq!(r.bytes, bytes.len());
            }
            Err(e) => {
                assert!(!converter_available());
                assert!(e.to_string().contains("librsvg"), "{e}");
                assert!(!out.exists());
            }
        }
        assert!(convert_svg(svg, RenderFormat::Svg, &out, 96, Duration::from_secs(1)).is_err());
    }
}
