"""Vietnamese order, dates and initials, with the theme's real catalog."""

from __future__ import annotations

import gettext
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from .site_locale import format_date, format_datetime, format_month, initial, sort_key, vi_sorted

LOCALEDIR = Path(__file__).resolve().parents[2] / "theme" / "translations"
VN = timezone(timedelta(hours=7))


@pytest.fixture(scope="module")
def vi():
    return gettext.translation("messages", str(LOCALEDIR), ["vi"]).gettext


def test_circumflex_letter_comes_after_plain_letter():
    assert sorted(["Ân", "Anh", "An", "Ăn"], key=sort_key) == ["An", "Anh", "Ăn", "Ân"]


def test_d_with_stroke_is_a_letter_after_d():
    names = ["Đà Nẵng", "Dung", "Duy", "Đông", "Eo"]
    assert sorted(names, key=sort_key) == ["Dung", "Duy", "Đà Nẵng", "Đông", "Eo"]
    assert sorted(names) != sorted(names, key=sort_key), "code-point order is wrong here"


def test_o_and_u_families():
    assert sorted(["Ơn", "Ôn", "On", "Ưu", "Uy"], key=sort_key) == ["On", "Ôn", "Ơn", "Uy", "Ưu"]


def test_tones_only_break_ties_in_dictionary_order():
    assert sorted(["mạ", "má", "mã", "mả", "mà", "ma"], key=sort_key) == [
        "ma", "mà", "mả", "mã", "má", "mạ",
    ]  # fmt: skip
    # Letters first: "mạch" (m-a-c-h) comes after "mà" and before "man" whatever the tones.
    assert sorted(["man", "mạch", "mà"], key=sort_key) == ["mà", "mạch", "man"]


def test_syllable_by_syllable_tone_before_next_syllable():
    names = ["Đặng Ngọc Sơn", "Đảng ủy Khối", "Đàng Văn"]
    assert sorted(names, key=sort_key) == ["Đàng Văn", "Đảng ủy Khối", "Đặng Ngọc Sơn"]
    assert sorted(["Lê Văn", "Lê", "Lễ An"], key=sort_key) == ["Lê", "Lê Văn", "Lễ An"]


def test_case_and_normalisation_do_not_change_order():
    decomposed = "A\u0302n"  # "Ân" written with a combining circumflex
    assert sort_key(decomposed) == sort_key("ân")
    assert vi_sorted(["ân", "An"]) == ["An", "ân"]


def test_vi_sorted_by_pair_index_and_attribute():
    pairs = [("Đức", 1), ("Dũng", 2)]
    assert vi_sorted(pairs, "0") == [("Dũng", 2), ("Đức", 1)]


def test_datetime_in_vietnamese_without_os_locale(vi):
    moment = datetime(2023, 9, 18, 22, 29, tzinfo=VN)
    assert format_datetime(moment, vi) == "Thứ Hai, 18/09/2023, 22:29"
    assert format_date(datetime(2023, 9, 24, tzinfo=VN), vi) == "Chủ Nhật, 24/09/2023"
    assert format_month(2023, 9, vi) == "09/2023"
    assert format_month(2023, 9, vi, long=True) == "Tháng 9 năm 2023"


def test_every_weekday_has_a_vietnamese_name(vi):
    names = {format_date(datetime(2024, 1, day), vi).split(",")[0] for day in range(1, 8)}
    assert names == {"Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"}


def test_initials_keep_vowel_marks_but_not_tones():
    assert [initial(n) for n in ["Ân", "Ấp Bắc", "Đảng", "ủy ban", "171", ""]] == [
        "Â", "Â", "Đ", "U", "#", "#",
    ]  # fmt: skip
