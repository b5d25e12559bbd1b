//! Running Graphviz to turn a DOT map into SVG, PNG or PDF, with a time limit.
//!
//! The program ([`Engine::program`]) is looked up on `PATH`; when it is
//! missing the error says how to install Graphviz. The DOT text goes in on
//! standard input, the picture comes back on standard output and is written
//! atomically ([`crate::output::write_atomic`]), so a failed or timed-out run
//! leaves no file behind. A run that takes longer than the limit is killed.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::dot::Engine;
use crate::error::{Error, Result};

/// Default time limit of one Graphviz run, in seconds.
pub const DEFAULT_TIMEOUT_SECS: u64 = 120;

/// How to install Graphviz, for error messages.
pub const INSTALL_HINT: &str = "install Graphviz: `sudo apt install graphviz` (Debian, Ubuntu), \
`brew install graphviz` (macOS), `choco install graphviz` (Windows), or see \
https://graphviz.org/download/";

/// The picture formats Graphviz writes for coopnet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RenderFormat {
    /// Scalable vector graphics (tooltips work in a browser).
    Svg,
    /// A bitmap.
    Png,
    /// A PDF page.
    Pdf,
}

impl RenderFormat {
    /// The `-T` value and the file extension.
    pub fn name(self) -> &'static str {
        match self {
            RenderFormat::Svg => "svg",
            RenderFormat::Png => "png",
            RenderFormat::Pdf => "pdf",
        }
    }

    /// The format a file extension names, if any (`map.svg` is SVG).
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "svg" => Some(RenderFormat::Svg),
            "png" => Some(RenderFormat::Png),
            "pdf" => Some(RenderFormat::Pdf),
            _ => None,
        }
    }
}

/// What a successful run produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// The file written.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: usize,
    /// How long Graphviz ran.
    pub elapsed: Duration,
    /// Graphviz's warnings (its standard error), one per line.
    pub warnings: Vec<String>,
}

impl Rendered {
    /// Writes a program's output `bytes` to `out` atomically and describes it;
    /// `started` is when the program was started.
    pub(crate) fn write(
        out: &Path,
        bytes: &[u8],
        warnings: Vec<String>,
        started: Instant,
    ) -> Result<Rendered> {
        crate::output::write_atomic(out, bytes)?;
        Ok(Rendered {
            path: out.to_path_buf(),
            bytes: bytes.len(),
            elapsed: started.elapsed(),
            warnings,
        })
    }
}

/// The full path of `program` when it is on `PATH` (with `.exe` tried on Windows).
pub fn find_program(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find_map(|dir| {
        let candidate = dir.join(program);
        if candidate.is_file() {
            return Some(candidate);
        }
        let exe = dir.join(format!("{program}.exe"));
        exe.is_file().then_some(exe)
    })
}

/// True when Graphviz's `dot` is on `PATH`.
pub fn graphviz_available() -> bool {
    find_program("dot").is_some()
}

/// Runs `engine` on `dot` and returns the picture's bytes.
///
/// # Errors
///
/// [`Error::External`] when the program is missing (with [`INSTALL_HINT`]),
/// fails, or runs past `timeout` (it is then killed).
pub fn render_bytes(
    dot: &str,
    engine: Engine,
    format: RenderFormat,
    timeout: Duration,
) -> Result<(Vec<u8>, Vec<String>)> {
    let program = engine.program();
    let Some(exe) = find_program(program) else {
        return Err(Error::External {
            program: program.into(),
            reason: format!("not found on PATH; {INSTALL_HINT}"),
        });
    };
    let mut args: Vec<String> = engine.flags().iter().map(|f| f.to_string()).collect();
    args.push(format!("-T{}", format.name()));
    run_with_limit(program, &exe, &args, dot.as_bytes(), timeout)
}

/// Runs `exe args` with `input` on standard input; returns standard output and
/// the lines of standard error. Killed after `timeout`.
pub(crate) fn run_with_limit(
    program: &str,
    exe: &Path,
    args: &[String],
    input: &[u8],
    timeout: Duration,
) -> Result<(Vec<u8>, Vec<String>)> {
    let external = |reason: String| Error::External {
        program: program.into(),
        reason,
    };
    let mut child = Command::new(exe)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| external(format!("cannot start {}: {e}", exe.display())))?;
    // Feed and drain on threads so that a full pipe never blocks the wait below.
    let mut stdin = child.stdin.take();
    let input = input.to_vec();
    let feeder = std::thread::spawn(move || {
        if let Some(s) = stdin.as_mut() {
            // A program that exits early closes the pipe: its exit status tells why.
            let _ = s.write_all(&input);
        }
    });
    let mut stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(s) = stdout.as_mut() {
            let _ = s.read_to_end(&mut buf);
        }
        buf
    });
    let mut stderr = child.stderr.take();
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(s) = stderr.as_mut() {
            let _ = s.read_to_end(&mut buf);
        }
        buf
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= timeout => {
                let _ = child.kill();
                let _ = child.wait();
                // The reader threads are left to end on their own: a grandchild
                // could hold the pipes open, and waiting for it would defeat the limit.
                drop((feeder, reader, err_reader));
                return Err(external(format!(
                    "stopped after {} s (the time limit); raise it with --timeout, or draw \
                     fewer nodes (--projection regions) or with a faster layout (--layout sfdp)",
                    timeout.as_secs_f64()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(external(format!("cannot wait for it: {e}"))),
        }
    };
    let _ = feeder.join();
    let out = reader.join().unwrap_or_default();
    let err = err_reader.join().unwrap_or_default();
    let messages: Vec<String> = String::from_utf8_lossy(&err)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    if !status.success() || out.is_empty() {
        return Err(external(format!(
            "failed ({status}): {}",
            if messages.is_empty() {
                "no message".to_string()
            } else {
                messages.join("; ")
            }
        )));
    }
    Ok((out, messages))
}

/// Runs `engine` on `dot` and writes the picture to `out` atomically.
///
/// # Errors
///
/// As [`render_bytes`], and [`Error::Io`] when `out` cannot be written.
pub fn render_file(
    dot: &str,
    engine: Engine,
    format: RenderFormat,
    out: &Path,
    timeout: Duration,
) -> Result<Rendered> {
    let started = Instant::now();
    let (bytes, warnings) = render_bytes(dot, engine, format, timeout)?;
    Rendered::write(out, &bytes, warnings, started)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_extensions() {
        assert_eq!(
            RenderFormat::from_path(Path::new("a/map.SVG")),
            Some(RenderFormat::Svg)
        );
        assert_eq!(RenderFormat::from_path(Path::new("map.dot")), None);
        assert_eq!(RenderFormat::from_path(Path::new("map")), None);
    }

    #[test]
    fn missing_program_says_how_to_install() {
        assert!(find_program("coopnet-no-such-program").is_none());
        assert!(INSTALL_HINT.contains("apt") && INSTALL_HINT.contains("brew"));
    }

    #[cfg(unix)]
    #[test]
    fn a_run_past_the_limit_is_killed() {
        let started = Instant::now();
        let r = run_with_limit(
            "sh",
            Path::new("/bin/sh"),
            &["-c".into(), "sleep 10".into()],
            b"",
            Duration::from_millis(200),
        );
        let e = r.expect_err("times out");
        assert!(e.to_string().contains("time limit"), "{e}");
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn renders_or_skips_without_graphviz() {
        if !graphviz_available() {
            eprintln!("skipped: Graphviz `dot` is not installed ({INSTALL_HINT})");
            return;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("g.svg");
        let r = render_file(
            "graph g { a -- b }",
            Engine::Dot,
            RenderFormat::Svg,
            &out,
            Duration::from_secs(30),
        )
        .expect("renders");
        assert!(r.bytes > 100);
        assert!(
            std::fs::read_to_string(&out)
                .expect("reads")
                .contains("<svg")
        );
        let bad = render_bytes(
            "graph g { a -- ",
            Engine::Dot,
            RenderFormat::Svg,
            Duration::from_secs(30),
        );
        assert!(bad.is_err());
    }
}
