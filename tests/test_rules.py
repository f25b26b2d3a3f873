"""Extraction rules, each on real lines from real articles (the samples in raw/)."""

from __future__ import annotations

import pytest
from slugify import slugify
from support import ROOT

from newsarchive.bylines import (
    _has_lower_case_word,
    parse_labelled_byline,
    parse_name_line,
    parse_source_line,
    proper_case,
)
from newsarchive.captions import (
    CAPTION_THRESHOLD,
    LineContext,
    caption_score,
    is_caption,
    is_heading,
    is_long_unmarked_line,
)
from newsarchive.extract import breadcrumb_section, sentence_case, split_agency_code
from newsarchive.furniture import furniture_reason, is_photo_file_name, is_tail_marker
from newsarchive.normalize import normalize_text
from newsarchive.patterns import CAPTION_MARKERS
from newsarchive.store import MAX_SLUG_LENGTH, base_slug


# --- furniture ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "line",
    [
        "Chia sẻ bài viết",
        "Chia sẻ bài viết: Chia sẻ Zalo Google Bookmarks",
        "EmailPrintAa",
        "In bài viết",
        "Ý kiến bạn đọc",
        "Nguồn :",
        "M",
        "5551 nguyen doan hoan",
        "0023 ynh 7",
        "IMG_2034.JPG",
        "Từ khóa: Đảng ủy Khối, Cần Thơ",
    ],
)
def test_furniture_lines(line):
    assert furniture_reason(line)


@pytest.mark.parametrize(
    "line",
    [
        "Quang cảnh buổi Tọa đàm",
        "Phạm Diệp",
        "Chỉ đạo tổ chức cơ sở đảng thực hiện tốt chức năng, nhiệm vụ",
        "2020 - 2025",
        "Theo báo cáo, Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh hiện có 94 tổ chức cơ sở đảng",
    ],
)
def test_article_lines_are_not_furniture(line):
    assert furniture_reason(line) is None


def test_photo_file_names_need_letters():
    assert is_photo_file_name("5713 ynh 2 2")
    assert not is_photo_file_name("2020 2025")


@pytest.mark.parametrize(
    "line", ["Xem thêm", "Viết bình luận mới", "THÔNG TIN CẦN BIẾT", "Tin liên quan:"]
)
def test_tail_markers(line):
    assert is_tail_marker(line)


# --- bylines -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("Tin, ảnh: THANH THY", ("Thanh Thy",)),
        ("Bài, ảnh: Hoàng Trường Sa", ("Hoàng Trường Sa",)),
        ("Bài, ảnh: TRƯỜNG SƠN", ("Trường Sơn",)),
        ("Bài và ảnh: NGUYỄN VĂN AN", ("Nguyễn Văn An",)),
        ("Bài: MINH TÂM - HOÀNG NAM", ("Minh Tâm", "Hoàng Nam")),
        ("Tin, ảnh: Nguyễn An, Trần Bình", ("Nguyễn An", "Trần Bình")),
    ],
)
def test_labelled_bylines(line, authors):
    assert parse_labelled_byline(line).authors == authors


def test_photo_credit_is_not_an_author():
    assert parse_labelled_byline("Ảnh: TTXVN").photo_only


def test_name_alone_with_affiliation_apart():
    byline = parse_name_line("Phan Xuân Bính (Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh)")
    assert byline.authors == ("Phan Xuân Bính",)
    assert byline.affiliation == "Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh"


@pytest.mark.parametrize("line", ["Quang cảnh buổi Tọa đàm", "Các đại biểu dự Hội thảo"])
def test_captions_are_not_names(line):
    assert parse_name_line(line) is None


def test_source_lines():
    assert parse_source_line("Theo Báo Nhân Dân").source == "Báo Nhân Dân"
    assert parse_source_line("Nguồn: TTXVN").source == "TTXVN"
    both = parse_source_line("Theo Hoàng Nam (Báo Nhân Dân)")
    assert both.authors == ("Hoàng Nam",) and both.source == "Báo Nhân Dân"
    assert parse_source_line("Theo báo cáo, Đảng bộ Khối các cơ quan hiện có 94 tổ chức") is None


def test_proper_case_keeps_initials():
    assert proper_case("THANH THY") == "Thanh Thy"
    assert proper_case("TTXVN") == "TTXVN"
    assert proper_case("Hoàng Trường Sa") == "Hoàng Trường Sa"


# --- captions and headings ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("line", "context"),
    [
        ("Các đại biểu dự Hội thảo", LineContext()),
        (
            "Đồng chí Nguyễn Trọng Vân, Phó Bí thư Thường trực Đảng ủy Khối báo cáo tại Hội thảo",
            LineContext(),
        ),
        ("Đại biểu tham dự buổi họp mặt.", LineContext(blank_lines_before=2)),
        ("Quang cảnh buổi Tọa đàm", LineContext(after_photo_file=True)),
        (
            "Đồng chí Nguyễn Quang Trường phát biểu tại buổi làm việc.",
            LineContext(printed_twice=True),
        ),
        (
            "Đảng ủy thị trấn Nàng Mau thực hiện tốt quy chế làm việc đã đề ra. (Ảnh tư liệu)",
            LineContext(),
        ),
    ],
)
def test_captions(line, context):
    assert is_caption(line, context)


@pytest.mark.parametrize(
    "line",
    [
        "Ngành Tổ chức xây dựng Đảng góp phần xây dựng hệ thống chính trị vững mạnh",
        "Đồng chí Lê Tấn Thủ, Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Thành ủy; đại diện lãnh đạo"
        " các ban xây dựng Đảng của Thành ủy, Đảng ủy Khối Cơ quan Dân chính Đảng thành phố... tiếp đoàn.",
    ],
)
def test_not_captions(line):
    assert not is_caption(line, LineContext())


def test_headings():
    assert is_heading("Ngành Tổ chức xây dựng Đảng góp phần xây dựng hệ thống chính trị vững mạnh")
    assert not is_heading("Tại buổi họp mặt, có 15 cán bộ được tặng Kỷ niệm chương.")
    assert not is_heading("Các ý kiến tập trung nhiều về các vấn đề:")


# --- header ------------------------------------------------------------------------------------
def test_section_header_in_sentence_case():
    assert (
        sentence_case("CÁC BAN XÂY DỰNG ĐẢNG CỦA THÀNH ỦY") == "Các ban xây dựng Đảng của Thành ủy"
    )
    assert sentence_case("Xây dựng Đảng") == "Xây dựng Đảng"


def test_breadcrumb():
    assert breadcrumb_section("Trang chủ > Xây dựng Đảng > Tổ chức") == "Tổ chức"
    assert breadcrumb_section("Trang chủ » Chính trị") == "Chính trị"
    assert breadcrumb_section("Kinh tế - xã hội") is None


@pytest.mark.parametrize(
    ("lead", "code", "rest"),
    [
        ("(CT) - Ngày 18-9-2023, đoàn khảo sát", "CT", "Ngày 18-9-2023, đoàn khảo sát"),
        ("(LĐTĐ) Sáng 23/6, Công đoàn Viên chức", "LĐTĐ", "Sáng 23/6, Công đoàn Viên chức"),
        ("(HGO) – Trường Chính trị Hậu Giang", "HGO", "Trường Chính trị Hậu Giang"),
        ("Thời gian qua, nhờ Huyện ủy Vị Thủy", None, "Thời gian qua, nhờ Huyện ủy Vị Thủy"),
    ],
)
def test_agency_code(lead, code, rest):
    assert split_agency_code(lead) == (code, rest)


# --- rules found by the fixture gate ---------------------------------------------------------
@pytest.mark.parametrize(
    "line",
    [
        "Đảng viên ấp Nhơn Lộc 1, xã Nhơn Ái tham gia làm đường giao thông nông thôn.",
        "Bộ đội Sư đoàn 330 luyện tập vượt sông.",
        "Quang cảnh hội nghị.",
        "Chi bộ khu 5, xã Hy Cương, thành phố Việt Trì sinh hoạt chuyên đề.",
    ],
)
def test_a_short_sentence_that_shows_a_scene_is_a_caption(line):
    assert is_caption(line, LineContext())


@pytest.mark.parametrize(
    "line",
    [
        "Hội nghị làm việc trong một ngày.",
        "Đại hội làm việc đến hết ngày 26/9.",
        "Dịp này, Học viện Chính trị khu vực IV tặng giấy khen cho 8 học viên xuất sắc.",
        "(Bài viết được cập nhật số liệu ngày 11-3)",
        "Ban Tổ chức đã trao 1 giải Nhất, 2 giải Nhì, 3 giải Ba, 10 giải Khuyến khích cho các cá nhân và 5 giải tập thể cho các đảng bộ có nhiều người tham gia. Đảng bộ Sở Giáo dục và Đào tạo là đơn vị có số lượt thi cao nhất.",
        "Ngành Tổ chức xây dựng Đảng góp phần xây dựng hệ thống chính trị vững mạnh",
    ],
)
def test_short_news_sentences_and_headings_are_not_captions(line):
    assert not is_caption(line, LineContext())


def test_numbered_headings():
    assert is_heading("2. Những hạn chế cần khắc phục")
    assert is_heading("II. Nhiệm vụ, giải pháp đến cuối nhiệm kỳ")


def test_byline_with_writers_and_photographer():
    byline = parse_labelled_byline("Bài: Minh Hiển và Thúy Liễu - Ảnh: Quốc Việt")
    assert byline.authors == ("Minh Hiển", "Thúy Liễu", "Quốc Việt")
    assert not byline.photo_only


@pytest.mark.parametrize(
    "line",
    [
        "In trang | Gửi email | Về đầu trang",
        "Lượt xem: 1.204",
        "Bình luận (0)",
        "DSC_0457 2",
        "Họ và tên",
    ],
)
def test_more_furniture(line):
    assert furniture_reason(line)


@pytest.mark.parametrize(
    "line", ["VIDEO ĐANG ĐƯỢC QUAN TÂM", "Tin xem nhiều", "Có thể bạn quan tâm"]
)
def test_headings_of_other_stories_start_the_tail(line):
    assert is_tail_marker(line)


def test_hard_wrapped_paragraphs_are_joined():
    from newsarchive.extract import unwrap

    lines = [
        "Ban Thường vụ Tỉnh ủy Yên Bái làm việc với Đảng ủy Khối các cơ quan tỉnh",
        "16/05/2019 15:40",
        "",
        "Ngày 15/5, đồng chí Hoàng Thị Vân Anh, Phó Bí thư Thường trực Tỉnh ủy",
        "Yên Bái, đã làm việc với Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh về",
        "kết quả thực hiện nhiệm vụ 4 tháng đầu năm và kết quả thực hiện Nghị",
        "quyết Trung ương 4 khóa XII về tăng cường xây dựng, chỉnh đốn Đảng.",
        "",
        "Báo cáo tại buổi làm việc cho biết, Đảng bộ Khối hiện có 93 tổ chức cơ",
        "sở đảng với 4.960 đảng viên.",
    ]
    assert unwrap(lines) == [
        lines[0],
        lines[1],
        "",
        " ".join(lines[3:7]),
        "",
        " ".join(lines[8:10]),
    ]


def test_paragraphs_on_long_lines_are_left_alone():
    from pathlib import Path

    from newsarchive.extract import unwrap
    from newsarchive.normalize import normalize_text

    text = (Path(__file__).parent.parent / "raw" / "003_254547afee26d484.txt").read_text(
        encoding="utf-8"
    )
    lines = normalize_text(text)
    assert unwrap(lines) == lines


@pytest.mark.parametrize(
    ("line", "office"),
    [
        ("Ban Dân vận Huyện ủy", True),
        ("Văn phòng Tỉnh ủy", True),
        ("Ban Tuyên giáo Thành ủy Cần Thơ", True),
        ("Ban Tổ chức trao giải tập thể cho các đảng bộ", False),
        ("Hội nghị diễn ra trong một ngày", False),
        ("Hội thảo khoa học chuyên đề", False),
    ],
)
def test_an_office_signing_on_the_last_line(line, office):
    from newsarchive.bylines import is_office_byline

    assert is_office_byline(line) is office


def test_every_caption_marker_is_found_by_the_long_line_test():
    """``is_long_unmarked_line`` looks for "ảnh" and "(photo" only: each marker holds one."""
    assert all("ảnh" in marker or "(photo" in marker for marker in CAPTION_MARKERS)


@pytest.fixture(scope="module")
def sample_lines() -> list[str]:
    """Every line of the raw samples, normalised as the importer reads them."""
    return [
        line
        for path in sorted((ROOT / "raw").glob("*.txt"))
        for line in normalize_text(path.read_text(encoding="utf-8"))
        if line
    ]


def test_a_long_unmarked_line_never_scores_as_a_caption(sample_lines):
    """The short cut of ``is_caption`` agrees with the score on every line of the samples, in
    every layout the score weighs."""
    contexts = [LineContext(blank_lines_before=n) for n in range(4)]
    long_lines = [line for line in sample_lines if len(line) > 300]
    assert long_lines
    for line in long_lines:
        for context in contexts:
            if is_long_unmarked_line(line, context):
                assert caption_score(line, context) < CAPTION_THRESHOLD
    # A subject, a verb, no final stop and a gap: the most a long unmarked line can score.
    line = "Đồng chí Nguyễn Văn A phát biểu " + "tại hội nghị " * 25
    assert is_long_unmarked_line(line.strip(), LineContext(blank_lines_before=2))
    assert caption_score(line.strip(), LineContext(blank_lines_before=2)) == 2


@pytest.mark.parametrize(
    "line",
    [
        "Đồng chí nhấn mạnh: năm 2024 - năm bản lề - cần tập trung vào ba nhiệm vụ trọng tâm.",
        "Quang cảnh hội nghị - Ảnh: Quốc Việt",
    ],
)
def test_a_line_that_does_not_open_on_a_label_is_no_byline(line):
    assert parse_labelled_byline(line) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nguyễn Quang Trường", False),
        ("Ban Tuyên giáo Tỉnh ủy Hậu Giang", True),  # within the first words
        # Past the first words: the rest of the text is read too.
        (
            "Đồng chí Lê Tấn Thủ, Ủy Viên Ban Thường Vụ, Trưởng Ban Tổ Chức Thành Ủy Và Đại diện",
            True,
        ),
        ("Ngọc Anh Và Thanh Tâm Và Minh Hòa Và Quốc Bảo Và Hữu Đức", False),  # "Và" is no "và"
        ("Ngọc Anh và Thanh Tâm và Minh Hòa và Quốc Bảo và Hữu Đức", False),
    ],
)
def test_lower_case_word_anywhere(text, expected):
    assert _has_lower_case_word(text) is expected
    words = text.split()
    assert expected is any(w[0].isalpha() and not w[0].isupper() and w != "và" for w in words)


@pytest.mark.parametrize(
    "title",
    [
        "Phát huy vai trò tổ chức đảng cơ quan hội quần chúng",
        "Huyện ủy Dương Minh Châu học tập, quán triệt Chỉ thị 125-CT/TW",
        "Thuỷ hoà ĐẮK LẮK Ð – «Tọa đàm» ½ ﬁ Ǆ ǅ ẛ Ω",
    ],
)
def test_slug_of_bare_letters_is_the_slug_of_the_title(title):
    """Letters made bare before slugify (to skip its transliteration) slugify as before."""
    plain = title.replace("Đ", "D").replace("đ", "d")
    assert base_slug(title) == (
        slugify(plain, max_length=MAX_SLUG_LENGTH, word_boundary=True, save_order=True)
        or "bai-viet"
    )
