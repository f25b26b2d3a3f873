"""Properties of the importer over generated input (hypothesis).

* Any text whatever: extraction either gives an article or says why not; it never crashes.
* Any article: the Markdown file parses back with Pelican's own reader to the same metadata,
  and its body renders as exactly the text that went in.
* Importing twice changes nothing.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pelican.readers import MarkdownReader
from pelican.settings import read_settings

from newsarchive.dates import VIETNAM
from newsarchive.errors import NotAnArticle
from newsarchive.extract import extract_text
from newsarchive.importer import import_paths
from newsarchive.markdown import render_article
from newsarchive.patterns import SHARE_WORDS
from newsarchive.settings import load_settings

# CI runs the same examples every time (a red build must be reproducible); locally hypothesis
# explores new ones on every run.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = load_settings(ROOT / "pelicanconf.py")
PELICAN = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(ROOT / "content")})

LETTERS = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
)
# Words of a real text; "a", "aa" and "in" alone are what font-size and print bars are made of.
WORD = st.text(alphabet=LETTERS, min_size=3, max_size=7).filter(lambda w: w not in SHARE_WORDS)
NAME = st.builds(lambda w: w[:1].upper() + w[1:], WORD)
# Text with everything Markdown, HTML and Jinja act on.
HOSTILE = st.sampled_from(
    [
        "<script>",
        "*",
        "_",
        "[x](javascript:1)",
        "#",
        "{{ x }}",
        "&amp;",
        "`",
        "\\",
        "|",
        "{: .x }",
        "<!--",
        "---",
    ]
)


@st.composite
def sentence(draw, min_words=4, max_words=14):
    words = draw(st.lists(st.one_of(WORD, NAME, HOSTILE), min_size=min_words, max_size=max_words))
    text = " ".join(words)
    return text[:1].upper() + text[1:]


@st.composite
def raw_article(draw):
    when = datetime(2010, 1, 1, tzinfo=VIETNAM) + timedelta(
        minutes=draw(st.integers(0, 15 * 365 * 24 * 60))
    )
    date_line = draw(
        st.sampled_from(
            [
                f"{when:%d/%m/%Y - %H:%M}",
                f"{when:%H:%M %d/%m/%Y}",
                f"Cập nhật lúc {when:%H:%M} ngày {when:%d/%m/%Y}",
                f"{when:%d/%m/%Y %H:%M}",
            ]
        )
    )
    # A headline has words; one of only symbols ("* * * |") is furniture, and rightly refused.
    title = draw(
        sentence(4, 12).filter(lambda t: sum(any(c.isalpha() for c in w) for w in t.split()) >= 3)
    ).rstrip(".")
    paragraphs = [draw(sentence(12, 40)) + "." for _ in range(draw(st.integers(1, 5)))]
    byline = "Tin, ảnh: " + " ".join(draw(st.lists(NAME, min_size=2, max_size=3))).upper()
    text = "\n\n".join([title, date_line, *paragraphs, byline, "Chia sẻ bài viết"])
    return text, when.replace(second=0, microsecond=0)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_any_text_gives_an_article_or_a_reason(text):
    try:
        article = extract_text(text, SETTINGS)
    except NotAnArticle as exc:
        assert exc.reason
    else:
        assert article.title and article.body


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw_article())
def test_markdown_parses_back_to_the_same_metadata(generated):
    text, when = generated
    article = extract_text(text, SETTINGS)
    assert article.date == when
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.md"
        path.write_text(render_article(article, "bai-viet"), encoding="utf-8")
        content, meta = MarkdownReader(PELICAN).read(str(path))
    assert html.unescape(meta["title"]) == article.title
    assert meta["date"] == article.date
    assert [a.name for a in meta["authors"]] == article.authors
    assert [html.unescape(t.name) for t in meta.get("tags", [])] == article.tags
    assert html.unescape(meta["category"].name) == article.category
    visible = html.unescape(re.sub(r"<[^>]+>", "", content))
    for block in article.body:
        assert block.text in visible
    assert "<script" not in content and "href=" not in content


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(raw_article(), min_size=1, max_size=4))
def test_import_is_idempotent(articles):
    with tempfile.TemporaryDirectory() as folder:
        raw, content = Path(folder) / "raw", Path(folder) / "content"
        raw.mkdir()
        for i, (text, _when) in enumerate(articles):
            (raw / f"{i}.txt").write_text(text, encoding="utf-8")
        import_paths([raw], content, SETTINGS)
        first = {p: p.read_bytes() for p in content.rglob("*.md")}
        report = import_paths([raw], content, SETTINGS)
        assert {e.status for e in report.entries} <= {"unchanged", "skipped"}
        assert {p: p.read_bytes() for p in content.rglob("*.md")} == first
        shutil.rmtree(raw)
