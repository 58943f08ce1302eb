//! `copydesk lsp`: serve the language server on standard input and output
//! until the editor says `exit`.

use super::error::output;
use super::{CommandError, ExitStatus};
use crate::lsp::{Ending, ServeError, serve};
use std::io::Write;

pub(super) fn run(out: &mut dyn Write) -> Result<ExitStatus, CommandError> {
    // The reader thread owns its own handle; `Stdin` is buffered, but a
    // `BufReader` gives the `BufRead` the framing needs without holding the
    // lock across threads.
    let input = std::io::BufReader::new(std::io::stdin());
    match serve(input, out) {
        Ok(Ending::Exit) => Ok(ExitStatus::Clean),
        // The protocol asks for exit code 1 when `exit` comes without
        // `shutdown` (or never comes: the editor died).
        Ok(Ending::ExitWithoutShutdown | Ending::InputClosed) => Ok(ExitStatus::Findings),
        Err(ServeError::Write(e)) => Err(output(e)),
        Err(e) => {
            eprintln!("copydesk: error: lsp: {e}");
            Ok(ExitStatus::Error)
        }
    }
}
