//! `dateline serve` end to end: the fixture corpus ingested by `dateline ingest`, served on
//! a loopback port the server picks (`--addr 127.0.0.1:0`; it prints the address bound),
//! and asked over a real socket. The answers are compared with what `dateline query` and
//! `dateline analyze` give for the same questions: one implementation, two front ends.
//! Every request goes to 127.0.0.1 only.

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("fixture.kb"), dateline_kb::fixture_bytes()).unwrap();
        std::fs::write(
            dir.path().join("lexicon.txt"),
            "useful\t1.9\t0.7\t[2, 2]\nattack\t-2.1\t0.8\t[-2, -2]\ncautious\t-0.4\t0.5\t[0, -1]\n",
        )
        .unwrap();
        Env { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn cmd(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_dateline"));
        cmd.env("DATELINE_KB", self.path("fixture.kb"));
        cmd.env("DATELINE_LEXICON", self.path("lexicon.txt"));
        cmd.env_remove("DATELINE_TOKEN");
        cmd.current_dir(self.dir.path());
        cmd.stdin(Stdio::null());
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("run dateline")
    }

    /// The fixture articles and their copies in `corpus.db`.
    fn ingest(&self) {
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus");
        let out = self.run(&[
            "ingest",
            "--db",
            "corpus.db",
            corpus.join("articles.jsonl").to_str().unwrap(),
            corpus.join("copies.jsonl").to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// `dateline serve --db corpus.db --addr 127.0.0.1:0 EXTRA…`, once it listens.
    fn serve(&self, extra: &[&str], kb: bool) -> Server {
        let mut cmd = self.cmd();
        cmd.args(["serve", "--db", "corpus.db", "--addr", "127.0.0.1:0"]);
        cmd.args(extra);
        if !kb {
            cmd.env("DATELINE_KB", self.path("missing.kb"));
        }
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start dateline serve");
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let mut server = Server { child, addr: None };
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://127.0.0.1:"))
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        let addr: SocketAddr = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .parse()
            .unwrap();
        assert_ne!(addr.port(), 0);
        server.addr = Some(addr);
        server
    }
}

/// A running server, stopped (by its process id) when dropped.
struct Server {
    child: Child,
    addr: Option<SocketAddr>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl Server {
    /// One HTTP/1.1 request over loopback (`Connection: close`, read to the end).
    fn request(
        &self,
        method: &str,
        target: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Response {
        let addr = self.addr.unwrap();
        assert!(addr.ip().is_loopback());
        let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let mut head = format!(
            "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
            body.len()
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(body).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a complete response");
        let head = String::from_utf8_lossy(&raw[..split]).to_string();
        let mut lines = head.lines();
        let status: u16 = lines
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
            .collect();
        let mut body = raw[split + 4..].to_vec();
        if headers
            .iter()
            .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"))
        {
            body = dechunk(&body);
        }
        Response {
            status,
            headers,
            body,
        }
    }

    fn get(&self, target: &str) -> Response {
        self.request("GET", target, &[], &[])
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let end = data.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&data[..end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[end + 4 + size..];
    }
}

fn jsonl(out: &Output) -> Vec<Value> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn the_api_answers_as_dateline_query_does_over_a_real_socket() {
    let env = Env::new();
    env.ingest();
    let server = env.serve(&[], true);

    let stats = server.get("/api/stats");
    assert_eq!(stats.status, 200);
    assert_eq!(stats.json()["documents"], 10);
    assert_eq!(stats.json()["clusters"], 8);
    assert!(
        stats
            .header("content-security-policy")
            .unwrap()
            .starts_with("default-src 'self'")
    );
    assert_eq!(stats.header("x-content-type-options"), Some("nosniff"));

    for (api, cli) in [
        (
            "/api/quotes?speaker=putin",
            vec!["query", "quotes", "--speaker", "putin"],
        ),
        (
            "/api/actors?type=person",
            vec!["query", "actors", "--type", "person"],
        ),
        (
            "/api/events?source=RUS",
            vec!["query", "events", "--source", "RUS"],
        ),
        (
            "/api/docs?q=Ukraine",
            vec!["query", "docs", "--q", "Ukraine"],
        ),
        (
            "/api/places?q=Ukraine",
            vec!["query", "places", "--q", "Ukraine"],
        ),
    ] {
        let mut args = cli.clone();
        args.extend(["--db", "corpus.db", "--format", "jsonl"]);
        let expected = jsonl(&env.run(&args));
        assert!(!expected.is_empty(), "{cli:?}");
        let answer = server.get(api);
        assert_eq!(answer.status, 200, "{api}");
        let v = answer.json();
        assert_eq!(v["items"].as_array().unwrap(), &expected, "{api}");
        assert_eq!(v["next"], Value::Null);
    }
    let timeline = server
        .get("/api/timeline?q=Putin&q=Ukraine&by=month")
        .json();
    let expected = jsonl(&env.run(&[
        "query",
        "timeline",
        "Putin",
        "--by",
        "month",
        "--db",
        "corpus.db",
        "--format",
        "jsonl",
    ]));
    assert_eq!(
        timeline["series"][0]["items"].as_array().unwrap(),
        &expected
    );
    assert_eq!(timeline["series"][1]["q"], "Ukraine");

    // A document by its id, as `export --db --format jsonl` gives it back.
    let stored = jsonl(&env.run(&["export", "--db", "corpus.db", "--format", "jsonl"]));
    let summit = stored
        .iter()
        .find(|d| d["id"] == "wire-0815-summit")
        .unwrap();
    let answer = server.get("/api/docs/wire-0815-summit");
    assert_eq!(answer.status, 200);
    assert_eq!(&answer.json(), summit);

    // The actor page of the corpus's Putin.
    let key = server.get("/api/actors?q=Putin").json()["items"][0]["key"]
        .as_str()
        .unwrap()
        .to_string();
    let detail = server.get(&format!("/api/actors/{key}"));
    assert_eq!(detail.status, 200);
    let detail = detail.json();
    assert_eq!(detail["actor"]["name"], "Vladimir Putin");
    assert!(!detail["quotes"].as_array().unwrap().is_empty());
    assert!(!detail["months"].as_array().unwrap().is_empty());

    let missing = server.get("/api/docs/no%2Fsuch%3Adoc");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.json()["error"],
        "no document with id \"no/such:doc\""
    );

    let openapi = server.get("/api/openapi.json").json();
    assert_eq!(openapi["paths"].as_object().unwrap().len(), 11);
}

#[test]
fn analyze_over_http_gives_what_dateline_analyze_writes() {
    let env = Env::new();
    env.ingest();
    let server = env.serve(&[], true);
    let text = "MOSCOW — Russian President Vladimir Putin said on Friday that talks would go on.\n\n\
                “We are ready for a useful meeting,” Putin told reporters. <script>alert(1)</script>";
    let mut cli = env.cmd();
    cli.args([
        "analyze",
        "-q",
        "--format",
        "jsonl",
        "--published",
        "2025-08-16",
        "-",
    ]);
    let mut child = cli
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let expected = jsonl(&child.wait_with_output().unwrap());

    let answer = server.request(
        "POST",
        "/api/analyze?published=2025-08-16",
        &[("Content-Type", "text/plain; charset=utf-8")],
        text.as_bytes(),
    );
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    assert!(!String::from_utf8_lossy(&answer.body).contains("<script>"));
    assert_eq!(answer.json(), expected[0]);

    let body = serde_json::json!({"text": text, "published": "2025-08-16"}).to_string();
    let answer = server.request(
        "POST",
        "/api/analyze",
        &[("Content-Type", "application/json")],
        body.as_bytes(),
    );
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json(), expected[0]);
}

#[test]
fn without_a_knowledge_base_the_store_is_served_and_analyze_says_how_to_build_it() {
    let env = Env::new();
    env.ingest();
    let server = env.serve(&[], false);
    assert_eq!(server.get("/api/stats").status, 200);
    let answer = server.request("POST", "/api/analyze", &[], b"Putin spoke.");
    assert_eq!(answer.status, 503);
    let error = answer.json()["error"].as_str().unwrap().to_string();
    assert!(error.contains("fetch-kb.sh"), "{error}");
}

#[test]
fn a_token_guards_the_api() {
    let env = Env::new();
    env.ingest();
    let server = env.serve(&["--token", "s3cret"], true);
    let answer = server.get("/api/stats");
    assert_eq!(answer.status, 401);
    assert!(answer.json()["error"].as_str().unwrap().contains("Bearer"));
    let answer = server.request(
        "GET",
        "/api/stats",
        &[("Authorization", "Bearer s3cret")],
        &[],
    );
    assert_eq!(answer.status, 200);
}

#[test]
fn a_public_address_needs_a_token_or_no_auth() {
    let env = Env::new();
    env.ingest();
    // Refused before anything listens: no traffic leaves loopback.
    let out = env.run(&["serve", "--db", "corpus.db", "--addr", "0.0.0.0:0"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not a loopback address"), "{stderr}");
    assert!(
        stderr.contains("--token") && stderr.contains("--no-auth"),
        "{stderr}"
    );
    let out = env.run(&[
        "serve",
        "--db",
        "corpus.db",
        "--addr",
        "0.0.0.0:0",
        "--token",
        "t",
        "--no-auth",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = env.run(&["serve", "--db", "missing.db", "--addr", "127.0.0.1:0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("dateline ingest"));
}

#[test]
fn ctrl_c_stops_the_server_gracefully() {
    let env = Env::new();
    env.ingest();
    let mut server = env.serve(&[], true);
    assert_eq!(server.get("/api/stats").status, 200);
    let pid = server.child.id().to_string();
    let signalled = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(signalled.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "still running after SIGINT"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    let mut stderr = String::new();
    server
        .child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(stderr.contains("server stopped"), "{stderr}");
}
