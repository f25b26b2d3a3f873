"""Related articles share rare real entities; a ubiquitous one relates nothing."""

from __future__ import annotations

from types import SimpleNamespace

from .related_articles import related

ATTRS = ["people", "places"]


def article(name: str, people: str = "", places: str = "") -> SimpleNamespace:
    return SimpleNamespace(name=name, people=people, places=places)


def names(result: list) -> list[str]:
    return [a.name for a in result]


def test_an_entity_every_article_has_relates_nothing():
    articles = [article(n, places="Việt Nam") for n in "abc"]
    assert related(articles, ATTRS) == [[], [], []]


def test_rarer_shared_entity_weighs_more():
    articles = [
        article("a", people="Lê Tấn Thủ", places="Cần Thơ"),
        article("b", places="Cần Thơ"),
        article("c", places="Cần Thơ"),
        article("d", people="Lê Tấn Thủ"),
        article("e", places="Hà Nội"),
    ]
    result = related(articles, ATTRS)
    assert names(result[0])[0] == "d"  # shares the rarer person, not only the common place
    assert set(names(result[0])) == {"b", "c", "d"}
    assert result[4] == []


def test_entity_names_compare_without_case():
    articles = [article("a", people="Lê Tấn Thủ"), article("b", people="lê tấn thủ"), article("c")]
    assert names(related(articles, ATTRS)[0]) == ["b"]


def test_limit_and_window_bound_the_work():
    articles = [article(str(i), people="X") for i in range(50)] + [article("y")]
    result = related(articles, ATTRS, limit=3, window=2)
    assert names(result[10]) == ["8", "9", "11"]  # only the 2 nearest on each side, best 3
    assert all(len(r) <= 3 for r in result)
