//! The `copydesk` binary: parse arguments, run, exit with the code the run chose.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match copydesk::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version are not errors; usage mistakes exit 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                copydesk::app::EXIT_ERROR
            } else {
                0
            });
        }
    };
    ExitCode::from(copydesk::app::run(cli))
}
