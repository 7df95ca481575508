"""A claim checked against the figures: "people say open models used to be a year behind and now it's a few months.
true?", "o3 or gemini 2.5 pro for reasoning, what do the numbers say?". The message quotes what someone said or what
the asker saw, then asks what the leaderboards say about it: a question for the rows, not for the articles, however
much of it reports what people say. It asks for what the claim is about: a change over time (a trend), two models
side by side (a comparison), how far apart open and closed are (a gap) or how one model does (a model question).

Asking where a figure comes from, which analyst is right, what will happen or why something happened stays an
article question: none of those asks the figures to settle a claim.

Plain regular expressions over the lowercased question (gapbot.question reads it at run time and in training alike).
"""

from __future__ import annotations

import re

from gapbot.focus import focus

_FIGURES = r"(numbers|figures|data|stats|statistics|benchmarks?|leaderboards?|boards?|scores|rankings?|charts?|evals?)"
_CHECK = re.compile(
    # "what do the (public) numbers say", "what does the data show"
    rf"\bwhat (do|does|did) (the |your )?((public|actual|real|hard|raw|latest|published) )?{_FIGURES} "
    r"(say|show|suggest|tell|back up)|"
    # "in numbers", "with numbers", "in actual figures", "put a number on it"
    r"\b(in|with|using|going by) (the )?((actual|real|hard|concrete|some|cold) )?(numbers|figures|stats)\b|"
    # "is he right, going by the scores?", "going by the leaderboards, is that true?"
    rf"\bgoing (by|off) (the |your )?(\w+ )?{_FIGURES}\b|"
    # "is that number out of date?", "are those figures still current"
    r"\b(is|are) (that|this|those|these|the) (number|figure|claim|stat|estimate)s? (still )?(out of date|outdated|"
    r"stale|current|up to date)\b|"
    r"\bput (a |some )?numbers? on\b|"
    # "is that what the boards say too", "is this what the leaderboards show"
    rf"\b(is|was) (that|this|it) ((even|really|actually) )?(what|how) (the )?(\w+ )?{_FIGURES} "
    r"((actually|really|even) )?(say|show|look)|"
    # "is that consistent with the public leaderboards", "does that match the benchmarks", "reflected anywhere"
    rf"\b(consistent|in line|line up|lines up|match(es)?|agree|square) with (the |what the )?(\w+ )?{_FIGURES}\b|"
    rf"\breflected (anywhere|in (the )?(\w+ )?{_FIGURES})|\bback(ed)? (that |this |it )?up\b|"
    # "do the leaderboards agree", "is that borne out", "sanity check", "myth or fact", "how accurate is that"
    rf"\b(do|does|did) (the )?(\w+ )?{_FIGURES} (agree|bear (that|this|it) out)|\bborne out\b|"
    r"\b(sanity|fact|reality)[- ]check|\b(myth|fact) or (fact|fiction|myth)\b|"
    r"\b(any|some|got|is there( any)?) (proof|evidence)( (either way|of (that|this|it)|for (that|this|it)))?\s*\?|"
    r"\bhow (accurate|true|right|fair) is (that|this|it|the claim)\b|"
    r"\b(is|was) (he|she|they|my \w+|the \w+) (right|wrong|correct)(\s*[?,]| or\b)|"
    # "true?", "is that true", "still true?", "is that real or nostalgia", "or would that be a lie", "or is it cope"
    r"\b(true|real|accurate|legit|right)\s*\?+\s*$|"
    r"\b(is|was|would|are) (that|this|it|they|those) (still |actually |really |even )?(be )?(true|real|accurate|"
    r"legit|correct|a lie|lying|wrong|false|cope|copium|hype|an exaggeration|exaggerat\w*|overstat\w*|"
    r"a stretch|fair|just nostalgia|nostalgia)\b|\bnostalgia talking\b|\b(fair|safe|accurate|right) to say\b|"
    # a prediction or expectation checked afterwards: "did that happen or not?", "did it?"
    r"\b(who'?s|who is) right\b|"
    r"\bdid (that|this|it|they) (actually |really |ever )?(happen|pan out|play out|come true|hold( up)?|"
    r"turn out|materiali[sz]e)|^(so |and |well )?(did|has|have) (it|that|they)\s*\?|[.!?,]\s*(did|has) (it|that)\s*\?|"
    # the claim's own verb asked back after it: "people say the gap is basically gone. is it?", "real or fake?"
    r"[.!?,]\s*(is|are) (it|that|they)( really| actually)?\s*\?+\s*$|"
    r"\b(true|real|legit|accurate) or (fake|false|not|cap|nah|hype|cope)\b|"
    # a tag that asks to confirm what was just said: "…went from huge to nothing, didn't it?"
    r"\b(didn'?t|hasn'?t|isn'?t|wasn'?t|haven'?t|aren'?t) (it|that|they|we)\s*\?")
# What the claim is about, for the reading the check takes.
# A change over time: "used to be a year behind", "went from huge to nothing", "would pull away", "closer than in 2024"
_CHANGE = re.compile(
    r"\b(used to|anymore|no longer|went from|gone from|(years?|months?) ago|back (then|in|when)|at first|"
    r"would (\w+ ){0,2}(pull|blow|widen|grow|shrink|close|narrow|stay|open|run|keep|catch)|"
    r"pull(ed|ing|s)? away|run(ning)? away|blow(n)? (wide )?open|wide open again|"
    r"(closer|further|farther|nearer|wider|narrower|smaller|bigger|larger|tighter)\b.{0,40}\bthan (\w+ ){0,2}"
    r"(was|were|used|before|ever|in 20\d\d|\d+|a (year|month)|last|back|at the)|"
    r"shrink\w*|shrank|narrow(ed|ing)|widen\w*|grow\w*|grew|stretch\w*|extend\w*|increas\w*|decreas\w*|"
    r"(los(ing|t)|gain(ing|ed)) ground|clos(ed|ing) (the gap|in)|chang(ed|ing)|trend\w*|since|"
    r"(gap|distance|lead) (\w+ ){0,2}(closes|is closing|keeps closing)|over time|(going|coming) (down|up)|"
    r"converg\w*|diverg\w*|"
    # a past year set against now: "miles behind in 2024 and neck and neck now"
    r"20\d\d\b[^?]{0,80}\b(now|today|these days))\b")
# Open set against closed in what is asked ("open vs closed on reasoning", "is open just worse"): the gap, even where
# the anecdote names two models ("tried qwen and claude side by side")
_SIDES = re.compile(r"\b(open|oss|local)\w*( source| weights?| models?| ones?)?,? (vs\.?|versus|or|and|against) "
                    r"(the )?(closed|proprietary|frontier|api)|\b(closed|proprietary),? (vs\.?|versus|or|and) open")
_THE_GAP = re.compile(r"\b(the|this|that) gap\b")  # the gap itself claimed ("the gap is basically gone")
_OPEN = re.compile(r"\b(open|open[- ]source|open[- ]weights?|oss|local|self[- ]host\w*)\b")
_LEVEL = re.compile(r"\b(behind|ahead|gap|lead|lag\w*|close|closer|as good|worse|better|same|par|catch\w*|"
                    r"caught|points|months|distance|capable|good|strong|smart|trail\w*|miles|far)\b")
# What an article answers, even where the message checks a claim: where a figure comes from, who is right, what will
# happen, why it happened, what it says about something else (efficiency, distillation, cost)
_ORIGIN = (r"where\b[^.?]{0,40}\b(come|comes|coming) from|where('s| is| was| did) (it|that|this)\b[^.?]{0,30}\bfrom|"
           r"source of")
_FORECAST = (r"(?<!\bi'm )(?<!\bim )(?<!\bi am )(?<!\bnot )(?<!\bwe're )"  # (the asker's plan: "i'm not going to…")
             r"(going to|gonna)(?! (lie|be (honest|real|fr))\b)|long (game|term|run)|"
             r"lock(s|ed)? in (their|the|its) (lead|edge)")
_ARTICLE = re.compile(r"\b(why|how come|who (said|says|first|came|put|measured|thinks|claims|wrote)|whose|"
                      rf"measur\w*|{_ORIGIN}|(when|how)( exactly)? did (that|it|this)|{_FORECAST}|"
                      r"will (they|it|open|closed|the)|predict\w*|forecast\w*|"
                      r"caus(e|ed|es)|what drove|what does (that|this|it) (say|tell|mean)|efficien\w*|tokens?|"
                      r"distill\w*|cop(y|ies|ying)|overhyped|hype|vibes?|story|narrative|money|cost\w*|cheap\w*)\b")
# Which of two published figures is right ("the ihle piece says 8-10 months, epoch says 3.5. who's right"): how the
# analysts measure, the articles' to tell; a friend's word against the asker's is a claim the figures settle
_VERDICT = re.compile(r"\b(who'?s|who is|which (one |of them )?is) (right|correct)\b")
_PUBLISHED = re.compile(r"\b(piece|article|blog|paper|study|report|essay|podcast|epoch|ihle|stanford|ai index|"
                        r"semianalysis|nist|analysts?)\b")
# A named analyst or public figure whose view is asked ("artificial analysis's take on the gap", "what did nist
# report about…") or whose claim is checked ("jensen said they're months behind, is he right?"): the articles'
_ANALYST = (r"(artificial ?analysis|epoch( ai)?|semianalysis|stanford|(the )?ai index|nist|caisi|ihle|jensen( huang)?|"
            r"(sam )?altman|zuck(erberg)?|lecun|karpathy|(dario )?amodei|hassabis|nadella)")
_VIEW_OF = re.compile(rf"\b{_ANALYST}('s|s'|') (view|take|stance|position|verdict|conclusions?|claims?|estimates?|"
                      r"thesis|findings?)\b|"
                      rf"\bwhat (do|does|did|has|have) (the )?{_ANALYST}( report| folks| people| team)? "
                      r"(say|said|think|report|reported|conclude|concluded|claim|argue|write|wrote|found|find)\b")
# A figure asked of an analyst that runs no leaderboard here ("according to artificial analysis, is it narrowing?"):
# its view, the articles' (epoch runs one of the boards: "according to epoch" names the source)
_ACCORDING_TO = re.compile(r"\baccording to (the )?(artificial ?analysis|stanford|ai index|nist|caisi|semianalysis)\b")
_SAID_BY = re.compile(rf"\b{_ANALYST}('s|s'|')? (said|says|claim\w*|thinks|reckons|argue[sd]?|predicted|wrote)\b|"
                      rf"\b(take|claim|estimate|figure|number|view|thesis) (from|by) {_ANALYST}\b")
_ARTICLE_ASKED = re.compile(rf"\b({_ORIGIN}|{_FORECAST}|change[ds]? anything)\b")
# Catching up with a model ("open weights reached 'gpt-4o class' in 2024, fair to say?"): a catch-up, where one is
# named ("kimi k2 is 'frontier class', sanity check that" says nothing caught: how it scores)
_CATCH = re.compile(r"\b(caught up|catch(es|ing)? up|reach(ed|es)?|match(ed|es)?|surpass\w*|overt(ook|ake\w*)|hit|"
                    r"(got|get|gotten) to)\b")


_WHEN = re.compile(r"\b(when (did|was|were|has|have)|how (long|soon)|how many (months|weeks|days|years))\b")


def checked(low: str, asked: str | None, models: int, real_models: int) -> str | None:
    """The intent of a claim checked against the figures in `low` (`asked`: the part of it that asks, gapbot.focus),
    or None where it checks none. `models`: models and labs named; `real_models`: models named (not labs)."""
    if not _CHECK.search(low) or _ARTICLE.search(low) or published_verdict(low) or foretold(low, asked) or \
            causal(low):
        return None
    if _CATCH.search(low):
        # "open models are catching up": a story, the articles' to tell; "r1 matched o1, is that what the numbers
        # showed?": two models held to each other, compared, unless when or how long after is asked
        if not real_models:
            return None
        return "compare" if real_models >= 2 and not _WHEN.search(low) else "catch_up"
    if _CHANGE.search(low):
        return "trend"
    if _SIDES.search(asked or low):
        return "gap"
    if real_models >= 2:
        return "compare"
    if _OPEN.search(low) and _LEVEL.search(low) or _THE_GAP.search(low):
        return "gap"
    if models == 1 and real_models == 1:
        return "model"
    return None


# "closer to the closed ones than they were in 2024", "is the distance smaller than it used to be": a change
_THAN_THEN = re.compile(r"\b(closer|further|farther|nearer|wider|narrower|smaller|bigger|larger|tighter)\b.{0,40}?"
                        r"\bthan (\w+ ){0,2}(were|was|used to|before|back|in 20\d\d|\d+ (months?|years?) ago|"
                        r"a (year|month) ago|last (year|month)|at the (start|beginning))")


# What is still to come ("will open ever lead", "gap finna be zero by next year", "a year from now"): a forecast, the
# articles' to argue; people's own plans ("i'll pay for an api", "she won't pay for subscriptions", "gonna screenshot
# this"), a request ("will you list them") and a past "ever" ("did open models ever match o1") foretell nothing
_FUTURE = re.compile(r"(?<!\bi )(?<!\bwe )(?<!\byou )(?<!\bu )(?<!\bshe )(?<!\bhe )\b(will|won'?t)\b"
                     # (someone's plan or habit, "the district won't pay", "my kid won't stop talking about it")
                     r"(?! (you|u|pay|let|allow|buy|spend|approve|fund|stop|shut up|budge|listen)\b)|"
                     r"(?<!\bi)(?<!\bwe)(?<!\byou)(?<!\bu)(?<!\bshe)(?<!\bhe)'ll\b|"
                     r"(?<!^)(?<!\bi'm )(?<!\bim )(?<!\bi am )(?<!\bwe're )(?<!\bwe are )(?<!\byou're )"
                     r"\b(gonna|going to|finna|gon'|bound to)\b(?! (lie|be (honest|real|fr)))|"  # "gonna lie": none
                     r"\bnext (year|quarter|decade|gen(eration)?)\b|"
                     r"\b(a|one|two|three|few|couple( of)?|\d+) (years?|months?) (from now|out)\b|"
                     r"\b(in|over|within) the (next|coming) \w+|\b(eventually|someday|some day)\b|"
                     # ("even for like one day": a length of time, not a day to come)
                     r"(?<!\bfor )(?<!\blike )\bone day\b|"
                     r"\bin the (long run|future)\b|\bdown the (road|line)\b|"
                     # "think it closes by the end of the year?", "predictions for when they catch gpt-5"
                     r"\bby the end of (the|this|next) (year|decade|quarter)\b|\bpredictions?\b|"
                     # "when do you think open models fully catch up", "when do people expect them to pass gpt-5"
                     r"\bwhen (do|does|will|would) (you|u|people|experts|analysts|folks|anyone|they|the articles) "
                     r"(think|expect|reckon|guess|predict|see)\b|"
                     # "is it likely to keep shrinking", "expected to close", "on track to pass gpt-5"
                     r"\b(likely|unlikely|expected|poised|on track|set) to (keep|continue|close|shrink|grow|widen|"
                     r"narrow|catch|stay|remain|overtake|pass|lead|flip|reverse|beat|match)\b")


_FIGURE_ASKED = re.compile(r"\bhow (far|many|much|big|wide|close)\b")


def foretold(low: str, asked: str | None) -> bool:
    """Whether `low` asks what is still to come (`asked`: the part that asks, gapbot.focus): in the part that asks,
    or, where that part only checks what was said ("is that cope?", "true?"), in the claim it checks. A forecast told
    as context ("my cousin swears they'll never switch. how far behind are they now?") asks none."""
    ask = asked or low
    if _CHECK.search(ask):
        # (a figure asked of now, "how many months behind are they actually right now?", foretells nothing however
        # the claim it checks is put: "my prof says they always will be")
        return bool(_FUTURE.search(low)) and not _FIGURE_ASKED.search(ask)
    # a short lead-in of the asking sentence is the question's time ("a year from now, is the gap bigger or
    # smaller?"); a longer one is a remark set aside ("my boss swears they'll never be good enough, so how far…")
    lead = re.split(r"[.!?…]\s+", low[:max(0, low.find(ask[:40]))])[-1]
    return bool(_FUTURE.search(ask if len(lead.split()) > 6 else lead + ask))


# A cause claimed ("they trail mostly because of post-training", "it's all down to compute", "thanks to
# distillation"): why the sides stand where they do, the articles' to weigh, however the claim is put to the bot;
# the asker's own reasons ("because i'd hate to be wrong", "because of data rules") claim no cause
_CAUSE = re.compile(r"\b(because|(bc|b/c) of|cuz|coz|due to|thanks to|owing to|driven by|explained by|attributable to|"
                    r"(comes?|boils?|is|are|it'?s|all) down to|stems? from|the (main |real |only )?reason)\b"
                    r"(?!( of)? (i|i'm|i'd|i've|we|we're|my|our|me|us|data|privacy|security|compliance|legal|cost|"
                    # the asker's people ("because the kids have strong opinions"): a reason of theirs, no cause
                    r"(the |my |our )?(kids|students|class|boss|team|company|school|family|friends?|colleagues?|"
                    r"manager|editor|readers?|users?|clients?))\b)")


# A reason that is itself the claim about the sides ("we can't use open models because they're 'two years behind'. is
# that true?"): the gap claimed, not a cause
_REASON_IS_THE_GAP = re.compile(r"\b(because|cuz|coz|since) (they'?re|they are|it'?s|it is|open (models|ones) are|"
                                r"open source is)\b[^.?!]{0,40}\b(behind|ahead|worse|better|weaker|stronger)\b")


def causal(low: str) -> bool:
    """Whether a claim checked in `low` says what causes something: a question for the articles. Not where the part
    that asks (gapbot.focus) is a question of its own that neither checks nor names a cause ("my lead wants to switch
    because 'the gap is gone'. i want to sanity-check that: how far behind are open models?"): the part that asks
    decides, and the reason told before it is context."""
    if not (_CHECK.search(low) and _CAUSE.search(_REASON_IS_THE_GAP.sub("", low))):
        return False
    asked = focus(low)
    return asked is None or bool(_CHECK.search(asked) or _CAUSE.search(asked))


def closer_than_then(low: str) -> bool:
    """Whether `low` asks whether the two sides are closer (or further apart) than they were at some time: a trend."""
    return bool(_THAN_THEN.search(low))


def published_verdict(low: str) -> bool:
    """Whether `low` asks which of the published figures it quotes is right (the articles' to tell)."""
    return bool(_VERDICT.search(low) and _PUBLISHED.search(low) or _CHECK.search(low) and
                (_SAID_BY.search(low) or _VIEW_OF.search(low)))


def put_to_the_figures(low: str) -> bool:
    """Whether `low` asks the figures themselves (numbers, boards, scores…) to settle what it quotes, or asks whether
    someone from the asker's own life is right ("a guy at work said open models are miles behind, is he right?"),
    with no analyst or publication behind the claim ("the brochure says open models are about a year behind, is
    that even what the figures show?"): the rows', whoever told it."""
    return bool((_THE_FIGURES.search(low) or (_NEAR_TELLER.search(low) and _RIGHT_ASKED.search(low))) and
                not _PUBLISHED.search(low) and not _ANALYST_NAMED.search(low) and not _MEMO.search(low))


# The figures themselves ("what the numbers say", "your data"), not data of another kind ("the training data")
_THE_FIGURES = re.compile(rf"\b(the|your|these|those|public|actual|real|hard|raw|latest) {_FIGURES}\b")
_ANALYST_NAMED = re.compile(rf"\b{_ANALYST}\b")
_MEMO = re.compile(r"\b(memo|headline|op-?ed|column|newsletter|thread)\b")
# Someone from the asker's own life, no public figure ("a guy at work", "my uncle", "someone on my team")
_NEAR_TELLER = re.compile(r"\b(a (guy|girl|dude|friend|mate|buddy|coworker|co-worker|colleague)(?! (on|from) "
                          r"(youtube|twitter|x|reddit|tiktok|linkedin|the internet|a podcast|tv)\b)|"
                          r"my (best |old |close |work |)(friend|mate|buddy|boss|manager|team lead|uncle|aunt|dad|"
                          r"mum|mom|brother|sister|cousin|coworker|co-worker|colleague|wife|husband|partner|son|"
                          r"daughter|nephew|niece|flatmate|roommate)(?!'s| company| firm)|"
                          r"someone (at|on|in) (work|my team|the team|the office))\b")
# …and whether they are right ("is he right?", "true?", "is that accurate")
_RIGHT_ASKED = re.compile(r"\b(is|are) (he|she|they|that|this) (even )?(right|correct|true|accurate|wrong)\b|"
                          r"\b(he|she|they)(?: is| are|['’]s|['’]re) (right|wrong)\b|\btrue\?|"
                          r"\bis (that|it) (even )?so\b")


def analyst_asked(low: str) -> bool:
    """Whether `low` asks a named analyst's or public figure's view, or checks what one said ("what's epoch's take",
    "jensen said they're months behind, is he right?")."""
    return bool(_VIEW_OF.search(low) or _ACCORDING_TO.search(low) or published_verdict(low))


def article_asked(low: str) -> bool:
    """Whether `low` asks what only the articles answer about a figure it mentions: where it comes from, which
    analyst's is right, what will happen or what an event changed for good ("where is that 3.5 months from", "is open
    winning the long game", "did r1 change anything long term")."""
    return bool(_ARTICLE_ASKED.search(low) or analyst_asked(low))


# How far apart the sides were at one time ("at the start of 2025, what kind of lead did closed models have"): the
# gap then, not how it moved; a time set against another ("in 2024 compared to now") is a change
_LEVEL_THEN = re.compile(r"\b(what|how)\b.{0,30}\b(lead|gap|margin|distance|far|big|wide|behind|ahead)\b.{0,40}"
                         r"\b(did|was|were|had)\b|\b(what|how)\b.{0,15}\b(did|was|were|had)\b.{0,40}"
                         r"\b(lead|gap|margin|distance|behind|ahead)\b")
_THEN_AND_NOW = re.compile(r"\b(now|today|since|compared|vs\.?|versus|then and|these days|currently)\b")


def level_at_a_date(low: str) -> bool:
    """Whether `low` asks how far apart the sides were at one time in the past (a gap then), not how it moved."""
    return bool(_LEVEL_THEN.search(low)) and not _THEN_AND_NOW.search(low)
