"""gapbot/compose.py: a Result in words, on hand-made results (no index, no files)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime

from gapbot.compose import HELP, as_json, compose
from gapbot.phrases import citation, cited_by
from gapbot.result import (
    BoardGap,
    CatchUp,
    Citation,
    Corpus,
    GapFigures,
    Leaderboard,
    ModelEntry,
    Reading,
    Refusal,
    Result,
    Source,
    Trend,
    TrendPoint,
)

OPEN = ModelEntry("glm-5.2", "GLM 5.2", "Z.AI", True, 79.6499, release_date=date(2025, 12, 1))
CLOSED = ModelEntry("gpt-5.2", "GPT-5.2", "OpenAI", False, 83.62, release_date=date(2025, 1, 1))
GAP = GapFigures(OPEN, CLOSED, 3.97, 4.7, 11.0, CLOSED, OPEN, 2)
URL = "https://livebench.ai"


def board(**figures) -> Result:
    base = dict(question="q", intent="gap", kind="gap", category="coding", source="livebench", benchmark="LiveBench",
                snapshot=date(2026, 1, 8), source_url=URL, gap=GAP)
    return Result(**{**base, **figures})


def test_a_gap_to_a_model_asked_about_names_it_and_a_model_no_board_scores_is_said():
    w = compose(board(gap=replace(GAP, anchored="closed")))
    assert w.headline == "Coding on LiveBench: the best open model is 3.97 points behind GPT-5.2, about 11 months."
    assert dict(w.fields)["Proprietary model asked about"] == "**GPT-5.2** (OpenAI) — 83.62"
    w = compose(board(gap=replace(GAP, anchored="open")))
    assert w.headline == ("Coding on LiveBench: GLM 5.2 is 3.97 points behind the best proprietary model, about 11 "
                          "months.")
    assert "Open model asked about" in dict(w.fields)
    from gapbot.phrases import gap_headline

    assert gap_headline("coding", "LMArena", replace(GAP, anchored="closed", tie=True)) == (
        "Coding on LMArena: a statistical tie — GPT-5.2 is 3.97 Elo points ahead of the best open model, within both "
        "models' 95 % intervals.")
    w = compose(board(unscored="GPT-3.5 Turbo"))
    assert w.headline == "Coding on LiveBench: the best open model is 3.97 points behind, about 11 months."
    assert w.notes[0] == ("No Coding board I have scores GPT-3.5 Turbo: the gap shown is between the best model on "
                          "each side.")


def test_gap_words_name_both_models_the_gap_and_the_source():
    sibling = BoardGap("LiveBench", date(2026, 1, 8), "agentic coding", GapFigures(OPEN, CLOSED, -3.33, None, 0.0,
                                                                                     None, OPEN, 0))
    also = (BoardGap("LMArena Text", date(2025, 12, 11), "coding", GAP),)
    w = compose(board(sibling=sibling, also=also))
    assert w.headline == "Coding on LiveBench: the best open model is 3.97 points behind, about 11 months."
    fields = dict(w.fields)
    assert fields["Best open-weights"] == "**GLM 5.2** (Z.AI) — 79.65"
    assert fields["Quality gap"] == "3.97 points (4.7 % of the proprietary score)"
    assert fields["Time gap"].startswith("about 11 months — GPT-5.2 (released 2025-01-01) reached 79.65 or more")
    assert w.notes[0].startswith("2 model(s) on this board have unknown open/closed status")
    assert "open models lead by 3.33 points" in w.notes[1] and w.notes[2].startswith("Also: LMArena Text (2025-12-11)")
    assert w.sources_line.startswith(f"Source: LiveBench, snapshot 2026-01-08 <{URL}>.")
    assert w.footer.startswith(f"Source: LiveBench, snapshot 2026-01-08 {URL}.") and "<" not in w.footer
    assert w.markdown.startswith(f"**{w.headline}**\n\n**Best open-weights:** **GLM 5.2**")
    assert w.markdown.endswith(w.sources_line) and w.ok and w.url == URL


def test_text_from_files_is_defused_in_every_part():
    evil = ModelEntry("x", "@everyone <@&123456789012345678>", "<#42> Lab\u202e", True, 50.0)
    w = compose(board(gap=GapFigures(evil, CLOSED, 33.62, None, None, None, None, 0),
                      citations=(Citation("f", "<@1> title", "", "@here", "", None, "# Heading\nhi @everyone"),)))
    shown = [w.headline, w.markdown, w.footer, *w.notes, *w.quotes, *(t for f in w.fields for t in f)]
    for bad in ("@everyone", "@here", "<@", "<#", "\u202e"):
        assert not any(bad in t for t in shown), bad
    evil_cite = Citation("f", "<@1> title", "@here", "<#42>", "", None, "Gap is growing @everyone.",
                         answer="Gap is growing @everyone.")
    w = compose(Result(question="is the gap growing?", intent="explain", kind="explain", citations=(evil_cite,)))
    for bad in ("@everyone", "@here", "<@", "<#"):
        assert not any(bad in t for t in (w.body, w.markdown, *w.quotes)), bad


def test_best_lists_the_leaders_and_the_other_side():
    leaders = (CLOSED, ModelEntry("o", "Other", "", None, 70.0))
    w = compose(board(kind="best", intent="best", group=None, leaders=leaders))
    assert w.headline == "Best model on Coding (LiveBench, 2026-01-08): GPT-5.2 — 83.62."
    top = dict(w.fields)
    assert top["Top 2"] == "1. GPT-5.2 (OpenAI) — 83.62 · proprietary\n2. Other — 70 · unknown"
    assert top["Best open-weights"] == "**GLM 5.2** (Z.AI) — 79.65"  # not among the leaders: shown beside them
    assert "Best open-weights" not in dict(compose(board(kind="best", group=None, leaders=(OPEN,))).fields)


def test_a_labs_best_names_the_lab_ranks_its_models_and_shows_the_boards_leaders():
    lab = (ModelEntry("ds-a", "DS A", "DeepSeek", True, 75.0, rank=4), ModelEntry("ds-b", "DS B", "DeepSeek", True,
                                                                                  70.0, rank=9))
    w = compose(board(kind="best", intent="best", leaders=lab, labs=("DeepSeek",), board_size=12))
    assert w.headline == "Best DeepSeek model on Coding (LiveBench, 2026-01-08): DS A — 75, #4 of 12 on the board."
    fields = dict(w.fields)
    assert fields["DeepSeek models, by rank on the board"] == ("#4 **DS A** (DeepSeek) — 75\n"
                                                               "#9 **DS B** (DeepSeek) — 70")
    assert fields["Best proprietary on the board"] == "**GPT-5.2** (OpenAI) — 83.62"
    assert fields["Best open-weights on the board"] == "**GLM 5.2** (Z.AI) — 79.65"
    closed = compose(board(kind="best", intent="best", group=False, leaders=lab, labs=("DeepSeek",), board_size=12))
    assert closed.headline.startswith("No DeepSeek proprietary model is scored on Coding; its best there "
                                      "(LiveBench, 2026-01-08) is open-weights: DS A")


def test_trend_states_direction_points_and_notes():
    points = (TrendPoint(date(2024, 6, 24), 16.71, OPEN, CLOSED), TrendPoint(date(2026, 1, 8), 3.97, OPEN, CLOSED))
    w = compose(board(kind="trend", intent="trend", trend=Trend(points, "shrinking", -12.74, False)))
    assert w.headline == ("Coding on LiveBench: the gap is shrinking — 16.71 points (2024-06-24) → 3.97 points "
                          "(2026-01-08).")
    per = dict(w.fields)["Gap per snapshot"].splitlines()
    assert per[0] == "2024-06-24: 16.71 (GLM 5.2 79.65 vs GPT-5.2 83.62)"
    assert dict(w.fields)["Change"] == "-12.74 points over 2 snapshots"
    assert "LiveBench replaces its questions" in w.notes[0] and len(w.notes) == 1
    rebuilt = compose(board(kind="trend", source="aider", benchmark="Aider Polyglot",
                            trend=Trend(points, "shrinking", -12.74, True)))
    assert rebuilt.notes == ("Aider Polyglot is one cumulative board: each point is the board as it stood on that "
                             "date.",)


def test_trend_json_has_numbers_and_iso_dates():
    points = (TrendPoint(date(2024, 6, 24), 16.71, OPEN, CLOSED),)
    r = board(kind="trend", trend=Trend(points, "unknown", None, False))
    d = as_json(r, compose(r))
    assert d["trend"] == [{"snapshot": "2024-06-24", "gap_points": 16.71, "best_open": 79.65, "best_closed": 83.62,
                           "best_open_model": "GLM 5.2", "best_closed_model": "GPT-5.2", "board": None,
                           "months": None}]
    assert d["snapshot"] == "2026-01-08" and d["trend_direction"] == "unknown"
    assert d["best_open"] == {"model": "GLM 5.2", "id": "glm-5.2", "score": 79.65, "organization": "Z.AI",
                              "release_date": "2025-12-01", "open_weights": True}
    json.dumps(d)  # plain JSON: no dates or dataclasses left in it


def test_compare_and_model():
    a, b = ModelEntry("a", "A", "", True, 70.0, rank=3), ModelEntry("b", "B", "", False, 72.5, rank=1)
    w = compose(board(kind="compare", intent="compare", models=(a, b), board_size=40, requested_category="math"))
    assert w.headline == "Coding on LiveBench (2026-01-08): B 72.5 vs A 70 — a difference of 2.5 points."
    assert w.fields == (("A", "70 · open weights · rank 3 of 40"), ("B", "72.5 · proprietary · rank 1 of 40"))
    assert w.notes == ("No board has both models in Math; this is Coding.",)
    m = compose(board(kind="model", intent="model", models=(a,), board_size=40, other_categories=(("math", 61.0),)))
    assert m.headline == "A on LiveBench Coding (2026-01-08): 70, rank 3 of 40 (open weights)."
    assert dict(m.fields)["Other categories, same snapshot"] == "Math: 61"
    assert dict(m.fields)["Best proprietary here"] == "**GPT-5.2** (OpenAI) — 83.62"


def test_a_comparison_of_three_ranks_them_and_says_first_to_last():
    a, b = ModelEntry("a", "A", "", True, 70.0, rank=3), ModelEntry("b", "B", "", False, 72.5, rank=1)
    c = ModelEntry("c", "C", "", True, 71.0, rank=2)
    w = compose(board(kind="compare", intent="compare", models=(a, b, c), board_size=40, requested_category="math"))
    assert w.headline == "Coding on LiveBench (2026-01-08): B 72.5 vs C 71 vs A 70 — first to last, 2.5 points."
    assert [name for name, _ in w.fields] == ["A", "B", "C"]
    assert w.notes == ("No board has all of these models in Math; this is Coding.",)


def test_catch_up_with_and_without_a_match():
    cu = CatchUp(CLOSED, OPEN, date(2025, 1, 1), date(2025, 12, 1), 11.0)
    r = board(kind="catch_up", intent="catch_up", catch_up=cu)
    w = compose(r)
    assert w.headline == ("On LiveBench Coding (2026-01-08), the first open model to match GPT-5.2 (83.62) was GLM 5.2 "
                          "(79.65), dated 2025-12-01.")
    assert dict(w.fields)["Time to catch up"] == "11 months after GPT-5.2 (2025-01-01)"
    assert as_json(r, w)["models"] == [{"model": "GPT-5.2", "id": "gpt-5.2", "score": 83.62, "date": "2025-01-01"},
                                       {"model": "GLM 5.2", "id": "glm-5.2", "score": 79.6499, "date": "2025-12-01"}]
    none = compose(board(kind="catch_up", catch_up=CatchUp(CLOSED, None, None, None, None)))
    assert none.headline.startswith("No open model has matched GPT-5.2 (83.62) on LiveBench Coding (2026-01-08) yet; "
                                    "the best open model, GLM 5.2, scores 79.65.")


def test_one_citation_formatter():
    c = Citation("f", "", "", "Stanford HAI", "", None, "## Heading\n\nThe gap   narrowed. [00:48:43]\n# Another")
    assert citation(c) == "> Heading The gap narrowed. Another\n— Stanford HAI, undated"
    dated = Citation("f", "T", "A", "", "https://x.org/a", date(2025, 3, 1), "Word after word. " * 60)
    text = citation(dated, 2)
    quote, source = text.split("\n")
    assert source == "— [2] *T*, by A, x.org, 2025-03-01, <https://x.org/a>"
    assert len(quote) <= 2 + 300 and quote.endswith("Word after word.")  # cut at a sentence end, not mid-word


def test_a_quote_is_cut_around_the_answer_at_sentence_ends():
    text = " ".join(f"Filler sentence number {i} is here." for i in range(20)) + " The answer is right here."
    c = Citation("f", "T", "", "P", "", None, text, answer="The answer is right here.")
    quote = citation(c).split("\n")[0]
    assert "The answer is right here." in quote and len(quote) <= 302 and quote.endswith(".")


def test_gapbots_own_notes_are_cited_as_its_own_with_what_they_are_based_on():
    own = Citation("corpus/articles/x.md", "The case that the gap persists", "gapbot team", "gapbot", "",
                   date(2026, 11, 23), "The gap widened since 2025.",
                   based_on=(Source("Epoch AI data insight", "https://epoch.ai/data-insights/x"),
                             Source("Ihle (2026)", "https://www.lesswrong.com/posts/y"), Source("LMArena", "")))
    assert own.own and cited_by(own) == "gapbot's own notes"
    w = compose(Result(question="is the gap growing?", intent="explain", kind="explain", citations=(own,)))
    line = w.quotes[0]
    assert line.startswith("> The gap widened since 2025.\n— [1] gapbot's own note *The case that the gap persists* "
                           "(2026-11-23), based on: Epoch AI data insight <https://epoch.ai/data-insights/x>; Ihle "
                           "(2026) www.lesswrong.com/posts/y and 1 more")  # a link only to allowed hosts
    assert "(https://epoch.ai" not in w.markdown  # never cited as if Epoch had written it


def test_explain_leads_with_the_attributed_answer_then_both_sides_then_the_figures():
    growing = Citation("a", "Open Source AI Catches Up Fast", "", "RiffOn", "", None,
                       "Other things. A NIST analysis indicates the gap is growing.",
                       answer="A NIST analysis indicates the gap is growing.")
    shrinking = Citation("b", "redpointai", "", "redpointai", "", None, "The time gap has been shrinking.")
    third = Citation("c", "T", "", "P", "", None, "Unrelated words.")
    fourth = Citation("d", "T4", "", "P4", "", None, "More words.")
    r = Result(question="does NIST think the gap is growing?", intent="explain", kind="explain",
               citations=(growing, shrinking, third, fourth),
               context=BoardGap("LiveBench", date(2026, 1, 8), "overall", GAP), snapshot=date(2026, 1, 8))
    w = compose(r)
    assert w.body.startswith("According to RiffOn: “A NIST analysis indicates the gap is growing.” [1]")
    assert ("Sources disagree on the direction. The gap is growing: RiffOn [1]. The gap is shrinking: "
            "redpointai [2].") in w.body
    assert dict(w.fields)["Computed from leaderboard data"] == (
        "On LiveBench (2026-01-08), overall: a gap of 3.97 points (GLM 5.2 vs GPT-5.2).")
    assert len(w.quotes) == 3  # at most three
    assert w.quotes[0] == "— [1] *Open Source AI Catches Up Fast*, RiffOn, undated"  # the answer is not repeated
    assert w.quotes[1] == "> The time gap has been shrinking.\n— [2] redpointai, undated"
    md = w.markdown
    assert md.index("According to") < md.index("Computed from") < md.index("> The time gap")
    assert w.footer == "Snapshot 2026-01-08"
    cited = as_json(r, w)["citations"][0]
    assert cited["publisher"] == "RiffOn" and cited["url"] is None and cited["own_notes"] is False
    assert cited["answer"] == "A NIST analysis indicates the gap is growing."
    # a question that is not about the direction of the gap gets no "sources disagree" line
    assert "disagree" not in compose(replace(r, question="what did NIST find?")).body


def test_refusals_say_why():
    def words(reason: str, **kw) -> str:
        r = Result(question="q", intent="gap", kind="refusal", source=kw.pop("source", None),
                   refusal=Refusal(reason, **kw))
        w = compose(r)
        assert not w.ok and not w.fields and w.sources_line == ""
        return w.markdown

    assert words("off_topic") == f"**That's outside what I know about.**\n\n{HELP}"
    assert words("empty").startswith("**Ask me something about AI models.**")
    assert "run `gapbot ingest`" in words("nothing_ingested")
    assert words("no_board", category="knowledge", available=("coding", "math"), source="aider") == (
        "**I have no leaderboard from Aider that scores both open and proprietary models on Knowledge. Categories I "
        "can answer: coding, math.**")
    assert words("not_found", names=("A", "B")) == "**I found no leaderboard that scores A and B together.**"
    assert words("no_models").startswith("**Name the model(s) you mean")


def test_sources_listing():
    corpus = Corpus((Leaderboard("LiveBench", "livebench", (date(2024, 6, 24), date(2026, 1, 8)), 78),
                     Leaderboard("LMArena Text", "lmarena", (date(2025, 12, 11),), 16)), ("A note",),
                    datetime.fromisoformat("2026-01-09T10:00:00+00:00"), 3)
    w = compose(Result(question="sources", intent="sources", kind="sources", corpus=corpus))
    assert w.fields == (("Leaderboards", "• LiveBench (livebench): 2 snapshots, 2024-06-24 → 2026-01-08, up to 78 "
                                         "models\n• LMArena Text (lmarena): 2025-12-11, up to 16 models"),
                        ("Articles (1)", "• A note"), ("Last refreshed", "2026-01-09T10:00:00+00:00 (generation 3)"))


def test_a_leaderboard_without_data_is_said_plainly():
    r = Result(question="on swe-bench verified whats the gap", intent="gap", kind="refusal", category="agentic coding",
               source="swebench", refusal=Refusal("no_board", category="agentic coding",
                                                  sources=("aider", "livebench"),
                                                  closest="LiveBench (2026-01-08)"))
    w = compose(r)
    assert w.headline == ("I have no SWE-bench data yet, so I cannot answer that from it. The closest board I have "
                          "for Agentic coding is LiveBench (2026-01-08): ask without naming a leaderboard to get it. "
                          "Leaderboards I have: Aider, LiveBench.")
    assert not w.ok


# -- the reading line: how the question was understood, first in every answer -----------------------------------------
def test_every_answer_opens_with_its_reading():
    r = board(reading=Reading("gap", "coding"))
    w = compose(r)
    assert w.reading == "Gap · Coding · open vs proprietary · LiveBench 2026-01-08"
    assert w.markdown.startswith("_Read as: Gap · Coding · open vs proprietary · LiveBench 2026-01-08_\n\n**")
    assert compose(board()).reading == ""  # no reading (a structured query built by hand): no line


def test_the_reading_names_a_near_miss_and_the_side_asked():
    r = board(kind="best", intent="best", group=True, leaders=(OPEN,), reading=Reading("best", "coding", True, 3))
    assert compose(r).reading == "Best models · Coding · top 3 · open weights only · LiveBench 2026-01-08"
    r = board(kind="compare", intent="compare", models=(OPEN, CLOSED), board_size=40,
              reading=Reading("compare", None, models=("GLM-4.6", "GPT-5.2"), near_misses=(("GLM-4.6", "GLM-4.6V"),)))
    assert "GLM-4.6 (not GLM-4.6V) vs GPT-5.2" in compose(r).reading


def test_the_reading_says_when_no_category_covers_the_domain_asked():
    w = compose(board(reading=Reading("gap", None, other_domain="multilingual"), category="overall"))
    assert w.reading.startswith("Gap · Multilingual (not a category in my data; answered for Overall) · ")


def test_the_reading_names_a_model_the_data_lacks():
    r = board(kind="refusal", intent="model", refusal=Refusal("not_found", names=("gpt 6",)), benchmark=None,
              snapshot=None, reading=Reading("model", "coding", unknown_models=("gpt 6",)))
    w = compose(r)
    assert w.reading == "One model · Coding · gpt 6 (no such model in my data)"
    assert w.headline == "I found no leaderboard that scores gpt 6."


def test_the_reading_names_a_leaderboard_the_data_lacks_and_every_domain_asked():
    r = board(kind="refusal", intent="gap", source="artificialanalysis", benchmark=None, snapshot=None, category=None,
              refusal=Refusal("no_board", "overall", sources=("livebench",), closest="LiveBench (2026-01-08)"),
              reading=Reading("gap", None))
    assert compose(r).reading == "Gap · open vs proprietary · Artificial Analysis (not in my data)"
    r = board(reading=Reading("gap", "coding", more_categories=("math",)))
    assert compose(r).reading.startswith("Gap · Coding + Math · open vs proprietary")


def test_the_reading_says_which_release_a_family_name_was_taken_for():
    r = board(kind="compare", intent="compare", models=(OPEN, CLOSED), board_size=40,
              reading=Reading("compare", None, models=("GLM-4.6", "Claude Opus 4.5"),
                              families=(("Claude Opus 4.5", "claude opus"),)))
    assert 'GLM-4.6 vs Claude Opus 4.5 (newest "claude opus")' in compose(r).reading


def test_a_benchmark_or_date_the_board_is_not_is_said_at_the_top():
    w = compose(board(reading=Reading("gap", "reasoning", benchmark="GPQA Diamond")))
    assert "GPQA Diamond (not in my data; answered from LiveBench 2026-01-08)" in w.reading
    w = compose(board(reading=Reading("gap", "coding", date="2025-04")))
    assert "2025-04 (no board from then; answered from LiveBench 2026-01-08)" in w.reading
    w = compose(board(snapshot=date(2025, 4, 25), reading=Reading("gap", "coding", date="2025-04")))
    assert w.reading.endswith("· 2025-04 · LiveBench 2025-04-25")
    w = compose(board(reading=Reading("gap", "coding", date=">=2025-01")))
    assert "since 2025-01" in w.reading


def test_an_unsure_reading_offers_the_likeliest_ones_never_a_guess():
    r = Result(question="closed models on math", intent="best", kind="clarify", category="math",
               choices=("best", "gap"), refusal=Refusal("unsure"), reading=Reading("best", "math", False, 5))
    w = compose(r)
    assert not w.ok and w.reading == "Math"  # what was understood, without the intent in doubt
    assert w.choices == (("best", "Best proprietary models on Math"), ("gap", "Gap on Math"))
    assert w.body.splitlines() == ["1. Best proprietary models on Math: “which proprietary models are best on math?”",
                                   "2. Gap on Math: “how far behind are open models on math?”"]
    assert as_json(r, w)["choices"] == ["best", "gap"]


def test_domains_asked_together_are_ranked_by_their_gap_only_in_one_unit():
    math = board(category="math", gap=replace(GAP, points=5.64))
    agentic = board(category="agentic coding", benchmark="SWE-bench Verified", gap=replace(GAP, points=-1.5))
    fields = dict(compose(board(more=(math, agentic))).fields)
    assert fields["Biggest gap"] == ("Math (a gap of 5.64 points), then Coding (a gap of 3.97 points), then Agentic "
                                     "coding (open models lead by 1.5 points) — from different boards (LiveBench, "
                                     "SWE-bench Verified)")
    arena = board(category="math", benchmark="LMArena Text", gap=replace(GAP, points=12.0))  # Elo against points
    assert "Biggest gap" not in dict(compose(board(more=(arena,))).fields)
    assert "Biggest gap" not in dict(compose(board()).fields)  # one domain: nothing to rank
