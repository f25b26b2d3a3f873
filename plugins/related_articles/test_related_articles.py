"""Related articles share rare real entities; a ubiquitous one relates nothing."""

from __future__ import annotations

import logging
import os
import random
import re
import tempfile
import time
from types import SimpleNamespace

import pytest

from . import related_articles as plugin
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


class Listed(SimpleNamespace):
    """An article of a generated archive; shown by its name (articles point to each other,
    and a namespace's own repr would follow every path through them)."""

    def __repr__(self) -> str:
        return f"Listed({self.name})"


def archive(count: int) -> list[Listed]:
    """Articles that share people and places as an archive's do: some often, most rarely."""
    rng = random.Random(7)
    people = [f"Người {i}" for i in range(60)]
    places = [f"Nơi {i}" for i in range(30)]
    return [
        Listed(
            name=str(i),
            people="; ".join(rng.sample(people, rng.randint(0, 3))),
            places="; ".join(rng.sample(places, rng.randint(1, 2))),
        )
        for i in range(count)
    ]


@pytest.fixture
def forking(tmp_path, monkeypatch):
    """A generator of 300 articles that is worth a fork; forks write their results in
    ``tmp_path``."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    settings = {"RELATED_ARTICLES_ATTRIBUTES": ATTRS, "RELATED_ARTICLES_FORK_MIN": 100}
    yield SimpleNamespace(articles=archive(300), settings=settings)
    plugin.reap_all()


def reaped(pid: int) -> bool:
    """Whether the process ``pid`` was a child of this one and has been waited for."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def wait_until(condition, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the fork did not get there in time"
        time.sleep(0.005)


def test_a_fork_that_found_every_list_leaves_nothing_to_do_here(forking, tmp_path, monkeypatch):
    expected = [names(found) for found in related(forking.articles, ATTRS)]
    plugin.on_pretaxonomy(forking)
    [fork] = plugin._forks
    wait_until(lambda: fork.taken[len(forking.articles) - 1])  # it has started on the last

    def not_here(*args):
        raise AssertionError("found in the build process, not in the fork")

    monkeypatch.setattr(plugin, "Scorer", not_here)
    plugin.on_articles_finalized(forking)
    assert [names(a.related_articles) for a in forking.articles] == expected
    assert any(expected)
    assert list(tmp_path.iterdir()) == []
    assert reaped(fork.pid)


def test_this_process_finds_the_rest_from_the_oldest_until_it_meets_the_fork(
    forking, tmp_path, monkeypatch, caplog
):
    expected = [names(found) for found in related(forking.articles, ATTRS)]
    build = os.getpid()
    related_here = plugin.Scorer.related

    def slow_in_the_fork(self, index):
        if os.getpid() != build:
            time.sleep(0.01)
        return related_here(self, index)

    monkeypatch.setattr(plugin.Scorer, "related", slow_in_the_fork)
    plugin.on_pretaxonomy(forking)
    [fork] = plugin._forks
    wait_until(lambda: fork.taken[0])  # the fork has started on the newest
    with caplog.at_level(logging.DEBUG, logger=plugin.__name__):
        plugin.on_articles_finalized(forking)
    assert [names(a.related_articles) for a in forking.articles] == expected
    there, here = map(int, re.search(r"(\d+) found in a fork, (\d+) here", caplog.text).groups())
    # Both found some; together all (the one they both reached at once, twice).
    assert there >= 1 and here >= 1 and there + here >= len(forking.articles)
    assert here > there  # the fork took 10 ms an article
    assert list(tmp_path.iterdir()) == []
    assert reaped(fork.pid)


def test_a_fork_nearly_done_is_waited_for(forking, monkeypatch, caplog):
    """With fewer than a quarter of the lists left, this process would spend longer making
    its own index than the fork takes to finish."""
    expected = [names(found) for found in related(forking.articles, ATTRS)]
    related_here = plugin.Scorer.related

    def slow(self, index):
        time.sleep(0.002)
        return related_here(self, index)

    monkeypatch.setattr(plugin.Scorer, "related", slow)
    plugin.on_pretaxonomy(forking)
    [fork] = plugin._forks
    wait_until(lambda: fork.taken[len(forking.articles) * 8 // 10])
    assert not fork.taken[len(forking.articles) - 1]  # (not done yet)

    def not_here(*args):
        raise AssertionError("an index made in the build process")

    monkeypatch.setattr(plugin, "Scorer", not_here)
    with caplog.at_level(logging.DEBUG, logger=plugin.__name__):
        plugin.on_articles_finalized(forking)
    assert [names(a.related_articles) for a in forking.articles] == expected
    assert "300 found in a fork, 0 here" in caplog.text


def test_articles_changed_after_the_fork_are_related_again_here(forking):
    plugin.on_pretaxonomy(forking)
    [fork] = plugin._forks
    forking.articles = forking.articles[1:]  # a plugin dropped the newest article after it
    plugin.on_articles_finalized(forking)
    expected = [names(found) for found in related(forking.articles, ATTRS)]
    assert [names(a.related_articles) for a in forking.articles] == expected
    assert reaped(fork.pid)


def test_a_failed_fork_costs_nothing_but_time(forking, monkeypatch, tmp_path, caplog):
    with monkeypatch.context() as patched:
        patched.setattr(plugin, "Scorer", lambda *args: 1 / 0)  # fails in the fork
        plugin.on_pretaxonomy(forking)
    plugin.on_articles_finalized(forking)
    assert "the fork found nothing" in caplog.text
    expected = [names(found) for found in related(forking.articles, ATTRS)]
    assert [names(a.related_articles) for a in forking.articles] == expected
    assert list(tmp_path.iterdir()) == []


def test_no_fork_for_a_small_archive_or_a_single_core(forking, monkeypatch):
    forking.settings["RELATED_ARTICLES_FORK_MIN"] = 301
    plugin.on_pretaxonomy(forking)
    assert plugin._forks == []
    forking.settings["RELATED_ARTICLES_FORK_MIN"] = 100
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    plugin.on_pretaxonomy(forking)
    assert plugin._forks == []


def test_best_is_the_plain_ranking_ties_included():
    rng = random.Random(3)
    for _ in range(300):
        scores = {rng.randrange(60): float(rng.randint(1, 4)) for _ in range(rng.randint(0, 40))}
        limit = rng.randint(1, 6)
        plain = [other for _s, other in sorted((-s, o) for o, s in scores.items())][:limit]
        assert plugin.best(scores, limit) == plain


class Named:
    """A name object shared by the articles that name it, as the taxonomies plugin's are."""

    folded = 0

    def __init__(self, name: str) -> None:
        self.name = name

    def __str__(self) -> str:
        Named.folded += 1
        return self.name


def test_a_shared_name_object_is_folded_once_and_relates_as_its_name():
    can_tho, ha_noi = Named("Cần Thơ"), Named(" Hà Nội")
    as_objects = [
        SimpleNamespace(name="a", people=[], places=[can_tho, ha_noi]),
        SimpleNamespace(name="b", people=[], places=[can_tho]),
        SimpleNamespace(name="c", people=[], places=[ha_noi]),
        SimpleNamespace(name="d", people=[], places=[]),
    ]
    as_text = [
        article("a", places="Cần Thơ; Hà Nội"),
        article("b", places="cần thơ"),
        article("c", places="Hà Nội"),
        article("d"),
    ]
    Named.folded = 0
    found = [names(r) for r in related(as_objects, ATTRS)]
    assert found == [names(r) for r in related(as_text, ATTRS)] == [["b", "c"], ["a"], ["a"], []]
    assert Named.folded == 2


def test_the_lists_are_found_with_the_collector_paused_and_it_resumes(monkeypatch):
    import gc

    seen = []
    find = plugin.related_indices
    monkeypatch.setattr(
        plugin, "related_indices", lambda *a: seen.append(gc.isenabled()) or find(*a)
    )
    articles = [article("a", people="Lê Tấn Thủ"), article("b", people="Lê Tấn Thủ")]
    articles.append(article("c", places="Cần Thơ"))
    plugin.on_articles_finalized(SimpleNamespace(articles=articles, settings={}))
    assert seen == [False] and gc.isenabled()
    assert articles[0].related_articles == [articles[1]]
    gc.disable()  # paused by someone else: theirs to resume
    try:
        plugin.on_articles_finalized(SimpleNamespace(articles=articles, settings={}))
        assert not gc.isenabled()
    finally:
        gc.enable()
