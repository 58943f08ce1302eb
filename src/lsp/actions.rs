//! Code actions for the findings under the cursor or selection: each fix
//! as a quick fix (safe fixes preferred, so "fix" keys apply them; unsafe
//! ones offered but never preferred, for the editor to judge), and for
//! every finding a quick fix that writes the inline suppression comment.

use super::analysis::Linted;
use super::convert;
use super::disable::disable_next;
use crate::html::ParsedHtml;
use crate::render::describe_fix;
use crate::rules::unused_suppression;
use crate::source::TextRange;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Range, TextEdit, Uri, WorkspaceEdit,
};
use std::collections::HashMap;

/// The code actions for `range` of a linted document. `only` is the
/// client's filter of action kinds, if it sent one.
pub fn code_actions(
    uri: &Uri,
    linted: &Linted,
    range: Range,
    only: Option<&[CodeActionKind]>,
) -> Vec<CodeActionOrCommand> {
    let Some(source) = &linted.source else {
        return Vec::new();
    };
    if only.is_some_and(|kinds| !kinds.iter().any(wants_quick_fixes)) {
        return Vec::new();
    }
    let wanted = TextRange::new(
        convert::offset(source, range.start),
        convert::offset(source, range.end),
    );
    let mut fixes = Vec::new();
    let mut disables = Vec::new();
    // Parsed only when some finding asks for a suppression comment.
    let mut html: Option<Option<ParsedHtml>> = None;
    for (finding, diagnostic) in linted.findings.iter().zip(&linted.diagnostics) {
        // Touching counts: a cursor just after a word is on it.
        if finding.range.start > wanted.end || wanted.start > finding.range.end {
            continue;
        }
        if let Some(fix) = finding.fix.as_ref().filter(|fix| !fix.edits.is_empty()) {
            let edits = fix
                .edits
                .iter()
                .map(|edit| {
                    TextEdit::new(convert::range(source, edit.range), edit.replacement.clone())
                })
                .collect();
            let safety = if fix.is_safe() { "" } else { " (unsafe)" };
            fixes.push(quick_fix(
                format!("Fix: {}{safety}", describe_fix(source, fix)),
                uri,
                edits,
                diagnostic,
                fix.is_safe(),
            ));
        }
        // An unused suppression is reported after suppressions are applied:
        // no comment can silence it.
        if finding.rule == unused_suppression::ID {
            continue;
        }
        let parsed = html.get_or_insert_with(|| ParsedHtml::parse(&source.text).ok());
        if let Some(insertion) = parsed
            .as_ref()
            .and_then(|html| disable_next(html, source, finding.rule, finding.range.start))
        {
            let at = convert::position(source, insertion.offset);
            let edit = TextEdit::new(Range::new(at, at), insertion.text);
            disables.push(quick_fix(
                format!(
                    "Disable {} for this <{}> element",
                    finding.rule, insertion.element
                ),
                uri,
                vec![edit],
                diagnostic,
                false,
            ));
        }
    }
    // Fixes first: they are what the user most likely wants.
    fixes.append(&mut disables);
    fixes
}

fn wants_quick_fixes(kind: &CodeActionKind) -> bool {
    let quickfix = CodeActionKind::QUICKFIX;
    let (quickfix, kind) = (quickfix.as_str(), kind.as_str());
    kind.is_empty() || quickfix == kind || quickfix.starts_with(&format!("{kind}."))
}

fn quick_fix(
    title: String,
    uri: &Uri,
    edits: Vec<TextEdit>,
    diagnostic: &lsp_types::Diagnostic,
    preferred: bool,
) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic.clone()]),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }),
        is_preferred: Some(preferred),
        ..CodeAction::default()
    })
}
