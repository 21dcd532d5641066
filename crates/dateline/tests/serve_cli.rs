//! `dateline serve` end to end: the fixture corpus ingested by `dateline ingest`, served on
//! a loopback port the server picks (`--addr 127.0.0.1:0`; it prints the address bound),
//! and asked over a real socket. The answers are compared with what `dateline query` and
//! `dateline analyze` give for the same questions: one implementation, two front ends.
//! Every request goes to 127.0.0.1 only.

mod common;

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
        Env {
            dir: common::fixture_dir(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn cmd(&self) -> Command {
        let mut cmd = common::dateline_in(self.dir.path());
        cmd.env_remove("DATELINE_TOKEN");
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
    assert_eq!(openapi["paths"].as_object().unwrap().len(), 13);
}

#[test]
fn downloads_are_what_dateline_query_writes_streamed() {
    let env = Env::new();
    env.ingest();
    let server = env.serve(&[], true);
    // CSV, byte for byte: one implementation of the cells and the quoting. The CLI's
    // `--limit` is set past the corpus; the download has no cap to set.
    for (api, cli, name) in [
        (
            "/api/quotes?format=csv&limit=1",
            vec!["query", "quotes"],
            "quotes",
        ),
        (
            "/api/actors?type=person&format=csv",
            vec!["query", "actors", "--type", "person"],
            "actors",
        ),
        (
            "/api/events?source=RUS&format=csv",
            vec!["query", "events", "--source", "RUS"],
            "events",
        ),
        (
            "/api/docs?q=Ukraine&format=csv",
            vec!["query", "docs", "--q", "Ukraine"],
            "docs",
        ),
        ("/api/places?format=csv", vec!["query", "places"], "places"),
    ] {
        let mut args = cli.clone();
        args.extend(["--db", "corpus.db", "--format", "csv", "--limit", "100000"]);
        let out = env.run(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stdout.len() > 100, "{cli:?}: a real table");
        let answer = server.get(api);
        assert_eq!(answer.status, 200, "{api}");
        assert_eq!(
            answer.header("content-type"),
            Some("text/csv; charset=utf-8")
        );
        let disposition = format!("attachment; filename=\"dateline-{name}.csv\"");
        assert_eq!(
            answer.header("content-disposition"),
            Some(disposition.as_str())
        );
        assert_eq!(
            answer.header("transfer-encoding"),
            Some("chunked"),
            "{api}: streamed"
        );
        assert!(
            answer.body == out.stdout,
            "{api}:\n{}\n---\n{}",
            String::from_utf8_lossy(&answer.body),
            String::from_utf8_lossy(&out.stdout)
        );
    }
    // JSONL: the same rows as the CLI's (the API escapes markup; the values are equal).
    let expected = jsonl(&env.run(&[
        "query",
        "quotes",
        "--db",
        "corpus.db",
        "--format",
        "jsonl",
        "--limit",
        "100000",
    ]));
    let answer = server.get("/api/quotes?format=jsonl");
    assert_eq!(answer.header("content-type"), Some("application/x-ndjson"));
    let lines: Vec<Value> = String::from_utf8_lossy(&answer.body)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines, expected);
    // A bad filter is still the JSON error, not a download.
    let answer = server.get("/api/quotes?format=csv&from=someday");
    assert_eq!(answer.status, 400);
    assert!(
        answer.json()["error"]
            .as_str()
            .unwrap()
            .contains("as a date")
    );
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

/// The text of a page, as a string.
fn page(server: &Server, target: &str) -> String {
    let r = server.get(target);
    assert_eq!(
        r.status,
        200,
        "{target}: {}",
        String::from_utf8_lossy(&r.body)
    );
    assert!(
        r.header("content-type")
            .unwrap_or("")
            .starts_with("text/html"),
        "{target}"
    );
    String::from_utf8(r.body).unwrap()
}

/// Every annotation of the six drawn layers that has a span inside the text.
fn drawable(doc: &Value) -> usize {
    let chars = doc["text"].as_str().unwrap().chars().count() as u64;
    let spans = |v: &Value| -> Option<(u64, u64)> {
        let span = if v.get("trigger").is_some() {
            &v["trigger"]
        } else {
            v
        };
        Some((span["start"].as_u64()?, span["end"].as_u64()?))
    };
    ["entities", "quotes", "times", "places", "amounts", "events"]
        .iter()
        .flat_map(|layer| doc[*layer].as_array().cloned().unwrap_or_default())
        .filter(|v| spans(v).is_some_and(|(s, e)| s < e && e <= chars))
        .count()
}

#[test]
fn the_web_ui_renders_every_annotation_and_escapes_article_text() {
    let env = Env::new();
    let hostile = env.path("hostile.jsonl");
    std::fs::write(
        &hostile,
        r#"{"id": "hostile-1", "published": "2025-08-01", "title": "A <b>bold</b> title", "text": "KYIV — Officials said on Monday that <script>window.__pwned=1</script> appeared in a post. \"<img src=x onerror=alert(1)> is not news,\" Zelensky said."}"#,
    )
    .unwrap();
    env.ingest();
    let out = env.run(&[
        "ingest",
        "-q",
        "--db",
        "corpus.db",
        hostile.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let server = env.serve(&[], true);

    // Every annotation of a document is one element with its layer and id.
    let ids: Vec<String> = server.get("/api/docs?limit=100").json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect();
    assert!(ids.len() >= 8, "{ids:?}");
    let mut layers_seen = std::collections::BTreeSet::new();
    for id in &ids {
        let doc = server.get(&format!("/api/docs/{id}")).json();
        let html = page(&server, &format!("/doc/{id}"));
        let article = html
            .split("<article id=\"text\"")
            .nth(1)
            .and_then(|a| a.split("</article>").next())
            .unwrap();
        let marked = article.matches(" data-layer=\"").count();
        assert_eq!(marked, article.matches(" data-id=\"").count(), "{id}");
        assert_eq!(marked, drawable(&doc), "{id}: one element per annotation");
        for layer in ["entity", "quote", "time", "place", "amount", "event"] {
            if article.contains(&format!("data-layer=\"{layer}\"")) {
                layers_seen.insert(layer);
            }
        }
        assert_eq!(
            article.matches("<span").count(),
            article.matches("</span>").count()
        );
    }
    assert!(layers_seen.len() >= 5, "{layers_seen:?}");

    // Article text is inert: escaped, never markup.
    let html = page(&server, "/doc/hostile-1");
    assert!(!html.contains("<script>window"), "{html}");
    assert!(!html.contains("<img src=x"), "{html}");
    assert!(html.contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;"));
    assert!(html.contains("A &lt;b&gt;bold&lt;/b&gt; title"));
    let html = page(&server, "/?q=pwned");
    assert!(html.contains("hostile-1") && !html.contains("<script>window"));

    // The other pages answer, with their state from the URL.
    let html = page(&server, "/?q=sanctions");
    assert!(html.contains("id=\"results\"") && html.contains("/doc/wire-0620-sanctions"));
    assert!(html.contains("id=\"facet-actors\"") && html.contains("id=\"facet-places\""));
    let html = page(&server, "/quotes?speaker=Zelensky");
    assert!(html.contains("value=\"Zelensky\""));
    let items = html.matches("<li><blockquote>").count();
    let api = server.get("/api/quotes?speaker=Zelensky").json();
    assert_eq!(items, api["items"].as_array().unwrap().len());
    assert!(items > 0);
    assert!(html.contains("href=\"/api/quotes?speaker=Zelensky&amp;format=csv\""));
    let key = server.get("/api/actors?q=Zelensky").json()["items"][0]["key"]
        .as_str()
        .unwrap()
        .to_string();
    let html = page(&server, &format!("/actors/{key}"));
    assert!(html.contains("id=\"variants\"") && html.contains("<svg id=\"network\""));
    let html = page(&server, "/map");
    // Outlines come from npm's world-atlas, which scripts/setup.sh installs before building.
    let atlas = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../web/node_modules/world-atlas/countries-110m.json");
    if atlas.exists() || std::env::var_os("DATELINE_WORLD_ATLAS").is_some() {
        assert!(
            html.matches("<path class=\"country\"").count() > 150,
            "country outlines"
        );
    } else {
        assert!(
            html.contains("no country outlines"),
            "the page says why the map is bare"
        );
    }
    let place = server.get("/api/places?limit=1").json()["items"][0]["id"]
        .as_i64()
        .unwrap();
    assert!(html.contains(&format!("data-place=\"{place}\"")));
    let html = page(&server, &format!("/map?place={place}"));
    assert!(html.contains("id=\"place-docs\""));
    let listed = html
        .split("id=\"place-docs\"")
        .nth(1)
        .unwrap()
        .matches("<li>")
        .count();
    let api = server.get(&format!("/api/docs?place={place}")).json();
    assert_eq!(listed, api["items"].as_array().unwrap().len());
    let html = page(&server, "/timeline?q=Putin&q=Zelensky&q=sanctions");
    assert_eq!(html.matches("<path class=\"series\"").count(), 3);
    assert_eq!(server.get("/doc/nothing-here").status, 404);
    assert_eq!(server.get("/actors/nobody").status, 404);
    assert_eq!(server.get("/timeline?q=a&by=year").status, 400);
}

#[test]
fn answers_kept_in_the_cache_follow_an_ingest_into_the_served_store() {
    let env = Env::new();
    env.ingest();
    let server = env.serve(&[], true);
    let before = server.get("/api/stats").json()["documents"]
        .as_i64()
        .unwrap();
    let page = server.get("/?q=Kimchi").body;
    assert_eq!(server.get("/api/stats").json()["documents"], before, "kept");
    let more = env.path("more.jsonl");
    std::fs::write(
        &more,
        r#"{"id": "late-1", "published": "2025-09-01", "text": "SEOUL — Kimchi exports rose in August, officials said on Monday."}"#,
    )
    .unwrap();
    let out = env.run(&["ingest", "-q", "--db", "corpus.db", more.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        server.get("/api/stats").json()["documents"]
            .as_i64()
            .unwrap(),
        before + 1,
        "a commit changes the store's files, and the kept answer is dropped"
    );
    let after = server.get("/?q=Kimchi").body;
    assert_ne!(page, after);
    assert!(String::from_utf8_lossy(&after).contains("/doc/late-1"));
}
