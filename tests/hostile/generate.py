#!/usr/bin/env python3
"""Writes the hostile-input cases that are not typed by hand (see README.md).

    generate.py large DIR   the large cases (and a named pipe and two bad symbolic links),
                            written at test time into DIR (never committed)
    generate.py small DIR   the small binary cases (UTF-16, gzip, WARC, stray bytes) that are
                            committed in cases/; run it to remake them after changing this file

Everything is deterministic: the same command writes the same bytes. Only the standard
library is used.
"""

import gzip
import io
import json
import os
import sys
import zlib

# A paragraph of ordinary wire copy, the filler of the large cases.
PROSE = (
    "The regional transit authority said on Thursday that night buses will run every twenty "
    "minutes from October, a change riders had requested for years. Board chair Maria Feld said "
    "the service would cost about $3.2 million a year. "
)

# The short article that the encoded and compressed cases carry.
ARTICLE = (
    "Bridge closed after barge strikes pillar\n\n"
    "ROTTERDAM — A cargo barge struck a pillar of the Erasmus Bridge on Friday morning, and the "
    "city closed the bridge to traffic while engineers inspected it, a spokeswoman for the "
    "municipality said.\n\n"
    "\"There is no danger of collapse, but we will take no risks,\" said Mayor Ahmed Aboutaleb. "
    "The barge's captain, a 54-year-old man from Duisburg, was not hurt. Inspections were expected "
    "to take two days.\n"
)


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


# --- large cases ------------------------------------------------------------------------


def long_line(path, size):
    """One line of prose with no newline at all, `size` bytes."""
    chunk = (PROSE * 200).encode()
    with open(path, "wb") as f:
        left = size
        while left > 0:
            piece = chunk[: min(left, len(chunk))]
            f.write(piece)
            left -= len(piece)


def nested_html(path, depth, open_tag, close_tag, title):
    """A page whose article sits at the bottom of `depth` nested elements."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"<!DOCTYPE html><html><head><title>{title}</title></head><body>")
        f.write("<p>" + PROSE + "</p>")
        f.write(open_tag * depth)
        f.write("<p>" + PROSE + "</p><p>" + PROSE + "</p>")
        f.write(close_tag * depth)
        f.write("<p>" + PROSE + "</p></body></html>\n")


def nested_mixed_html(path, depth):
    """Unclosed formatting, inline, list and table elements in turn: the adoption agency,
    the list of active formatting elements and the table insertion modes of an HTML parser."""
    tags = ["<b>", "<i>", "<a href=#x>", "<span>", "<font>", "<em>", "<ul><li>",
            "<table><tr><td>", "<div>", "<blockquote>", "<section>", "<strong>"]
    with open(path, "w", encoding="utf-8") as f:
        f.write("<!DOCTYPE html><html><head><title>Nested mixed</title></head><body>")
        f.write("<p>" + PROSE + "</p>")
        for i in range(depth):
            f.write(tags[i % len(tags)])
            if i % 1000 == 0:
                f.write("word ")
        f.write("<p>" + PROSE + "</p>\n")


def nested_feed(path, depth):
    """An RSS item whose description holds `depth` nested XHTML elements."""
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
                "<title>Nested</title><item><guid>nested-feed-100k</guid><title>Deep</title>"
                "<description>")
        f.write("<div>" * depth)
        f.write(PROSE)
        f.write("</div>" * depth)
        f.write("</description></item></channel></rss>\n")


def nested_json(path, depth):
    """A JSONL line whose extra field nests `depth` arrays (beyond any parser's recursion
    limit), then a good line."""
    with open(path, "w", encoding="utf-8") as f:
        f.write('{"id": "nested-json-deep", "text": "' + PROSE + '", "extra": ')
        f.write("[" * depth + "]" * depth + "}\n")
        f.write(json.dumps({"id": "nested-json-after", "text": PROSE}) + "\n")


def entity_bomb(path, levels, fanout, refs):
    """Billion laughs: `levels` entities each referring `fanout` times to the one below,
    and `refs` references to the top one in an item (fanout**levels expansions each)."""
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE rss [\n')
        f.write('  <!ENTITY lol0 "lol">\n')
        for i in range(1, levels + 1):
            f.write(f'  <!ENTITY lol{i} "' + f"&lol{i - 1};" * fanout + '">\n')
        f.write(']>\n<rss version="2.0"><channel><title>Bomb &lol1;</title>')
        f.write("<item><guid>entity-bomb-big</guid><title>Entity bomb</title><description>")
        f.write(PROSE)
        for i in range(refs):
            f.write(f"&lol{levels};")
            if i % 100 == 99:
                f.write("\n")
        f.write("</description></item></channel></rss>\n")


def lt_flood_feed(path, count):
    """An item whose escaped HTML is `count` tag starts with no closing `>` anywhere."""
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
                "<title>Flood</title><item><guid>lt-flood</guid><title>Less-than flood</title>"
                "<description>")
        f.write(PROSE)
        f.write("&lt;b " * count)
        f.write("</description></item></channel></rss>\n")


def lt_flood_html(path, count):
    """A page with `count` tag starts that never close (`<a` with no `>` after it)."""
    with open(path, "w", encoding="utf-8") as f:
        f.write("<!DOCTYPE html><html><head><title>Flood</title></head><body><p>")
        f.write(PROSE)
        f.write("</p><p>")
        f.write("<a b " * count)
        f.write("\n")


def namespaces_feed(path, depth):
    """An RSS item whose description nests `depth` elements, each declaring a prefix."""
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
                "<title>Namespaces</title><item><guid>namespaces-100k</guid>"
                "<title>Prefixes</title><description>")
        for i in range(depth):
            f.write(f'<span xmlns:p{i}="urn:example:{i}">')
        f.write(PROSE)
        f.write("</span>" * depth)
        f.write("</description></item></channel></rss>\n")


def authors_feed(path, count):
    """An RSS item with `count` different authors."""
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
                'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Authors</title>'
                "<item><guid>authors-100k</guid><title>Many hands</title>")
        for i in range(count):
            f.write(f"<dc:creator>Reporter Number {i}</dc:creator>")
        f.write(f"<description>{PROSE}</description></item></channel></rss>\n")


def many_attributes(path, count):
    """A page whose article sits in a `<div>` with `count` different attributes."""
    with open(path, "w", encoding="utf-8") as f:
        f.write("<!DOCTYPE html><html><head><title>Attributes</title></head><body><div")
        for i in range(count):
            f.write(f' data-a{i}="v{i}"')
        f.write("><p>" + PROSE + "</p><p>" + PROSE + "</p></div></body></html>\n")


def jsonld_commas(path, count):
    """A page whose JSON-LD is invalid only for its `count` trailing commas."""
    with open(path, "w", encoding="utf-8") as f:
        f.write('<!DOCTYPE html><html><head><title>JSON-LD</title>'
                '<script type="application/ld+json">{"@type": "NewsArticle", '
                '"headline": "Night buses every twenty minutes", "parts": [')
        f.write('{"n": 1,},' * count)
        f.write("]}</script></head><body><article><p>" + PROSE + "</p><p>" + PROSE
                + "</p></article></body></html>\n")


def nested_bylines(path, depth, filler):
    """`depth` nested byline elements around `filler` bytes of mostly whitespace and the
    article: every byline candidate holds the whole page."""
    with open(path, "w", encoding="utf-8") as f:
        f.write("<!DOCTYPE html><html><head><title>Bylines</title></head><body>")
        f.write('<div class="byline">' * depth)
        f.write("<p>" + PROSE + "</p><p>")
        block = "word" + " " * 996
        f.write(block * (filler // len(block)))
        f.write("</p><p>" + PROSE + "</p>")
        f.write("</div>" * depth)
        f.write("</body></html>\n")


def unbalanced_quotes(path, paragraphs):
    """Paragraphs that each open a quotation (in turn: curly, straight, guillemet, single,
    German low) and never close it, with a speech verb nearby."""
    opens = ["\u201c", '"', "\u00ab", "\u2018", "\u201e", "\u201d", "'", "\u00bb"]
    names = ["Maria Feld", "Jonas Berg", "Ana Costa", "Li Wei", "Omar Haddad"]
    with open(path, "w", encoding="utf-8") as f:
        f.write("Quotes that never close\n\n")
        for i in range(paragraphs):
            q = opens[i % len(opens)]
            n = names[i % len(names)]
            f.write(f"{n} said on Tuesday: {q}The plan will go ahead in paragraph {i}, "
                    f"whatever the cost, and we will not wait for the board to agree.\n\n")


def all_caps(path, size):
    """One paragraph of capitals with no sentence end, `size` bytes (a headline run wild)."""
    words = ["MINISTER", "SAYS", "PORT", "STRIKE", "OVER", "AFTER", "TALKS", "IN", "BRUSSELS",
             "UNION", "ACCEPTS", "DEAL", "FOR", "WORKERS", "NATO", "SUMMIT"]
    out = io.StringIO()
    i = 0
    n = 0
    while n < size:
        w = words[(i * 7 + i // 16) % len(words)] + " "
        out.write(w)
        n += len(w)
        i += 1
    write(path, out.getvalue().encode())


def gzip_bomb(path, size):
    """A small .gz that expands to `size` bytes of prose-free spaces and newlines."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = (b" " * 1023 + b"\n") * 1024
    with open(path, "wb") as f:
        left = size
        while left > 0:
            piece = block[: min(left, len(block))]
            f.write(comp.compress(piece))
            left -= len(piece)
        f.write(comp.flush())


def fifo(path):
    """A named pipe: opening it waits for a writer that never comes."""
    os.mkfifo(path)


def link(target):
    """A symbolic link to `target` (relative to the link's folder)."""
    return lambda path: os.symlink(target, path)


LARGE = {
    "long-line-50mb.txt": lambda p: long_line(p, 50 * 1000 * 1000),
    "nested-div-100k.html": lambda p: nested_html(p, 100_000, "<div>", "</div>", "Nested divs"),
    "nested-mixed-100k.html": lambda p: nested_mixed_html(p, 100_000),
    "nested-xhtml-100k.rss": lambda p: nested_feed(p, 100_000),
    "nested-json-100k.jsonl": lambda p: nested_json(p, 100_000),
    "namespaces-100k.rss": lambda p: namespaces_feed(p, 100_000),
    "entity-bomb-big.rss": lambda p: entity_bomb(p, 12, 10, 100_000),
    "authors-100k.rss": lambda p: authors_feed(p, 100_000),
    "lt-flood-200k.rss": lambda p: lt_flood_feed(p, 200_000),
    "lt-flood-200k.html": lambda p: lt_flood_html(p, 200_000),
    "many-attributes-100k.html": lambda p: many_attributes(p, 100_000),
    "jsonld-commas-100k.html": lambda p: jsonld_commas(p, 100_000),
    "nested-bylines-1k.html": lambda p: nested_bylines(p, 1000, 1_500_000),
    "unbalanced-quotes-10k.txt": lambda p: unbalanced_quotes(p, 10_000),
    "all-caps-1mb.txt": lambda p: all_caps(p, 1_000_000),
    "gzip-bomb-300mb.txt.gz": lambda p: gzip_bomb(p, 300 * 1000 * 1000),
    "named-pipe.txt": fifo,
    "dangling-link.txt": link("no-such-file.txt"),
    "self-loop": link("."),
}


# --- small binary cases -----------------------------------------------------------------


def utf16(text, codec, bom):
    data = text.encode(codec)
    if bom:
        data = (b"\xff\xfe" if codec == "utf-16-le" else b"\xfe\xff") + data
    return data


def warc_record(headers, body):
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
    head += f"Content-Length: {len(body)}\r\n\r\n"
    return head.encode() + body + b"\r\n\r\n"


def http_response(status, ctype, body):
    reason = {200: "OK", 404: "Not Found"}[status]
    head = f"HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


def page(title, paragraphs):
    ps = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>"
            f"<body><nav><a href=\"/\">Home</a></nav><article><h1>{title}</h1>{ps}</article>"
            f"</body></html>").encode()


def response(uri, date, status, ctype, body, n):
    return warc_record([
        ("WARC-Type", "response"),
        ("WARC-Target-URI", uri),
        ("WARC-Date", date),
        ("WARC-Record-ID", f"<urn:uuid:00000000-0000-4000-8000-{n:012d}>"),
        ("Content-Type", "application/http; msgtype=response"),
    ], http_response(status, ctype, body))


def crawl_records():
    """warcinfo, request, two good pages, a 404, an image: what a small crawl holds."""
    info = warc_record([("WARC-Type", "warcinfo"), ("Content-Type", "application/warc-fields")],
                       b"software: hand-written test crawl\r\n")
    request = warc_record([("WARC-Type", "request"),
                           ("WARC-Target-URI", "https://news.example.net/a"),
                           ("Content-Type", "application/http; msgtype=request")],
                          b"GET /a HTTP/1.1\r\nHost: news.example.net\r\n\r\n")
    a = response("https://news.example.net/2025/05/ferry-service", "2025-05-20T08:00:00Z", 200,
                 "text/html; charset=utf-8", page("Ferry service to the islands resumes", [
                     "The ferry service between Port Ellen and the northern islands resumed on "
                     "Monday after a two-week suspension caused by engine trouble, the operator said.",
                     "\"We apologise to everyone whose plans were disrupted,\" said operations "
                     "director Fiona MacLeod. Extra sailings will run on Saturday and Sunday.",
                     "About 1,800 passengers a day use the route in the summer months."]), 1)
    b = response("https://news.example.net/2025/05/school-meals", "2025-05-20T08:01:00Z", 200,
                 "text/html", page("Free school meals extended to all primary pupils", [
                     "All primary school pupils in the county will receive free lunches from "
                     "September, the county council announced on Tuesday.",
                     "The scheme will cost 4.5 million pounds a year, council leader Samuel Adeyemi "
                     "said. \"No child should learn on an empty stomach,\" he said.",
                     "Parents' groups welcomed the decision but asked for details on menus."]), 2)
    missing = response("https://news.example.net/gone", "2025-05-20T08:02:00Z", 404,
                       "text/html", b"<html><body>Not found</body></html>", 3)
    image = response("https://news.example.net/logo.png", "2025-05-20T08:03:00Z", 200,
                     "image/png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), 4)
    return [info, request, a, missing, image, b]


def gz_members(records):
    return b"".join(gzip.compress(r, mtime=0) for r in records)


def small(out):
    os.makedirs(out, exist_ok=True)
    art = ARTICLE
    # Stray bytes in otherwise UTF-8 text: a lone continuation byte, 0xFF, an overlong '/',
    # an encoded surrogate (CESU-8), a Latin-1 'é', and a sequence cut off at the end.
    write(f"{out}/invalid-utf8.txt",
          art.replace("Friday", "Fri\x80day").encode()
          .replace(b"Mayor", b"Ma\xffyor").replace(b"pillar", b"pil\xc0\xafar")
          .replace(b"engineers", b"engin\xed\xa0\x80eers").replace(b"danger", b"dang\xe9r")
          + b"Caf\xe9 owners nearby said trade had slowed \xe2\x82")
    write(f"{out}/invalid-utf8.html",
          b"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Caf\xe9 owners protest"
          b"</title></head><body><article><p>Caf\xe9 owners in the old town protested on Monday "
          b"against a new tax on terraces, which the city council approved last week.</p><p>"
          b"\x93We cannot pay twice for the same pavement,\x94 said Ren\xe9e Lef\xe8vre, who runs "
          b"a caf\xe9 on the market square. The council said the tax would raise 300,000 euros a "
          b"year.</p></article></body></html>\n")
    good1 = json.dumps({"id": "invalid-utf8-jsonl-1", "text": "The harbour reopened on Monday after "
                        "the storm, the port authority said."}).encode()
    bad = b'{"id": "invalid-utf8-jsonl-2", "text": "Caf\xe9 owners \xff protested."}'
    good3 = json.dumps({"id": "invalid-utf8-jsonl-3", "text": "Schools will stay closed until "
                        "Wednesday, the education ministry said."}).encode()
    write(f"{out}/invalid-utf8.jsonl", good1 + b"\n" + bad + b"\n" + good3 + b"\n")

    write(f"{out}/utf16le-bom.txt", utf16(art, "utf-16-le", True))
    write(f"{out}/utf16be-bom.txt", utf16(art, "utf-16-be", True))
    write(f"{out}/utf16le-no-bom.txt", utf16(art, "utf-16-le", False))
    write(f"{out}/utf16be-no-bom.txt", utf16(art, "utf-16-be", False))
    html16 = ("<!DOCTYPE html><html><head><meta charset=\"utf-16\"><title>Bridge closed</title>"
              "</head><body><article>" + "".join(f"<p>{p}</p>" for p in art.split("\n\n")[1:])
              + "</article></body></html>\n")
    write(f"{out}/utf16le-bom.html", utf16(html16, "utf-16-le", True))
    feed16 = ('<?xml version="1.0" encoding="UTF-16"?>\n<rss version="2.0"><channel>'
              "<title>Port news</title><item><guid>utf16-feed-1</guid>"
              "<title>Bridge closed after barge strikes pillar</title><description>"
              + art.split("\n\n", 1)[1].replace("&", "&amp;").replace("<", "&lt;")
              + "</description></item></channel></rss>\n")
    write(f"{out}/utf16le-bom.rss", utf16(feed16, "utf-16-le", True))
    jsonl16 = json.dumps({"id": "utf16-jsonl-1", "text": art}, ensure_ascii=False) + "\n"
    write(f"{out}/utf16be-bom.jsonl", utf16(jsonl16, "utf-16-be", True))

    # NUL bytes: a text file with a few (binary by dateline's rule), and JSONL text with
    # escaped NULs (valid JSON: a string may hold U+0000).
    write(f"{out}/nul-bytes.txt", art.encode().replace(b"barge", b"bar\x00ge", 1)
          .replace(b"Mayor", b"\x00\x00Mayor"))
    write(f"{out}/nul-escapes.jsonl", (json.dumps({
        "id": "nul-escapes-1",
        "text": "The council met on Monday.\u0000 Mayor Lena Fors said the budget\u0000 would "
                "pass.\u0000\u0000 \"We have the votes,\" she said.\u0000"}) + "\n").encode())
    write(f"{out}/control-characters.txt",
          bytes((i * 7) % 32 for i in range(3000)).replace(b"\x00", b"\x01") + b"text")
    write(f"{out}/binary-png-named.html",
          b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes((i * 131) % 256 for i in range(2000)))

    # Compressed and archived inputs cut short.
    text_gz = gzip.compress((art * 20).encode(), mtime=0)
    write(f"{out}/truncated-gzip.txt.gz", text_gz[: len(text_gz) * 6 // 10])
    records = crawl_records()
    write(f"{out}/good-crawl.warc.gz", gz_members(records))
    cut = gz_members(records)
    write(f"{out}/truncated-record.warc.gz", cut[: len(cut) - 150])
    plain = b"".join(records)
    write(f"{out}/truncated-record.warc", plain[: len(plain) - 120])
    garbage = b"".join(records[:3]) + b"this line is not a WARC header\r\n\x00\x01\x02junk\r\n" \
        + b"".join(records[3:])
    write(f"{out}/garbage-between-records.warc", garbage)
    write(f"{out}/old-mac-line-endings.txt", art.replace("\n", "\r").encode())


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("large", "small"):
        sys.exit(__doc__)
    what, out = sys.argv[1], sys.argv[2]
    if what == "small":
        small(out)
        return
    os.makedirs(out, exist_ok=True)
    only = os.environ.get("HOSTILE_ONLY")
    for name, make in LARGE.items():
        if only and name not in only.split(","):
            continue
        make(os.path.join(out, name))


if __name__ == "__main__":
    main()
