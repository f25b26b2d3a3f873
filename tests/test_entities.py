"""Entities: people, places as named before 2025, organisations, documents in canonical form."""

from __future__ import annotations

from newsarchive import places
from newsarchive.entities import find_documents, find_entities
from newsarchive.normalize import normalize_line


def entities(*lines):
    """Entities of lines as the importer sees them: normalised once, at the boundary."""
    return find_entities([normalize_line(line) for line in lines])


def test_people_after_dong_chi_and_in_lists():
    found = entities(
        "Các đồng chí: Trần Quốc Trung, Ủy viên Trung ương Ðảng; Phạm Văn Hiểu, Phó Bí thư Thường trực"
        " Thành ủy; Trần Việt Trường, Phó Bí thư Thành ủy… đến dự.",
    )
    assert found.people == ["Trần Quốc Trung", "Phạm Văn Hiểu", "Trần Việt Trường"]


def test_person_opened_by_a_title_at_sentence_start():
    found = entities("Ông Nguyễn Thanh Thuấn, Phó Bí thư Thường trực Huyện ủy, cho biết.")
    assert found.people == ["Nguyễn Thanh Thuấn"]


def test_two_word_names_need_a_cue():
    assert entities("Với vai trò Phó Bí thư, ông Lê Ái được phân công.").people == ["Lê Ái"]
    assert entities("Đoàn Thanh niên Khối các cơ quan Thành phố").people == []


def test_names_of_schools_are_not_people():
    assert entities("Trường Chính trị Trần Phú, Sở Nội vụ").people == []


def test_places_with_and_without_prefix():
    found = entities("Huyện ủy Vị Thủy quan tâm; Đảng ủy thị trấn Nàng Mau; TP Cần Thơ; Hà Nội.")
    assert found.places == ["Vị Thủy", "Nàng Mau", "Cần Thơ", "Hà Nội"]


def test_new_and_old_tone_placement_give_one_place():
    assert entities("huyện Vị Thuỷ").places == entities("huyện Vị Thủy").places == ["Vị Thủy"]


def test_city_name_is_a_place_only_with_its_prefix():
    found = entities("Học tập tư tưởng Hồ Chí Minh tại TP Hồ Chí Minh.")
    assert found.people == ["Hồ Chí Minh"]
    assert found.places == ["TP Hồ Chí Minh"]


def test_organisations():
    found = entities(
        "làm việc với Thành ủy Cần Thơ; Bộ Chính trị và Ban Bí thư; UBND tỉnh Hậu Giang"
    )
    assert found.organisations == [
        "Bộ Chính trị",
        "Ban Bí thư",
        "Thành ủy Cần Thơ",
        "UBND tỉnh Hậu Giang",
    ]


def test_capitalised_words_that_are_not_entities():
    found = entities("Kết luận Hội thảo, Ban Thường vụ Đảng ủy Khối tiếp thu ý kiến tại Tọa đàm.")
    tags = found.people + found.places + found.organisations
    assert "Hội thảo" not in tags and "Tọa đàm" not in tags and "Ban Thường vụ" not in tags


def test_documents_in_canonical_form():
    text = (
        "thực hiện Quy định 171-QĐ/TW; Chỉ thị số 05-CT/TW của Bộ Chính trị; Nghị quyết số "
        "18-NQ/ĐUK ngày 16/01/2019; Nghị định số 12/2023/NĐ-CP; quyết định 217, 218"
    )
    assert find_documents(text) == [
        "Quy định 171-QĐ/TW",
        "Chỉ thị 05-CT/TW",
        "Nghị quyết 18-NQ/ĐUK",
        "Nghị định 12/2023/NĐ-CP",
    ]


def test_a_number_with_a_letter_cites_a_document():
    """``1234a/QĐ-UBND``: numbers given out after their neighbour keep a letter."""
    assert find_documents("Quyết định số 1234a/QĐ-UBND ngày 5/3/2020 của UBND tỉnh") == [
        "Quyết định 1234a/QĐ-UBND"
    ]
    assert find_documents("theo tinh thần 35a-CT/TW") == ["Chỉ thị 35a-CT/TW"]


def test_the_longest_codes_are_read_whole():
    """A five-digit number with a letter and a year, and a last part of ten characters: the
    search for codes reads as far before the first dash and after the last as a code reaches."""
    text = "Thực hiện Công văn số 12345a/2023/SNV-TCBMHCNNVN, sở đã triển khai"
    assert find_documents(text) == ["Công văn 12345a/2023/SNV-TCBMHCNNVN"]
    assert find_documents("quyết định 12345a-QĐ/UBNDTPCTHO của Ủy ban") == [
        "Quyết định 12345a-QĐ/UBNDTPCTHO"
    ]
    # One character more is no code at all, not a code cut short, with a kind or without.
    assert find_documents("quyết định 12345a-QĐ/UBNDTPCTHOX của Ủy ban") == []
    assert find_documents("theo tinh thần 35-CT/TUHAUGIANG và 39-NQ/TUHAUGIANGX") == [
        "Chỉ thị 35-CT/TUHAUGIANG"
    ]


def test_bare_codes_take_their_kind_from_the_code():
    assert find_documents("theo tinh thần 35-CT/TW và 39-NQ/TW") == [
        "Chỉ thị 35-CT/TW",
        "Nghị quyết 39-NQ/TW",
    ]
    assert find_documents("số 171-QĐ/TW") == []  # QĐ is Quy định or Quyết định: unknown


def test_any_name_after_a_title_is_a_person():
    found = entities(
        "Phát biểu khai mạc, bà Kim Thị Sa Rinh, Phó Bí thư; ông Y Khuê Niê và ông A Thuấn."
    )
    assert found.people == ["Kim Thị Sa Rinh", "Y Khuê Niê", "A Thuấn"]


def test_items_of_a_list_take_the_prefix_before_the_list():
    found = entities(
        "tập trung ở các xã Ninh Thạnh Lợi, Lộc Ninh, Ninh Quới; ở huyện Thới Bình, Trần Văn Thời, U Minh."
    )
    assert found.places == [
        "Ninh Thạnh Lợi",
        "Lộc Ninh",
        "Ninh Quới",
        "Thới Bình",
        "Trần Văn Thời",
        "U Minh",
    ]
    assert found.people == []


def test_twin_districts_and_spelling_variants():
    # The list names "Long Mỹ (Huyện)" and "Long Mỹ (Thị xã)"; sites print "Đăk Hà" and "Đắk Hà".
    assert entities("tại huyện Long Mỹ").places == ["Long Mỹ"]
    assert entities("Ở huyện Đăk Hà").places == entities("Ở huyện Đắk Hà").places == ["Đắk Hà"]


def test_units_merged_before_the_list_was_made():
    assert entities("ở thị xã Nghi Sơn, huyện Đông Sơn.").places == ["Nghi Sơn", "Đông Sơn"]


def test_numbered_wards_are_not_tags():
    assert "V" not in entities("Bí thư chi bộ khu vực 3, phường V, thành phố Vị Thanh").places


def test_place_tables_are_built_once_and_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    built = places.load_gazetteer.__wrapped__()
    (cached,) = (tmp_path / "newsarchive").glob("gazetteer-*.json")
    assert places.load_gazetteer.__wrapped__() == built
    cached.write_text("{broken", encoding="utf-8")  # a damaged cache is built again
    assert places.load_gazetteer.__wrapped__() == built
    assert built.find("vị thủy", ("districts",)) == "Vị Thủy"
