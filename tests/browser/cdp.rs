//! A minimal Chrome DevTools Protocol client over `--remote-debugging-pipe`:
//! Chromium reads commands from file descriptor 3 and writes replies and
//! events to descriptor 4, each message a JSON object ended by a NUL byte.
//!
//! Why this and not a CDP crate: `chromiumoxide` and `headless_chrome`
//! bring an async runtime or a WebSocket and HTTP stack and thousands of
//! generated protocol types, minutes of build on a 2-core CI machine, for
//! the five commands these tests send. `--dump-dom` and `--screenshot`
//! alone cannot click a filter or read `window` after the script ran. The
//! pipe needs no port, no WebSocket and no new dependency (serde_json and
//! libc are already there), and lets the tests evaluate JavaScript, wait
//! for the load event, time it and take screenshots.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// Longest wait for any one reply or event.
const TIMEOUT: Duration = Duration::from_secs(60);

/// The flags known to work as root in a container, plus the pipe.
const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
];

/// The browser to use: `COPYDESK_CHROMIUM`, or `chromium` /
/// `chromium-browser` / `google-chrome` on the `PATH`.
pub fn find_chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("COPYDESK_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// A headless Chromium with one page attached.
pub struct Browser {
    child: Child,
    commands: std::io::PipeWriter,
    messages: Receiver<Value>,
    session: String,
    next_id: u64,
    /// Events read while waiting for a reply, in arrival order.
    events: Vec<Value>,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts `chromium` with a fresh profile and opens a blank page of
    /// `width` × `height` CSS pixels.
    pub fn launch(chromium: &Path, width: u32, height: u32) -> Browser {
        let profile = tempfile::tempdir().expect("a temporary profile folder");
        let (browser_reads, test_writes) = std::io::pipe().expect("a pipe");
        let (test_reads, browser_writes) = std::io::pipe().expect("a pipe");
        let read_fd: OwnedFd = browser_reads.into();
        let write_fd: OwnedFd = browser_writes.into();
        let (read_raw, write_raw) = (read_fd.as_raw_fd(), write_fd.as_raw_fd());
        let mut command = Command::new(chromium);
        command
            .args(FLAGS)
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(format!("--window-size={width},{height}"))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // SAFETY: between fork and exec only async-signal-safe calls
        // (fcntl, dup2) on descriptors this process owns.
        unsafe {
            command.pre_exec(move || {
                // Move both ends above 4 first, so the dup2s cannot clobber
                // one another, then onto 3 and 4 (dup2 clears close-on-exec).
                let high_read = libc::fcntl(read_raw, libc::F_DUPFD, 10);
                let high_write = libc::fcntl(write_raw, libc::F_DUPFD, 10);
                if high_read < 0
                    || high_write < 0
                    || libc::dup2(high_read, 3) < 0
                    || libc::dup2(high_write, 4) < 0
                {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command.spawn().expect("chromium starts");
        drop((read_fd, write_fd));
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(test_reads);
            let mut message = Vec::new();
            loop {
                message.clear();
                match reader.read_until(0, &mut message) {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
                message.pop();
                let Ok(value) = serde_json::from_slice::<Value>(&message) else {
                    continue;
                };
                if sender.send(value).is_err() {
                    return;
                }
            }
        });
        let mut browser = Browser {
            child,
            commands: test_writes,
            messages,
            session: String::new(),
            next_id: 0,
            events: Vec::new(),
            _profile: profile,
        };
        let target = browser.call("Target.createTarget", json!({"url": "about:blank"}));
        let target_id = target["targetId"].as_str().expect("a target id").to_owned();
        let attached = browser.call(
            "Target.attachToTarget",
            json!({"targetId": target_id, "flatten": true}),
        );
        browser.session = attached["sessionId"]
            .as_str()
            .expect("a session id")
            .to_owned();
        browser.page("Page.enable", json!({}));
        browser.page("Runtime.enable", json!({}));
        browser.page(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}),
        );
        browser
    }

    /// Sends a browser-level command and returns its result.
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.send(method, params, None)
    }

    /// Sends a command to the page and returns its result.
    pub fn page(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.send(method, params, Some(&session))
    }

    fn send(&mut self, method: &str, params: Value, session: Option<&str>) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        let mut bytes = serde_json::to_vec(&message).expect("JSON");
        bytes.push(0);
        self.commands
            .write_all(&bytes)
            .unwrap_or_else(|e| panic!("sending {method}: {e}"));
        loop {
            let reply = self.next_message(method);
            if reply["id"] == json!(id) {
                if let Some(error) = reply.get("error") {
                    panic!("{method} failed: {error}");
                }
                return reply["result"].clone();
            }
            if reply.get("method").is_some() {
                self.events.push(reply);
            }
        }
    }

    fn next_message(&mut self, waiting_for: &str) -> Value {
        match self.messages.recv_timeout(TIMEOUT) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => {
                panic!("no answer from chromium in {TIMEOUT:?} waiting for {waiting_for}")
            }
            Err(RecvTimeoutError::Disconnected) => {
                panic!("chromium closed the pipe waiting for {waiting_for}")
            }
        }
    }

    /// Opens `path` and waits for its load event; returns the wall time
    /// from the navigation command to that event.
    pub fn open(&mut self, path: &Path) -> Duration {
        let url = format!("file://{}", path.display());
        self.events.clear();
        let started = Instant::now();
        self.page("Page.navigate", json!({"url": url}));
        let loaded = |event: &Value| event["method"] == "Page.loadEventFired";
        if !self.events.iter().any(loaded) {
            loop {
                let message = self.next_message("Page.loadEventFired");
                if loaded(&message) {
                    break;
                }
                self.events.push(message);
            }
        }
        started.elapsed()
    }

    /// Evaluates `expression` in the page and returns its value.
    pub fn eval(&mut self, expression: &str) -> Value {
        let result = self.page(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true}),
        );
        if let Some(exception) = result.get("exceptionDetails") {
            panic!("{expression} threw: {exception}");
        }
        result["result"]["value"].clone()
    }

    /// Writes a PNG screenshot of the viewport to `path`.
    pub fn screenshot(&mut self, path: &Path) {
        let shot = self.page("Page.captureScreenshot", json!({"format": "png"}));
        let data = shot["data"].as_str().expect("base64 image data");
        let bytes = base64_decode(data);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("screenshot folder");
        }
        std::fs::write(path, bytes).expect("screenshot written");
    }

    /// Console messages and exceptions the page reported so far.
    pub fn console(&self) -> Vec<String> {
        self.events
            .iter()
            .filter(|e| {
                e["method"] == "Runtime.consoleAPICalled"
                    || e["method"] == "Runtime.exceptionThrown"
            })
            .map(|e| e["params"].to_string())
            .collect()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64: {c}"),
        }
    };
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let bytes: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    for chunk in bytes.chunks(4) {
        let digits: Vec<u32> = chunk
            .iter()
            .take_while(|&&b| b != b'=')
            .map(|&b| value(b))
            .collect();
        let n = digits
            .iter()
            .enumerate()
            .fold(0u32, |n, (k, d)| n | (d << (18 - 6 * k)));
        for k in 0..digits.len().saturating_sub(1) {
            out.push((n >> (16 - 8 * k)) as u8);
        }
    }
    out
}

#[test]
fn base64_decoding_round_trips_the_rfc_vectors() {
    for (plain, encoded) in [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foobar", "Zm9vYmFy"),
    ] {
        assert_eq!(base64_decode(encoded), plain.as_bytes());
    }
}
