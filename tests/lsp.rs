//! `polpos lsp`, end to end: a client on an in-memory connection and a temporary copy of a
//! dataset (the messages kept in a snapshot), the real binary over standard input and output fed
//! malformed messages, and Neovim reading back the diagnostics of a broken record.

mod common;
mod tools;

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::Duration;

const POSITION: &str = "data/positions/aa/aa-open-governance-1.yaml";

/// A copy of the base dataset and its archive, with a polpos.toml naming the archive, and one
/// position broken: a date in the wrong form and a quote one word away from its source.
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(Path::new("tests/fixtures/base"), dir.path());
    common::copy_tree(Path::new("tests/fixtures/archive"), &dir.path().join("archive"));
    std::fs::write(dir.path().join("polpos.toml"), "archive = \"archive\"\n").unwrap();
    let path = dir.path().join(POSITION);
    let text = std::fs::read_to_string(&path).unwrap();
    let broken =
        text.replace("stated_on: \"2019\"", "stated_on: 2019/3").replace("accept a single global authority", "accept one global authority");
    std::fs::write(&path, broken).unwrap();
    let root = dir.path().canonicalize().unwrap();
    (dir, root)
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

struct Client {
    connection: Connection,
    next_id: i32,
    /// Every notification the server sent.
    notifications: Vec<Value>,
}

impl Client {
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.connection.sender.send(Request::new(id.clone(), method.into(), params).into()).unwrap();
        loop {
            match self.connection.receiver.recv_timeout(Duration::from_secs(60)).expect("the server answers") {
                Message::Response(response) if response.id == id => return serde_json::to_value(response).unwrap(),
                Message::Notification(notification) => self.notifications.push(serde_json::to_value(notification).unwrap()),
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    fn notify(&self, method: &str, params: Value) {
        self.connection.sender.send(Notification::new(method.into(), params).into()).unwrap();
    }

    /// The diagnostics last published for a file, as (code, line, column), 1-based.
    fn diagnostics(&self, path: &Path) -> Vec<(String, u64, u64)> {
        let published = self
            .notifications
            .iter()
            .rev()
            .find(|n| n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri(path))
            .expect("diagnostics for the file");
        let mut found: Vec<(String, u64, u64)> = published["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                let start = &d["range"]["start"];
                (d["code"].as_str().unwrap().to_string(), start["line"].as_u64().unwrap() + 1, start["character"].as_u64().unwrap() + 1)
            })
            .collect();
        found.sort();
        found
    }
}

/// What `polpos validate --format json` reports for one file: (code, line, column).
fn cli_findings(root: &Path, file: &str) -> Vec<(String, u64, u64)> {
    let output =
        assert_cmd::Command::cargo_bin("polpos").unwrap().current_dir(root).args(["validate", "--format", "json"]).output().unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut found: Vec<(String, u64, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"] == file)
        // A finding on the whole file stands at its start in an editor.
        .map(|d| (d["code"].as_str().unwrap().to_string(), d["line"].as_u64().unwrap_or(1), d["column"].as_u64().unwrap_or(1)))
        .collect();
    found.sort();
    found
}

fn position(line: u32, character: u32, path: &Path) -> Value {
    json!({"textDocument": {"uri": uri(path)}, "position": {"line": line, "character": character}})
}

#[test]
fn a_client_gets_the_command_lines_findings_and_can_navigate_and_fix() {
    let (_dir, root) = workspace();
    let (server, connection) = Connection::memory();
    let server_root = root.clone();
    let thread = std::thread::spawn(move || polpos::lsp::serve(&server, &server_root, None));
    let mut client = Client { connection, next_id: 0, notifications: Vec::new() };
    let file = root.join(POSITION);
    let text = std::fs::read_to_string(&file).unwrap();

    let initialized = client.request("initialize", json!({"capabilities": {}, "rootUri": uri(&root)}));
    client.notify("initialized", json!({}));
    client.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri(&file), "languageId": "yaml", "version": 1, "text": text}}));
    // The theme id (line 3), the stance (line 4), a source id in the evidence (line 10).
    let hover_theme = client.request("textDocument/hover", position(2, 9, &file));
    let hover_stance = client.request("textDocument/hover", position(3, 10, &file));
    let definition = client.request("textDocument/definition", position(9, 14, &file));
    let references = client.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri(&file)}, "position": {"line": 2, "character": 9}, "context": {"includeDeclaration": true}}),
    );
    let completion = client.request("textDocument/completion", position(3, 8, &file));
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri(&file)}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 20, "character": 0}}, "context": {"diagnostics": []}}),
    );
    assert_eq!(client.diagnostics(&file), cli_findings(&root, POSITION));
    assert!(client.diagnostics(&file).iter().any(|(code, line, _)| code == "P044" && *line == 11), "{:?}", client.diagnostics(&file));

    // A change is checked at once: the date written right, its finding goes.
    let fixed = std::fs::read_to_string(&file).unwrap().replace("stated_on: 2019/3", "stated_on: \"2019-03\"");
    client
        .notify("textDocument/didChange", json!({"textDocument": {"uri": uri(&file), "version": 2}, "contentChanges": [{"text": fixed}]}));
    let formatting = client
        .request("textDocument/formatting", json!({"textDocument": {"uri": uri(&file)}, "options": {"tabSize": 2, "insertSpaces": true}}));
    let unknown = client.request("polpos/unknown", json!({}));
    assert!(!client.diagnostics(&file).iter().any(|(code, _, _)| code == "P013"), "{:?}", client.diagnostics(&file));
    // Bad parameters and a file outside the dataset: an error, or nothing.
    let bad_params = client.request("textDocument/hover", json!({"nope": 1}));
    let outside = client.request("textDocument/hover", position(0, 0, &root.join("polpos.toml")));
    let shutdown = client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert_eq!(thread.join().unwrap(), Ok(()));

    let transcript = json!({
        "initialize": initialized,
        "hover_theme": hover_theme,
        "hover_stance": hover_stance,
        "definition": definition,
        "references": references,
        "completion": completion,
        "code_actions": actions,
        "formatting": formatting,
        "unknown_method": unknown,
        "bad_params": bad_params,
        "outside_the_dataset": outside,
        "shutdown": shutdown,
        "notifications": client.notifications,
    });
    let transcript = serde_json::to_string_pretty(&transcript).unwrap().replace(&root.display().to_string(), "[ROOT]");
    insta::assert_snapshot!("lsp_session", transcript);
}

/// Editing a theme re-checks the positions coded on it: a stance its scale no longer defines is
/// reported in the position's file, and the finding goes when the edit is undone.
#[test]
fn a_change_to_a_theme_rechecks_the_positions_that_name_it() {
    let (_dir, root) = workspace();
    let (server, connection) = Connection::memory();
    let server_root = root.clone();
    let thread = std::thread::spawn(move || polpos::lsp::serve(&server, &server_root, None));
    let mut client = Client { connection, next_id: 0, notifications: Vec::new() };
    client.request("initialize", json!({"capabilities": {}, "rootUri": uri(&root)}));
    client.notify("initialized", json!({}));
    let theme = root.join("data/themes/open-governance.yaml");
    let position = root.join("data/positions/bb/bb-open-governance-1.yaml");
    let text = std::fs::read_to_string(&theme).unwrap();
    client.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri(&theme), "languageId": "yaml", "version": 1, "text": text}}));
    let without_opposes = text.replace("  opposes: {meaning: Argues against the proposition.}\n", "");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&theme), "version": 2}, "contentChanges": [{"text": without_opposes}]}),
    );
    client.request("polpos/sync", Value::Null);
    assert_eq!(client.diagnostics(&position), [("P061".to_string(), 4, 9)]);
    client
        .notify("textDocument/didChange", json!({"textDocument": {"uri": uri(&theme), "version": 3}, "contentChanges": [{"text": text}]}));
    client.request("polpos/sync", Value::Null);
    assert_eq!(client.diagnostics(&position), []);
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert_eq!(thread.join().unwrap(), Ok(()));
}

/// The binary over standard input and output: garbage, a message that is JSON but no request,
/// and a request before `initialize` all get an error; the session goes on and ends cleanly.
#[test]
fn the_binary_survives_malformed_messages() {
    let (_dir, root) = workspace();
    let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len());
    let input = [
        frame("{not json"),
        frame("\"text\""),
        frame(r#"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{}}"#),
        frame(&json!({"jsonrpc": "2.0", "id": 2, "method": "initialize", "params": {"capabilities": {}, "rootUri": uri(&root)}}).to_string()),
        frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
        frame(r#"{"jsonrpc":"2.0","id":3,"method":"textDocument/definition","params":{"textDocument":{"uri":"file:///elsewhere.yaml"},"position":{"line":0,"character":0}}}"#),
        frame(r#"{"jsonrpc":"2.0","id":4,"method":"shutdown"}"#),
        frame(r#"{"jsonrpc":"2.0","method":"exit"}"#),
    ]
    .concat();
    let output = assert_cmd::Command::cargo_bin("polpos")
        .unwrap()
        .current_dir(&root)
        .arg("lsp")
        .write_stdin(input)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let out = String::from_utf8(output.stdout).unwrap();
    let replies: Vec<Value> = out
        .split("Content-Length: ")
        .filter(|s| !s.is_empty())
        .map(|s| serde_json::from_str(s.split_once("\r\n\r\n").unwrap().1).unwrap())
        .collect();
    let errors: Vec<(Value, i64)> =
        replies.iter().filter(|r| r.get("error").is_some()).map(|r| (r["id"].clone(), r["error"]["code"].as_i64().unwrap())).collect();
    assert_eq!(errors, [(Value::Null, -32700), (Value::Null, -32600), (json!(1), -32002)], "{out}");
    assert!(replies.iter().any(|r| r["id"] == 2 && r["result"]["serverInfo"]["name"] == "polpos"), "{out}");
    assert!(replies.iter().any(|r| r["id"] == 3 && r["result"].is_null()), "{out}");
    assert!(replies.iter().any(|r| r["id"] == 4), "{out}");
}

/// Neovim (Debian's `neovim`, installed by .ci/test-tools) opens the broken record with the
/// server attached: it shows every finding `polpos validate` reports for the file, on the same
/// lines and columns, the quote mismatch among them.
#[test]
fn neovim_shows_the_findings_of_a_broken_record() {
    let Some(nvim) = tools::program("nvim") else { return };
    let (_dir, root) = workspace();
    let out = root.join("nvim-diagnostics.json");
    let status = std::process::Command::new(nvim)
        .args(["--headless", "--clean", "-u", "NONE", "-c", "luafile tests/scripts/nvim_lsp.lua"])
        .env("POLPOS_BIN", assert_cmd::cargo::cargo_bin("polpos"))
        .env("POLPOS_ROOT", &root)
        .env("POLPOS_FILE", root.join(POSITION))
        .env("POLPOS_NVIM_OUT", &out)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let written = std::fs::read_to_string(&out).unwrap_or_else(|_| panic!("Neovim wrote nothing: {status:?}"));
    let report: Value = serde_json::from_str(&written).unwrap();
    assert_eq!(report["received"], true, "{written}");
    let mut shown: Vec<(String, u64, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap().to_string(), d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
        .collect();
    shown.sort();
    assert_eq!(shown, cli_findings(&root, POSITION));
    assert!(shown.iter().any(|(code, _, _)| code == "P044"), "{written}");
}
