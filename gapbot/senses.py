"""What a question's words are about, beside what it asks for (issue #13): the line between an article question
("why is deepseek so cheap to train", "is mistral still relevant") and an AI question the bot has nothing for ("why
is it called llama", "what's the tokenizer vocab size of llama 3") is drawn by sense, not by subject: both name
models and labs.

Three senses, each a small family of words, not a list of questions:
- `capability`: how able models or labs are, or the distance between them (better, behind, catch up, benchmark,
  frontier, moat, compute...): what the leaderboards and the articles are about.
- `standing`: a lab or model's standing as people judge it (underrated, still relevant, fell off, lapped, overhyped,
  how it compares these days): an opinion question the articles discuss, not a leaderboard row.
- `aside`: an attribute or a story of a model or lab that says nothing of its ability: its price per token, tokenizer,
  licence terms, parameter count, context window, knowledge cutoff, quants and speed when run, name, its people,
  board, lawsuits and deals; and running one oneself: serving it (engines, GPUs, throughput, latency, requests per
  second) or fine-tuning it, step by step.

Pure functions of the lowercased question; gapbot.question reads them as signals and gapbot.scope uses them to
decide what the articles may answer.
"""

from __future__ import annotations

import re

# Ability and distance: comparatives of quality, the gap's own words, what measures it and what drives it.
_CAPABILITY = re.compile(
    r"\b(better|worse|best|worst|good|great|strong\w*|weak\w*|smart\w*|capab\w*|perform\w*|quality|powerful|"
    r"gap|behind|ahead|how far|margin|lead\w*|lag\w*|trail\w*|catch\w*|caught|parity|on par|match\w*|beat\w*|"
    r"overtak\w*|surpass\w*|outperform\w*|competi\w*|compete|keep(ing)? (up|pace)|clos(e|er|est|ing)|"
    r"(open|oss)( source| weights?)?,? (or|vs\.?|versus) (closed|proprietary)|"
    r"(closed|proprietary),? (or|vs\.?|versus) open|"
    r"top|number one|wins?|winn(er|ing)|won|fall\w* (further )?back|frontier|sota|state of the art|level|tier|"
    r"edge|advantage|progress\w*|improv\w*|advanc\w*|slow\w*|fast\w*|"
    r"hold(s|ing)? (\w+ ){0,2}back|held (\w+ ){0,2}back|hinder\w*|hamper\w*|"
    r"scores?|benchmark\w*|benchmax\w*|leaderboard\w*|evals?|arena|elo|rank\w*|"
    r"moats?|compute|scaling|train(ed|ing)?|data|talent|export controls?|sanctions|"
    r"distill\w*|replicat\w*|cop(y|ies|ying|ied)|imitat\w*)\b")

# Standing as judged by people: rated, relevant, rising or falling, talked about, how a release was received, how a
# lab compares "these days".
_STANDING = re.compile(
    r"\b(under ?rated|over ?rated|over ?hyped|hyp(e|ed|ing)|relevan\w*|irrelevant|fall(en|ing|s)? off|fell off|"
    r"washed( up)?|cooked|finished|dead|dying|lapped|lapping|left behind|still in the (game|race)|out of the race|"
    r"(get|gets|getting) (talked about|overlooked|ignored|slept on)|slept on|sleeping on|overlooked|popul[ae]r\w*|"
    r"momentum|reputation|standing|mindshare|adopt(ed|ion|ing)|uptake|(still|even) matters?|"
    r"big deal|(big )?splash|flop(ped|s)?|recept\w*|(badly|well) received|disappoint\w*|shock\w*|punch\w* above|"
    r"cracked|dominat\w*|winning|losing (ground|steam|the race)|"
    # what the crowd makes of a release: "everyone dunking on llama 4", "what went wrong with it", "a letdown"
    r"dunk(ing|ed)? on|(went|go|going|gone) wrong|let ?down|backlash|roast(ed|ing)?|dragg(ed|ing)|memed on|"
    r"(hate|hated|love|loved) (it|them)|considered|everywhere|(still )?a thing|disappear\w*|"
    r"(how|where) (does|do|is|are) [\w.' -]{1,30} (compare|stack up|stand|rank)\w*( to| with| against)?"
    r"[\w.' -]{0,30} (these days|now|nowadays|lately|today|anymore)|"
    r"(is|are) [\w.' -]{1,30} (still|even) (any good|relevant|a thing|worth))\b")

# Attributes and stories that say nothing of ability.
_ASIDE = re.compile(
    r"\b(price|prices|pricing|priced|per (million |1m |1k |thousand )?tokens?|cost per|api (cost|bill)|"
    # what one use of it costs ("which one is cheaper per image?")
    r"(cheap\w*|pricier|costlier|costs?) per (image|photo|picture|page|call|request|document|doc|email|listing|"
    r"query|user|seat|month|hour)s?|"
    # which of them one would pay less to run oneself ("which is cheaper to host on the co-op's own server")
    r"which( one| of (those|them|these))?( is|'s)? (cheaper|cheapest|less expensive) to (host|run|serve|"
    r"self-host|deploy)|"
    r"tokeni[sz]er|vocab\w*|licen[cs]e[sd]?|licensing terms|terms of (use|service)|"
    r"param(eter)?s? count|how many param\w*|context (window|length)|max (output )?tokens|"
    r"(knowledge|training|data) cut-?off|quants?|tokens? ?(/|per) ?s(ec(ond)?)?|"
    r"(is|are|was|were|it|they|'s) ([\w.-]+ ){0,3}(called|named)|named after|the name|logo|mascot|"
    r"stands? for|acronym|abbreviat\w*|"
    r"drama|board (drama|members?|of directors|seats?|votes?|coup|fight)|fired|rehir\w*|ousted|resign\w*|ceo|"
    r"founders?|lawsuits?|sued|suing|court|acqui\w*|bought|pa(y|id|ying) \$?\d|valuation|funding|"
    r"raised (\$|\d|money|a round)|ipo|ban(ned|s|ning)?|(ai|eu|the) act|"
    # events and their logistics: "who's hosting the next AI safety summit"
    r"summits?|conferences?|keynotes?|tickets?|venue|who('s| is| will be) hosting|paper reading|reading group|"
    r"journal club|paper club|"
    # a release still to come: its date is news, not a figure ("when is the next llama supposed to come out")
    r"(supposed|expected|rumou?red|going|gonna|set|scheduled|due) to (come out|drop|release|launch|ship)|"
    r"release date|when('s| is| will| does) (the )?next [\w.-]+( \w+)? (come out|drop|release|launch|ship))\b")

# Running a model oneself, an engineer's question the boards say nothing about: serving it (its engine, the GPUs it
# needs, its throughput and latency) or fine-tuning it. A comparative of these measures is theirs, not ability's
# ("which engine gets better throughput", "lowest p99 latency"): read with them, so it makes no capability sense.
_SERVING = re.compile(
    r"\b((better|best|higher|highest|lower|lowest|more|less|faster|fastest|good|great|worse|worst) )?"
    r"(serv(e|es|ed|ing)\b|vllm|sglang|tgi|tensorrt(-llm)?|llm-d|inference (engine|server|stack|endpoint)s?|"
    r"in prod(uction)?\b|throughput|latenc(y|ies)|p(50|90|95|99)\b|time to first token|ttft|"
    r"(req(uest)?s?|queries|qps|rps) ?(/|per) ?s(ec(ond)?)?\b|concurren(t|cy) (users|requests)|"
    r"how many (\w+ )?(gpus|nodes|h100s|h200s|a100s|b200s)|(single|one|two|four|eight|\d+ ?x?) ?(h100|h200|a100|b200|"
    r"l40s?|gpu)s?\b|kv[- ]cache|batch size|"
    # the asker's own hardware: a consumer card, a laptop or its memory ("is a single 4090 enough for it", "on a
    # macbook with 128gb", "gpu setup for running it at home"): what it needs to run, not how able it is
    r"(rtx ?)?[2-5]0[6-9]0( ti)?s?\b|(gpu|hardware|rig|home ?lab) (setup|build|requirements?)|"
    r"(run|host|fit|load)\w*\b[^?.]{0,40}\b(on|with) (a |an |my |one |two )?(macbook|mac ?(studio|mini|pro)|laptop|"
    r"m[1-5] (pro|max|ultra)|\d+ ?gb)|\d+ ?gb (of )?(v?ram|unified)|"
    # who hosts it, at what price ("which provider hosts kimi k2 cheapest", "cheapest host for it")
    r"(which|what|cheapest|best) (inference |api )?(providers?|hosts?)\b|hosts? [\w.' -]{1,30}\bcheap\w*|"
    r"(q)?lora\b|peft|walk (me|us) through|step[- ]by[- ]step|"
    # setting one up: its prompt or chat template, its configuration, pointing a tool at it
    r"(prompt|chat) (template|format)s?|system prompt format|config(uration)? (help|files?)|"
    r"(set ?up|install|configure|hook up|point) [\w.' -]{0,40}\b(locally|local(ly hosted)? models?)|"
    r"run (it |them )?against a local)")


def senses_of(low: str, measured: bool = False, asked: str | None = None) -> tuple[str, ...]:
    """The senses of a question (in the order capability, standing, aside); `measured`: the rules already read a
    trend, a catch-up, a domain, a benchmark or a leaderboard in it, a capability sense whatever its words. `asked`:
    the sentence that asks (gapbot.focus), where one was found: an attribute or an event only in the context around it
    ("how did mixtral compare with gpt-4 turbo? i'm annotating a conference talk") is not what is asked about."""
    found = (("capability", measured or capability(unserving(low))), ("standing", standing(low)),
             ("aside", aside(asked or low)))
    return tuple(name for name, present in found if present)


def unserving(low: str) -> str:
    """`low` without its words of serving a model and their comparatives: what is left may measure ability."""
    return _SERVING.sub(" ", low)


def capability(low: str) -> bool:
    return bool(_CAPABILITY.search(low))


def standing(low: str) -> bool:
    return bool(_STANDING.search(low))


def aside(low: str) -> bool:
    return bool(_ASIDE.search(low) or _SERVING.search(low))
