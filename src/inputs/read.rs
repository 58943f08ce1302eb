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
/// error at once, never a wait.
pub fn read_regular_file(path: &Path) -> Result<Vec<u8>, ReadError> {
    require_regular(&std::fs::metadata(path).map_err(ReadError::Io)?)?;
    let mut file = open_without_blocking(path).map_err(ReadError::Io)?;
    let metadata = file.metadata().map_err(ReadError::Io)?;
    require_regular(&metadata)?;
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.read_to_end(&mut bytes).map_err(ReadError::Io)?;
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
        assert_eq!(read_regular_file(&path).unwrap(), b"<p>hi</p>");
    }

    #[test]
    fn a_directory_is_refused_by_kind() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_regular_file(dir.path()).unwrap_err();
        assert_eq!(err.to_string(), "not a regular file (a directory)");
    }

    #[cfg(unix)]
    #[test]
    fn a_character_device_is_refused_without_reading() {
        let err = read_regular_file(Path::new("/dev/zero")).unwrap_err();
        assert_eq!(err.to_string(), "not a regular file (a character device)");
    }

    #[test]
    fn a_missing_file_keeps_the_io_message() {
        let err = read_regular_file(Path::new("no/such/file.html")).unwrap_err();
        assert!(err.to_string().starts_with("cannot read file: "), "{err}");
    }
}
