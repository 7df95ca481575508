"""Canonical categories and the words people (and sources) use for them."""

from __future__ import annotations

import re

from gapbot.focus import focus

# canonical -> synonyms (lowercase phrases). Order matters for matching: longer, more specific first.
CATEGORIES: dict[str, tuple[str, ...]] = {
    "agentic coding": ("agentic coding", "agentic code", "agentic programming", "coding agents", "coding agent",
                       "agent coding", "agent-type coding", "agent type coding", "agent-style coding",
                       "agent style coding", "agentick coding", "agentic codeing", "agentick codeing",
                       "agentik coding", "agentik", "agentic", "agents", "agent tasks", "coding-agent", "coding-agents",
                       "agent work",
                       "agent model", "agent models", "agent llm", "agent llms", "as an agent",
                       "swe-bench", "swe bench", "swe", "software engineering",
                       "tool use", "tool calling", "function calling", "computer use", "terminal tasks",
                       "terminal use", "tool-use", "tool calls",
                       # the channel's words for agents ("good at agent stuff", "cracked on agent benchmarks")
                       "agent stuff", "agent-y stuff", "agenty stuff", "agent things", "agent benchmarks",
                       "agent benchmark", "agent evals", "agent eval", "agent workflows",
                       # what SWE-bench measures: resolving a repository's issues with a pull request
                       "pull requests", "pull request", "prs"),
    "coding": ("writing code", "write code", "writing tests", "writing unit tests",
               "coding", "code", "programming", "programmer", "software", "codegen",
               "code generation", "coder", "coders", "codes better", "codes best", "codes well",
               "codes worse", "webdev", "web dev", "web development", "frontend", "front-end", "backend",
               "leetcode", "python", "javascript", "typescript", "refactoring", "sql", "rust", "c++",
               # as asked in other languages
               "programación", "programacion", "programação", "programmation", "programmierung", "web apps"),
    "math": ("mathematics", "math", "maths", "mth", "mafs", "arithmetic", "algebra", "calculus", "geometry",
             "proofs", "olympiad", "aime", "frontiermath", "frontier math", "matemáticas", "matematicas", "matemática",
             "mathématiques", "mathematik"),
    "reasoning": ("reasoning", "reasons better", "reasons best", "better reasoner", "best reasoner",
                  "stronger reasoner", "strongest reasoner", "smarter reasoner", "better reasoners", "best reasoners",
                  "logic", "puzzles", "puzzle", "riddles", "brain teasers", "reason", "gpqa", "bbh",
                  "science", "scientific", "razonamiento", "raciocínio", "raisonnement", "physics", "chemistry",
                  "biology"),
    "data analysis": ("data analysis", "data analytics", "data science", "tables", "table", "spreadsheets",
                      "spreadsheet", "excel", "csv", "analysis", "analytics",
                      # LiveBench's data analysis tasks, by name
                      "tablejoin", "table join", "tablereformat", "table reformat", "table reformatting"),
    "language": ("language", "linguistic", "technical writing", "academic writing", "writing emails",
                 "email writing", "writing documentation", "writing docs", "wordplay", "word games", "typos",
                 "summarization",
                 "summarisation", "summarizing", "summarising", "summaries"),
    "instruction following": ("instruction following", "instruction-following", "instructions", "instruction",
                              "following instructions", "follow instructions", "follows instructions",
                              "format following", "following directions", "ifeval", "if eval", "if", "style guide",
                              "style guides", "word counts", "word count", "word limits", "word limit",
                              "strict brief", "following briefs", "follow briefs", "following a brief",
                              "follow a brief"),
    "knowledge": ("knowledge", "mmlu", "trivia", "facts", "factual", "factuality", "knowledgeable", "knows the most",
                  "knows more", "know the most", "know more facts"),
    "hard prompts": ("hard prompts", "hard prompt"),
    "creative writing": ("creative writing", "creative", "fiction", "storytelling", "short stories", "stories",
                         "story writing", "writing stories", "writing short stories", "writing fiction",
                         "writing poems", "writing poetry", "poetry", "poems", "writing",
                         "roleplay", "role-play", "role play", "rp", "prose", "lyrics", "songwriting",
                         "copywriting", "marketing copy", "ad copy", "storyteller", "screenwriting", "screenplays",
                         "fan fiction", "fanfic"),
    "overall": ("overall", "general", "in general", "global", "average", "across the board", "everything", "all round",
                "all-round", "arena", "chat", "elo", "smarts", "raw intelligence", "general intelligence", "iq",
                "chatting", "general use", "everyday use"),
}

# Domains people ask about that no leaderboard here has a category for: read, so that the answer says it has none
# rather than answering "overall" as if that were what was asked.
UNLISTED: dict[str, tuple[str, ...]] = {
    "multilingual": ("multilingual", "multi-lingual", "translation", "translating", "non-english", "other languages",
                     "foreign languages", *(f"{at} {lang}" for at in ("in", "for", "at")
                                            for lang in ("spanish", "french", "german", "japanese", "korean",
                                                         "portuguese", "italian", "hindi", "arabic", "russian",
                                                         "chinese"))),
    "long context": ("long context", "long-context", "long documents", "context length", "needle in a haystack"),
    "vision": ("vision", "images", "image understanding", "multimodal", "multi-modal", "visual"),
    "speech": ("speech", "audio", "voice"),
    "video": ("video", "videos"),
    "medicine": ("medical", "medicine", "clinical", "healthcare"),
    "law": ("legal", "legal tasks", "law questions"),
    "finance": ("finance", "financial"),
    "hallucination": ("hallucination", "hallucinations", "hallucinate"),
}

# Every category, in the order menus show them (the bot's slash-command choices): overall first.
MENU: tuple[str, ...] = ("overall", *(c for c in CATEGORIES if c != "overall"))

# Source-specific category labels -> canonical
SOURCE_LABELS: dict[str, str] = {
    "mathematics": "math",
    "if": "instruction following",
    "data analysis": "data analysis",
    "agentic coding": "agentic coding",
    "full": "overall",
    "hard_6": "hard prompts",
    "creative_writing": "creative writing",
    "global average": "overall",
}

_PATTERNS = [
    (canon, re.compile(r"(?<![a-z0-9])(" + "|".join(re.escape(s) for s in syns) + r")(?![a-z0-9])"))
    for canon, syns in CATEGORIES.items()
]


def canonical(label: str) -> str | None:
    """A source's category label (e.g. 'Mathematics', 'IF', 'full') as a canonical category, or None."""
    key = label.strip().lower()
    if key in CATEGORIES:
        return key
    return SOURCE_LABELS.get(key) or SOURCE_LABELS.get(key.replace(" ", "_"))


_A_CAUSE = re.compile(r"\b(the|a|any|one|main|real|that|this|no|what|for) (\w+ )?reason\b|"
                      r"\breason (why|for|they|that)\b")
# "reasoning" as someone's argument or a model's trace ("what was their reasoning", "the reasoning behind", "hide
# their reasoning traces"), not the domain
_AN_ARGUMENT = re.compile(r"\b(their|his|her|its|your|my|our|nist'?s?) reasoning\b|"
                          r"\bthe reasoning (behind|for|is|was|here)\b|\breasoning (traces?|tokens|chains?)\b|"
                          # "do the articles agree with that reasoning?": an argument just told
                          r"\bwith (that|this|his|her|their) reasoning\b|"
                          r"\b(that|this) (line of )?reasoning (holds?|makes sense|is (wrong|right|flawed|sound|"
                          r"outdated|dated|old))\b")
# The reasoning models as an event in the gap's history ("when the reasoning models came out in late 2024", "after
# the reasoning models landed"): a kind of model arriving, not the reasoning domain asked about
_A_MODEL_KIND_ARRIVING = re.compile(r"reasoning models? (came|come|arrived|arrive|landed|land|dropped|drop|shipped|"
                                    r"launched|appeared|showed up|hit)\b")


# Words that name a domain when asked about ("which open model is best for summaries?") but, in the context told
# before or after a question, say what the asker does with a model ("i run gemma for notes and summaries", "my
# llama.cpp backend", "i used to keep a spreadsheet", "asking for science"): read only in the part that asks.
_ACTIVITIES = frozenset({
    "summaries", "summarizing", "summarising", "summarization", "summarisation", "writing", "spreadsheet",
    "spreadsheets", "excel", "csv", "table", "tables", "backend", "frontend", "front-end", "python", "javascript",
    "typescript", "sql", "rust", "software", "web apps", "science", "scientific", "stories", "puzzles", "puzzle",
    "riddles", "trivia", "facts", "lyrics", "fanfic", "fan fiction", "style guide", "style guides", "prs",
    "pull requests", "pull request",
})

# A purpose or domain put first in the sentence that asks: "for crunching tables and spreadsheets, do the paid ones
# lead?", "... on agentic coding benchmarks specifically, is any open model better than sonnet 4.5 yet?"
_LEAD_IN = re.compile(r"(?:^|(?<=[.!?])\s+)\W*(?:(?:so|ok|okay|and|but),?\s+)?(?:for|on|when it comes to|in terms of)"
                      r"\s+([^,.?!:;]{3,48})[,:]\s(?=[^.!?]*\?)")
# A question that points back at what was told ("i write python all day. which open model is best at it?")
_BACK = re.compile(r"\b(at|for|with|in|on|doing) (it|that|this|those|them)\b")

# "writing" is the language category only as a subject ("good at writing", "writing tasks"), never as what the
# asker is doing ("i'm writing an essay", "been writing my thesis").
_ASKERS_WRITING = re.compile(r"\b(i'?m|i am|i was|i've been|ive been|been|we'?re|we are|you'?re|are you|was|am|"
                             r"when|while|help me|started|start|keep|stop) writing\b|\bwriting (an?|my|our|the|this|"
                             r"some|about|up) \w+|^writing (from|as|on behalf of)\b")

# "instructions" given to the bot, not the domain ("ignore your instructions", "hidden instruction: …")
_ORDERS = re.compile(r"\b(your|my|the|previous|prior|earlier|above|hidden|real|new|system|these|those|all|any|its|"
                     r"his|her|their)( \w+)? instructions?\b(?! follow)|\binstructions? (anteriores|above|below|here|"
                     r"in my|:)")

_WRITING_CODE = re.compile(r" (python|javascript|typescript|sql|rust|java|c\+\+|c#|go|code|programs?|scripts?|"
                           r"functions?|apps?|software|tests?|queries|html|css|backends?|frontends?)\b")

# "analysis" is the data-analysis category only as a domain, never as a piece of work ("an analysis of the gap").
_AN_ANALYSIS = re.compile(r"\b(an|my|your|our|their|his|her|this|that|quick|deep|in-depth|some|any) analysis\b|"
                          r"\banalysis of\b|\bthe (?!data\b)\w+'?s? analysis\b|"
                          r"\bthe analysis\b(?! (category|categories|tasks?|section|board|scores?))")


def find_category(text: str) -> str | None:
    """The category a question talks about, or None: the one named first, the longest name where two start at the
    same word ("writing short stories" is creative writing, not language), "overall" only when no domain is
    named. 'if' alone is too common a word: require context. A word misspelt by a letter or two ("programing",
    "reasoing", "mathematcs") still counts."""
    lowered = text.lower()
    # the part that asks names the domain asked about, not the context told around it
    asking = focus(lowered) or re.split(r"(?<=[.!?])\s+", lowered.strip())[-1]
    context = asking != lowered.strip()  # something is told around the part that asks
    if context and (domains := [n for n in _named(asking) if n[2] != "overall"]):
        return min(domains)[2]
    if context and (lead := _LEAD_IN.search(lowered)) and (
            domains := [n for n in _named(lead.group(1)) if n[2] != "overall"]):
        return min(domains)[2]  # "for crunching tables and spreadsheets, do the paid AIs lead": what it is for
    named = _named(lowered, skip=_ACTIVITIES if context and not _BACK.search(asking) else frozenset())
    domains = [n for n in named if n[2] != "overall"]
    best = min(domains or named, default=None)
    return best[2] if best else _misspelt(lowered)


_WEAK = 10_000  # added to the place of a weak name of a domain ("reasoning models", "coders"): any other comes first


def find_categories(text: str) -> list[str]:
    """The category a question talks about and those joined to it ("reasoning and math", "coding, math or
    reasoning", "math & coding"), in the order named: several domains asked about at once. Only a domain joined by
    "and", "or", a comma, "&", "+", "plus", "vs", or set against it by "than", "as" or "compared to", counts ("is the
    gap bigger on coding than on knowledge" needs both gaps; "agentic coding" is one domain, not coding as well)."""
    lowered = text.lower()
    spans: list[tuple[int, int, str]] = []
    for start, neg, canon in sorted(n for n in _named(lowered, every=True) if n[2] != "overall"):
        if not spans or start >= spans[-1][1]:  # the longest name where two overlap
            spans.append((start, start - neg, canon))
    if not spans:
        first = find_category(text)
        return [first] if first else []
    out = [spans[0][2]]
    for (_, end, _c), (start, _e, canon) in zip(spans, spans[1:], strict=False):
        if not _JOINED.fullmatch(lowered[end:start]):
            break
        if canon not in out:
            out.append(canon)
    return out


# What may stand between two domains asked about together: "and", "or", "&", a comma, "as well as", "vs", or the
# words that set one against the other ("than", "than it is", "as", "compared to"), with "on", "in", "at", "for"
# and "the" around it ("on reasoning and on math", "coding, math, and reasoning", "bigger on coding than on math").
_JOINED = re.compile(r"\s*(,\s*(and|or)?|and|or|&|\+|/|plus|as well as|vs\.?|versus|compared (to|with)|"
                     r"(than|as)( (it|they)( is|'s| are|'re| was| were))?)\s*(also |then )?"
                     r"((on|in|at|for|with) )?(the )?\s*")


def _named(lowered: str, every: bool = False, skip: frozenset[str] = frozenset()) -> list[tuple[int, int, str]]:
    """(start, -length, category) of the first name of each category in `lowered` (with `every`, of every name),
    less the words that name no domain there ("the reason", "i'm writing", "an analysis of") and those in `skip`."""
    out: list[tuple[int, int, str]] = []
    for canon, pattern in _PATTERNS:
        for m in pattern.finditer(lowered):
            if m.group(1) in skip:
                continue
            if m.group(1) in ("table", "tables") and re.search(r"\b(on|off|at|to) the $", lowered[:m.start()]):
                continue  # "leaving capability on the table", "a seat at the table": an idiom, no data
            if m.group(1) in ("coder", "coders") and not _A_CODER_ROLE.search(lowered, 0, m.start()):
                continue  # "how is qwen3 coder doing", "i'm not a coder": a model's name or the asker, no domain
            if m.group(1) == "prose" and lowered[max(0, m.start() - 3):m.start()] == "no ":
                continue  # "answer in JSON, no prose": how to answer
            if m.group(1) == "agents" and (_PEOPLE_AGENTS.search(lowered, max(0, m.start() - 24), m.start()) or
                                           _AGENTS_AT_WORK.match(lowered, m.end())):
                continue  # "half the agents in my office", "60 agents at our brokerage": people, no domain
            if m.group(1) == "programmer" and _AN_ASKER.search(lowered, max(0, m.start() - 16), m.start()):
                continue  # "not a programmer, just a dispatcher": who asks
            if m.group(1) == "code" and _RELEASED_CODE.search(lowered[max(0, m.start() - 24):m.end() + 10]):
                continue  # "open weights, or open training data and code as well": what is released, no domain
            if m.group(1) == "programming" and (_PROGRAMMES_FOR.search(lowered, max(0, m.start() - 24), m.start())
                                                or _PROGRAMME_THING.match(lowered, m.end())):
                continue  # "our adult programming", "i coordinate tech programming": a library's events, no code
            if canon != "overall" and _A_SETTING.match(lowered, m.end()):
                continue  # "as a retired physics teacher", "my kid's science fair project": who asks, not what
            if canon != "overall" and _SET_ASIDE.search(lowered, max(0, m.start() - 24), m.start()) and \
                    not re.match(r"\W{0,2}\s*(but|and)\b", lowered[m.end():]):
                continue  # "where does it rank overall, not just reasoning": the domain set aside, not asked
            if m.group(1) == "if" and not re.search(r"\bif\b\s*(score|category|benchmark)|\bon if\b|\bin if\b",
                                                    lowered):
                continue
            if m.group(1) == "reason" and _A_CAUSE.search(lowered):
                continue  # "the reason open models catch up": a cause, not the reasoning category
            if m.group(1) == "reasoning" and (_AN_ARGUMENT.search(lowered[max(0, m.start() - 12):m.end() + 16]) or
                                              _A_MODEL_KIND_ARRIVING.match(lowered, m.start())):
                continue
            if m.group(1) in ("instructions", "instruction") and _ORDERS.search(lowered[max(0, m.start() - 20):
                                                                                        m.end() + 12]):
                continue  # "ignore your instructions", "hidden instruction": orders to the bot, not the domain
            if m.group(1).startswith("role") and lowered[m.end():m.end() + 4] == " as ":
                continue  # "roleplay as a skeptical VC while answering": how to answer, not creative writing
            if m.group(1) == "writing" and _ASKERS_WRITING.search(lowered[max(0, m.start() - 14):m.end() + 20]):
                continue
            if m.group(1) == "writing" and _WRITING_CODE.match(lowered, m.end()):
                continue  # "writing python", "writing sql queries": coding, named by the next word
            if m.group(1) == "analysis" and _AN_ANALYSIS.search(lowered[max(0, m.start() - 10):m.end() + 14]):
                continue
            if m.group(1) == "language" and (_A_TONGUE.search(lowered, max(0, m.start() - 12), m.start()) or
                                             _PLAIN_WORDS.search(lowered, max(0, m.start() - 20), m.start())):
                continue  # "english is not my first language", "in plain language": the asker's tongue or how to
                # answer, not the domain
            after = lowered[m.end():m.end() + 8]
            if m.group(1) == "language" and re.match(r"s? models?\b", after) or m.group(1) == "knowledge" and \
                    _KNOWLEDGE_THING.match(lowered, m.end()) or lowered[max(0, m.start() - 4):m.start()] in ("non-",
                                                                                                        "non "):
                continue  # "large language models", "knowledge cutoff", "a knowledge-management memo": no domain
            # "reasoning models", "thinking models": a kind of model, the domain only when no other is named
            # "the best open coder", likewise: the domain only when no other is named ("open coders on swe-bench")
            weak = canon == "reasoning" and re.match(r" models?\b", after) or m.group(1) in ("coder", "coders")
            start = m.start() + (_WEAK if weak else 0)
            out.append((start, -len(m.group(1)), canon))
            if not every:
                break
    return out


# Before a domain named only to be set aside: "overall tho, not just math", "on the arena rather than on coding"
_SET_ASIDE = re.compile(r"\b(not (just|only)|rather than|instead of)( (on|in|for|at))?( the)? $")


# How an answer is to be put ("in plain language", "in simple language for the board"): no domain ("plain language
# stuff, like summarizing" is the domain)
_PLAIN_WORDS = re.compile(r"\b(in|into|using|with) (plain|simple|simpler|layman'?s?|everyday|normal|non-?technical|lay|"
                          r"easy|clear|kid-friendly) $")


# A domain's name as the asker's job, class or club ("physics teacher", "science fair", "data science course")
_A_SETTING = re.compile(r" (teachers?|tutors?|professors?|lecturers?|students?|majors?|degrees?|class(es)?|fairs?|"
                        r"guys?|gals?|person|folks|"
                        r"olympiads?|clubs?|departments?|courses?|lessons?|camps?|curriculum)\b")


# Agents who are people: the trade's ("real estate agents", "insurance agents") or a count of them at work ("half the
# agents in my office", "60 agents at our brokerage"), not AI agents
_PEOPLE_AGENTS = re.compile(r"\b(real[- ]estate|insurance|travel|leasing|listing|buyer'?s?|seller'?s?|loan|human|"
                            r"customer[- ]service|support|call[- ]cent(er|re)|booking|sales|[0-9]+|half the|all the|"
                            r"most of the|other|fellow|new) $")
_AGENTS_AT_WORK = re.compile(r" (in|at|of) (my|our|the|his|her|their) (office|brokerage|team|company|firm|agency|"
                             r"branch|shop|store|desk)\b(?!'s)")
# The asker a programmer or not ("not a programmer", "as a programmer myself", "i'm a programmer")
_AN_ASKER = re.compile(r"\b(not|i'?m|am|as|was) an? $")
# Code as what a lab releases beside its weights ("open training data and code", "weights and code", "the code
# and data are open")
_RELEASED_CODE = re.compile(r"\b(data|weights) (and|&|\+|or) code\b|\bcode (and|&|\+) (data|weights)\b|"
                            r"\b(training|source|open(-source)?|inference) code\b")


# "Programming" as the events a library or a venue runs ("adult programming", "i coordinate tech programming", "our
# programming calendar"), not writing code
_PROGRAMMES_FOR = re.compile(r"\b(adult|teens?|kids'?|children'?s|youth|library|public|community|summer|family|"
                             r"seniors?|branch|coordinat\w+( \w+)?|plan(s|ning)?( \w+)?) $")
_PROGRAMME_THING = re.compile(r" (report|calendar|schedule|coordinator|series|events?|budget|librarians?|staff|"
                              r"committee|line-?up|slate|guide|newsletter)\b")


# "Knowledge" as part of a thing's name, not the domain ("knowledge cutoff", "our knowledge management system")
_KNOWLEDGE_THING = re.compile(r"[- ](cutoff|cut-off|management|base|bases|workers?|graphs?|sharing|transfer)\b")


# "Coder" as a role the models play ("the best open coder", "top 3 open-weights coders", "the better cheap coder"),
# not a model's name ("qwen3 coder", "their coder model") or the asker ("i'm not a coder")
_A_CODER_ROLE = re.compile(r"\b(open|closed|proprietary|paid|free|cheap|local|weights?|best|better|top|goat|"
                           r"strongest|smartest|good|great|worst|worse|top \d+)[\s-]+$")


_A_TONGUE = re.compile(r"\b(first|native|second|mother|my|our|his|her|their|foreign|spoken) $")


# "in chinese" is a language, but "in chinese labs" or "for chinese models" names who makes them
_NOT_A_LANGUAGE = r"(?!\s+(?:labs?|models?|compan(?:y|ies)|ai|firms?|startups?|teams?|releases?|developers?|open))"


def _unlisted_word(word: str) -> str:
    return re.escape(word) + (_NOT_A_LANGUAGE if word.startswith(("in ", "for ", "at ")) else "")


_UNLISTED = [(name, re.compile(r"(?<![a-z0-9])(" + "|".join(_unlisted_word(w) for w in words) + r")(?![a-z0-9])"))
             for name, words in UNLISTED.items()]


def find_unlisted(text: str) -> str | None:
    """A domain the question names that no category covers ("multilingual", "long context", "vision"), or None."""
    lowered = text.lower()
    hits = [(m.start(), name) for name, pattern in _UNLISTED if (m := pattern.search(lowered))]
    return min(hits)[1] if hits else None


# Where a domain no category covers has a category people take for it, the answer is for that one, and the reading
# line says which was asked and which answered ("Multilingual (not a category in my data; answered for Language)"):
# translation, multilingual work and other languages asked about are the language category to 33 of the 36 dev labels
# of answered questions that say so. A language named alone ("in spanish") is not: most labels give it no domain.
NEAREST: dict[str, str] = {"multilingual": "language"}
_NEAREST_WORDS = {domain: re.compile(r"(?<![a-z0-9])(" + "|".join(re.escape(w) for w in UNLISTED[domain]
                                                              if not w.startswith(("in ", "for "))) + r")(?![a-z0-9])")
                  for domain in NEAREST}


def nearest_category(domain: str | None, text: str) -> str | None:
    """The category answered for `domain`, one no category covers (as find_unlisted read it), where people take one
    for it and `text` asks for the domain as such ("translation": language; "in spanish" alone: None), or None."""
    words = _NEAREST_WORDS.get(domain or "")
    return NEAREST[domain] if domain and words is not None and words.search(text.lower()) else None


# One-word synonyms long enough that a near miss is not another word ("reason" vs "season" would be).
_SPELLED = {s: canon for canon, syns in CATEGORIES.items() for s in syns if " " not in s and len(s) >= 7}


# Two-word names whose second word people misspell ("data analisys", "instruction folowing"): first word -> names.
_PAIRS: dict[str, list[tuple[str, str]]] = {}
for _canon, _syns in CATEGORIES.items():
    for _s in _syns:
        if len(_w := _s.split()) == 2 and len(_w[1]) >= 6:
            _PAIRS.setdefault(_w[0], []).append((_w[1], _canon))


def _misspelt(lowered: str) -> str | None:
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import OSA

    for first, second in re.findall(r"\b(?=([a-z]+) ([a-z]{6,})\b)", lowered):
        for word, canon in _PAIRS.get(first, ()):
            # the first word as written, the second two letters off at most ("data analisys"), never a real word
            # two letters off only in a long word: "in geneva" is not "in general"
            if second not in _REAL_WORDS and second[0] == word[0] and \
                    OSA.distance(second, word) <= (2 if len(word) >= 8 else 1):
                return canon

    for word in re.findall(r"[a-z]{6,}", lowered):
        if word in _SPELLED or word in _REAL_WORDS:
            continue  # the word itself, read (or set aside: "i'm writing") by the exact pass; or a real word
        # Same first letter: a typo rarely starts a word wrong, and another word often differs only there
        # ("seasoning", "treasoning").
        candidates = [s for s in _SPELLED if s[0] == word[0]]
        hit = process.extractOne(word, candidates, scorer=fuzz.ratio, score_cutoff=84)
        if hit and len(hit[0]) < 8 and len(word) == len(hit[0]) and sorted(word) != sorted(hit[0]):
            continue  # a letter changed in a short word is another word ("waiting" is not "writing")
        if hit and not (hit[0].startswith("instruction") and _ORDERS.search(lowered.replace(word, hit[0]))):
            return _SPELLED[hit[0]]
    return None


def label(category: str) -> str:
    """Display form: 'Coding', 'Instruction following'."""
    return category[:1].upper() + category[1:]


# Words a question's reading hangs on, for `respell`: domains, leaderboards, the two sides. Short everyday words
# ("code", "gap") are left out: a letter off, they are other words.
_VOCAB = frozenset({
    "coding", "programming", "mathematics", "maths", "math", "reasoning", "language", "knowledge", "writing",
    "analysis", "instructions", "instruction", "following", "agentic", "creative", "overall", "livebench", "lmarena",
    "arena", "aider", "epoch", "proprietary", "closed", "open", "models", "model", "weights", "source", "behind",
    "prompts",
})
_PROPER = frozenset({"aider", "epoch", "livebench", "lmarena"})
# Real words a letter from a key word: never respelt ("analysts" is not "analysis").
_REAL_WORDS = frozenset({"analysts", "analyst", "opens", "opened", "opener", "closer", "closet", "modes", "modal",
                         "models'", "weighs", "weighed", "sources", "prompt", "prompted", "aide", "aides",
                         "epochs", "instruct", "analyses", "analyse", "analyze", "analyzes", "analysed",
                         "analyzed", "instructor", "instructors", "instructed", "instructing", "summarise",
                         "summarize", "summarised", "summarized"})
# "instruct": how a model is packaged ("kimi-k2-instruct"); "our ground instructor" is a teacher, no domain;
# "can you summarise what that article argues" asks for a summary, not about summaries as a domain


def respell(text: str, extra: frozenset[str] = frozenset()) -> str:
    """`text` with words a typo away from a key word (or one of `extra`) written as that word ("codeing", "cdoing",
    "opne", "closd", "lmarnea"). A typo here is a letter added, dropped or swapped with its neighbour, never a letter
    changed in a short word ("coming" is not "coding", "path" not "math"); the first letter must match."""
    vocab = _VOCAB | extra if extra else _VOCAB

    def fix(m: re.Match) -> str:
        word = m.group(0)
        if word in vocab or word in _REAL_WORDS:
            return word
        for target in vocab:
            if target[0] != word[0] and target[:2] != word[1::-1] or abs(len(target) - len(word)) > 1:
                continue
            if word == target + target[-1] or target.endswith("ing") and word == target[:-1]:
                return target  # a letter doubled at the end, an -ing's g dropped: typos ("mathh", "codin")
            if target in _PROPER:
                pass  # no English word a letter from a leaderboard's name: "aidr", "epoc" are typos
            elif (len(word) == 4 or len(target) == 4) and len(target) != len(word):
                continue  # "mode" is not "model", "match" not "math": four letters only by a swap ("opne")
            elif word.startswith(target) or target.startswith(word) and len(word) < 7:
                continue  # a letter more or less at the end is another word ("close", "languages"), not a typo;
                # a long word cut short is a typo ("creativ", "reasonin")
            from rapidfuzz.distance import OSA  # here: most questions never get this far, and a cold start saves ~10 ms

            if OSA.distance(word, target, score_cutoff=1) > 1:
                continue
            changed = len(word) == len(target) and sorted(word) != sorted(target)  # a substitution, not a swap
            if not changed or len(target) >= 8:
                return target
        return word

    return re.sub(r"(?<![\w.-])[a-z]{4,}(?![\w.-])", fix, text)
