"""Explain answers end to end (issue #15), on the shipped corpus and the seeds with the real embedding model: the
passage that answers comes first, the answer leads, quotes are short, and gapbot's own explainers are cited as
gapbot's notes, never as the publishers they summarise. Re-chunking (a new article parser version) re-parses the
articles only."""

from __future__ import annotations

import re

import pytest

from gapbot.compose import compose
from gapbot.engine import Engine
from ingest.pipeline import run_ingest

from conftest import REPO, SEEDS, make_settings, need_shared

pytestmark = pytest.mark.slow
NIST = "a NIST analysis indicates the performance gap between open and closed-source models is growing"


@pytest.fixture(scope="module")
def explained(tmp_path_factory, real_embedder):
    need_shared()
    settings = make_settings(tmp_path_factory.mktemp("explain"))
    paths = [REPO / "corpus" / "articles", REPO / "corpus" / "snapshots", SEEDS]
    report = run_ingest(settings, paths, embedder=real_embedder, feeds=False)
    assert not report.rejected
    return settings, paths, Engine(settings, embedder=real_embedder)


def test_the_nist_question_gets_the_nist_passage_first(explained):
    _, _, engine = explained
    result, _ = engine.ask("Does NIST think the gap between open and closed models is growing?")
    assert result.intent == "explain" and result.citations
    lead = result.citations[0]
    assert NIST in lead.passage and NIST in lead.answer and lead.document.endswith("001_e124c8718747c700.txt")
    assert lead.publisher == "RiffOn" and lead.title.startswith("Open Source AI Catches Up Fast")
    words = compose(result)
    assert words.body.startswith("According to RiffOn: “Contrary to the popular belief")  # the answer leads
    md = words.markdown
    assert md.index("According to RiffOn") < md.index("— [1]") < md.index("— [2]")
    assert "Sources disagree" in words.body  # the other side is shown too
    assert len(words.quotes) <= 3


def test_gapbots_own_explainers_are_attributed_to_gapbot(explained):
    _, _, engine = explained
    result, _ = engine.ask("what do the articles say about private benchmarks?")
    assert result.intent == "explain"
    own = [c for c in result.citations if "corpus/articles/" in c.document]
    assert own, [c.document for c in result.citations]
    words = compose(result)
    for c in own:
        assert c.own and c.author == "gapbot team" and c.based_on
        assert f"gapbot's own note *{c.title}*" in words.markdown
    for publisher in ("epoch.ai", "hai.stanford.edu", "lesswrong.com"):  # never "(https://epoch.ai/…, 2026-11-23)"
        assert not re.search(rf"\(\S*{re.escape(publisher)}\S*, 2026-11-23\)", words.markdown)


@pytest.mark.parametrize("question", ["why are chinese open models getting so popular",
                                      "what do experts on the Redpoint podcast think about open source models?",
                                      "is the gap between open and closed models shrinking or growing, and why?"])
def test_quotes_are_short_without_headings_or_timestamps(explained, question):
    _, _, engine = explained
    result, _ = engine.ask(question)
    words = compose(result)
    quotes = [q.split("\n")[0] for q in words.quotes if q.startswith("> ")]
    assert len(words.quotes) <= 3
    for q in quotes:
        assert len(q) <= 2 + 300 and not re.search(r"\[\d\d:\d\d|#", q), q
    assert not re.search(r"\[\d\d:\d\d:\d\d\]|^#", words.markdown, re.M)
    assert "Get your free personalized podcast brief" not in words.markdown


def test_a_new_article_parser_version_reparses_the_articles_only(explained, real_embedder, monkeypatch):
    settings, paths, _ = explained
    import ingest.pipeline as pipeline

    monkeypatch.setattr(pipeline, "ARTICLE_PARSER", pipeline.ARTICLE_PARSER + "-test")
    report = run_ingest(settings, paths, embedder=real_embedder, feeds=False)
    updated = sorted(report.files_updated)
    assert updated and all(f.endswith((".md", ".txt")) and "/snapshots/" not in f for f in updated)
    assert len(updated) == 10  # five explainers, five seeds
    assert report.texts_embedded == 0  # the same passages: their vectors are reused by text hash


def test_the_retrieval_evaluation_set_is_labelled_with_real_passages():
    """tests/eval/passages.yaml: at least 60 questions, a held-out part, and every label found in a passage as the
    parser cuts them today (so `python -m bench.retrieval` measures what it claims to)."""
    need_shared()
    from bench.retrieval import answers, load
    from gapbot.registry import Registry
    from ingest.formats import articles
    from ingest.formats.base import Context

    items = load()
    assert len(items) >= 60 and {it["split"] for it in items} == {"dev", "heldout"}
    assert sum(it["split"] == "heldout" for it in items) >= 15
    files = sorted((REPO / "corpus" / "articles").glob("*.md")) + sorted(SEEDS.iterdir())
    texts = [p.text for f in files for p in articles.parse(f, Context(Registry([]), f.name)).passages]
    for it in items:
        for label in it["answers"]:
            assert any(answers(t, [label]) for t in texts), (it["q"], label)
