"""Article -> Markdown: Pelican reads back the same metadata, and input text stays text."""

from __future__ import annotations

from datetime import datetime

import markdown
import pytest

from newsarchive.article import Article, Block, BlockKind
from newsarchive.dates import VIETNAM
from newsarchive.markdown import (
    escape_markdown,
    is_edited,
    read_header,
    render_article,
    with_slug,
)

MD = markdown.Markdown(extensions=["extra", "attr_list"], output_format="html5")


def render(text: str) -> str:
    MD.reset()
    return MD.convert(text)


def article(**overrides) -> Article:
    values = dict(
        title="Phát huy vai trò tổ chức đảng cơ quan hội quần chúng",
        body=[
            Block(
                BlockKind.PARAGRAPH,
                "(CT) - Ngày 18-9-2023, đoàn khảo sát làm việc với Thành ủy Cần Thơ.",
            ),
            Block(BlockKind.CAPTION, "Đồng chí Nguyễn Quang Trường phát biểu tại buổi làm việc."),
            Block(
                BlockKind.HEADING,
                "Ngành Tổ chức xây dựng Đảng góp phần xây dựng hệ thống chính trị",
            ),
            Block(BlockKind.PARAGRAPH, "Tại buổi làm việc, các thành viên trong đoàn trao đổi."),
        ],
        date=datetime(2023, 9, 18, 22, 29, tzinfo=VIETNAM),
        authors=["Thanh Thy"],
        category="Xây dựng Đảng",
        summary="Ngày 18-9-2023, đoàn khảo sát làm việc với Thành ủy Cần Thơ.",
        people=["Nguyễn Quang Trường"],
        places=["Cần Thơ"],
        organisations=["Thành ủy Cần Thơ"],
        documents=["Quy định 171-QĐ/TW"],
        source="Báo Cần Thơ",
        source_code="CT",
    )
    values.update(overrides)
    return Article(**values)


def test_header_fields():
    header = read_header(render_article(article(), "phat-huy"))
    assert header["Date"] == "2023-09-18T22:29:00+07:00"
    assert header["Tags"] == "Nguyễn Quang Trường; Cần Thơ; Thành ủy Cần Thơ; Quy định 171-QĐ/TW"
    assert header["Documents"] == "Quy định 171-QĐ/TW"
    assert header["Slug"] == "phat-huy"
    assert "Status" not in header


def test_undated_article_is_a_draft():
    assert read_header(render_article(article(date=None), "x"))["Status"] == "draft"


def test_lead_and_captions_are_marked():
    html = render(render_article(article(), "x").split("\n\n", 1)[1])
    assert '<p class="lead">(CT) - Ngày 18-9-2023' in html
    assert '<p class="caption">Đồng chí Nguyễn Quang Trường' in html
    assert "<h2>Ngành Tổ chức" in html


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[bấm vào đây](javascript:alert(1))",
        "![ảnh](http://example.com/x.png)",
        "# Tiêu đề giả",
        "---",
        "1. không phải danh sách",
        "- không phải danh sách",
        "> không phải trích dẫn",
        "{: .lead }",
        "*nghiêng* __đậm__ `mã`",
        "&lt;b&gt; và &amp;",
    ],
)
def test_input_text_renders_as_exactly_itself(text):
    html = render(escape_markdown(text))
    assert html.startswith("<p>") and html.endswith("</p>")
    inner = html[3:-4]
    import html as html_module

    assert html_module.unescape(inner) == text
    assert "<script" not in inner and "<img" not in inner and "<a " not in inner


def test_a_title_cannot_inject_markup():
    header = read_header(render_article(article(title="Tin <script>alert(1)</script> mới"), "x"))
    assert header["Title"] == "Tin &lt;script&gt;alert(1)&lt;/script&gt; mới"


def test_edits_are_detected():
    text = render_article(article(), "x")
    assert not is_edited(text)
    assert is_edited(text.replace("trao đổi", "trao đổi thẳng thắn"))
    assert is_edited("Title: viết tay\n\nBài do biên tập viên viết.\n")


@pytest.mark.parametrize("when", [datetime(2023, 9, 18, 22, 29, tzinfo=VIETNAM), None])
def test_a_file_rendered_for_one_slug_is_the_file_of_another(when):
    # The import renders each file for its headline's slug; a slug already taken is changed
    # in the rendered file, which must then be the file rendered for the new slug.
    story = [("Story", "5f1c0a7e9b2d4c33")]
    ahead = render_article(article(date=when), "phat-huy", extra=story)
    moved = with_slug(ahead, "phat-huy-20230918")
    assert moved == render_article(article(date=when), "phat-huy-20230918", extra=story)
    assert read_header(moved)["Slug"] == "phat-huy-20230918" and not is_edited(moved)
