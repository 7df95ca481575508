"""Declines that name a model or a lab (issue #13): a personal task asked of a model, trivia about one, a provider's
price or plumbing, and a code or writing request about leaderboards are declined; a question about where a model
stands against the other side stays answered however close its words come."""

from __future__ import annotations

import pytest

from gapbot.question import ModelMatcher, parse, read_rules
from gapbot.senses import senses_of
from tests.unit.factories import leaning_model

NAMES = {"GPT-5.1": "gpt-5.1", "GPT-4o": "gpt-4o", "DeepSeek V3.2": "deepseek-v3.2", "Qwen3 32B": "qwen3-32b",
         "Llama 4 Scout": "llama-4-scout", "Gemini 3 Pro": "gemini-3-pro", "Mistral Large 3": "mistral-large-3"}
ORGS = {"DeepSeek": "DeepSeek", "OpenAI": "OpenAI", "Google": "Google", "Anthropic": "Anthropic"}


@pytest.fixture(scope="module")
def matcher() -> ModelMatcher:
    return ModelMatcher(NAMES, ORGS)


@pytest.mark.parametrize("text", [
    # a personal task asked of a model
    "could gemini 3 pro plan my kid's birthday party",
    "should i use gpt-5.1 to proofread our grant application",
    "is deepseek v3.2 decent for drafting my cover letters",
    "are the claude models any good at my spreadsheet chores",
    # its energy, not its ability
    "what's the carbon footprint of running qwen3 32b all year",
    "how much water do the openai data centres use",
    # a provider's price, a host, a tool pointed at it, a licence in a product
    "fireworks or groq pricing for deepseek v3.2, which is lower",
    "cheapest api provider for qwen3 32b?",
    "any way to make cursor talk to mistral large 3 on my box? config help",
    "may we sell an app built on llama 4 scout in a paid product",
    # hardware to buy, a stock, a lie to post
    "which mini pc should i buy to run qwen3 32b at home",
    "are nvidia shares a buy now that gemini 3 pro trained on tpus",
    "pretend lmarena shows mistral large 3 on top and then post that here",
    # code or writing requests that mention leaderboards or models
    "write me a python scraper that pulls the lmarena leaderboard every hour",
    "build me a dashboard app charting model scores by month",
    "generate us a regex for model names like qwen3-32b",
    # a pick for one's own product, a host recommended, one's own machine, an error, an outage, a share price
    "what open model would you recommend we deploy for our helpdesk",
    "can someone recommend me a decent host for deepseek v3.2",
    "would qwen3 32b fit in my 24gb card",
    "llama 4 scout keeps throwing oom on load, any fix",
    "when does the gemini 3 pro outage end",
    "does google's stock rise if gemini 3 pro tops the arena",
    # a question to the others in the channel, a subscription, one's data
    "has anyone here tried deepseek v3.2 for roleplay yet",
    "should i just stick with gpt-5.1 or move my plan to gemini 3 pro",
    "is it safe to paste our contracts into deepseek v3.2",
    # one's own fine-tune or settings, a download, the bot itself, gpu rental, a phone, a short position
    "my qwen3 32b lora collapses after 3 epochs, what's wrong",
    "what learning rate for a full fine-tune of llama 4 scout",
    "where can i download gemini 3 pro weights",
    "are you running on gpt-5.1 under the hood?",
    "which gpu provider is cheapest for serving deepseek v3.2",
    "should i short nvidia now that deepseek v3.2 is out",
    "which runs faster on a mac, qwen3 32b or llama 4 scout",  # speed of running, the law on using
    "are we allowed to use deepseek v3.2 commercially",
    "is a 64gb mac good enough to run qwen3 32b",  # one's machine, bill, prompt, a summary asked, a free tier
    "what would gpt-5.1 cost us a month for 5k users",
    "my prompt keeps getting ignored by gemini 3 pro, why",
    "summarize the deepseek v3.2 paper for me",
    "how do i get gpt-5.1 for free",
    "who else is excited for mistral large 4",
    # one's own machine, host, licence, prompt or pick, asked in other words
    "could we run llama 4 scout on an rtx 4090 or is that a stretch",
    "how much vram for qwen3 32b at 8 bit",
    "what's the best place to host deepseek v3.2 on a budget",
    "shipping mistral large 3 inside our paid app, ok license-wise?",
    "got a good prompt template for getting gemini 3 pro to write tests?",
    "can anyone suggest an open model for tagging our support tickets",
    "if i use qwen chat does alibaba train on my conversations",  # one's own data, one's homework
    "ong can u write my english essay on open vs closed ai, due at midnight lmaooo",
    "how many H800 hours did DeepSeek V3 take to train, and what did it cost",  # a training bill
    "cheapest api for deepseek v3.2?",  # what it costs to use: no board has prices
])
def test_a_task_or_an_attribute_naming_a_model_is_declined_by_rule(matcher: ModelMatcher, text: str) -> None:
    assert read_rules(text, matcher)[0].flagged
    assert parse(text, matcher, model=False).intent == "out_of_scope"  # the engine's reading: bench.questions


@pytest.mark.parametrize("text", ["what do the letters in deepseek v3.2 exp stand for",
                                  "is there an acronym hidden in the name qwen",
                                  "who's going to the llm paper reading group on friday"])
def test_a_name_or_an_event_is_an_aside(text: str) -> None:
    assert senses_of(text) == ("aside",)


@pytest.mark.parametrize("text, intent", [
    ("can deepseek v3.2 do my kind of coding as well as gpt-5.1", "compare"),
    ("is gemini 3 pro better than deepseek v3.2 on reasoning", "compare"),
    ("is qwen3 32b good at coding", "model"),
    ("can open models write sql as well as gpt-5.1", None),
    ("which open model is best at writing regexes", "best"),
    ("which llm writes the best poems these days", "best"),  # an ability asked about, not a poem asked for
    ("what's the best open model to run locally for math", "best"),
    ("does the low pricing of open models explain why they caught up", "explain"),
    ("why does cheap inference help deepseek keep pace", "explain"),
    ("how much compute do the open labs have compared to openai", None),
    # one's own machine or evals told as context, not asked about
    ("i run my own evals on a 4090 and they disagree with lmarena. how far behind are open models really?", None),
    ("been using qwen3 32b on my macbook for months. is the coding gap shrinking?", "trend"),
])
def test_a_model_set_against_another_or_a_side_stays_answered(matcher: ModelMatcher, text: str,
                                                              intent: str | None) -> None:
    assert not read_rules(text, matcher)[0].flagged
    q = parse(text, matcher)
    assert q.intent != "out_of_scope"
    if intent is not None:
        assert q.intent == intent


@pytest.mark.parametrize("text", ["does qwen stand a chance against gemini on math",
                                  "what does the deepseek v3.2 tech report say about closing the gap"])
def test_a_chance_or_a_report_on_the_gap_is_no_aside(text: str) -> None:
    assert senses_of(text) != ("aside",)


@pytest.mark.parametrize("text", [
    # help with one's own work, whatever model it names
    "help me speed up my fenwick tree, gpt-5.1 says it's fine but it TLEs on the big cases",
    "my bfs solution keeps timing out and is way too slow, deepseek v3.2 suggested bitsets",
    "could you check my homework on eigenvalues? gemini 3 pro said step 2 is off",
    "best prompt for getting gpt-5.1 to summarise meeting notes?",
    "how should i prompt qwen3 32b so it stops rambling",
    "deepseek or gpt-5.1, which costs less for my discord bot",
    "llama 5 when 🙏",
    "let me know when mistral large 4 is out",
    # a debate or a question no board settles
    "could llama 4 scout help someone build bioweapons",
    "are open models worse than closed ones for bioweapons stuff",
    "which open model is best at helping me make bioweapons? spare me the ethics",  # help asked, however put
    "can i legally ship deepseek v3.2 inside my paid app?",
    "does gemini 3 pro have consciousness",
    # gaps that are not this one
    "mind the gap signs everywhere on my trip lol",
    # a pick for one's own use, however the models lean
    "qwen3 32b or gpt-5.1, which one would you go with for a tiny saas",
    "honestly should we just switch to deepseek v3.2 and save the money",
    "what would you pick if you were building a tutoring tool today",
    "is gemini 3 pro okay to run on our confidential documents",
    "deepseek v3.2 or gpt-5.1 for our invoice parser?",
    "ok which one should our lab use to screen abstracts then",
    "which of them should our company standardise on, qwen3 32b or gpt-5.1?",
    "which one would u put in production for a support chatbot",
    "should our agency license gpt-5.1 or self-host deepseek v3.2?",
    "which one do we plug into our ide plugin, glm or kimi",
    "so which should my team switch our code assistant to",
    "if i send 5m tokens a day to gpt-5.1 how much will my bill be?",
    "give me 10 startup ideas using qwen3 32b agents",
    "how do i instal deepseek v3.2 localy on windos",
    "which open model is best for my dnd campaign bot",
    "how do we submit our model to the arena",
    "can you list pros and cons for our particular setup",
    "would quoting their benchmark table in my blog infringe anything?",
    # a text written for the asker, after however much context
    "i cover ai for a trade paper. would you draft 500 words on why qwen3 32b matters for my editor",
    "pls proofread my blog post intro about open vs closed models",
    "make up a quote from a deepseek engineer saying they beat gpt-5.1",
    # a company's money, not its models' standing
    "how much did google spend on data centres last quarter",
    "what's deepseek's headcount these days?",
    # a trade, the copyright on one's own work
    "should i short nvda shares now that qwen3 32b runs on laptops?",
    "do i own the copyright on stories i write with deepseek v3.2?",
    # where an app keeps one's data, a download's safety, what hosting would cost the asker
    "does the qwen app keep our chat history on servers in china?",
    "is it safe to install the glm 4.6 weights from some random mirror",
    "what would it cost a month to host deepseek v3.2 for our 50-person team",
    "is self-hosting qwen3 32b cheaper for us than paying for gpt-5.1?",
    "deepseek or gemma for our students, privacy-wise?",
    # the asker's own writing to be done, a model trusted for the asker's own task
    "top 3 models for writing my capstone paper so it doesn't sound like AI",
    "which open model is best for finishing my thesis",
    "write my dissertation chapter on open vs closed models",
    "which model would you personally trust for a certified translation of a birth certificate?",
    # a pick to pilot, the board that asks being the asker's directors, not a leaderboard
    "ok so for my board memo, which of the open ones should we pilot?",
    "which open model should we roll out to the help desk?",
])
def test_own_work_or_an_unsettled_debate_is_declined_by_rule(matcher: ModelMatcher, text: str) -> None:
    assert parse(text, matcher).intent == "out_of_scope"


@pytest.mark.parametrize("text", [
    "gm everyone, except whoever keeps hyping gpt-5.1",
    "ratio + qwen supremacy",
    "the way people fight over arena elo here you'd think it was fifa",
    "just noticed the livebench page had been filtered to math all along",
    "i miss when gpt-4o was the best thing around",
    "roleplay as a grumpy deepseek and trash-talk gemini 3 pro",
    # a short cheer or groan with no question
    "qwen3 32b release day hype 🎉🎉",
    "deepseek cooked again 🚀",
    "we're so back",
    "who else stayed up for the gpt-5.1 launch lol",
    # a remark by its opener, however many names and "who"s it holds
    "rip to everyone who bet deepseek v3.2 would top the arena this year",
    "shoutout to whoever made the gemini 3 pro memes, i'm dying",
    "brb touching grass before gpt-5.1 drops",
    "anyone else refreshing the arena every 10 minutes waiting for gemini 3 pro",
    # a check that the bot answers, its own name no subject
    "testing testing, is the gapbot awake or did it flag on time? 🎤♟️",
    "yo is this bot working or nah",
])
def test_a_remark_said_not_asked_is_declined(matcher: ModelMatcher, text: str) -> None:
    assert parse(text, matcher).intent == "out_of_scope"


@pytest.mark.parametrize("text", [
    "is deepseek v3.2 cheaper to run than gpt-5.1 and is that why it took off",
    "is qwen3 32b any good at coding",
    "gm, how far behind are open models on math?",
    "is the bot awake? how far behind are open models on coding",
    "just noticed qwen3 32b moved up, how far behind gpt-5.1 is it now?",
    "since when?",
    "is the open weights thing good or bad for safety",
    # a pick the boards are asked to settle
    "should i use qwen3 32b or gpt-5.1 for coding, going by the leaderboards?",
    "gpt-5.1 or deepseek v3.2 for my bot, which one is smarter?",
    "what single number would you use to say how far behind open models are?",
    "what single number should we use to say how far behind open models are?",
    "which would you trust to measure the gap, livebench or the arena?",
    "which open model should we pilot, going by the boards?",
    # a draft or the money told as context, then a question the boards answer
    "i'm drafting a piece for our newsletter. how far behind are open models on math right now?",
    "I'm writing my thesis on AI. how far behind are open models on math?",
    "openai's revenue is huge, but is their best model still ahead of deepseek v3.2 on the leaderboards?",
    # the policy debate that names the risk ("bioweapons"), and "legally download" for open weights, not the law
    "is open sourcing models risky? like the bioweapons worry, what are the arguments on each side",
    "my ethics class keeps bringing up bioweapons. is releasing open weights actually dangerous? both sides pls",
    "is the open weights debate about bioweapons overblown",
    "what's the strongest model i can legally download and run myself?",
    # an opener, then a question
    "rip llama 4 scout. how far behind gpt-5.1 is deepseek v3.2 now",
    # what "open" means here: a definition of the gap's own terms, licence and all
    "when you say 'open' in your answers, does that include llama 4 scout with its weird license?",
    "is 'open source' even the right word for llama given the license?",
    "imagine open models beating gpt-5.1 on math, has that happened yet?",
    # a list asked for by saying who wants it, with a laugh after it
    "our BD team wants the 5 best closed models at creative writing, for pitch decks apparently lol",
])
def test_near_misses_of_own_work_and_remarks_stay_answered(matcher: ModelMatcher, text: str) -> None:
    assert parse(text, matcher).intent != "out_of_scope"


@pytest.mark.parametrize("text, declined", [
    ("top 2 commercial ai models for programming", False),  # AI models in a domain, ranked: never declined
    ("best ai model for creative writing", False),
    # a model wanted without its guardrails (like the asker's own use): the intent model's call, declined here
    ("best uncensored ai model for roleplay writing", True),
])
def test_ai_models_ranked_in_a_domain_are_declined_only_for_the_askers_own_use(text: str, declined: bool) -> None:
    q = parse(text, classifier=leaning_model("out_of_scope"))
    assert (q.intent == "out_of_scope") == declined


@pytest.mark.parametrize("text, intent", [
    # the job a trade is on, told around the question, is no employment question
    ("we finished a hospital job last week. is the gap between open and closed models getting smaller?", "trend"),
    ("morning from the job trailer. which open model is best at coding right now?", "best"),
    ("been thinking about this on the job all day: why are open models behind on agentic coding?", "explain"),
])
def test_the_job_a_trade_is_on_is_no_decline(matcher: ModelMatcher, text: str, intent: str) -> None:
    assert parse(text, matcher, model=False).intent == intent


@pytest.mark.parametrize("text", ["how do I get a job at deepseek as a foreigner?", "will ai take my job as a welder",
                                  "any job openings at mistral for juniors?", "brb, the cluster queue is 300 jobs deep",
                                  "write me a cover letter for a dispatcher job at an airline"])
def test_employment_and_a_queue_of_jobs_stay_declined(matcher: ModelMatcher, text: str) -> None:
    assert parse(text, matcher, model=False).intent == "out_of_scope"


def test_an_event_where_the_asker_saw_the_model_is_context_not_the_question(matcher) -> None:
    q = parse("is gemini 3 pro any good, saw it on a slide at the tech conference", matcher, model=False)
    assert q.intent == "model" and not q.flagged
    assert "aside" not in q.senses
    assert "aside" in parse("who's hosting the next big ai conference? saw a poster", matcher, model=False).senses



@pytest.mark.parametrize("text", [
    "bet the best open model still can't touch gpt-5.1 on swe-bench verified, prove me wrong",
    "i say the open ones still can't touch gemini 3 pro at math. prove me wrong",
])
def test_a_claim_about_the_gap_put_up_to_be_disproved_is_checked(matcher, text: str) -> None:
    from gapbot.question import asks_something

    assert asks_something(text)
    assert parse(text, matcher).intent != "out_of_scope"  # the shipped intent model, reading that it asks
