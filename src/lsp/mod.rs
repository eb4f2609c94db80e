//! `polpos lsp`: a language server over standard input and output. It reports the command
//! line's findings as the user types (the whole dataset is checked, with the texts of the open
//! files, quotes against the archive polpos.toml names), and knows the ids across files: hover,
//! go to definition, references, completion, the fixes of `polpos fix` as code actions, and the
//! layout of `polpos fmt` as document formatting.
//!
//! A malformed message or a request polpos does not know gets an error response; a file outside
//! the dataset gets nothing. The server never stops on bad input.

mod convert;
mod navigate;
pub mod transport;

use crate::config::Config;
use crate::diagnostics::Safety;
use crate::document::Document;
use crate::model::{PartialDate, RecordKind};
use crate::quotes::ArchiveSet;
use crate::validate::{Options, Validation};
use crate::workspace::Workspace;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{self as notify, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionProviderCapability, CompletionItem, CompletionItemKind,
    CompletionOptions, CompletionParams, GotoDefinitionParams, Hover, HoverContents, HoverParams, HoverProviderCapability,
    InitializeParams, MarkupContent, MarkupKind, OneOf, PublishDiagnosticsParams, ReferenceParams, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, Uri, WorkspaceEdit,
};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Serves one client until it asks to exit or the connection ends. The settings are those of
/// `config` when given, else of the polpos.toml nearest the client's workspace (or `start`).
pub fn serve(connection: &Connection, start: &Path, config: Option<Config>) -> Result<(), String> {
    let (id, params) = connection.initialize_start().map_err(|e| e.to_string())?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let root = workspace_root(&params).unwrap_or_else(|| start.to_path_buf());
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![" ".into(), "-".into()]),
            ..CompletionOptions::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    };
    let result = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": {"name": "polpos", "version": env!("CARGO_PKG_VERSION")},
    });
    connection.initialize_finish(id, result).map_err(|e| e.to_string())?;
    let mut server = Server::new(connection, &root, config);
    server.reload();
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request).unwrap_or(true) {
                    return Ok(());
                }
                let response = server.request(request);
                server.send(response.into());
            }
            Message::Notification(notification) if notification.method == notify::Exit::METHOD => return Ok(()),
            Message::Notification(notification) => server.notification(notification),
            Message::Response(_) => {}
        }
    }
    Ok(())
}

fn workspace_root(params: &InitializeParams) -> Option<PathBuf> {
    let folder = params.workspace_folders.as_ref().and_then(|folders| folders.first()).map(|folder| &folder.uri);
    #[allow(deprecated)]
    let uri = folder.or(params.root_uri.as_ref())?;
    convert::path(uri)
}

struct Server<'a> {
    connection: &'a Connection,
    options: Options,
    /// The data directory, absolute; `None` when it cannot be read (then nothing is reported).
    data: Option<PathBuf>,
    workspace: Option<Workspace>,
    validation: Option<Validation>,
    archive: Option<ArchiveSet>,
    /// The texts of the open files, by path.
    open: HashMap<PathBuf, String>,
    /// The files that have diagnostics in the client.
    published: HashSet<PathBuf>,
}

impl<'a> Server<'a> {
    fn new(connection: &'a Connection, root: &Path, config: Option<Config>) -> Server<'a> {
        let absolute = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        let config = config.map_or_else(|| Config::discover(&absolute), Ok);
        let (config, problem) = match config {
            Ok(config) => (config, None),
            Err(error) => (Config::default(), Some(error.to_string())),
        };
        let archive = config.archive.clone().filter(|dir| dir.is_dir());
        let data = std::path::absolute(if config.file.is_some() { config.data.clone() } else { absolute.join(&config.data) })
            .ok()
            .and_then(|data| data.canonicalize().ok());
        let options = Options { archive, today: PartialDate::today(), limits: config.limits, keep_texts: true };
        let server = Server {
            connection,
            options,
            data,
            workspace: None,
            validation: None,
            archive: None,
            open: HashMap::new(),
            published: HashSet::new(),
        };
        if let Some(problem) = problem {
            server.show(&problem);
        }
        server
    }

    fn send(&self, message: Message) {
        let _ = self.connection.sender.send(message);
    }

    fn show(&self, text: &str) {
        let params = lsp_types::ShowMessageParams { typ: lsp_types::MessageType::WARNING, message: format!("polpos: {text}") };
        self.send(Notification::new(notify::ShowMessage::METHOD.into(), params).into());
    }

    /// A path as the dataset knows it (links resolved), when it lies inside the data directory.
    fn in_dataset(&self, uri: &Uri) -> Option<PathBuf> {
        let path = convert::path(uri)?;
        let path = path.canonicalize().unwrap_or(path);
        path.starts_with(self.data.as_ref()?).then_some(path)
    }

    fn notification(&mut self, notification: Notification) {
        let uri_and_text = match notification.method.as_str() {
            notify::DidOpenTextDocument::METHOD => notification
                .extract::<lsp_types::DidOpenTextDocumentParams>(notify::DidOpenTextDocument::METHOD)
                .ok()
                .map(|p| (p.text_document.uri, Some(p.text_document.text))),
            notify::DidChangeTextDocument::METHOD => notification
                .extract::<lsp_types::DidChangeTextDocumentParams>(notify::DidChangeTextDocument::METHOD)
                .ok()
                .and_then(|p| Some((p.text_document.uri, Some(p.content_changes.into_iter().last()?.text)))),
            notify::DidSaveTextDocument::METHOD => notification
                .extract::<lsp_types::DidSaveTextDocumentParams>(notify::DidSaveTextDocument::METHOD)
                .ok()
                .map(|p| (p.text_document.uri, None)),
            notify::DidCloseTextDocument::METHOD => {
                let closed = notification.extract::<lsp_types::DidCloseTextDocumentParams>(notify::DidCloseTextDocument::METHOD).ok();
                if let Some(path) = closed.and_then(|p| self.in_dataset(&p.text_document.uri)) {
                    self.open.remove(&path);
                    self.reload();
                }
                return;
            }
            _ => return,
        };
        let Some((uri, text)) = uri_and_text else { return };
        let Some(path) = self.in_dataset(&uri) else { return };
        let known = self.workspace.as_ref().is_some_and(|w| w.files.iter().any(|f| f.path == path));
        match text {
            Some(text) => {
                self.open.insert(path.clone(), text.clone());
                if known && let Some(workspace) = &mut self.workspace {
                    workspace.set_text(&path, text);
                    self.revalidate();
                } else {
                    self.reload();
                }
            }
            // Saved: a new file may have appeared on disk.
            None if !known => self.reload(),
            None => {}
        }
    }

    /// Reads the dataset from disk again, with the open files' texts over it.
    fn reload(&mut self) {
        let Some(data) = &self.data else { return };
        match Workspace::load(data, &self.options) {
            Ok((mut workspace, validation)) => {
                self.archive = crate::fix::archive(&validation, &self.options);
                for (path, text) in &self.open {
                    workspace.set_text(path, text.clone());
                }
                self.workspace = Some(workspace);
                self.revalidate();
            }
            Err(error) => self.show(&error.to_string()),
        }
    }

    fn revalidate(&mut self) {
        let Some(workspace) = &self.workspace else { return };
        let mut validation = workspace.validate(&self.options);
        crate::fix::attach(&mut validation, self.archive.as_ref());
        self.validation = Some(validation);
        self.publish();
    }

    fn text(&self, path: &Path) -> Option<String> {
        let from_workspace = self.workspace.as_ref().and_then(|w| w.files.iter().find(|f| f.path == path)).map(|f| f.text.clone());
        from_workspace.or_else(|| std::fs::read_to_string(path).ok())
    }

    /// Sends every file's findings, and clears those of files that have none left.
    fn publish(&mut self) {
        let Some(validation) = &self.validation else { return };
        let mut by_file: HashMap<&Path, Vec<&crate::diagnostics::Diagnostic>> = HashMap::new();
        for finding in validation.diagnostics.iter().filter(|d| d.counts() && d.file.is_file()) {
            by_file.entry(finding.file.as_path()).or_default().push(finding);
        }
        let texts = |path: &Path| self.text(path);
        let mut now = HashSet::new();
        let mut messages = Vec::new();
        for (path, findings) in &by_file {
            let (Some(uri), Some(text)) = (convert::uri(path), self.text(path)) else { continue };
            let diagnostics = findings.iter().map(|finding| convert::diagnostic(finding, &text, &texts)).collect();
            messages.push(PublishDiagnosticsParams { uri, diagnostics, version: None });
            now.insert(path.to_path_buf());
        }
        for path in self.published.difference(&now) {
            if let Some(uri) = convert::uri(path) {
                messages.push(PublishDiagnosticsParams { uri, diagnostics: Vec::new(), version: None });
            }
        }
        messages.sort_by(|a, b| a.uri.as_str().cmp(b.uri.as_str()));
        for params in messages {
            self.send(Notification::new(notify::PublishDiagnostics::METHOD.into(), params).into());
        }
        self.published = now;
    }

    fn request(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        let result = match request.method.as_str() {
            req::HoverRequest::METHOD => self.params(request).map(|p: HoverParams| self.hover(p)),
            req::GotoDefinition::METHOD => self.params(request).map(|p: GotoDefinitionParams| self.definition(p)),
            req::References::METHOD => self.params(request).map(|p: ReferenceParams| self.references(p)),
            req::Completion::METHOD => self.params(request).map(|p: CompletionParams| self.completion(p)),
            req::CodeActionRequest::METHOD => self.params(request).map(|p: CodeActionParams| self.code_actions(p)),
            req::Formatting::METHOD => {
                self.params(request).map(|p: lsp_types::DocumentFormattingParams| self.formatting(&p.text_document.uri))
            }
            method => return Response::new_err(id, ErrorCode::MethodNotFound as i32, format!("polpos does not handle `{method}`")),
        };
        match result {
            Ok(value) => Response::new_ok(id, value),
            Err(message) => Response::new_err(id, ErrorCode::InvalidParams as i32, message),
        }
    }

    fn params<P: serde::de::DeserializeOwned>(&self, request: Request) -> Result<P, String> {
        serde_json::from_value(request.params).map_err(|e| format!("invalid parameters for `{}`: {e}", request.method))
    }

    /// The document at a URI, its kind, and the byte a position stands at.
    fn at(&self, uri: &Uri, position: lsp_types::Position) -> Option<(Arc<Document>, RecordKind, usize)> {
        let path = self.in_dataset(uri)?;
        let file = self.validation.as_ref()?.files.iter().find(|f| f.document.path == path)?;
        let byte = convert::offset(&file.document.content()?.text, position);
        Some((Arc::clone(&file.document), file.kind, byte))
    }

    fn documents(&self) -> Vec<(RecordKind, Arc<Document>)> {
        self.validation.as_ref().map(|v| v.files.iter().map(|f| (f.kind, Arc::clone(&f.document))).collect()).unwrap_or_default()
    }

    /// The value under the cursor: its path and text.
    fn value_at(&self, uri: &Uri, position: lsp_types::Position) -> Option<(Arc<Document>, RecordKind, Vec<String>, String)> {
        let (document, kind, byte) = self.at(uri, position)?;
        let content = document.content()?;
        let (path, node) = navigate::scalar_at(content.root()?, &content.text, byte)?;
        let value = match node.to_json() {
            Value::String(text) => text,
            other => other.to_string(),
        };
        Some((document, kind, path, value))
    }

    fn hover(&self, params: HoverParams) -> Value {
        let place = params.text_document_position_params;
        let hover = self
            .value_at(&place.text_document.uri, place.position)
            .and_then(|(document, kind, path, value)| navigate::hover(&self.documents(), &document, kind, &path, &value));
        let hover = hover
            .map(|text| Hover { contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: text }), range: None });
        serde_json::to_value(hover).unwrap_or(Value::Null)
    }

    fn location(&self, document: &Document, location: crate::document::Location) -> Option<lsp_types::Location> {
        Some(lsp_types::Location { uri: convert::uri(&document.path)?, range: convert::range(&document.content()?.text, Some(location)) })
    }

    fn definition(&self, params: GotoDefinitionParams) -> Value {
        let place = params.text_document_position_params;
        let found = self.value_at(&place.text_document.uri, place.position).and_then(|(document, kind, path, value)| {
            let documents = self.documents();
            let target = navigate::target(kind, &path)?;
            let (defined, location) = navigate::definition(&documents, &document, kind, target, &value)?;
            self.location(defined, location)
        });
        serde_json::to_value(found).unwrap_or(Value::Null)
    }

    fn references(&self, params: ReferenceParams) -> Value {
        let place = params.text_document_position;
        let found = self.value_at(&place.text_document.uri, place.position).and_then(|(document, kind, path, value)| {
            let documents = self.documents();
            let target = navigate::target(kind, &path)?;
            let places = navigate::references(&documents, &document, kind, target, &value);
            let (defined, _) = navigate::definition(&documents, &document, kind, target, &value).unzip();
            let with_declaration = params.context.include_declaration;
            Some(
                places
                    .into_iter()
                    .filter(|(doc, location)| {
                        with_declaration || !(defined.is_some_and(|d| d.path == doc.path) && doc.locate("/id") == Some(*location))
                    })
                    .filter_map(|(doc, location)| self.location(doc, location))
                    .collect::<Vec<_>>(),
            )
        });
        serde_json::to_value(found).unwrap_or(Value::Null)
    }

    fn completion(&self, params: CompletionParams) -> Value {
        let place = params.text_document_position;
        let Some(path) = self.in_dataset(&place.text_document.uri) else { return Value::Null };
        let Some(text) = self.text(&path) else { return Value::Null };
        let Some(file) = self.validation.as_ref().and_then(|v| v.files.iter().find(|f| f.document.path == path)) else {
            return Value::Null;
        };
        let byte = convert::offset(&text, place.position);
        let line = &text[text[..byte].rfind('\n').map_or(0, |at| at + 1)..byte];
        let written = line.trim_start().trim_start_matches("- ");
        let key = match written.split_once(':') {
            Some((key, _)) => key.trim(),
            // A list item under a key (`issuers:`, `sources:`): the key of the nearest line above.
            None if line.trim_start().starts_with('-') => {
                text[..byte].lines().rev().skip(1).find_map(|l| l.trim_start().strip_suffix(':').map(str::trim)).unwrap_or("")
            }
            None => return Value::Null,
        };
        let items: Vec<CompletionItem> = navigate::completions(&self.documents(), &file.document, file.kind, key)
            .into_iter()
            .map(|(label, detail)| CompletionItem {
                label,
                kind: Some(CompletionItemKind::VALUE),
                detail: (!detail.is_empty()).then_some(detail),
                ..CompletionItem::default()
            })
            .collect();
        serde_json::to_value(items).unwrap_or(Value::Null)
    }

    /// The layout of `polpos fmt`, as one edit of the whole text; none when the text is already
    /// in it or cannot be formatted (a file that does not parse is never rewritten).
    fn formatting(&self, uri: &Uri) -> Value {
        let Some(path) = self.in_dataset(uri) else { return Value::Null };
        let Some(text) = self.text(&path) else { return Value::Null };
        let edits = match crate::format::format(&text, crate::format::kind_of(&path, &text)) {
            Ok(formatted) if formatted != text => vec![lsp_types::TextEdit {
                range: lsp_types::Range { start: lsp_types::Position::default(), end: convert::position(&text, text.len()) },
                new_text: formatted,
            }],
            _ => Vec::new(),
        };
        serde_json::to_value(edits).unwrap_or(Value::Null)
    }

    fn code_actions(&self, params: CodeActionParams) -> Value {
        let uri = params.text_document.uri;
        let (Some(path), Some(validation)) = (self.in_dataset(&uri), self.validation.as_ref()) else { return Value::Array(Vec::new()) };
        let Some(file) = validation.files.iter().find(|f| f.document.path == path) else { return Value::Array(Vec::new()) };
        let Some(content) = file.document.content() else { return Value::Array(Vec::new()) };
        let text = &content.text;
        let edit_of = |edits: &[crate::edit::TextEdit]| {
            let changes = edits
                .iter()
                .map(|e| lsp_types::TextEdit {
                    range: lsp_types::Range { start: convert::position(text, e.start), end: convert::position(text, e.end) },
                    new_text: e.replacement.clone(),
                })
                .collect();
            WorkspaceEdit { changes: Some(HashMap::from([(uri.clone(), changes)])), ..WorkspaceEdit::default() }
        };
        let wanted = params.range;
        let mut actions = Vec::new();
        let mut safe_edits: Vec<crate::edit::TextEdit> = Vec::new();
        let data_root = self.workspace.as_ref().map(|w| w.root.clone()).unwrap_or_default();
        let schema_line = crate::fix::schema_line(&file.document, file.kind, &data_root);
        let findings = validation.diagnostics.iter().filter(|d| d.file == path && d.counts());
        for finding in findings {
            let Some(fix) = &finding.fix else { continue };
            if fix.safety == Safety::Safe && !fix.edits.iter().any(|e| safe_edits.iter().any(|o| crate::fix::overlap(e, o))) {
                safe_edits.extend(fix.edits.iter().cloned());
            }
            let range = convert::range(text, finding.location);
            if range.end.line < wanted.start.line || range.start.line > wanted.end.line {
                continue;
            }
            let unsafe_mark = if fix.safety == Safety::Unsafe { " (unsafe: check it)" } else { "" };
            actions.push(CodeAction {
                title: format!("{}: {}{unsafe_mark}", finding.code, fix.title),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![convert::diagnostic(finding, text, &|_| None)]),
                edit: Some(edit_of(&fix.edits)),
                is_preferred: Some(fix.safety == Safety::Safe),
                ..CodeAction::default()
            });
        }
        if let Some(fix) = schema_line {
            safe_edits.extend(fix.edits.iter().cloned());
            actions.push(CodeAction {
                title: fix.title,
                kind: Some(CodeActionKind::QUICKFIX),
                edit: Some(edit_of(&fix.edits)),
                is_preferred: Some(true),
                ..CodeAction::default()
            });
        }
        if !safe_edits.is_empty() {
            // Fix-all carries the safe fixes only: unsafe ones are offered one by one.
            actions.push(CodeAction {
                title: "polpos: apply every safe fix in this file".into(),
                kind: Some(CodeActionKind::SOURCE_FIX_ALL),
                edit: Some(edit_of(&safe_edits)),
                ..CodeAction::default()
            });
        }
        let actions: Vec<CodeActionOrCommand> = actions.into_iter().map(CodeActionOrCommand::CodeAction).collect();
        serde_json::to_value(actions).unwrap_or(Value::Null)
    }
}
