"""Autocomplete suggestions (gapbot.suggest): tiers of match quality, then the newest model first."""

from __future__ import annotations

from gapbot import rowcache
from gapbot.models import Manifest, ScoreRow
from gapbot.registry import ModelInfo
from gapbot.suggest import Suggester, newest_dates

DATED = {
    "Qwen 1.5 7B": "2024-02-01", "Qwen 1.5 72B": "2024-02-01", "Qwen2.5 Coder 32B": "2024-11-12",
    "Qwen3 Coder 480B": "2025-07-22", "Qwen3 235B": "2025-04-29", "GPT-4.5": "2025-02-27", "GPT-5": "2025-08-07",
    "GPT-5.1": "2025-11-12", "GPT-5 mini": "2025-08-07", "DeepSeek V3": "2024-12-26", "Llama 3.3 Nemotron 49B": "",
    "Llama 4 Scout": "2025-04-05",
}
S = Suggester.build(DATED)


def test_words_in_order_then_newest_first() -> None:
    assert S.suggest("qwen3 cod") == ["Qwen3 Coder 480B"]
    assert S.suggest("gpt 5") == ["GPT-5", "GPT-5.1", "GPT-5 mini"]  # then the family; not GPT-4.5
    assert S.suggest("gpt5")[:1] == ["GPT-5"]  # the name as typed comes first
    assert S.suggest("qwen") == ["Qwen3 Coder 480B", "Qwen3 235B", "Qwen2.5 Coder 32B", "Qwen 1.5 72B",
                                 "Qwen 1.5 7B"]


def test_any_order_whole_numbers_squashed_and_typos() -> None:
    assert S.suggest("coder qwen3") == ["Qwen3 Coder 480B"]
    assert S.suggest("llama 4") == ["Llama 4 Scout"]  # "4" is not the "49B" of another Llama
    assert S.suggest("deepseekv3") == ["DeepSeek V3"]
    assert S.suggest("deepsek v3")[0] == "DeepSeek V3"  # a typo: the closest spelling
    assert S.suggest("zzzz") == []


def test_empty_lists_newest_first_and_limits() -> None:
    assert S.suggest("")[:3] == ["GPT-5.1", "GPT-5", "GPT-5 mini"]  # newest first, a date tie by name
    assert S.suggest("", limit=3) == S.suggest("  ", limit=3) and len(S.suggest("", limit=3)) == 3
    assert S.suggest("")[-1] == "Llama 3.3 Nemotron 49B"  # undated names last


def test_newest_dates_from_registry_and_rows() -> None:
    rows = [ScoreRow("lb", "B", "2025-03-01", "overall", "a", "A", "O", True, 1.0),
            ScoreRow("lb", "B", "2025-01-01", "overall", "a", "A", "O", True, 1.0),
            ScoreRow("lb", "B", "2025-01-01", "overall", "b", "B", "O", True, 1.0, first_seen="2024-12-01")]
    models = [ModelInfo("c", "C", release_date="2023-05-05"), ModelInfo("d", "D")]
    store = rowcache.in_memory(Manifest(generation=1), rows)
    got = newest_dates(((m, d) for m, d, *_ in store.names()), store.model_dates(), models)
    assert got == {"A": "2025-01-01", "B": "2024-12-01", "C": "2023-05-05", "D": ""}
