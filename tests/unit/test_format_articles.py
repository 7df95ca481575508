"""ingest/formats/articles.py: Markdown with front matter, plain text, HTML; chunking with positions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gapbot.errors import InputFileError
from ingest.formats import articles

from .factories import context, write

MD = """---
title: Open models are catching up
source: https://example.test/post
author: A. Writer
date: 2025-03-04
---
# Ignored heading

The gap between [open models](https://example.test/open) and [[Frontier labs|closed ones]] is shrinking.
It is <b>measured</b> on [[LiveBench]].
"""


def test_markdown_front_matter_and_markup(tmp_path: Path) -> None:
    parsed = articles.parse(write(tmp_path / "post.md", MD), context("a"))
    assert parsed.format == "article (markdown)" and parsed.title == "Open models are catching up"
    assert parsed.rows == [] and parsed.notes == []
    [p] = parsed.passages
    assert (p.title, p.source, p.author, p.date, p.file, p.position) == (
        "Open models are catching up", "https://example.test/post", "A. Writer", "2025-03-04", "a", 0)
    assert "open models and closed ones is shrinking" in p.text  # links and wiki links keep their label
    assert "It is measured on LiveBench." in p.text
    assert "---" not in p.text and "author" not in p.text


def test_text_title_from_first_line_and_source_from_a_from_line(tmp_path: Path) -> None:
    text = "## Why open weights matter\nFrom: [The Newsletter](https://news.test)\n\nBody text here.\n"
    parsed = articles.parse(write(tmp_path / "note.txt", text), context())
    assert parsed.format == "article (text)" and parsed.title == "Why open weights matter"
    p = parsed.passages[0]
    assert p.source == "The Newsletter" and p.date == ""
    assert any("no date" in n for n in parsed.notes)


def test_source_falls_back_to_the_given_url_then_the_file_name(tmp_path: Path) -> None:
    path = write(tmp_path / "plain.txt", "Just words.\n")
    assert articles.parse(path, context(), source_url="https://feed.test/x").passages[0].source == \
        "https://feed.test/x"
    assert articles.parse(path, context()).passages[0].source == "plain.txt"


def test_long_article_is_cut_between_sentences_with_one_sentence_of_overlap(tmp_path: Path) -> None:
    sentences = [f"Sentence number {i} says something about open and closed models." for i in range(60)]
    parsed = articles.parse(write(tmp_path / "long.md", " ".join(sentences)), context())
    chunks = [p.text for p in parsed.passages]
    assert len(chunks) >= 4
    assert [p.position for p in parsed.passages] == list(range(len(chunks)))
    assert all(len(c) <= articles.CHUNK_SIZE for c in chunks)
    assert all(c.startswith("Sentence number") and c.endswith("models.") for c in chunks)  # whole sentences
    assert "Sentence number 0 " in chunks[0] and "Sentence number 59 " in chunks[-1]
    for a, b in zip(chunks, chunks[1:], strict=False):  # the last sentence of one is the first of the next
        assert b.startswith(a.rsplit(". ", 1)[-1])
    assert all(f"Sentence number {i} " in " ".join(chunks) for i in range(60))


def test_sections_start_passages_and_their_headings_stay_out_of_the_text(tmp_path: Path) -> None:
    text = ("---\ntitle: T\n---\n# T\n\nIntro paragraph.\n\n## Private benchmarks\n\nThe answer differs a "
            "lot:\n\n- on private ones, 8 to 10 months;\n- on public ones, 4 to 6 months.\n\n## Next\n\nMore.\n")
    parsed = articles.parse(write(tmp_path / "s.md", text), context())
    assert [(p.section, p.text) for p in parsed.passages] == [
        ("T", "Intro paragraph."),
        ("Private benchmarks", "The answer differs a lot:\n- on private ones, 8 to 10 months;\n- on public ones, "
                               "4 to 6 months."),  # a list stays with the line that introduces it
        ("Next", "More.")]
    assert not any("#" in p.text for p in parsed.passages)


def test_transcript_timestamps_markup_and_repeats_are_dropped(tmp_path: Path) -> None:
    line = ('The gap has been shrinking <a class="yt-timestamp" data-t="00:48:43">[00:48:43]</a>. It is '
            '**very** small [00:48:53].')
    text = f"From: [[redpointai]] <br/>\n\n{line}\n\n{line}\n"
    parsed = articles.parse(write(tmp_path / "t.txt", text), context())
    assert [p.text for p in parsed.passages] == ["The gap has been shrinking. It is very small."]
    assert parsed.passages[0].source == "redpointai"


@pytest.mark.parametrize("text, title, source", [
    # page chrome is never a title; a "Headline | Site" line is the title and names the publisher
    ("Get your free personalized podcast brief\n\nWe scan new podcasts and send you the top 5 insights daily.\n\n"
     "Open models caught up fast.\n\nOpen Source AI Catches Up Fast | RiffOn", "Open Source AI Catches Up Fast",
     "RiffOn"),
    # no title: named by where it comes from (a URL on a line of its own) and its date
    ("A Google engineer lays out the case for open source.\nhttps://www.semianalysis.com/p/no-moat\n",
     "semianalysis.com", "https://www.semianalysis.com/p/no-moat"),
    ("From: redpointai\nThe landscape of AI is changing quickly, experts say.\n", "redpointai", "redpointai"),
    ("Open Source AI: The Final Piece\n\nFrontier models have reshaped the landscape.\n",
     "Open Source AI: The Final Piece", "x.txt"),
])
def test_titles_never_come_from_page_chrome(tmp_path: Path, text: str, title: str, source: str) -> None:
    parsed = articles.parse(write(tmp_path / "x.txt", text), context())
    assert parsed.title == title and parsed.passages[0].source == source
    assert not any("free personalized" in p.text or "We scan" in p.text or "| RiffOn" in p.text
                   for p in parsed.passages)


def test_based_on_lists_what_a_summary_summarises(tmp_path: Path) -> None:
    text = ("---\ntitle: Note\nsource: gapbot\nauthor: gapbot team\ndate: 2026-11-23\nbased_on:\n"
            "  - title: Epoch AI report\n    url: https://epoch.ai/blog/x\n  - https://lmarena.ai\n---\nBody.\n")
    p = articles.parse(write(tmp_path / "n.md", text), context()).passages[0]
    assert (p.source, p.author) == ("gapbot", "gapbot team")
    assert json.loads(p.based_on) == [["Epoch AI report", "https://epoch.ai/blog/x"], ["", "https://lmarena.ai"]]
    with pytest.raises(InputFileError, match="based_on"):
        articles.parse(write(tmp_path / "bad.md", "---\nbased_on:\n  - 3\n---\nBody.\n"), context())


def test_the_shipped_explainers_are_gapbots_own_notes() -> None:
    folder = Path(__file__).resolve().parents[2] / "corpus" / "articles"
    for path in sorted(folder.glob("*.md")):
        p = articles.parse(path, context()).passages[0]
        assert (p.source, p.author) == ("gapbot", "gapbot team"), path.name
        assert len(json.loads(p.based_on)) >= 2, path.name


def test_html_main_text(tmp_path: Path) -> None:
    body = " ".join(f"Paragraph sentence {i} about the gap between open and proprietary models." for i in range(8))
    html = (f"<html><head><title>The gap, explained</title></head><body><nav>Home | About</nav>"
            f"<article><h1>The gap, explained</h1><p>{body}</p><p>{body}</p></article></body></html>")
    parsed = articles.parse(write(tmp_path / "page.html", html), context())
    assert parsed.format == "article (html)" and parsed.title == "The gap, explained"
    assert "Paragraph sentence 3 about the gap" in " ".join(p.text for p in parsed.passages)


@pytest.mark.parametrize("name, text, message, line", [
    ("x.md", "---\ntitle: ok\nauthor: @me\n---\nbody\n", "front matter is not valid YAML", 3),
    ("x.md", "---\n- a list\n---\nbody\n", "front matter must be a YAML mapping", 1),
    ("x.md", "---\ntitle: only\n---\n   \n", "the article has no text", None),
    ("x.txt", "\n\n", "the article has no text", None),
    ("x.html", "<html><body><script>var a = 1;</script></body></html>", "no article text", None),
    ("x.pdf", "text", "unknown article type", None),
])
def test_rejected(tmp_path: Path, name: str, text: str, message: str, line: int | None) -> None:
    path = write(tmp_path / name, text)
    with pytest.raises(InputFileError, match=message) as exc:
        articles.parse(path, context())
    assert exc.value.path == str(path) and exc.value.line == line


def test_rejected_binary_and_encodings(tmp_path: Path) -> None:
    for data, message in [(b"%PDF-1.7 ...", "a PDF"), ("text".encode("utf-16"), "UTF-16"),
                          (b"line one\nline two \xe9t\xe9\n", "not valid UTF-8")]:
        path = tmp_path / "x.txt"
        path.write_bytes(data)
        with pytest.raises(InputFileError, match=message) as exc:
            articles.parse(path, context())
        if message == "not valid UTF-8":
            assert exc.value.line == 2
