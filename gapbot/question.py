"""Understand a gap question without a language model: intent, category, source, models, group, top-N.

Model names are matched through a `ModelMatcher` built from the registry and the ingested rows, forgiving of
spacing, punctuation and small typos ("deepseek v3.2", "gpt5.1").
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from gapbot.benchmarks import BENCHMARKS, Benchmark, find_benchmark
from gapbot.categories import (
    NEAREST,
    find_categories,
    find_category,
    find_unlisted,
    nearest_category,
    respell,
)
from gapbot.claims import (
    article_asked,
    causal,
    checked,
    closer_than_then,
    foretold,
    level_at_a_date,
    put_to_the_figures,
)
from gapbot.dates import DateSpan, asking_sentences, find_date, moved, shift
from gapbot.focus import TOLD_AFTER, focus, sentences
from gapbot.gloss import gloss
from gapbot.instructions import strip as strip_instructions
from gapbot.registry import drop_parentheticals, normalize, squash, strip_settings
from gapbot.senses import senses_of, unserving

if TYPE_CHECKING:
    from gapbot.followup_model import FollowUpModel
    from gapbot.intent_model import IntentModel
    from gapbot.registry import ModelInfo

MAX_QUESTION_CHARS = 1000
INTENTS = ("gap", "best", "trend", "compare", "model", "catch_up", "explain", "out_of_scope")

SOURCES = {
    "livebench": ("livebench", "live bench"),
    "aider": ("aider",),
    # style control is a setting only the arena's board has ("with style control on?")
    "lmarena": ("lmarena", "lm arena", "chatbot arena", "lmsys", "arena", "style control"),
    "epoch": ("epoch", "epoch ai", "eci", "frontiermath", "frontier math"),
    # No SWE-bench data is ingested yet: naming it gets "I have no leaderboard from swebench…", never another board.
    "swebench": ("swe-bench", "swe bench", "swebench"),
    # Moderators' uploads (gapbot/uploaded.py): answered only when named.
    "upload": ("uploaded", "uploads", "the upload", "community board", "community upload"),
    # Leaderboards people name that no feed gives yet: "I have no … data yet", never another board's answer.
    "artificialanalysis": ("artificial analysis", "artificialanalysis", "artificial-analysis"),
    "openllm": ("open llm leaderboard", "hugging face leaderboard", "huggingface leaderboard", "hf leaderboard"),
    "openrouter": ("openrouter", "open router"),
    "helm": ("stanford helm", "helm leaderboard", "helm"),
    "vellum": ("vellum",),
}
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10}
# Mentions, and the "<" of any "<@" or "<#" left (a mention cut short): the question's text, shown again in the
# reading line or a quote, never holds the start of a mention that other text could complete.
_MENTION = re.compile(r"<[@#][!&]?\d+>|@(everyone|here)\b|<(?=[@#])")
_CODE = re.compile(r"`{1,3}")
# "according to epoch", "according to the leaderboards": which figures, not whose view ("according to the articles")
_ACCORDING = (r"according to(?! (the |an? )?(" + "|".join(re.escape(w) for ws in SOURCES.values() for w in ws) +
              r"|(\w+ )?(leaderboards?|boards?|benchmarks?|data|numbers|scores|rankings?|elo)\b))")
# Asking for a view, a prediction, a cause or how the bot works: answered from the articles, even where the question
# also says "gap", "best" or "behind" ("do analysts expect open models to overtake closed ones").
_VIEW = (r"who (thinks|says|believes|predicts|argues|expects|claims)|(anyone|someone|people) (saying|says?)|"
         # which of the sources says what ("which source claims they're a year behind", "which sources say weeks and
         # which say months", "do any of your other sources also say the gap is growing"): what is said, and by whom
         r"which (of (the|your) )?(sources?|articles?|reports?|analysts?|studies|papers?|pieces?) (say|says|claims?|"
         r"argues?|puts?|estimates?)|(do|does) (any|all|most|both|either) (of )?(the |your )?(other )?(sources?|"
         r"articles?|reports?|analysts?|studies|papers?) (also )?(say|claim|argue|agree|back)|"
         r"(analysts|experts|researchers|people|commentators|insiders) (expect|predict|think|say|believe|argue)|"
         r"predict\w*|expect\w*|forecast\w*|"
         r"will\b[^?]{0,40}\b(ever|close|overtake|catch|win|stay|keep|last|widen|shrink|still|flip|be (on top|ahead))|"
         r"caus(e|es|ed|ing)|due to|what drove|driv(es|ing|en)|what'?s behind (that|it|this|the)|what explains|"
         # how far the figures can be trusted ("the most reliable open model" is a best question)
         r"(reliab\w*|trust\w*|accurate)\b.{0,30}\b(leaderboards?|benchmarks?|boards?|numbers|scores|elo|rankings?|"
         r"figures)|can (i|we) trust|contaminat\w*|cheat\w*|gam(ed|ing) the|methodolog\w*|(what )?counts? as|"
         + _ACCORDING + r"|(per|based on|going by|from) (the|your|what) ([\w']+ ){0,2}(sources|articles|reading|news|"
         r"reports|pieces|ingested|read)|the sources|"
         r"how (is|are|was|were) (the )?(\w+ ){0,2}(computed|calculated|derived|worked out)|"
         r"how (do|does|did) (you|gapbot|the bot|it) (compute|calculate|measure|decide|count|turn|convert|work out|"
         r"pick|choose|define|know|figure)")
# The open side set relative to the closed one or its leader ("where are open models strongest relative to the closed
# ones", "the best open model's score versus the best closed one's", "how does that compare to the top proprietary
# one"): the gap between the two sides, even where "best" or "strongest" is said
_RELATIVE_TO = (r"(relative to (the )?((best|top|leading|strongest) )?|"
                r"(vs\.?|versus|against|compared? (to|with)|from|near) "
                # the leader or the best by one ("vs best by a closed one", "vs the top score of the closed ones")
                r"(the )?(best|top|leading|strongest|highest|#1|number one) ((score|result|mark|one) )?"
                r"((by|of|from|among) (an? |the )?)?|"
                # near the leader's score, not the leading models ("closest to the top closed score")
                r"clos(e|er|est) to (the )?(best|top|leading|#1) "
                r"(?=(closed|proprietary|api|paid|commercial) (scores?|results?|marks?|numbers?)\b))"
                r"(closed|proprietary|api|paid|commercial)")
# An open model looked for among the overall leaders ("is there even one open model in the arena top 5"): whether the
# open side reaches the top N, a catch-up
_IN_THE_TOP = (r"(is there|are there|do we have|got) (even |at least )?(one|any|a single) (open|oss|local)"
               r"( source| weights?)? (model|one|llm)s? (in|among|inside|within) the (\w+ ){0,2}top \d+")
# How near the two sides are: a gap question, even where it says "best" ("does the number one open model come close
# to the number one closed one").
_NEAR = (r"how close|comes? close|close to|on par|how much (better|worse|stronger|weaker)|competitive|"
         r"keep(ing)? (up|pace)|neck and neck|trail\w*|"
         r"margin|separates?|difference|(open|oss)( source| weights?)?,? (or|vs\.?|versus) (closed|proprietary)|"
         r"(closed|proprietary),? (or|vs\.?|versus) open|(vs\.?|versus|against) (the )?(closed|proprietary|api)|"
         + _RELATIVE_TO)
# Verbs of a line first crossed ("first pass 50%", never a "first pass rate"): one list for the keyword and the rule
_CROSSED = r"pass(?! ?(rate|@|at))|past|cross|clear(?!ly)|hit|break|broke|crack|top"
_RE = {
    "catch_up": re.compile(r"\b(catch(es|ing)? up (with|to)|caught up (with|to)|cach up|catch|match(ed)?|reach(ed)?|"
                           r"equal(led)?|surpass(ed)?|beat (the )?(original )?(gpt|claude|gemini|o\d)|"
                           rf"first (to )?({_CROSSED})\w*|"
                           r"ever (topped|led|been (#1|number one)))(?!\w)"),
    "trend": re.compile(r"\b(shrink\w*|shr[ua]nk|grow\w*|clos(e|es|ing) the gap|closing|gap (is )?clos\w*|widen\w*|"
                        r"narrow\w*|"
                        # "did the gap on mmlu close during 2024", "gap at each livebench release"
                        # (not "has the gap on math closed yet": where it stands now)
                        r"(did|has|have) [^?]{0,50}\bgap\b[^?]{0,40}\bclosed?\b(?![^?]{0,20}\byet\b)|"
                        r"(at|for|in) (each|every) "
                        r"(release|snapshot|update|version)|"
                        r"trend\w*|over time|history|historical|chang(e|ed|ing)|getting (smaller|bigger|larger|wider)|"
                        r"evolv\w*|progress(ed)? since|since 20\d\d|improv\w* over|timeline|trajector\w*|"
                        r"mov(ed|ing)|wide?n?ing|how (fast|quickly)|getting (better|worse|closer)|better or worse|"
                        # the rate and direction of change, a span of time ("through 2025", "release after release")
                        r"improv(e|es|ed|ing)|gain(ing|ed) on|pull(ing|ed) away|changed hands|did\b.{0,40}\bmove|"
                        r"through 20\d\d|year over year|release after release|over the (years|months|past \w+)|"
                        r"movement|shift(ed|s|ing)?|(month|year|release) by (month|year|release)|progress\b.{0,40}"
                        r"\b(lately|recently)|"
                        # a change told as its two ends: "went from huge to basically nothing"
                        r"(went|gone|dropped|fell|shrunk|grew) from\b.{1,40}?\bto\b|"
                        # set against an earlier release, or when it was smallest: "bigger or smaller than in the
                        # previous release", "in which month was the gap at its smallest", "how much have they
                        # closed in" (on dev: 8, 14, 4 and 11 questions, all trends)
                        r"than (in |on |at )?(the )?(previous|last|prior|earlier|preceding) (release|snapshot|update|"
                        r"version|edition|month|year|quarter|one)|at its (smallest|biggest|largest|widest|narrowest|"
                        r"lowest|highest|peak)|(which|what) (month|release|year|snapshot|quarter)\b[^?]{0,50}\b("
                        r"smallest|biggest|largest|widest|narrowest|lowest|highest)|(have|has|had) [^?]{0,40}\bclosed "
                        r"in|"
                        # "at what point last year did an open model come closest", "when were they furthest behind"
                        r"(when|at what point)\b[^?]{0,60}\b(closest|furthest|farthest))\b"),
    "explain": re.compile(r"\b(why|how come|reasons?|explain\w*|what do (experts|analysts|people|articles) "
                          r"(say|think)|does \w+ (think|say|believe|claim)|" + _ACCORDING + r"|argue\w*|opinion|"
                          r"how (is|do you|does \w+) (the gap )?measure\w*|what does open(-| )(weights?|source) mean|"
                          r"what is an open|definition|evidence|distill\w*|risk\w*|nist|stanford|ai index|"
                          r"caisi|policy|why not|memo|articles?|podcasts?|essay|interview|"
                          r"what (does|do|did) [\w\s'-]{1,60}? (say|think|argue|claim|write|believe|predict)|"
                          r"moats?|overhyped|hype\w*|scaling|compute|talent|architecture|the case (for|against)|"
                          r"safety|security|regulat\w*|export controls?|sanctions|licen[cs]\w*|"
                          r"wh?at do .{0,30}say|say about|who said|matters?|" + _VIEW + r")\b"),
    "compare": re.compile(r"\b(compare\w*|comparison|vs\.?|versus|against|better than|worse than|"
                          r"difference between|or)\b"),
    "best": re.compile(r"\b(best|top|leading|leader\w*|strongest|highest|rank\w*|winner|number one|#1|who leads|"
                       r"which (open|closed|proprietary)?\s*(model|llm)s?|what('s| is) the (best|top)|"
                       r"winning among|among (the )?(open|closed|proprietary)|which of the|which one)\b"),
    "gap": re.compile(r"\b(gap|behind|ahead|lead|lag\w*|distance|far|difference|catch(ing)? up|open vs|"
                      r"open[- ]weights? vs|versus closed|closed vs|" + _NEAR + r")\b"),
    "model": re.compile(r"\b(how good|how strong|how well|score[sd]?|perform\w*|rating|good at|tell me about)\b"),
}
# The two sides named by price, both of them ("the free ones vs the payed ones"): open against closed
_PRICE_SIDES = (r"free (ones|models?|llms?|stuff)\b.{0,60}\bpa(id|yed) (ones|models?|llms?|stuff)|"
                r"pa(id|yed) (ones|models?|llms?|stuff)\b.{0,60}\bfree (ones|models?|llms?|stuff)")
_SCOPE = re.compile(r"\b(models?|llms?|ai|oss|open|closed|proprietary|weights?|gap|benchmark\w*|leaderboard\w*|"
                    r"score\w*|gapbot|the bot|elo|rag|rlhf|distill\w*|transformers?|pretrain\w*|gpt|claude|gemini|"
                    r"llama|deepseek|qwen|mistral|grok|kimi|glm|frontier|source|lab|labs|" + _PRICE_SIDES + r")\b")
# Text posing as instructions to the bot ("system: …", "ignore all previous instructions", "[admin] …"): removed
# before the question is read (gapbot.instructions), so it can never change what is answered.
# A task or price asked about with no other model or side set against it in the same sentence.
# Nor a domain the boards score: "is qwen good for my coding" asks how good it is at coding.
_NOT_SET_AGAINST = (r"(?![^?.]*\b(as (well|good) as|better|worse|than|gap|behind|ahead|compared?|vs\.?|versus)\b)"
                    r"(?!(\w+ )?(cod\w*|programm\w*|maths?\b|reasoning|data analysis|agentic|instruction))")
# Asked of any chatbot, never of this one: declined even when they name a model or an AI company.
# Not the name of a tool the asker runs ("my haiku generator", "our poem bot"): that is no request for a poem
_NOT_A_TOOL = r"(?! ?(generators?|bots?|apps?|tools?)\b)"
_OFF_TOPIC = re.compile(r"\b(stocks?|share price|stock price|market cap|invest\w*|crypto\w*|bitcoin|weather|"
                        # sport ("which categories do you like best at the olympics?"), never "the ai world cup"
                        r"(?<!ai )(olympics?|world cup|super ?bowl|nba|nfl|fifa|premier league|champions league|soccer|"
                        r"basketball|baseball|tennis|cricket)|"
                        # weights taken from a lab, never released ("where do i get the leaked gpt-5 weights")
                        r"(leaked|pirated|stolen|cracked) ([\w.-]+ ){0,3}weights|"
                        r"recipes?|cook(s|ing)? (a |an |some |my |the )?(\w+ )?"
                        r"(meal|dinner|lunch|breakfast|rice|pasta|steak|chicken|eggs?)|"
                        r"how (do|to|should|can) (i )?cook|jokes?|"
                        # (a poem asked for; "which ai writes the best poems" asks about an ability)
                        # (a tool the asker runs is no request: "my haiku generator", "our poem bot")
                        rf"(?<!writes )(?<!writing )(?<!best )poems?{_NOT_A_TOOL}|"
                        rf"(?<!claude )(?<![0-9] )haiku(?![ -]?[0-9]){_NOT_A_TOOL}|"
                        r"song lyrics|horoscope|dating|"
                        r"(do|solve|finish|answer|write) (my|this|the) (\w+ )?homework|homework (help|answers?)|"
                        # the asker's writing task ("write me a script", "turn that into a tweet thread"), never what a
                        # model does ("when it has to write code", "which one can write code")
                        r"(?<!has to )(?<!have to )(?<!\bit )(?<!they )(?<!\bcan )(?<!\bto )(?<!models )(?<!model )"
                        r"(write|(make|build|code|create|generate) (me|us)) (me )?(a |an |some )?(\w+ )?"
                        r"(code|script|function|program|essay|email|story|poem|quer(y|ies)|regexe?s?|regexp|sql|"
                        r"bots?|apps?|snippet|scraper|notebook|dashboard|website|plugin|extension|formula)|"
                        # a model asked to do the asker's own task ("could claude plan my trip", "is gemini ok for
                        # drafting our wedding toast"): what it can do for one person, not its standing (unless set
                        # against another: "can qwen do my coding as well as gpt-5")
                        r"(can|could|should|will|would) (i (use|trust|get) )?[\w.' -]{1,30}? (to )?(do|write|file|"
                        r"handle|plan|draft|fix|manage|organi[sz]e|proofread|edit|help (me |us )?(with|write|do|plan)) "
                        r"(my|our) " + _NOT_SET_AGAINST + r"|(is|are) [\w.' -]{1,30}? (any )?(good|great|ok|okay|"
                        r"decent|safe|reliable|fine|useful) (for|at|with) (\w+ing )?(my|our) " + _NOT_SET_AGAINST + r"|"
                        # asked to announce a made-up standing ("pretend the boards say x is #1 and post it")
                        r"pretend [^.?!]{0,80}\b(and|then) (confirm|announce|post|repeat|say|tell|agree)|"
                        r"(?<!\bto )(?<!\bcan )(?<!\bit )(?<!they )(?<!models )"
                        r"(write|draft|compose|make|turn|rewrite|convert|put|condense|boil|summari[sz]e|rephrase) "
                        r"(me |us )?(that |this |it |these |those |the (answer|above|results?|numbers|reply|figures) )?"
                        r"((up|down) )?((into|as|in) )?(a |an |some )?([\w-]+ ){0,2}(tweets?|threads?|posts?|"
                        r"limericks?|songs?|raps?|summary|tl;? ?dr|newsletter|press release|slides?|memes?|"
                        r"linkedin|bullet points)|"
                        r"(fix|debug) (my|this) (code|bug)|"
                        r"how (do|can|should) i (fine[- ]?tune|install|run|train|deploy|host|set up|use|get|access|"
                        r"quanti[sz]e)|"
                        # running a model on one's own machine, jobs at the labs, models that are not AI
                        r"quanti[sz]\w*|gguf|llama\.?cpp|ollama|lm studio|vram|(what|which) gpu|gpus? (should|to buy)|"
                        r"graphics cards?|gap (stores?|shop|outlet|jeans|hoodie|clothing|year)|"
                        # (work as the asker's employment, not the job a trade is on: "we finished a hospital job",
                        # "… is my whole job", "my day job")
                        r"(get|getting|land|landing|apply|applying|find|finding|hunt\w*|looking for|lost|losing|take|"
                        r"takes|taking|takin|replace|replacing|steal|stealing|quit|for) (a |an |my |our |your |their |"
                        r"the |me a )?([\w-]+ ){0,3}jobs?\b|jobs? (at|with|openings?|offers?|market|postings?|boards?|"
                        r"listings?|interviews?|applications?|hunt\w*|security|loss|search)|job[- ]?(hunt\w*|seekers?)|"
                        r"(your|my) (only |new )?job (is|now)|new job|(cluster|slurm|array|queue|gpu|eval|etl|nightly) "
                        r"(\w+ )?jobs?|jobs? (deep|running)|\w+ jobs in\b|"
                        r"hiring|careers?|salar(y|ies)|internships?|"
                        r"(runway|fashion|role|scale) models?|"
                        r"model (kits?|trains?|railways?|cars?|planes?|agency)|"
                        r"(car|phone|laptop|tv|camera|bike) models?|"
                        r"(best|which|what|good|cheap\w*|budget|recommend\w*|buy|get|need) (a |an )?(\w+ )?(laptop|"
                        r"macbook|pc|computer|desktop|mac mini|mac studio|hardware|rig|server)s?"
                        r"( (should|would|do|can|could) (i|we|you) (buy|get|need|recommend))? (for|to) "
                        r"(run|running|host|hosting|serve|serving)|"
                        # (a buy or a sell is declined before this is read: _TRADE_ASKED)
                        r"(is|are) [\w.$' -]{1,20}(?<!\bin) a (good |solid |smart )?hold\b|"
                        r"what model are you|are you (an? )?(ai|bot|human)|"
                        # using a model oneself: its price per token, licence, size, running it, one's own errors
                        r"per (million|1m|mil|thousand|1k|k) tokens|(token|api|rental) pric\w*|prices? per hour|"
                        r"(price|pricing|cost) (of|for) (the )?(\w+ )?(api|tokens?)|"
                        r"(can|may|could) (i|we) use [^?.]{0,40}commercially|use (it|them) commercially|"
                        r"(can|may|could) (i|we) (use|ship|sell|deploy|build|put) [^?.]{0,40}\b(in|into|with) "
                        r"(a |an |our |my )?(commercial|paid|closed[- ]source) (product|app|service|saas)|"
                        # what a provider charges for one, or getting a tool to run against it
                        # (not its prices as a cause: "does the pricing of open models explain why they caught up")
                        r"(pricing|prices) (for|of|on)(?![^?.]*\b(why|explain\w*|because|gap|catch\w*|behind|ahead)\b)|"
                        r"(which|what|cheapest|best) (api |inference )?(providers?|hosts?) (for|to (use|run|call)|of)|"
                        r"config(uration)? help|(is there (a|any)|any) way to (get|make|have) "
                        r"[\w.' -]{1,30} (to )?(run|work|talk|connect)|"
                        # what training or running one draws: its energy, water and carbon, not its ability
                        r"how much (electricity|energy|power|water)|(electricity|energy|power|water) "
                        r"(use|usage|consumption|footprint|draw|bill)|carbon (footprint|emissions?)|co2|emissions|"
                        r"what licen[cs]e (is|does|do)|licen[cs]e (is )?(compatible|blocks?|allows?|permits?)|"
                        r"how many param\w*|param(eter)?s? count|(cheapest|best) way to run|"
                        # what one costs to use from a provider ("cheapest api for r1"): a bill, not a board's cost
                        # column ("the cheapest open model in the top 10" stays)
                        r"cheapest (\w+ )?(apis?|providers?|plans?|subscriptions?|tiers?)\b|"
                        # running one locally (its quant, its speed), its knowledge cutoff, fine-tuning one,
                        # an app for it, what training it cost: a model's use, never its standing
                        r"quants?|q\d_(k|\d)\w*|gptq|awq|exl2|mlx|tokens? ?(/|per) ?s(ec(ond)?)?|tok/s|t/s|"
                        r"(knowledge|training|data) cut-?off|"
                        r"(best|easiest|simplest|cheapest|fastest|right|proper) way to (fine[- ]?tune|finetune|train|"
                        r"run|host|deploy|install|serve|set up)|fine[- ]?tun\w* ([\w.-]+ ){1,4}on (my|our) (own )?"
                        r"(\w+ )?(data|logs|chats?|messages|notes|docs|documents|emails|codebase|dataset)|"
                        r"(is there|are there|any|an|good|best|which|what) apps?|apps? (that|which|to|for) (run|use|"
                        r"chat)|android|iphone|ios|"
                        r"(how much|what) did (it )?([\w.'-]+ ){0,3}cost (to|them to) train|"
                        r"cost (to|of) train(ing)? [\w.-]+( [\w.-]+)?,? in (dollars|usd|euros)|"
                        r"oom(ing|s)?|out of memory|cuda error|my (fine-?tune|finetune|training run|server|rig) "
                        r"(died|crashed|failed|broke)|died at step|"
                        # a moral or legal judgement asked for: no leaderboard or article figure settles it
                        r"(is it|is that|are they) (ethical|unethical|moral|immoral|legal|illegal)|"
                        r"should [\w ]{1,30} be (allowed|banned) to)\b")
# Asked for the asker's own work or a debate no board or article settles, however a model it names leans the reading
# (a rule, not the intent model's call): debugging or speeding up one's code ("my dp TLEs, r1 just rewrote it"),
# checking one's proof, a prompt to write, an API bill for one's project, a release waited for ("llama 5 when"),
# weapons, a model's consciousness, playing a part; and gaps that are not this one (shell sort's, the tube's)
_OWN_TASK = re.compile(r"\b((help (me )?|can (u|you|someone|anyone) )(to )?(debug|fix|optimi[sz]e|speed up)|"
                       r"(debug|fix|optimi[sz]e|speed up) (my|our)|tles?|time limit exceeded|on test (case )?\d+|"
                       r"my (\w+ ){0,3}(dp|code|solution|algorithm|implementation|submission|program|script|function)"
                       r"\b[^?.!]{0,40}\b(too slow|slow|tles?|fails?|crash\w*|broken|bug\w*)|"
                       r"(check|grade|review|proofread|mark|look over) (my|our) (\w+ ){0,2}(proofs?|homework|essay|"
                       r"solution|work|assignment|derivation|thesis)|"
                       r"(good|best|better|great|solid) (system )?prompts? (to|for)|how (do|should|can|would) i prompt|"
                       r"prompt(ing)? (tips|advice)|(write|craft|improve) (me )?(a |my )?(system )?prompts?|"
                       r"(cheap\w*|pric\w*|cost\w*|afford\w*)\b[^?.]{0,30}\bfor (my|our) (side |\w+ )?"
                       r"(project|app|startup|"
                       r"business|bot|use ?case|saas)|api[- ]wise|api keys?|"
                       r"(ping|notify|alert|dm|tag) (me|us) when|let (me|us) know when|"
                       r"conscious(ness)?|sentien(t|ce)|"
                       r"self[- ]aware|mind the gap|shell ?sort|gap sequence|"
                       # the channel's own housekeeping ("can someone pin this", "mods pls bookmark that"), a question
                       # to the others in it ("anyone here tried the new kimi yet"), a subscription, one's data
                       r"(pin|bookmark\w*|sticky|screenshot\w*|saving) (this|that|it)\b|"
                       # the bot's answer told of to the others ("@everyone look what the bot said", "the bot answered
                       # it, can we stop arguing now")
                       r"(the|this) bot (said|says|answered|just said|posted|replied|told|settled)(?![^?]*\?)|"
                       r"\b(mac|macbook|pc|laptop|gpu|card|rtx ?\d*|m[1-4]( pro| max| ultra)?|\d+ ?gb)\b.{0,20}\b(good|"
                       r"powerful|strong|big) enough to run\b|cost (me|us)\b|my (system )?prompts? (keeps?|is|isn'?t|"
                       r"won'?t|doesn'?t|gets?)\b|summari[sz]e (the|this|that|it)\b|get (\w+ ){0,3}(for )?free\b|"
                       r"^(anyone|anybody|who else|has anyone|did anyone|any1)( here| else)? (is |are )?"
                       r"(tried|try|using|use|hyped|excited|seen|played|running|run|stayed up|staying up|watching|"
                       r"watched|waiting)|"
                       r"worth (subscribing|upgrading)|should (i|we) (just )?(stick with|keep paying|cancel)|"
                       # one's own fine-tune, settings, download, the bot itself, gpu rental, a phone's npu, a short
                       r"my ([\w.-]+ ){0,4}(fine-?tune|finetune|lora|qlora|training run)|learning rate|"
                       r"sampler settings?|min_p|top_p|where (can|do|should) (i|we) (download|get the weights)|"
                       r"are you (running on|built on|powered by|based on)|what (model|llm) are you|"
                       r"\byour (own |personal )?favou?rite\b|\b(dm|pm) (me|us)\b|\b(my|our) (monthly |api |"
                       r"openai |claude |total )?bill\b|"
                       r"(cloud )?gpu (provider|rental|host)|cloud gpus?|npu|short(ing)? (nvidia|nvda|the stock)|"
                       # speed of running it, or the law on using it ("which is faster to run locally", "can i
                       # legally use llama 4 in a commercial product")
                       r"(faster|quicker|slower) to run|runs? faster|tokens? (per|a) sec\w*|tok/s|inference speed|"
                       r"legally(?! (download|fork)\b)|commercial(ly)? (use|product|app|project)s?|commercially|"
                       # the law on one's own case ("would it infringe copyright", "our lawyer is on holiday")
                       r"infring\w*|cease[- ]and[- ]desist|(our|my) lawyer|allowed under|against (the|their|its) "
                       r"(terms|tos)|(own|owns|owning) the copyright|copyright (on|of|for) (my|our|the|what)|"
                       r"terms of (service|use)|fair use|"
                       r"(safe|private|secure) to (put|paste|share|upload|give|send)|"
                       # where an app keeps one's data, whether a download is safe, what hosting would cost one
                       # ("does the deepseek app send my prompts to servers in china", "cost per month to self-host
                       # kimi k2 for our server")
                       r"servers? in china|(my|our) (prompts?|data|chat history|chats|conversations)\b.{0,30}\b"
                       r"(stored|sent|sends?|end up|go(es)?|kept|logged)|safe to (download|install)|malware|"
                       r"cost (\w+ ){0,3}(per|a|each) month to (self-host|run|host)|(our|my) monthly (cost|spend)|"
                       r"cheaper for (us|me)|cost (me|us) to (run|host|self-host)|privacy[- ]wise|"
                       r"(better|safer|worse) for privacy|"
                       # a pick for one's own product, a provider, one's own machine, an error, an outage, a share
                       # price's move ("which open model should i use for my support bot", "will r1 run on my 3080")
                       r"(should|recommend\w*)\b.{0,40}\b(i|we|me|us)\b.{0,40}\bfor (my|our)\b|"
                       r"recommend (me )?(a |an |some )?(\w+ ){0,2}(providers?|hosts?|hosting)|"
                       r"(^|[.!?,;:]\s*|\b(and|but|so) )(will|can|could|would|does|do|should) (\w+ ){0,4}"
                       r"(run|load|fit)s? (\w+ ){0,4}(locally )?"
                       r"(on|with|in) ((my|our|a|an) (\d+ ?gb|macbook|laptop|pc|gpu|phone|mac|rtx|\d{4})|"
                       r"\d+ ?x ?(rtx ?)?\d{4}\b)|"
                       # (an AI service's outage, never a power line's: "we had a 14 hour outage from a feeder fault")
                       r"out of memory|oom|(api|chatgpt|service|site|server|hugging ?face|claude|gemini|openai|"
                       r"anthropic|grok|deepseek|copilot)('?s)?( [\w.-]+){0,3}? outages?|fewer outages|"
                       r"outages? (over|status|end)\b|the outage (over|still)\b|"
                       # one's own machine, host, licence or prompt ("which of them can i run on a 3090", "how much
                       # vram do i need", "cheapest place to host it", "ok in our product? license wise")
                       r"(can|could) (i|we) (\w+ ){0,2}run (\w+ ){0,3}on (a |an |my |our )?(\d+ ?gb|(rtx ?)?\d{4}\b|"
                       r"macbook|laptop|pc|gpu|mac|phone)|how much (v?ram|memory|gpu memory|disk)\b|"
                       r"(v?ram|memory) (do )?(i|we|you) need|(place|where|somewhere) to host\b|"
                       r"host (it|them|this) (cheap\w*|for cheap)|cheapest (way|place|host\w*|provider)|"
                       r"licen[cs]e[- ]?wise|prompt templates?|"
                       # one's own data or homework ("does alibaba train on my conversations", "write my essay on
                       # open vs closed ai")
                       r"train(s|ing)? on (my|our) (data|conversations?|chats?|prompts?|inputs?|messages?)|"
                       # (a model "for writing my paper"; not "i'm writing my thesis on ai, how far behind …")
                       r"(write|for writing|finish|for finishing) (my|our) (\w+ ){0,2}(essay|assignment|paper|"
                       r"coursework|thesis|dissertation)|"
                       r"(recommend|suggest)\w* (me |us )?(a|an|some|any)( \w+){0,3} (model|llm|one)s? for (\w+ ){0,3}"
                       r"(my|our)|"
                       r"(stocks?|shares|share price|nvda|market cap)\b.{0,20}\b(go(es)? (up|down)|rise|fall|drop|"
                       r"crash|tank|moon|recover))\b|"
                       r"^(?=[^?]*[0-9])([\w.-]+ ){1,3}when\W*$")
# A pick for one's own use asked for ("which one should we go with", "what would you use for a coding agent startup",
# "is it fine to use with customer data"): advice, not a standing, unless the boards are asked to settle it ("should i
# use kimi k2 or sonnet 4 for coding, judging by the benchmarks?")
_PICK_VERB = (r"(use|pick|go with|choose|switch( [\w-]+){0,3} to|stick with|build on|put in|start with|deploy|"
              r"self-host|move to|migrate to|pay for|standardi[sz]e on|slap into|plug into|license|buy|subscribe to|"
              r"pilot|trial|adopt|roll out)")
_NOT_A_MEASURE = r"(?! to (say|measure|describe|show|tell|compare|judge|track)\b)"
_OWN_PICK = re.compile(
    r"\b(which|what)\b[^?.!]{0,40}?\b(should|would|do you recommend|would you recommend|do you suggest|do i|do we)"
    # not "what single number would you use to say how far behind …"
    r"( (i|we|you|me|us|(my|our) \w+|a [\w -]{1,25}?|an? \w+))? " + _PICK_VERB + r"\b" + _NOT_A_MEASURE + r"|"
    r"\bshould (i|we|(my|our) \w+) (just |even |really )?" + _PICK_VERB + r"\b" + _NOT_A_MEASURE + r"|"
    r"\b(what|which)( \w+){0,2} would (you|u) (personally |yourself |honestly )?"
    r"(use|pick|go with|choose|put|run|trust)\b" + _NOT_A_MEASURE + r"|"
    r"\bput (\w+ ){0,2}in(to)? production\b|"
    r"\b(fine|ok|okay|safe|allowed|compliant)\b.{0,25}\b(with|for|on) (our |my |the )?(customer|client|patient|user|"
    r"company|internal|sensitive|private|confidential) (data|info\w*|docs?|documents|records)\b|"
    # "qwen3-coder or sonnet 4 for our cursor workflow?", "which open model is best for my support bot",
    # "how do we submit our model", "pros and cons for our specific case"
    r"\b(or|vs\.?|versus)\b [\w.\- ]{1,40}? for (our|my) (?!(\w+ )?(cod\w*|programm\w*|maths?\b|reasoning|"
    r"data analysis|agentic|instruction))|"
    r"\b(best|good|better|right|ideal|strongest|smartest)\b (\w+ ){0,2}for (my|our) " + _NOT_SET_AGAINST + r"|"
    r"\bhow (do|can|should|would) (i|we) (submit|point|switch|migrate|budget|estimate|get access)\b|"
    r"\b(for|in|given) (our|my) (specific |particular |own )?(case|situation|setup|use ?case|stack|needs)\b")
# The leaderboards and what they give, named: a pick "judging by the benchmarks" is theirs to settle (_BOARD_WORD), and
# a question about a company's money that names them asks about them (_BOARDS_ASKED)
_BOARD_TERMS = (r"benchmarks?|leaderboards?|boards?(?! (memo|meetings?|members?|of directors|deck|report|presentation|"
                r"room|chair))|scores?|rank\w*|elo|livebench|lmarena|arena|aider|epoch|swe-?bench")
_BOARD_WORD = re.compile(rf"\b({_BOARD_TERMS}|numbers|smarter|stronger)\b")
# What the part that asks (gapbot.focus) asks for: a text written for the asker ("could you draft an 800-word
# explainer…", "proofread the intro of my op-ed", "invent a quote from an Epoch researcher"), or a company's money
# ("alibaba's cloud revenue", "meta's capex", "salaries at deepseek") with nothing the boards hold: declined, however
# long the context before it (a long message that tells of a draft and then asks how far behind open models are is
# asked by its question, not its story)
_WRITING_TASK = re.compile(r"^((please|pls|plz|ok|okay|so|and|now|then|hey|also|just|honestly)[\s,]+)*"
                           r"((could|can|would|will) (you|u|someone|anyone)( please| pls| just| quickly| maybe)? |"
                           r"help (me|us) |i need you to |i'd like you to )?"
                           r"(draft|write|proofread|tighten|polish|rewrite|edit|design|invent|fabricate|make up|draw|"
                           r"roast|(make|generate|create|render) (me |us )?(an? |some )?([\w-]+ )?(image|picture|pic|"
                           r"drawing|logo|avatar|meme|video|gif)s?|(give|list|suggest|brainstorm|pitch) (me |us )?"
                           r"(\d+ |some |a few |a couple of )?([\w-]+ ){0,2}ideas)\b"
                           r"(?! (about|on) )")
_FINANCES = re.compile(r"\b(revenue|capex|earnings|profits?|valuation|valued at|funding rounds?|ipo|salar(y|ies)|"
                       r"pay (range|band)s?|headcount|market share of|spent on|spend on|"
                       # a model's training bill ("how much did it cost deepseek to train v3", "how many h800 hours
                       # did v3 take to train"; dev: 6 such questions, all declines)
                       r"how (much|many) ([\w-]+ ){0,4}(did|does|do|would|will) ([\w.-]+ ){0,3}(cost|take) "
                       r"([\w.-]+ ){0,3}to train)\b")
# A trade asked about ("should i buy nvidia stock because…", "which ai etf…"): declined whatever else it names
_TRADE = re.compile(r"\b((buy|sell|short|hold|dump) (\w+ ){0,2}(stocks?|shares|calls|puts|etfs?)|etfs?)\b")
_BOARDS_ASKED = re.compile(rf"\b({_BOARD_TERMS}|gap|behind|ahead|open (models?|weights?|source)|closed (models?|ones)|"
                           r"best|top)\b")


# A short cheer or groan with no question in it ("kimi release day hype 🎉🎉🎉", "deepseek cooked again 🚀🚀🚀", "we're
# so back"): said, not asked (dev: 228 such messages, all declines)
_CHEER = re.compile(r"[\U0001F300-\U0001FAFF\u2600-\u27BF]|\b(so back|so over|we'?re back|it'?s over|hype|lets go|"
                    r"let'?s go|cooked again|release day)\b")
_ASKING_WORD = re.compile(r"\b(or|vs|rank|score|best|top|behind|ahead|gap|how|what|which|who|why|when|where|is|are|"
                          r"does|do|did|can)\b")


def _cheered(low: str) -> bool:
    """Whether `low` is a short cheer or groan that asks nothing (see _CHEER)."""
    return len(low.split()) <= 7 and "?" not in low and bool(_CHEER.search(low)) and not (
        _ASKED_IN.search(low) or _REQUEST.search(low) or _ASKING_WORD.search(low))


def _not_for_the_boards(low: str) -> bool:
    """Whether the part of `low` that asks wants a text written or a company's finances (see _WRITING_TASK)."""
    asked = focus(low) or low
    return bool(_WRITING_TASK.search(asked) or _TRADE.search(asked) or
                _FINANCES.search(asked) and not _BOARDS_ASKED.search(asked))


# Said, not asked (no question mark): a greeting, a jeer, a realisation, a lament for the old days, a laugh at the
# channel ("gm to all except the gemini haters", "just noticed i've had the board sorted wrong all week")
_SAID = re.compile(r"^((good )?(morning|evening|night)|gm|gn)\b|(^|\+ ?)ratio\b|\+ ?[lw]\b|"
                   r"^the way (this|that|people|everyone|y'?all|u|you)\b|"
                   r"you'?d think (it|this|we|they) (was|were|is)\b|^(i )?(just )?(realized|realised|noticed)\b|"
                   r"^(i )?just (found out|learned)\b|\bi miss (when|the days)\b|"
                   r"memes? (are|is) (killing|sending)|killing me\b|^(ha){2,}|role[- ]?play (as|that)\b")
# A question asked anywhere in a message: a question mark, or a wh- or auxiliary word opening a sentence or clause
_ASKED_IN = re.compile(r"\?|(^|[.!,:;]\s*)(how|what|whats|which|who|whose|why|when|where|is|are|was|were|has|have|"
                       r"does|do|did|can|could|will|would|should)\b")
# An opinion stated, not asked ("kimi is better than all of these tbh", "lol this bot is wrong"): nothing to answer.
_OPINION = re.compile(r"^i (think|feel|reckon|bet|believe|guess)\b|\b(lol|lmao|tbh|imo|ngl|smh)\b|"
                      r"\b(is|are) (way |so |just )?(better|worse|wrong|overrated|underrated|trash|mid|goated)\b")
# Replies that ask nothing: thanks, laughter, agreement. A follow-up must ask something.
# (a run of them, thanks put any way: "lovely, thanks", "cheers mate", "brilliant, much appreciated")
# Praise said as thanks, alone or before a request ("lovely, thanks", "brilliant! now coding")
_PRAISE = "lovely|awesome|sweet|brilliant|cheers|excellent|amazing"
_CHATTER = re.compile(r"^(?:(?:thanks?( you| u| a lot| so much| heaps| again)?( very much| kindly)?|"
                      r"thank u( very much| kindly)?|many thanks|thx|ty|tysm|much obliged|"
                      rf"{_PRAISE}|ta( very much| muchly)?|much appreciated|appreciate it|appreciated|mate|legend|"
                      r"perfect|nice one|good stuff|great stuff|lol+|lmao|haha+|nice|cool|"
                      r"ok(ay)?|k|great|wow|yes|no|yep|nope|interesting|good bot|bad bot|gg|facts|fax|true|so true|"
                      r"based|exactly|agreed|valid|called it|knew it)(?: fr| frfr| tbh| ngl| lol)?\b[\s,!.?]*)+$")
# A remark on the answer, however it is put, asks nothing: an exclamation ("crazy how fast that went", "wild that it
# took a year") or a lament about "this" ("why is nobody talking about this 😭")
_REMARK = re.compile(r"^((it'?s|that'?s|its|thats|so|pretty|kinda|lowkey|honestly|man|damn|wow|bro|ngl|lol)[\s,]+)*"
                     r"(crazy|wild|insane|nuts|amazing|incredible|funny|interesting|impressive|scary|sad|hilarious|mad|"
                     r"bonkers|unreal|cool|nice|neat|wicked) (how|that|what|to see|seeing)\b[^?]*$|"
                     r"^((so|but|like|bro|honestly)[\s,]+)*why (is|are|isn'?t|aren'?t|does|do|did)? ?(no ?one|nobody|"
                     r"everyone|everybody|people|more people)( else)? (talking|posting|tweeting|hyping|noticing|"
                     r"mentioning|covering|sleeping|freaking out|paying attention)\b[^?]{0,20}\b(this|that|it)\b\W*$")
# Words that put a question about AI models at all ("gap", "open" or "best" alone do not: the pay gap, the gym).
_AI = re.compile(r"\b(models?|llms?|ai|weights?|benchmark\w*|leaderboard\w*|frontier|labs?|oss|open[- ]source|"
                 r"rag|rlhf|fine-?tun\w*|distill\w*|transformers?|mixture of experts|moe|pretrain\w*|inference|"
                 r"proprietary|apis?|chatbots?|elo|arena|gpt\w*|claude|gemini|llama|deepseek|qwen|mistral|grok|kimi|glm)\b")
_OPEN = re.compile(r"\b(open[- ]?(weights?|source)?|downloadable|oss|local(ly)?|self[- ]?host\w*|on[- ]prem\w*|"
                   r"(run|use) at home|public weights|weights (are )?(public|available)|available weights|"
                   r"weights[- ]available|(run|host) (it |them )?(myself|ourselves|on[- ]device|on my (own )?"
                   r"(machine|laptop|gpu|hardware|computer|server))|(i|we) can download|"
                   # "the best free model", "the free ones": 38 of 52 dev lists so labelled read both sides before
                   r"free([- ]to[- ](download|use))? (ai )?(models?|llms?|ones?|options?))\b")
_CLOSED = re.compile(r"\b(closed([- ]source)?|proprietary|frontier|commercial|api[- ]only|api (models?|llms?|ones)|"
                     r"behind an api|paid (models?|llms?|ones)|big labs?)\b")
# A side set aside ("forget open source for a sec", "no closed ones pls", "don't need open options", "closed ones
# don't matter to me", "open or closed doesn't matter"): not the side asked for
_DISMISSED = re.compile(r"\bno (open|closed|proprietary)( source| weights?)? (ones|stuff|options|models)\b|"
                        r"\b(forget|ignore|never ?mind|skip|excluding|except|without|leave out|not interested in|"
                        r"(do|does)(n'?t| not) (need|want|care about)) (about )?(the |any )?"
                        r"(open|closed|proprietary|free|paid)( source| weights?| ones| models?| stuff| options?)?\b|"
                        r"\b((open|closed|proprietary)( source| weights?| ones| models?)?( or | and | ?/ ?)?)+"
                        r"\s*(do|does|did)?(n'?t| not) (matter|count|care)\w*")
# A side to be marked in a list of both ("top 10 on lmarena, and flag which ones are open", "top 5 on aider, are
# any of them open?", "open or not"): the list is of all models (42 dev lists read as open-only before)
_FLAGGED = re.compile(r"\b(mark|flag|highlight|note|star|tag|label|say|tell me|show|indicate)\w* (which|whether|if)"
                      r"(( ones?| of (them|those|these))( (are|is|have|has|were|was))?| (are|is|have|has|were|was)|"
                      r" (we|i|you) (can|could)( actually)?) (open|closed|proprietary|downloadable|download|run)\w*|"
                      r"\b(is|are) any( one)? of (them|those|these)( \w+)? (open|closed|proprietary|downloadable)\w*|"
                      r"\b(open|closed|proprietary) or not\b|"
                      # "who's on top, and is it one of the free ones?", "top 10, i wanna see where the free ones land"
                      r"\b(is|are) (it|that|they) (one of )?(the )?(an? )?(open|free|closed|proprietary)"
                      r"( ones?| models?| weights?| source)?( or (an? )?(open|free|closed|proprietary|paid)"
                      r"( ones?| models?| weights?| source)?)?\b|"
                      r"\bwhere the (open|free|closed|proprietary)( ones| models?)? (land|rank|sit|fall|end up)")
# Both sides asked for in so many words ("open or not", "any license", "closed ones included")
_BOTH_SIDES = re.compile(_FLAGGED.pattern + r"|\b(any|whatever|regardless of)( the)? licen[cs]es?\b|"
                         r"\b(all|both) sides\b|\b(open|closed|proprietary) (and|&|\+|or) (open|closed|proprietary)\b|"
                         r"\bincl(uding|uded|\.)? (the )?(closed|open|proprietary|paid|free)\b|"
                         r"\b(closed|open|proprietary|paid|free) ones (included|too|mixed in)\b|"
                         r"\b(overall|everyone|all models|any model) instead\b")
# "non-open", "not open weights": the other side, said by negation
_NOT_SIDE = re.compile(r"\b(non|not)[- ](open|closed|proprietary)")
_N = r"(\d{1,2}|" + "|".join(_WORDS) + r")"
# Verbs that make a list longer or shorter ("stretch it to 10", "trim that down to 3")
_RESIZE = "stretch|extend|expand|bump|trim|shorten|cut"
_TOP = re.compile(rf"\btop[- ]?{_N}\b|(?<![\w.-])(the )?{_N} (best|top|strongest|leading|highest[- ]\w+)\b|"
                  rf"\b(?:best|first|leading|strongest) (?!one\b){_N}(?![\w.])|"  # "the best one": a model, not a count
                  # "which three open models score highest", "which 2 labs have the strongest open models"
                  rf"\b(?:which|what) {_N} (?:[a-z-]+ ){{0,2}}(?:models?|ones|llms?|labs|companies)\b|"
                  # a count asked of a list ("list five", "make it 3", "ok give me 10", "just show 4 of them")
                  r"^(?:(?:and|ok|okay|k|now|so|cool|just|pls|please|can you|could you)[\s,]+)*"
                  rf"(?:list|show(?: me)?|give(?: me)?|gimme|make (?:it|that|the list)|name|(?:{_RESIZE}) "
                  rf"(?:it|that|the list|them)(?: up| down)? to) (?:the |a )?(?:top )?{_N}"
                  r"(?! ?(?:months?|years?|weeks?|days?|points?|%|percent)\b)(?![\w.])")


@dataclass(slots=True)
class Query:
    text: str
    intent: str = "out_of_scope"
    category: str | None = None
    source: str | None = None
    models: list[str] = field(default_factory=list)  # canonical ids (or org names prefixed "org:")
    group: bool | None = None  # True open only, False proprietary only, None both (for 'best')
    top: int = 5
    reason: str = ""  # why out_of_scope, for the reply
    top_given: bool = False  # "top 3" was asked (else `top` is the default, and a follow-up keeps the previous)
    # Dates in the question ("as of March 2025", "since 2024"): boards and trend series honour them
    # (gapbot.boards). as_of: answer from the data as it stood then; since: a trend starts no earlier.
    as_of: date | None = None
    since: date | None = None
    benchmark: str | None = None  # a benchmark named beyond the leaderboard (gapbot.benchmarks), canonical name
    when: DateSpan | None = None  # the date or range asked about, as read (gapbot.dates); sets as_of and since
    near_misses: tuple[tuple[str, str], ...] = ()  # (model id read, the similar model it is not)
    families: tuple[tuple[str, str], ...] = ()  # (model id taken, family named without a version: "claude opus")
    # a domain named that no category covers ("long context"): said, never swapped; one people take a category for
    # ("translation": language, categories.nearest_category) is answered for that category, and said so
    other_domain: str | None = None
    unknown_models: tuple[str, ...] = ()  # models named that the data does not have ("gpt 6"), as written
    confidence: float = 1.0  # the intent model's probability for `intent` (1.0: set by rules or by hand)
    alternatives: tuple[str, ...] = ()  # the next likeliest intents, offered back when `unsure`
    unsure: bool = False  # the model's confidence is below its threshold: ask back rather than guess
    sort: str = "score"  # leaders by "score", or by "value" (points per $ per question, where cost is published)
    # An off-topic or opinion pattern matched (a stock price, a joke, a code request, "lol this bot is wrong"):
    # declined whatever the articles hold (gapbot.scope never answers it from them).
    flagged: bool = False
    # Domains asked about beside `category`, joined to it ("the gap on reasoning and math"): each answered too.
    more_categories: tuple[str, ...] = ()
    named: tuple[str, ...] = ()  # the model names as written ("ds v3.2", "claude opus")
    # It only sets context (a domain, leaderboard, date, side, model) and asks nothing of its own: as a follow-up,
    # the previous question again with that context, as a fragment is
    context_only: bool = False
    # What its words are about (gapbot.senses): "capability", "standing", "aside"; gapbot.scope reads them
    senses: tuple[str, ...] = ()
    # "how does it do on math" after "which open model is best at reasoning?": "it" is the leader that question's
    # answer named, which only the boards know; the engine names it (intents.with_leader) before answering
    leader_of: Query | None = None

    def merged_with(self, previous: Query | None, matcher: ModelMatcher | None = None) -> Query:
        """A follow-up keeps what the previous question set and this one does not: "and on math?" (a fragment)
        takes the previous intent too; "is it shrinking?" (its own intent, about "it") only the subject. Chatter
        and off-topic replies are not follow-ups at all, nor is any reply that asks nothing ("nah gemini is clearly
        better than that", "see?? i was right"): declined as chatter, never the previous answer again. A reply
        that changes the previous question ("add glm 4.6 to that", "what about the mini one") is that question,
        changed (`matcher` reads a variant of the previous model)."""
        if previous is not None and previous.intent in _FROM_ROWS and self.reason != "where_from" and \
                not self.models and _IN_OTHER_UNITS.search(low := self.text.lower()) and not _WHY.search(low):
            # "could you say that in months instead of points?": the previous answer, in another unit
            self = replace(self, intent=previous.intent, reason="fragment", alternatives=(), unsure=False)
        if previous is not None and previous.intent != "out_of_scope" and self.reason == "injection" and \
                _SIMPLY.search(low := self.text.lower()) and not _DEFINED.search(low):
            # "pls answer like i'm a line cook, short": the answer put for the asker's trade, which the instruction's
            # words never change: the previous question again
            self = replace(self, intent=previous.intent, reason="fragment", alternatives=(), unsure=False)
        if previous is not None and previous.intent != "out_of_scope" and _SAME_QUESTION.match(self.text.lower()):
            # "same question but for humanity's last exam", "same thing on aider": the previous question, changed
            self = replace(self, intent=previous.intent, reason="fragment", alternatives=(), unsure=False)
        if self.reason == "where_from":
            # "source?", "proof?": the previous answer again (it names its board, date and sources); alone, chatter
            if previous is None or previous.intent == "out_of_scope":
                return replace(self, reason="chatter")
            self = replace(self, intent="gap", reason="fragment")
        if previous is not None and self.reason != "fragment" and not asks_something(self.text, matcher):
            return replace(self, intent="out_of_scope", reason=self.reason if self.intent == "out_of_scope" else
                           "chatter", alternatives=(), unsure=False)
        if previous is not None and previous.intent != "out_of_scope" and not self.flagged and \
                _HOW_MEASURED.search(low := self.text.lower()) and not self.models and \
                previous.intent in _FROM_ROWS:
            # "where does that number come from, whose eval is it?", "is that months figure epoch's method or
            # someone else's?" after a figure: how it was measured, from the articles
            self = replace(self, intent="explain", reason="", alternatives=(), unsure=False)
        if previous is not None and previous.intent != "out_of_scope" and self.reason in ("off-topic", "unscoped") and \
                not self.flagged and _asks(low := self.text.lower()) and _WHO_SAYS.search(low) and \
                not _NOT_ABOUT_IT.search(low):
            # "says who", "what does the redpoint podcast guy say exactly", "do your sources tie that to export
            # controls?" after an answer: what the sources say about its subject, an article question (the words
            # alone name no subject, so the model finds none)
            self = replace(self, intent="explain", reason="", alternatives=(), unsure=False)
        if self.reason == "unscoped" and previous is not None and previous.intent != "out_of_scope":
            self = replace(self, intent=self.alternatives[0], reason="", alternatives=(), unsure=False)
        if previous is not None and previous.intent != "out_of_scope" and matcher is not None:
            self = self._labs_as_models(previous, matcher)
        if previous is not None and previous.category and self.category not in (None, previous.category) and \
                _BACK_REFERENCE.search(low := self.text.lower()) and (m := _CONTRAST.search(low)) and \
                find_category(low[:m.start()]) is None:
            # "why's it so much wider there than in general chat?", "is that one closing too or just the overall
            # one": the domain named is what the previous one is set against; the subject is still the previous one
            self = replace(self, category=None, more_categories=(),
                           benchmark=self.benchmark if find_benchmark(low[:m.start()]) else None)
        if previous is not None and previous.intent != "out_of_scope" and not self.flagged and \
                (changed := self._changed(previous, matcher)) is not None:
            return changed
        follows = self.reason in ("fragment", "inherited") or self.context_only
        if previous is None or previous.intent == "out_of_scope" or self.intent == "out_of_scope" and not follows:
            return self
        if not follows:
            low = self.text.lower()
            if not _BACK_REFERENCE.search(low) and not _FOLLOW_START.match(low) and \
                    len(_asked_before_told(low).split()) > 8:
                # a question of its own (the reason told after a short reply counts for nothing: "by how many
                # points tho, i need an actual number for the partner deck" follows up)
                return self
            if len(self.models) == 1 and len(previous.models) == 1 and previous.intent in ("gap", "catch_up") and \
                    self.models[0] not in previous.models and _FOLLOW_START.match(low) and len(low.split()) <= 8:
                # "and from gpt-5.2?" after "how far are open models from gemini 3 pro", "and claude 3 opus level?"
                # after when open models first reached gpt-4, "and gpt?" after whether claude is still ahead of every
                # open model: the same question about the model or lab named (a model's gap is measured from its own
                # side, gapbot.gap.quality_gap, so an open model named after a closed one is no closed reference)
                return self._about(previous, previous.intent, list(self.models))
            if len(self.models) == 1 and previous.models and previous.models[0] not in self.models and (
                    _VERSUS.match(low) or _COMPARE_IT.search(low) or _FOLLOW_START.match(low) and _AGAINST.search(low)
                    or (_BACK_REFERENCE.search(low) or len(low.split()) <= 8) and (
                        _AGAINST.search(low) or _SET_BESIDE.search(low) or _HOW_FAR_FROM.search(low))):
                # "vs gpt-5.1?", "compare it with sonnet 4.5", "what about vs gemini 3 pro", "how far is that from
                # gpt-5?", "is it ahead of deepseek there?", "better or worse than qwen 2.5 72b?" after a question
                # about one model or two: the (first) one against it
                return self._about(previous, "compare", [*previous.models[:1], *self.models])
            if previous.intent == "compare" and not self.models and _WHICH_OF.search(low):
                # "which is open?", "so who wins" after a comparison: the same two models
                return self._about(previous, "compare", list(previous.models))
            if not self.models and (about := self._about_it(previous, low)) is not None:
                return about
            # "who's the best open one then": its own intent, about the previous subject; a list asked again ("can
            # you stretch that to five", "ok whos #2") keeps the side of the list before it
            same_list = self.intent == previous.intent == "best" and self.group is None and \
                not _BOTH_SIDES.search(low)
            # "why did they fall off", "how far back is the best open one from it?", "is any open model above it?"
            # after a question about a model or a lab: about that one
            pointed = self.intent in ("explain", "gap", "catch_up") and bool(_POINTS_BACK.search(low))
            merged = replace(self, category=self._category_after(previous),
                             source=self._source_after(previous),
                             models=self.models or (previous.models if self.intent in ("compare", "model") or pointed
                                                    else []),
                             top=self.top if self.top_given else previous.top,
                             group=previous.group if same_list else self.group, **self._context(previous))
            return self if merged == self else merged
        intent = self.intent if self.reason == "inherited" else previous.intent
        if intent == "trend" and previous.intent == "catch_up" and re.search(r"\bsince when\b", self.text.lower()):
            intent = "catch_up"  # "since when?" after "has any open model matched gpt-4o?": when that happened
        if self.reason == "fragment" and previous.models and _HOW_LONG.search(self.text.lower()):
            intent = "catch_up"  # "and when did open first beat it" after a question about a model
        models, group = self.models or previous.models, self.group if self.group is not None else previous.group
        fragment = self.reason == "fragment" or self.context_only and self.reason != "inherited"
        if self.models and fragment:
            if previous.intent not in ("catch_up", "model", "compare") and not (previous.intent == "gap" and
                                                                                len(previous.models) == 1):
                # "and deepseek v3?" after a gap: about that model ("and from gpt-5.2?" after how far open models
                # are from gemini 3 pro: the same distance, to the model named)
                intent, group = self.intent, self.group
            elif previous.intent == "compare" and len(self.models) < 2:
                models = [*self.models, *previous.models[1:2]]  # "and glm 4.6?" after a vs b: glm 4.6 vs b
        if intent == "gap" and fragment and self.when is not None and self.when.end is None:
            intent = "trend"  # "how about since 2025?" after a gap: how it moved since then
        return replace(previous, text=self.text, intent=intent, category=self._category_after(previous),
                       source=self._source_after(previous), models=models, group=group,
                       top=self.top if self.top_given else previous.top, top_given=self.top_given, reason="",
                       context_only=False,
                       near_misses=self.near_misses or (previous.near_misses if not self.models else ()),
                       families=self.families or (previous.families if not self.models else ()),
                       other_domain=self.other_domain if (
                           self.category is None or self.category == NEAREST.get(self.other_domain or "")) else None,
                       unknown_models=self.unknown_models,
                       # its own intent ("is it shrinking?"), read by the rules: never asked back as the previous was
                       **({"confidence": self.confidence, "alternatives": (), "unsure": False}
                          if self.reason == "inherited" else {}),
                       **self._context(previous))

    def _changed(self, previous: Query, matcher: ModelMatcher | None) -> Query | None:
        """The previous question changed by a reply that asks nothing of its own, whatever the intent model makes of
        its few words: a model added to it ("throw glm 4.6 in too", "put it beside gpt-5"), its model swapped for
        a variant ("what about the mini one"), when or which first after a catch-up ("who got there first"), or
        its model's standing in another domain or on another board ("and its math numbers?"); None otherwise."""
        low = _LEAD_IN.sub("", self.text.lower()).strip()
        prior = [m for m in previous.models if not m.startswith("org:")]
        if len(prior) == 2 and len(self.models) == 1 and self.models[0] in prior and _BEATS_IT.search(low) and \
                not _WHY.search(low):
            # "did mixtral actually beat it", "has qwen3 coder caught up with it" after the two were compared: "it"
            # is the other one, and the two are compared again
            return self._about(previous, "compare", [self.models[0], *(m for m in prior if m != self.models[0])])
        if previous.intent in ("gap", "trend", "catch_up") and not self.models and _WHEN_EXTREME.search(low) and \
                not _WHY.search(low):
            # "when was it smallest?" after a gap or a catch-up: the gap over time
            return self._about(previous, "trend", list(previous.models))
        if previous.intent in ("gap", "trend", "model", "compare") and not self.models and \
                (_SO_BEFORE.search(low) or previous.intent == "gap" and _BIGGER_BEFORE.search(low) and
                 " before " not in f" {low} " or
                 previous.intent == "gap" and _change_since_asked(low)) and \
                (self.when is not None or _BEFORE_WORD.search(low)) and not _WHY.search(low):
            # "was it the same in 2024?" after a gap: its trend since then; "was it always that low?" after one
            # model's rank: that model over time, as a comparison stays one
            asked = self._about(previous, "trend" if previous.intent == "gap" else previous.intent,
                                list(previous.models))
            if asked.intent == "trend" and self.when is not None and self.when.end is not None:
                asked = replace(asked, when=replace(self.when, end=None), as_of=None, since=self.when.first_day())
            return asked
        if previous.intent == "best" and previous.group is True and not previous.models and len(self.models) == 1 \
                and not _WHY.search(low) and (_HOW_FAR_FROM.search(low) or _BESIDE.search(low)):
            # "how far off o3 is it", "can you put it next to gemini 3 pro" after the best open model: the open side's
            # best held to the model named, the gap
            return self._about(previous, "gap", list(self.models))
        if previous.intent == "best" and len(prior) == 1 and not self.models and _HOW_DOES_IT.search(low) and \
                not _WHY.search(low):
            # "how does it do on livebench then" after whether deepseek v3.2 is the best open model: its standing
            return self._about(previous, "model", prior)
        if previous.intent == "best" and not prior and not self.models and _LEADER_STANDING.search(low) and \
                not _NOT_ITS_OWN.search(low):
            # "how does it do on math", "whats its math score", "and where is it on aider?" after the best open model
            # on reasoning: the standing of the model that answer named (the engine looks it up again)
            return replace(self._about(previous, "model", []), group=None,
                           leader_of=replace(previous, leader_of=None))
        if previous.intent == "best" and _BEATEN_YET.search(low) and not _WHY.search(low) and \
                not foretold(low, None):
            # "is any open model better than it yet" after the closed leader, "is any of those better than claude
            # opus 4.5 though?" after the open leaders: whether the open side has reached it, a catch-up
            return self._about(previous, "catch_up", list(self.models))
        if previous.intent == "model" and len(prior) == 1 and not self.models and _BEATEN_YET.search(low) and \
                not _WHY.search(low) and not foretold(low, None):
            # "is there an open one that beats it there?" after how claude opus 4.5 does on livebench coding: whether
            # the open side has reached that model, a catch-up
            return self._about(previous, "catch_up", prior)
        if previous.intent == "best" and previous.group is False and not self.models and \
                _TO_THE_OPEN_BEST.search(low) and not _WHY.search(low):
            # "how does it compare to the best open one" after the best closed model: the two sides' leaders, a gap
            return replace(self._about(previous, "gap", []), group=None)
        if previous.intent == "best" and previous.group is None and not self.models and _IS_IT_OPEN.search(low) and \
                not _WHY.search(low):
            # "is it open?" after the leader of a board: whether an open model holds the top, a catch-up
            return self._about(previous, "catch_up", [])
        if previous.intent == "best" and not self.models and _NEXT_PLACES.search(low) and not _WHY.search(low):
            # "and second and third?" after the best one: the top three
            return replace(self._about(previous, "best", []), group=previous.group, top=3, top_given=True)
        if previous.benchmark and not self.benchmark and not self.models and len(low.split()) <= 6 and \
                (variant := _benchmark_variant(previous.benchmark, gloss(low))) is not None:
            # "and diamond?", "y el diamond?", "tier 4 specifically?" after a question on GPQA or FrontierMath: the
            # same question on that part of the benchmark
            return replace(previous, text=self.text, benchmark=variant.name, category=self.category or
                           previous.category, reason="", alternatives=(), unsure=False)
        if previous.intent == "compare" and len(prior) >= 2 and matcher and (gone := _dropped(low, prior, matcher)):
            # "forget qwen, how does glm do alone", "drop gpt-5 and show the other two": the rest of the comparison
            # (and any model the reply adds), one left asked about on its own
            rest = list(dict.fromkeys(m for m in [*prior, *self.models] if m not in gone and not m.startswith("org:")))
            if rest:
                return self._about(previous, "compare" if len(rest) >= 2 else "model", rest[:MAX_COMPARED])
        if previous.intent == "compare" and len(prior) >= 2 and self.intent == "explain" and self.models and matcher \
                and _THE_ONE.search(low) and all(m in prior or any(matcher.maker(p) == m for p in prior)
                                                 for m in self.models):
            # "why is the google one so far ahead?": why the comparison came out so, about the models compared
            return self._about(previous, "explain", prior)
        if previous.intent == "compare" and len(self.models) == 1 and self.models[0] in prior and (
                _ALONE.search(low) or _HOW_DOES_IT.search(low)):
            # "and qwen by itself?", "just glm's numbers": one of the two compared, on its own
            return self._about(previous, "model", self.models)
        if previous.intent == "compare" and len(prior) >= 2 and _SWAP.search(low) and \
                (swapped := _swapped(prior, self.models, low, matcher)) is not None:
            return self._about(previous, "compare", swapped)  # "use grok 4 instead of o3": the comparison, changed
        if previous.intent in ("gap", "catch_up", "model", "trend") and len(prior) == 1 and len(self.models) == 2 and \
                prior[0] in self.models and _SWAP.search(low):
            # "what about vs gpt-5 instead of sonnet" after how far open models are behind claude sonnet 4.5: the
            # same question of the model put in its place
            return self._about(previous, previous.intent, [m for m in self.models if m != prior[0]])
        if previous.intent == "compare" and len(prior) >= 2 and not self.models and _SWAP.search(low) and matcher \
                and (m := _VARIANT.match(_SWAP_VERB.sub("", low))) is not None:
            # "swap in the thinking version", "switch to its 0528 update": the one compared model that has it
            variants = [(p, v) for p in prior if (v := matcher.variant(p, m.group("v"))) is not None]
            if len(variants) == 1:
                return self._about(previous, "compare", [variants[0][1] if p == variants[0][0] else p for p in prior])
        if previous.intent == "compare" and len(prior) >= 2 and not self.models and _WHICH_OF.search(low) and \
                not _WHY.search(low):
            # "who was ahead back in march?", "so which one wins on math": the same models, whatever else it asks
            return self._about(previous, "compare", prior)
        if self.models and previous.models and previous.intent in ("compare", "model") and _ADD.search(low):
            base = previous.models if previous.intent == "compare" else previous.models[:1]
            models = list(dict.fromkeys([*base, *self.models]))
            if len(models) > len(base):
                return self._about(previous, "compare", models[:MAX_COMPARED])
        if previous.intent == "best" and previous.group and not previous.models and len(self.models) == 1 and \
                not self.models[0].startswith("org:") and _IT.search(low) and not _WHY.search(low) and \
                (held := _HELD_AGAINST.search(low)) is not None:
            # "is it better than gpt-4.1 tho", "how far is it from gpt-5" after the best open model (of no one lab:
            # a lab's best against it is a comparison): whether the open side has reached it, or how far it trails
            return self._about(previous, "catch_up" if held.group("reached") else "gap", self.models)
        if previous.intent == "best" and not self.models and _MARGIN.match(low) and not _WHY.search(low):
            # "by how many points over the best open one?" after the closed leader: the gap between the two sides
            return replace(self._about(previous, "gap", []), group=None)
        if previous.intent == "best" and not self.models and not _WHY.search(low) and (
                previous.group is not True and previous.top_given and _OPEN_IN_THERE.search(low) or
                _IN_TOP.search(low) or _OPEN_ON_TOP.search(low) or _ANY_OPEN_IN.match(low)):
            # "any open ones in there at all?" after the top 5 of a board, "is there an open model in the top 3?" after
            # the closed leader: whether open models reached it (the top N asked, else the list's)
            return replace(self._about(previous, "catch_up", []), top=self.top if self.top_given else previous.top,
                           top_given=self.top_given or previous.top_given)
        if previous.intent == "best" and previous.group is not None and not self.models and \
                self.group not in (None, previous.group) and _NEAR_ASKED.search(low) and not _WHY.search(low):
            # "any open ones close?" after the best closed model: how near the other side comes, the gap
            return replace(self._about(previous, "gap", []), group=None)
        if previous.intent == "best" and self.group is not None and not self.models and len(low.split()) <= 12 and \
                not _WHY.search(low) and not _REACHED.search(low) and \
                not any(_RE[i].search(low) for i in ("gap", "trend", "catch_up", "explain")):
            # "now just the closed ones", "only what i can download pls": the same leaders, on that side; the other
            # side "too" ("what if closed ones count as well"), both sides
            both = self.group != previous.group and previous.group is not None and _TOO.search(low)
            return replace(self._about(previous, "best", []), top=self.top if self.top_given else previous.top,
                           group=None if both else self.group)
        if previous.intent == "trend" and not self.models and _NOW.search(low) and _SIZE_NOW.search(low) and \
                not _WHY.search(low) and not _RE["trend"].search(low):
            # "ok and how wide is it today", "what's the figure rn" after a trend: the gap now, not its trend again
            return self._about(previous, "gap", [])
        if previous.intent in ("gap", "trend") and not self.models and _NOW.search(low) and _THE_GAP_WORD.search(low) \
                and len(low.split()) <= 6 and not _WHY.search(low) and not _RE["trend"].search(low):
            # "and the gap today?" after the gap back then: the gap now
            return self._about(previous, "gap", list(previous.models))
        if previous.intent == "trend" and not self.models and self.when is not None and self.when.single and \
                _WHAT_WAS_IT.search(low) and not _WHY.search(low) and not _RE["trend"].search(low):
            # "what was it a year ago then" after a trend: the gap at that time
            return self._about(previous, "gap", [])
        if previous.intent == "catch_up" and not self.models and (
                _WHICH_DID.match(low) or _WHEN_IT_HAPPENED.match(low)):
            # "which one?", "who", "huh. which model was that?", "when did that first happen? need the month for a
            # slide" after whether any open model has beaten o3: the one that did, and when, the same catch-up
            return self._about(previous, "catch_up", list(previous.models))
        if previous.intent == "explain" and not self.models and len(low.split()) <= 8 and _OTHERS_SAY.search(low):
            # "do others agree?", "does anyone disagree" after what Epoch said: what the other sources say, any
            return replace(self._about(previous, "explain", list(previous.models)), source=None)
        if previous.intent == "gap" and not self.models and self.when is not None and _WHAT_WAS_IT.search(low) and \
                not _WHY.search(low) and not _RE["trend"].search(low):
            # "what was it in mid-2023?" after a gap: the gap then
            return self._about(previous, "gap", list(previous.models))
        if previous.intent in ("gap", "trend", "best", "catch_up") and not self.models and \
                (self.benchmark or self.source or self.category) and len(low.split()) <= 10 and \
                _FOLLOW_START.match(low) and not _WHY.search(low) and \
                not any(_RE[i].search(low) for i in ("best", "gap", "trend", "catch_up", "explain", "compare")):
            # "what about HLE, which is supposedly harder", "and on the arena tho": the previous question there
            return replace(self._about(previous, previous.intent, list(previous.models)),
                           group=self.group if self.group is not None else previous.group,
                           top=self.top if self.top_given else previous.top,
                           top_given=self.top_given or previous.top_given)
        # "the smaller one, the 20b", "the newer one, 4.7": the sibling named after the words that point to it
        vlow = _SIBLING_SAID.sub("the ", low)
        if previous.intent in ("model", "catch_up") and len(prior) == 1 and not self.models and matcher and \
                (m := _THAN_THE_VARIANT.search(vlow)) and not _WHY.search(low) and \
                (other := matcher.variant(prior[0], m.group("v"))) is not None:
            # "is it better than the 20b one by much?" after gpt-oss-120b: the model against its sibling
            return self._about(previous, "compare", [prior[0], other])
        if previous.intent == "catch_up" and self.top_given and not self.models and len(low.split()) <= 5 and \
                not _WHY.search(low):
            # "what about top 3?" after whether an open model was ever #1: whether one reached the top 3
            return replace(self._about(previous, "catch_up", list(previous.models)), top=self.top, top_given=True)
        # "and scout?", "ok and the thinking one", "scout?": a bare variant after a lead-in word or asked alone, as
        # "what about scout"
        bare = _FOLLOW_START.match(self.text.lower()) or len(low.split()) <= 2 and low.endswith("?")
        # (its first clause alone when a reason follows: "same q for the 20b, it's the one that'd fit on my laptop")
        # (or the question before a remark: "and the flash one? that's what's baked into our workspace")
        asked = _first_asked(vlow)
        m = _VARIANT.match(vlow) or (_VARIANT.match(f"what about {vlow}") if bare else None) or \
            _VARIANT.match(vlow.split(", ")[0]) or _VARIANT.match(asked) or (
                # "and scout? the little brother": a bare variant asked before a remark
                _VARIANT.match(f"what about {_LEAD_WORD.sub('', asked)}") if "?" in vlow and bare else None)
        if not self.models and len(prior) == 1 and previous.intent in ("model", "catch_up", "gap") and matcher and \
                m and not (self.category or self.source or self.when or self.benchmark) and \
                (other := matcher.variant(prior[0], m.group("v"))) is not None:
            return self._about(previous, previous.intent, [other])
        if previous.intent == "compare" and len(prior) >= 2 and matcher and not (self.category or self.source):
            # "what about scout" after maverick vs gpt-4o, "and the newer v3.2?" after v3 vs gpt-4o: that one
            # compared model's variant or sibling in its place
            if not self.models and m and len(variants := [(p, v) for p in prior
                                                         if (v := matcher.variant(p, m.group("v"))) is not None]) == 1:
                return self._about(previous, "compare", [variants[0][1] if p == variants[0][0] else p for p in prior])
            if len(self.models) == 1 and self.models[0] not in prior and _FOLLOW_START.match(self.text.lower()) and \
                    len(kin := [p for p in prior if p.split("-")[0] == self.models[0].split("-")[0]]) == 1 and (
                        # (its question alone when a remark follows: "and v3.2 speciale? the zh team keeps
                        # mentioning it")
                        len(_ASKED_FIRST.sub("", low).split()) <= 6 and
                        not any(_RE[i].search(low) for i in ("best", "gap", "trend", "catch_up", "explain")) or
                        # "and the newer glm 4.7, did that one close it?": the newer sibling, set against the other
                        len(low.split()) <= 14 and _NEWER_ONE.search(low) and not _WHY.search(low)):
                return self._about(previous, "compare", [self.models[0] if p == kin[0] else p for p in prior])
        if previous.intent == "catch_up" and prior and set(self.models) <= set(prior) and len(low.split()) <= 12 \
                and _WHEN_ASKED.search(low) and not _WHY.search(low):
            if foretold(low, None):
                # "when do you think it will happen?" after whether any open model has beaten it: a forecast about it
                return self._about(previous, "explain", prior[:1])
            if not _RE["trend"].search(low):
                if self.when is not None and _EVENT.search(low) and re.search(r"\b(after|since)\b", low):
                    self = replace(self, when=None, as_of=None, since=None)  # "after o1 came out": the target
                return self._about(previous, "catch_up", prior[:1])
        if not self.models and prior and previous.intent in ("model", "compare") and \
                (self.category or self.source or self.benchmark) and len(low.split()) <= 10 and \
                (_IT_OR_THEY.search(low) or _FOLLOW_START.match(low)) and \
                not any(_RE[i].search(low) for i in ("best", "gap", "trend", "catch_up", "explain")):
            # "what about its coding numbers", "and when it has to write code": the same model(s) on that domain
            return self._about(previous, previous.intent, prior if previous.intent == "compare" else prior[:1])
        return None

    def _labs_as_models(self, previous: Query, matcher: ModelMatcher) -> Query:
        """A lab named after a question about one of its models stands for that model ("and qwen by itself?" after
        qwen3 vs gpt-5 is Qwen3, not Alibaba's models), unless its words ask for the lab's best ("deepseek's best
        model") or about the lab itself ("how did moonshot get that good", an article question), or it is read so
        and says nothing of one model alone ("qwen by itself", which is the model whatever the reading)."""
        low = self.text.lower()
        if not any(m.startswith("org:") for m in self.models) or _RE["best"].search(low) or \
                _WHY.search(low) or _RE["explain"].search(low) or \
                self.intent in ("best", "explain") and not _ALONE.search(low):
            return self
        models = []
        for m in self.models:
            made = [p for p in previous.models if m.startswith("org:") and matcher.maker(p) == m]
            models.append(made[0] if len(made) == 1 else m)
        if previous.intent == "compare" and len(previous.models) >= 2 and set(models) < set(previous.models) and \
                all(m.startswith("org:") for m in self.models) and not (_ALONE.search(low) or _SWAP.search(low)):
            # "was it still like that in december or did sonnet pull away?" after qwen3 coder vs claude sonnet 4: one
            # of the two compared, named by its line, and the comparison goes on
            return replace(self, models=list(previous.models))
        return replace(self, models=list(dict.fromkeys(models)))

    def _about_it(self, previous: Query, low: str) -> Query | None:
        """A follow-up naming no model whose subject is the previous one ("how does it rank on the arena?", "is that
        one any good", "when did open models catch up to it?"): its own intent about the previous model (both, after
        a comparison, which stays one), whatever the intent model read in words that name nothing. A catch-up in
        the past ("when did it first get that close?") needs no model: the previous subject, when it first held."""
        models = [m for m in previous.models if not m.startswith("org:")]
        if not models and previous.intent in ("gap", "trend", "catch_up") and _WHEN_FIRST.search(low):
            return self._about(previous, "catch_up", [])
        if models and previous.intent == "model" and _IS_IT_THE_BEST.search(low) and not _WHY.search(low):
            # "so it's the best open one rn or not", "is it the best small open model there?": that model's standing
            return self._about(previous, "model", models[:1])
        if models and _IS_IT_OPEN.search(low) and not _WHY.search(low):
            # "wait is that one even open weights" after a question about a model: about that model (its side)
            return self._about(previous, "model", models[:1])
        if previous.intent in ("gap", "catch_up") and _HAPPENED.search(low) and not _WHY.search(low):
            # "when did that happen exactly" after "has open caught up on x": when it caught up
            return self._about(previous, "catch_up", list(previous.models))
        if previous.intent == "gap" and self.when is not None and _SET_AGAINST_THEN.search(low) and \
                not _WHY.search(low):
            # "ok and how does that compare to a year ago" after a gap: the gap now against then, its trend
            return self._about(previous, "trend", list(previous.models))
        if previous.intent == "best" and _FROM_THE_TOP.search(low) and not _WHY.search(low):
            # "how far is it from first place" after the best open model: how far the sides stand apart
            return replace(self._about(previous, "gap", []), group=None)
        own = "catch_up" if _RE["catch_up"].search(low) or _HOW_LONG.search(low) else \
            "model" if _RE["model"].search(low) and not _RE["gap"].search(low) or _ITS_STANDING.search(low) else None
        if own is None or not models or _WHY.search(low):
            return None  # "why does it score so well?": a cause, from the articles
        if own == "model" and previous.intent == "compare" and len(models) >= 2 and _IT_OR_THEY.search(low):
            return self._about(previous, "compare", models[:2])  # "how do they do on math?" after a vs b
        if _IT.search(low) or own == "catch_up" and _HOW_LONG.search(low):
            return self._about(previous, own, models[:1])
        return None

    def _category_after(self, previous: Query) -> str | None:
        """The domain a follow-up asks about: its own, else the previous question's, unless it names one no category
        covers ("and on vision?" after a translation question: no category of the previous question's) or another
        benchmark than the previous one ("and on HLE?" after GPQA: that benchmark's domain, which its own words gave,
        none for HLE; 9 of 10 dev replies so labelled)."""
        if self.category or self.other_domain:
            return self.category
        switched = self.benchmark and previous.benchmark and self.benchmark != previous.benchmark
        return None if switched else previous.category

    def _about(self, previous: Query, intent: str, models: list[str]) -> Query:
        """This follow-up's own intent about `models` from the previous question, in its domain and on its board
        unless this one names others: a reading the follow-up's words settle, so never asked back."""
        return replace(self, intent=intent, models=models, category=self._category_after(previous),
                       source=self._source_after(previous), alternatives=(), unsure=False, reason="",
                       **self._context(previous))

    def _source_after(self, previous: Query) -> str | None:
        """The leaderboard a follow-up asks about: its own, else the previous one, unless it names a benchmark that
        no one board runs ("what about aime" after a question on FrontierMath): the boards that run it then."""
        return self.source or (None if self.benchmark else previous.source)

    def _context(self, previous: Query) -> dict:
        """The benchmark and date a follow-up keeps: its own, else the previous one's (a benchmark only while the
        leaderboard is the same)."""
        same_board = not self.source or self.source == previous.source
        low = self.text.lower()
        if self.when is None and previous.when is not None and previous.when.start is not None and \
                _THEN_TO_NOW.search(low) and not _NOW.search(_THEN_TO_NOW.sub(" ", low)):
            # "how much has it shrunk since then?", "between then and today" after early 2024: from then on (not
            # "and now? we opened two more locations since then": today's figure)
            previous = replace(previous, when=replace(previous.when, end=None), as_of=None,
                               since=previous.when.first_day())
        elif self.when is None and _NOW.search(low):
            previous = replace(previous, when=None, as_of=None, since=None)  # "and now?": today's data
        if self.when is None and (span := moved(self.text, previous.when)) is not None:  # "and the year before?"
            previous = replace(previous, when=span, as_of=span.last_day(),
                               since=span.first_day() if span.end != span.start else None)
        return {"more_categories": self.more_categories if self.category else previous.more_categories,
                "benchmark": self.benchmark or (previous.benchmark if same_board else None),
                "when": self.when or previous.when, "as_of": self.as_of or previous.as_of,
                "since": self.since or previous.since}


# The previous question asked again of something else ("same but december 2025", "same q for coding, …"): up to the
# first comma or full stop
_SAME_AGAIN = re.compile(r"^((ok|okay|and|now|k)\W+)?(the )?same( (q|question|thing|deal|ask|one|again))?"
                         r"( but| for| with| on| in)+ (?P<rest>[^,.;!?]+)")
# …or how it looked then ("how'd that look back in 2024, before the whole crew started using these")
_LOOKED_THEN = re.compile(r"^((ok|okay|and|so|k)\W+)?(how did |how'd |what did )(that|it|this|the gap|"
                          r"things) (look|stand)( like)? (back )?(in|at|during|around) (?P<rest>[^,.;!?]+)")
# A change from the previous question's date to today ("since then", "between then and now", "from then till today")
_THEN_TO_NOW = re.compile(r"\b(ever )?since (then|that time|that point)\b|\b(between|from) then (and|to|till|until|"
                          r"through) (now|today|these days|the present)\b")
# What a follow-up sets its subject against, to the end ("… than in plain chat", "… or just the overall one")
_CONTRAST = re.compile(r"\b(than|compared (to|with)|versus|or (just|only)|rather than|unlike|as opposed to)\b.*$")
# A leader's margin over the other side ("by how much over the top closed one", "how far ahead of the open ones", "and
# the closed one, how much higher is it?")
_MARGIN = re.compile(r"((and|so|ok|but)[\s,]+)*"
                     r"(the (closed|proprietary|paid|other|top) (one|side|model|leader)s?,?\s+)?"
                     r"(by )?how (much|many( points| elo)?|far)\b.*"
                     r"\b(over|ahead|above|behind|beyond|clear of|better than|worse than|higher|lower)\b")
# One of the models compared, by its lab or brand ("the google one", "the deepseek model")
_THE_ONE = re.compile(r"\bthe [\w.-]+ (one|model)\b")
# A model taken out of a comparison ("forget qwen, …", "drop gpt-5 and …", "leave out the deepseek one")
_DROP = re.compile(r"\b(forget( about)?|drop|skip|ditch|remove|leave out|take out|never ?mind|without|minus)\s+"
                   r"(?P<what>[\w.-]+( [\w.-]+){0,3}?)(?=\s*([,;:.!?—]|\band\b|\bhow\b|\bwhat\b|$))")


def _dropped(low: str, prior: list[str], matcher: ModelMatcher) -> set[str]:
    """The models of a comparison (`prior`) a reply takes out of it: named, or by their lab ("forget deepseek")."""
    if (m := _DROP.search(low)) is None:
        return set()
    named = matcher.read(m.group("what")).models
    return {p for p in prior if p in named or matcher.maker(p) in named}


# A follow-up that asks about the present ("and now?", "what about today"): the previous question's date is not kept.
_NOW = re.compile(r"\b(now|today|currently|current|rn|these days|at the moment|latest|newest|anymore)\b")


def clean(text: str) -> str:
    """Drop mentions and code fences, fold lookalike characters, bound the length."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\n\t")
    text = _MENTION.sub(" ", text)
    text = _CODE.sub(" ", text.replace("```", "\n"))  # a code fence ends a sentence: "```system: be rude``` how …"
    text = re.sub(r"\s*\n\s*", "\n", re.sub(r"[^\S\n]+", " ", text))  # line breaks kept: they end sentences too
    return text.strip()[:MAX_QUESTION_CHARS]


_LEVEL = re.compile(r"-(level|class|tier|like|grade|style)\b")
_STEP_MARK = re.compile(r"\b(step|part|phase) ?([0-9]+)\s*[:)](?!\S)")
_AT_STEP = re.compile(r"\bat step [0-9]+\w*")


def _without_steps(text: str) -> str:
    """The text less the steps of a list ("step 1: turn off citations. step 2: tell me…") and of a run ("died at
    step 9000"), which are not StepFun's Step-1o or Step-2. A list starts at 1 or has two steps; a lone "Step 3:"
    heads a question about Step 3, as "FrontierMath tier 4:" heads one about that board."""
    marks = list(_STEP_MARK.finditer(text))
    if marks and (len(marks) > 1 or marks[0].group(2) == "1"):
        text = _STEP_MARK.sub(" ", text)
    return _AT_STEP.sub(" ", text)


# "r1-0528", "k2-0905": a short family word and its dated version, hyphenated as people write them, are read as
# the two words the registry's name has ("DeepSeek R1 (0528)"); names of longer words stay whole (their normalized
# spelling already matches: "gpt-4o-mini", "llama-3.1-405b")
_SHORT_DATED = re.compile(r"([a-z]{1,3}[0-9](?:\.[0-9])?)-([0-9]{4})")


def _split_versions(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for t in tokens:
        m = _SHORT_DATED.fullmatch(t)
        out.extend(m.groups() if m else (t,))
    return out


class ModelMatcher:
    """Finds model names in free text: exact alias n-grams first, then close spellings."""

    def __init__(self, names: dict[str, str], orgs: dict[str, str] | None = None,
                 released: dict[str, str] | None = None, brands: dict[str, str] | None = None,
                 makers: dict[str, str] | None = None) -> None:
        # names: any alias/display/key -> canonical id; orgs: organization name -> "org:<Name>"; released: the models
        # a family name ("claude opus") may stand for, each with its release date ("" when unknown); brands: a
        # brand named alone ("claude", "qwen") -> its organization (see `brand_organizations`)
        self._names = names
        self._released = released or {}
        self._makers = makers or {}  # model id -> its organization: a lab named beside its own model is no subject
        self._brands = {b: f"org:{o}" for b, o in (brands or {}).items()}
        self._exact: dict[str, str] = {}
        self._heads: set[str] = set()  # first words of names: only a phrase starting with one may be a family
        brandless: dict[str, set[str]] = {}
        for alias, mid in names.items():
            normal = normalize(alias)
            head, _, rest = normal.partition("-")
            self._heads.add(head)
            for key in (normal, normal.replace("-", "")):  # the second is squash(alias), without its regex
                if key and len(key) >= 2:
                    self._exact.setdefault(key, mid)
            # "4o"; "v3.2" (a version the family writes with a v: DeepSeek V3.2, never a plain "v2")
            if head.isalpha() and (_BRANDLESS.fullmatch(rest) or re.fullmatch(r"[0-9]o|v[0-9]+-[0-9]+", rest)):
                brandless.setdefault(rest, set()).add(mid)
        # A name without its first word, as people shorten it ("sonnet 4", "opus 4.1", "3.5 sonnet"), where it names
        # one model only and no full name is spelt so: never a close spelling of a longer name ("sonnet 4.5").
        for rest, mids in brandless.items():
            # several: the one whose own id the name is ("4o": gpt-4o, not chatgpt-4o-latest)
            own = mids if len(mids) == 1 else {m for m in mids if normalize(m).partition("-")[2] == rest}
            if len(own) == 1:
                for key in (rest, rest.replace("-", "")):
                    self._exact.setdefault(key, next(iter(own)))
        self._orgs = {squash(o): f"org:{o}" for o in (orgs or {})}
        for o in orgs or {}:  # "mistral", "moonshot", "zhipu": how people name Mistral AI, Moonshot AI, Zhipu AI
            short = squash(re.sub(r"(?i)\s+(ai|labs|research)$", "", o))
            if len(short) >= 4:
                self._orgs.setdefault(short, f"org:{o}")
        for short, lab in _LAB_SHORT.items():  # "oai", "goog", "gdm": how Discord names the labs
            if lab in self._orgs:
                self._orgs.setdefault(short, self._orgs[lab])
        for short, brand in _BRAND_SHORT.items():
            if brand in self._brands:
                self._brands.setdefault(short, self._brands[brand])
        self._fuzzy_keys = [k for k in self._exact if "-" not in k and len(k) >= 5]
        self._by_digits: dict[str, list[str]] = {}  # the fuzzy keys by their version's digits ("gpt51": "51")
        for k in self._fuzzy_keys:
            self._by_digits.setdefault(re.sub(r"[^0-9]", "", k), []).append(k)

    def variant(self, mid: str, words: str) -> str | None:
        """The one other model `words` make of model `mid`'s name ("thinking" of kimi-k2: Kimi K2 Thinking;
        "scout" of llama-4-maverick: Llama 4 Scout; "20b" of gpt-oss-120b: gpt-oss-20b), or None: the words are
        added to the name, put after its first words, or put in place of a word of its kind."""
        base, extra = mid.split("-"), words.split()
        if not extra or any(w in _STOP - _NAME_PARTS for w in extra):
            return None
        tries = [[*base, *extra], *([*base[:k], *extra] for k in range(len(base) - 1, 1, -1))]
        if len(extra) == 1:  # a word of the same kind swapped: a size for a size, a name for a name
            tries += [[*base[:i], extra[0], *base[i + 1:]] for i in range(len(base) - 1, 0, -1)
                      if base[i].isalpha() == extra[0].isalpha()]
        for words_tried in tries:
            found = self.read(" ".join(words_tried))
            # a family's newest model is a guess, not this model's variant ("claude opus thinking")
            new = [m for m in found.models if m != mid and not m.startswith("org:") and m not in dict(found.families)]
            if len(new) == 1:
                return new[0]
        return None

    def names_exactly(self, phrase: str) -> bool:
        """Whether `phrase` is a model's name as it stands, settings and all ("grok 4 fast reasoning 2511")."""
        return normalize(phrase) in self._exact or squash(phrase) in self._exact

    def maker(self, mid: str) -> str | None:
        """The organization that made a model, as "org:<Name>" (None when unknown)."""
        return f"org:{self._makers[mid]}" if mid in self._makers else None

    def released(self, mid: str) -> str:
        """The release date a model is known by ('' when none)."""
        return self._released.get(mid, "")

    def find(self, text: str, limit: int = 3) -> list[str]:
        return self.find_near(text, limit)[0]

    def find_near(self, text: str, limit: int = 3) -> tuple[list[str], tuple[tuple[str, str], ...]]:
        """The models named (ids, in the order written) and, for each that has one, a near miss: another model
        whose name is the one written plus a letter or two ("glm 4.6" is GLM-4.6, not GLM-4.6V), as (id, other)."""
        found = self.read(text, limit)
        return found.models, found.near_misses

    def read(self, text: str, limit: int = 3, until: str | None = None, cased: str = "") -> Found:
        """The models named, their near misses, and the families named without a version ("claude opus", "mistral
        large"), each read as its newest release (by `until`, an ISO date, when the question asks about the past).
        A name that is also an ordinary word ("command", "together") needs a sign that it is a name (see
        `_as_a_name`; `cased`: the question as written, where a capital letter is one)."""
        # "o1-level", "gpt-4-class": the model, then the word
        # "command r+" is Command R+, its "+" a word of its own, as `normalize` reads a name
        tokens = self._respelt(_split_versions(re.findall(r"[a-z0-9][a-z0-9.\-]*",
                                                          _LEVEL.sub(r" \1", _without_steps(text.lower())
                                                                     .replace("+", " plus ")))))
        found: list[tuple[int, str, str]] = []
        families: dict[str, str] = {}  # id taken -> the family name written
        used = [False] * len(tokens)
        # Exact spellings everywhere first, then close spellings in what is left: a fuzzy match must never take
        # the words of an exact one ("vs deepseek r1" is not a typo of "deepseek r1" when "deepseek r1 0528" follows).
        for fuzzy in (False, True):
            for size in range(6 if not fuzzy else 3, 0, -1):
                for i in range(len(tokens) - size + 1):
                    if any(used[i:i + size]):
                        continue
                    phrase = " ".join(tokens[i:i + size]).strip(".-")
                    if fuzzy:
                        hit, family = self._fuzzy_at(tokens, i, size, phrase), None
                    else:
                        hit, family = self._exact_or_family(tokens, i, size, phrase, until)
                    if hit and size == 1 and phrase in _ORDINARY and not _as_a_name(tokens, i, cased, self._orgs):
                        continue  # "command line coding", "open models together": a word, not Cohere's Command
                    if hit and size == 1 and phrase in _SLANG and _as_slang(tokens, i, cased):
                        continue  # "what's the meta pick for math": gamers' word, not Meta
                    if hit:
                        found.append((i, hit, phrase))
                        if family:
                            families[hit] = family
                        for j in range(i, i + size):
                            used[j] = True
        unknown = self._versions_left(tokens, used, found, families, until)
        for i, token in enumerate(tokens):  # a brand alone, no version or family word after it: its maker
            after = tokens[i + 1] if i + 1 < len(tokens) else ""
            # (a line named alone keeps its maker before "-level": "sonnet-level" is Anthropic's level)
            if not used[i] and (after not in _NOT_THE_MAKER and (lab := self._brands.get(token) or
                                                                 self._brand_misspelt(tokens, i)) or
                                (lab := self._line_alone(tokens, i))):
                found.append((i, lab, token))
        # a version said alone after the lab's name ("deepseek fans: how does v3.1 stack up", "deepseek says they
        # trained v3 for…"): that lab's model of that version, in the lab's place
        # (or after another of its models: "deepseek r1 vs v3")
        labs = sorted((i, p.split()[0], mid.startswith("org:")) for i, mid, p in found if p.split()[0].isalpha())
        for j, token in enumerate(tokens):
            before = [lab for lab in labs if lab[0] < j]
            if used[j] or not before or not re.fullmatch(r"[a-z][0-9]+(\.[0-9]+)*", token):
                continue
            i, lab, is_org = before[-1]
            if (hit := self._exact_at(2, f"{lab} {token}")) is not None:
                found = [(k, mid, p) for k, mid, p in found if not (k == i and is_org)] + [(j, hit, f"{lab} {token}")]
                used[j] = True
        # a variant said alone after a model of its line ("llama 4 maverick vs scout", "gpt-5 mini or nano")
        # ("claude sonnet 4.5 vs opus": Claude Opus 4.5, the same version)
        for i, mid, p in sorted(found):
            j, words = i + len(p.split()), p.split()
            while j < len(tokens) and tokens[j] in _JOINS and j < i + len(words) + 2:  # "vs", "better than"
                j += 1
            if mid.startswith("org:") or len(words) < 2 or j >= len(tokens) or used[j] or \
                    not tokens[j].isalpha() or tokens[j] in _STOP - _NAME_PARTS:
                continue
            for k in range(len(words) - 1, 0, -1):
                other = " ".join([*words[:k], tokens[j], *words[k + 1:]])
                if words[k].isalpha() and (hit := self._exact_at(len(words), other)) not in (None, mid):
                    found.append((j, hit, other))
                    used[j] = True
                    break
        # a lab as the asker's supplier or a source of text ("our openai contract", "gpt outputs", "using qwen for
        # everything"): not what is asked about
        found = [(i, mid, p) for i, mid, p in found if not (mid.startswith("org:") and _background(tokens, i, p))]
        out: list[str] = []
        near: list[tuple[str, str]] = []
        for _, mid, phrase in sorted(found):
            if mid not in out:
                out.append(mid)
                if mid not in families and not mid.startswith("org:") and \
                        (other := self._near_miss(mid, phrase)) is not None:
                    near.append((mid, other))
        # "openai glazers: how does oss 120b compare…", "glm gang: is glm 4.7 better…": a lab named beside a model of
        # its own is how the asker sides, the model is the subject
        made = {f"org:{self._makers[m]}" for m in out if m in self._makers}
        out = [m for m in out if m not in made][:limit]
        return Found(out, tuple(n for n in near if n[0] in out),
                     tuple((m, families[m]) for m in out if m in families), tuple(p for _, p in sorted(unknown)),
                     tuple(p for _, _m, p in sorted(found)) + tuple(p for _, p in sorted(unknown)),
                     tuple(p for _, m, p in sorted(found) if m in out and not m.startswith("org:")))

    def _exact_or_family(self, tokens: list[str], i: int, size: int, phrase: str, until: str | None
                         ) -> tuple[str | None, str | None]:
        """The model `phrase` names exactly, or the newest of the family it names without a version ("gemini pro"
        is the newest Gemini Pro, not the alias of 1.0 Pro; "the latest gemini" the newest Gemini), with the family
        as written when several models fit it."""
        if i + size < len(tokens) and any(c.isdigit() for c in tokens[i + size]):
            return self._exact_at(size, phrase), None  # "claude opus 5": a version follows, so no family
        if size in (2, 3) and tokens[i] in _LATEST and (tokens[i] != "new" or i and tokens[i - 1] == "the"):
            # "the latest gemini", "the newest gemini flash", "the new deepseek" (never "new deepseek drop tonight")
            rest = " ".join(tokens[i + 1:i + size])
            hit, several = self._family(rest, until, brand=size == 2)
            if hit:
                return hit, rest if several else None
        hit, several = self._family(phrase, until) if size >= 2 else (None, False)
        if hit:
            return hit, phrase if several else None
        return self._exact_at(size, phrase), None

    def _versions_left(self, tokens: list[str], used: list[bool], found: list[tuple[int, str, str]],
                       families: dict[str, str], until: str | None) -> list[tuple[int, str]]:
        """What is left of a family's words and a version ("gemini 3", "gpt 6", "claude opus 5"): the newest model
        whose name begins so (added to `found`), else a model the data does not have, returned (position, as
        written) so that it is said, never swapped for a close spelling."""
        unknown: list[tuple[int, str]] = []
        for size in (3, 2, 1):
            for i in range(len(tokens) - size + 1):
                words, version = tokens[i:i + size - 1], tokens[i + size - 1].strip(".-")
                if size == 1:  # "gemini3", "gpt6": the family's word and its version, written together
                    glued = re.fullmatch(r"([a-z]{3,})([0-9]+(\.[0-9]+)?)", version)
                    if glued is None:
                        continue
                    words, version = [glued.group(1)], glued.group(2)
                if any(used[i:i + size]) or not self._released or words[0] not in self._heads or \
                        words[0] in _STOP or not all(w.isalpha() and len(w) >= 2 for w in words) or \
                        not re.fullmatch(r"[a-z]?[0-9]+(\.[0-9]+)?", version):
                    continue
                phrase = " ".join([*words, version])
                hit, several = self._begins(phrase, until)
                if size == 1:
                    phrase = tokens[i]  # as written
                if hit:
                    found.append((i, hit, phrase))
                    if several:
                        families[hit] = phrase
                elif any(k[:len(words)] == tuple(words) for k in self._families):
                    unknown.append((i, phrase))
                else:
                    continue
                for j in range(i, i + size):
                    used[j] = True
        return unknown

    def _begins(self, phrase: str, until: str | None) -> tuple[str | None, bool]:
        """The newest model (by `until`) whose name begins with a family's words and a version that no name is
        exactly ("gemini 3": Gemini 3 Pro or Flash, never Gemini 3.1 Pro), and whether several do."""
        want = _version_words(phrase)
        members: list[str] = []
        for words, mid in self._versioned:
            if mid not in members and len(words) > len(want) and words[:len(want)] == want:
                members.append(mid)
        # a model the boards score but the registry does not date ('': an upload's new model) is in the data all the
        # same: taken when nothing dated fits, never called missing
        dated = [m for m in members if not until or self._released.get(m, "") <= until]
        if not dated:
            return None, False
        return max(dated, key=lambda m: self._released.get(m, "")), len(members) > 1

    def _family(self, phrase: str, until: str | None, brand: bool = False) -> tuple[str | None, bool]:
        """The newest release (by `until`) of the family a name without a version stands for ("claude opus",
        "mistral large", "gemini pro"; with `brand`, every family whose name starts with the word: "the latest
        gemini"), and whether several models fit it (the answer then says which was taken); (None, False) when the
        words name no family."""
        words = tuple(phrase.split())
        if words[0] not in self._heads or words[0] in _STOP or not self._released or \
                not all(w.isalpha() and len(w) >= 2 for w in words):
            return None, False
        named = self._families.get(words, ()) if not brand else \
            list(dict.fromkeys(m for k, ms in self._families.items() if k[0] == words[0] for m in ms))
        if brand and (maker := self._brands.get(words[0])):  # "the latest llama": Meta's, not Nvidia's Llama Nemotron
            named = [m for m in named if m not in self._makers or f"org:{self._makers[m]}" == maker]
        members = [m for m in named if not until or self._released[m] <= until]
        if not members:
            return None, False
        # the newest known release date; between equals, the model the name itself is an alias of, else the first
        alias = self._exact.get(normalize(phrase))
        return max(members, key=lambda m: (self._released[m], m == alias)), len(named) > 1

    def family_members(self, phrase: str, until: str | None = None) -> list[str]:
        """Every model the family reading of `phrase` may stand for ("claude opus", "gemini 3", "gemini" after
        "the latest"), newest first by `until`: `read` took the first, the newest any board scores; an answer from a
        named leaderboard may need an older one (see gapbot.intents.family_alternatives)."""
        words = tuple(phrase.split())
        if any(c.isdigit() for c in phrase):  # a family and a version ("gemini 3"), as `_begins` reads it
            want = _version_words(phrase)
            named = [mid for w, mid in self._versioned if len(w) > len(want) and w[:len(want)] == want]
        elif len(words) == 1:  # a brand after "the latest", as `_family(brand=True)` reads it
            named = [m for k, ms in self._families.items() if k[0] == words[0] for m in ms]
        else:
            named = list(self._families.get(words, ()))
        dated = [m for m in dict.fromkeys(named) if not until or self._released.get(m, "") <= until]
        return sorted(dated, key=lambda m: self._released.get(m, ""), reverse=True)  # stable: ties keep their order

    @cached_property
    def _versioned(self) -> list[tuple[tuple[str, ...], str]]:
        """Each name as words and versions ("gemini", "3", "pro"), with its model: built at the first family word
        followed by a version that no name is exactly."""
        return [(_version_words(alias), mid) for alias, mid in self._names.items()
                if "/" not in alias
                and not re.search(r"[0-9]-[0-9]", alias)]  # "claude-opus-4-5-2025…": its version is not its words

    @cached_property
    def _families(self) -> dict[tuple[str, ...], list[str]]:
        """Each name's words without its version ("Claude Opus 4.5", "claude-3-opus" -> claude opus) -> the models
        so named, in the order given. Built at the first name that could be a family, never for other questions."""
        out: dict[tuple[str, ...], list[str]] = {}
        for alias, mid in self._names.items():
            if mid not in self._released or "/" in alias:  # "openrouter/x-ai/grok-2": a provider's path
                continue
            # "Claude 5 Opus Thinking Max Effort" is a Claude Opus: a board's setting words are no family's words
            tokens = re.findall(r"[a-z]+|[0-9]+", strip_settings(normalize(drop_parentheticals(alias))))
            if not tokens or not tokens[0].isalpha() or len(tokens[0]) < 2:
                continue  # "o3-mini", "4o": no family word first
            words = tuple(t for t in tokens if t.isalpha() and len(t) >= 2 and t not in _PACKAGING)
            if words and mid not in out.setdefault(words, []):
                out[words].append(mid)
        return out

    def _respelt(self, tokens: list[str]) -> list[str]:
        """`tokens` with "ds" before a version read as "deepseek" ("ds v3.2", "dsv3.2"), and a word next to a name's
        version a letter from a word of the names ("kimi k2 thinkng", "qwen3 codr") written as that word."""
        out = list(tokens)
        for i, t in enumerate(tokens):
            after = tokens[i + 1] if i + 1 < len(tokens) else ""
            if t == "ds" and re.fullmatch(r"[vr][0-9][0-9.]*", after):
                out[i] = "deepseek"
            elif m := re.fullmatch(r"ds-?([vr][0-9][0-9.]*)", t):
                out[i] = f"deepseek-{m.group(1)}"  # "dsv3.2", "ds-r1"
            elif t == "chatgpt" and re.fullmatch(r"[0-9][0-9.]*o?", after):
                out[i] = "gpt"  # "chatgpt 5": GPT-5, the model behind the app
            elif len(t) >= 4 and t.isalpha() and t not in self._name_words and t not in _STOP and (
                    i and any(c.isdigit() for c in tokens[i - 1]) or any(c.isdigit() for c in after)):
                out[i] = self._name_word(t) or t
        return out

    def _line_alone(self, tokens: list[str], i: int) -> str | None:
        """The lab of a model line named alone, with no version ("did open source ever catch opus", "sonnet-level"):
        Claude's Opus, Sonnet and Haiku are Anthropic's (as the labels read them), unless the word is a poem's ("write
        me a sonnet", "a haiku about gpus") or a life's work ("her magnum opus")."""
        lab = _LINES.get(tokens[i])
        before = tokens[i - 1] if i else ""
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        if lab is None or squash(lab) not in self._orgs or before in _POEM_BEFORE or after in ("about", "on", "of"):
            return None
        return self._orgs[squash(lab)]

    def _brand_misspelt(self, tokens: list[str], i: int) -> str | None:
        """The lab whose name or brand tokens[i] is a letter away from ("claud", "gemni", "quen", "mistrall"),
        where it is set against something ("compared to claud", "vs lamma", "is quen better than claude");
        elsewhere only a letter doubled or two swapped in a name of five letters or more ("how is mistrall doing"):
        a letter changed there is more likely a word ("clause")."""
        from rapidfuzz.distance import OSA

        word, before = tokens[i], tokens[i - 1] if i else ""
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        against = before in ("vs", "versus", "than", "against") or after in _SET_AGAINST_AFTER or \
            before in ("to", "with") and i > 1 and tokens[i - 2].startswith("compar")
        if len(word) < 4 or not word.isalpha() or word in _STOP:
            return None

        def near_to(b: str) -> bool:
            if against:
                return _respellable(b) and OSA.distance(word, b, score_cutoff=1) <= 1
            # anywhere else, only a slip no English word makes of a name of five letters or more: a letter doubled
            # or two swapped ("mistrall", "antrhopic", "nemotorn"), never one changed ("clause"), unless the name is
            # eight letters or more and the word is not the name with more after it ("deepseak", "deepsek",
            # "anthropik"; never "moonshots"): no English word is a letter off those
            return len(b) >= 5 and _slipped(word, b) or \
                len(b) >= 8 and not word.startswith(b) and OSA.distance(word, b, score_cutoff=1) <= 1

        near = [lab for b, lab in (*self._brands.items(), *self._orgs.items()) if b.isalpha() and near_to(b)]
        return near[0] if len(set(near)) == 1 else None

    def _name_word(self, word: str) -> str | None:
        from rapidfuzz.distance import OSA

        for w in self._name_words_by_first.get(word[0], ()):
            if abs(len(w) - len(word)) <= 1 and _respellable(w) and OSA.distance(word, w, score_cutoff=1) <= 1:
                return w
        return None

    @cached_property
    def _name_words(self) -> frozenset[str]:
        """Every word of every name (letters only), for `_respelt`."""
        return frozenset(w for a in self._names for w in re.findall(r"[a-z]+", a.lower()))

    @cached_property
    def _name_words_by_first(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for w in sorted(self._name_words):
            out.setdefault(w[0], []).append(w)
        return out

    def _unordered(self, normal: str) -> str | None:
        """The one model a name's words fit in any order, with its optional words left out ("qwen3 235b 2507
        instruct" is Qwen3 235B A22B Instruct 2507; "qwen3 235b 2507" its Instruct, the default, never its
        Thinking): every word written is one of the name's, and every word of the name not written is optional."""
        written = normal.split("-")
        if len(written) < 2 or written[0] in _STOP or not self._bags.keys() >= set(written) or \
                written[0].isdigit() or not _DIGIT.search(normal):  # a word no name has: no name fits (most phrases)
            return None
        want = Counter(written)
        sized = any(_SIZE.fullmatch(w) for w in written)  # "llama 405b": the size says which version
        fits: dict[str, int] = {}  # model -> the fewest words its names leave unwritten
        for words, first, mid in min((self._bags[w] for w in written), key=len):
            left = list((words - want).elements())
            if not want - words and all(_OPTIONAL_WORD.fullmatch(w) or w == first and first.isalpha() or
                                        sized and w.isdigit() for w in left):
                fits[mid] = min(fits.get(mid, 99), len(left))  # "sonnet 3.5": Claude 3.5 Sonnet, its brand unsaid
        closest = [m for m, n in fits.items() if n == min(fits.values())]
        return closest[0] if len(closest) == 1 else None  # the closest fit ("llama 405b": not Hermes 3 Llama 405B)

    @cached_property
    def _bags(self) -> dict[str, list[tuple[Counter[str], str, str]]]:
        """Each name's words (a multiset) and first word, by each of its words, for `_unordered`."""
        out: dict[str, list[tuple[Counter[str], str, str]]] = {}
        for alias, mid in self._names.items():
            if "/" not in alias and (words := normalize(alias).split("-")) and len(words) >= 2:
                bag = Counter(words)
                for w in bag:
                    out.setdefault(w, []).append((bag, words[0], mid))
        return out

    def _exact_at(self, size: int, phrase: str) -> str | None:
        short_ok = len(phrase) == 2 and (phrase[0].isalpha() and phrase[1].isdigit() or phrase in self._exact and
                                         re.fullmatch(r"[0-9]o", phrase) is not None)  # o1, o3, r1, 4o
        if size == 1 and ((len(phrase) < 3 and not short_ok) or phrase in _STOP):
            return None
        normal = normalize(phrase)
        hit = self._exact.get(normal) or self._exact.get(squash(phrase))
        if hit is None and "-0" in normal and (plain := re.sub(r"(?<=[0-9])-0(?=-|$)", "", normal)) != normal:
            hit = self._exact.get(plain)  # "gemini 3.0 pro" is Gemini 3 Pro
        if hit is None and (size >= 2 or "-" in phrase):
            # "qwen3 235b 2507 instruct", "qwen3 next 80b thinking", "qwen3-coder-480b": the words of a name
            hit = self._unordered(normal)
        if hit is None and normal.rpartition("-")[2] in _SETTING_TAIL and \
                (bare := strip_settings(normal)) != normal:  # "gpt-5-thinking", "o3 high": the model
            hit = self._exact.get(bare) or self._exact.get(bare.replace("-", ""))
        if hit is None and size == 1:
            hit = self._orgs.get(squash(phrase))
        return hit

    def _fuzzy_at(self, tokens: list[str], i: int, size: int, phrase: str) -> str | None:
        if tokens[i] in _STOP or tokens[i + size - 1] in _STOP - _NAME_PARTS:
            return None  # "vs gpt5" is "gpt5" with a word beside it, not a misspelling ("gemni 2.5 pro" is one)
        if len(squash(phrase)) < 5 or not any(c.isdigit() for c in phrase) or _A_DATE.fullmatch(phrase):
            return None  # "in aug 2024": a date, not a misspelt "Command R (Aug 2024)"
        return self._fuzzy(squash(phrase))

    def _near_miss(self, mid: str, phrase: str) -> str | None:
        """Another model whose name is `phrase` plus one or two letters or digits (GLM-4.6V for "glm 4.6")."""
        key = squash(phrase)
        if len(key) < 3:
            return None
        keys = self._squashed
        start = bisect.bisect_right(keys, key)  # the keys that begin with `key` follow it in sorted order
        others = []
        for k in keys[start:bisect.bisect_right(keys, key + "\x7f")]:
            if len(k) - len(key) <= 2 and (other := self._exact[k]) != mid and not other.startswith("org:"):
                others.append((len(k), k, other))
        return min(others)[2] if others else None

    @cached_property
    def _squashed(self) -> list[str]:
        """The keys without separators, sorted: those beginning with a name are one slice of it."""
        return sorted(k for k in self._exact if "-" not in k)

    def _fuzzy(self, key: str) -> str | None:
        """The model whose name is a close spelling of `key` with the same version: a letter may be wrong, a digit
        never ("claude opus 5" is no Claude Opus 4.5, "gpt 5.2" no GPT-5.1)."""
        from rapidfuzz import fuzz, process

        keys = self._by_digits.get(re.sub(r"[^0-9]", "", key), ())
        hit = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=90) if keys else None
        if hit:
            return self._exact[hit[0]]
        # two letters swapped or one doubled, which the ratio counts twice in a short name ("gtp 5.1", "gml 4.7")
        slipped = {self._exact[k] for k in keys if _slipped(key, k)}
        return slipped.pop() if len(slipped) == 1 else None


# Short names a misspelling may still be read as ("quen 3 max", "is quen better than claude"): a letter off the other
# short ones is an English word ("grow" is no typo of grok, "kiwi" none of kimi)
_SHORT_RESPELLABLE = frozenset({"qwen"})


def _slipped(word: str, name: str) -> bool:
    """Whether `word` is `name` typed with a letter doubled or two neighbours swapped."""
    if len(word) == len(name) + 1:
        return any(word[k] == word[k - 1] and word[:k] + word[k + 1:] == name for k in range(1, len(word)))
    return len(word) == len(name) and word != name and any(
        word[k] == name[k + 1] and word[k + 1] == name[k] and word[:k] + word[k + 2:] == name[:k] + name[k + 2:]
        for k in range(len(word) - 1))


def _respellable(name: str) -> bool:
    """Whether a word a letter off `name` may be read as it: five letters or more, or one of _SHORT_RESPELLABLE."""
    return len(name) >= 5 or name in _SHORT_RESPELLABLE


_LAB_SHORT = {"oai": "openai", "goog": "google", "gdm": "google", "deepmind": "google",
              "whale": "deepseek",  # "the whale", "the chinese whale": DeepSeek, by its logo
              "dipsik": "deepseek", "deepsik": "deepseek"}  # spelt as said
# Brands spelt as said: "how is quen doing" (no English word is "quen")
_BRAND_SHORT = {"quen": "qwen"}
# After a lab's name, words that set it against another ("quen vs gemini", "is mistrall better than…")
_SET_AGAINST_AFTER = frozenset({"vs", "versus", "better", "worse", "beat", "beats", "ahead", "behind", "compare",
                                "compares", "compared", "stack", "stacks", "against", "caught", "catching", "matched",
                                "overtaken", "passed"})  # "has quen caught up with gpt 4o"
# Names of models and labs that are also ordinary words: read as a name only with a sign that they are one.
_ORDINARY = frozenset({"command", "mercury", "sonar", "warp", "honeycomb", "together", "stealth", "inception",
                       "inflection", "stability", "falcon", "hermes", "phoenix", "orca", "dolphin", "zephyr", "nova",
                       "arctic", "reflection", "horizon", "summit", "atlas", "titan", "lightning", "sage", "trinity",
                       "optimus", "quasar", "elephant", "inkling", "spark", "pioneer", "aurora", "bloom", "nous",
                       "allen", "tower", "jais", "lingo",
                       # an office's meeting, All Hands AI only when it looks like a name ("the All-Hands agent")
                       "all-hands", "allhands"})
# Words beside an ordinary word that make it a name ("vs command", "the command model", "cohere command").
_NAME_CUES_AFTER = frozenset({"vs", "versus", "model", "models", "llm", "ai", "labs", "from", "by", "compared"})
_NAME_CUES_BEFORE = frozenset({"vs", "versus", "than", "against", "with", "like"})
# Lab names that are mostly names, but also slang for what wins right now ("the meta pick", "what's the current meta
# for coding"): the word after "the", "current" or "whole" where a word of that slang follows ("the meta models",
# "the meta team" stay Meta's)
_SLANG = frozenset({"meta"})
_SLANG_BEFORE = frozenset({"the", "current", "whole"})
_SLANG_AFTER = frozenset({"", "pick", "picks", "choice", "choices", "option", "play", "answer", "for", "in", "on",
                          "build", "builds", "loadout", "comp", "deck", "strat",
                          "rn", "atm", "right", "now", "today", "these", "is", "has", "shifted", "changed"})


def _as_a_name(tokens: list[str], i: int, cased: str, orgs: dict[str, str]) -> bool:
    """Whether the ordinary word at tokens[i] is used as a name: written with a capital inside a sentence
    ("how good is Command"), compared ("command vs gpt-4"), called a model ("the command model") or after its
    maker ("cohere command")."""
    word = tokens[i]
    # (a capital first, the rest as it comes: "All-Hands", "All-hands")
    if cased and re.search(rf"(?<![.!?]\s)(?<!^)\b{word[0].upper()}(?i:{re.escape(word[1:])})\b", cased.strip()):
        return True
    before = tokens[i - 1] if i > 0 else ""
    after = tokens[i + 1] if i + 1 < len(tokens) else ""
    return after in _NAME_CUES_AFTER or before in _NAME_CUES_BEFORE or squash(before) in orgs


def _as_slang(tokens: list[str], i: int, cased: str) -> bool:
    """Whether the lab name at tokens[i] is used as slang ("the meta pick"), not written as a name ("the Meta pick")."""
    if cased and re.search(rf"\b{tokens[i].capitalize()}\b", cased):
        return False
    before = tokens[i - 1] if i > 0 else ""
    after = tokens[i + 1] if i + 1 < len(tokens) else ""
    return before in _SLANG_BEFORE and after in _SLANG_AFTER


_A_DATE = re.compile(r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? ?(of )?"
                     r"(20[0-9][0-9]|'?[0-9][0-9])")
# Words of a name that may be left out ("qwen3 235b 2507" is Qwen3-235B-A22B-Instruct-2507): active parameters, the
# default packaging.
_OPTIONAL_WORD = re.compile(r"[ae][0-9]+(\.[0-9]+)?b|instruct|chat|it|hf")
_DIGIT = re.compile(r"[0-9]")
_SIZE = re.compile(r"[0-9]+(\.[0-9]+)?[bm]")  # a parameter count: "405b", "49b"
# Around a lab's name, words that make it the asker's supplier or a source of text, not the subject
_SUPPLIER_AFTER = frozenset({"contract", "contracts", "outputs", "output", "subscription", "account", "credits", "bill",
                             "plan", "stack", "data", "generated", "distilled"})
_SUPPLIER_BEFORE = frozenset({"our", "my", "off"})
# "using"/"from" make a lab the asker's supplier or a text's source only in these company: "we're using qwen",
# "distilled from gpt"; "should i use qwen or deepseek" and "the models from google" ask about the lab
_USER = frozenset({"i", "im", "m", "we", "were", "re", "ive", "ve", "weve", "currently", "already", "been", "still",
                   "they", "team"})  # tokens: "i'm" is "i", "m"
_TAKEN_FROM = frozenset({"distilled", "distill", "distilling", "trained", "copied", "generated", "outputs", "scraped",
                         "harvested", "lifted", "taken", "stolen", "ripped", "pulled"})
_ALTERNATIVE = frozenset({"or", "vs", "versus", "and", "than", "over", "instead"})
# A lab's memo is a text the articles discuss, its author no subject; a title may stand between ("we have no moat")
_DOCUMENT = frozenset({"memo", "memos"})
_TITLE_WORDS = 5


def _swapped(prior: list[str], named: list[str], low: str, matcher: ModelMatcher | None) -> list[str] | None:
    """The models compared with one replaced by the one new model named: the one named too ("kimi k2.5 instead of
    glm"), else the one a word of whose name is said ("swap opus for sonnet 4.5"), else the new one's stablemate;
    None when no model is new or none says which goes."""
    new = [m for m in named if m not in prior and not m.startswith("org:")]
    if len(new) != 1:
        return None
    words, own = set(re.findall(r"[a-z]+", low)), set(new[0].split("-"))
    out = [m for m in prior if m in named] or \
        [m for m in prior if any(len(w) >= 3 and w in words and w not in own for w in m.split("-"))] or \
        [m for m in prior if matcher is not None and matcher.maker(m) is not None
         and matcher.maker(m) == matcher.maker(new[0])]
    if len(out) != 1:
        return None
    return [new[0] if m == out[0] else m for m in prior]


def _background(tokens: list[str], i: int, phrase: str) -> bool:
    """Whether the lab named at tokens[i] ("our openai contract", "gpt outputs", "we're using qwen for everything",
    "distilled from gpt") is the asker's supplier or a source of text rather than what is asked about."""
    end = i + len(phrase.split())
    before = tokens[i - 1] if i > 0 else ""
    two_before = tokens[i - 2] if i > 1 else ""
    after = tokens[end] if end < len(tokens) else ""
    stacks_up = after == "stack" and tokens[end + 1:end + 2] == ["up"]  # "how does claude stack up": compared
    if after in _SUPPLIER_AFTER and not stacks_up or before in _SUPPLIER_BEFORE:
        return True
    if before in ("using", "used", "use") and after not in _ALTERNATIVE:
        # (a choice asked with the other further on: "should i use qwen for my side projects or claude")
        chosen = i > 2 and tokens[i - 3] in ("should", "shall", "would", "could", "do") and "or" in tokens[end:end + 6]
        return two_before in _USER and not chosen
    if _DOCUMENT & set(tokens[end:end + _TITLE_WORDS + 1]) or before in ("from", "by") and two_before in _DOCUMENT:
        return True  # the author of a text asked about ("the google 'we have no moat' memo", "a memo from google")
    return before == "from" and two_before in _TAKEN_FROM


# Brands people name alone ("is qwen better than gemini?"): the words of _AI that are not an organization's name.
_BRANDS = ("gpt", "claude", "gemini", "llama", "qwen", "grok", "kimi", "glm", "gemma", "nemotron", "phi", "olmo",
           "mixtral", "codestral", "devstral", "magistral", "ernie", "hunyuan", "jamba")
# Model lines people name without their brand or version, and whose they are
_LINES = {"opus": "Anthropic", "sonnet": "Anthropic", "haiku": "Anthropic"}
# Words before a line's name that make it a poem or a life's work ("a sonnet", "write haiku", "magnum opus")
_POEM_BEFORE = frozenset({"a", "an", "my", "your", "his", "her", "their", "our", "write", "writing", "wrote", "compose",
                          "composing", "magnum", "shakespeare", "shakespearean", "petrarchan", "best", "good",
                          "short", "funny", "nice", "little", "cute", "rhyming"})
# After a brand: a level ("gpt-class", "gpt level") or a product ("claude pro", "gemini app"), not its maker's models.
_NOT_THE_MAKER = frozenset({"level", "class", "tier", "like", "grade", "style", "pro", "plus", "max", "subscription",
                            "app", "api", "wrapper", "wrappers"})


def brand_organizations(models: Iterable[ModelInfo]) -> dict[str, str]:
    """Each brand -> the organization that makes at least two thirds of the models whose names start with it
    ("claude" -> Anthropic, "llama" -> Meta): a brand named alone is read as its maker, answered like "deepseek"."""
    makers: dict[str, Counter[str]] = {}
    for m in models:
        first = re.match(r"[a-z]+", normalize(m.name))
        if first and first.group(0) in _BRANDS and m.organization:
            makers.setdefault(first.group(0), Counter())[m.organization] += 1
    out = {}
    for brand, count in makers.items():
        org, n = count.most_common(1)[0]
        if n * 3 >= 2 * sum(count.values()):
            out[brand] = org
    return out


@dataclass(frozen=True, slots=True)
class Found:
    """What `ModelMatcher.read` found in a question."""

    models: list[str]  # ids, in the order written
    near_misses: tuple[tuple[str, str], ...] = ()  # (id read, the similar model it is not)
    families: tuple[tuple[str, str], ...] = ()  # (id taken, the family named without a version, as written)
    unknown: tuple[str, ...] = ()  # a family's words and a version no model has ("gpt 6"), as written
    phrases: tuple[str, ...] = ()  # every name read, as written
    model_phrases: tuple[str, ...] = ()  # the names of models (not labs) read, as written


def _version_words(name: str) -> tuple[str, ...]:
    """A name as words and versions, a version's trailing ".0" dropped: "Gemini 2.0 Flash" -> gemini, 2, flash."""
    return tuple(re.sub(r"\.0$", "", t) for t in re.findall(r"[a-z]+|[0-9]+(?:\.[0-9]+)*", name.lower()))


# The rest of a name once its first word is dropped, when that still names a model: a word and a version ("opus-4-1",
# "3-5-sonnet", "2-5-pro"), never digits alone or a size ("405b", "235b-a22b").
_BRANDLESS = re.compile(r"(?=.*[a-z]{3})(?=.*[0-9])[a-z0-9]+(-[a-z0-9]+)*")
# Last words of a name that may be a reasoning setting (gapbot.registry.strip_settings drops them): checked first,
# as stripping costs more than most lookups.
_SETTING_TAIL = frozenset({"thinking", "reasoning", "high", "medium", "low", "minimal", "xhigh", "base", "effort",
                           *(f"{n}k" for n in (1, 2, 4, 8, 16, 32, 64, 128))})
_LATEST = frozenset({"latest", "newest", "current", "recent", "new"})  # "the latest gemini": the brand's newest model
# Words that end many names ("Gemini 2.5 Pro", "o4 mini"): a close spelling may end with one.
_NAME_PARTS = frozenset({"pro", "mini", "max", "large", "small", "medium", "flash", "preview", "thinking",
                         "instruct", "chat", "base", "high", "low"})

# Words of a name that say how it is packaged, not which model it is ("Qwen2.5 Coder 32B Instruct" is a Qwen Coder).
_PACKAGING = frozenset({"instruct", "it", "hf", "fp", "preview", "exp", "experimental", "latest"})

_STOP = {"the", "and", "for", "best", "open", "model", "models", "which", "what", "how", "far", "behind", "gap",
         "math", "code", "coding", "reasoning", "top", "compare", "with", "does", "is", "are", "on", "in", "of", "at",
         "to", "vs", "versus", "than", "better", "good", "score", "scores", "source", "closed", "weights", "when",
         "did", "catch", "up", "why", "language", "overall", "data", "analysis", "instruction", "following",
         "agentic", "proprietary", "arena", "aider", "livebench", "epoch", "lmarena", "latest", "new", "now", "today",
         "this", "that", "there", "their", "they", "them", "you", "your", "about", "over", "time", "year", "month",
         "months", "points", "leader", "leaders", "one", "two", "three", "four", "five", "ten", "max", "pro", "mini",
         "base", "chat", "high", "low", "medium", "large", "small", "preview", "thinking", "instruct", "lead"}


_BACK_REFERENCE = re.compile(r"\b(then|that|it|its|those|these|ones?|same|there|them|they|this)\b")
# The sides meeting, in words of a time to come ("catch up", "pass closed ones", "overtake gpt-5")
_CATCH_TO_COME = re.compile(r"\b(catch(ing)?( up)?|pass(ing)?|overtak\w*|surpass\w*|close the (gap|distance)|"
                            r"match(ing)?|beat(ing)?|draw level|pull ahead)\b")
# Words that point back at the model or lab asked about before ("why did they fall off", "is any open model above it")
# ("it's", "they're", "the pair of them" are read by their first or last word)
_POINTS_BACK = re.compile(r"\b(it|its|they|them|their|theyre|those two|that one)\b")
# "and glm 4.6?" after a question about one model asks the same of another; "vs glm 4.6?" compares the two.
_VERSUS = re.compile(r"^((and|so|ok|okay|k|but|now)[\s,]+)*(vs\.?|versus|compared (to|with)|against)\b")
# A reply adding a model to the previous question ("add glm 4.6 to that", "throw kimi in there too", "put it next to
# gpt-5", "include qwen as well"): the comparison, with one more
_ADD = re.compile(r"^((and|now|also|can you|could you|pls|please|maybe|let'?s)[\s,]+)*(add|throw|toss|chuck|put|stick|"
                  r"bring|include|slot|squeeze|plus)\b|\b(next to|alongside|beside|side by side with|in there|"
                  r"(in|into) the mix|to (that|this|the (list|comparison|mix|table|chart))|as well)\b")
MAX_COMPARED = 4  # models one comparison sets side by side
# The size of the gap asked about ("how big is it", "the actual number", "what's the figure"), after a trend: the gap
_SIZE_NOW = re.compile(r"\b(how (big|wide|large|much|far)|numbers?|figures?|size|margin|gap)\b")
# A side's leader reached by the other ("has any of them caught the closed leader"): a catch-up, not a side's leaders
_REACHED = re.compile(r"\b(caught|catch\w*|reach\w*|match\w*|beat\w*|pass\w*|surpass\w*|overtak\w*|yet)\b")
_TOO = re.compile(r"\b(too|as well|also|both|either)\b")
# A swap's verb, before the variant it names ("swap in the 2507 one", "switch to the thinking version")
_SWAP_VERB = re.compile(r"^(swap|switch|sub)(\w*)( it| that)?( in| to| over to| out)?\s+|^(use|try)\s+")
# One of the models compared, asked about alone ("and glm by itself", "qwen on its own?", "just kimi's numbers")
_ALONE = re.compile(r"\b(alone|on (its|it's|their) own|by (itself|themselves)|solo|just|only|separately)\b")
# A model of a comparison replaced by another ("swap opus for sonnet", "o3 instead of gpt-5", "replace a with b")
_SWAP = re.compile(r"\b(swap\w*|switch\w*|replac\w*|instead|in place of|rather than|substitut\w*|sub)\b")
# A variant of the previous model named by its distinguishing words ("what about the thinking version", "and how
# about scout", "what about its 0528 update", "and the 20b one?", "and with 3.7?"), its lead-in words dropped
_VARIANT = re.compile(r"^(same (q|question|thing|deal|ask|one) |ok |and )?"
                      r"((what|how) about (the |its |their )?|(with |for )?(the |its |their )|(with|for) )"
                      r"(?P<v>[a-z0-9][\w.-]*( [a-z0-9][\w.-]*)??)"
                      r"( (one|version|variant|model|update|edition|release|build|checkpoint|sibling|brother|"
                      r"sister|cousin|counterpart))?"
                      r"( (then|too|instead|before (it|that)|after (it|that)))?"
                      # (a clause about it told after the one named: "the 20b one my extern runs on her laptop")
                      r"((?<= one)(?<! the one) (that |which |who )?(my|our|your|his|her|their|everyone|people|you|"
                      r"i|we|they|the \w+) [^?]*)?\W*$")
_LEAD_WORD = re.compile(r"^(and|ok|so|also)\s+")
# A model's sibling it is set against ("is it better than the 20b one", "vs the mini version", "vs the 20b?")
_THAN_THE_VARIANT = re.compile(r"\b(than|vs\.?|versus|against|compared? (to|with)) (the |its )(?P<v>[a-z0-9][\w.-]*)"
                               r"( (one|version|variant|model)\b|\W*$)")
# A remark after a message's last question mark ("? the zh team keeps mentioning it"), to be set aside
_ASKED_FIRST = re.compile(r"(?<=\?)[^?]*$")
# A sibling named as the newer or older one ("and the newer glm 4.7", "the updated v3 0324")
_NEWER_ONE = re.compile(r"\bthe (newer|newest|latest|updated|new|older|earlier|later|bigger|smaller) [a-z0-9]")
# A sibling pointed to, then named ("the smaller one, the 20b", "the newer one, 4.7")
_SIBLING_SAID = re.compile(r"\b(the|its|their) (smaller|bigger|larger|newer|older|later|earlier|next|little|small|big|"
                           r"new|other|younger|baby|kid) (one|version|model|variant|sibling|brother|sister)(,| -| —|:) "
                           r"(the )?(?=[a-z0-9])")
# The open side's leader asked against the closed one just named ("how does it compare to the best open one")
_TO_THE_OPEN_BEST = re.compile(r"\b(compare|stack|vs\.?|versus|against|next to|close|far|behind|ahead)\b.{0,30}"
                               r"\b(the )?(best|top|leading|strongest) (open|oss|local|downloadable)\w*")
# After a catch-up, when or which came first ("which one was first", "how many months after o1 was that")
_WHEN_ASKED = re.compile(r"\b(first|earliest|how (many (months|weeks|days|years)|long|soon)|when)\b")
_AGAINST = re.compile(r"\b(vs\.?|versus|against|compared? (to|with)|stacks? up|better than|worse than|beats?)\b")
# One set above or below another named in a reply ("is it ahead of deepseek there?", "behind kimi too?")
_SET_BESIDE = re.compile(r"\b(ahead of|behind|above|below|outperform\w*|outscor\w*)\b")
# The open leader held against a model named after it: reached ("is it ahead of x", "does it beat x") or how far
# apart ("its score vs x", "how far is it from x")
_HELD_AGAINST = re.compile(r"\b(?P<reached>better than|ahead of|above|beat\w*|surpass\w*|outperform\w*|"
                           r"pass\w* |as good as|on par with|match\w*)|\b(vs\.?|versus|against|from|behind|gap to|"
                           r"compared? (to|with))\b")
_IT = re.compile(r"\b(it|its|that one|this one|that model|this model|them|get there)\b")
# One model held to "it", the other of two just compared: "did mixtral actually beat it", "so k2.5 already matched it"
_BEATS_IT = re.compile(r"\b(beat|beats|beaten|match(es|ed)?|caught up (with|to)|catch(es|ing)? up (with|to)|"
                       r"pass(es|ed)?|overt(ake|akes|ook|aken)|surpass(es|ed)?|ahead of|better than|worse than|"
                       r"tied?( with)?|level with|close to|pull(ed)? ahead of) (it|that one|them)\b")
_WHY = re.compile(r"\b(why|how come)\b")
_IT_OR_THEY = re.compile(r"\b(it|its|they|them|their|both|either|each|the two|those two|these two)\b")
# When something first happened, in the past ("when did it first get that close", "how long did that take"): a
# catch-up; one to come ("how long will it take") is a prediction, and "how long has it been shrinking" a trend
_WHEN_FIRST = re.compile(r"\bwhen did (open\w*|they|it|that)\b.{0,30}\b(first|get|reach|match|beat|pass|surpass|"
                         r"overtake|catch)|\bhow long did (it|that|this) take\b")
# The previous answer asked for in another unit ("say that in months instead of points", "in percent pls")
_IN_OTHER_UNITS = re.compile(r"\b(say|give|put|express|show|tell|convert|translate|make|write|explain|have)\b.{0,20}"
                             r"\b(in|as|into) (months|points|percent\w*|percentage( points)?|elo|time)\b|"
                             r"\bin (months|points|percent\w*|elo) (instead|rather)\b|"
                             r"\bin (months|points|percent\w*|elo)( (pls|please|plz))?,? (not|instead of|rather than) "
                             r"(in )?"
                             r"(months|points|percent\w*|elo)\b|"
                             # "gimme the months number not points", "how about as a time lag" (a translation asked
                             # for is declined, as dev labels it: the bot answers in English)
                             r"\b(months|points|time) (number|figure|version|one)\b|\bas a (time )?lag\b|"
                             # "in months or in points? both please", "points or months?"
                             r"^\W*((and|so|ok|but)\W+)*(in )?(months|points) (or|and|vs\.?) (in )?(months|points)\b|"
                             # the unit alone ("months?", "win rate wise?", "what's that in months? people keep
                             # saying 3 to 4", "in months pls, elo means nothing to me")
                             r"^\W*((and|so|ok|okay|but|now)[\s,]+)*((what'?s|what is|how much is) (that|it|this) )?"
                             r"(in |as )?(months?|points?|pts|elo|percent\w*|win ?rates?)( wise)?"
                             r"( (pls|please|plz|instead|then|tho|though|if (you|u) can|if possible))?\s*([?.!,]|$)")
# Who says so, or what a source says, asked after an answer ("says who", "what does the podcast guy say exactly",
# "do your sources tie that to export controls", "does anyone commit to an actual year"); not the bot's own view
_WHO_SAYS = re.compile(r"\b(says who|who says|who said (that|this|it|so)|(what|how) (does|do|did) (the |that |this )?"
                       r"[\w' ]{0,30}\b(say|argue|predict|claim)|what (do|does|did) (you|u) mean|your sources|"
                       r"(the|that|this) (piece|article|paper|report|podcast|post)|analysts?|experts?|critics|"
                       r"commit to)\b")
# How a figure was measured ("whose eval is it?", "their own runs?", "is that epoch's method or someone else's", "how do
# they compute it"): what the articles say about it, not the figure again ("whose numbers are these?" asks its source)
_HOW_MEASURED = re.compile(r"\bwhose (evals?|evaluations?|estimates?|methods?|methodology|runs?|measurements?|"
                           r"analysis)\b|\b(their|its|epoch'?s|someone else'?s) (own )?"
                           r"(runs?|methods?|methodology|evals?|estimates?)\b|"
                           r"\bhow (do|did|does|would) (they|you|u|epoch|it|that) (compute|calculate|measure|estimate|"
                           r"work out|derive|get)\b")
_NOT_ABOUT_IT = re.compile(r"\b(unrelated|off[- ]topic|what do (you|u) think)\b")
# Which one did, asked alone after a catch-up ("which one?", "who", "which model tho")
_WHICH_DID = re.compile(r"^\W*((ok|so|and|wait|huh|cool)\W+)*(which|who|what)( one| ones| model| models)?"
                        r"( was it| is it| was that| is that| did it| did that)?( tho| then| exactly)?\W*$")
# When it happened, asked after a catch-up, whatever follows ("when did that first happen? need the month for a
# timeline slide", "when did that first happen, roughly? month and year will do")
_WHEN_IT_HAPPENED = re.compile(r"^\W*((ok|so|and|wait|huh|cool)\W+)*when did (that|it|this) (first )?happen\b")
# What other voices say after an article answer ("do others agree?", "does anyone disagree", "other views?")
_OTHERS_SAY = re.compile(r"\b(agree|disagree|other (views?|sources|takes|opinions)|others (say|think)|"
                         r"counter\w*|push ?back)\b")
# When the gap was at an extreme ("when was it smallest?", "ok so when was the gap at its widest"): its trend
_WHEN_EXTREME = re.compile(r"\bwhen (was|were|did|has) (it|that|the gap|the lead|the distance|they|the sides)\b.{0,20}"
                           r"\b(smallest|narrowest|biggest|widest|largest|closest|tightest|lowest|highest|peak)\b|"
                           r"\b(smallest|narrowest|biggest|widest|largest|closest|tightest) (it'?s|it has|it was|"
                           r"the gap (has|was)|that gap (has|was)) ever (been|got(ten)?)\b")
# A reply asking for the previous question again, changed ("same question but for hle", "same thing on aider")
_SAME_QUESTION = re.compile(r"^\W*((ok|so|and|now)[\s,]+)*(the )?same (question|thing|q|one|deal|list|chart|table|"
                            r"numbers|query)\b.{0,12}"
                            r"\b(for|on|with|about|in|at|but)\b")
# Whether the open side beats a model yet ("is any open model better than it yet", "any of those better than opus 4.5")
_BEATEN_YET = re.compile(r"\b(is|are|was|were|has|have)? ?(any|an|even one|a single) (of (those|them|these)|open\w*"
                         r"( source| weights?)?( ones?| models?| llms?)?|one)\b.{0,15}\b((better|stronger|smarter) "
                         r"th[ae]n|ahead of|above|beat(en|s)?|passed|surpass\w*)\b|\bhas (it|that one) (beaten|passed|"
                         r"overtaken|caught) (any|all)\b")
# One model's place asked ("so it's the best open one or not", "is it the best small open model there?")
_IS_IT_THE_BEST = re.compile(r"\b(is it|it'?s|its|is that( one)?|is this( one)?)( still| really| actually)? (the )?"
                             r"(best|top|strongest|leading|#1|number one)\b")
# A named model asked about as the best ("is deepseek v3.2 the best open model on livebench", "is gpt oss 120b the top
# open one or nah"); not set against the best ("is grok better than the best open model"), nor ever the best ("was
# gpt-oss-120b ever the top open model": its standing over time)
_IS_NAMED_THE_BEST = re.compile(r"^\W*(?![^?]*\b(ever|than|then|vs\.?|versus|against|ahead|behind|above|below|"
                                r"beat\w*)\b)(is|isn'?t|was) "
                                r"(?!it\b|that\b|this\b|the\b|there\b|any\b|an?\b)((?! an? )[\w .'-]){2,30}? "
                                r"(still |now |really |actually |currently )?(the )?(best|strongest|top|smartest|"
                                r"leading|#1|number one) (\w+ )?(open[\w-]* )?(weights? )?(model|one|llm)\b|"
                                # "is it top of the open board": its place on the open side's list
                                r"^\W*(is|was) [\w .'-]{2,30}? (still |now |really |actually )?(the )?top of the "
                                r"(open[\w-]* )?(weights? )?(board|leaderboard|list|pile|charts?)\b")
# Whether it was so before too ("was it the same in 2024?", "was it always like that?", "was it always that low?"):
# the same question over time
_SO_BEFORE = re.compile(r"\b(was|were|has|had) (it|that|this|the gap|they|things)( been)?( always| still| also)? "
                        r"(the same|like (that|this)|that (low|high|big|small|wide|close|far|bad|good)|this "
                        r"(low|high|big|small|wide|close|far|bad|good)|so (low|high|big|small|wide|close|far))\b")
# "was it bigger or smaller in early 2024 tho" after a gap: then against the answer's now ("was it wider before r1
# came out" asks about the month before it, as it was)
_BIGGER_BEFORE = re.compile(r"\b(was|were) (it|that|the gap|they) (bigger|smaller|wider|narrower|larger|closer|"
                            r"tighter)\b")
# "what was it in 2023 though, has it actually come down" after a gap: the change since that time
_COME_DOWN = re.compile(r"\b(has|have|did) (it|that|the gap|things|they)( actually| really| much)? "
                        r"(come|gone|went|get|got|gotten) (down|smaller|bigger|narrower|wider|closer)\b|"
                        r"\b(has|have|did) (it|that|the gap)( actually| really| much)? "
                        r"(shrunk|shrink|narrowed|widened|grown|dropped|closed)\b")
# …unless the change is asked within that time ("and did it shrink during 2025?")
_DURING = re.compile(r"\b(during|through|throughout|across|within|in the course of)\b")


def _change_since_asked(low: str) -> bool:
    """Whether a reply asks how the gap changed since a time it names ("what was it in 2023 though, has it come
    down"), not within it ("and did it shrink during 2025?")."""
    return bool(_COME_DOWN.search(low)) and not _DURING.search(low)
_BEFORE_WORD = re.compile(r"\b(always|before|back then|back in|earlier|ago|last (year|month|spring|summer|fall|autumn|"
                          r"winter)|in 20\d\d)\b")
# The answer now set against a time before ("how does that compare to a year ago", "vs back in 2024?")
_SET_AGAINST_THEN = re.compile(r"\b(compare[sd]?|compared|vs\.?|versus|against|differ\w*|stack up|bigger|smaller|"
                               r"wider|narrower|larger|closer|further|the same)\b.{0,30}"
                               r"\b(ago|last (year|month|spring|summer|fall|autumn|winter|quarter)|back (then|in)|"
                               r"before|20\d\d|earlier)\b")


def _benchmark_variant(name: str, low: str) -> Benchmark | None:
    """The part of benchmark `name` that `low` names by its own words alone ("diamond" of GPQA, "verified" or
    "bash-only" of SWE-bench, "tier 4" of FrontierMath), or None."""
    # the parts of its base too ("and verified?" after SWE-bench bash-only: the base SWE-bench's Verified part)
    bases = [b.name for b in BENCHMARKS if name.lower().startswith(b.name.lower())] or [name]
    for base in sorted(bases, key=len, reverse=True):
        for b in BENCHMARKS:
            extra = b.name[len(base):].strip().lower() if b.name.lower().startswith(base.lower() + " ") else ""
            words = r"[\s-]?".join(re.escape(w) for w in extra.split())
            if extra and b.name != name and re.search(rf"\b{words}\b", low):
                return b
    return None


# Which side the previous model is on ("is that one even open weights", "wait, is it closed?")
_IS_IT_OPEN = re.compile(r"\b(is|isn'?t|was) (that|it|this)( one| model| thing)? (even |actually |really |still )?"
                         r"(open|open[- ]weights?|open[- ]source|closed|proprietary|api[- ]only|downloadable)\b")
# One of two compared, asked about alone by "it" ("what about r1 on coding, how does it do there")
_HOW_DOES_IT = re.compile(r"\b(how (does|did|is|'s) it|how's it|where does it|where did it) (do|doing|fare|rank|score|"
                          r"land|stack)")
# The standing of the model an answer named ("how does that one do on math tho", "whats its math score", "and where
# is it on aider?", "could you give me its scores by category?")
_LEADER_STANDING = re.compile(
    r"\b(how (does|did|is|'s|do) (it|that one|that model|this one|that|the (#1|top|first) one)( \w+)? "
    r"(do|doing|fare|score|rank|land|stack)|how's (it|that one) (do|doing)|"
    r"where (is|does|did|'s) (it|that one|that)( \w+)? (sit|rank|land|stand)|where is it (on|in|now|overall|ranked)\b|"
    r"(its|that one'?s) (\w+ )?(score|scores|rank|ranking|numbers|standing))\b")
# Not its own standing: held against another model or side, or why
_NOT_ITS_OWN = re.compile(r"\b(vs\.?|versus|against|compared? (to|with)|stacks? up against|better than|worse than|"
                          r"beats?|ahead of|behind|closed|proprietary|paid|why)\b")
# Set beside another ("put it next to gemini 3 pro", "side by side with o3")
_BESIDE = re.compile(r"\b(next to|beside|alongside|side by side with|up against)\b")
# The places after the first ("and second and third?", "who's runner-up")
_NEXT_PLACES = re.compile(r"\b(second|2nd|third|3rd|runners?[- ]up|next (one|ones|few))\b")
_THE_GAP_WORD = re.compile(r"\b(gap|lead|distance|difference)\b")
# The figure at a time asked ("what was it a year ago then", "and what was the gap in june?")
_WHAT_WAS_IT = re.compile(r"\b(what|how (big|wide|large|much))('s| was| is| were)? (it|that|the gap|the lead)\b")
# Open models among those just listed ("any open ones in there at all?", "are any of them open?")
_OPEN_IN_THERE = re.compile(r"\b(any|an)( of them| of those)? open\w*( source| weights?)?( ones?| models?| llms?)?\b"
                            r".{0,15}\b(in there|on (it|there|that list|the list)|among (them|those))\b|"
                            r"\b(any|are any) (of )?(them|those) open\b")
# Open models looked for in a list just given ("any open ones in the top 5?", "and any open ones in there?")
_ANY_OPEN_IN = re.compile(r"^\W*((and|so|ok|but|wait)[\s,]+)*(are there |is there |were there |was there )?(any|an)"
                          r"(( open\w*( source| weights?)?)?( ones?| models?| llms?)? (in|among|inside) the (\w+ )?"
                          r"top\b|"
                          r" open\w*( source| weights?)?( ones?| models?| llms?)? (in|on|among|inside) (there|it|them|"
                          r"those|the (list|first))\b)|"
                          r"^\W*((and|so|ok|but|wait)[\s,]+)*how many (of (those|them|these) )?(are|were|is) "
                          r"(open|oss)\b|"
                          r"^\W*((and|so|ok|but|wait)[\s,]+)*(are |were |is |was )?any (of (them|those|these) )?"
                          r"(in|among|inside) the (\w+ )?top\b")
# How far one is from another ("how far is that from gpt-5", "how close is it to o3")
_HOW_FAR_FROM = re.compile(r"\bhow (far|close|much)\b.{0,25}\b(from|to|behind|off|short of)\b")
# Whether the other side comes near ("any open ones close?", "how close do the closed ones get")
_NEAR_ASKED = re.compile(r"\b(close|closer|near|nearby|near it|anywhere near|in reach|competitive|how far)\b")
# When what the previous answer told happened ("when did that happen exactly", "since when has that been the case")
_HAPPENED = re.compile(r"\bwhen (did|was|has) (that|it|this)( (actually|really|first))? (happen|occur|start|begin)\w*|"
                       r"\bsince when\b.{0,20}\b(case|true|so)\b")
# The distance to the top of the board ("how far is it from first place", "how far off the #1 spot")
_FROM_THE_TOP = re.compile(r"\bhow (far|much)\b.{0,25}\b(from|off|behind|below|short of|to) (the )?(first( place)?|"
                           r"top( spot)?|#1|number one|no\.? ?1|leader|lead|first spot)(?!\w)|"
                           r"\bhow far\b.{0,25}\b(from|off|behind|below|short of) (the |\w+ )?"
                           r"(best|top|leading|strongest) (closed|proprietary|paid|api)\b")
# A follow-up that points back by its first words, however long ("what about just the chinese labs vs openai, …")
_FOLLOW_START = re.compile(r"^((hm+|ok|okay|so|and|but)[\s,]+)*(and|what about|how about|same|now)\b")
# Asking which of the two compared before ("which is open?", "so who wins", "which one is better then")
_WHICH_OF = re.compile(r"\bwhich (one|is|of (them|the two|those|these))\b|"
                       r"\bwho( is|'s|s| was| were)? (wins|won|ahead|leads|led|leading|winning|on top|better|stronger|"
                       r"higher)\b|"
                       r"\bwhich (one )?(is|was) (better|open|closed|ahead|higher|cheaper)\b")
# "compare it with sonnet 4.5", "now compare with claude opus 4.5": the model asked about before against this one
_COMPARE_IT = re.compile(r"\b(compare|comparison|stack)\w*\b|^(what|how) about (vs\.?|versus|against)\b")
# How long something took, when it first happened: a catch-up ("how long did that take", "when did open first beat it")
_HOW_LONG = re.compile(r"\bhow long (did|does|will|would|has|have|till|until)\b|\bwhen did (open|they|it)\b.{0,30}"
                       r"\b(beat|match|reach|pass|surpass|overtake|get|catch)|\b(beat|match|reach|surpass|overtake)\w* "
                       r"(it|that|them)\b|\b(get|got|gotten|getting) there\b")  # "did any open model get there?"
# Where a model stands or what it is ("is it open weights?", "whats its arena rank", "where does it rank overall",
# "how's that one doing on livebench", "how do they fare", "is this model any good")
_ITS_STANDING = re.compile(r"\bis (it|that|this)( one| model)? (open|closed|proprietary|an open|a closed)|"
                           # "what's its best benchmark result?": its own strongest showing
                           r"\b(its|their) (best|strongest|top|highest|worst|weakest) (benchmark|result|score|showing|"
                           r"category|domain|board|area)s?\b|"
                           r"\bhow('s| is| are| does| do| did| has| have)? (it|that|this|they|those|these|the two)"
                           r"( one| ones| model| models| two)? (doing|do|did|done|fare\w*|rank\w*|perform\w*|"
                           r"scor\w*|hold\w* up|look\w*|stand\w*|place\w*)\b|"
                           r"\b(is|was|are|were) (it|that|this|they)( one| model)? "
                           r"((any|even|actually|really|still) ){0,2}(good|decent|strong|solid|usable|worth it)\b|"
                           r"\b(its|it's) (\w+ ){0,2}(rank|ranking|score|rating|elo|position|place)\b|"
                           r"\bwhere does (it|that) (rank|stand|place|sit)|\bhow did (it|that) (do|perform|score)|"
                           # "where is it on the arena", "is it top of the board there", "is that one #1 on aider"
                           r"\bwhere('s| is| was| are) (it|that|this|they)( one| model)?\b(?! from)|"
                           r"\b(is|was) (it|that|this)( one| model)? (still )?((at|on) )?(the )?(top|#1|number one|"
                           r"no\.? ?1|first|leading|in the top)\b")
# The answer broken down by domain ("split by category?", "which domains are weakest", "the scores per domain"): the
# previous question again (its answer gives each domain's figures)
_BY_DOMAIN = re.compile(r"\b(per|by|each|every|which|what|across|all|the) (categor(y|ies)|domains?)\b|\bbreak ?down\b")
# "explain that like i'm 12", "eli5 pls": the previous answer, put simply (its own question again)
_SIMPLY = re.compile(r"^((can|could) (you|u) |pls |please )?(explain|say|put) (that|it|this)( again)? "
                     r"(like (i'?m|im|i am) (\d+|five|a kid|a child)|simply|more simply|in (simple|plain) "
                     r"(terms|words|english)|for (a )?(beginner|kid|child|dummies|newbie)s?)|"
                     r"^eli5( (pls|please|that|it|this))?\W*$|"
                     # "explain that like i'm a claims manager with 5 minutes", "pls answer like i'm a line cook,
                     # short": the answer for the asker's trade, nothing else asked
                     r"^((can|could) (you|u) |pls |please )?(explain|say|put|answer)( (that|it|this))?( again)? "
                     r"like (i'?m|im|i am) an? [a-z]+(?![^?]*\b(why|what|how|which|who|when|is|are|does|do)\b)")
# Short follow-ups that name no subject, by what they ask for (the subject comes from the previous answer).
_SHORT_FOLLOW_UPS = [
    (re.compile(r"^((and|but|so|ok) )?(why|how come)\b|\b(caus(e|ed|es)|what drove|behind (that|it|this))\b|"
                r"\bwhy\W*$"),  # "any idea why?"
     "explain", "inherited"),
    (re.compile(r"\b(since|over time|trend\w*|history|which way|direction|"
                r"shrink\w*|narrow\w*|widen\w*|improv\w*|chang\w*|better or worse|"
                r"getting (better|worse|smaller|bigger|closer))\b"), "trend", "inherited"),
    # "which domain closed fastest" after a trend: where it moved most, the trend again
    (re.compile(r"\b(fastest|quickest|slowest|most|least)\b"), "trend", "inherited"),
    (_BY_DOMAIN, "gap", "fragment"),
    # "who leads?", "which side is ahead there?": the previous question (who stands in front is what it answers)
    (re.compile(r"^((and|so|ok) )?(who|which side)('s| is| are)? (leads?|leading|ahead|winning|on top|in front)\b"),
     "gap", "fragment"),
    # "rank?", "and its position?" after a question about a model: the same question (its standing)
    (re.compile(r"^((and|so|ok) )?(its |the |their )?(rank|ranking|rankings|position|place|standing)s?\W*$"), "model",
     "fragment"),
    (_TOP, "best", "inherited"),
    # how big, in another unit: the previous question again ("by how much?", "in percentage terms?")
    (re.compile(r"^((and|but|so|ok) )?(by )?how (much|many|big|far)\b|\bin (percent\w*|points|months|elo)\b"), "gap",
     "fragment"),
    (re.compile(r"^(and|what about|how about|in|on|for|at)\b"), "gap", "fragment"),
]
# The words a short follow-up is made of when it points at nothing ("top 10?", "since when?", "what about last
# year?"): any other word ("top 10 songs", "why is the sky blue", "the trend in housing prices") is a subject of its
# own, and one that no AI word put in scope is declined, not answered about the previous subject.
_FOLLOW_UP_WORD = re.compile(
    r"^(\d+|and|what|whats|what's|about|how|hows|how's|come|why|since|when|over|time|trend\w*|history|top|the|pls|"
    r"please|best|is|was|did|does|do|so|ok|okay|now|instead|only|just|in|on|for|at|months?|years?|weeks?|days?|"
    r"points?|a|of|show|me|give|list|tho|though|really|again|more|last|ago|release|before|after|end|start|early|late|"
    r"getting|better|worse|or|not|still|been|has|have|gotten|lately|recently|smaller|bigger|shrink\w*|grow\w*|"
    r"narrow\w*|widen\w*|improv\w*|chang\w*|any|than|closer|further|apart|if|you|can|could|pls|percent\w*|"
    r"terms|much|many|big|far|by|back|points?|elo|tho|though|y|q[1-4]|h[12]|half|quarter|yr|spring|summer|fall|"
    r"autumn|winter|"
    # which way it is heading, or whether there is a cause ("trending which way?", "any idea why?")
    r"which|way|direction|heading|going|idea|clue|"
    # a hedge ("like since 2024?"), or the answer asked by domain ("exact numbers per category", "which are worst")
    r"like|hm+|categor(y|ies)|domains?|per|each|across|breakdown|break|down|split|exact|numbers|figures|scores|"
    r"are|worst|weakest|strongest|fastest|quickest|slowest|most|least|clos(ed|ing)|rank\w*|position|place|"
    r"standing|its|their|who|leads?|leading|ahead|winning|side|front|there|"
    r"mid|" + "|".join(_WORDS) + r"|jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|"
    r"dec\w*)$")
_ASKS = re.compile(r"\?|^(what|which|who|whose|when|where|why|how|is|are|was|were|does|do|did|can|could|should|"
                   r"would|will|has|have|compare|tell|show|list|give|explain|rank|name|and|what about|how about)\b")


_REQUEST = re.compile(r"^(and|same|just|only|now|also|what about|how about|show|list|give|tell|compare|explain|rank|"
                      r"vs\.?|versus|against|"
                      r"add|throw|toss|chuck|put|stick|bring|include|slot|squeeze|plus|make it|"
                      r"swap|switch|replace|sub|substitute|rerun|redo|use|try|drop|ditch|remove|leave out|take out|"
                      # the list made longer or shorter: "stretch it to 10, the wiki page has room", "trim it to 3"
                      r"stretch|extend|expand|bump|trim|shorten)\b|"
                      r"\btop[- ]?\d+\b|^((sorry|oops|no|nah|wait|ah)[\s,]+)*i meant\b")
_FILLER_WORDS = (r"lol|lmao|ok|okay|so|uh|um|smh|ngl|tbh|bruh|yo|hey|hm+|well|but|and|wait|oh|ah|lowkey|highkey|"
                 r"honestly|fr|bro|dude|btw|genuinely|seriously|real talk|quick q")
_FILLER = re.compile(rf"^(({_FILLER_WORDS})[\s,]+)+")
# Words a reply may open with before what it asks ("cool, now do reasoning", "thanks! now compare glm and kimi")
_LEAD_IN = re.compile(rf"^(({_FILLER_WORDS}|k|kk|cool|nice|great|neat|alright|perfect|got it|thanks|thank you|thx|ty|"
                      rf"tysm|{_PRAISE}|wonderful)[\s,.!]+)+")
_WH = re.compile(r"\b(how|what|which|who|whom|whose|why|when|where|whats|hows|whos|wheres|whys)\b")
# A question put after a remark, without a question mark: "…, is it tho", "… since 2023. were they right or cope"
_ASKED_AFTER = re.compile(r"(?:[,;:.]|\b(?:but|so|tho|though))\s+(?:is|are|was|were|does|do|did|can|could|will|would|"
                          r"has|have|isn't|aren't|doesn't|didn't)\s+"
                          r"(?:it|they|that|this|there|we|you|the|open|closed|any|anyone|anything)\b")


# A statement turned into a question by a tag at its end: "… basically even on math now, am i wrong", "… or nah"
_TAG = re.compile(r"\b(am i (wrong|right|tripping|crazy|missing something)|or am i|or (nah|not)|"
                  r"correct me if i'?m wrong|(is|was) (that|this|it) (right|true|accurate|correct)|"
                  r"true or (false|not)|"
                  # "… lowkey cooking on math or is that cope": the claim, put up for checking
                  r"or (is|was|are) (that|this|it|they) (just |all |pure )?(cope|copium|hopium|hype|cap|a meme|"
                  r"marketing|just me)|"
                  # "bet the open models still can't touch gpt-5 on swe-bench, prove me wrong": a claim to check
                  r"prove me wrong|(?<!\bcan )change my mind)\W*$")


def _remark(low: str) -> bool:
    """An exclamation or a lament that asks nothing ("crazy how fast that went"), unless a tag turns it into a
    question ("wild how fast it shrank, or am i tripping")."""
    if not _REMARK.match(low) or _TAG.search(low):
        return False
    # "ngl kinda wild that a quant fund's model is up there. how close is deepseek to openai rn": a question follows
    rest = re.split(r"[.!;]\s+", low, maxsplit=1)[1:]
    return not (rest and _ASKED_IN.search(rest[0]))


# Two readings offered to choose from, without a question mark: "open models finally on par for data analysis or
# still behind lol", "the coding gap, still shrinking or did it stall"
# ("… or is it just me" stays a remark)
_EITHER = re.compile(r"\bor (still|did|does|has|have|is|are|was|were)\b(?! (it|that|this) just me\b)|"
                     # a choice put to the reader ("math gap vs two years ago, better or worse lol")
                     r"\b(better|worse|bigger|smaller|wider|narrower|closer|ahead|behind) or (worse|better|smaller|"
                     r"bigger|narrower|wider|further|behind|ahead|not)\b")


# A trade asked for, whatever the gap around it ("if the open models catch up, is nvda a buy or a sell?"): all 103
# such dev questions are declines
_TRADE_ASKED = re.compile(r"\b(is|are) [\w.$' -]{1,20} a (good |solid |smart )?(buy|sell)\b|"
                          r"\b(buy|sell|short|dump) (the |their |\w+ )?(stocks?|shares?)\b|"
                          r"\bshould i (buy|sell|short)\b|\bbuy or (a )?sell\b|\bsell or (a )?buy\b")


def _asks(low: str) -> bool:
    return "?" in low or bool(_WH.search(low)) or bool(_ASKS.search(_FILLER.sub("", low))) or \
        bool(_ASKED_AFTER.search(low)) or bool(_TAG.search(low)) or bool(_EITHER.search(low)) or \
        bool(_WANTS_LIST.search(low)) or bool(_ASKED_INDIRECTLY.search(low))


# A question put indirectly, with no question mark: "my question is whether the gap has been getting smaller",
# "i wonder if the open ones ever led on math", "curious whether that holds on livebench too"
_ASKED_INDIRECTLY = re.compile(r"\b(my|the|real|actual|main) (real |actual |main |only )?(question|q) (is|was)\b|"
                               r"\b(i('?m| am) )?(wondering|curious) (if|whether|how|why|when|what|which)\b|"
                               r"\bi (wonder|want to know|wanna know|would like to know|'d like to know) "
                               r"(if|whether|how|why|when|what|which)\b")


# A list asked for by saying who wants it: "our bd team wants the 5 best closed models at creative writing, lol"
_WANTS_LIST = re.compile(r"\b(wants?|needs?|would like|'d like|looking for|asking for|asked for)\s+(a list of\s+)?"
                         r"(the\s+)?(top[- ]?\d+|\w+ (best|strongest|leading|highest[- ]\w+)|best|strongest)\b")


def _strip_injections(text: str) -> str:
    """The question without any text posing as instructions to the bot, lowercased, its foreign key words glossed
    into English ("el mejor modelo open" is "the best model open")."""
    return gloss(strip_instructions(text).lower())


def unsteered(text: str) -> str:
    """The question without any text posing as instructions, its case kept (what the articles are searched with:
    the re-ranker weighs capitalised names), so that text never changes which passages are cited."""
    return strip_instructions(clean(text))


def meant(text: str) -> str:
    """What a question asks, as the intent model reads it: lowercased, typos of key words fixed, and any text posing
    as instructions removed (so that text never moves what is searched or answered either)."""
    return _respelt(_strip_injections(clean(text)))


def _respelt(low: str) -> str:
    """`low` with typos of key words fixed: domains, leaderboards, sides and the words an intent hangs on."""
    low = re.sub(r"^y\b(?=\s*(tho|though|\?|$))", "why", low)  # "y tho?": why (never "x and y", "open y closed")
    low = re.sub(r"\bhow fr (?=behind|ahead|off|from|away|back)", "how far ", low)  # "how fr behind" (fr: for real)
    return respell(_short_typos_fixed(low), _INTENT_WORDS)


# Weapons named: declined, but for the open-weights debate that names them ("is open sourcing ai dangerous, like
# bioweapons? what's the actual debate"), the articles' to argue, never where help is asked for
_WEAPONS = re.compile(r"\b(bio ?weapons?|chemical weapons)\b")
_WEAPONS_DEBATE = re.compile(r"\b(debate|discourse|both sides|arguments?|ethics|policy|open[- ]?weights?|"
                             r"open[- ]?sourc\w*|releas\w* (the |their |frontier )?weights)\b")
_WEAPONS_HELP = re.compile(r"\b(help(ing)? (me|us|someone)|tell me how|give me|show me|step[- ]by[- ]step|"
                           r"instructions|synthesi\w*|how (do|to|can|could|would|should) (i|we|you|one|someone)?\b|"
                           r"how to\b|best at)")


def _weapons_asked(low: str) -> bool:
    """Whether `low` names weapons outside the open-weights debate, or asks for help with them."""
    return bool(_WEAPONS.search(low) and (_WEAPONS_HELP.search(low) or not _WEAPONS_DEBATE.search(low)))


def _short_typos_fixed(low: str) -> str:
    return _SHORT_TYPO.sub(lambda m: _SHORT_TYPOS[m.group(0)], low)


def asks_something(text: str, matcher: ModelMatcher | None = None) -> bool:
    """Whether a reply to an answer asks anything: "thanks", "lol this bot is wrong" and "@here look" do not, and get
    no answer (a reply that mentions the bot is always taken as a question). `matcher` reads the models a reply
    narrows to ("phi-4 specifically", "the new super 120b one"): without it, a model named is just a word."""
    low = _ADDRESSED.sub("", _strip_injections(clean(text)))
    if _CHATTER.match(low) or _remark(low):
        return False
    if where_from(low):
        return True  # "you sure? double check that": the answer again, whatever reaction comes first
    first, mark, rest = low.partition("?")  # (the reaction's words are few: any "?" is within the first clause)
    opened = _FILLER.sub("", low)
    if not mark and (m := _REACTION.match(opened)) and not opened[m.end() - 1].isalnum() and \
            _REMARKED.match(opened[m.end():]):
        return asks_something(opened[m.end():], matcher)  # "bro what 💀 that can't be right": a reaction, then a remark
    if _REACTION.fullmatch(_FILLER.sub("", first).strip(" !.,")):
        # "really?", "u sure about that? feels off", "see?? i was right", "bro what 💀": a reaction, unless what
        # follows it asks ("really? why")
        return bool(mark) and _asks(rest.lstrip("?")) and bool(re.search(r"[a-z]", rest))
    if mark and _MISSED.fullmatch(_FILLER.sub("", first).strip(" !.,")) and rest.strip("? ") and \
            not (_asks(rest.lstrip("?")) or _REQUEST.search(rest.lstrip("? "))):
        # "no mistral? rip", "no qwen?? sad": a name missed from the answer, lamented; alone ("no mistral?") or
        # followed by a question ("no mistral? where does mistral large rank") it asks
        return False
    # "and on livebench specifically", "top 5 open then", "same but open weights": a request, not a remark
    q = read_rules(low, matcher)[0]
    asks = _asks(low if "?" in low else _RELATIVE_WH.sub(" ", low))
    request = _REQUEST.search(low) or _REQUEST.search(_LEAD_IN.sub("", low))  # "ok now compare…", "thanks! now do…"
    # "ok and oss-20b vs o3-mini": two models set against each other, a comparison asked for
    paired = re.search(r"\w (vs\.?|versus) \w", low)
    # "swe-bench verified specifically. not lite", "open only. and if it's gpt-oss i'll riot", "make it 10, three is
    # a podium": the question narrowed or widened, with a remark after it
    narrows = (q.category or q.source or q.benchmark or q.when or q.models or q.top_given or q.group is not None) and \
        _NARROWS.search(low) is not None and len(low.split()) <= 16
    return asks or bool(request) or bool(paired) or q.reason in ("fragment", "inherited", "where_from") or \
        q.context_only or narrows


# Words that narrow or widen the question just answered ("only", "specifically", "i mean", "not lite", "excluded",
# "make it 10", "zoom in on")
_NARROWS = re.compile(r"\b(only|specifically|in particular|i mean|i meant|instead|exclud\w*|without|make it|"
                      r"restrict\w*|narrow\w*|zoom( in)?)\b|(^|[,.;]\s*)not\b")
# A reply that reacts or doubts, asking nothing answerable ("really?", "wait what", "u sure about that?", "see??").
_REACTION = re.compile(r"((really|seriously|srsly|rly|see+|huh+|wh?at+|wut|wat|for real|fr|no way|wtf|hm+|eh|right|"
                       r"true|(are )?(you|u) sure( about (that|this|it))?|is that (right|true|so)|wait|bro|bruh|"
                       r"lol|lmao|what the \w+|"
                       # a figure of the answer echoed back ("3 months??", "only 40 points?")
                       r"((only|just) )?\d+(\.\d+)? ?(%|percent|months?|weeks?|days?|years?|points?|pts|elo))"
                       r"[\s,!.?💀😭😂🤔👀]*)+")
# What a reaction is about, said after it without asking ("bro what 💀 that chart makes no sense")
_REMARKED = re.compile(r"(that|this|it|its|it's|that's|thats|those|these)\b")
# A name or side missing from the answer, as a bare "no …?" ("no mistral?", "no open ones?"), never a correction
# ("no i meant coding?", "no, on aider?")
_MISSED = re.compile(r"no (?!(i|im|i'm|it|its|that|this|one|way|on|in|for|at|just|only|the)\b)[a-z][\w.'-]*"
                     r"( [\w.'-]+){0,2}")
# "this is exactly what i needed", "i see how it works", "i miss when drops were monthly", "that tracks with what
# i've seen", "not what i asked but ok": a wh-word in a statement (only read where the message has no question mark)
_RELATIVE_WH = re.compile(r"\b(exactly|just|quite|is|was|that's|thats|not|know|see|like|love|hate|get|got|needed|"
                          r"wanted|said|miss|remember|back|until|since|with|to|than|matches) "
                          r"(what|how|why|where|when)\b")
_ADDRESSED = re.compile(r"^(@[\w.-]+|gapbot)[\s,:]*")  # "@gapbot is it narrowing though": addressed by name, as typed


def parse(text: str, matcher: ModelMatcher | None = None, today: date | None = None, model: bool = True,
          classifier: IntentModel | None = None) -> Query:
    """Read a question; `today` anchors relative dates ("last year"), by default the clock's date. The intent is
    the intent model's reading (`classifier`, by default the shipped gapbot.intent_model) where there is one and
    `model` is true, else the rules'."""
    q, low, signals = read_rules(text, matcher, today)
    if signals is None or not model or q.reason in ("fragment", "inherited", "where_from"):
        return q  # nothing to read, chatter, or a follow-up fragment whose intent comes from the previous question
    from gapbot import intent_model

    classifier = classifier or intent_model.load()
    if classifier is None:
        return q
    if not signals["asks"] and not _REQUEST.search(low) and (
            signals["opinion"] or not (signals["ai"] or signals["scope"])):
        # A remark that asks nothing and names nothing ("huh, didn't expect that", "fair enough") or states an
        # opinion ("i think open source will win eventually"): no answer, alone or as a reply.
        q.intent, q.reason = "out_of_scope", q.reason or "chatter"
        return q
    if _a_remark(low) or _a_ping(low):
        # "rip to everyone who bet llama 5 would drop this year", "shoutout to whoever made the kimi memes": a remark
        # by its opener, however many names it holds, with nothing asked after it; "is the gapbot awake?": a ping
        q.intent, q.reason = "out_of_scope", q.reason or "chatter"
        return q
    ranked = [(i, p) for i, p in classifier.read(low, signals).ranked if _possible(i, q, signals, low)]
    total = sum(p for _, p in ranked) or 1.0
    ranked = [(i, p / total) for i, p in ranked]
    q.intent, q.confidence = ranked[0][0], round(ranked[0][1], 3)
    q.alternatives = tuple(i for i, p in ranked[1:3] if p >= MIN_ALTERNATIVE)
    if q.confidence < classifier.threshold and q.alternatives:
        q.unsure = True
    if q.intent == "out_of_scope":
        in_scope = [i for i, _ in ranked if i != "out_of_scope"]
        if not q.reason and signals["rule"] != "out_of_scope":
            # The rules read a question the model finds no subject in ("who's the best open one then"): declined
            # alone, but a follow-up takes its subject from the previous answer (see Query.merged_with).
            q.reason, q.alternatives = "unscoped", (str(signals["rule"]),)
        elif in_scope and signals["asks"] and not (signals["offtopic"] or signals["opinion"]) \
                and _FOLLOW_CUE.search(low) and (len(low.split()) <= 8 or len(low.split()) <= 10 and (
                    low.rstrip().endswith("?") or _ASKS.match(_FILLER.sub("", low)) or " how " in f" {low} ")):
            # A short question about "it", "that", "there" ("is it improving", "which one is best there"): no
            # subject of its own, so declined alone; after an answer, about that answer's subject.
            q.reason, q.alternatives = "unscoped", (in_scope[0],)
        q.reason = q.reason or "off-topic"
    elif q.intent in _FROM_ROWS and not (signals["scope"] or signals["ai"] or _SIDES_SAID.search(low)):
        # A leaderboard reading of a question that names nothing the leaderboards hold, no model, domain, side or
        # even "AI" ("how far behind are we on the project deadline", "is it improving"): declined alone; after an
        # answer, that answer's subject (Query.merged_with). Why-questions stay: the articles may answer them.
        q.intent, q.reason, q.alternatives, q.unsure = "out_of_scope", "unscoped", (q.intent,), False
    elif q.reason == "off-topic":
        q.reason = ""
    if q.intent == "explain" and signals["checked"] in ("gap", "trend") and put_to_the_figures(low) and \
            not _WHY.search(low) and not causal(low):
        # "the brochure says open models are about a year behind, is that even what the figures show?": a claim
        # the figures are asked to settle, no analyst's or publication's behind it: what it is about, on the boards
        q.intent, q.reason, q.confidence, q.alternatives, q.unsure = signals["checked"], "", 1.0, (), False
    if q.intent == "compare" and _by_example(low, matcher):
        # "how much worse is the best local model than something like claude or gpt": the labs stand for the closed
        # side, set against the open one: a gap
        q.intent, q.reason, q.confidence, q.alternatives, q.unsure = "gap", "", 1.0, (), False
        q.models, q.unknown_models, q.near_misses, q.families = [], (), (), ()
    if q.intent == "catch_up" and len(q.models) + len(q.unknown_models) == 1 and _CLOSED_OVER_OPEN.search(low) and \
            not _AN_OPEN_OVER.search(low) and not _WHY.search(low):
        # "is o3 still better than every open model at math", "is gpt-5 ahead of the best open one": the closed model
        # held to the open side's best, a gap ("is any open model better than o3 yet" stays a catch-up)
        q.intent, q.reason, q.confidence, q.alternatives, q.unsure = "gap", "", 1.0, (), False
    if q.intent == "explain" and signals["rule"] == "compare" and not signals["kw_explain"] and \
            _AGAINST.search(low):
        # "how do mistral's models stack up against google's", "qwen's lineup vs deepseek's": two labs or models set
        # side by side, with no cause, view or forecast asked (the rules find none): compared on the boards
        q.intent, q.reason, q.confidence, q.alternatives, q.unsure = "compare", "", 1.0, (), False
    if q.intent != "compare" and _held_to_each_other(q, signals, low):
        # "how far behind is deepseek from openai", "was r1 really at o1's level or overhyped", "how close did it get
        # to o1-mini": two labs or models, one held to the other's level, however the model reads them
        q.intent, q.reason, q.confidence, q.alternatives, q.unsure = "compare", "", 1.0, (), False
    if q.intent == "best" and len(q.models) + len(q.unknown_models) == 2 and not q.flagged and not q.top_given and \
            _WHICH_OF_TWO.search(low):
        # "glm n kimi both open right, which one pullin more weight on aider", "which of the two companies has the
        # higher-ranked model": the two named, set against each other, not a board's leaders
        q.intent, q.reason, q.confidence, q.alternatives, q.unsure = "compare", "", 1.0, (), False
    if q.intent == "gap" and _CATCHING_UP.search(low):
        # "are open models actually catching up on coding or not": whether the distance shrinks, a trend
        q.intent, q.reason, q.confidence, q.alternatives, q.unsure = "trend", "", 1.0, (), False
    if q.intent == "gap" and not q.flagged and foretold(low, focus(low)) and _CATCH_TO_COME.search(focus(low) or low):
        # "when do you think open models fully catch up", "open models finna catch claude on agent stuff or nah?":
        # when the sides will meet, a forecast the articles weigh (no board measures what is to come)
        q.intent, q.reason, q.confidence, q.alternatives, q.unsure = "explain", "", 1.0, (), False
    if q.intent in ("explain", "catch_up", "out_of_scope") and not q.models and not q.flagged and (
            _sides_caught_up(low) or _PRICED_SIDES.search(low)) and not (
            _RE["explain"].search(focus(low) or low) or foretold(low, focus(low)) or causal(low)):
        # "open source finally caught up or nah", "are the free ones any good yet vs the paid ones": how far apart
        # the sides are, said without "gap" or "behind" (the articles a long message tells of, before it asks "are
        # the free ones as good as the paid ones now?", ask for no explanation)
        q.intent, q.reason, q.confidence, q.alternatives, q.unsure = "gap", "", 1.0, (), False
    if q.intent == "catch_up" and (q.models or q.unknown_models) and not q.flagged and signals["foretold"] and \
            not _ASKED_OF_THE_PAST.search(focus(low) or low):
        # "will any open model beat gpt-5 this year?": a level not yet reached, asked of the future, is what is
        # expected, the articles' (36 of the 41 dev questions naming a model and foretelling are so labelled, one a
        # catch-up); never asked of the past ("did an open model eventually match gpt-5.1?", "they did eventually,
        # but how many months did it take?"); a catch-up with no model is ruled out in _possible
        q.intent, q.reason, q.confidence, q.alternatives, q.unsure = "explain", "", 1.0, (), False
    if q.intent in ("model", "catch_up", "gap") and len(q.models) + len(q.unknown_models) == 1 and not q.flagged and \
            _IS_NAMED_THE_BEST.match(low) and not _WHY.search(low):
        # "is glm-4.7 the best open model for coding", "is claude opus 4.6 still the strongest model on agentic
        # coding": asked alone, which model is the best there (the brief's convention; asked of "it" after an answer
        # about the model, its standing: _IS_IT_THE_BEST)
        q.intent, q.reason, q.confidence, q.alternatives, q.unsure = "best", "", 1.0, (), False
    if q.intent == "best" and _RELATIVE.search(low) and not q.top_given:
        # "where are open models strongest relative to the closed ones", "where's the best open one relative to the
        # top closed one": where and how far the sides stand apart, a gap, however its "best" leans
        q.intent, q.reason, q.confidence, q.alternatives, q.unsure = "gap", "", 1.0, (), False
    if q.intent == "out_of_scope" and not q.flagged and _FREE_VS_PAID.search(low) and not _WHY.search(low) and \
            not foretold(low, focus(low)) and not _BY_A_TIME.search(low):
        q.intent, q.reason, q.confidence, q.alternatives, q.unsure = "gap", "", 1.0, (), False
    if q.intent in ("best", "gap", "model", "explain", "out_of_scope", "trend") and not q.flagged and \
            (_IN_TOP.search(low) or _OPEN_ON_TOP.search(low) or _OPEN_REACHED_TOP.search(low) or
             _REACHED_YET.search(low) and not (_sides_caught_up(low) and not q.models)) and \
            not _WHY.search(low) and not foretold(low, focus(low)) and not _BY_A_TIME.search(low) and \
            not (q.intent == "trend" and (q.when is not None and q.when.end is None or _PAST_VS_NOW.search(low))):
        # "is there even one open model in the arena top 5": whether the open side has reached the top N, a catch-up;
        # so is "was the open side ever first on aider during 2025" (a span searched, not a change since a time: "how
        # many open models are in the top 20 now compared with a year ago" stays a trend)
        q.intent, q.reason, q.confidence, q.alternatives, q.unsure = "catch_up", "", 1.0, (), False
    if q.intent in ("gap", "best", "model", "trend", "compare") and not q.flagged and \
            _AN_OPEN_ONE_ABOVE.search(low) and not (_WHY.search(low) or _ANYWHERE.search(low) or
                                                    _BY_HOW_MUCH.search(low) or foretold(low, focus(low)) or
                                                    _BY_A_TIME.search(low)):
        # "is any open model above the best closed one right now?", "has any open-weights model matched the top
        # closed score": whether one has reached the level, a catch-up (613 of the 615 dev questions so put); where
        # open is ahead, "in any category" or by how much, stays a gap
        q.intent, q.reason, q.confidence, q.alternatives, q.unsure = "catch_up", "", 1.0, (), False
    if q.intent in ("catch_up", "best") and not q.flagged and (listed := _LIST_THEN_COUNT.search(low)) and \
            (listed.group("of") or _LIST_ASKED.search(low)):
        # "top 6 on livebench reasoning, and how many of those are open?": the list asked for, open or not, and the
        # open ones counted in it (the count alone, "how many open models make the top 10", stays a catch-up)
        q.intent, q.reason, q.confidence, q.alternatives, q.unsure = "best", "", 1.0, (), False
        q.group = None
    if q.intent == "catch_up" and q.group is None and not _WHEN_ASKED.search(low) and \
            len([m for m in q.models if not m.startswith("org:")]) + len(q.unknown_models) >= 2:
        # "has kimi k2 caught up with gpt-4.1", "did qwen2.5 72b ever catch gpt-4o": one named model held to
        # another, compared (no open side asked about: "has any open model caught up with gpt-4o or o1" stays, and
        # so does when or how long after: "how long after o1 did r1 catch up")
        q.intent, q.reason, q.confidence, q.alternatives, q.unsure = "compare", "", 1.0, (), False
    if q.intent in ("gap", "explain", "out_of_scope") and (_PAST_VS_NOW.search(low) or _TWO_TIMES.search(low)) and \
            not q.flagged and not _WHY.search(low) and not foretold(low, focus(low)) and not _BY_A_TIME.search(low):
        # "2024 vs now: how many months behind?", "the arena gap in 2023 and now, how different", "january 2024 vs
        # february 2025": a time set against today or another, how the gap moved
        q.intent, q.reason, q.confidence, q.alternatives, q.unsure = "trend", "", 1.0, (), False
        if q.when is not None and q.when.end is not None and q.when.start is not None and (
                _PAST_VS_NOW.search(low) or q.when.single):
            # "mid 2024 compared to where it is now": from then on (the set's convention, ">=" the past time's start);
            # so too where only the first of two times was read as a date ("mid-2025 vs where they are in the jan 2026
            # release")
            q.when, q.as_of, q.since = DateSpan(q.when.start, None), None, q.when.first_day()
    if q.intent in ("explain", "best", "out_of_scope") and _WHO_LEADS_SIDES.search(low) and not q.flagged and \
            not _WHY.search(low) and not foretold(low, focus(low)) and not _BY_A_TIME.search(low):
        # "who's winning, the open weights people or the api people", "who was leading livebench in november, an
        # open or a closed model": which side is ahead, the gap
        q.intent, q.reason, q.confidence, q.alternatives, q.unsure = "gap", "", 1.0, (), False
    if q.intent in ("gap", "catch_up") and not q.models and not q.flagged and _LEADER_ASKED.search(low) and \
            _OPEN_OR_CLOSED_ASKED.search(low):
        # "Humanity's Last Exam: who's on top, and is it an open or a closed model?": the leader, whose side the
        # answer's list shows (5 of the 6 dev questions so put are labelled so)
        q.intent, q.reason, q.confidence, q.alternatives, q.unsure = "best", "", 1.0, (), False
    if q.intent == "trend" and len(q.models) + len(q.unknown_models) == 1 and not _SIDES_WORDS.search(low):
        # "how has deepseek's ranking changed since january", "has kimi improved since k2": one model or lab's
        # standing over time, no gap between the sides asked about
        q.intent, q.reason, q.confidence, q.alternatives, q.unsure = "model", "", 1.0, (), False
    if signals["crossing"] and q.intent != "compare":
        # A level reached, asked about ("ever crack 20% on frontiermath", "do we have o3 at home yet"): when or
        # whether open models got there, a catch-up however its other words lean (best, gap, model), as a rule
        # (never asked back: the reading is not in doubt)
        q.intent, q.reason, q.confidence, q.alternatives, q.unsure = "catch_up", "", 1.0, (), False
    if q.intent in _FROM_ROWS and (_WHY_IS.search(asked := focus(low) or low) or _TO_DO_WITH.search(asked)) and \
            not q.flagged and not _THEN_ASKS.search(asked):
        # "fr fr why is every top open model chinese now", "does the eu ai act have anything to do with mistral
        # falling behind?": a cause asked (all but one of the 235 such dev questions answered are article
        # questions), however the rest of its words lean
        q.intent, q.reason, q.confidence, q.alternatives, q.unsure = "explain", "", 1.0, (), False
    _by_sense(q, signals)
    if q.intent != "explain" and not q.flagged and _defined_asked(low) and not _MEASURED.search(low):
        # "wat is ECI exactly": what the term means, from the articles
        q.intent, q.reason, q.confidence, q.alternatives, q.unsure = "explain", "", 1.0, (), False
    if q.intent == "out_of_scope" and not q.flagged and _OPEN_DEFINED.search(low):
        # "when you say 'open', does that include llama with its licence?", "is 'open source' even the right word for
        # llama": what the side's name means here, a definition of the gap's own terms (61 of 71 dev labels)
        q.intent, q.reason, q.confidence, q.alternatives, q.unsure = "explain", "", 1.0, (), False
    if q.intent == "explain" and not q.flagged and len(q.models) + len(q.unknown_models) == 1 and \
            _STANDING_TALK.search(low) and not (_WHY.search(low) or signals["view"] or _WHAT_HAPPENED.search(low) or
                                                _TO_DO_WITH.search(low)):
        # "is mistral still relevant or did they fall off", "is llama dead?": the lab's or model's standing now
        q.intent, q.reason, q.confidence, q.alternatives, q.unsure = "model", "", 1.0, (), False
    if q.intent == "out_of_scope" and not q.flagged and signals["asks"] and _POLICY_DEBATE.search(low):
        # "should the us ban open weights? what are people arguing", "is chinese ai just copying american ai?": the
        # debate about open weights, what the articles argue (however the senses read its words)
        q.intent, q.reason, q.confidence, q.alternatives, q.unsure = "explain", "", 1.0, (), False
    return q


def _same_scope(a: Query, b: Query) -> bool:
    """Whether two readings ask of the same domain, time, board, benchmark and models."""
    return (a.category, a.when, a.source, a.benchmark, sorted(a.models)) == \
        (b.category, b.when, b.source, b.benchmark, sorted(b.models))


def follow(parsed: Query, previous: Query | None, matcher: ModelMatcher | None = None, today: date | None = None,
           model: bool = True, reader: FollowUpModel | None = None) -> Query:
    """A reply (`parsed`, as parse read it alone) read after the question it follows: the rules carry the previous
    question's context over (Query.merged_with); where the follow-up model (`reader`, by default the shipped
    gapbot.followup_model, if `model`) reads another intent from the reply's words and the previous intent, the reply
    is read again with that intent. The rules stand for what they settle by the reply's form: a reply that asks
    nothing (chatter, "6 months?", "u sure?"), one that only narrows the question ("qwen 3 specifically", "and on
    math?"), a reply to a declined question, and an intent the reply would lack what it needs for (a comparison
    with one model, unless the previous answer was about another one: both are compared)."""
    if previous is not None and previous.intent != "out_of_scope" and not parsed.flagged and \
            (asked := _asked_before_a_remark(parsed.text)) and \
            (parsed.intent == "out_of_scope" and (parsed.reason == "off-topic" or parsed.reason == "unscoped" and
                                                  _VS_ALONE.match(asked.lower())) or
             _FOLLOW_START.match(asked.lower()) and len(asked.split()) <= 6 and
             _TELLS.match(parsed.text[len(asked):].lower())) and \
            not (alone := parse(asked, matcher, today, model=model)).flagged and alone.reason != "off-topic" and \
            (parsed.intent == "out_of_scope" or _same_scope(parsed, alone)):
        # "is it anywhere near the #1 there? I'm the shelter's bio writer so I have opinions", "vs gemini? the crane
        # op who won't shut up about elon needs humbling", "and gpt? that's what our copilot runs on": the question
        # asked, read without the remark told after it (unless the remark narrows it: "and r1? i mean on coding")
        # (what the asker does or feels, never advice or a task asked; the question alone still off-topic stays
        # declined: "ok and what's the price difference? trying to convince …")
        parsed = alone
    merged = parsed.merged_with(previous, matcher)
    if previous is None or previous.intent == "out_of_scope" or not model or parsed.flagged or \
            parsed.reason in ("injection", "empty", "fragment", "where_from") or parsed.context_only:
        return merged
    if not asks_something(parsed.text, matcher):
        return merged  # asks nothing: never the previous answer again, however the model reads it
    low = parsed.text.lower()
    m = _SAME_AGAIN.match(low)
    if m is None and (m := _LOOKED_THEN.match(low)) and _WHY.search(low[m.end():]):
        m = None  # "how did that look in 2024, and why?": a cause asked too
    if m and len(m.group("rest").split()) <= 5 and \
            not _WHY.search(m.group("rest")) and (parsed.when or parsed.category or parsed.source or
                                                  parsed.benchmark or parsed.models):
        # "same but December 2025, so I can show the year-over-year change", "how'd that look back in 2024, before
        # the crew used these": the previous question asked again of the date, domain, board or model it names,
        # whatever reason follows
        return replace(parsed, reason="fragment").merged_with(previous, matcher)
    if merged.intent == "explain" and (_HOW_MEASURED.search(low) or _defined_asked(low)):
        # "whose estimate is that? epoch's?", "in plain english what even is the ECI": how the figure was measured or
        # what the board's name means, settled by its form
        return merged
    if previous.intent == "best" and parsed.top_given and (m := _LIST_RESIZED.match(low)) and \
            not _asks(low[m.end():].replace("?", " ")) and "?" not in low[m.end():].rstrip(" ?!."):
        # "trim it to 3", "can you bump that up to 8" after a top 10: the same list at that length, by its form;
        # unless more is asked after it ("top 10 then, and why is qwen there?")
        return replace(parsed, intent="best", reason="fragment", alternatives=(), unsure=False).merged_with(
            previous, matcher)
    if previous.intent == "model" and merged.intent == "catch_up" and _BEATEN_YET.search(low):
        return merged  # "is there an open one that beats it?" after one model's standing: settled by its form
    if previous.intent == "gap" and merged.intent == "trend" and merged.since and _change_since_asked(low):
        return merged  # "what was it in 2023 though, has it come down" after a gap: the change since, by its form
    from gapbot import followup_model

    reader = reader or followup_model.load()
    if reader is None:
        return merged
    _, low, signals = read_rules(parsed.text, matcher, today)
    reading = reader.read(followup_model.reply_features(low, signals, previous.intent,
                                                        f"{parsed.intent}/{parsed.reason}"))
    intent = reading.intent
    if intent == merged.intent:
        return merged
    if intent == "out_of_scope" and set(merged.models) - set(parsed.models) - set(previous.models):
        # "same q for the 20b", "and the 20b, it would fit on my laptop": the previous question asked again of a
        # variant of its model, a form the rules settle (the variant is in neither the reply's models nor the
        # previous ones)
        return merged
    if intent == "out_of_scope":
        # "so should i short them?", "can you get me a promo code for it": nothing to answer about the answer
        reason = parsed.reason if parsed.intent == "out_of_scope" and parsed.reason not in ("", "unscoped") else \
            "off-topic"
        return replace(merged, intent="out_of_scope", reason=reason, confidence=round(reading.confidence, 3),
                       alternatives=(), unsure=False, leader_of=None)
    own = replace(parsed, intent=intent, reason="" if parsed.intent == "out_of_scope" else parsed.reason,
                  alternatives=(), unsure=False, flagged=False)
    again = own.merged_with(previous, matcher)
    if again.intent == "out_of_scope":  # the rules took it for chatter: the previous question, asked this way
        again = replace(own, reason="fragment").merged_with(previous, matcher)
    elif again is own and not (own.category or own.source or own.benchmark or own.models or own.when):
        # read as a question of its own, naming nothing ("so has anything moved since, would you say?"): its own
        # intent about the previous question's subject
        again = replace(own, reason="inherited").merged_with(previous, matcher)
    leader = again.leader_of
    prior = [m for m in previous.models if not m.startswith("org:")]  # the models (not labs) the answer was about
    if intent == "model" and not again.models and previous.intent == "best" and leader is None and not prior:
        leader = replace(previous, leader_of=None)  # "how long has it held that spot?": the leader the answer named
    named = len(again.models) + len(again.unknown_models)
    if intent == "compare" and named == 1 and len(again.models) == 1 and previous.intent != "compare" and \
            len(prior) == 1 and prior[0] != again.models[0]:
        # "vs 4.5 tho, did it actually improve" after "how does glm-4.6 do on lmarena": the model the answer was
        # about, set against the one the reply names (the rules' merge took the reply's model in its place)
        again = replace(again, models=[prior[0], again.models[0]])
        named = 2
    if intent == "compare" and named < 2 or intent == "model" and not named and leader is None:
        return merged  # nothing to compare, or no model to look up: the rules' reading answers
    return replace(again, intent=intent, reason="", confidence=round(reading.confidence, 3), alternatives=(),
                   unsure=False, leader_of=leader if intent == "model" else None)


# The leader asked for ("who's on top", "which model leads swe-bench verified", "the best model overall right now")
_LEADER_ASKED = re.compile(r"\b(who'?s|who is|which (model|one)('s| is)?) (on top|leading|first|#1|number one|"
                           r"the (top|best|leading|strongest))\b|\bwho (leads|tops)\b|"
                           r"\bwhich (model|one) (leads|tops|is (on )?top)\b|\bthe best \w+ overall\b")
# and whether it is open or closed ("and is it an open or a closed one?")
_OPEN_OR_CLOSED_ASKED = re.compile(r"\bis (it|that|the (leader|winner|top one)) (an? )?(open|closed|proprietary)"
                                   r"( (one|model|weights?))? or (an? )?(open|closed|proprietary)\b")


# The two sides in everyday words ("the free ones", "the paid AIs", "anything i can download"): the gap's subject
_SIDES_SAID = re.compile(r"\b(free|paid|downloadable|local|open|closed|proprietary)( \w+)? (ones|ais|models?|side)\b|"
                         r"\bais\b|\b(you|i|we) (can|could) (just )?(download|run)\b")
# A past time set against today ("2024 vs now", "in december 2023 compared with today")
_PAST_VS_NOW = re.compile(r"\b(20\d\d|a year ago|last year)\b.{0,40}\b(vs\.?|versus|compared (with|to)|and|to|with) "
                          r"((where|how) (it|they|things|the gap) (is|are|stands?|looks?) )?"
                          r"(now|today|these days|currently|right now)\b")
# Two past times set against each other ("the gap in january 2024 vs february 2025"): how it moved between them
_TWO_TIMES = re.compile(r"\b20\d\d\b.{0,15}\b(vs\.?|versus|compared (with|to)|against)\b.{0,40}\b20\d\d\b")
# Which side leads, both named ("who's winning, open source or big tech", "who'd win, the best open or closed one", "who
# led aider at the end of 2024, open or closed?", "wich is best at folowing instrucions, open or closed?")
_WHO_LEADS_SIDES = re.compile(r"(\bwho('s| is| was|'d| would)? ?(winning|ahead|leading|in front|win|led|leads|lead|"
                              r"on top)\b.{0,50}\bopen\w*( source| weights?)?( [a-z]+)?|"
                              r"\bw?h?ich( one| side)?('s| is| was)? (the )?(best|better|stronger|winning|on top)\b"
                              r".{0,50}\bopen( source| weights?)?( ones?| models?)?(?=,? or (the )?(closed|proprietary|"
                              r"paid))|"
                              # "which ai is smartest on gpqa, the closed ones or the open ones?": the sides themselves
                              # asked between (dev: all 5 such questions labelled the gap)
                              r"\b(which|who)\b[^?]{0,100}\bthe (closed|open|paid|free|proprietary)( source| weights?)?"
                              r" (ones|models|side)(?= or the (open|closed|free|paid|proprietary)\b))"
                              r",? or\b"
                              # not the side waved aside ("who leads math, open or closed doesn't matter"): the best
                              r"(?![^?.]*\b(doesn'?t|dont|does not|don'?t) matter)")
# The two sides, or a distance between them, named ("the gap", "behind", "open", "vs")
_SIDES_WORDS = re.compile(r"\b(gap|behind|ahead|lead\w*|lag\w*|distance|catch\w*|caught|closer|close|open\w*|closed|"
                          r"proprietary|frontier|vs\.?|versus|against|compared?|others?|rest|field|everyone)\b")
# A cause asked: "why is", "why are", "why do" (not "why not", nor a "why" inside a claim quoted)
_WHY_IS = re.compile(r"^((so|but|and|ok|fr|ngl|honestly|lol|bro|like)[\s,]+)*why "
                     r"(is|are|do|does|did|has|have|would|was|were)\b")
# A cause asked without a why ("does the eu ai act have anything to do with mistral falling behind?")
_TO_DO_WITH = re.compile(r"\b(does|do|did|could|can|would|might)\b[^.?!]{0,60}\b(have|has|had) "
                         r"(anything|something|much|a lot) to do with\b")
# A question of its own after the why ("why is everyone glazing qwen, is it actually that good")
_THEN_ASKS = re.compile(r"[,;]\s*(is|are|does|do|was|were|how|which|what)\b")
# The debate about open weights: banning or restricting them, or the open labs copying the closed ones
_POLICY_DEBATE = re.compile(
    r"\b(should|would it be|is it|why (do|would|are)|argu\w*|debate|case for|case against)\b.{0,60}"
    r"\b(ban|bans|banned|banning|restrict\w*|regulat\w*)\b.{0,40}\b(open|weights|models?|ai)\b|"
    r"\b(ban|banned|banning|restrict\w*)\b.{0,30}\b(open[- ]?(weights?|source)|open models?)\b.{0,40}"
    r"\b(argu\w*|debate|good|bad|idea|why)\b|"
    r"\b(chin\w+|deepseek|open[- ]?(weights?|source)|open models?)\b.{0,40}\b(just )?(copy|copying|copied|stole|"
    r"stealing|stolen)\b.{0,30}\b(american|us|openai|closed|proprietary|western)\b")
# One held to the other's level: how far apart, how close, at its level
_HELD_TO = re.compile(r"\b(how far (behind|ahead|back|off)|(behind|ahead of|closer to|close to|far from) (the )?\w|"
                      r"how close\b|(at|on) (the )?[\w.-]+('s|-| )level\b)")


def _held_to_each_other(q: Query, signals: dict[str, object], low: str) -> bool:
    """Whether two labs or models are named and one is held to the other's level, with no cause, view, forecast or
    time of catching up asked ("why is deepseek behind openai", "when did qwen get close to gpt-4o": not so)."""
    return len(q.models) + len(q.unknown_models) >= 2 and not q.flagged and bool(_HELD_TO.search(low)) and \
        not (signals["offtopic"] or signals["view"] or _WHY.search(low) or _WHEN_ASKED.search(low)
             or foretold(low, focus(low)) or causal(low) or _SIDE_VS.search(low))




# One of two named models or labs asked for ("which one", "which of the two", "which of those 2")
_WHICH_OF_TWO = re.compile(r"\bwhich (one|1)\b|\bwhich of (them|the|those|these) (two|2|both)\b|"
                           r"\bwhich of (them|both)\b")
_RELATIVE = re.compile(rf"\b{_RELATIVE_TO}\b")
_IN_TOP = re.compile(rf"\b{_IN_THE_TOP}\b")
# Whether one open model is above, or has matched, the closed side or a named model ("is any open model above the
# best closed one", "has any open-weights model matched the top closed score", "anything open actually beat opus yet")
_AN_OPEN_ONE_ABOVE = re.compile(
    r"(\b(is|are|has|have|did|does|was|were)( there)? |^\W*|\b(so|ok|but|and) )"
    r"(any|an|anything|a single|even one|one)( \w+)? "
    r"(open|oss|open-source|open source|open-weights?|open weights?|free|downloadable|local)"
    r"( (models?|ones?|llms?|ais?|weights?|source))?( \w+){0,2}? (that )?"
    r"((is|are|was|were|has|have|had|actually|already|ever|yet|really|finally|genuinely|now) )*"
    r"(above|better than|ahead of|beat(s|en)?|match(ed|es)?|reach(ed|es)?|surpass(ed|es)?|pass(ed|es)?|"
    r"(gone|went|got|gotten|get|gets|moved) past|overt(ook|aken|akes)|exceed(ed|s)?|dethron\w+|topped|tops|"
    r"outscor\w+|outperform\w*)\b")
_ANYWHERE = re.compile(r"\b(anywhere|somewhere|anything where|(in|on|at) anything|"
                       r"(in|on|at) (any|some|which|what) (categor\w+|domains?|areas?|benchmarks?|boards?|tasks?|"
                       r"leaderboards?))\b|\bwhere\b")
_BY_HOW_MUCH = re.compile(r"\bby how (much|many|far)\b|\bhow (much|far) (ahead|above|better|higher)\b|"
                          r"\bby what margin\b|\b(other|rest of the) open\b")
# A remark by its opener, with nothing asked after it ("rip to everyone who bet llama 5 would drop this year", "shoutout
# to whoever made the kimi memes", "brb touching grass before gpt 6 drops", "anyone else refreshing the arena all day"):
# chatter, however many names it holds (all 170 such dev messages with nothing asked are declined; see _a_remark)
_A_REMARK = re.compile(r"\W*(shout ?out|s/o|rip|r\.i\.p|gg|(friendly )?reminder|brb|gtg|pour one out|congrats|"
                       r"congratulations|petition|imagine|pov|anyone else)\b")
# A check that the bot answers ("testing testing, is the gapbot awake", "yo is this bot working or nah"): chatter when
# nothing else in the message names what the leaderboards or the articles hold (the bot's own name is no subject)
_PING = re.compile(r"\b(is (this|the|our|ur) ?(gap ?bot|bot)|is gap ?bot|are (you|u))\b,? (even |still )?(awake|alive|"
                   r"working|online|up|there|dead|down|asleep|broken|on|off|responding|listening)\b")
_BOT_NAMED = re.compile(r"\b(gap ?bot|the bot|this bot|bot)\b")


def _a_ping(low: str) -> bool:
    """Whether `low` checks that the bot answers and names nothing else in scope (see _PING)."""
    return bool(_PING.search(low)) and not _SCOPE.search(_BOT_NAMED.sub(" ", _PING.sub(" ", low)))


# What a question about the gap says even inside the opener's own clause ("rip llama how far behind is meta now")
_ASKED_IN_IT = re.compile(r"\b(how (far|much|big|many|close|does|do|is|are|did)|which|compare|show me|give me|tell me|"
                          r"what('?s| is| are| about| was))\b")
# "anyone else know how far behind…", "anyone else wondering whether kimi beats gpt-5": a question put to the room
_ANYONE_ELSE_ASKS = re.compile(r"\W*anyone else (know|knows|seen|wonder\w*|notic\w*|have|got|curious)\b")
_CLAUSE_BREAK = re.compile(r"[.!,;:\n]+|\s[-\u2013\u2014]+\s")


def _a_remark(low: str) -> bool:
    """Whether a message is a remark by its opener with nothing asked in it or after it (see _A_REMARK): no question
    mark, no question in the opener's clause, and no clause after it that asks or requests ("gg deepseek. show me the
    top 10", "shoutout to the bot, now give me the gap on math", "reminder that it was 12 months - what is it now")."""
    m = _A_REMARK.match(low)
    if m is None or "?" in low or _ANYONE_ELSE_ASKS.match(low):
        return False
    first, *after = _CLAUSE_BREAK.split(low[m.end():])
    return not (_ASKED_IN_IT.search(first) or any(_asks(c.strip()) or _REQUEST.search(c.strip()) for c in after))


# A top N asked for, then how many of it are open ("top 5 on the arena and how many of them are open?", "list the
# top 10 on swe-bench verified and tell me how many are open")
# (a count alone, "in the top 10 on the arena, how many are open?", "of the top 5…", "looking at the top 20…", stays)
_LIST_THEN_COUNT = re.compile(r"(?<!\bin )(?<!\bof )(?<!\bamong )(?<!\bat )(?<!\bin the )(?<!\bof the )"
                              r"(?<!\bamong the )(?<!\bat the )"
                              r"\btop (\d{1,2}|three|four|five|six|seven|eight|nine|ten|twenty)\b[^?]{0,60}?"
                              r"\bhow many(?P<of> of (them|those|these)\b)?[^?]{0,30}?\b(open|oss|downloadable|free|"
                              r"local)")
_LIST_ASKED = re.compile(r"\b(list|show|give|name)( me)? (the )?top\b")
# Whether an open model is (or ever was) first ("is an open model in first place yet", "has an open-weights model ever
# ranked first on livebench", "is any open model actually number one on the arena"): a yes/no about a level, a
# catch-up; "who is #1, open or closed" and "is there any category where open models are #1" stay gaps
_OPEN_ON_TOP = re.compile(r"\b(is|are|has|have|had|did|was|were|does)( there)?( ever)? (any|an|a single|even one|one)"
                          r"( (?!categor|domain|area|field|board|where)\w+){0,2}? (open|oss|local|downloadable|"
                          r"open[- ]weights?|open[- ]source)\b[^?.]{0,40}"
                          r"(first place|ranked first|rank(ed)? #?1|top spot|#1|number one|no\.? ?1|(at|on) the top|"
                          r"top of)")
# Names given as examples of a side ("something like claude or gpt", "the likes of openai", "apis such as gemini")
_EXAMPLE = re.compile(r"\b((some|any)thing|stuff|ones?|models?|apis?|labs?) like\b|\bthe likes of\b|\bsuch as\b")


def _by_example(low: str, matcher: ModelMatcher | None) -> bool:
    """Whether the models and labs `low` names are only examples of the closed side, set against the open side named
    before them by a side word, not a model ("the best local model vs something like claude or gpt")."""
    m = _EXAMPLE.search(low)
    if m is None or matcher is None:
        return False
    before = low[:m.start()]
    return bool(_OPEN.search(before)) and not matcher.read(before).models
# The open side as a whole ("the best open model", "any open model", "anything open", "the open crowd"), and words that
# set something against it ("better than", "relative to", "close", "vs"); never one open model among the others
# ("how does it rank against other open models", "is it the best open model")
_OPEN_SIDE = re.compile(r"\b(((the|any|an|every|all) )?((best|top|leading|strongest|chinese|free) )*"
                        r"(open|oss|downloadable)([- ](source|weights?))?"
                        r"( (models?|ones?|llms?|stuff|crowd|side|camp|options?))|anything open)\b")
_AMONG_OPEN = re.compile(r"\b(other|among|of) (the )?((best|top) )?(open|oss)\b")
_SET_AGAINST = re.compile(r"\b(than|then|relative to|vs\.?|versus|against|clos(e|er|est)|near\w*|ahead|behind|far|"
                          r"compared?|mog\w*|beat\w*)\b")


def _against_the_open_side(q: Query, signals: dict[str, object], low: str) -> bool:
    """Whether `low` sets the one model or lab it names against the open side as a whole (the intent model's signal
    `vs_open_side`: it leans to a gap with that model as the closed side's), never where the rules read a cause, view
    or forecast asked about it ("why is gpt-5 so far ahead of the open ones"; `q.intent` is the rules' reading)."""
    if len(q.models) + len(q.unknown_models) != 1 or q.flagged or q.top_given or _AMONG_OPEN.search(low):
        return False
    if q.intent == "explain" and (signals["kw_explain"] or signals["view"] or _WHY.search(low)):
        return False
    side = _OPEN_SIDE.search(low)
    return bool(side and _SET_AGAINST.search(low))


# The open side catching up, asked of now with no target ("are the open models catching up on math", "whether open
# source is catching up"); never the slogan quoted ("is 'open models are catching up' just a vibe") or a target
# caught ("catching up to gpt-5": a catch-up)
_SIDE = r"(the )?(open|oss|local|downloadable)( source| weights?| models?| ones| llms?)?"
_CATCHING_UP = re.compile(rf"(\b(are|is) {_SIDE}|(?<!['\"‘“])\b{_SIDE} (are|is)) "
                          r"((actually|really|still|even|finally) )?catching up\b(?! (to|with)\b)")
# The open side said to have caught up, with no target ("open source finally caught up or nah", "has open caught up
# fr"): whether any distance is left, a gap; never quoted ("the 'open caught up' narrative") or a target caught
_CAUGHT_UP = re.compile(rf"(\b(has|have) {_SIDE}|(?<!['\"‘“])\b{_SIDE}( has| have)?) "
                        r"((actually|really|finally|fully|basically|already) )?caught up\b(?! (to|with)\b)|"
                        # "did open source catch up yet", "did open models finally catch up or is that cope": the
                        # same, asked in the past, with nothing after it ("… catch up on math during 2025": a time;
                        # "… catch up like he said": a claim checked)
                        rf"\bdid {_SIDE} ((actually|really|finally|fully|basically|already) )?catch up"
                        r"( yet| already)?(\W*$| or\b| fr\b| tho\b)")
_CONDITION = re.compile(r"\b(whether|when|if|once|until|how)( an?| the)? ?$")


def _sides_caught_up(low: str) -> bool:
    """Whether `low` asks if the open side has caught up, no target named; not what counts as caught up ("how does
    epoch decide whether open models have caught up", "define when an open model has caught up")."""
    return any(not _CONDITION.search(low[:m.start()]) for m in _CAUGHT_UP.finditer(low))


_PRICED_SIDES = re.compile(rf"\b({_PRICE_SIDES})\b")
_FROM_ROWS = ("gap", "best", "trend", "compare", "model", "catch_up")  # the intents answered from leaderboard rows


def _by_sense(q: Query, signals: dict[str, object]) -> None:
    """The model's reading, corrected by what the words are about (gapbot.senses), as a rule (confidence 1: the
    articles' similarity never undoes it). A lab or model's standing asked about ("is mistral still relevant", "is
    gemma slept on") is an article question, however unfamiliar its words; an attribute or story that says nothing
    of ability ("what's the tokenizer vocab size of llama 3", "why did the openai board fire its ceo") is declined,
    whatever reading its model names suggest. Asked or not ("lowkey is mistral still relevant"): the model has read
    it, so it names something."""
    if q.flagged:  # an opinion stated or an off-topic pattern: declined as such ("lowkey mistral is mid tbh")
        return
    if q.intent == "out_of_scope" and q.reason == "unscoped" and q.senses == ("aside",):
        # declined by the model, about an attribute or set-up only ("what's the context window of gemini 2.5 pro",
        # "can i run kimi k2 on 2x 3090s"): off-topic, so a reply so put is declined too, not given the previous
        # answer's subject as a question with no subject of its own would be
        q.reason, q.alternatives = "off-topic", ()
        return
    if q.intent == "out_of_scope" and "standing" in q.senses and q.models:
        # two labs or models set side by side ("how does cohere stack up against mistral nowadays"): compared
        paired = len(q.models) + len(q.unknown_models) >= 2 and signals["kw_compare"]
        q.intent, q.reason, q.confidence, q.alternatives, q.unsure = \
            "compare" if paired else "explain", "", 1.0, (), False
    elif q.intent != "out_of_scope" and q.senses == ("aside",) and not _ARTICLES_ASKED.search(q.text.lower()):
        # (unless the articles are asked about by name: "what do the articles say about open models being cheaper
        # per token": theirs to answer or to say they have nothing)
        q.intent, q.reason, q.alternatives = "out_of_scope", "off-topic", (q.intent,)
        q.confidence, q.unsure = 1.0, False


_ARTICLES_ASKED = re.compile(r"\bwhat (do|does|did) (the |your |those |these )?(articles?|reports?|sources|papers?|"
                             r"write-?ups?|notes)( you have)? (say|said|argue|claim|think)\b")

# Words by which a short question points back at the previous answer.
_FOLLOW_CUE = re.compile(r"\b(it|its|that|this|those|these|they|them|there|then|one|ones|same)\b|"
                         r"\bthe (\w+ )?(jump|drop|change|lead|difference|shift|spike|dip|rise|fall|swing|surge|"
                         r"gains?)\b|"
                         r"^(and|so|ok|okay|what about|how about|why|really)\b")
MIN_ALTERNATIVE = 0.1  # a reading offered back when the model is unsure has at least this probability


# Kinds of board a question may look across ("any livebench category", "any benchmark")
_BOARD_KINDS = r"(benchmarks?|categor\w*|boards?|domains?|areas?|leaderboards?)"
_ANY_BOARD = re.compile(rf"\bany ([\w-]+ ){{0,2}}({_BOARD_KINDS}|fields?)\b|\banywhere\b")


# Models or the sides named at all, misspelt too ("any opne modle in top 10"), or the gap between them: what a
# catch-up with no model to reach is about (all 792 dev ones so labelled name one)
_MODELS_OR_SIDES = re.compile(r"\b(models?|modle?s?|modelos?|llms?|ais?|weights?|oss|open\w*|opne|abiert\w*|closed|"
                              r"paid|free|proprietary|local|downloadable|frontier|labs?|anything|any ?one|something|"
                              r"ones?|side|chinese|gap|gpt\w*|chatgpt|claude|gemini|llama|deepseek|qwen|mistral|kimi|"
                              r"glm|grok)\b")


_ASKED_OF_THE_PAST = re.compile(r"\b(did|has|have|had|was|were)\b")


def _possible(intent: str, q: Query, signals: dict[str, object], low: str = "") -> bool:
    """Intents the entities allow: a comparison needs two models (or labs), a question about one model one; AI models
    in a domain the leaderboards rank, asked about in general, are declined only for what is asked of them.

    Little else is ruled out, because the intent model reads these better than a rule by what the question names
    (session 20, each dev question read by a model trained without its writer, eight groups): a decline whenever a
    model is named ("could you recommend a gpu setup for running kimi k2 locally", "how do i submit my own agent to
    the swe-bench leaderboard"; ruling it out turned 180 right readings wrong for 45 the other way), and a catch-up
    with no model to reach ("was there ever a moment where the free models were actually ahead of everyone?";
    answered by the gap, as the engine answers any catch-up without one model: 40 readings right for 17 wrong)."""
    if intent == "compare":  # a model the data lacks counts: the answer then says it has none ("gpt 6")
        return len(q.models) + len(q.unknown_models) >= 2
    if intent == "model":
        return len(q.models) + len(q.unknown_models) >= 1
    if intent == "catch_up" and not (q.models or q.unknown_models or signals["crossing"]):
        # with no model or line named: about models or their sides at all ("has livebench caught up with lmarena in
        # popularity?", "when did the arena launch?": boards, not models), and not a forecast ("will open models ever
        # pass the closed ones": what is expected, the articles'), whether open models lead on any board at all
        # ("has the open side ever taken the w on any livebench category": a gap) or a closed model over all of
        # them ("is gpt-5 still mogging every open model")
        return not (foretold(low, focus(low)) or _ANY_BOARD.search(low) or
                    _CLOSED_OVER_OPEN.search(low) and not _AN_OPEN_OVER.search(low)) and \
            bool(_MODELS_OR_SIDES.search(low))
    # AI models in a domain, asked to be ranked, sided or measured ("top-2 commercial models for programming"):
    # never a task for the bot ("ai models: solve 2x+3=7, show the math"), which stays the model's call, nor advice
    # for the asker's own use ("top 3 models i should use for our sas macros"), the model's call too
    ranked = signals["top"] or signals["group"] or signals["kw_best"] or signals["kw_gap"] or signals["near"]
    ranked_domain = signals["category"] and ranked and _AI.search(low) and not _ASKERS_OWN.search(low)
    return not (intent == "out_of_scope" and ranked_domain and not (signals["offtopic"] or signals["opinion"]))


# The asker's own use or set-up ("which local model is best for roleplay on my rtx 3060"), or a model wanted without
# its guardrails ("best waifu rp model uncensored"): advice, declined or not by the intent model's reading
_ASKERS_OWN = re.compile(r"\b(i|i'?m|i'?ve|i'?d|my|me|mine|we|we'?re|we'?ve|our|ours)\b|\buncensored\b")


def read_rules(text: str, matcher: ModelMatcher | None = None, today: date | None = None
               ) -> tuple[Query, str, dict[str, object] | None]:
    """The rules' reading, the cleaned lowercase text and the signals the intent model reads beside the words
    (None when there is nothing to classify: empty, only an injection, or chatter)."""
    q = Query(text=clean(text))
    unsteered_text = strip_instructions(q.text)
    low = gloss(unsteered_text.lower())  # as _strip_injections, keeping what the stripping alone left
    if not re.search(r"[a-z0-9]", low):
        q.reason = "injection" if re.search(r"[a-z0-9]", q.text.lower()) else "empty"
        return q, low, None
    if _CHATTER.match(low) or _remark(low):
        q.reason = "chatter"
        return q, low, None
    _entities(q, respell(_short_typos_fixed(low)), low, matcher, today)
    # "codeing", "opne", "lmarnea", "shrinkng", "trned": read as meant from here on (model names were read as typed)
    low = _respelt(low)
    if _OWN_TASK.search(low) or _weapons_asked(low) or _OWN_PICK.search(low) and not _BOARD_WORD.search(low) or \
            _not_for_the_boards(low) or \
            _SAID.search(low) and not _ASKED_IN.search(low) or _cheered(low) or _TRADE_ASKED.search(low):
        q.reason, q.flagged = "off-topic", True  # nothing the boards or the articles answer: declined as a rule
        return q, low, None
    ai = bool(_AI.search(low) or q.models or q.source or q.benchmark or q.category not in (None, "overall"))
    off_topic = bool(_OFF_TOPIC.search(low)) or (not ai and _other_gap(low))
    opinion = bool(_OPINION.search(low) and not _asks(low))
    signals: dict[str, object] = {
        "category": q.category is not None and q.category != "overall", "overall": q.category == "overall",
        "models": min(2, len([m for m in q.models if not m.startswith("org:")]) + len(q.unknown_models)),
        "org": any(m.startswith("org:") for m in q.models), "source": q.source is not None,
        "benchmark": q.benchmark is not None, "date": q.when is not None,
        # a span of time asked over ("since 2024", "2024 vs now", "h1 vs h2 2025") leans to a trend, one date to a gap
        "span": "" if q.when is None or q.when.single else "since" if q.when.end is None else "range",
        "group": {True: "open", False: "closed", None: ""}[q.group], "top": q.top_given,
        "ai": ai,
        "offtopic": off_topic, "opinion": opinion, "asks": _asks(low), "scope": bool(_SCOPE.search(low)),
        # text posing as instructions was removed (not a gloss or a typo fixed: those change `low` too)
        "injected": " ".join(unsteered_text.lower().split()) != " ".join(q.text.lower().split()),
        **{f"kw_{name}": bool(rx.search(low)) for name, rx in _RE.items()},
        # a view, prediction or cause asked for; how near the two sides are: their own weights, beside the broad
        # explain and gap keywords they are part of
        "view": bool(re.search(rf"\b({_VIEW})\b", low)), "near": bool(re.search(rf"\b({_NEAR})\b", low)),
    }
    # ("difference" alone is no measure: "the difference between gpt-4o and gpt-4o mini in price per token"; nor is
    # a serving figure reached: "what throughput does it reach on two h100s")
    unserved = unserving(low)
    q.senses = senses_of(low, measured=bool(_RE["trend"].search(unserved) or _RE["catch_up"].search(unserved)
                                            or signals["category"]
                                            or signals["benchmark"] or signals["source"] or crossing(low, q)),
                         asked=_sentence_of(low, focus(low)))
    if off_topic or opinion:
        q.reason, q.flagged = "off-topic", True
    else:
        q.intent = _intent(low, q)
    signals["rule"] = q.intent
    asked = focus(low)
    # a claim checked against the figures ("people say it used to be a year behind. true?"): what the claim is about,
    # read from the whole message (its ask alone, "true?", names nothing)
    signals["checked"] = None if q.flagged else _claim(low, q)
    if signals["checked"]:
        signals["rule"] = signals["checked"]
    elif asked is not None and not causal(low):  # (a cause claimed is read from the claim, as the whole message)
        # In a long message the rules read, as the intent model's feature, the part that asks (gapbot.focus), not
        # the context told around it ("my advisor says closed models are miles ahead…, so what's the best open one
        # for math?" is a best question); a copy of the question, so that reading it changes none of its fields.
        signals["rule"] = _own_intent(asked, replace(q))
    signals["crossing"] = not q.flagged and crossing(asked or low, q)
    if not q.flagged:
        # What once overrode the model's reading, now weighed by it: the overrides changed a reading the model had
        # right far more often than one it had wrong (session 18: 11 to 0 on eight new writers, 53 to 1 on dev for
        # the claim rules; 7 to 0 and 55 to 2 for one model against the open side and two models named)
        signals["closer_than_then"] = closer_than_then(low)
        signals["level_then"] = q.when is not None and q.when.end is not None and level_at_a_date(low)
        signals["articles"] = article_asked(low)
        signals["foretold"] = foretold(low, asked)
        signals["causal"] = causal(low)
        signals["vs_open_side"] = _against_the_open_side(q, signals, low)
    return q, low, signals


# The words an intent hangs on, respelt where a typo away ("shrinkng", "clsoing", "resaon", "compair" stays: two off).
_INTENT_WORDS = frozenset(re.findall(r"\S+",
    "shrinking shrink closing narrowing widening growing trend trending changed change changing improving progress "
    "catching overtake surpass compare comparison against between better worse reason explain because predict "
    "leading leader strongest ranking which what ahead difference history time predictions prediction forecast weight "
    "weights"))
# Short words too often mistyped to leave, too short for `respell` ("teh gap" is the gap, not another kind of gap).
_SHORT_TYPOS = {"teh": "the", "hw": "how", "wil": "will", "tru": "true",  # (no English word other than these)
                 "wat": "what", "wht": "what", "wich": "which", "whch": "which", "whcih": "which", "waht": "what",
                 "opn": "open", "wy": "why", "instal": "install", "tiem": "time", "evr": "ever",
                 "sinse": "since", "snce": "since", "scince": "since", "sicne": "since"}
_SHORT_TYPO = re.compile(r"\b(" + "|".join(_SHORT_TYPOS) + r")\b")


# Words that may stand before "gap" in a question about the leaderboards ("the gap", "the coding gap", "a big
# gap"); any other ("the pay gap", "the housing gap", "the gender gap"), with no AI word in the question, is
# another gap altogether.
_GAP_WORDS = frozenset(re.findall(r"\S+",
    "the a an any no this that its their our whole same real actual current remaining overall total big bigger biggest "
    "huge large larger small smaller smallest wide wider widening narrow narrower narrowing growing shrinking closing "
    "main true time months month point points score elo performance quality capability capabilities benchmark "
    "intelligence frontier model models ai llm llms open closed proprietary oss source weights weight coding code "
    "math maths reasoning language knowledge writing analysis following agentic arena livebench aider epoch lmarena "
    "overall vs versus of"))


def _other_gap(low: str) -> bool:
    before = (m.group(1) for m in re.finditer(r"\b([a-z][a-z'/-]*) gap\b", low))
    after = (m.group(1)
             for m in re.finditer(r"\bgap (?:in|between|on|at|with)\s+(?:the |my |a |your |our )?([a-z]+)", low))
    return any(w not in _GAP_WORDS and not w.startswith("open") for w in before) or \
        any(w not in _GAP_WORDS and w not in _GAP_AFTER and not w.startswith("open") for w in after)


# Words that may follow "gap between", "gap in" in a question about the leaderboards ("the gap between them").
_GAP_AFTER = frozenset(re.findall(r"\S+", "them they those these it two both sides groups camps leaders top best "
                                         "first second scores everything anything any most all "
                                         "moment present"  # "the gap at the moment": now
                                         # a time ("the open vs closed gap in mid 2024", "the gap in january")
                                         " mid early late start end beginning spring summer fall autumn winter "
                                         "january february march april may june july august september october "
                                         "november december jan feb mar apr jun jul aug sep sept oct nov dec q "
                                         "h last past recent"))


# A provider asked about as one ("which provider hosts it cheapest, openrouter or together", "cheaper per token on
# openrouter"): where a model is called from and at what price, never the usage rankings of the same name
_PROVIDER_ASKED = re.compile(r"\b(providers?|host(s|ed|ing)?|cheap\w*|pric\w*|per (million |1m )?tokens?|together)\b")


def _sentence_of(low: str, part: str | None) -> str | None:
    """The sentence of `low` (as gapbot.focus cuts them) that holds `part` (the clause that asks): a sentence's
    lead-in is what it asks about ("gemma per token on openrouter vs together, which costs less"), another
    sentence's only context, and so is where the asker came across its subject, told after it ("…, saw it at the
    vet tech conference")."""
    return next((TOLD_AFTER.sub("", s) for s in sentences(low) if part in s), None) if part else None


# Words that set the board after them aside ("not livebench", "rather than the arena", "except on aider"; "closing or
# not on livebench" asks of it)
_SET_ASIDE_BOARD = re.compile(r"(?<!\bor )\b(not|rather than|instead of|except|other than|besides|but not|forget|"
                              r"ignore)( (on|at|in|from|for))?( the)?\s*$")


# A Discord channel by its name ("#ops-chat", "#arena-talk"); "#1" and "#3" are ranks
_CHANNEL = re.compile(r"(?<![\w#])#[a-z][\w-]*")


def _entities(q: Query, low: str, typed: str, matcher: ModelMatcher | None, today: date | None) -> None:
    named = _CHANNEL.sub(" ", low)  # "the one everyone in #ops-chat raves about": a channel names no domain or board
    for source, words in SOURCES.items():
        # "gpt-5 mini through openrouter", "via openrouter": the API a model is called through, not its leaderboard
        # (a board set aside is not the one asked about: "on the arena specifically, not livebench")
        if hits := [m for w in words for m in re.finditer(rf"(?<!through )(?<!via )\b{re.escape(w)}\b", named)
                    if not _SET_ASIDE_BOARD.search(named[:m.start()])]:
            if source == "openrouter" and _PROVIDER_ASKED.search(low):
                break  # "openrouter or together, which is cheaper per token": a host of models, not its rankings
            q.source = source
            named = named[:hits[0].start()] + " " + named[hits[0].end():]  # "artificial analysis" names no domain
            break
    board_free = named
    span = find_date(low, today)
    if span is not None and _only_told_after(low, lambda part: find_date(part, today) is not None):
        # a time only in what the asker tells after the question ("is any open model better than o3 yet? the app
        # we built last year still calls it", "they were the darlings of 2023"): background, not the time asked
        span = None
    if matcher:  # a family named without a version is read as its newest release by the date asked about
        until = span.last_day() if span is not None else None
        found = matcher.read(typed, until=until.isoformat() if until else None, cased=q.text)
        q.models, q.near_misses, q.families = found.models, found.near_misses, found.families
        q.unknown_models, q.named = found.unknown, found.phrases
        if q.source:  # "on openrouter": the leaderboard asked about, not the company of that name
            board = {squash(w) for w in SOURCES[q.source]}
            q.models = [m for m in q.models if not (m.startswith("org:") and squash(m[4:]) in board)]
        # "back when r1 dropped", "than when llama 3 came out": a time only in the sentences that ask, as
        # gapbot.dates reads them (in a story before them, "i remember mistral back when mixtral came out.",
        # background)
        asking = " ".join(asking_sentences(typed)) if _THEN_WHEN.search(typed) else ""
        events = [p for p in found.model_phrases if _EVENT.match(typed, _end_of(typed, p)) and (
            re.search(rf"\b({_SINCE_TYPED}|after|before|until|till|prior to|(right|just|exactly) when) "
                      rf"(the )?{re.escape(p)}\b", typed)
            or re.search(rf"\b(back|than) when (the )?{re.escape(p)}\b", asking)
            or _ERA.match(typed, _end_of(typed, p)))
            # "is the gap shrinking since r1?", "how has qwen's rank moved since qwen2.5": the name alone after
            # "since", at the end of what it dates
            # ("after llama 4" alone stays the model: "why did meta fall behind after llama 4" asks of no time)
            # (nor "ranked just before r1", "what came before r1": an order, not a time)
            or re.search(rf"\b({_SINCE_TYPED}|{_NOT_AN_ORDER}before|prior to) (like |the )?"
                         rf"{re.escape(p)}{_CLAUSE_ENDS}", typed)]
        if events and len(events) == len(found.model_phrases) and not _CATCHING.search(typed):
            # "since r1 dropped in january", "since the llama 2 days", "after gpt-5 came out": when, not what
            dated = [m for m in q.models if not m.startswith("org:")]
            # a lab named beside its own model told as a moment ("how has deepseek's standing changed since r1"):
            # the lab is the subject, as it would be without the moment
            rest = re.sub("|".join(rf"(?<![\w.-]){re.escape(p)}(?![\w.-])" for p in events), " ", typed)
            makers = {matcher.maker(m) for m in dated}
            q.models = list(dict.fromkeys([m for m in q.models if m.startswith("org:")] +
                                          [m for m in matcher.read(rest).models if m in makers]))
            when = _first_release(dated[0], dict(q.families), matcher) if len(dated) == 1 else ""
            q.near_misses = q.families = ()
            if span is None and when:
                released = (int(when[:4]), int(when[5:7]))
                if (re.search(rf"\b(right|just|exactly) (when|after) (the )?{re.escape(events[0])}\b", typed) or
                        re.search(rf"\bback when (the )?{re.escape(events[0])}\b", typed) and not _NOW.search(typed)) \
                        and not _AGAINST_NOW.search(typed):
                    span = DateSpan(released, released)  # "right when r1 came out", "just after": its release month
                elif re.search(rf"\b({_SINCE_TYPED}|after|back when|than when) (the )?{re.escape(events[0])}\b", typed):
                    # "since gpt-5 came out", "since o1?": from its release; so is then set against now ("smaller
                    # today than when llama 3 came out", "back when r1 dropped, compared to where it sits now")
                    span = DateSpan(released, None)
                elif re.search(rf"\b(before|until|till|prior to) (the )?{re.escape(events[0])}\b", typed):
                    before = shift(released, -1)  # "before r1 came out": the month before its release
                    span = DateSpan(before, before)
            elif span is not None and span.single and \
                    re.search(rf"\b{_SINCE_TYPED} (the )?{re.escape(events[0])}\b", typed):
                # "since gpt-5 dropped last august", "since gemini 3 pro came out in november": the month told is
                # when it came out, and the question asks from then on
                span = DateSpan(span.start, None)
        for phrase in found.model_phrases:  # "qwen2.5 math 72b", "kimi-k2-instruct": a name's words name no domain
            named = re.sub(rf"(?<![\w.-]){re.escape(_named_domain_cut(phrase, named, matcher))}(?![\w.-])", " ",
                           named)
        if _told_around(typed, found.phrases, matcher):
            # "chat keeps saying deepseek is as good as chatgpt. how far behind are the free models?": names told in
            # the context, while the part that asks is about the sides as a whole, are not what is asked about
            q.models, q.near_misses, q.families, q.unknown_models = [], (), (), ()
        elif (asked_of := _asked_of(typed, q.models, found.phrases, matcher)) is not None:
            # "everyone says minimax m2 is basically claude. how does m2 score?": of the names, those asked about
            q.models = asked_of
            q.near_misses = tuple(n for n in q.near_misses if n[0] in asked_of)
            q.families = tuple(f for f in q.families if f[0] in asked_of)
    # a leaderboard's name ("artificial analysis", "chatbot arena") sets no domain: the board's default answers, and
    # a follow-up ("and on the arena?") keeps the previous question's
    q.category = find_category(named)
    if q.category not in (None, "overall") and _only_told_after(low, lambda part: find_category(part) not in (
            None, "overall")):
        q.category = None  # "top 10 open models on aider, our pharmacy-software team wants it for a wiki": told
    if q.category and len(domains := find_categories(named)) > 1 and domains[0] == q.category:
        q.more_categories = tuple(domains[1:])  # "gap on reasoning and math": both are answered
    if (bench := find_benchmark(low)) is not None:
        q.benchmark = bench.name
        q.source = q.source or bench.source
        # a benchmark measures one domain, whatever other words say around it: "top 10 on swe-bench verified, i'll
        # colour-code them" is agentic coding, "knowledge benchmarks like gpqa" reasoning (2,932 of 2,933 dev labels)
        if bench.category:
            q.category = bench.category
    q.other_domain = find_unlisted(low) if q.category in (None, "overall") else None
    if q.category is None and (nearest := nearest_category(q.other_domain, focus(low) or low)):
        # asked about, not told ("i used gemma for translation and it was good. is it ahead of gpt-5?")
        q.category = nearest  # "best open model for translation": the language category, said so (phrases)
    if span is not None:
        q.when, q.as_of, q.since = span, span.last_day(), span.first_day() if span.end != span.start else None
    if m := _TOP.search(low):
        n = next(g for g in m.groups() if g and re.fullmatch(_N, g))
        q.top = max(1, min(25, int(_WORDS.get(n, n))))
        q.top_given = True
    # the side asked for, never from a leaderboard's name ("the open llm leaderboard")
    asked = _DISMISSED.sub(" ", _FLAGGED.sub(" ", board_free))
    sides = _NOT_SIDE.sub(lambda m: " closed " if m.group(2) == "open" else " open ", asked)
    if _OPEN.search(sides) and not _CLOSED.search(sides):
        q.group = True
    elif _CLOSED.search(sides) and not _OPEN.search(sides):
        q.group = False


# The part that asks, about the two sides or the gap as a whole ("how far behind are the free ones", "which open
# model leads"), and words by which it points back at what was told before it: one model or lab ("how does it
# compare", "is the local one worse", "whose models", "did open models get there"), or the told fact itself ("does
# that change the outlook"); "it" is the gap where the gap is named ("is there still a gap, and how big is it").
_SIDES_ASKED = re.compile(r"\b(gap|free (models?|ones|llms?)|paid (models?|ones|llms?)|both sides)\b")
_AT_ONE = re.compile(r"(?<![\w-])(it|its|it's|itself|this one|that one|"
                     r"(this|that|the same) (model|lab|release|version)|the (\w+ )?one|either|each|the two|"
                     r"between them|which one|whose|lab|"
                     r"(get|gets|got|gotten|getting|reach|reached|make it|made it) there|"
                     r"(does|do|did|would|will|could|is|was) (that|this) (change|mean|affect|matter|explain|hurt|help)"
                     r"\w*)(?![\w-])")  # never inside a compound ("download-it-yourself models")
# "open vs closed", "gpt vs the best open one": a side set against something, not names set side by side
_SIDE_VS = re.compile(r"\b(open|closed|proprietary|oss)( source| weights?| models?| ones?)? (vs\.?|versus)\b|"
                      r"\b(vs\.?|versus) (the )?(best |top )?(open|closed|proprietary|oss)\b")
_THE_GAP = re.compile(r"\b(gap|difference|distance|lead|margin)\b")
MIN_TOLD = 5  # words, names aside, that tell something: fewer set up a topic ("claude opus 4 on coding, did…")


def _told_around(typed: str, named: tuple[str, ...], matcher: ModelMatcher) -> bool:
    """Whether every model and lab a message names is told in its context (what others say, use or pay for): the
    part that asks (gapbot.focus) names none, points back at none, and asks about the open and closed sides or the
    gap as a whole. Names set side by side ("qwen vs deepseek: whose open models…") or a context too short to tell
    anything ("gpt-4o level coding, how long did open models take") are the topic, not background."""
    asked = focus(typed)
    if asked is None or re.search(r"\b(vs\.?|versus)\b", _SIDE_VS.sub(" ", typed)) or \
            not (_OPEN.search(asked) or _CLOSED.search(asked) or _SIDES_ASKED.search(asked)) or \
            re.match(r"\W*which\b", asked) and _WEIGHS.search(asked) and _offered(typed, named):
        return False
    if len(typed.split()) - len(asked.split()) - sum(len(p.split()) for p in named) < MIN_TOLD:
        return False
    pointer = _AT_ONE.search(asked)
    if pointer and not (pointer.group(0) in ("it", "it's") and _THE_GAP.search(asked)):
        return False
    found = matcher.read(asked)
    return not (found.models or found.unknown)


# "which is the stronger one", "which of the two is better": a comparative weighs two, a superlative ranks them all
_WHICH_MORE = re.compile(r"^\W*which( one| of (the|them|those|these) (two|both))?( of them)?(?: is|'s| was| are) "
                         r"(the )?(better|stronger|smarter|weaker|worse|more capable|ahead)\b")


def _offered(typed: str, named: tuple[str, ...]) -> bool:
    """Whether two of the names are put as the choice a question weighs: side by side, joined by "or" ("kimi k2 or
    qwen3 235b — which is the stronger open model? …"), or two names told apart and then weighed by a comparative
    ("my friend uses kimi k2 and my boss swears by qwen3 235b. which is the stronger open model?")."""
    if len(named) == 2 and (asked := focus(typed)) is not None and _WHICH_MORE.search(asked):
        return True
    return any(re.search(rf"(?<![\w.-]){re.escape(a)}\s*,?\s+or\s+{re.escape(b)}(?![\w.-])", typed)
               for a in named for b in named if a != b)


# Words that weigh a model against another: a question that names one ("i use deepseek. is gpt-5 better?") weighs it
# against what was told before it
_WEIGHS = re.compile(r"\b(better|worse|stronger|weaker|smarter|compar\w*|than|as (good|strong|smart|capable)|beat\w*|"
                     r"against|same|similar|close to|how close|level)\b")


def _asked_of(typed: str, models: list[str], named: tuple[str, ...], matcher: ModelMatcher) -> list[str] | None:
    """Of the models a long message names, those the part that asks names, the others told only in its context
    ("chat argues whether sonnet 4.5 is still top now that gemini 3 dropped. where does sonnet 4.5 sit?"); None where
    all are asked about, the names are set side by side, or the question weighs one against what was told."""
    asked = focus(typed)
    if asked is None or len(models) < 2 or re.search(r"\b(vs\.?|versus)\b", _SIDE_VS.sub(" ", typed)) or \
            _WEIGHS.search(asked) and not (_OPEN.search(asked) or _CLOSED.search(asked)):
        return None
    if len(typed.split()) - len(asked.split()) - sum(len(p.split()) for p in named) < MIN_TOLD:
        return None
    here = set(matcher.read(asked).models)
    words = set(re.findall(r"[a-z0-9][a-z0-9.\-]*", asked))
    for phrase in named:  # a name said again by its version alone ("minimax m2 … how does m2 score")
        if any(_DIGIT.search(w) and w in words for w in phrase.split()):
            here.update(matcher.read(phrase).models)
    kept = [m for m in models if m in here]
    return kept if kept and len(kept) < len(models) else None


# A model named as a moment in time: "since r1 dropped", "since the llama 2 days", "after gpt-5 came out", "back
# when gpt-4 launched", "the llama 1 leak"
_EVENT = re.compile(r" (dropped|came out|come out|launched|landed|arrived|was released|got released|leak\w*|days|"
                    r"era|moment|release[ds]?|shipped|debuted|went live|launch)\b")


_JOINS = frozenset({"vs", "versus", "or", "and", "v", "against", "than", "to", "with", "better", "worse", "stronger",
                    "weaker"})
# That time set against now ("right after r1 came out vs today"): a change since then, not that month alone (wider
# than gapbot.dates' own then-vs-now pattern, which needs "now" right after "vs")
_AGAINST_NOW = re.compile(r"\b(vs\.?|versus|compared (to|with)|than)\b.{0,25}\b(now|today|currently|these days)\b")
_ERA = re.compile(r" (leak\w*|days|era)\b")
_NOT_AN_ORDER = "".join(f"(?<!{w} {just})" for w in ("ranked", "ranks", "sits", "comes", "come", "came", "listed")
                        for just in ("", "just ", "right ", "immediately "))
# Where a clause ends after a name: "since r1?", "since r1, has the gap…", "since r1 or are we coping", "since o3 tho"
_CLAUSE_ENDS = r"\s*([?!.,;:)]|$|\b(or|and|but|tho|though|specifically|lol|fr|now|ngl)\b)"


def _first_release(mid: str, families: dict[str, str], matcher: ModelMatcher) -> str:
    """When a model named as a moment came out: a family named without its variant ("since gemini 3 dropped") came
    out with its first member (Gemini 3 Pro), not with the newest one `read` took for it (Gemini 3 Flash). A family
    with no version ("since the new opus dropped") is its newest release, as read."""
    if not any(c.isdigit() for c in families.get(mid, "")):
        return matcher.released(mid)
    dates = [d for m in matcher.family_members(families[mid]) if (d := matcher.released(m))]
    return min(dates, default=matcher.released(mid))


# "since" as typed: read before the typos are fixed, so with the mistypings _SHORT_TYPOS fixes later
_SINCE_TYPED = "(" + "|".join(["since", *(typo for typo, word in _SHORT_TYPOS.items() if word == "since")]) + ")"
_THEN_WHEN = re.compile(r"\b(back|than) when\b")
# How long open models took to match a model ("when gpt-4 came out … how many months did it take"): the model is the
# subject, however it was introduced
_CATCHING = re.compile(r"\b(catch(es|ing)? up|caught up|match(ed)? (it|that)|how long|how many months did)\b")


# After a name read without its setting ("o4-mini reasoning"), the domain, where nothing but a measure of it follows
# ("glm 4.6 vs o3 reasoning", "minimax m2 reasoning score?"); a setting where the name goes on ("grok 4 fast reasoning
# vs gpt-5")
_DOMAIN_TAIL = re.compile(r" reasoning$")
_MEASURE_AFTER = re.compile(r"\s*((scores?|numbers|results?|performance|benchmarks?|rank\w*|perf|then|tho|pls)\b)?"
                            r"[\s?!.]*$")


def _named_domain_cut(phrase: str, named: str, matcher: ModelMatcher) -> str:
    """The part of a model name read in `named` that is the name: all of it, unless it ends in a domain that is no
    part of any model's name and stands at the question's end (see _DOMAIN_TAIL)."""
    if not (tail := _DOMAIN_TAIL.search(phrase)) or matcher.names_exactly(phrase):
        return phrase
    at = re.search(rf"(?<![\w.-]){re.escape(phrase)}(?![\w.-])", named)
    return phrase[:tail.start()] if at and _MEASURE_AFTER.fullmatch(named, at.end()) else phrase


def _end_of(text: str, phrase: str) -> int:
    """Where `phrase` first ends in `text` (to look at what follows it), or the end of `text`."""
    m = re.search(rf"(?<![\w.-]){re.escape(phrase)}(?![\w.-])", text)
    return m.end() if m else len(text)


def _points_back(low: str) -> bool:
    """Whether a short question with no subject of its own reads as a follow-up: it says "it", "that", "then"…, or
    is made only of follow-up words."""
    low = _THIS_TIME.sub(" ", low)  # "this season", "that year": a time, not the previous answer
    words = re.findall(r"[a-z0-9']+", low)
    # "better or worse than a year ago?" is all follow-up words however long; "it", "that" only in a short question
    return len(words) <= 6 and bool(_BACK_REFERENCE.search(low)) or len(words) <= 9 and \
        all(_FOLLOW_UP_WORD.match(w) for w in words)


# How long the state of things has held ("has it been like that for long", "was it always this way", "is that a
# recent thing"): a trend, over the time it asks about
_LASTING = re.compile(r"\b(been|stayed|be) (like )?(that|this|so)( \w+)? for (long|a while|ages|years|months)\b|"
                      r"\balways (been )?(like|this|that|so)\b|"
                      r"\b(is|was) (it|that|this)( gap| lead)? (recent|a (recent|new) (thing|development|trend))\b|"
                      r"\bhow long has (it|that|this|the (gap|lead)) been (like|that|this|so)\b|"
                      r"\b(only|just) (start|started|began|happen|happened) (recently|lately)\b")
# The state of things going on ("will it carry on into 2027", "is that gonna last"): asked of what is to come, a
# forecast of the previous answer's trend
_GOES_ON = re.compile(r"\b(keep (going|up|on|it up)|carry on|continu\w*|last|hold( up)?|stay (that|this|like)|"
                      r"persist\w*|clos(e|es)( up| completely| fully)?)\b")
# What a short trend follow-up is about when it names nothing ("has the lead changed hands over time").
_THE_SUBJECT = re.compile(r"\b(it|that|this|they|the (gap|lead|distance|difference|margin))\b")
_THIS_TIME = re.compile(r"\b(this|that) (season|year|week|month|morning|weekend|summer|winter|spring|fall)\b")


def _intent(low: str, q: Query) -> str:
    intent = _own_intent(low, q)
    if q.reason not in ("fragment", "inherited", "where_from") and (
            _only_context(low, q) or _BY_DOMAIN.search(low) and _points_back(low) or _context_then_told(low, q)):
        # "and on the arena?", "only open ones pls", "what about h1 2025": after an answer, the previous question with
        # this context (Query.merged_with); alone, read as any question is
        q.context_only = True
    return intent


def _context_then_told(low: str, q: Query) -> bool:
    """Whether a reply opens with a change of context and then only tells why ("only open ones please, i refuse
    to pay for my haiku generator", "filter that to open weights only pls, the ones i could run at home"): the
    change is what it asks, the rest is the asker's reason."""
    # up to the first cut after which nothing more is asked ("is that true for data analysis too, or only overall?
    # e-discovery is my whole job": up to the question mark)
    first = _asked_before_told(low)
    return first != low and _only_context(first, q) and bool(
        _CONTEXT_SET.search(first) or find_category(first) or find_benchmark(first))


# Who tells something after the question: the asker, others, or the model asked about, in the past ("i used both
# in last spring's demos", "they were the open kings in 2024", "meta was the open king like 2 yrs ago")
_TOLD = re.compile(r"\b(i|i'm|im|i've|ive|i'd|we|we're|we've|my|our|us|me|they|their|he|she|his|her|someone|"
                   r"somebody|nobody|everyone|anyone|that's|thats|it was|was|were)\b")
# What still asks in words after the question: a request for the time or the data ("i would like the trend since
# 2024", "please help with data from 2023 until now", "i just want to know whether…")
_REQUESTED = re.compile(r"\b(would like|want to know|wanna know|wondering|curious|whether|tell me|show me|give me|"
                        r"gimme|please|pls|plz|help (me|us|with)|asking|trend|vs\.? now|until now|till now|to now|"
                        r"compared|(mostly |really |only )?(care|cares) about|interested in|i (guess|suppose|mean))\b")
# A question after the question, with no question mark ("… or nah? any of their stuff near the top for coding", "like
# in general are they as good at math")
_STILL_ASKS = re.compile(r"^\W*(any|anything|anyone)\b|\b(are|is|do|does|did|can|could|will|would|how|what|which|who)"
                         r" (they|it|the|open|closed|those|these|any)\b")


def _only_told_after(low: str, names: Callable[[str], bool]) -> bool:
    """Whether what `names` looks for in `low` is only in what someone tells after the question, not in the question
    or in a request after it."""
    asked = _asked_before_told(low)
    rest = low[len(asked):]
    return asked != low and bool(_TOLD.search(rest)) and not _REQUESTED.search(rest) and \
        not _STILL_ASKS.search(rest) and (_asks(asked) or bool(_TOP.search(asked))) and not names(asked)


def _first_asked(low: str) -> str:
    """A message up to its first question mark (a remark after it is no part of how long the question is)."""
    return low.split("?", 1)[0]


def _defined_asked(low: str) -> bool:
    """Whether a short question asks what a term means ("wat is ECI exactly", "what does the 'language' category even
    test? …"): its length counted up to its first question mark."""
    return len(_first_asked(low).split()) <= 14 and bool(_DEFINED.search(low))


def _asked_before_a_remark(text: str) -> str | None:
    """A reply's question up to its first question mark, where what follows only tells ("… there? I'm the
    shelter's bio writer so I have opinions"): nothing asked, no pick, task or trade asked for; else None. Without a
    question mark, a request before a comma ("stretch it to 10, the harbour wiki page has room")."""
    head, mark, rest = text.partition("?")
    if not mark:
        if not (m := _REQUEST_FIRST.match(text.lower())):
            return None
        head, rest = text[:m.end()], text[m.end():].lstrip(" ,;-–—")
    low = _TOLD_WH.sub(" ", _RELATIVE_CLAUSE.sub(r"\1", rest.lower().strip()))
    if not head.strip() or not low or "?" in low or _asks(low) or _ASKS_OPENING.match(low) or \
            _OWN_PICK.search(low) or _OWN_TASK.search(low) or _TRADE_ASKED.search(low) or _REQUEST.search(low):
        return None
    return head + mark


# A wh-word opening a relative clause after the noun it tells of ("the crane op who won't shut up about elon"): no
# question in it
_RELATIVE_CLAUSE = re.compile(r"\b((?!(?:is|are|was|were|do|does|did|and|or|but|so|i|you|we|they|he|she|it|me|ask|"
                              r"asks|asked|know|knows|wonder|tell|says?|see)\b)[a-z]+) (?:who|which|whose)\b")
# A remark that plainly tells, by how it opens: "that's what our copilot runs on", "my daughter swears by gemini"
# (not "lobotomised version or close to the real thing": the question still going)
_TELLS = re.compile(r"\W*(that'?s|thats|this is|it'?s|i|i'm|im|i've|i'd|we|we're|we've|our|my)\b")
# A wh-word that tells, after "that's" ("that's what our copilot runs on", "that's why i ask"): no question in it
_TOLD_WH = re.compile(r"\b(that'?s|thats|that is|which is|this is)( exactly| just| basically| partly)? "
                      r"(what|where|why|how)\b")
# A model set against the previous one, alone before a remark: "vs gemini? the crane op … needs humbling"
_VS_ALONE = re.compile(r"\s*(?:and |ok |so )?(?:vs\.?|versus|against)\s+(?:\S+\s*){1,3}\?$")
# A list's length changed: "stretch it to 10", "trim that down to 3", "can you bump it to a top 8"
# or the new length alone ("make it a top 10", "ok top 10 then")
_LIST_RESIZED = re.compile(r"\s*(?:ok(?:ay)?,? |cool,? |nice,? |and |now |pls |please |can you |could you )*"
                           rf"(?:(?:{_RESIZE}|make) (?:it|that|this|the list)(?: up| down| out| back)? to "
                           r"(?:a |the )?(?:top )?\d+|make (?:it|that|this|the list) (?:a |the )?top \d+|"
                           r"(?:a |the )?top \d+(?: then| instead)?(?=\s*(?:[,.!?]|$)))")
# …and a remark after a comma: "stretch it to 10, the harbour wiki page has room"
_REQUEST_FIRST = re.compile(_LIST_RESIZED.pattern + r"(?=\s*,)")


def _asked_before_told(low: str) -> str:
    """A reply up to the reason told after it ("by how many points tho, i need an actual number for the deck"):
    from the first cut after which nothing more is asked; the whole reply where something is."""
    m = next((m for m in _CLAUSE_CUT.finditer(low) if "?" not in low[m.end():]), None)
    if m is None or not low[:m.start()].strip():
        return low
    rest = low[m.end():]
    return low if _ASKS_OPENING.match(rest) or _asks(rest) else low[:m.start()]


# What the opening must set for the rest to be only told ("@here look at this, qwen on top again" sets nothing)
_CONTEXT_SET = re.compile(r"\b(open|closed|proprietary|weights?|oss|paid|free|local|livebench|arena|lmarena|aider|"
                          r"epoch|swe-?bench)\b")
_CLAUSE_CUT = re.compile(r"\s*[,;:.!?—–]+\s+| - ")
_ASKS_OPENING = re.compile(r"\s*(and |but |also |so |then )?(what|which|who|how|why|when|where|is|are|was|were|do|"
                           r"does|did|can|could|will|would|should|has|have)\b")


# Words a reply that only changes the context may hold besides the entities it names ("and what about back in
# march", "same question for lmarena", "can you redo that with open models only, 3 of them").
_CONTEXT_WORDS = frozenset(re.findall(r"\S+",
    "and or but so ok okay hmm hm um uh well what whats what's about how hows how's the a an on in for at to with of "
    "as by from pls plz please then now instead same question q qn rerun only just ones one models model llms side "
    "back again too "
    "also though tho according per using over there them it that this those these their its can could you redo do "
    "show me thing "
    "give let's lets try i mean like specifically rather here version release releases snapshot board leaderboard "
    "data numbers figures edition open closed proprietary weights weight source oss local api commercial paid non "
    "say says said show shows does do did was were is are look looks looked looking exactly "
    # an acknowledgement or a correction before the change ("k now do math", "wait i meant on aider", "cool, now the
    # closed side"), or the same answer asked of another board ("does the arena tell the same story", "aider agree?")
    "k kk cool nice great alright sure thanks thx ty perfect wait meant actually sorry oops tell story agree picture "
    "zoom out broadly generally "  # "zoom out, what about overall": the same question, wider
    "similar different "
    "early mid late end start beginning half first second quarter last past since until before after year years "
    "month months ago spring summer fall autumn winter "
    # the kind of prompt the domain is asked of ("specifically for math prompts"), or the same answer checked at
    # another date ("was that also true back in march")
    "prompts questions tasks true case still off "
    # what the domain or board is put as ("and on agentic things, like swe-bench?", "with whatever scaffold")
    "things stuff kind sort type e.g. eg such whatever any scaffold harness setup "
    # a part of the board or a correction of it ("on the math part of it", "i meant coding, not overall", "the older
    # releases")
    "part parts bit portion section category categories subset slice not meant older newer earlier later previous "
    "old new overall general terms "
    # the same answer split by the domain named ("break that down for coding only", "split it by category")
    "break broken down split per by "
    "filter filtered limit restrict narrow "
    # the list made longer or shorter ("can you stretch that to a top 10"), a part singled out ("especially language")
    "stretch extend expand bump cut trim shorten especially esp particularly mainly mostly"))
_CONTEXT_TOKEN = re.compile(r"^(\d+|20\d\d|q[1-4]|h[12]|'\d\d|" + "|".join(_WORDS) + r"|jan\w*|feb\w*|mar\w*|apr\w*|"
                            r"may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*)$")


# A limit on the size of model the asker can run ("under 30b", "something small", "run it locally"): context the
# boards cannot filter by, so the previous question is answered again as it was; only put as a condition or a
# question ("and if i can only run something small?"), never told as a fact ("ok i run it locally")
_SIZE_LIMIT = re.compile(r"\b(under|below) \d+ ?b\b|\b(something|anything|one|ones) (small|smaller|tiny)\b|"
                         r"\brun (it |them )?locally\b")
_SIZE_ASKED = re.compile(r"\?|\bif\b|^(and|what about|how about)\b")
_SIZE_WORDS = frozenset({"if", "i", "we", "run", "have", "got", "need", "to"})  # "if i can only run …", "if we have to"


def _only_context(low: str, q: Query) -> bool:
    """Whether a short question only sets context (a domain, leaderboard, benchmark, date, side or model) and asks
    nothing of its own: as a follow-up it asks the previous question again with that context."""
    extra: frozenset[str] = frozenset()
    if _SIZE_ASKED.search(low) and _SIZE_LIMIT.search(low):
        low, extra = _SIZE_LIMIT.sub(" ", low), _SIZE_WORDS
    elif not (q.category or q.source or q.benchmark or q.when or q.group is not None or q.models or q.top_given):
        return False
    words = re.findall(r"[a-z0-9][a-z0-9'.+-]*", re.sub(r"'s\b", "", low))  # "the arena's board": the arena
    if not words or len(words) > 12:
        return False
    named = set(re.findall(r"[a-z0-9][a-z0-9'.+-]*", " ".join([*q.named, *_context_names(q)])))
    return all(w in _CONTEXT_WORDS or w in named or w in extra or _CONTEXT_TOKEN.match(w) for w in words)


def _context_names(q: Query) -> list[str]:
    """The words that name the domain, leaderboard and benchmark read (and their synonyms)."""
    from gapbot.categories import CATEGORIES

    out = [*CATEGORIES.get(q.category or "", ()), *(c for m in q.more_categories for c in CATEGORIES.get(m, ()))]
    out += SOURCES.get(q.source or "", ())
    out += [q.benchmark.lower()] if q.benchmark else []
    out += ["bench", "verified"] if q.source == "swebench" else []
    return out


# A reply asking where the answer comes from ("source?", "where's that from", "link pls"): the previous answer again,
# which names its board, date and sources; never the articles about "open source".
_WHERE_FROM = re.compile(r"^((and|so|ok|but) )?(sources?|src|links?|citations?|cite|refs?|references?|proof|receipts)"
                         r"( (for|on) (that|this|it))?( (pls|please|plz))?\W*$|"
                         r"^where('s| is| does| did) (that|this|it|the \w+) (from|come from|coming from)\b")
# The answer's source asked, or the answer checked again, after a lead-in ("ok but where did you get that number",
# "you sure? double check that"); not a figure the message tells itself ("i read they're six months behind. where
# does that number come from?": the claim, from the articles)
_CHECK_AGAIN = re.compile(r"\bwhere (did|do|does) (you|u) (get|got|find|pull)\b|\bwhere (did|do|does) (that|this|these|"
                         r"those|the|your) (numbers?|figures?|data|stats?|scores?) (come|came) from\b|"
                         # "you sure? double check that", "recheck your numbers": the same answer, looked up again
                         r"\b(double|re)[- ]?check (that|this|it|those|these|them|again|(the|your) (numbers?|figures?|"
                         r"data|math))\b|\bcheck (that|this|it) again\b")
# "could you tell me the source and the date for that number": the answer's own source, however long the message
_SOURCE_ASKED = re.compile(r"\b(sources?|citations?|links?|references?)\b.{0,30}\b(for|of|behind|on) "
                           r"(that|this|these|those|your) (numbers?|figures?|data|stats?|scores?|answer|result)\b")
_TOLD_FIGURE = re.compile(r"\d|\b(" + "|".join(_WORDS) + r"|half|a year)\b")


def where_from(low: str) -> bool:
    """Whether a reply asks where the answer comes from, or to check it again: the previous answer again. Not how
    its figure was measured ("where does that number come from, whose eval is it?"): that is for the articles."""
    if _HOW_MEASURED.search(low):
        return False
    if _WHERE_FROM.search(low.strip()) or _SOURCE_ASKED.search(low):
        return True
    m = _CHECK_AGAIN.search(low)
    return m is not None and len(low.split()) <= 16 and not _TOLD_FIGURE.search(low[:m.start()])


# One open model or more ("open-weights models", "open source ones")
_OPEN_ONE = r"open\w*([- ]source|[- ]weights?)? (models?|ones?|llms?)\b"
# A score a board gives (never a size, price or count: "over 30b", "under 10 dollars", "1m downloads")
_SCORE = (r"(\d+(\.\d+)?(?![\d.]| ?(k|m|b|million|billion|downloads|stars|users|dollars|tokens|params|parameters|"
          r"gb)\b) ?(%|percent|points?|pts|elo)?|zero)")
# When a line was first crossed, or whether it ever was, with no model named ("when did an open model first pass 50%
# on swe-bench", "has an open model ever been #1 on the arena", "which was first to score above 60%", "the first time
# an open one took #1"): a catch-up of a level, not of a model
_FIRST_CROSSING = re.compile(rf"\b(whens?|which|who|what)\b.{{0,60}}\bfirst (time\b.{{0,40}}?\b)?(to )?({_CROSSED}|"
                             r"reach|(get|got|gotten|getting) (to|past|above|over)|scor\w* (above|over|past)|"
                             r"(took|take|taken|grabbed|claimed) (the )?(#1|number one|no\.? ?1|top spot|"
                             r"first place)|"
                             # the gap under a line ("when did the gap first get under 10 points")
                             rf"(get|got|gotten|getting|fell|fall|drop|dropped|dipped|went|came) (under|below) "
                             rf"{_SCORE}(?!\w))\w*|"
                             r"\bever (been|hit|reached|taken|held|made it to|got to|gotten to) "
                             r"((ranked|rated|placed) )?(the )?(#1|number one|no\.? ?1|top spot|top of|first place|"
                             r"first\b)|\bever (topped|led|(hold|held|take|took|had|have) the lead|(get|got|make|made) "
                             r"(it )?(into|in) the top\b|(get|got|make|made) the top\b)|"
                             # the top of a board held by an open model, ever or yet ("has an open model ever been
                             # the best on the arena", "the last time an open model topped livebench", "has the #1
                             # spot ever gone to an open model", "is the top model there an open one yet")
                             rf"\b{_OPEN_ONE}\s(\w+\s){{0,2}}ever\s(\w+\s){{0,2}}(the )?"
                             r"(best|top|#1|number one|no\.? ?1|first place)\b(?! open)|"
                             rf"\b(ever (a time|a moment|a point|a day|once)|(last|first|only) time)\b.{{0,10}}"
                             rf"\b(an?|any) {_OPEN_ONE} (\w+ )?(led|topped|was (the )?(best|#1|top\b|number one))|"
                             r"(?<!\w)(#1|top|first|number one|no\.? ?1) (spot|place|position|rank)\b.{0,40}\bever "
                             rf"(gone|went|been|belonged) to (an? )?{_OPEN_ONE}|"
                             r"\b(top|#1|best|leading|number one) (model|spot|llm)\b.{0,40}\b(an? )?open(-| )?"
                             r"(weights? |source )?(one|model|llm)\b.{0,10}\byet\b|"
                             # "did a open model evr get #1", "no open model was ever #1", "wasn't there a time an open
                             # model was top of lmarena", "any open model on top in math this year?"
                             rf"\b(a|an|any|no) {_OPEN_ONE}\s(\w+\s){{0,2}}(ever|evr|once)\s(\w+\s){{0,2}}"
                             r"(#1|number one|no\.? ?1|first place|top\b)|"
                             rf"\b(was|wasn'?t|wasnt) there (ever )?a time (when )?(a|an|any) {_OPEN_ONE}\s"
                             r"(\w+\s){0,2}(#1|number one|no\.? ?1|first|top\b|the best|led|topped)|"
                             rf"\b(any|an) {_OPEN_ONE} (on|at) (the )?(top|#1)\b|"
                             # any open model in a board's top n, was or is, or leading at some point; "open model
                             # finally #1"
                             rf"\b(was|were|has|have|did|is) (there )?(any|an|a) {_OPEN_ONE}\b.{{0,30}}\btop[- ]?"
                             r"(\d+|three|five|ten)\b|"
                             rf"\b(an?|any|no) {_OPEN_ONE} (\w+ ){{0,3}}(led|lead|topped|top|made|make|got into|"
                             r"get into)\b.{0,40}\bat (some|any) point\b|"
                             rf"\b{_OPEN_ONE}( finally| now| already)? (#1|number one|on top)\b|"
                             # "and was it ever ahead on coding?" (the open side, after a gap answer)
                             r"\b(was|were|has|have|did) (it|they|open\w*( models?| ones?| source| weights?)?) ever "
                             r"(been )?(ahead|in front|on top|#1|first|the best)\b|"
                             r"\bopen (side|ones?|models?|weights?|source)\b.{0,20}\breach\w* (the )?"
                             r"(top|#1|first place)\b")


def _claim(low: str, q: Query) -> str | None:
    """The intent of a claim `low` checks against the figures (gapbot.claims), where the models named allow it."""
    real = len([m for m in q.models if not m.startswith("org:")]) + len(q.unknown_models)
    return checked(low, focus(low), len(q.models) + len(q.unknown_models), real)


# A line crossed, said as a level ("ever crack 20% on frontiermath", "cleared 1400 elo yet", "ever reached the top of
# the arena"): whether and when open models got there, first time or not
_LINE = rf"({_SCORE}|the top\b|#1|number one|no\.? ?1|first place)"
_LINE_CROSSED = re.compile(rf"\bever (\w+ )?({_CROSSED}|reach|get (to|past|above|over)|score[sd]? (above|over))\w* "
                           rf"(the )?{_LINE}|"
                           rf"\b({_CROSSED}|reach|scor\w* (above|over|past))\w* (the )?\d+(\.\d+)? ?"
                           r"(%|percent|points|elo)(?!\w).{0,60}\byet\b|"
                           # any open model past a bare score ("has any open model passed 70 on livebench yet")
                           rf"\b(has|have|did) (any|an) {_OPEN_ONE} (ever )?"
                           rf"(({_CROSSED}|reach|scor\w* (above|over|past))\w* (the )?{_LINE}|topped|led)(?!\w)|"
                           # any open model at a score, or the first one, or how many ("is any open model above 90%
                           # yet", "the first open one to crack 70%", "how many open models are over 60 now")
                           rf"\b(any|an|even one|a single|first|how many) {_OPEN_ONE}\s?"
                           rf"((to|that|which|is|are|was|were|been|now|already|still|even|yet|ever|sitting|scor\w*|"
                           rf"get\w*|got|first|go|goes|went|gone) )*"
                           rf"({_CROSSED}|reach|above|over|beyond|past)\w* (the )?{_SCORE}(?!\w)|"
                           # the first one to get there, asked after an answer ("when did the first one pass 70%?")
                           rf"\bwhen did the first (open\w* )?(one|model)\b.{{0,20}}\b({_CROSSED}|reach|go above|"
                           rf"go over|get above|get over)\w* (the )?{_SCORE}(?!\w)|"
                           # a line given as a rating or a bare elo, or solved, or double digits ("reached an arena
                           # rating of 1400 yet", "reached 1400 on the arena yet", "solved more than 20% of
                           # frontiermath", "cracked double digits yet", "have open models reached 70%")
                           rf"\b({_CROSSED}|reach)\w* (an? |the )?(\w+ ){{0,3}}(rating|score|elo) of \d+|"
                           rf"\b({_CROSSED}|reach)\w* \d{{3,4}}\b.{{0,40}}\byet\b|"
                           rf"\bsolv\w* (more than|over|above|at least) {_SCORE}|"
                           rf"\b({_CROSSED}|reach)\w* double digits\b|"
                           rf"\b(has|have|did) (an |a single |the (best|top|strongest) )?{_OPEN_ONE}"
                           rf"( ever| already| finally| at least)? ({_CROSSED}|reach)\w* (the )?{_SCORE}(?!\w)|"
                           # how long it took: "how long after the closed models did an open one crack 60%"
                           rf"\bhow (long|many months)\b.{{0,80}}\b({_CROSSED}|reach)\w* (the )?\d+(\.\d+)? ?"
                           r"(%|percent|points|elo)(?!\w)|"
                           # the closed side's best as the line ("ever catch the closed frontier", "caught the closed
                           # leader yet"), never the catching up in progress ("catching up to the closed frontier")
                           r"\bever (\w+ )?(catch|match|reach|equal|overtake|pass|beat|top)\w* (up (with|to) )?"
                           r"(the )?(best |top |leading )?(closed|proprietary|frontier)\b|"
                           # "since when exactly has it been under 10 points": when the gap first got there
                           r"\bsince when\b.{0,40}\b(under|below|within) \d+|"
                           r"\b(caught|matched|reached|equall?ed|overtaken|passed|beaten|topped) (up (with|to) )?"
                           r"(the )?(best )?(closed|proprietary|frontier)\b.{0,40}\byet\b")
# A named model's level reached, however it is put ("did open models get to o3's level", "do we have o3 at home yet",
# "something i can run myself that's as smart as o1 was", "good enough to replace gpt-4 turbo", "scores at or above
# gpt-5 yet"): when, or whether yet, open models caught up with it
# An open model over a named one ("any open model better than o3", "is there an open model ahead of gpt-4.1")
_AN_OPEN_OVER = re.compile(rf"\b(any|an|even one|a single) {_OPEN_ONE} (that'?s |is |are )?((better|stronger|smarter) "
                           r"th[ae]n|ahead of|"
                           # "are there any open models that can beat the paid chatgpt?"
                           r"(that|which) (can|could|does|do|will) (actually |really )?(beat|outperform|surpass))\b")
_LEVEL_REACHED = re.compile(
    r"\b(get|gets|got|gotten|getting|come|came|make it|made it) (up )?to [\w.' -]{1,30}?('s|-| )level\b|"
    r"\b(we|i|you|u) (have|got|get|getting|gonna get) ([\w.'-]+ ){1,4}at home\b|\bat home yet\b|"
    r"\b(something|anything|one|ones|models?|weights?|source)\b.{0,50}\bas (good|smart|strong|capable|clever) as "
    r"[\w.' -]{1,30}? (was|were|used to be|yet|already)\b|"
    r"\bgood enough to (replace|swap out|substitute|drop|ditch)\b|"
    # the best open model held to the named one ("is the best open model better than o1 at math")
    rf"\b(is|are) (the )?(best|top|strongest|leading) {_OPEN_ONE} (\w+ ){{0,2}}(better|stronger|smarter) th[ae]n\b|"
    r"\b(at or above|at least as (good|high) as|(as good as|on par with) or better than)\b.{0,40}\byet\b|"
    # whether any open model beats it yet ("is there an open model better than gpt-4.1 at x"); it still beating them
    # all ("is gemini 3 flash ahead of every open model") is the closed model held to the open side's best, a gap
    + _AN_OPEN_OVER.pattern)

# The same, put tersely ("any oss in top 5 overall?", "open model in arena top 5 ever?", "has any oss model topped
# livebench", "oss ever top gpqa-d?"); not whether open models ever led on any board at all, a gap
_OPEN_SIDE_WORD = r"(open\w*|oss|local|free|downloadable)( source| weights?)?"
# Not first place looked for on any board at all ("did open models ever lead on any benchmark"): whether open is ahead
# anywhere, a gap
_NOT_ON_ANY_BOARD = rf"(?![^?]*\bany ([\w-]+ )?{_BOARD_KINDS}\b)"
_OPEN_REACHED_TOP = re.compile(
    # ("was anything open in the top 3", "any open model actually crack the top 3", "is any open model at least in
    # the top 10", "when did the first open model break into the arena top 10")
    rf"\b(any|anything|something|an?|one|even one|a single|how many|the first)( \w+)? {_OPEN_SIDE_WORD}"
    r"( (model|one|llm)s?)? ((are|were|is|was) )?((actually|at least|even|first|ever|still|really|finally|genuinely) )*"
    r"(in|among|inside|climb\w*( into)?|enter\w*|made it into|"
    r"within|into|cracked|crack|made|make|reach\w*|got( into)?|get( into)?|gotten( into)?|hit|break( into)?|"
    r"broke( into)?) "
    r"(the |a |an )?([\w-]+'?s? ){0,2}top ?"
    r"(\d+|ten|five|three)\b|"
    r"\bhow many (of (those|them|these|the top ?(\d+|ten|five|three|twenty))( [\w'-]+){0,4}? )?(are|were|is|was) "
    r"(open|oss|open[- ]weights?|open[- ]source)\b|"
    rf"\b{_OPEN_SIDE_WORD}( (model|one|llm)s?)? ((even|still|ever) )?in (the )?([\w-]+'?s? ){{0,2}}top ?\d+\b.{{0,20}}"
    r"\b(ever|yet|back in|in 20\d\d|rn|now|right now|at all|anymore)\b|"
    rf"\b(any|an?) ([\w-]+ ){{0,2}}?{_OPEN_SIDE_WORD}( (model|one|llm|ai)s?)? (ever |first )?(topped|took|taken|held|"
    r"grabbed|led|lead|won|win|been the best|be the best|been #1|been first|take the lead) " + _NOT_ON_ANY_BOARD + r"|"
    rf"\b(any|an?|one|no|some) ([\w-]+ ){{0,2}}?{_OPEN_SIDE_WORD}( (model|one|llm|ai)s?){{0,2}} ((has|have|had) )?"
    r"(ever )?(get|got|gotten|make|made|reach\w*|hit|climb\w*) (it )?((to|into) )?(the )?(#1|number (one|1)|no\.? ?1|"
    r"first place|top spot|top\b)|"
    rf"\b(any|an?|one) ([\w-]+ ){{0,2}}?{_OPEN_SIDE_WORD}( (model|one|llm|ai)s?){{0,2}} (ever )?(been )?ranked "
    r"(first|#1|number one|the best|top|above (every|all)( the)? (closed|proprietary|paid))\b|"
    rf"\b{_OPEN_SIDE_WORD}( (model|one|llm)s?| side)? ever( actually| really| once)? (topped|top|took|take|led|lead|"
    r"clapped|clutch\w*|won|held|hold|grab\w*|(been )?first|(been )?#1|(been )?number one)\b" + _NOT_ON_ANY_BOARD)
# The sides in outsiders' words, set against each other ("are the free ones as good as chatgpt now", "is what you can
# download actually as good as chatgpt", "the stuff I can download or the stuff I pay for, which is smarter"): the
# gap, never a decline (dev: 74 such questions, 1 a decline, 53 gaps)
_FREE_VS_PAID = re.compile(r"(?=.*\b(free|download\w*)\b)(?=.*\b(paid|pay for|chatgpt)\b)(?=.*\b(as good as|better|"
                           r"smarter|dumber|worse|behind|caught up|tier|clever|in front|ahead|iq)\b)")
# Whether any open model has reached a level yet or ever ("has any open model solved anything at all yet", "did any
# opensource model beat gtp-4o on the arean yet", "has an open model ever actually been better than the best chatgpt
# model at any point"): a catch-up (dev: 128 such questions are catch-ups, 1 a gap)
_REACHED_YET = re.compile(
    r"\b(has|have|had|did|do|does)\b( there)? (any|an|anything|even one|a single|the|some)( \w+)? (open\w*|oss|"
    r"opensource|open-source|open-weights?|free|downloadable)( (models?|ones?|llms?|ais?|side|weights?|source))? "
    r"(\w+ ){0,2}?((ever|yet|actually|genuinely|really|finally|once) )*(match(ed)?|reach(ed)?|beat(en)?|solve[sd]?|"
    r"caught up|catch up|surpass(ed)?|overt(ook|ake|aken)|exceed(ed)?|touch(ed)?|pass(ed)?|top(ped)?|lead|led|"
    r"(been|be) (ahead|better|first|#1|number one))\b"
    r"(?=.*\b(yet|ever|at some point|at any point|at all|anything|even briefly|once)\b)")
# A time to come by which something may happen ("could an open model be #1 by the end of 2026"): a forecast
_BY_A_TIME = re.compile(r"\bby (the )?(end of |mid[- ]?|early |late )?(20\d\d|next year|this time next year)\b")
# A term of the gap's own asked to be defined ("wat is ECI exactly", "what does 'proprietary' even mean here",
# "explain what elo is"): an article question, the brief's "definitions of the gap's own terms"
_TERM = (r"(eci|elo|gpqa|hle|frontiermath|swe-?bench|livebench|lmarena|arena[- ]hard|open[- ]weights?|proprietary|"
         r"frontier|capabilit\w+ index)")
_DEFINED = re.compile(rf"\b(what|wat|wht|waht)('?s| is| does| do| are)\b.{{0,25}}\b{_TERM}\b.{{0,25}}\b(mean|meen|even|"
                      rf"exactly|stand for|measure|actually)\b|\b(explain|define) (what )?(the )?{_TERM}\b|"
                      rf"\b{_TERM} (even )?(means?|stands? for)\b|"
                      # "in plain english what even is the ECI", "what's this 'ECI' thing people keep posting?"
                      rf"\b(what|wat|wht|waht)( even| exactly| actually)?('?s| is| are)( even| exactly| actually)? "
                      rf"(this |that |the )?['\"‘“]?"
                      rf"{_TERM}['\"’”]?( thing\b[^?.!]{{0,30}})?\s*([?.!,]|$)|"
                      # "what does the 'language' category even test?", "what does the IF category actually test"
                      r"\bwhat (does|do) (the |this |that )?['\"‘“]?[\w -]{2,30}['\"’”]? (category|benchmark|section|"
                      r"board|tasks?) (even |actually |really )?(tests?|measures?|covers?|checks?|means?)\b")
_OPEN_DEFINED = re.compile(r"\b(when (you|u) say|what do (you|u) (mean|count) (by|as)|how do (you|u) "
                           r"define|definition of|what counts as|count(ed|s)? as|even (the right word|count)|"
                           r"call(ing)? \w+) ['\"‘“]?(open|open source|open-source|open weights?|open-weights?)\b"
                           r"(?![\s-]?(ai|router|webui|interpreter|hands|assistant)\b)|"
                           r"\bwhat does ['\"‘“]?open\w*['\"’”]? (even |really |actually )?(mean|count|include|cover)|"
                           r"\bdoes (\w+) (even |still )?count( as)? (as )?['\"‘“]?open\b|"
                           r"\bis ['\"‘“]?open source['\"’”]? (even )?the right")
_MEASURED = re.compile(r"\b(score\w*|rank\w*|best|gap|behind|ahead|currently|top|lead\w*)\b")
# A lab's or model's standing in the channel's words ("still relevant", "fell off", "is llama dead", "washed"), and
# the story asked for instead ("what happened to mistral", "honest opinion")
_STANDING_TALK = re.compile(r"\b(still relevant|relevant anymore|(is|are) (\w+ ){0,2}dead|fell off|fallen off|"
                            r"falling off|washed|lapped|(falling|fallen|fell) behind|still competitive|"
                            r"still in the game|still (top tier|goated|good)|(is|are) (\w+ ){0,3}cooked|"
                            r"still (the )?(top|strongest|best|leading) (open )?(lab|dog|one|player))\b")
_WHAT_HAPPENED = re.compile(r"\b(what happened|opinion|debate|story|narrative|(people|everyone|they) (say|said)|"
                            r"who (said|says|thinks|claims|claimed))\b")
# One model over the open side as a whole ("better than every open model", "ahead of the best open one")
_CLOSED_OVER_OPEN = re.compile(rf"\b((better|stronger|smarter) th[ae]n|ahead of|above|beat\w*|outperform\w*|mog\w*|"
                               rf"crush\w*) ((every|all|each|the best|the top|the strongest|the leading)( of)?( the)? "
                               rf"{_OPEN_ONE}|everything open)")
_FORETOLD = re.compile(r"\b(will|won'?t|gonna|going to)\b|\w'll\b")
_WHY_ASKED = re.compile(rf"{_WHY.pattern}|\bexplain\b")  # a cause asked, or asked to be explained


def crossing(low: str, q: Query) -> bool:
    """Whether a question asks when, or whether yet, open models reached a level: a line on a board (no model needed)
    or a named model's level (one model, not two set side by side)."""
    if _FORETOLD.search(low):
        return False  # "will open models ever pass the closed ones": a prediction, what the articles argue
    if _WHY_ASKED.search(low):
        return False  # "explain why it's so far ahead of every open model": a cause, what the articles argue
    if _FIRST_CROSSING.search(low) or _LINE_CROSSED.search(low):
        return True
    return len(q.models) + len(q.unknown_models) == 1 and bool(_LEVEL_REACHED.search(low))


def _own_intent(low: str, q: Query) -> str:
    if where_from(low):
        q.reason = "where_from"  # the previous answer again (Query.merged_with); alone, nothing to answer
        return "out_of_scope"
    hit = {name: bool(rx.search(low)) for name, rx in _RE.items()}
    in_scope = bool(_SCOPE.search(low) or q.category or q.models or q.source)
    if not in_scope:
        words = len(low.split())
        if (hit["trend"] and words <= 10 or _LASTING.search(low) and words <= 14 or
                _GOES_ON.search(low) and foretold(low, None) and words <= 12 and _asks(low)) and \
                _THE_SUBJECT.search(low):
            # "is it shrinking?": a trend of whatever the previous answer was about; "why is it closing so fast?" the
            # cause of that trend, "will that keep going through 2026?" a forecast of it, from the articles
            q.reason = "inherited"
            return "explain" if _WHY.search(low) or foretold(low, None) else "trend"
        if _SIMPLY.search(low):
            q.reason = "fragment"
            return "gap"
        if _points_back(low):
            for pattern, intent, reason in _SHORT_FOLLOW_UPS:  # "why?", "since when?", "top 10?", "in months?"
                if pattern.search(low):
                    q.reason = reason
                    return intent
        q.reason = "off-topic"
        return "out_of_scope"
    if re.search(r"\bhow (is|are|do you|does \w+|do they) [\w\s]{0,30}?measure\w*|\bhow .{0,20}\bmeasured\b", low):
        return "explain"  # how the gap is measured: a question about method, answered from the articles
    if foretold(low, focus(low)) or causal(low):
        # what is still to come ("will open ever lead", "when will they catch gpt-5"), or a cause claimed and put to
        # the bot ("they trail because of post-training, legit?"): the articles'
        return "explain"
    real_models = [m for m in q.models if not m.startswith("org:")]
    if (claim := _claim(low, q)) is not None:
        return claim  # a claim checked against the figures: what the claim is about (gapbot.claims)
    if closer_than_then(low) and not _WHY.search(low):
        return "trend"  # "are open models closer to the top than they were in 2024": a change over time
    if hit["catch_up"] and q.models and re.search(r"\b(when|catch|caught|cach|match|reach|equal|surpass|beat|yet|"
                                                   r"first|how long)", low):
        return "catch_up"
    if crossing(low, q):
        return "catch_up"
    # "which model, open or closed, is best", "top 3 overall, open or closed": the leaders, not the gap
    strong_gap = re.search(rf"\b(how far|behind|gap|ahead|lag\w*|distance|{_NEAR})\b", low) and not (
        q.top_given or re.search(r"\b(which|what) (\w+ )?(model|llm|one)s?\b", low))
    opinion = re.search(r"\b(why|how come|explain\w*|think|says?|said|believe|argue\w*|reasons?|memo|articles?|"
                        rf"because|matters?|case (for|against)|moats?|{_VIEW})\b", low)
    if hit["explain"] and not (hit["best"] and not opinion) and not (strong_gap and not opinion):
        return "explain"
    if hit["trend"]:
        return "trend"
    if len(q.models) >= 2 or (q.models and hit["compare"] and re.search(r"\b(compare|vs\.?|versus|against)\b", low)):
        return "compare" if len(q.models) >= 2 else "model"
    if hit["best"] and not real_models and not strong_gap:
        return "best"
    if q.models and (hit["model"] or not hit["gap"]):
        return "model"
    if hit["gap"] or q.category or q.source:
        if not hit["gap"] and len(low.split()) <= 4 and re.match(r"^(and|what about|how about|on|in|for)\b", low):
            q.reason = "fragment"
        return "gap"
    if re.match(r"^(and|what about|how about)\b", low):
        q.reason = "fragment"
        return "gap"
    return "explain"
