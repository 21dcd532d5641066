//! Regression tests for what the hostile-input corpus (tests/hostile/ at the repository
//! root) found in the readers: UTF-16 containers, namespace scopes, quadratic scans, a FIFO
//! in a folder, truncated gzip.

use std::fs;
use std::io::{Cursor, Write};

use dateline_read::{InputKind, InputSpec, Inputs, Payload, ReadError, Record, decode, open};

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for u in text.encode_utf16() {
        out.extend_from_slice(&if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

fn from_bytes(name: &str, bytes: Vec<u8>) -> Vec<Result<Record, ReadError>> {
    Inputs::from_reader(name, InputKind::Auto, Cursor::new(bytes)).collect()
}

fn texts(items: &[Result<Record, ReadError>]) -> Vec<String> {
    items
        .iter()
        .map(|r| match r {
            Ok(r) => decode(r.clone())
                .map(|d| d.text)
                .unwrap_or_else(|e| e.to_string()),
            Err(e) => format!("error: {e}"),
        })
        .collect()
}

const STORY: &str = "Mayor Zoë Brandt said on Monday that the bridge would reopen.";

#[test]
fn utf16_feeds_and_jsonl_with_a_bom_are_transcoded_and_sniffed() {
    let feed = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<rss version=\"2.0\"><channel>\
         <title>Port news</title><item><guid>a</guid><description>{STORY}</description>\
         </item></channel></rss>\n"
    );
    for big_endian in [false, true] {
        let items = from_bytes("stdin", utf16(&feed, big_endian));
        assert_eq!(texts(&items), [STORY], "feed, big endian: {big_endian}");
    }
    let jsonl = format!(
        "{{\"id\": \"j1\", \"text\": \"{STORY}\"}}\n{{\"id\": \"j2\", \"text\": \"ok\"}}\n"
    );
    let items = from_bytes("stdin", utf16(&jsonl, true));
    assert_eq!(texts(&items), [STORY, "ok"]);
    // By extension too.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wire.jsonl");
    fs::write(&path, utf16(&jsonl, false)).unwrap();
    assert_eq!(
        texts(&open(&[InputSpec::new(&path)]).collect::<Vec<_>>()),
        [STORY, "ok"]
    );
}

#[test]
fn namespace_prefixes_follow_their_scopes() {
    // `c:` is the content module on the item, rebound to another vocabulary inside one
    // element, and undeclared inside another; undeclared `dc:` is still Dublin Core.
    let feed = r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:c="http://purl.org/rss/1.0/modules/content/">
<channel><title>Scopes</title>
<item><guid>one</guid><dc:creator>Ana Costa</dc:creator>
<c:encoded xmlns:c="urn:not-content">not the body</c:encoded>
<c:encoded><![CDATA[<p>The body of the first item, long enough to be an article.</p>]]></c:encoded>
</item>
<item xmlns:c=""><guid>two</guid><c:encoded>unbound prefix c: not the body</c:encoded>
<description>The second item's description.</description></item>
</channel></rss>"#;
    let items = from_bytes("scopes.xml", feed.as_bytes().to_vec());
    let records: Vec<&Record> = items.iter().map(|r| r.as_ref().unwrap()).collect();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].meta.byline.as_deref(), Some("Ana Costa"));
    assert!(matches!(&records[0].payload, Payload::Html { bytes, .. }
        if String::from_utf8_lossy(bytes).contains("The body of the first item")));
    assert_eq!(
        texts(&items)[1],
        "The second item's description.",
        "an undeclared prefix is not the content module"
    );
}

#[test]
fn hostile_feeds_read_in_one_pass() {
    let prose = "The harbour board raised mooring fees by 8% on Monday, chairman Erik Dahl said.";
    // 20,000 nested elements each declaring a prefix; 5,000 authors; 50,000 escaped tag
    // starts without a `>`: each was a quadratic scan.
    let mut feed = String::from(
        "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\
         <channel><title>t</title><item><guid>ns</guid><description>",
    );
    for i in 0..20_000 {
        feed.push_str(&format!("<span xmlns:p{i}=\"urn:{i}\">"));
    }
    feed.push_str(prose);
    feed.push_str(&"</span>".repeat(20_000));
    feed.push_str("</description></item><item><guid>authors</guid>");
    for i in 0..5_000 {
        feed.push_str(&format!("<dc:creator>Reporter {i}</dc:creator>"));
    }
    feed.push_str(&format!("<description>{prose}</description></item>"));
    feed.push_str("<item><guid>lt</guid><description>");
    feed.push_str(prose);
    feed.push_str(&" &lt;b".repeat(50_000));
    feed.push_str("</description></item></channel></rss>");
    let items = from_bytes("hostile.xml", feed.into_bytes());
    let records: Vec<&Record> = items.iter().map(|r| r.as_ref().unwrap()).collect();
    assert_eq!(records.len(), 3);
    assert!(texts(&items)[0].contains(prose));
    let byline = records[1].meta.byline.as_deref().unwrap();
    assert_eq!(byline.split(", ").count(), dateline_read::MAX_AUTHORS);
    // No `>` anywhere: plain text, not HTML.
    assert!(matches!(&records[2].payload, Payload::Text(t) if t.ends_with("<b <b")));
}

#[test]
fn truncated_gzip_is_one_truncation_error() {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(STORY.repeat(200).as_bytes()).unwrap();
    let bytes = gz.finish().unwrap();
    let items = from_bytes("story.txt.gz", bytes[..bytes.len() / 2].to_vec());
    assert_eq!(items.len(), 1);
    let e = items[0].as_ref().unwrap_err().to_string();
    assert!(
        e.starts_with("story.txt.gz: truncated: the input ends early"),
        "{e}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_in_a_folder_is_reported_not_opened() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), STORY).unwrap();
    let fifo = dir.path().join("b-pipe.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo is not available; skipped");
        return;
    }
    fs::write(dir.path().join("c.txt"), STORY).unwrap();
    let items: Vec<_> = open(&[InputSpec::new(dir.path())]).collect();
    assert_eq!(items.len(), 3);
    assert!(items[0].is_ok() && items[2].is_ok());
    let e = items[1].as_ref().unwrap_err().to_string();
    assert!(
        e.contains("b-pipe.txt: cannot read: not a regular file"),
        "{e}"
    );
}
