"""The checkers themselves catch what they claim to (on tiny hand-made sites)."""

from __future__ import annotations

from pathlib import Path

from sitecheck import broken_links, external_requests, parse_errors, validate_site

GOOD = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>T</title></head>
<body><header><nav><a href="b.html#x">b</a></nav></header><main><h1>A</h1><h2>B</h2></main>
<footer></footer></body></html>"""


def write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_parse_errors_found_and_clean_page_passes():
    assert parse_errors(GOOD) == []
    assert parse_errors("<!DOCTYPE html><html><body><p>a</div></body></html>")


def test_conformance_rules(tmp_path: Path):
    write(tmp_path, "a.html", GOOD.replace("<h2>B</h2>", "<h3>B</h3><h1>C</h1>"))
    messages = [p.message for p in validate_site(tmp_path)]
    assert "not exactly one <h1>" in messages
    assert any(m.startswith("heading <h3>") for m in messages)


def test_broken_links_and_fragments(tmp_path: Path):
    write(tmp_path, "a.html", GOOD)
    assert [p.message for p in broken_links(tmp_path)] == [
        f"<a> b.html#x -> missing {tmp_path / 'b.html'}"
    ]
    write(tmp_path, "b.html", GOOD.replace("<h1>A</h1>", '<h1 id="y">A</h1>'))
    assert [p.page for p in broken_links(tmp_path)] == ["a.html", "b.html"]
    write(tmp_path, "b.html", GOOD.replace("<h1>A</h1>", '<h1 id="x">A</h1>'))
    assert broken_links(tmp_path) == []


def test_external_requests(tmp_path: Path):
    write(
        tmp_path,
        "a.html",
        GOOD.replace(
            "<title>",
            '<link rel="stylesheet" href="https://cdn.example/x.css">'
            '<link rel="canonical" href="https://site.example/a.html"><title>',
        ),
    )
    assert [p.message for p in external_requests(tmp_path)] == [
        "<link> loads https://cdn.example/x.css"
    ]
