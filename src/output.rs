//! Writing outputs so that a failed or interrupted run leaves nothing half-written.
//!
//! Every file is written to a temporary name beside its destination
//! (`.name.tmp-<pid>`) and renamed over it only once complete; a rename within
//! one folder is atomic on the file systems coopnet runs on.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

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
    let tmp = temp_path(path);
    let result = (|| -> std::io::Result<()> {
        let file = fs::File::create(&tmp)?;
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

/// The temporary name used while `path` is being written.
pub fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

/// Removes staging folders and files that an interrupted run left beside
/// `dest` (`.name.tmp-<pid>`, `.name.old-<pid>`).
fn remove_stale(dest: &Path) {
    let (Some(parent), Some(name)) = (dest.parent(), dest.file_name()) else {
        return;
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let prefixes = [
        format!(".{}.tmp-", name.to_string_lossy()),
        format!(".{}.old-", name.to_string_lossy()),
    ];
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if prefixes.iter().any(|p| file_name.starts_with(p)) {
            let path = entry.path();
            let _ = if path.is_dir() {
                fs::remove_dir_all(&path)
            } else {
                fs::remove_file(&path)
            };
        }
    }
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
        remove_stale(dest);
        let staging = temp_path(dest);
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
        }
        fs::create_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
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
            let old = self.dest.with_file_name(format!(
                ".{}.old-{}",
                self.dest
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                std::process::id()
            ));
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
        // a staging folder left by a killed process is cleaned up
        fs::create_dir(dir.path().join(".run.tmp-999999")).expect("mkdir");
        let s = StagedDir::new(&dest).expect("stages");
        fs::write(s.path().join("a.txt"), "y").expect("writes");
        s.commit().expect("commits");
        assert_eq!(fs::read_to_string(dest.join("a.txt")).expect("reads"), "y");
        assert_eq!(fs::read_dir(dir.path()).expect("list").count(), 1);
    }
}
