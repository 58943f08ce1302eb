//! `copydesk blocks FILE`: the text blocks copydesk lints in a file and the
//! article scope it chose, to see why a rule did or did not fire. `-` reads
//! the page from standard input, as `check -` does.

use super::error::{FileError, output};
use super::{CommandError, ExitStatus, config_loader};
use crate::cli::ListFormat;
use crate::config::{CliOverrides, Settings};
use crate::document::Document;
use crate::source::SourceFile;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub(super) fn run(
    file: &Path,
    format: ListFormat,
    show_metadata: bool,
    config: Option<PathBuf>,
    stdin_filename: Option<PathBuf>,
    out: &mut dyn Write,
) -> Result<ExitStatus, CommandError> {
    let (source, settings) = load_one(file, config, stdin_filename)?;
    let file = source.path.clone();
    let file = file.as_path();
    let doc = Document::parse_scoped(&source, &settings.scope_content, &settings.scope_exclude)
        .map_err(|e| file_error(file, FileError::Lint(e.to_string())))?;
    let metadata = || crate::attribution::describe(&doc, &crate::lint::credit_patterns(&settings));
    match format {
        ListFormat::Json => {
            let blocks: Vec<serde_json::Value> = doc
                .blocks
                .iter()
                .map(|b| {
                    let range = b.range();
                    let start = source.line_column(range.start);
                    let end = source.line_column(range.end);
                    let (byte_start, byte_end) = source.stored_range(range);
                    serde_json::json!({
                        "kind": b.kind.as_str(),
                        "text": b.text,
                        "selector": b.selector,
                        "line": start.line, "column": start.column,
                        "end_line": end.line, "end_column": end.column,
                        "byte_start": byte_start, "byte_end": byte_end,
                    })
                })
                .collect();
            let mut value = serde_json::json!({
                "path": source.display_path(),
                "scope": doc.scope.reason,
                "blocks": blocks,
            });
            if show_metadata {
                value["metadata"] = serde_json::Value::String(metadata());
            }
            let text = serde_json::to_string_pretty(&value)?;
            writeln!(out, "{text}").map_err(output)?;
        }
        ListFormat::Human => {
            writeln!(
                out,
                "{}: article scope: {}",
                source.display_path(),
                doc.scope.reason
            )
            .map_err(output)?;
            for b in &doc.blocks {
                let at = source.line_column(b.range().start);
                writeln!(
                    out,
                    "{}:{}:{}: {} {}",
                    source.display_path(),
                    at.line,
                    at.column,
                    b.kind.as_str(),
                    b.selector
                )
                .map_err(output)?;
                writeln!(out, "    {}", b.text).map_err(output)?;
            }
            writeln!(out, "{} blocks", doc.blocks.len()).map_err(output)?;
            if show_metadata {
                writeln!(out, "\n{}", metadata().trim_end()).map_err(output)?;
            }
        }
    }
    Ok(ExitStatus::Clean)
}

/// Reads and decodes the one file (standard input for `-`, named
/// `stdin_filename` or `<stdin>`), with the settings that apply to it.
fn load_one(
    file: &Path,
    config: Option<PathBuf>,
    stdin_filename: Option<PathBuf>,
) -> Result<(SourceFile, Arc<Settings>), CommandError> {
    let loader = config_loader(CliOverrides {
        config,
        ..CliOverrides::default()
    })?;
    let from_stdin = file == Path::new("-");
    let name = if from_stdin {
        stdin_filename.unwrap_or_else(|| PathBuf::from("<stdin>"))
    } else {
        file.to_path_buf()
    };
    let settings = loader.settings_for(&name)?;
    let bytes = if from_stdin {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(CommandError::Stdin)?;
        bytes
    } else {
        crate::inputs::read_regular_file(file, settings.max_file_size)
            .map_err(|e| file_error(file, e.into()))?
    };
    let source = SourceFile::from_bytes(name.clone(), bytes)
        .map_err(|e| file_error(&name, FileError::Source(e)))?;
    Ok((source, settings))
}

fn file_error(path: &Path, reason: FileError) -> CommandError {
    CommandError::File {
        path: path.to_path_buf(),
        reason,
    }
}
