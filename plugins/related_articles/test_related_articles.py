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


DETERMINISM_SCRIPT = """
import random, sys
from types import SimpleNamespace
sys.path.insert(0, PLUGINS)
from related_articles.related_articles import related
rng = random.Random(5)
people = [f"Người {i}" for i in range(40)]
places = [f"Nơi {i}" for i in range(25)]
articles = [
    SimpleNamespace(
        n=i,
        people="; ".join(rng.sample(people, rng.randint(1, 4))),
        places="; ".join(rng.sample(places, rng.randint(1, 3))),
    )
    for i in range(400)
]
print([[a.n for a in found] for found in related(articles, ["people", "places"])])
"""


def test_same_related_articles_whatever_the_hash_seed():
    """Two builds of the same articles relate them the same way (sets iterate by hash seed)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    plugins = repr(str(Path(__file__).resolve().parents[1]))
    script = DETERMINISM_SCRIPT.replace("PLUGINS", plugins)
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in (1, 2, 3, 4)
    }
    assert len(outputs) == 1
