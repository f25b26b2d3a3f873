"""Hostile and broken inputs: each gets its documented outcome and the batch goes on.

The corpus is made here, byte by byte, from real article text: what scrapers, old tools and
attackers actually hand an archive. The README's "Bad input" table lists the same cases.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from newsarchive.html import read_page
from newsarchive.importer import import_paths
from newsarchive.markdown import read_header
from newsarchive.normalize import encode_cp1258
from newsarchive.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = load_settings(ROOT / "pelicanconf.py")
ARTICLE = (ROOT / "raw" / "000_f64fa409ad2f9f8f.txt").read_text(encoding="utf-8")
TITLE = "Phát huy vai trò tổ chức đảng cơ quan hội quần chúng"


def variant(old: str, new: str) -> str:
    """The sample with one change, and a headline of its own so every case is its own story."""
    return ARTICLE.replace(old, new)


HOSTILE_HTML = f"""<!doctype html><html lang="vi"><head><title>{TITLE} - Báo Cần Thơ</title>
<meta property="og:site_name" content="Báo Cần Thơ">
<meta property="article:published_time" content="2023-09-18T22:29:00+07:00">
<script>alert('head')</script></head><body>
<nav><a href="/">Trang chủ</a></nav>
<article><h1>Tin có mã độc &lt;script&gt; trong tiêu đề</h1>
<p>(CT) - Ngày 18-9-2023, đoàn khảo sát của Đảng ủy Khối các cơ quan Trung ương làm việc với Thành ủy Cần Thơ về kết quả thực hiện Quy định 171-QĐ/TW của Ban Bí thư.</p>
<p><img src="x.jpg" onerror="alert('img')">Đồng chí Lê Tấn Thủ phát biểu <a href="javascript:alert('link')">tại buổi làm việc</a> và nhấn mạnh vai trò của tổ chức đảng.</p>
<script>document.write('<p>chèn</p>')</script>
<p onclick="alert('p')">Văn bản có thẻ &lt;script&gt;alert("text")&lt;/script&gt; được viết ra như chữ, không phải mã.</p>
</article><footer>Bản quyền</footer></body></html>"""

MARKDOWN_CONTROL = variant(
    "Hiện nay, TP Cần Thơ",
    "---\n\nTitle: Bài giả mạo\n\n[bấm vào đây](javascript:alert(1))\n\n{% raw %} {{ 7*7 }} {% endraw %}\n\n"
    "# Tiêu đề giả\n\n<iframe src=//evil.example></iframe>\n\nHiện nay, TP Cần Thơ",
)

# name -> (bytes, status, reason or detail that must show)
CASES: dict[str, tuple[bytes, str, str]] = {
    "empty.txt": (b"", "skipped", "empty"),
    "whitespace.txt": (b"  \n\t\r\n   \n", "skipped", "white space"),
    "binary.txt": (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        "failed",
        "binary",
    ),
    "nul-bytes.txt": (ARTICLE.encode("utf-8").replace(b"\n\n", b"\n\x00\n", 3), "failed", "NUL"),
    "truncated-utf8.txt": (
        variant("Phát huy vai trò", "Cắt cụt: phát huy vai trò").encode("utf-8")[:-2],
        "imported",
        "utf-8",
    ),
    "utf16-bom.txt": (
        variant("Phát huy vai trò", "UTF-16: phát huy vai trò").encode("utf-16"),
        "imported",
        "utf-16",
    ),
    "utf16-no-bom.txt": (
        variant("Phát huy vai trò", "UTF-16 LE: phát huy vai trò").encode("utf-16-le"),
        "imported",
        "utf-16",
    ),
    "windows-1258.txt": (
        encode_cp1258(variant("Phát huy vai trò", "Mã 1258: phát huy vai trò")),
        "imported",
        "cp1258",
    ),
    "bom.txt": (
        codecs.BOM_UTF8 + variant("Phát huy vai trò", "BOM: phát huy vai trò").encode("utf-8"),
        "imported",
        "utf-8-sig",
    ),
    "huge.txt": (b"a" * (9 * 1024 * 1024), "failed", "IMPORT_MAX_BYTES"),
    "long-line.txt": (
        variant("Phát huy vai trò", "Dòng dài: phát huy vai trò")
        .replace(
            "Hiện nay, TP Cần Thơ", "Hội nghị học tập nghị quyết. " * 36000 + "Hiện nay, TP Cần Thơ"
        )
        .encode("utf-8"),
        "imported",
        "utf-8",
    ),
    "no-date.txt": (
        variant("18/09/2023 - 22:29", "")
        .replace("Phát huy vai trò", "Không ngày: phát huy vai trò")
        .encode(),
        "draft",
        "draft",
    ),
    "no-title.txt": (
        (
            "(CT) - "
            + "Ngày 18-9-2023, đoàn khảo sát làm việc với Thành ủy Cần Thơ. " * 8
            + "\n\nĐoạn hai của bài viết không có tiêu đề nào ở phía trên cả."
        ).encode(),
        "skipped",
        "no title",
    ),
    "only-furniture.txt": (
        "Chia sẻ bài viết\n\nEmailPrintAa\n\n18/09/2023 - 22:29\n\nXem thêm\n\nÝ kiến bạn đọc\n".encode(),
        "skipped",
        "no article text",
    ),
    "script-page.html": (HOSTILE_HTML.encode("utf-8"), "imported", "utf-8"),
    "markdown-control.txt": (
        MARKDOWN_CONTROL.replace("Phát huy vai trò", "Cú pháp: phát huy vai trò").encode(),
        "imported",
        "utf-8",
    ),
    "tên có dấu cách.txt": (
        variant("Phát huy vai trò", "Tên tệp có dấu: phát huy vai trò").encode(),
        "imported",
        "utf-8",
    ),
    "a..b.txt": (
        variant("Phát huy vai trò", "Hai chấm: phát huy vai trò").encode(),
        "imported",
        "utf-8",
    ),
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    raw = base / "raw"
    raw.mkdir()
    for name, (data, _status, _detail) in CASES.items():
        (raw / name).write_bytes(data)
    secret = base / "secret.txt"
    secret.write_text(variant("Phát huy vai trò", "Bí mật ngoài thư mục"), encoding="utf-8")
    (raw / "link-outside.txt").symlink_to(secret)
    content = base / "content"
    report = import_paths([raw], content, SETTINGS, jobs=2)
    return report, content


def entry(report, name):
    return next(e for e in report.entries if Path(e.file).name == name)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_input_gets_its_documented_outcome(hostile, name):
    report, _ = hostile
    _data, status, detail = CASES[name]
    got = entry(report, name)
    assert got.status == status, got.reason
    assert detail in f"{got.reason} {got.encoding} {got.warnings}"
    if status in ("imported", "draft"):
        assert Path(got.output).is_file()


def test_links_out_of_the_folder_are_refused(hostile):
    report, content = hostile
    assert entry(report, "link-outside.txt").status == "skipped"
    assert not any("Bí mật" in p.read_text(encoding="utf-8") for p in content.rglob("*.md"))


def test_the_batch_goes_on(hostile):
    report, content = hostile
    written = [e for e in report.entries if e.status in ("imported", "draft")]
    assert len(written) == len(list(content.rglob("*.md"))) == 11


def test_markup_from_the_input_stays_text(hostile):
    report, _ = hostile
    page = Path(entry(report, "script-page.html").output).read_text(encoding="utf-8")
    _header, body = page.split("\n\n", 1)
    assert "<script" not in page and "<img" not in page and "<a " not in page
    assert "onerror" not in page and "javascript:" not in body.replace("javascript\\:", "")
    assert "&lt;script&gt;" in page  # the text that spoke of a script is kept, as text
    assert "chèn" not in page  # what the page's script would have written is not text


def test_markdown_control_syntax_in_the_text_is_escaped(hostile):
    report, _ = hostile
    text = Path(entry(report, "markdown-control.txt").output).read_text(encoding="utf-8")
    assert read_header(text)["Title"].startswith("Cú pháp")
    body = text.split("\n\n", 1)[1]
    assert "\n---\n" not in f"\n{body}\n" and "\n# " not in f"\n{body}"
    assert "\\[bấm vào đây\\]" in body and "&lt;iframe" in body


def test_encodings_are_reported(hostile):
    report, _ = hostile
    assert entry(report, "windows-1258.txt").encoding == "cp1258"
    assert entry(report, "utf16-no-bom.txt").encoding == "utf-16"
    assert "replaced" in " ".join(entry(report, "truncated-utf8.txt").warnings)


# Saved pages on which lxml's own tree is not the tree the importer has always read (it read
# pages with beautifulsoup4 before): newsarchive.html rebuilds them from the parser's
# events, or reads them by bs4's rules, and each gives the text and metadata it always gave.
PARAGRAPHS = [p.strip() for p in ARTICLE.split("\n\n") if p.strip()]
LEAD, FIRST, SECOND = PARAGRAPHS[2:5]


def test_text_below_300_nested_elements_is_read():
    """lxml's tree builder stops at 256 levels and drops the rest of the page."""
    nested = "<div>" * 300 + f"<p>{FIRST}</p>" + "</div>" * 300
    page = read_page(
        f"<html><head><meta property='og:title' content='{TITLE}'></head><body><article>"
        f"{nested}<p>{SECOND}</p></article><span class='author'>Trần Minh</span></body></html>"
    )
    assert page.title == TITLE
    assert [line for line in page.lines if line] == [FIRST, SECOND]
    assert page.authors == ["Trần Minh"]


def test_a_stray_end_of_html_leaves_the_rest_of_the_page_read():
    """After a stray ``</html>`` lxml starts a second <html> beside the first."""
    page = read_page(
        f"<html><body><article><p>{FIRST[:40]}</html>{FIRST[40:]}</p>"
        "<p class='author'>Trần Minh</p></article></body></html>"
    )
    assert page.authors == ["Trần Minh"]


def test_a_stray_doctype_inside_a_paragraph_keeps_both_sides():
    """lxml's tree drops the doctype and joins the text around it; the lines keep the break
    they have always had there."""
    page = read_page(
        f"<!doctype html><html><body><article><p>{FIRST[:17]}<!DOCTYPE html>{FIRST[17:]}</p>"
        f"<p>{SECOND}</p></article></body></html>"
    )
    assert [line for line in page.lines if line] == [f"{FIRST[:17]} {FIRST[17:]}", SECOND]


def test_a_script_in_the_headline_is_not_part_of_the_title():
    page = read_page(
        f"<html><body><article><h1>{TITLE}<script>var t = 'quảng cáo';</script></h1>"
        f"<p>{FIRST}</p></article></body></html>"
    )
    assert page.title == TITLE
    assert [line for line in page.lines if line] == [TITLE, FIRST]


def test_a_date_in_a_template_is_not_the_publication_date():
    """A <template> is never shown; its text is not the page's."""
    page = read_page(
        "<html><body><template><p class='date'>18/09/2023 - 22:29</p></template>"
        f"<article><p>{FIRST}</p></article></body></html>"
    )
    assert page.published is None
    assert [line for line in page.lines if line] == [FIRST]


def test_the_lead_of_a_copy_of_the_article_is_not_added_as_its_lead():
    article = f"<div class='article-content'><p class='sapo'>{LEAD}</p><p>{FIRST}</p></div>"
    page = read_page(f"<html><body>{article}{article}</body></html>")
    assert [line for line in page.lines if line] == [LEAD, FIRST]
