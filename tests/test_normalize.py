"""Text at the boundary: encodings, NFC, Đ, tone placement, spaces."""

from __future__ import annotations

import codecs
import unicodedata

import pytest

from newsarchive.normalize import (
    classic_tone_marks,
    decode,
    detect_encoding,
    encode_cp1258,
    fold,
    normalize_line,
)

LINE = "Đồng chí Lê Tấn Thủ, Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Thành ủy Cần Thơ; Hội nghị học tập"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (LINE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + LINE.encode("utf-8"), "utf-8-sig"),
        (LINE.encode("utf-16"), "utf-16"),
        (LINE.encode("utf-16-le"), "utf-16"),
        (encode_cp1258(LINE), "cp1258"),
    ],
)
def test_decodes_every_encoding_to_the_same_text(data, encoding):
    text, detected = decode(data)
    assert detected == encoding
    assert normalize_line(text) == LINE


def test_truncated_utf8_is_still_utf8():
    data = LINE.encode("utf-8")[:-1]  # cut inside "ơ"
    text, encoding = decode(data)
    assert encoding == "utf-8"
    assert text.startswith("Đồng chí Lê Tấn Thủ")


def test_binary_junk_is_refused():
    with pytest.raises(ValueError, match="binary"):
        detect_encoding(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))


def test_lookalike_eth_becomes_d_with_stroke():
    # 002's raw text writes "Ðảng" and "HÐND" with U+00D0.
    assert normalize_line("Chủ tịch HÐND thành phố; xây dựng Ðảng") == (
        "Chủ tịch HĐND thành phố; xây dựng Đảng"
    )


def test_decomposed_text_is_composed():
    nfd = unicodedata.normalize("NFD", "Nghị quyết số 18-NQ/ĐUK")
    assert normalize_line(nfd) == "Nghị quyết số 18-NQ/ĐUK"


@pytest.mark.parametrize(
    ("new", "classic"),
    [
        ("huyện Vị Thuỷ", "huyện Vị Thủy"),
        ("Toạ đàm", "Tọa đàm"),
        ("hoà bình", "hòa bình"),
        ("sức khoẻ", "sức khỏe"),
        ("Uỷ ban Kiểm tra", "Ủy ban Kiểm tra"),
        ("quý", "quý"),  # qu- is a consonant: nothing to move
        ("khuya", "khuya"),
        ("hoàn thành", "hoàn thành"),  # closed syllable: already right
    ],
)
def test_one_tone_mark_placement(new, classic):
    assert classic_tone_marks(new) == classic


def test_spaces_are_folded_and_quotes_kept():
    raw = "Kỷ niệm chương\u00a0 “Vì sự nghiệp”\u200b  cho các cán bộ.  "
    assert normalize_line(raw) == "Kỷ niệm chương “Vì sự nghiệp” cho các cán bộ."


def test_fold_ignores_case_tones_and_d():
    assert fold("Thủy") == fold("THUỶ") == fold("thuy")
    assert fold("Đảng") == "dang"
