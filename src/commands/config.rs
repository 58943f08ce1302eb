//! `copydesk config --show FILE`: the settings that apply to a file and
//! where each came from. The file must exist: settings for a mistyped path
//! would describe a file that is not there, and exit 0 as if all was well.

use super::error::{FileError, output};
use super::{CommandError, ExitStatus, config_loader};
use crate::config::CliOverrides;
use crate::inputs::{PathError, ReadError};
use std::io::Write;
use std::path::{Path, PathBuf};

pub(super) fn run(
    file: &Path,
    config: Option<PathBuf>,
    out: &mut dyn Write,
) -> Result<ExitStatus, CommandError> {
    let loader = config_loader(CliOverrides {
        config,
        ..CliOverrides::default()
    })?;
    if let Err(e) = std::fs::metadata(file) {
        let reason = if e.kind() == std::io::ErrorKind::NotFound {
            PathError::NotFound
        } else {
            PathError::Unreadable(ReadError::Io(e))
        };
        return Err(CommandError::File {
            path: file.to_path_buf(),
            reason: FileError::Path(reason),
        });
    }
    let settings = loader.settings_for(file)?;
    for warning in loader.warnings() {
        eprintln!("copydesk: warning: {warning}");
    }
    write!(out, "{}", crate::config::render_show(&settings)).map_err(output)?;
    Ok(ExitStatus::Clean)
}
