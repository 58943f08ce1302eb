//! `copydesk lsp` end to end: the real binary, spoken to in JSON-RPC with
//! `Content-Length` framing over its standard input and output, as an
//! editor does. Every wait has a deadline, so a server that hangs fails the
//! test instead of stalling it.

mod common;

use serde_json::{Value, json};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The longest any single answer may take (debug builds lint slowly).
const DEADLINE: Duration = Duration::from_secs(60);

/// A client session with one server process.
struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: mpsc::Receiver<Value>,
    /// Messages read while waiting for something else.
    pending: VecDeque<Value>,
    next_id: i64,
}

impl Client {
    /// Starts `copydesk lsp` in `dir` and initializes it with `dir` as the
    /// workspace folder.
    fn start(dir: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start copydesk lsp");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_frame(&mut reader) {
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        let stdin = child.stdin.take();
        let mut client = Client {
            child,
            stdin,
            incoming,
            pending: VecDeque::new(),
            next_id: 0,
        };
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": file_uri(dir),
                "capabilities": {},
            }),
        );
        assert_eq!(result["serverInfo"]["name"], "copydesk");
        let capabilities = &result["capabilities"];
        assert_eq!(capabilities["textDocumentSync"]["change"], 1, "full sync");
        assert_eq!(capabilities["positionEncoding"], "utf-16");
        assert_eq!(
            capabilities["codeActionProvider"]["codeActionKinds"],
            json!(["quickfix"])
        );
        client.notify("initialized", json!({}));
        client
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        let stdin = self.stdin.as_mut().expect("stdin open");
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its result (panics on an error response).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let response = self.wait_for(&format!("the response to {method}"), |m| {
            m["id"] == id && m.get("method").is_none()
        });
        assert!(response.get("error").is_none(), "{method}: {response}");
        response["result"].clone()
    }

    /// The next message that satisfies `wanted`; others are kept for later.
    fn wait_for(&mut self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(index) = self.pending.iter().position(&wanted) {
            return self.pending.remove(index).expect("index");
        }
        let deadline = Instant::now() + DEADLINE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(message) if wanted(&message) => return message,
                Ok(message) => self.pending.push_back(message),
                Err(e) => panic!(
                    "no {what} within {DEADLINE:?} ({e}); got {:?}",
                    self.pending
                ),
            }
        }
    }

    /// The diagnostics published for `uri` at `version`.
    fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let message = self.wait_for(&format!("diagnostics for {uri} v{version}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        message["params"]["diagnostics"]
            .as_array()
            .expect("diagnostics array")
            .clone()
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "html", "version": 1, "text": text}}),
        );
    }

    fn change(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": text}],
            }),
        );
    }

    fn code_actions(&mut self, uri: &str, diagnostic: &Value) -> Vec<Value> {
        let result = self.request(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": uri},
                "range": diagnostic["range"],
                "context": {"diagnostics": [diagnostic]},
            }),
        );
        result.as_array().expect("actions").clone()
    }

    /// `shutdown`, `exit`, and the exit status.
    fn shut_down(mut self) -> ExitStatus {
        let result = self.request("shutdown", Value::Null);
        assert_eq!(result, Value::Null);
        self.exit()
    }

    fn exit(mut self) -> ExitStatus {
        self.notify("exit", Value::Null);
        self.stdin = None;
        let deadline = Instant::now() + DEADLINE;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        // A failed test must not leave a server running.
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn read_frame(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn file_uri(path: &Path) -> String {
    copydesk::lsp::uri::from_path(path).expect("absolute path")
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seed() -> (String, String) {
    let path = repo().join("fixtures/seed/article.html");
    let text = std::fs::read_to_string(&path).expect("seed article");
    (file_uri(&path), text)
}

/// Byte offset of an LSP position (UTF-16 columns) in `text`, computed
/// independently of the server.
fn offset(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().expect("line") as usize;
    let character = position["character"].as_u64().expect("character") as usize;
    let mut start = 0;
    for _ in 0..line {
        let rest = &text[start..];
        let Some(end) = rest.find(['\n', '\r']) else {
            return text.len();
        };
        start += end
            + if rest[end..].starts_with("\r\n") {
                2
            } else {
                1
            };
    }
    let mut units = 0;
    for (index, ch) in text[start..].char_indices() {
        if units >= character || ch == '\n' || ch == '\r' {
            return start + index;
        }
        units += ch.len_utf16();
    }
    text.len()
}

/// Applies a code action's edits for `uri` to `text`.
fn apply(text: &str, action: &Value, uri: &str) -> String {
    let edits = action["edit"]["changes"][uri]
        .as_array()
        .expect("edits for the document");
    let mut edits: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|edit| {
            let start = offset(text, &edit["range"]["start"]);
            let end = offset(text, &edit["range"]["end"]);
            (start, end, edit["newText"].as_str().expect("newText"))
        })
        .collect();
    edits.sort_by_key(|&(start, _, _)| std::cmp::Reverse(start));
    let mut text = text.to_owned();
    for (start, end, replacement) in edits {
        text.replace_range(start..end, replacement);
    }
    text
}

fn slice<'t>(text: &'t str, diagnostic: &Value) -> &'t str {
    &text[offset(text, &diagnostic["range"]["start"])..offset(text, &diagnostic["range"]["end"])]
}

fn find<'d>(diagnostics: &'d [Value], rule: &str, flagged: &str, text: &str) -> &'d Value {
    diagnostics
        .iter()
        .find(|d| d["code"] == rule && slice(text, d) == flagged)
        .unwrap_or_else(|| panic!("no {rule} on `{flagged}` in {diagnostics:#?}"))
}

/// Rule, start (line, character), end, LSP severity.
type Expected = (String, (u64, u64), (u64, u64), u64);

#[test]
fn seed_article_gives_seven_diagnostics_and_the_soyug_fix_leaves_six() {
    let (uri, text) = seed();
    let mut client = Client::start(&repo());
    client.open(&uri, &text);
    let diagnostics = client.diagnostics(&uri, 1);

    // As `copydesk check` reports them (1-based line:column there, 0-based
    // here; the seed's flagged lines are ASCII, so columns agree).
    let expected = [
        ("missing-byline", (70, 5), (70, 29), 2),
        ("near-duplicate-paragraph", (81, 8), (81, 185), 2),
        ("glossary-diacritics", (85, 66), (85, 82), 3),
        ("glossary-spelling", (85, 278), (85, 286), 2),
        ("glossary-spelling", (91, 345), (91, 350), 2),
        ("glossary-spelling", (93, 340), (93, 353), 2),
        ("doubled-punctuation", (112, 244), (112, 246), 2),
    ];
    let got: Vec<Expected> = diagnostics
        .iter()
        .map(|d| {
            let at = |p: &Value| {
                (
                    p["line"].as_u64().expect("line"),
                    p["character"].as_u64().expect("character"),
                )
            };
            (
                d["code"].as_str().expect("code").to_owned(),
                at(&d["range"]["start"]),
                at(&d["range"]["end"]),
                d["severity"].as_u64().expect("severity"),
            )
        })
        .collect();
    let expected: Vec<Expected> = expected
        .iter()
        .map(|&(rule, start, end, severity)| (rule.to_owned(), start, end, severity))
        .collect();
    assert_eq!(got, expected);
    for d in &diagnostics {
        assert_eq!(d["source"], "copydesk");
        let rule = d["code"].as_str().expect("code");
        assert_eq!(
            d["codeDescription"]["href"],
            format!("copydesk://rules/{rule}")
        );
    }

    // The near-duplicate points at the caption it repeats.
    let near = find(
        &diagnostics,
        "near-duplicate-paragraph",
        "The Soyuz MS-09 spacecraft was launched with three members of the Expedition 56 crew bound for the International Space Station. Photo Credit: Sean Costello / SpaceFlight Insider",
        &text,
    );
    let related = near["relatedInformation"].as_array().expect("related");
    assert_eq!(related.len(), 1);
    assert_eq!(related[0]["location"]["uri"], uri);
    assert_eq!(related[0]["message"], "first printed here");
    assert!(
        slice(&text, &related[0]["location"]).starts_with("The Soyuz MS-09 spacecraft is launched")
    );

    // The unsafe fix is offered, not preferred.
    let diacritics = find(
        &diagnostics,
        "glossary-diacritics",
        "Aunon-Chancellor",
        &text,
    )
    .clone();
    let actions = client.code_actions(&uri, &diacritics);
    let unsafe_fix = actions
        .iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.starts_with("Fix:")))
        .expect("unsafe fix offered");
    assert_eq!(unsafe_fix["isPreferred"], false);
    assert!(
        unsafe_fix["title"]
            .as_str()
            .expect("title")
            .ends_with("(unsafe)")
    );

    // The safe fix for "Soyug-FG" is preferred, and applying it in the
    // buffer leaves six findings.
    let soyug = find(&diagnostics, "glossary-spelling", "Soyug-FG", &text).clone();
    let actions = client.code_actions(&uri, &soyug);
    let fix = actions
        .iter()
        .find(|a| a["isPreferred"] == true)
        .unwrap_or_else(|| panic!("no preferred action in {actions:#?}"));
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["diagnostics"][0]["code"], "glossary-spelling");
    let fixed = apply(&text, fix, &uri);
    assert_eq!(fixed.len(), text.len());
    assert!(fixed.contains("Soyuz-FG") && !fixed.contains("Soyug-FG"));
    client.change(&uri, 2, &fixed);
    let after = client.diagnostics(&uri, 2);
    assert_eq!(after.len(), 6, "{after:#?}");
    assert!(!after.iter().any(|d| slice(&fixed, d) == "Soyug-FG"));
    // Linted from the buffer: the file on disk still has the typo.
    assert!(seed().1.contains("Soyug-FG"));

    assert!(client.shut_down().success());
}

#[test]
fn disable_action_inserts_a_suppression_the_linter_honours() {
    let (uri, text) = seed();
    let mut client = Client::start(&repo());
    client.open(&uri, &text);
    let diagnostics = client.diagnostics(&uri, 1);
    let doubled = find(&diagnostics, "doubled-punctuation", ",,", &text).clone();
    let actions = client.code_actions(&uri, &doubled);
    let disable = actions
        .iter()
        .find(|a| a["title"] == "Disable doubled-punctuation for this <p> element")
        .unwrap_or_else(|| panic!("no disable action in {actions:#?}"));
    assert_eq!(disable["isPreferred"], false);
    let disabled = apply(&text, disable, &uri);
    // On its own line before the paragraph, indented like it.
    assert!(
        disabled.contains(
            "\t\t\t\t\t<!-- copydesk-disable-next doubled-punctuation -->\n\t\t\t\t\t<p class=\"author-description\">"
        ),
        "{}",
        &disabled[offset(&disabled, &doubled["range"]["start"]).saturating_sub(400)..]
    );
    client.change(&uri, 2, &disabled);
    let after = client.diagnostics(&uri, 2);
    let rules: Vec<&str> = after.iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(after.len(), 6, "{rules:?}");
    assert!(!rules.contains(&"doubled-punctuation"));
    assert!(
        !rules.contains(&"unused-suppression"),
        "the comment is used"
    );

    // Closing the document clears its findings.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    let cleared = client.wait_for("cleared diagnostics", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && m["params"]["diagnostics"] == json!([])
    });
    assert!(cleared["params"].get("version").is_none_or(Value::is_null));
    assert!(client.shut_down().success());
}

#[test]
fn columns_are_utf16_code_units_on_a_non_ascii_page() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Only the buffer exists: the file was never saved.
    let uri = file_uri(&dir.path().join("draft.html"));
    let line = "<p>🚀 Ñandú crews flew on the Soyug-FG again, said Jim Bridenstine.</p>";
    let text = format!(
        "<html lang=\"en\"><body><article>\n<p class=\"byline\">By Ann Lee</p>\n{line}\n</article></body></html>\n"
    );
    let mut client = Client::start(dir.path());
    client.open(&uri, &text);
    let diagnostics = client.diagnostics(&uri, 1);
    let soyug = find(&diagnostics, "glossary-spelling", "Soyug-FG", &text).clone();
    let prefix = &line[..line.find("Soyug").expect("typo")];
    assert_eq!(soyug["range"]["start"]["line"], 2);
    assert_eq!(
        soyug["range"]["start"]["character"],
        prefix.encode_utf16().count()
    );
    // The emoji makes UTF-16 units and characters differ: this is the case
    // a character count would get wrong.
    assert_ne!(prefix.encode_utf16().count(), prefix.chars().count());

    let actions = client.code_actions(&uri, &soyug);
    let fix = actions
        .iter()
        .find(|a| a["isPreferred"] == true)
        .expect("preferred fix");
    let fixed = apply(&text, fix, &uri);
    assert!(
        fixed.contains("🚀 Ñandú crews flew on the Soyuz-FG again"),
        "{fixed}"
    );
    assert!(client.shut_down().success());
}

#[test]
fn settings_come_from_the_nearest_copydesk_toml_and_follow_its_edits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("copydesk.toml");
    std::fs::write(&config, "ignore = [\"glossary-spelling\"]\n").expect("config");
    let pages = dir.path().join("site/news");
    std::fs::create_dir_all(&pages).expect("folders");
    let (_, text) = seed();
    let path = pages.join("article.html");
    std::fs::write(&path, &text).expect("page");
    let uri = file_uri(&path);

    let mut client = Client::start(dir.path());
    client.open(&uri, &text);
    let rules = |diagnostics: &[Value]| -> Vec<String> {
        diagnostics
            .iter()
            .map(|d| d["code"].as_str().unwrap_or("").to_owned())
            .collect()
    };
    let first = client.diagnostics(&uri, 1);
    assert_eq!(first.len(), 4, "{:?}", rules(&first));
    assert!(!rules(&first).contains(&"glossary-spelling".to_owned()));

    // The configuration is edited while the server runs; saving the page
    // lints it again with the new settings.
    std::fs::write(&config, "ignore = []\n").expect("config");
    let save = json!({"textDocument": {"uri": uri}});
    client.notify("textDocument/didSave", save.clone());
    let second = client.diagnostics(&uri, 1);
    assert_eq!(second.len(), 7, "{:?}", rules(&second));

    // A broken configuration is one error at the top, pointing at the file.
    std::fs::write(&config, "ignore = [\"no-such-rule\"]\n").expect("config");
    client.notify("textDocument/didSave", save);
    let broken = client.diagnostics(&uri, 1);
    assert_eq!(broken.len(), 1, "{broken:#?}");
    assert_eq!(broken[0]["severity"], 1);
    let message = broken[0]["message"].as_str().expect("message");
    assert!(message.contains("no-such-rule"), "{message}");
    let location = &broken[0]["relatedInformation"][0]["location"];
    assert_eq!(location["uri"], file_uri(&config));
    assert_eq!(location["range"]["start"]["line"], 0);
    assert!(client.shut_down().success());
}

#[test]
fn exit_without_shutdown_is_exit_code_1() {
    let client = Client::start(&repo());
    assert_eq!(client.exit().code(), Some(1));
}

/// Not a pass/fail timing (that would flake on a shared machine): prints
/// how long a change to a 300 KB page takes to come back as diagnostics.
/// The page is a real 308 KB corpus page when the corpus is there, else a
/// synthetic one; `COPYDESK_LSP_PAGE=FILE` times a page of your own.
#[test]
fn latency_after_a_change_to_a_300_kb_page() {
    let (page, name) = latency_page();
    let dir = tempfile::tempdir().expect("temp dir");
    let uri = file_uri(&dir.path().join("big.html"));
    let mut client = Client::start(dir.path());
    client.open(&uri, &page);
    let first = client.diagnostics(&uri, 1);
    let mut times = Vec::new();
    for version in 2..=6 {
        // An edit in the middle of the page, as typing makes.
        let mut edited = page.clone();
        let at = edited[..edited.len() / 2].rfind(' ').unwrap_or(0);
        edited.insert_str(at, &" x".repeat(version as usize));
        let started = Instant::now();
        client.change(&uri, version, &edited);
        client.diagnostics(&uri, version);
        times.push(started.elapsed());
    }
    times.sort();
    eprintln!(
        "lsp latency, change -> diagnostics, {} KB ({name}, {} findings): median {:.1} ms, min {:.1} ms ({} build)",
        page.len() / 1000,
        first.len(),
        times[times.len() / 2].as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0,
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
    );
    assert!(client.shut_down().success());
}

fn latency_page() -> (String, String) {
    if let Some(file) = std::env::var_os("COPYDESK_LSP_PAGE") {
        let bytes = std::fs::read(&file).expect("COPYDESK_LSP_PAGE");
        let name = PathBuf::from(file).display().to_string();
        return (String::from_utf8_lossy(&bytes).into_owned(), name);
    }
    let real = "aeb/html/1ace8c85aaee21b9d4505eca506d50c4721c29db62848b567a9703bfe0583892.html.gz";
    if let Some(path) = common::corpus_dir()
        .map(|dir| dir.join(real))
        .filter(|p| p.is_file())
    {
        let text = String::from_utf8(common::gunzip(&path)).expect("UTF-8 page");
        return (text, "a real news page from the corpus".to_owned());
    }
    (synthetic_page(300_000), "a synthetic page".to_owned())
}

/// The seed article with its content grown to about `size` bytes by
/// paragraphs of made-up prose with a vocabulary of thousands of words (a
/// small vocabulary would make every paragraph resemble every other, which
/// no article does).
fn synthetic_page(size: usize) -> String {
    let (_, seed) = seed();
    let syllables = [
        "ka", "lo", "mi", "ren", "tas", "vor", "di", "nu", "pe", "sha", "tri", "gol", "bar", "fen",
        "qui", "zo", "mar", "el", "on", "st",
    ];
    let common = [
        "the", "of", "and", "a", "to", "in", "was", "said", "with", "on",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        // xorshift: deterministic, different every word.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut content = String::new();
    let mut paragraph = 0;
    while content.len() + seed.len() < size {
        paragraph += 1;
        content.push_str("\t\t\t\t\t<p>Paragraph");
        let mut previous = String::new();
        for index in 0..90 {
            let word = if next(3) == 0 {
                common[next(common.len())].to_owned()
            } else {
                (0..2 + next(2))
                    .map(|_| syllables[next(syllables.len())])
                    .collect()
            };
            if word == previous {
                continue;
            }
            content.push(' ');
            content.push_str(&word);
            if index % 15 == 14 {
                content.push('.');
            }
            previous = word;
        }
        content.push_str(&format!(" {paragraph}.</p>\n"));
    }
    let end = seed
        .find("\t\t\t\t</div><!-- .entry-content -->")
        .expect("content end");
    format!("{}{content}{}", &seed[..end], &seed[end..])
}
