"""Date lines as Vietnamese sites print them; dates inside sentences are not date lines."""

from __future__ import annotations

from datetime import datetime

import pytest

from newsarchive.dates import VIETNAM, parse_date_line, parse_iso


def at(y, mo, d, h=0, mi=0):
    return datetime(y, mo, d, h, mi, tzinfo=VIETNAM)


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("18/09/2023 - 22:29", at(2023, 9, 18, 22, 29)),  # 000
        ("07:38 07/11/2023", at(2023, 11, 7, 7, 38)),  # 001
        ("Thứ Hai, ngày 06/12/2021 | 08:09", at(2021, 12, 6, 8, 9)),  # 004
        ("23/06/2020 17:59", at(2020, 6, 23, 17, 59)),  # 003
        ("Thứ ba, 07/11/2023, 07:38 (GMT+7)", at(2023, 11, 7, 7, 38)),
        ("Đăng lúc 9:05 ngày 2/3/2019", at(2019, 3, 2, 9, 5)),
        ("ngày 15 tháng 10 năm 2020", at(2020, 10, 15)),
        ("15/10/20 08:25", at(2020, 10, 15, 8, 25)),
        ("15.10.2020 08:25", at(2020, 10, 15, 8, 25)),
        ("15-10-2020 - 08:25", at(2020, 10, 15, 8, 25)),
        ("8h25 15/10/2020", at(2020, 10, 15, 8, 25)),
        ("Chủ nhật, 05/01/2020 - 15:30", at(2020, 1, 5, 15, 30)),
        ("Thứ 2, 18/9/2023 10:00 AM (GMT+0)", at(2023, 9, 18, 17, 0)),
    ],
)
def test_date_lines(line, published):
    parsed = parse_date_line(line)
    assert parsed is not None
    assert parsed.published == published
    assert parsed.published.isoformat().endswith("+07:00")


def test_updated_time_alone():
    # 002: the only date printed is the update time; the extractor promotes it.
    parsed = parse_date_line("Cập nhật lúc 08:25 ngày 15/10/2020")
    assert parsed.published is None
    assert parsed.modified == at(2020, 10, 15, 8, 25)


def test_published_and_updated_on_one_line():
    parsed = parse_date_line("Đăng: 18/09/2023 22:29 | Cập nhật: 19/09/2023 08:00")
    assert parsed.published == at(2023, 9, 18, 22, 29)
    assert parsed.modified == at(2023, 9, 19, 8, 0)


def test_day_first_always():
    assert parse_date_line("03/04/2021 10:00").published == at(2021, 4, 3, 10, 0)


def test_weekday_that_contradicts_the_date_is_a_warning():
    parsed = parse_date_line("Thứ Ba, 06/12/2021 08:09")  # 06/12/2021 was a Monday
    assert parsed.published == at(2021, 12, 6, 8, 9)
    assert parsed.warnings and "Thứ Ba" in parsed.warnings[0]


@pytest.mark.parametrize(
    "line",
    [
        "Chiều ngày 03/11/2023, Ban Thường vụ Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh",
        "Nghị quyết số 18-NQ/ĐUK ngày 16/01/2019 của Đảng ủy Khối các cơ quan Thành phố",
        "Sáng 23/6, Công đoàn Viên chức Thành phố phối hợp",
        "31/02/2020 10:00",  # no such day
        "Năm 2020 - 2025",
    ],
)
def test_not_date_lines(line):
    assert parse_date_line(line) is None


def test_iso_metadata_in_vietnam_time():
    assert parse_iso("2023-09-18T15:29:00Z") == at(2023, 9, 18, 22, 29)
    assert parse_iso("2023-09-18T22:29:00+07:00") == at(2023, 9, 18, 22, 29)
    assert parse_iso("2023-09-18 22:29") == at(2023, 9, 18, 22, 29)
