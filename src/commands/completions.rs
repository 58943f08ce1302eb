//! `copydesk completions SHELL` and `copydesk man`: shell completions and
//! the man page, generated at run time from the clap definition in
//! [`crate::cli`], so they can never disagree with the arguments the binary
//! accepts. (Generating them in a build script would need the CLI types in
//! `build.rs` too; at run time they come for free.)

use super::error::output;
use super::{CommandError, ExitStatus};
use crate::cli::Cli;
use clap::CommandFactory;
use std::io::Write;

/// Writes the completion script for `shell`.
pub(super) fn completions(
    shell: clap_complete::Shell,
    out: &mut dyn Write,
) -> Result<ExitStatus, CommandError> {
    let mut command = Cli::command();
    // clap_complete panics when its writer fails (a closed pipe), so the
    // script is generated into memory and written here, where a closed pipe
    // ends the command quietly.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "copydesk", &mut script);
    out.write_all(&script).map_err(output)?;
    Ok(ExitStatus::Clean)
}

/// Writes the man page, `copydesk(1)`, in roff.
pub(super) fn man(out: &mut dyn Write) -> Result<ExitStatus, CommandError> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(output)?;
    out.write_all(&page).map_err(output)?;
    Ok(ExitStatus::Clean)
}
