"""Markdown from files is inert: a masked link in a model name, a snapshot's source_url or an article's title and
publisher never renders as a link in an answer (issue #11); links are built only to allowed publishers."""

from __future__ import annotations

from datetime import date

from gapbot.compose import as_json, compose
from gapbot.inert import escape, shown_url
from gapbot.result import Citation, GapFigures, ModelEntry, Result

EVIL = "[livebench.ai](https://evil.example/phish)"
CLOSED = ModelEntry("gpt-5.2", "GPT-5.2", "OpenAI", False, 83.62)


def gap_result(name: str = "GLM 5.2", url: str = "https://livebench.ai", benchmark: str = "LiveBench") -> Result:
    opened = ModelEntry("glm-5.2", name, "Z.AI", True, 79.65)
    return Result(question="q", intent="gap", kind="gap", category="coding", source="livebench",
                  benchmark=benchmark, snapshot=date(2026, 1, 8), source_url=url,
                  gap=GapFigures(opened, CLOSED, 3.97, 4.7, None, None, None, 0))


def no_link(text: str) -> None:
    assert "](" not in text.replace("\\](", "") and "https://evil" not in text and "<https://evil" not in text


def test_a_masked_link_in_a_model_name_is_shown_as_text():
    w = compose(gap_result(name=EVIL))
    no_link(w.markdown)
    assert "\\[livebench.ai\\]" in w.markdown  # still readable, as written
    assert as_json(gap_result(name=EVIL), w)["best_open"]["model"] == EVIL  # --json keeps the data as it is


def test_a_snapshot_url_off_the_allow_list_is_plain_text_and_no_embed_link():
    w = compose(gap_result(url="https://evil.example/x"))
    no_link(w.markdown)
    assert "(evil.example/x)" in w.sources_line and w.url is None
    allowed = compose(gap_result(url="https://www.livebench.ai/#/"))
    assert "<https://www.livebench.ai/#/>" in allowed.sources_line and allowed.url == "https://www.livebench.ai/#/"


def test_extra_link_hosts_are_a_setting():
    w = compose(gap_result(url="https://mirror.example.org/lb"), link_hosts=frozenset({"example.org"}))
    assert w.url == "https://mirror.example.org/lb"


def test_an_article_title_and_publisher_cannot_inject_links_or_emphasis():
    c = Citation("seeds/x.md", f"**Official** {EVIL}", "", "[Stanford](https://evil.example)", "", date(2025, 3, 1),
                 "The gap is shrinking, see https://evil.example/more for details.")
    r = Result(question="why?", intent="explain", kind="explain", citations=(c,))
    w = compose(r)
    no_link(w.markdown)
    assert "\\*\\*Official\\*\\*" in w.quotes[0]
    c2 = Citation("seeds/y.md", "T", "", "", "javascript:alert(1)", None, "Text.")
    text = compose(Result(question="q", intent="explain", kind="explain", citations=(c2,))).markdown
    assert "<javascript" not in text and "](javascript" not in text  # text, never a link


def test_escape_and_shown_url():
    assert escape("a_b *c* ~~d~~ `e` ||f||") == "a\\_b \\*c\\* \\~\\~d\\~\\~ \\`e\\` \\|\\|f\\|\\|"
    assert escape("see http://x.y") == "see http:\u200b//x.y"
    assert shown_url("https://epoch.ai/data", frozenset({"epoch.ai"})) == "https://epoch.ai/data"
    assert shown_url("https://epoch.ai.evil.example/", frozenset({"epoch.ai"})) == "epoch.ai.evil.example/"
    assert shown_url("http://127.0.0.1/admin", frozenset({"epoch.ai"})) == "127.0.0.1/admin"
