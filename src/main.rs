//! The `copydesk` binary: parse arguments, run, exit with the status the run chose.

use clap::Parser;
use copydesk::commands::{self, ExitStatus};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match copydesk::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version are not errors; usage mistakes exit 2.
            let _ = e.print();
            return if e.use_stderr() {
                ExitStatus::Error
            } else {
                ExitStatus::Clean
            }
            .into();
        }
    };
    commands::run(cli).into()
}
