//! The message loop: the LSP lifecycle (initialize, shutdown, exit), the
//! document notifications, and code action requests. Synchronous, on one
//! thread, with a second thread only to read the input: linting a page
//! takes milliseconds, so there is nothing to gain from an async runtime,
//! and messages handled in order need no locking.

use super::actions::code_actions;
use super::convert::SOURCE;
use super::documents::Documents;
use super::settings::SettingsCache;
use super::transport::{ReadError, read_message, write_message};
use super::uri;
use lsp_server::{ErrorCode, Message, Notification, Request, Response, ResponseError};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionParams, CodeActionProviderCapability,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, InitializeResult, PositionEncodingKind, PublishDiagnosticsParams,
    SaveOptions, ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri, WorkDoneProgressOptions,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::io::{self, BufRead, Write};
use std::path::PathBuf;
use std::sync::mpsc;

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// `shutdown`, then `exit`: the normal end.
    Exit,
    /// `exit` without `shutdown` first.
    ExitWithoutShutdown,
    /// The input ended without `exit` (the editor went away).
    InputClosed,
}

/// Why a session stopped early.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot write to the client: {0}")]
    Write(#[source] io::Error),
    #[error(transparent)]
    Read(ReadError),
    #[error("cannot start the reader thread: {0}")]
    Thread(#[source] io::Error),
}

/// Serves one client: reads messages from `input`, writes to `out`, until
/// `exit` or the end of the input.
pub fn serve<R: BufRead + Send + 'static>(
    input: R,
    out: &mut dyn Write,
) -> Result<Ending, ServeError> {
    let (sender, receiver) = mpsc::channel();
    std::thread::Builder::new()
        .name("copydesk-lsp-reader".into())
        .spawn(move || read_all(input, sender))
        .map_err(ServeError::Thread)?;
    let mut server = Server::new(out);
    while let Ok(incoming) = receiver.recv() {
        if let Some(ending) = server.handle(incoming)? {
            return Ok(ending);
        }
        // Everything already waiting is read before linting, so a burst
        // of changes is linted once, at its last version.
        while let Ok(incoming) = receiver.try_recv() {
            if let Some(ending) = server.handle(incoming)? {
                return Ok(ending);
            }
        }
        server.publish()?;
    }
    // An editor that closes the stream after `shutdown` has ended the
    // session properly, if without the last word.
    Ok(if server.state == State::ShuttingDown {
        Ending::Exit
    } else {
        Ending::InputClosed
    })
}

fn read_all<R: BufRead>(mut input: R, sender: mpsc::Sender<Result<Message, ReadError>>) {
    loop {
        let (incoming, last) = match read_message(&mut input) {
            Ok(None) => return,
            Ok(Some(message)) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                (Ok(message), exit)
            }
            Err(e) => {
                let fatal = !e.is_recoverable();
                (Err(e), fatal)
            }
        };
        if sender.send(incoming).is_err() || last {
            return;
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before `initialize`.
    Waiting,
    Running,
    /// After `shutdown`: only `exit` is expected.
    ShuttingDown,
}

struct Server<'o> {
    out: &'o mut dyn Write,
    state: State,
    documents: Documents,
    settings: SettingsCache,
    /// The workspace folder: where unsaved `untitled:` buffers get their
    /// settings from.
    workspace: PathBuf,
}

impl<'o> Server<'o> {
    fn new(out: &'o mut dyn Write) -> Self {
        Server {
            out,
            state: State::Waiting,
            documents: Documents::default(),
            settings: SettingsCache::default(),
            workspace: std::env::current_dir().unwrap_or_default(),
        }
    }

    fn handle(
        &mut self,
        incoming: Result<Message, ReadError>,
    ) -> Result<Option<Ending>, ServeError> {
        match incoming {
            Ok(Message::Request(request)) => self.request(request)?,
            Ok(Message::Notification(notification)) => return Ok(self.notification(notification)),
            // The server sends no requests, so expects no responses.
            Ok(Message::Response(_)) => {}
            Err(e) if e.is_recoverable() => eprintln!("copydesk lsp: {e}"),
            Err(e) => return Err(ServeError::Read(e)),
        }
        Ok(None)
    }

    fn request(&mut self, request: Request) -> Result<(), ServeError> {
        let Request { id, method, params } = request;
        let result = match (self.state, method.as_str()) {
            (State::Waiting, "initialize") => {
                self.initialize(&params);
                self.state = State::Running;
                to_value(&initialize_result())
            }
            (State::Waiting, _) => Err(error(
                ErrorCode::ServerNotInitialized,
                "the server is not initialized yet",
            )),
            (State::ShuttingDown, _) => Err(error(
                ErrorCode::InvalidRequest,
                "the server is shutting down",
            )),
            (State::Running, "shutdown") => {
                self.state = State::ShuttingDown;
                Ok(serde_json::Value::Null)
            }
            (State::Running, "textDocument/codeAction") => {
                parse::<CodeActionParams>(params).and_then(|p| to_value(&self.code_actions(p)))
            }
            (State::Running, "initialize") => {
                Err(error(ErrorCode::InvalidRequest, "already initialized"))
            }
            (State::Running, other) => Err(error(
                ErrorCode::MethodNotFound,
                &format!("unsupported request `{other}`"),
            )),
        };
        let response = Response {
            id,
            response_result: result,
        };
        self.send(response.into())
    }

    fn notification(&mut self, notification: Notification) -> Option<Ending> {
        let Notification { method, params } = notification;
        if method == "exit" {
            return Some(if self.state == State::ShuttingDown {
                Ending::Exit
            } else {
                Ending::ExitWithoutShutdown
            });
        }
        if self.state != State::Running {
            return None;
        }
        let outcome = match method.as_str() {
            "textDocument/didOpen" => parse(params).map(|p| self.did_open(p)),
            "textDocument/didChange" => parse(params).map(|p| self.did_change(p)),
            "textDocument/didSave" => parse(params)
                .map(|p: DidSaveTextDocumentParams| self.documents.touch(&p.text_document.uri)),
            "textDocument/didClose" => parse(params).map(|p| self.did_close(p)),
            // Settings or files changed: read the configuration again.
            "workspace/didChangeConfiguration" | "workspace/didChangeWatchedFiles" => {
                self.settings.clear();
                self.documents.touch_all();
                Ok(())
            }
            _ => Ok(()),
        };
        if let Err(e) = outcome {
            eprintln!("copydesk lsp: {method}: {}", e.message);
        }
        None
    }

    fn initialize(&mut self, params: &serde_json::Value) {
        // Read leniently: only the folder is needed, and a strict parse of
        // every client capability would refuse clients newer than lsp-types.
        let folder = params["workspaceFolders"][0]["uri"]
            .as_str()
            .or_else(|| params["rootUri"].as_str())
            .and_then(uri::to_path)
            .or_else(|| params["rootPath"].as_str().map(PathBuf::from));
        if let Some(folder) = folder {
            self.workspace = folder;
        }
    }

    fn did_open(&mut self, params: DidOpenTextDocumentParams) {
        let document = params.text_document;
        let path = uri::to_path(document.uri.as_str())
            .unwrap_or_else(|| self.workspace.join("untitled.html"));
        self.documents
            .open(document.uri, document.version, document.text, path);
    }

    fn did_change(&mut self, params: DidChangeTextDocumentParams) {
        let document = params.text_document;
        if !self
            .documents
            .change(&document.uri, document.version, params.content_changes)
        {
            eprintln!(
                "copydesk lsp: change to a document that is not open: {}",
                document.uri.as_str()
            );
        }
    }

    fn did_close(&mut self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        if self.documents.close(&uri) {
            // Its findings leave the editor's problem list with it.
            if let Err(e) = self.publish_diagnostics(uri, Vec::new(), None) {
                eprintln!("copydesk lsp: {e}");
            }
        }
    }

    fn code_actions(&mut self, params: CodeActionParams) -> lsp_types::CodeActionResponse {
        let uri = params.text_document.uri;
        let Some(document) = self.documents.linted(&uri, &mut self.settings) else {
            return Vec::new();
        };
        match &document.linted {
            Some(linted) => {
                code_actions(&uri, linted, params.range, params.context.only.as_deref())
            }
            None => Vec::new(),
        }
    }

    /// Lints and publishes every document whose findings the client has
    /// not seen.
    fn publish(&mut self) -> Result<(), ServeError> {
        for uri in self.documents.unpublished() {
            let Some(document) = self.documents.linted(&uri, &mut self.settings) else {
                continue;
            };
            let diagnostics = document
                .linted
                .as_ref()
                .map(|linted| linted.diagnostics.clone())
                .unwrap_or_default();
            let version = document.version;
            self.publish_diagnostics(uri.clone(), diagnostics, Some(version))?;
            self.documents.mark_published(&uri);
        }
        Ok(())
    }

    fn publish_diagnostics(
        &mut self,
        uri: Uri,
        diagnostics: Vec<lsp_types::Diagnostic>,
        version: Option<i32>,
    ) -> Result<(), ServeError> {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        match to_value(&params) {
            Ok(params) => self.send(
                Notification {
                    method: "textDocument/publishDiagnostics".into(),
                    params,
                }
                .into(),
            ),
            Err(e) => {
                eprintln!("copydesk lsp: {}", e.message);
                Ok(())
            }
        }
    }

    fn send(&mut self, message: Message) -> Result<(), ServeError> {
        write_message(self.out, message).map_err(ServeError::Write)
    }
}

/// What the server can do, told to the client in answer to `initialize`.
fn initialize_result() -> InitializeResult {
    InitializeResult {
        capabilities: ServerCapabilities {
            position_encoding: Some(PositionEncodingKind::UTF16),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::FULL),
                    will_save: None,
                    will_save_wait_until: None,
                    save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                        include_text: Some(false),
                    })),
                },
            )),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                work_done_progress_options: WorkDoneProgressOptions::default(),
                resolve_provider: Some(false),
            })),
            ..ServerCapabilities::default()
        },
        server_info: Some(ServerInfo {
            name: SOURCE.to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
    }
}

fn parse<T: DeserializeOwned>(params: serde_json::Value) -> Result<T, ResponseError> {
    serde_json::from_value(params).map_err(|e| {
        error(
            ErrorCode::InvalidParams,
            &format!("invalid parameters: {e}"),
        )
    })
}

fn to_value<T: Serialize>(value: &T) -> Result<serde_json::Value, ResponseError> {
    serde_json::to_value(value).map_err(|e| error(ErrorCode::InternalError, &e.to_string()))
}

fn error(code: ErrorCode, message: &str) -> ResponseError {
    ResponseError {
        code: code as i32,
        message: message.to_owned(),
        data: None,
    }
}
