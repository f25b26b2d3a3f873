"""Entity fields become pages' objects; grouping is one pass and keeps article order."""

from __future__ import annotations

from types import SimpleNamespace

from .taxonomies import (
    Entity,
    group_articles,
    letter_groups,
    letter_slug,
    make_entities,
    metadata_list,
    split_names,
)

SETTINGS: dict = {"SLUG_REGEX_SUBSTITUTIONS": [(r"[Đđ]", "d"), (r"[^\w\s-]", ""), (r"[-\s]+", "-")]}


def test_split_names_strips_and_drops_empty_and_repeated_parts():
    assert split_names(" Cần Thơ;Hà Nội ; ; Cần Thơ") == ["Cần Thơ", "Hà Nội"]
    assert split_names(None) == []
    assert split_names(["A", " B "]) == ["A", "B"]


def test_a_semicolon_that_ends_an_escape_is_part_of_the_name():
    # Metadata is HTML: the importer writes "Báo Kinh tế & Đô thị" escaped.
    assert split_names("Báo Kinh tế &amp; Đô thị") == ["Báo Kinh tế &amp; Đô thị"]
    assert split_names("Tạp chí &quot;Cộng sản&quot;; R&D; K&#x27;Ho; &#38;") == [
        "Tạp chí &quot;Cộng sản&quot;",
        "R&D",  # "&D;" is no reference HTML knows: the ";" separates
        "K&#x27;Ho",
        "&#38;",
    ]
    assert split_names("a &amp; b; c", separator=",") == ["a &amp; b; c"]


def test_tags_and_authors_split_as_pelican_splits_them_but_for_escapes():
    from pelican.readers import ensure_metadata_list

    for value in ("a; b; a", "a, b", "Hà Nội, Cần Thơ; Huế", " ; ", "x", "Báo X, Y;", "a;;b"):
        assert metadata_list(value) == ensure_metadata_list(value), value
    assert metadata_list(["b", " a ", "b"]) == ["b", "a"]
    assert metadata_list("Báo Kinh tế &amp; Đô thị") == ["Báo Kinh tế &amp; Đô thị"]
    assert metadata_list("Báo Kinh tế &amp; Đô thị; Hà Nội") == [
        "Báo Kinh tế &amp; Đô thị",
        "Hà Nội",
    ]
    # One name with a comma: the importer ends it with ";" so that it is not split on commas.
    assert metadata_list("Hà Nội, thủ đô &amp; Huế;") == ["Hà Nội, thủ đô &amp; Huế"]


def test_metadata_strings_become_entities_with_urls():
    metadata = {"people": "Lê Tấn Thủ; Nguyễn Quang Trường", "source": "Báo Cần Thơ", "title": "x"}
    make_entities(metadata, SETTINGS)
    assert [e.url for e in metadata["people"]] == [
        "nhan-vat/le-tan-thu.html",
        "nhan-vat/nguyen-quang-truong.html",
    ]
    assert metadata["source"].url == "nguon/bao-can-tho.html"
    assert metadata["title"] == "x"


def test_entities_of_different_kinds_never_merge():
    person = Entity("Hồ Chí Minh", SETTINGS, "people", "nhan-vat")
    place = Entity("Hồ Chí Minh", SETTINGS, "places", "dia-danh")
    assert person != place
    assert len({person, place}) == 2
    assert person == Entity("Hồ Chí Minh", SETTINGS, "people", "nhan-vat")


def test_a_build_makes_one_entity_per_kind_and_name():
    known: dict = {}
    first = {"people": "Lê Tấn Thủ", "places": "Cần Thơ", "source": "Báo Cần Thơ"}
    second = {"people": "Lê Tấn Thủ; Nguyễn Quang Trường", "places": "Hà Nội"}
    third = {"places": "Cần Thơ", "organisations": "Lê Tấn Thủ"}
    for metadata in (first, second, third):
        make_entities(metadata, SETTINGS, known)
    assert second["people"][0] is first["people"][0]
    assert third["places"][0] is first["places"][0]
    assert third["organisations"][0] is not first["people"][0]  # same name, another kind
    assert len(known) == 6


def test_grouping_keeps_the_given_order_of_articles():
    ha_noi = Entity("Hà Nội", SETTINGS, "places", "dia-danh")
    can_tho = Entity("Cần Thơ", SETTINGS, "places", "dia-danh")
    newest = SimpleNamespace(places=[ha_noi, can_tho], source=None)
    older = SimpleNamespace(places=[ha_noi], source=None)
    groups = group_articles([newest, older], ["places", "source"])
    assert groups["places"][ha_noi] == [newest, older]
    assert groups["places"][can_tho] == [newest]
    assert groups["source"] == {}


def test_equal_name_objects_are_one_group_as_a_dict_groups_them():
    """An article read this build and one from the content cache may hold two equal objects
    for one name: one group, keyed by the first, its articles in the given order."""
    cached = Entity("Cần Thơ", SETTINGS, "places", "dia-danh")
    fresh = Entity("Cần Thơ", SETTINGS, "places", "dia-danh")
    ha_noi = Entity("Hà Nội", SETTINGS, "places", "dia-danh")
    person = Entity("Cần Thơ", SETTINGS, "people", "nhan-vat")  # same name, another kind
    articles = [
        SimpleNamespace(name="a", places=[ha_noi, cached], people=[person]),
        SimpleNamespace(name="b", places=[fresh], people=[]),
        SimpleNamespace(name="c", places=[cached, ha_noi], people=None),
        SimpleNamespace(name="d", places=(fresh,), people=person),
    ]
    groups = group_articles(articles, ["places", "people"])
    plain: dict = {"places": {}, "people": {}}
    for article in articles:
        for attr in plain:
            value = getattr(article, attr)
            items = [] if value is None else value if isinstance(value, list | tuple) else [value]
            for item in items:
                plain[attr].setdefault(item, []).append(article)
    assert groups == plain
    assert [list(g) for g in groups.values()] == [list(g) for g in plain.values()]
    assert [a.name for a in groups["places"][cached]] == ["a", "b", "c", "d"]
    assert next(iter(k for k in groups["places"] if k == fresh)) is cached
    assert [a.name for a in groups["people"][person]] == ["a", "d"]


def test_letter_groups_follow_the_given_order_and_initials():
    from site_locale.site_locale import initial, vi_sorted

    pairs = [(name, []) for name in ["Đông", "Dung", "Ân", "An", "171-QĐ/TW"]]
    groups = letter_groups(pairs, vi_sorted, initial)
    assert [(letter, slug, [p[0] for p in members]) for letter, slug, members in groups] == [
        ("#", "khac", ["171-QĐ/TW"]),
        ("A", "a", ["An"]),
        ("Â", "aa", ["Ân"]),
        ("D", "d", ["Dung"]),
        ("Đ", "dd", ["Đông"]),
    ]


def test_letter_slugs_are_ascii_and_distinct():
    letters = "#AĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"
    slugs = [letter_slug(letter) for letter in letters]
    assert all(slug.isascii() and slug.isalpha() for slug in slugs)
    assert len(set(slugs)) == len(letters)
