"""Unit tests of the bot's pure parts: the embed splitter (property-based), upload names, the feedback store,
cooldowns, log redaction, the trend chart."""

from __future__ import annotations

import io
import logging
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.format import (
    DESCRIPTION,
    EMBEDS,
    FIELD_VALUE,
    TITLE,
    TOTAL,
    answer_to_embeds,
    check_limits,
    safe_content,
    split_text,
    text_embed,
    truncate,
)
from gapbot.compose import Words, compose
from gapbot.phrases import defang
from gapbot.result import Citation, ModelEntry, Result, Trend, TrendPoint

REPO = Path(__file__).resolve().parents[1]

# Text with the awkward parts: long words, newlines, markdown, unicode, mentions, blank strings.
WORDS = st.sampled_from(["gap", "points", "**bold**", "@everyone", "@here", "<@123456789012345678>",
                         "<@&123456789012345678>", "é", "🙂", "\n", "\n\n", " ", "x" * 300, "-", "—", "`code`"])
TEXT = st.one_of(
    st.text(max_size=50),
    st.lists(WORDS, max_size=400).map(" ".join),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=0, max_size=5000),
    st.builds(lambda n: "y" * n, st.integers(0, 9000)),
)


def citations():
    return st.builds(Citation, document=st.just("f"), title=TEXT, author=st.text(max_size=20),
                     publisher=st.text(max_size=80), url=st.just(""), date=st.none(), passage=TEXT)


def answers():
    """Words as the composer makes them, but with hostile text everywhere (and not defused: the packer must cope)."""
    return st.builds(
        Words,
        headline=TEXT,
        markdown=TEXT,
        body=st.one_of(st.just(""), TEXT),
        footer=TEXT,
        url=st.one_of(st.none(), st.just("https://example.org/lb"), st.just("not a url")),
        fields=st.lists(st.tuples(TEXT, TEXT), max_size=40).map(tuple),
        quotes=st.lists(TEXT, max_size=6).map(tuple),
        notes=st.lists(TEXT, max_size=8).map(tuple),
        sources_line=TEXT,
        ok=st.booleans(),
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(citations(), min_size=1, max_size=6))
def test_composed_explain_answers_fit_and_quote_without_headings(cites):
    result = Result(question="why?", intent="explain", kind="explain", citations=tuple(cites))
    words = compose(result)
    embeds = answer_to_embeds(words)
    assert check_limits(embeds) == []
    assert len(words.quotes) <= 3
    for q in words.quotes:  # one formatter: a short one-paragraph quote (or, with nothing to quote, only the source),
        assert q.startswith(("> ", "— ")) and "\n#" not in q and "@everyone" not in q  # for the CLI and the bot alike
        assert not q.startswith("> ") or len(q.split("\n")[0]) <= 2 + 300


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example,
                                                                   HealthCheck.data_too_large])
@given(answers())
def test_embeds_always_within_discord_limits(answer):
    embeds = answer_to_embeds(answer)
    assert check_limits(embeds) == []
    assert 1 <= len(embeds) <= EMBEDS
    assert sum(len(e) for e in embeds) <= TOTAL
    for e in embeds:
        d = e.to_dict()
        blob = repr(d)
        assert "@everyone" not in blob and "@here" not in blob
        assert len(d.get("title", "")) <= TITLE
        assert len(d.get("description", "")) <= DESCRIPTION


@settings(max_examples=200, deadline=None)
@given(TEXT, st.integers(1, 5000))
def test_split_text_covers_everything_within_limit(text, limit):
    chunks = split_text(text, limit)
    assert all(0 < len(c) <= limit for c in chunks)
    # No characters lost except whitespace at the cuts.
    assert "".join("".join(chunks).split()) == "".join(text.split())


@given(TEXT, st.integers(0, 3000))
def test_truncate(text, limit):
    out = truncate(text, limit)
    assert len(out) <= limit
    if len(text) <= limit:
        assert out == text


def test_small_answer_keeps_everything_in_one_embed():
    ans = Words(headline="Coding on TestBench: the best open model is 7 points behind.", url="https://example.org/lb",
                fields=(("Best open-weights", "**Qwen 3** — 70"), ("Best proprietary", "**GPT-5** — 77")),
                notes=("Also: another board.",),
                sources_line="Source: TestBench, snapshot 2025-06-15 <https://example.org/lb>. open = downloadable.",
                footer="Source: TestBench, snapshot 2025-06-15 https://example.org/lb. open = downloadable.")
    (e,) = answer_to_embeds(ans)
    d = e.to_dict()
    assert d["title"].startswith("Coding on TestBench")
    assert d["url"] == "https://example.org/lb"
    assert [f["name"] for f in d["fields"]] == ["Best open-weights", "Best proprietary", "Notes"]
    assert "2025-06-15" in d["footer"]["text"] and "<" not in d["footer"]["text"]


def test_long_field_value_is_split_not_lost():
    value = "\n".join(f"{i}. model number {i} — {i * 1.5}" for i in range(200))
    ans = Words(headline="Top", fields=(("Top 200", value),))
    embeds = answer_to_embeds(ans)
    assert check_limits(embeds) == []
    values = [f["value"] for e in embeds for f in e.to_dict().get("fields", [])]
    assert all(len(v) <= FIELD_VALUE for v in values)
    joined = "\n".join(values)
    assert "0. model number 0" in joined and "120. model number 120" in joined


def test_huge_answer_is_truncated_with_ellipsis():
    ans = Words(headline="H" * 1000, fields=tuple((f"f{i}", "v" * 1024) for i in range(60)))
    embeds = answer_to_embeds(ans)
    assert check_limits(embeds) == []
    assert sum(len(e) for e in embeds) <= TOTAL
    last = embeds[-1].to_dict()
    tail = (last.get("fields") or [{"value": last.get("description", "")}])[-1]["value"]
    assert tail.endswith("…")


def test_out_of_scope_help_goes_to_description():
    from gapbot.result import Refusal

    words = compose(Result(question="hi", intent="out_of_scope", kind="refusal", refusal=Refusal("off_topic")))
    (e,) = answer_to_embeds(words)
    assert e.title == "That's outside what I know about." and not words.ok
    assert e.description.startswith("I answer questions")
    assert words.markdown.startswith("**That's outside what I know about.**\n\nI answer questions")


def test_defang_and_safe_content():
    text = defang("hi @everyone and @here <@&123456789012345678> <@42> <#7> @123456789012345678 \u202eevil\x00")
    for bad in ("@everyone", "@here", "<@", "<#", "@1", "\u202e", "\x00"):
        assert bad not in text, bad
    assert defang(text) == text  # defusing twice changes nothing
    assert "@everyone" not in safe_content("@everyone " * 500) and len(safe_content("x" * 5000)) <= 2000
    embeds = text_embed("@everyone t" * 100, "body @here")
    assert check_limits(embeds) == []


# -- uploads ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("raw,expected", [
    ("../../etc/passwd.csv", "passwd.csv"),
    ("..\\..\\windows\\evil name.md", "evil_name.md"),
    (".env.csv", "env.csv"),
    ("/abs/path/snap 2025.CSV", "snap_2025.csv"),
    ("a\x00b.txt", "ab.txt"),
    ("....", "upload"),
    ("ok-file_1.yaml", "ok-file_1.yaml"),
])
def test_sanitize_filename(raw, expected):
    from bot.uploads import sanitize_filename

    assert sanitize_filename(raw) == expected


@given(st.text(max_size=300))
def test_sanitized_names_never_escape(name):
    from bot.uploads import sanitize_filename

    safe = sanitize_filename(name)
    assert safe and "/" not in safe and "\\" not in safe and not safe.startswith(".") and len(safe) <= 110
    assert Path(safe).name == safe


def test_save_upload(tmp_path):
    from bot.uploads import UploadRejected, keep, restore, save_upload

    good = (b"source,source_url,snapshot_date,benchmark,category,model,display_name,organization,open_weights,score,"
            b"release_date\nx,,2025-01-01,B,overall,m,M,O,true,1,\n")
    up = tmp_path / "uploads"
    saved = save_upload(up, "../snap.csv", good, 10_000)
    assert saved.path == up / "snap.csv" and saved.format == "gapbot-csv" and saved.path.read_bytes() == good
    again = save_upload(up, "other-name.csv", good, 10_000)
    assert again.identical_to == "snap.csv"
    with pytest.raises(UploadRejected, match="not accepted"):
        save_upload(up, "x.exe", b"MZ", 10_000)
    with pytest.raises(UploadRejected, match="limit"):
        save_upload(up, "big.csv", b"x" * 20, 10)
    with pytest.raises(UploadRejected, match="CSV columns not recognised"):
        save_upload(up, "bad.csv", b"a,b\n1,2\n", 10_000)
    assert sorted(p.name for p in up.iterdir()) == ["snap.csv"]  # nothing left behind by the refusals
    second = save_upload(up, "snap.csv", good + b"y,,2025-01-01,B,overall,n,N,O,false,2,\n", 10_000)
    assert second.replaced and second.previous is not None and second.previous.read_bytes() == good
    restore(second)
    assert (up / "snap.csv").read_bytes() == good
    assert sorted(p.name for p in up.iterdir()) == ["snap.csv"]  # the previous file was put back, not copied
    third = save_upload(up, "snap.csv", good + b"z,,2025-01-01,B,overall,n,N,O,false,2,\n", 10_000)
    keep(third)  # accepted: the previous file goes
    assert sorted(p.name for p in up.iterdir()) == ["snap.csv"] and b"z,," in (up / "snap.csv").read_bytes()


SNAP = (b"source,source_url,snapshot_date,benchmark,category,model,display_name,organization,open_weights,score,"
        b"release_date\n")


def test_a_gzipped_upload_is_unpacked_and_bounded(tmp_path):
    """A big CSV comes gzipped (Discord's attachment limits): unpacked a chunk at a time, under its real name,
    never past the limit for one file; what is not gzip, or not a type some format reads, is refused."""
    import gzip

    from bot.uploads import UploadRejected, save_upload

    up = tmp_path / "uploads"
    rows = b"".join(b"x,,2025-01-01,B,overall,m%d,M,O,true,%d,\n" % (i, i % 100) for i in range(20_000))
    packed = gzip.compress(SNAP + rows)
    assert len(packed) < len(SNAP + rows) / 5
    saved = save_upload(up, "Big Board.csv.gz", packed, len(packed), max_unpacked=2_000_000)
    assert saved.path == up / "Big_Board.csv" and saved.format == "gapbot-csv"
    assert saved.path.read_bytes() == SNAP + rows
    assert (saved.packed_bytes, saved.size) == (len(packed), len(SNAP + rows))
    assert save_upload(up, "again.csv.gz", packed, len(packed)).identical_to == "Big_Board.csv"
    bomb = gzip.compress(SNAP + b"\n" * 5_000_000)  # 5 MB of text in ~5 kB
    with pytest.raises(UploadRejected, match="unpacks to more than 1,000,000 bytes"):
        save_upload(up, "bomb.csv.gz", bomb, 100_000, max_unpacked=1_000_000)
    with pytest.raises(UploadRejected, match="not a readable gzip file"):
        save_upload(up, "fake.csv.gz", SNAP + rows[:100], 100_000)
    with pytest.raises(UploadRejected, match="not a readable gzip file"):
        save_upload(up, "cut.csv.gz", packed[: len(packed) // 2], len(packed))
    with pytest.raises(UploadRejected, match="'.exe' are not accepted"):
        save_upload(up, "tool.exe.gz", gzip.compress(b"MZ"), 100_000)
    assert sorted(p.name for p in up.iterdir()) == ["Big_Board.csv"]  # nothing left behind by the refusals


def test_an_attachment_over_the_limit_says_what_to_do():
    from bot.uploads import UploadRejected, check_size

    with pytest.raises(UploadRejected) as exc:
        check_size(107_000_000, 50_000_000, "`big.csv`")
    text = str(exc.value)
    for words in ("`big.csv` is 107,000,000 bytes", "the limit is 50,000,000 bytes", "GAPBOT_MAX_ATTACHMENT_BYTES",
                  ".csv.gz", "gapbot ingest"):
        assert words in text, text


# -- feedback store -----------------------------------------------------------------------------------------------
def test_feedback_store_votes_and_context(tmp_path):
    from bot.feedback import ContextMemory, FeedbackStore
    from gapbot.question import Query

    store = FeedbackStore(tmp_path / "bot.sqlite3").open()
    q = Query(text="how far behind on coding?", intent="gap", category="coding")
    store.record_answer(10, "how far behind on coding?", "**7 points**", q, channel_id=1, user_id=5)
    assert store.vote(99, 5, 1).found is False
    r = store.vote(10, 5, 1)
    assert r.found and r.changed and (r.up, r.down) == (1, 0)
    assert store.vote(10, 5, 1).changed is False
    r = store.vote(10, 5, -1)
    assert r.changed and (r.up, r.down) == (0, 1)
    store.vote(10, 6, 1)
    assert len(store.votes(10)) == 2
    memory = ContextMemory(store, capacity=2)
    memory.save("m:10", q)
    memory.put("m:11", q)
    memory.put("m:12", q)
    assert memory.get("m:10") is None and len(memory) == 2  # evicted from memory...
    assert memory.load("m:10") == q  # ...but still on disk
    store.close()
    reopened = FeedbackStore(tmp_path / "bot.sqlite3").open()
    assert reopened.get_answer(10).query == q
    assert [v["vote"] for v in reopened.votes(10)] == [-1, 1]
    assert reopened.summary()["down"] == 1
    reopened.close()


def test_cooldowns():
    from bot.checks import Cooldowns

    cd = Cooldowns(rate=2, per=60)
    assert cd.hit("ask", 1) is None and cd.hit("ask", 1) is None
    retry = cd.hit("ask", 1)
    assert retry is not None and 0 < retry <= 60
    assert cd.hit("ask", 2) is None and cd.hit("gap", 1) is None  # per user, per command
    assert cd.should_warn(1, retry) is True and cd.should_warn(1, retry) is False


# -- logging ------------------------------------------------------------------------------------------------------
def test_log_redaction():
    from bot.__main__ import RedactingFilter, secret_values

    secrets = secret_values(None, {"DISCORD_TOKEN": "MTIz.secret.token", "OPENAI_API_KEY": "sk-abcdef123456",
                                   "GAPBOT_LLM": "openai:gpt-4o-mini", "HOME": "/root"})
    assert "/root" not in secrets
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter(secrets))
    logger = logging.getLogger("test.redaction")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("token %s key %s", "MTIz.secret.token", "sk-abcdef123456")
        try:
            raise RuntimeError("failed with MTIz.secret.token")
        except RuntimeError:
            logger.exception("boom openai:gpt-4o-mini")
    finally:
        logger.removeHandler(handler)
    out = stream.getvalue()
    assert "MTIz.secret.token" not in out and "sk-abcdef123456" not in out and "gpt-4o-mini" not in out
    assert out.count("[REDACTED]") >= 4 and "RuntimeError" in out


# -- chart --------------------------------------------------------------------------------------------------------
def test_render_trend_png():
    from gapbot.charts import render_trend

    def point(day: date, o: float, c: float) -> TrendPoint:
        return TrendPoint(day, round(c - o, 2), ModelEntry("o", "Open", "", True, o),
                          ModelEntry("c", "Closed", "", False, c))

    trend = Trend((point(date(2025, 1, 15), 60, 75), point(date(2025, 6, 15), 70, 77)), "shrinking", -8.0, False)
    result = Result(question="q", intent="trend", kind="trend", category="coding", benchmark="TestBench", trend=trend)
    png = render_trend(result)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5000
    with pytest.raises(ValueError):
        render_trend(Result(question="q", intent="trend", kind="refusal"))


def test_follow_up_context_keeps_dates_and_near_misses() -> None:
    """A stored query keeps what the parser read ("since 2024", "as of March 2025", near misses) across restarts."""
    from bot.feedback import query_from_json, query_to_json
    from gapbot.question import parse

    for text in ("how far behind on coding since 2024?", "gap on math as of march 2025",
                 "is the gap from 2024 to 2025 shrinking on coding?", "top 3 on coding"):
        q = parse(text)
        assert query_from_json(query_to_json(q)) == q, text
    # "how does it do on math" after a best-of keeps that best-of, dates and all, to look its leader up
    best = parse("best open model on coding since 2025?")
    q = replace(parse("how does it do on math"), intent="model", leader_of=best)
    assert query_from_json(query_to_json(q)) == q
    assert query_from_json('{"text": "x", "as_of": "not a date"}') is None  # a damaged record is no context
