//! Prints the extractor's decision trace for one page of a JSONL file (1-based line number)
//! or for an HTML file: `explain PAGES.jsonl LINE` or `explain PAGE.html`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: explain PAGES.jsonl LINE | explain PAGE.html");
        std::process::exit(2);
    };
    let data = std::fs::read(path).unwrap_or_else(|e| {
        eprintln!("cannot read {path}: {e}");
        std::process::exit(2);
    });
    let html: Vec<u8> = match args.get(1).and_then(|l| l.parse::<usize>().ok()) {
        Some(line) => {
            let text = String::from_utf8_lossy(&data);
            let Some(l) = text.lines().nth(line.saturating_sub(1)) else {
                eprintln!("{path} has no line {line}");
                std::process::exit(2);
            };
            let v: serde_json::Value = serde_json::from_str(l).unwrap_or_default();
            v.get("html")
                .and_then(|h| h.as_str())
                .unwrap_or("")
                .as_bytes()
                .to_vec()
        }
        None => data,
    };
    println!("{}", dateline_html::explain(&html, None));
}
