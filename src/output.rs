//! Writing outputs so that a failed or interrupted run leaves nothing
//! half-written, and no run writes into or over its own inputs.
//!
//! Every file is written to a temporary name beside its destination
//! (`.name.tmp-<pid>-<random>`) and renamed over it only once complete; a
//! rename within one folder is atomic on the file systems coopnet runs on.
//! Output folders are staged the same way ([`StagedDir`]). The process id and
//! the random part make every staging name unique, so two runs writing to the
//! same destination never touch each other's staging: a run removes its own
//! staging, and leftovers of processes that no longer run (a killed run), but
//! never those of a process that is still running.
//!
//! [`check_not_input`] refuses an output that would replace or write into an
//! input, before anything is read or written.

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// Writes `bytes` to `path` atomically (temporary file, then rename), creating
/// the parent folder if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Like [`write_atomic`], with the content produced by `fill` writing into a
/// buffered file. If `fill` fails the temporary file is removed and the
/// destination is untouched.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    if path.is_dir() {
        return Err(Error::io(
            path,
            std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "is a folder; name a file to write",
            ),
        ));
    }
    remove_stale(path);
    let tmp = temp_path(path);
    let result = (|| -> std::io::Result<()> {
        let file = fs::File::create_new(&tmp)?;
        let mut w = std::io::BufWriter::new(file);
        fill(&mut w)?;
        let file = w.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        Ok(())
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(Error::io(path, e));
    }
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

/// A name beside `path` that no other run uses: `.name.<kind>-<pid>-<random>`.
fn side_path(path: &Path, kind: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(
        ".{name}.{kind}-{}-{:016x}",
        std::process::id(),
        rand::random::<u64>()
    ))
}

/// A fresh temporary name for writing `path` (unique to this call).
pub fn temp_path(path: &Path) -> PathBuf {
    side_path(path, "tmp")
}

/// The process id in a staging name `.name.tmp-<pid>` or
/// `.name.tmp-<pid>-<random>` (also `.old-`), when `file_name` is one for `dest_name`.
fn staging_pid(file_name: &str, dest_name: &str) -> Option<u32> {
    let rest = file_name.strip_prefix('.')?.strip_prefix(dest_name)?;
    let rest = rest
        .strip_prefix(".tmp-")
        .or_else(|| rest.strip_prefix(".old-"))?;
    let pid = rest.split('-').next()?;
    pid.parse().ok()
}

/// Whether the process `pid` is still running. Where that cannot be told
/// (no `/proc`), every process counts as running, so nothing is removed.
fn process_running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return true;
    }
    proc.join(pid.to_string()).exists()
}

/// Removes staging folders and files that a run which no longer runs (a
/// killed one) left beside `dest`. Those of running processes, this one
/// included, are left alone: they may be another run's work in progress.
fn remove_stale(dest: &Path) {
    let (Some(parent), Some(name)) = (dest.parent(), dest.file_name()) else {
        return;
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let name = name.to_string_lossy();
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = staging_pid(&file_name, &name) else {
            continue;
        };
        if process_running(pid) {
            continue;
        }
        let path = entry.path();
        let _ = if path.is_dir() {
            fs::remove_dir_all(&path)
        } else {
            fs::remove_file(&path)
        };
    }
}

/// `path` made absolute with every link resolved, also when its last parts do
/// not exist yet (an output about to be written): the longest existing prefix
/// is resolved and the rest appended.
pub fn resolve(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let parts: Vec<Component<'_>> = abs.components().collect();
    for k in (1..=parts.len()).rev() {
        let prefix: PathBuf = parts[..k].iter().collect();
        if let Ok(mut resolved) = prefix.canonicalize() {
            for part in &parts[k..] {
                match part {
                    Component::ParentDir => {
                        resolved.pop();
                    }
                    Component::Normal(p) => resolved.push(p),
                    _ => {}
                }
            }
            return resolved;
        }
    }
    abs
}

/// Refuses an output that would write over or into one of `inputs`: the same
/// file or folder, a file inside an input folder, or, when `replaces` (an
/// output folder replaced as a whole), a folder that holds an input. `name`
/// is the option as the user gives it (`--out`, `out` in a manifest).
///
/// # Errors
///
/// [`Error::Parameter`] naming `name`, the output and the input.
pub fn check_not_input(name: &str, output: &Path, replaces: bool, inputs: &[&Path]) -> Result<()> {
    let out = resolve(output);
    for input in inputs {
        let inp = resolve(input);
        let problem = if out == inp {
            Some("is one of the inputs; it would be overwritten")
        } else if out.starts_with(&inp) {
            Some("is inside an input folder; outputs must go elsewhere")
        } else if replaces && inp.starts_with(&out) {
            Some("holds an input, and the folder would be replaced")
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(Error::parameter(
                name,
                format!(
                    "{} {problem} (input: {}); choose another output",
                    output.display(),
                    input.display()
                ),
            ));
        }
    }
    Ok(())
}

/// An output folder filled as a whole: files go into a hidden staging folder
/// beside the destination, which replaces the destination in one rename on
/// [`StagedDir::commit`]. Dropped without committing, the staging folder is removed.
#[derive(Debug)]
pub struct StagedDir {
    dest: PathBuf,
    staging: PathBuf,
    committed: bool,
}

impl StagedDir {
    /// Starts staging an output folder for `dest`.
    pub fn new(dest: &Path) -> Result<Self> {
        if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        remove_stale(dest);
        let staging = temp_path(dest);
        fs::create_dir(&staging).map_err(|e| Error::io(&staging, e))?;
        Ok(StagedDir {
            dest: dest.to_path_buf(),
            staging,
            committed: false,
        })
    }

    /// Where files are written until the commit.
    pub fn path(&self) -> &Path {
        &self.staging
    }

    /// The final destination.
    pub fn dest(&self) -> &Path {
        &self.dest
    }

    /// Replaces the destination with the staged folder.
    pub fn commit(mut self) -> Result<()> {
        if self.dest.exists() {
            let old = side_path(&self.dest, "old");
            fs::rename(&self.dest, &old).map_err(|e| Error::io(&self.dest, e))?;
            fs::rename(&self.staging, &self.dest).map_err(|e| Error::io(&self.dest, e))?;
            let _ = fs::remove_dir_all(&old);
        } else {
            fs::rename(&self.staging, &self.dest).map_err(|e| Error::io(&self.dest, e))?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for StagedDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_write_leaves_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("out.csv");
        let err = write_atomic_with(&path, |w| {
            w.write_all(b"partial")?;
            Err(std::io::Error::other("boom"))
        });
        assert!(err.is_err());
        assert_eq!(fs::read_dir(dir.path()).expect("list").count(), 0);
        write_atomic(&path, b"done").expect("writes");
        assert_eq!(fs::read(&path).expect("reads"), b"done");
    }

    #[test]
    fn staged_dir_replaces_only_on_commit() {
        let dir = tempfile::tempdir().expect("tempdir");
        let dest = dir.path().join("run");
        {
            let s = StagedDir::new(&dest).expect("stages");
            fs::write(s.path().join("a.txt"), "x").expect("writes");
        }
        assert!(!dest.exists());
        // a staging folder left by a process that no longer runs is cleaned up
        fs::create_dir(dir.path().join(".run.tmp-999999999")).expect("mkdir");
        fs::create_dir(dir.path().join(".run.tmp-999999999-00ff")).expect("mkdir");
        let s = StagedDir::new(&dest).expect("stages");
        fs::write(s.path().join("a.txt"), "y").expect("writes");
        s.commit().expect("commits");
        assert_eq!(fs::read_to_string(dest.join("a.txt")).expect("reads"), "y");
        assert_eq!(fs::read_dir(dir.path()).expect("list").count(), 1);
    }

    #[test]
    fn two_runs_into_one_destination_keep_their_own_staging() {
        let dir = tempfile::tempdir().expect("tempdir");
        let dest = dir.path().join("out");
        let first = StagedDir::new(&dest).expect("stages");
        fs::write(first.path().join("a.txt"), "first").expect("writes");
        // a second run (here: of the same, running process) starts meanwhile
        let second = StagedDir::new(&dest).expect("stages");
        assert_ne!(first.path(), second.path());
        assert!(
            first.path().join("a.txt").is_file(),
            "second run removed the first's staging"
        );
        fs::write(second.path().join("a.txt"), "second").expect("writes");
        first.commit().expect("commits");
        second.commit().expect("commits");
        assert_eq!(
            fs::read_to_string(dest.join("a.txt")).expect("reads"),
            "second"
        );
        assert_eq!(fs::read_dir(dir.path()).expect("list").count(), 1);
    }

    #[test]
    fn staging_names_are_recognised() {
        assert_eq!(staging_pid(".run.tmp-42-00ff", "run"), Some(42));
        assert_eq!(staging_pid(".run.old-42", "run"), Some(42));
        assert_eq!(staging_pid(".run.tmp-42", "runs"), None);
        assert_eq!(staging_pid(".running.tmp-42", "run"), None);
        assert_eq!(staging_pid("run.tmp-42", "run"), None);
    }

    #[test]
    fn outputs_onto_or_into_inputs_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().join("data");
        fs::create_dir(&data).expect("mkdir");
        fs::write(data.join("regions.csv"), "x").expect("writes");
        let inputs = [data.as_path()];
        for (out, replaces) in [
            (data.clone(), true),
            (data.join("regions.csv"), false),
            (data.join("new/report.md"), false),
            (data.join("sub/../regions.csv"), false),
            (dir.path().to_path_buf(), true),
        ] {
            let err = check_not_input("--out", &out, replaces, &inputs).unwrap_err();
            assert!(
                err.is_bad_input() && err.to_string().contains("--out"),
                "{err}"
            );
        }
        for (out, replaces) in [
            (dir.path().join("out"), true),
            (dir.path().join("data-report.md"), false),
            (dir.path().to_path_buf(), false),
        ] {
            check_not_input("--out", &out, replaces, &inputs).expect("allowed");
        }
        // through a link to the input folder
        #[cfg(unix)]
        {
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(&data, &link).expect("symlink");
            assert!(check_not_input("--out", &link.join("regions.csv"), false, &inputs).is_err());
        }
    }
}
