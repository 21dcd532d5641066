//! End-to-end tests of `extract` on small invented pages.

use dateline_html::{HtmlError, decode, extract};

const P1: &str = "The harbour council of Norrvik voted on Tuesday to rebuild the old ferry pier, ending a dispute that had lasted for almost a decade.";
const P2: &str = "Residents had complained for years that the wooden structure, damaged by storms in 2016, was unsafe for the hundreds of commuters who use it daily.";
const P3: &str = "Construction is expected to begin next spring, the council said, and the pier should reopen before the summer tourist season of the following year.";

fn page(head: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">{head}</head><body>{body}</body></html>"
    )
}

fn article_body() -> String {
    format!("<p>{P1}</p><p>{P2}</p><p>{P3}</p>")
}

#[test]
fn removes_boilerplate_around_the_article() {
    let body = format!(
        r##"<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news and more</a></li></ul></nav>
        <div id="cookie-consent"><p>We use cookies to improve your experience on this site, please accept them all now.</p></div>
        <main><article><h1>Norrvik to rebuild ferry pier</h1>
          <div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
          <div class="article-body">{}
            <div class="newsletter-signup"><p>Sign up for our daily newsletter with all the best stories from the region, free.</p></div>
            <p>Advertisement</p>
          </div>
          <figure><img src="a.jpg"><figcaption>The old pier in winter, photographed by a staff photographer.</figcaption></figure>
          <section class="related-articles"><h2>Related</h2><ul><li><a href="/a">Another story about the harbour and its long history</a></li></ul></section>
          <div id="comments"><p>Great news, finally! I have been waiting for this for such a long time, well done.</p></div>
        </article></main>
        <aside class="sidebar"><p>Most read: a list of unrelated stories that appear on every page of this site.</p></aside>
        <footer><p>Copyright 2024 Norrvik Daily. All rights reserved. Contact us at the address below.</p></footer>"##,
        article_body()
    );
    let a = extract(page("", &body).as_bytes(), None).expect("article");
    assert_eq!(a.text, format!("{P1}\n\n{P2}\n\n{P3}"));
}

#[test]
fn keeps_subheadings_lists_and_quotes_as_blocks() {
    let body = format!(
        "<article><p>{P1}</p><h2>What happens next</h2><p>{P2}</p><ul><li>First the old pier   is demolished.</li><li>Then new piles are driven.</li></ul><blockquote>It is a good day for Norrvik, said the mayor.</blockquote><p>{P3}</p></article>"
    );
    let a = extract(page("", &body).as_bytes(), None).unwrap();
    let blocks: Vec<&str> = a.text.split("\n\n").collect();
    assert_eq!(
        blocks,
        vec![
            P1,
            "What happens next",
            P2,
            "First the old pier is demolished.",
            "Then new piles are driven.",
            "It is a good day for Norrvik, said the mayor.",
            P3
        ]
    );
}

#[test]
fn decodes_entities_and_collapses_whitespace() {
    let body = "<article><p>Fish &amp; chips cost &pound;5&nbsp;today,\n   said the   vendor in the market square this morning, &quot;and they are worth it&quot;.</p></article>";
    let a = extract(page("", body).as_bytes(), None).unwrap();
    assert_eq!(
        a.text,
        "Fish & chips cost £5 today, said the vendor in the market square this morning, \"and they are worth it\"."
    );
}

#[test]
fn text_in_divs_with_br_is_found() {
    let body = format!(
        "<div class=\"menu\"><a href=\"/\">Home</a> | <a href=\"/b\">Sport</a></div><div class=\"post\">{P1}<br><br>{P2}<br><br>{P3}</div>"
    );
    let a = extract(page("", &body).as_bytes(), None).unwrap();
    assert_eq!(a.text, format!("{P1}\n\n{P2}\n\n{P3}"));
}

#[test]
fn body_split_by_an_ad_is_merged() {
    let body = format!(
        "<div class=\"story\"><div class=\"body-part\"><p>{P1}</p><p>{P2}</p></div><div class=\"ad-slot\"><p>Buy the new phone today, only for a limited time, at your nearest store.</p></div><div class=\"body-part\"><p>{P3}</p><p>{P1}</p></div></div><div class=\"trending\"><p>{P2}</p></div>"
    );
    let a = extract(page("", &body).as_bytes(), None).unwrap();
    assert_eq!(a.text, format!("{P1}\n\n{P2}\n\n{P3}\n\n{P1}"));
}

#[test]
fn metadata_from_meta_tags() {
    let head = r#"<title>Norrvik to rebuild ferry pier | Norrvik Daily</title>
        <meta property="og:title" content="Norrvik to rebuild its ferry pier">
        <meta name="author" content="Anna Berg">
        <meta property="article:published_time" content="2024-03-05T09:30:00+01:00">
        <meta property="og:site_name" content="Norrvik Daily">
        <meta property="og:locale" content="sv_SE">
        <link rel="canonical" href="https://daily.example/pier">
        <meta property="og:url" content="https://daily.example/pier?utm=x">
        <meta name="description" content="The council voted to rebuild the pier.">"#;
    let a = extract(page(head, &article_body()).as_bytes(), None).unwrap();
    assert_eq!(
        a.title.as_deref(),
        Some("Norrvik to rebuild its ferry pier")
    );
    assert_eq!(a.byline.as_deref(), Some("Anna Berg"));
    assert_eq!(a.published.as_deref(), Some("2024-03-05T09:30:00+01:00"));
    assert_eq!(a.site_name.as_deref(), Some("Norrvik Daily"));
    assert_eq!(a.language.as_deref(), Some("en"));
    assert_eq!(
        a.canonical_url.as_deref(),
        Some("https://daily.example/pier")
    );
    assert_eq!(
        a.description.as_deref(),
        Some("The council voted to rebuild the pier.")
    );
    assert_eq!(a.encoding, "UTF-8");
}

#[test]
fn title_falls_back_to_h1_then_title_without_site_suffix() {
    let with_h1 = format!("<h1>Pier  to be rebuilt</h1>{}", article_body());
    let a = extract(
        page("<title>Other - Norrvik Daily</title>", &with_h1).as_bytes(),
        None,
    )
    .unwrap();
    assert_eq!(a.title.as_deref(), Some("Pier to be rebuilt"));
    let a = extract(
        page(
            "<title>Norrvik to rebuild ferry pier - Norrvik Daily</title>",
            &article_body(),
        )
        .as_bytes(),
        None,
    )
    .unwrap();
    assert_eq!(a.title.as_deref(), Some("Norrvik to rebuild ferry pier"));
}

#[test]
fn language_from_og_locale_and_content_language() {
    let html = format!(
        "<html><head><meta property=\"og:locale\" content=\"de_DE\"></head><body>{}</body></html>",
        article_body()
    );
    assert_eq!(
        extract(html.as_bytes(), None).unwrap().language.as_deref(),
        Some("de-DE")
    );
    let html = format!(
        "<html><head><meta http-equiv=\"content-language\" content=\"fr\"></head><body>{}</body></html>",
        article_body()
    );
    assert_eq!(
        extract(html.as_bytes(), None).unwrap().language.as_deref(),
        Some("fr")
    );
}

#[test]
fn json_ld_graph_gives_metadata() {
    let head = r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
        {"@type":"WebSite","name":"Norrvik Daily Site"},
        {"@type":"Organization","name":"Ignored Org"},
        {"@type":["NewsArticle"],"headline":"Pier vote passes","datePublished":"2024-03-05",
         "author":[{"@type":"Person","name":"Anna Berg"},{"@type":"Person","name":"Olof Lind"}],
         "publisher":{"@type":"Organization","name":"Norrvik Daily"}}]}</script>"#;
    let a = extract(page(head, &article_body()).as_bytes(), None).unwrap();
    assert_eq!(a.title.as_deref(), Some("Pier vote passes"));
    assert_eq!(a.published.as_deref(), Some("2024-03-05"));
    assert_eq!(a.byline.as_deref(), Some("Anna Berg, Olof Lind"));
    assert_eq!(a.site_name.as_deref(), Some("Norrvik Daily"));
}

#[test]
fn json_ld_types_and_malformed_json() {
    for ty in ["Article", "ReportageNewsArticle", "BlogPosting"] {
        let head = format!(
            r#"<script type="application/ld+json">{{"@type":"{ty}","datePublished":"2023-01-02T10:00:00Z"}};</script>"#
        );
        let a = extract(page(&head, &article_body()).as_bytes(), None).unwrap();
        assert_eq!(a.published.as_deref(), Some("2023-01-02T10:00:00Z"), "{ty}");
    }
    // Broken JSON is ignored, the text is still there.
    let head =
        r#"<script type="application/ld+json">{"@type":"NewsArticle", "headline": </script>"#;
    let a = extract(page(head, &article_body()).as_bytes(), None).unwrap();
    assert!(a.text.starts_with(P1));
    assert_eq!(a.published, None);
}

#[test]
fn dates_from_each_meta_source() {
    let cases = [
        r#"<meta property="og:published_time" content="2022-05-01">"#,
        r#"<meta name="parsely-pub-date" content="2022-05-01">"#,
        r#"<meta name="parsely-page" content='{"title":"x","pub_date":"2022-05-01"}'>"#,
        r#"<meta name="dc.date" content="2022-05-01">"#,
        r#"<meta name="DC.date.issued" content="2022-05-01">"#,
        r#"<meta name="date" content="2022-05-01">"#,
        r#"<meta name="pubdate" content="2022-05-01">"#,
        r#"<meta name="publishdate" content="2022-05-01">"#,
    ];
    for head in cases {
        let a = extract(page(head, &article_body()).as_bytes(), None).unwrap();
        assert_eq!(a.published.as_deref(), Some("2022-05-01"), "{head}");
    }
    // <time>: the pubdate one, else the first inside <article>.
    let body = format!(
        "<time datetime=\"2000-01-01\">old</time><article><time datetime=\"2022-05-01\">May 1</time>{}</article>",
        article_body()
    );
    let a = extract(page("", &body).as_bytes(), None).unwrap();
    assert_eq!(a.published.as_deref(), Some("2022-05-01"));
    let body = format!(
        "<time datetime=\"2022-05-02\" pubdate>May 2</time>{}",
        article_body()
    );
    let a = extract(page("", &body).as_bytes(), None).unwrap();
    assert_eq!(a.published.as_deref(), Some("2022-05-02"));
}

#[test]
fn bylines_from_each_source() {
    let cases = [
        (
            r#"<meta property="article:author" content="Anna Berg">"#,
            String::new(),
        ),
        (
            "",
            "<a rel=\"author\" href=\"/anna\">Anna Berg</a>".to_string(),
        ),
        ("", "<div class=\"byline\">By Anna Berg</div>".to_string()),
    ];
    for (head, extra) in cases {
        let body = format!("{extra}{}", article_body());
        let a = extract(page(head, &body).as_bytes(), None).unwrap();
        assert_eq!(a.byline.as_deref(), Some("Anna Berg"), "{head}{extra}");
        assert!(
            !a.text.contains("Anna"),
            "byline leaked into text: {}",
            a.text
        );
    }
    // A profile URL in article:author is not a name.
    let head = r#"<meta property="article:author" content="https://social.example/anna">"#;
    let a = extract(page(head, &article_body()).as_bytes(), None).unwrap();
    assert_eq!(a.byline, None);
}

#[test]
fn windows_1252_with_meta_charset() {
    let mut html = b"<html><head><meta charset=\"windows-1252\"></head><body><p>".to_vec();
    html.extend_from_slice(b"Caf\xe9 owners in the old town said the new rules were \x93unfair\x94 and would cost them dearly this season.");
    html.extend_from_slice(b"</p></body></html>");
    let a = extract(&html, None).unwrap();
    assert_eq!(a.encoding, "windows-1252");
    assert!(a.text.starts_with("Café owners"), "{}", a.text);
    assert!(a.text.contains("“unfair”"));
}

#[test]
fn windows_1252_without_declaration_is_detected() {
    let mut html = b"<html><body><p>".to_vec();
    html.extend_from_slice(
        b"Le caf\xe9 du march\xe9 a rouvert ses portes apr\xe8s des ann\xe9es de travaux, a d\xe9clar\xe9 le propri\xe9taire \xe0 la presse r\xe9gionale.",
    );
    html.extend_from_slice(b"</p></body></html>");
    let a = extract(&html, None).unwrap();
    assert_eq!(a.encoding, "windows-1252");
    assert!(a.text.contains("café du marché"), "{}", a.text);
}

#[test]
fn charset_hint_beats_meta() {
    let html = b"<html><head><meta charset=\"utf-8\"></head><body><p>Na\xefve visitors were told the museum would reopen after the long renovation of its main hall.</p></body></html>";
    let a = extract(html, Some("iso-8859-1")).unwrap();
    assert_eq!(a.encoding, "windows-1252");
    assert!(a.text.starts_with("Naïve"));
    let (text, enc) = decode(b"\xEF\xBB\xBF<p>x</p>", None);
    assert_eq!((text.as_ref(), enc.name()), ("<p>x</p>", "UTF-8"));
}

#[test]
fn broken_html_still_yields_text() {
    let html =
        format!("<html><body><div><p>{P1}<p>{P2} <b><i>{P3}</b></i></div></span></td><p unclosed");
    let a = extract(html.as_bytes(), None).unwrap();
    assert_eq!(a.text, format!("{P1}\n\n{P2} {P3}"));
    // Truncated in the middle of a tag.
    let cut = &html.as_bytes()[..html.len() / 2];
    assert!(extract(cut, None).unwrap().text.starts_with(P1));
}

#[test]
fn binary_input_is_an_error() {
    assert_eq!(
        extract(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", None),
        Err(HtmlError::Binary)
    );
    assert_eq!(
        extract(b"<html>\0\x01\x02\0\0binary", None),
        Err(HtmlError::Binary)
    );
    assert_eq!(
        HtmlError::Binary.to_string(),
        "not an HTML page: the bytes look binary"
    );
}

#[test]
fn empty_and_textless_pages_are_no_text() {
    assert_eq!(extract(b"", None), Err(HtmlError::NoText));
    assert_eq!(extract(b"   \n ", None), Err(HtmlError::NoText));
    assert_eq!(
        extract(b"<html><head><script>var x = 'not text';</script></head><body><img src=a.png></body></html>", None),
        Err(HtmlError::NoText)
    );
}

#[test]
fn deep_nesting_does_not_overflow() {
    let depth = 100_000;
    let mut html = String::with_capacity(depth * 11 + 200);
    html.push_str("<html><body>");
    for _ in 0..depth {
        html.push_str("<div>");
    }
    html.push_str(&format!("<p>{P1}</p>"));
    for _ in 0..depth {
        html.push_str("</div>");
    }
    html.push_str("</body></html>");
    // Run on a thread with a small stack to prove no recursion over depth.
    let t = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || extract(html.as_bytes(), None))
        .unwrap();
    let a = t.join().expect("no panic").unwrap();
    assert_eq!(a.text, P1);
}

#[test]
fn json_ld_article_body_rescues_script_rendered_pages() {
    let long = format!("{P1} {P2} {P3} {P1} {P2}");
    let head = format!(
        r#"<script type="application/ld+json">{{"@type":"NewsArticle","articleBody":"{long}"}}</script>"#
    );
    let a = extract(
        page(&head, "<div id=\"app\">Loading…</div>").as_bytes(),
        None,
    )
    .unwrap();
    assert_eq!(a.text, long);
}

#[test]
fn hostile_bylines_attributes_and_sibling_blocks_stay_fast_and_keep_the_text() {
    let prose = "The regional transit authority said on Thursday that night buses will run \
                 every twenty minutes from October, a change riders had requested for years.";
    // 1,000 nested byline candidates around a page of mostly whitespace: each candidate is
    // looked at briefly, not read whole.
    let page = format!(
        "<html><body>{}<p>{prose}</p><p>{}</p>{}</body></html>",
        "<div class=\"byline\">".repeat(1000),
        format!("word{}", " ".repeat(996)).repeat(1500),
        "</div>".repeat(1000)
    );
    let a = dateline_html::extract(page.as_bytes(), None).unwrap();
    assert!(a.text.contains(prose));
    // 100,000 attributes on one element.
    let attrs: String = (0..100_000).map(|i| format!(" data-a{i}=v")).collect();
    let page = format!("<html><body><div{attrs}><p>{prose}</p></div></body></html>");
    let a = dateline_html::extract(page.as_bytes(), None).unwrap();
    assert_eq!(a.text, prose);
    // 20,000 sibling containers that all join the article region.
    let page = format!(
        "<html><body>{}</body></html>",
        format!("<div><p>{prose}</p></div>").repeat(20_000)
    );
    let a = dateline_html::extract(page.as_bytes(), None).unwrap();
    assert_eq!(a.text.matches("night buses").count(), 20_000);
}
