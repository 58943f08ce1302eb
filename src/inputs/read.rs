//! Reading a file named on the command line or found in a walk, refusing
//! anything that is not a regular file.
//!
//! `std::fs::read` on a FIFO blocks until a writer appears (forever, in CI),
//! and on `/dev/zero` reads until memory runs out. So the file is checked
//! before it is opened, opened without blocking (a FIFO then opens at once),
//! and checked again on the open handle, so a file swapped for a FIFO in
//! between is still refused rather than waited on.

use std::fmt;
use std::fs::{File, FileType, Metadata};
use std::io::{self, Read};
use std::path::Path;

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read file: {0}")]
    Io(#[source] io::Error),
    #[error("not a regular file ({0})")]
    NotRegular(FileKind),
    /// Larger than `max-file-size`: refused unread, or reading stopped there.
    #[error(
        "file is larger than the {} limit; skipped (raise `max-file-size` in copydesk.toml \
         or pass --max-file-size to lint it)",
        crate::config::describe_size(*.0)
    )]
    TooLarge(u64),
}

/// What a path that is not a regular file turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Directory,
    Fifo,
    Socket,
    CharDevice,
    BlockDevice,
    Other,
}

impl FileKind {
    /// The kind of a file type that is not a regular file.
    pub fn of(file_type: FileType) -> FileKind {
        if file_type.is_dir() {
            return FileKind::Directory;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if file_type.is_fifo() {
                return FileKind::Fifo;
            }
            if file_type.is_socket() {
                return FileKind::Socket;
            }
            if file_type.is_char_device() {
                return FileKind::CharDevice;
            }
            if file_type.is_block_device() {
                return FileKind::BlockDevice;
            }
        }
        FileKind::Other
    }
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FileKind::Directory => "a directory",
            FileKind::Fifo => "a FIFO",
            FileKind::Socket => "a socket",
            FileKind::CharDevice => "a character device",
            FileKind::BlockDevice => "a block device",
            FileKind::Other => "not a file, folder, FIFO, socket or device",
        })
    }
}

/// Refuses metadata that does not describe a regular file.
pub fn require_regular(metadata: &Metadata) -> Result<(), ReadError> {
    if metadata.is_file() {
        Ok(())
    } else {
        Err(ReadError::NotRegular(FileKind::of(metadata.file_type())))
    }
}

/// Reads a whole regular file (following symlinks); anything else is an
/// error at once, never a wait. A file over `limit` bytes is refused
/// without being read, and one that grows past it while being read stops
/// being read there.
pub fn read_regular_file(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    require_regular(&std::fs::metadata(path).map_err(ReadError::Io)?)?;
    let file = open_without_blocking(path).map_err(ReadError::Io)?;
    let metadata = file.metadata().map_err(ReadError::Io)?;
    require_regular(&metadata)?;
    if metadata.len() > limit {
        return Err(ReadError::TooLarge(limit));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    within_limit(&bytes, limit)?;
    Ok(bytes)
}

/// `bytes` if there are at most `limit` of them (standard input is read
/// one byte past the limit, so more means too large).
pub fn within_limit(bytes: &[u8], limit: u64) -> Result<&[u8], ReadError> {
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > limit {
        return Err(ReadError::TooLarge(limit));
    }
    Ok(bytes)
}

/// Opens for reading without waiting for a FIFO's writer. The flag has no
/// effect on reads from a regular file.
#[cfg(unix)]
fn open_without_blocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_without_blocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.html");
        std::fs::write(&path, "<p>hi</p>").unwrap();
        assert_eq!(read_regular_file(&path, 9).unwrap(), b"<p>hi</p>");
    }

    #[test]
    fn a_file_over_the_limit_is_refused_naming_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.html");
        std::fs::write(&path, vec![b'x'; 2049]).unwrap();
        let err = read_regular_file(&path, 2048).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("file is larger than the 2 KiB (2048 bytes) limit; skipped"),
            "{err}"
        );
        assert!(within_limit(b"abc", 2).is_err());
        assert_eq!(within_limit(b"ab", 2).unwrap(), b"ab");
    }

    #[test]
    fn a_directory_is_refused_by_kind() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_regular_file(dir.path(), u64::MAX).unwrap_err();
        assert_eq!(err.to_string(), "not a regular file (a directory)");
    }

    #[cfg(unix)]
    #[test]
    fn a_character_device_is_refused_without_reading() {
        let err = read_regular_file(Path::new("/dev/zero"), u64::MAX).unwrap_err();
        assert_eq!(err.to_string(), "not a regular file (a character device)");
    }

    #[test]
    fn a_missing_file_keeps_the_io_message() {
        let err = read_regular_file(Path::new("no/such/file.html"), u64::MAX).unwrap_err();
        assert!(err.to_string().starts_with("cannot read file: "), "{err}");
    }
}
