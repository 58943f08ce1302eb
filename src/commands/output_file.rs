//! `--output-file FILE` and `--write-baseline FILE`: files that appear
//! complete or not at all.
//!
//! Output is written to a temporary file in the target's folder and renamed
//! over the target once everything is written, so a CI step reading FILE
//! (a SARIF upload, a baseline check-in) never sees half a document, and a
//! run that fails part-way leaves the previous FILE as it was.

use super::CommandError;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// A file being written; [`AtomicFile::commit`] puts it in place, dropping
/// it without committing removes the temporary file.
pub(super) struct AtomicFile {
    path: PathBuf,
    writer: BufWriter<NamedTempFile>,
}

impl AtomicFile {
    /// Starts writing `path` (its folder must exist).
    pub(super) fn create(path: &Path) -> Result<AtomicFile, CommandError> {
        let error = |source| CommandError::OutputFile {
            path: path.to_path_buf(),
            source,
        };
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".copydesk-");
        // Temporary files are private (0600); an output is an ordinary file,
        // so ask for 0666 and let the umask narrow it, as for any new file.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        let temp = builder.tempfile_in(dir).map_err(error)?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            writer: BufWriter::new(temp),
        })
    }

    /// Flushes the file and renames it over the target (which keeps its
    /// permissions if it existed).
    pub(super) fn commit(self) -> Result<(), CommandError> {
        let path = self.path;
        let error = |source| CommandError::OutputFile {
            path: path.clone(),
            source,
        };
        let temp = self
            .writer
            .into_inner()
            .map_err(|e| error(e.into_error()))?;
        temp.as_file().sync_all().map_err(error)?;
        if let Ok(existing) = std::fs::metadata(&path) {
            std::fs::set_permissions(temp.path(), existing.permissions()).map_err(error)?;
        }
        temp.persist(&path).map_err(|e| error(e.error))?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.writer.flush()
    }
}

/// Writes `bytes` to `path` atomically.
pub(super) fn write(path: &Path, bytes: &[u8]) -> Result<(), CommandError> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes)
        .map_err(|source| CommandError::OutputFile {
            path: path.to_path_buf(),
            source,
        })?;
    file.commit()
}
