"""Benchmarks people name beyond the leaderboard ("gpqa diamond", "swe bench verifed", "epoch's seal math board"),
with what each one implies: the only leaderboard that runs it, the domain it measures, and the names the boards in
the index carry for it (so a board can be chosen by benchmark, and a benchmark the index lacks is said plainly).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gapbot.focus import focus


@dataclass(frozen=True, slots=True)
class Benchmark:
    name: str  # canonical display name ("SWE-bench Verified")
    pattern: str  # regex over lowercased text, words already spelling-corrected (see _VOCAB)
    source: str | None = None  # the leaderboard family that alone runs it
    category: str | None = None  # the domain it measures: the question's, whatever other domain words it holds
    boards: tuple[str, ...] = ()  # board benchmark names (ScoreRow.benchmark) that are this benchmark


# SWE-bench, and as typed in a hurry ("swe bnech", "swe bech", "sweebench", "swebecnh")
_SWE = r"swe+([- ]?(bench|bnech|bech|bnch|benhc|becnh))"
_OLD = r"(old(er)?|original|retired|previous|classic|python|python[- ]only)"  # the older Aider board, as people call it
_BOARD = r"(benchmark|leaderboard|board|bench)"
# Most specific first: "swe-bench verified" before "swe-bench", "gpqa diamond" before "gpqa".
# A benchmark's boards are every board that answers for it: "gpqa" is answered from Epoch's GPQA Diamond runs as
# readily as from its older GPQA extract (the newest board wins), never the other way round.
BENCHMARKS: tuple[Benchmark, ...] = (
    Benchmark("SWE-bench Verified", rf"{_SWE}?[- ]?verified|swe[- ]v", "swebench", "agentic coding",
              ("SWE-bench Verified", "SWE-bench Verified (Epoch)")),
    Benchmark("SWE-bench bash-only", r"swe[- ]?bench[- ]?bash[- ]?only|bash[- ]only", "swebench",
              "agentic coding", ("SWE-bench bash-only",)),
    Benchmark("SWE-bench Lite", r"swe[- ]?(bench[- ]?)?lite", "swebench", "agentic coding", ("SWE-bench Lite",)),
    Benchmark("SWE-bench Multimodal", r"swe[- ]?(bench[- ]?)?multi[- ]?modal", "swebench", "agentic coding",
              ("SWE-bench Multimodal",)),
    Benchmark("SWE-bench", _SWE, "swebench", "agentic coding",
              ("SWE-bench Verified", "SWE-bench Lite", "SWE-bench Test", "SWE-bench Multimodal",
               "SWE-bench bash-only", "SWE-bench Verified (Epoch)")),
    Benchmark("Aider Polyglot", r"(aider'?s? )?polyglot|aider pg", "aider", None, ("Aider Polyglot",)),
    Benchmark("Aider refactoring", r"aider'?s? refactor\w*|refactor\w* (benchmark|leaderboard)", "aider", "coding",
              ("Aider refactoring",)),
    # The older board by any of its names: "aider's old python code-editing benchmark", "the old edit leaderboard"
    # (never "aider's edit format", a column of every Aider board)
    Benchmark("Aider code editing", rf"aider'?s? ({_OLD}[- ]+)*(code[- ]?)?edit(ing)?(?! (format|mode))"
              rf"( benchmark| leaderboard| board)?|({_OLD}[- ]+)+(aider[- ]+)?(code[- ]?)?edit(ing)? {_BOARD}|"
              rf"code[- ]editing {_BOARD}", "aider", None, ("Aider Code Editing",)),
    Benchmark("FrontierMath Tier 4", r"frontier ?math tier ?4|tier ?4 (of )?frontier ?math", "epoch", "math",
              ("FrontierMath Tier 4", "FrontierMath Tier 4 (public set)")),
    Benchmark("FrontierMath", r"frontier ?math", "epoch", "math", ("FrontierMath", "FrontierMath (public set)")),
    Benchmark("ECI", r"eci|(epoch'?s? )?capabilit(y|ys|ie?s) index|epoch'?s? index", "epoch", None,
              ("Epoch Capabilities Index", "ECI")),
    Benchmark("GPQA Diamond", r"gpqa[- ]?(diamond|d)", None, "reasoning", ("GPQA Diamond", "GPQA Diamond (Epoch)")),
    Benchmark("GPQA", r"gpqa", None, "reasoning", ("GPQA", "GPQA Diamond", "GPQA Diamond (Epoch)")),
    Benchmark("MMLU-Pro", r"mmlu[- ]?pro", None, "knowledge", ("MMLU-Pro",)),
    Benchmark("MMLU", r"mmlu", None, "knowledge", ("MMLU",)),
    Benchmark("OTIS Mock AIME", r"otis mock( aime)?", None, "math", ("OTIS Mock AIME",)),
    Benchmark("AIME", r"aime( ?20\d\d)?", None, "math", ("AIME", "OTIS Mock AIME")),
    Benchmark("MATH Level 5", r"math[- ]?(level|lvl)[- ]?5", None, "math", ("MATH Level 5",)),
    Benchmark("MATH-500", r"math[- ]?500", None, "math", ("MATH-500",)),
    # Each SEAL board by its name, as the other benchmarks' subsets ("seal math" is SEAL Math, not all of SEAL)
    Benchmark("SEAL Math", r"seal[- ]math( board| leaderboard)?", None, "math", ("SEAL Math",)),
    Benchmark("SEAL Coding", r"seal[- ]coding( board| leaderboard)?", None, "coding", ("SEAL Coding (Elo)",)),
    Benchmark("SEAL Instruction Following", r"seal[- ](instruction[- ]following|if)( board| leaderboard)?", None,
              "instruction following", ("SEAL Instruction Following",)),
    Benchmark("SEAL", r"seal( (math|coding|instruction following))?( board| leaderboards?)?", None, None,
              ("SEAL Math", "SEAL Coding (Elo)", "SEAL Instruction Following")),
    Benchmark("Humanity's Last Exam", r"humanity'?s (last|lsat|lst) (exam|exm|eaxm)|last exam (for|of) humanity|hle",
              None, None, ("Humanity's Last Exam",)),
    Benchmark("WebDev Arena", r"web ?dev( arena)?", "lmarena", "coding", ("WebDev Arena",)),
    # LMSYS's automatic benchmark, not LMArena's "hard prompts" category (which is a category: categories.py)
    Benchmark("Arena-Hard-Auto", r"arena[- ]hard(?![- ]prompts?)([- ]auto)?", None, "hard prompts",
              ("Arena-Hard-Auto",)),
    Benchmark("BIG-Bench Hard", r"big[- ]?bench[- ]?hard|bbh", None, "reasoning", ("BIG-Bench Hard",)),
    Benchmark("GSM8k", r"gsm[- ]?8k", None, "math", ("GSM8k",)),
    Benchmark("GSM1k", r"gsm[- ]?1k", None, "math", ("GSM1k",)),
    Benchmark("LiveCodeBench", r"live ?code ?bench|lcb", None, "coding", ("LiveCodeBench",)),
    # Named in questions, in no board the feeds give yet: read, so that the answer says it lacks them.
    Benchmark("SimpleQA", r"simple ?qa", None, "knowledge", ("SimpleQA",)),
    Benchmark("Terminal-Bench", r"terminal[- ]?bench", None, "agentic coding", ("Terminal-Bench",)),
    Benchmark("ARC-AGI", r"arc[- ]?agi( ?[123])?|arc prize", None, "reasoning", ("ARC-AGI",)),
    Benchmark("HumanEval", r"human ?eval", None, "coding", ("HumanEval",)),
    Benchmark("IFEval", r"if ?eval", None, "instruction following", ("IFEval",)),
    Benchmark("tau-bench", r"(tau|τ)[- ]?(2[- ]?)?bench", None, "agentic coding", ("tau-bench",)),
    Benchmark("BrowseComp", r"browse ?comp", None, None, ("BrowseComp",)),
    Benchmark("MMMU", r"mmmu", None, None, ("MMMU",)),
)
# A letter and an apostrophe before a name make it part of another word: French "j'aime" is no AIME.
_PATTERNS = [(b, re.compile(rf"(?<![a-z0-9])(?<![a-z]['’])({b.pattern})(?![a-z0-9])")) for b in BENCHMARKS]
# Words of benchmark names long enough that a letter or two off is still that word ("verifed", "dimond").
_VOCAB = ("verified", "diamond", "polyglot", "frontiermath", "refactoring", "humanity's", "terminal", "simpleqa",
          "capability", "capabilities")
# Letters every benchmark name (or its typo) holds: most questions name none and skip the spelling pass.
_CUE = re.compile(r"swe|bench|bash|polyglot|refactor|aider|edit|otis|capab|frontier|eci|epoch|gpqa|mmlu|mmmu|aime|"
                  r"math[- ]?(l|5)|seal|"
                  r"humanity|hle|web ?dev|arena[- ]hard|bbh|gsm|lcb|verif|diamond|dimond|simple ?qa|termin|arc[- ]?agi|"
                  r"arc prize|human ?eval|if ?eval|browse ?comp")


def _respell(text: str) -> str:
    """`text` with words a typo from a benchmark name's word written as it: a letter added, dropped, changed or two
    swapped ("verifed", "dimond", "terminl"), two in a long word ("frontirmaht"). An ordinary word that only begins
    a name ("simple" of "simpleqa") is no typo of it: "a simple question" names no benchmark."""
    from rapidfuzz.distance import OSA

    def fix(m: re.Match) -> str:
        word = m.group(0)
        for target in _VOCAB:
            if OSA.distance(word, target, score_cutoff=2) <= (1 if len(target) < 12 else 2):
                return target
        return word

    return re.sub(r"[a-z']{6,}", fix, text)


# Names that are ordinary words too, in their ordinary sense: a person who is a polyglot, a seal on a door or a deal.
_ORDINARY = {
    "Aider Polyglot": re.compile(r"\b(a|an|am|i'?m|fellow|real|true) polyglot\b"),
    "SEAL": re.compile(r"\b(door|window|rubber|airtight|wax|vacuum|a|i|we|you|to|can|could|will|would) seal\b"
                       r"(?! (math|coding|instruction|board|leaderboard))|\bseal (of approval|the deal|off|up|it)\b"),
}


def find_benchmark(text: str) -> Benchmark | None:
    """The benchmark a question names (the first one, most specific spelling, or a narrower one of it that the part
    which asks names), or None."""
    low = text.lower()
    if not _CUE.search(low):
        return None  # the common case, without the spelling pass
    low = _respell(low)
    # "... the regular swe-bench boards mix up the scaffolding ... which model sits at the top of swe-bench
    # bash-only?": the board asked about, where it narrows the one told of before (never another benchmark: "on
    # gsm1k, did open models overfit to gsm8k more" asks about gsm1k)
    bench = _first_named(low)
    if bench is not None and (asked := focus(low)) and asked != low.strip() and \
            (narrower := _first_named(asked)) is not None and set(narrower.boards) < set(bench.boards):
        return narrower
    if bench is None and _THEIR_INDEX.search(low):
        return by_name("ECI")  # "the epoch data ... the current gap on their index": Epoch's index
    return bench


def _first_named(low: str) -> Benchmark | None:
    best: tuple[int, Benchmark] | None = None
    for bench, pattern in _PATTERNS:
        m = pattern.search(low)
        if m and bench.name in _ORDINARY and _ORDINARY[bench.name].search(low, max(0, m.start() - 12), m.end() + 16):
            continue
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), bench)
    return best[1] if best else None


# Epoch named, then its index by a pronoun ("their index", "its index", "that index")
_THEIR_INDEX = re.compile(r"\bepoch\b.*\b(their|its|that|the) index\b", re.S)


def by_name(name: str | None) -> Benchmark | None:
    return next((b for b in BENCHMARKS if b.name == name), None)


def board_matches(benchmark: str, board_benchmark: str) -> bool:
    """Whether a board's benchmark name is the benchmark asked for ("SEAL Math" is SEAL; "GPQA" is not GPQA
    Diamond)."""
    b = by_name(benchmark)
    names = b.boards if b else (benchmark,)
    return any(board_benchmark.lower() == n.lower() for n in names)
