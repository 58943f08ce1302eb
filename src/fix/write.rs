//! Writing fixed bytes back to a file without losing any of it.
//!
//! The new bytes go to a temporary file in the same folder, which is given
//! the original's owner and mode and then renamed over it, so a reader (or a
//! crash) sees either the old file or the new one, never half of each. Just
//! before the rename, the file is read again: if it is no longer the bytes
//! the fixes were made from (an editor saved it, a process appended to it,
//! another `copydesk --fix` got there first), it is left alone and the
//! caller reports an error. The check and the rename run under a lock on the
//! folder, so two copydesk processes cannot both pass the check and then
//! overwrite each other's result. A writer that ignores that lock can still
//! slip in between the check and the rename; closing that window for good
//! would need every writer to take part in the lock.
//!
//! Three kinds of file are refused rather than written, each with its own
//! error:
//! - **read-only files** (no write bit at all, e.g. mode 444): someone marked
//!   them as not to be changed. ruff and prettier fail on them too; `sed -i`
//!   replaces them, which for root silently defeats the mark.
//! - **hard-linked files** (more than one name): a rename gives this name a
//!   new file and leaves the others with the old text, while writing in
//!   place would keep the link but could leave a torn file on a crash and
//!   would also change every other name, which in a backup made with hard
//!   links is the backup itself. Neither is what "fix this file" means, so
//!   copydesk says so and leaves the choice (and a `cp` to break the link)
//!   to the user.
//! - **files whose owner or group cannot be kept**: the new file is created
//!   by whoever runs copydesk, so it is given the original's owner and group
//!   (as root, or when they are already the runner's); when that fails (a
//!   non-root user fixing someone else's group-writable page), writing it
//!   would hand the page to the wrong user, and its owner might no longer be
//!   able to read it.

use std::fmt;
use std::io::Write;
use std::path::Path;

/// Why fixed bytes were not written.
#[derive(Debug)]
pub enum WriteError {
    /// Reading, writing or renaming failed.
    Io(std::io::Error),
    /// The file is no longer the bytes the fixes were made from.
    Changed,
    /// The file has no write permission bit set.
    ReadOnly { mode: u32 },
    /// The file has more than one name.
    HardLinked { links: u64 },
    /// The new file could not be given the original's owner and group.
    Owner {
        uid: u32,
        gid: u32,
        error: std::io::Error,
    },
    /// The path is not a regular file.
    NotAFile,
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Io(e) => write!(f, "{e}"),
            WriteError::Changed => f.write_str(
                "the file changed on disk while copydesk was fixing it; \
                 it was left as it is (run copydesk again)",
            ),
            WriteError::ReadOnly { mode } => write!(
                f,
                "the file is read-only (mode {mode:03o}); it was left as it is \
                 (make it writable to fix it)"
            ),
            WriteError::HardLinked { links } => write!(
                f,
                "the file has {links} hard links, and fixing it would either split it \
                 from its other names or rewrite them all in place; it was left as it is \
                 (copy it to break the link, then fix it)"
            ),
            WriteError::Owner { uid, gid, error } => write!(
                f,
                "the fixed file could not be given the original's owner and group \
                 ({uid}:{gid}): {error}; it was left as it is"
            ),
            WriteError::NotAFile => f.write_str("not a regular file; it was left as it is"),
        }
    }
}

impl std::error::Error for WriteError {}

impl From<std::io::Error> for WriteError {
    fn from(e: std::io::Error) -> Self {
        WriteError::Io(e)
    }
}

/// Replaces the file at `path`, which held `original` when it was read, with
/// `bytes`: atomically, keeping its owner, group and mode, and only if it
/// still holds `original` (see the module documentation for what is refused
/// and why). A symlink is followed, so the link stays a link.
pub fn write_atomically(path: &Path, original: &[u8], bytes: &[u8]) -> Result<(), WriteError> {
    let target = std::fs::canonicalize(path)?;
    let dir = target.parent().unwrap_or(Path::new("."));
    let metadata = std::fs::metadata(&target)?;
    if !metadata.is_file() {
        return Err(WriteError::NotAFile);
    }
    refuse_unsafe_targets(&metadata)?;
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    keep_owner_and_mode(temp.as_file(), &metadata)?;

    let _lock = DirLock::acquire(dir);
    if !still_holds(&target, original)? {
        return Err(WriteError::Changed);
    }
    temp.persist(&target).map_err(|e| WriteError::Io(e.error))?;
    // The rename is durable once the folder is; a failure here changes nothing.
    if let Ok(dir) = std::fs::File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// True when the file at `target` is still exactly `original`.
fn still_holds(target: &Path, original: &[u8]) -> Result<bool, WriteError> {
    match std::fs::metadata(target) {
        Ok(m) if m.len() != original.len() as u64 => return Ok(false),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e.into()),
    }
    match std::fs::read(target) {
        Ok(now) => Ok(now == original),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(unix)]
fn refuse_unsafe_targets(metadata: &std::fs::Metadata) -> Result<(), WriteError> {
    use std::os::unix::fs::MetadataExt;
    let mode = metadata.mode() & 0o7777;
    if mode & 0o222 == 0 {
        return Err(WriteError::ReadOnly { mode });
    }
    if metadata.nlink() > 1 {
        return Err(WriteError::HardLinked {
            links: metadata.nlink(),
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn refuse_unsafe_targets(metadata: &std::fs::Metadata) -> Result<(), WriteError> {
    if metadata.permissions().readonly() {
        return Err(WriteError::ReadOnly { mode: 0o444 });
    }
    Ok(())
}

/// Gives the temporary file the original's owner and group (first: a change
/// of owner clears set-user-ID bits) and then its mode.
#[cfg(unix)]
fn keep_owner_and_mode(
    temp: &std::fs::File,
    original: &std::fs::Metadata,
) -> Result<(), WriteError> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let current = temp.metadata()?;
    let (uid, gid) = (original.uid(), original.gid());
    if (current.uid(), current.gid()) != (uid, gid) {
        std::os::unix::fs::fchown(temp, Some(uid), Some(gid))
            .map_err(|error| WriteError::Owner { uid, gid, error })?;
    }
    temp.set_permissions(std::fs::Permissions::from_mode(original.mode() & 0o7777))?;
    Ok(())
}

#[cfg(not(unix))]
fn keep_owner_and_mode(
    temp: &std::fs::File,
    original: &std::fs::Metadata,
) -> Result<(), WriteError> {
    temp.set_permissions(original.permissions())?;
    Ok(())
}

/// An exclusive lock on a folder, held by copydesk processes while they
/// check a file and rename over it. Best effort: where folders cannot be
/// opened or locked (some platforms and network file systems), the check
/// alone stands.
struct DirLock(Option<std::fs::File>);

impl DirLock {
    fn acquire(dir: &Path) -> DirLock {
        let file = std::fs::File::open(dir).ok().filter(|f| f.lock().is_ok());
        DirLock(file)
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        if let Some(file) = &self.0 {
            let _ = file.unlock();
        }
    }
}
