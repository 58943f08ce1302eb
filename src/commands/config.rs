//! `copydesk config --show FILE`: the settings that apply to a file and
//! where each came from.

use super::error::output;
use super::{CommandError, ExitStatus, config_loader};
use crate::config::CliOverrides;
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
    let settings = loader.settings_for(file)?;
    for warning in loader.warnings() {
        eprintln!("copydesk: warning: {warning}");
    }
    write!(out, "{}", crate::config::render_show(&settings)).map_err(output)?;
    Ok(ExitStatus::Clean)
}
