//! A language-server client for tests and benchmarks: starts `prospectus lsp`, speaks
//! JSON-RPC over its stdio, and keeps the diagnostics it publishes.
#![allow(dead_code, reason = "each includer uses its own part")]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::{Value, json};

/// A running server and the client's side of its pipes.
pub struct Client {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
    next_id: i64,
    /// The last diagnostics published for each file (its path relative to the site root).
    pub diagnostics: BTreeMap<String, Vec<Value>>,
    /// Every file diagnostics were published for, in order (clear it to watch one edit's).
    pub published: Vec<String>,
    root: PathBuf,
}

impl Client {
    /// Starts the server (`binary lsp`) on the site at `root` and initializes it.
    pub fn start(binary: &Path, root: &Path) -> Client {
        let root = std::fs::canonicalize(root).expect("the site exists");
        let mut child = Command::new(binary)
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start prospectus lsp");
        let input = child.stdin.take().expect("stdin");
        let output = BufReader::new(child.stdout.take().expect("stdout"));
        let mut client =
            Client { child, input, output, next_id: 0, diagnostics: BTreeMap::new(), published: Vec::new(), root };
        let uri = client.uri("");
        let init = client.request("initialize", json!({"rootUri": uri, "capabilities": {}}));
        assert!(init["capabilities"]["renameProvider"] == json!(true), "{init}");
        client.notify("initialized", json!({}));
        client
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn uri(&self, relative: &str) -> String {
        let path = if relative.is_empty() { self.root.clone() } else { self.root.join(relative) };
        url::Url::from_file_path(path).expect("an absolute path").to_string()
    }

    pub fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.input, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write to the server");
        self.input.flush().expect("flush");
    }

    pub fn receive(&mut self) -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            assert!(self.output.read_line(&mut line).expect("read from the server") > 0, "the server hung up");
            match line.trim_end() {
                "" => break,
                header => {
                    if let Some(n) = header.strip_prefix("Content-Length: ") {
                        length = n.parse().expect("a length");
                    }
                }
            }
        }
        let mut body = vec![0; length];
        self.output.read_exact(&mut body).expect("read a message");
        let message: Value = serde_json::from_slice(&body).expect("JSON");
        if message["method"] == "textDocument/publishDiagnostics" {
            let uri = message["params"]["uri"].as_str().unwrap_or_default();
            let path = url::Url::parse(uri).expect("a URI").to_file_path().expect("a file URI");
            let relative = path.strip_prefix(&self.root).expect("a file of the site").to_string_lossy().into_owned();
            let list = message["params"]["diagnostics"].as_array().cloned().unwrap_or_default();
            self.published.push(relative.clone());
            self.diagnostics.insert(relative, list);
        }
        message
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its result, recording the notifications before it.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        assert!(response.get("error").is_none(), "{method} failed: {response}");
        response["result"].clone()
    }

    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self.receive();
            if message["id"] == json!(id) {
                return message;
            }
        }
    }

    /// Waits until the diagnostics published since the last request have all arrived: the
    /// server publishes before it reads the next message, so a request's answer follows them.
    pub fn settle(&mut self) {
        let probe = json!({"textDocument": {"uri": self.uri("content/site.yaml")}});
        self.request("textDocument/documentSymbol", probe.clone());
        self.request("textDocument/documentSymbol", probe);
    }

    pub fn open(&mut self, relative: &str, text: &str) {
        let uri = self.uri(relative);
        let document = json!({"uri": uri, "languageId": "markdown", "version": 1, "text": text});
        self.notify("textDocument/didOpen", json!({"textDocument": document}));
    }

    pub fn change(&mut self, relative: &str, version: i64, text: &str) {
        let uri = self.uri(relative);
        let params = json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]});
        self.notify("textDocument/didChange", params);
    }

    pub fn at(&self, relative: &str, line: u32, character: u32) -> Value {
        json!({"textDocument": {"uri": self.uri(relative)}, "position": {"line": line, "character": character}})
    }

    /// The messages of the diagnostics of `relative`.
    pub fn messages(&self, relative: &str) -> Vec<String> {
        let list = self.diagnostics.get(relative).cloned().unwrap_or_default();
        list.iter().map(|d| d["message"].as_str().unwrap_or_default().to_owned()).collect()
    }

    pub fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let status = self.child.wait().expect("the server exits");
        assert!(status.success(), "exit status {status}");
    }
}
