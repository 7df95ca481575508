"""The Discord client: a `commands.Bot` (or `AutoShardedBot` when GAPBOT_SHARDED) that owns the services it is
given (settings, engine, feedback store), loads its cogs as extensions in `setup_hook`, and never blocks the loop.

Start-up (`setup_hook`, before the gateway connects): open the feedback and server-settings stores, the vector
store and the engine's index in a thread; load the cogs; register the persistent feedback view; register the slash
commands when they changed since the last registration (bot/setup.py: globally, or to GAPBOT_DEV_GUILD when set).
`on_ready` logs the invite link with the permissions the bot needs.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.answerer import AnswerProcess, answer_env
from bot.background import background_executor
from bot.checks import Cooldowns
from bot.errors import report_app_error
from bot.feedback import ContextMemory, FeedbackStore
from bot.format import answer_to_embeds
from bot.guild_config import GuildConfigStore
from bot.health import heartbeat_loop, mark_stopped
from bot.lag import LagMonitor, no_gc_pauses
from bot.pacing import Pacer
from bot.redaction import redact, secret_values
from bot.setup import invite_url, sync_commands
from bot.uploads import UploadLedger
from bot.views import ClarifyButton, FeedbackButtons, FeedbackView
from gapbot.compose import Words, compose
from gapbot.errors import GapbotError
from gapbot.question import Query
from gapbot.result import Result

log = logging.getLogger("bot")
# One thread answers questions. Answering is mostly Python holding the GIL, so on a 2-core host a second worker added
# little throughput and made the event loop wait for the GIL behind two threads instead of one: 200 `/ask` during a
# `/refresh`, quiet machine, 6 runs each (bench --bot-only): worst loop lag 9.2-23.1 ms with one worker against
# 15.9-32.5 ms with two, answer p50 the same (376-550 against 349-574 ms). Loading a new generation (seconds after a
# million-row upload) has its own thread (`loader`), so the answers go on meanwhile.
WORKERS = 1
BOT_EMBED_BATCH = 8
EXTENSIONS = ("bot.cogs.ask", "bot.cogs.scores", "bot.cogs.admin", "bot.cogs.uploads", "bot.cogs.feedback",
              "bot.cogs.config", "bot.cogs.schedule")
NO_MENTIONS = discord.AllowedMentions.none()
THREAD_TYPES = (discord.ChannelType.public_thread, discord.ChannelType.private_thread,
                discord.ChannelType.news_thread)


class GapTree(app_commands.CommandTree):
    """Every app-command error ends here: a short (ephemeral) message for the user, a log line for us."""

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError, /) -> None:
        await report_app_error(interaction, error)


def make_intents() -> discord.Intents:
    intents = discord.Intents.default()
    intents.message_content = True  # to read the question in replies to the bot that do not ping it
    intents.members = False
    intents.presences = False
    return intents


class GapBotMixin:
    """Shared by `GapBot` and `ShardedGapBot`: services, start-up, answering helpers."""

    def __init__(self, settings, engine, feedback: FeedbackStore, *, extensions: tuple[str, ...] = EXTENSIONS,
                 warm_embedder: bool = False, guild_configs: GuildConfigStore | None = None,
                 answerer: AnswerProcess | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("command_prefix", commands.when_mentioned)
        kwargs.setdefault("intents", make_intents())
        kwargs.setdefault("allowed_mentions", NO_MENTIONS)
        kwargs.setdefault("help_command", None)
        kwargs.setdefault("tree_cls", GapTree)
        if settings.owner_id_set:
            kwargs.setdefault("owner_ids", set(settings.owner_id_set))
        super().__init__(**kwargs)
        self.settings = settings
        self.engine = engine
        self.feedback = feedback
        self.guild_configs = guild_configs or GuildConfigStore.in_data_dir(settings.data_dir)
        self.uploads = UploadLedger(settings.data_dir, settings.uploads_dir)
        self.contexts = ContextMemory(feedback)
        self.cooldowns = Cooldowns(settings.cooldown_rate, settings.cooldown_s)
        self.lag = LagMonitor()
        self.pace = Pacer()  # a burst of interactions goes through a few per loop iteration (bot/pacing.py)
        # a refresh's embedding: one low-priority thread, not a question worker (bot/background.py)
        self.background = background_executor()
        # a new generation's index, built after a refresh switched it: questions are answered from the old one
        # meanwhile, on the question worker, which this must not occupy
        self.loader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gapbot-loader")
        self.refresh_lock = asyncio.Lock()
        self.initial_extensions = extensions
        self.warm_embedder = warm_embedder
        self._background: set[asyncio.Task] = set()
        self._started = False
        self.secrets = secret_values(settings)  # never shown to users, even inside an error message
        # Questions answered in a process of their own (bot/answerer.py); None: on the worker thread, in this one
        self.answerer = answerer

    # -- start-up / shut-down ------------------------------------------------------------------------------------
    async def setup_hook(self) -> None:
        # The answer workers (WORKERS, above); each extra thread running the embedding model would also hold its own
        # buffers and malloc arena.
        asyncio.get_running_loop().set_default_executor(
            ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="gapbot-worker"))
        # The native libraries the worker threads use, imported once here before any of them starts: a package's
        # first import from two threads at once can fail ("partially initialized module 'numpy'"). With an answer
        # process, the models run there: ONNX Runtime and tokenizers (~23 MB) are not needed here.
        import numpy  # noqa: F401

        if self.answerer is None:
            import onnxruntime  # noqa: F401
            import tokenizers  # noqa: F401

        self.lag.start()
        await asyncio.to_thread(self._open_services)
        for ext in self.initial_extensions:
            await self.load_extension(ext)
        self.add_view(FeedbackView())
        self.feedback_buttons = FeedbackButtons()  # sent with every answer: one instance (bot/views.py)
        self.add_dynamic_items(ClarifyButton)
        # Commands are registered when they changed (GAPBOT_DEV_GUILD: to that guild only, instantly; else to every
        # server): a first start needs no owner command, and a restart costs no rate-limited request.
        await sync_commands(self, self.settings.dev_guild)
        if self.answerer is not None:  # it loads the models; this process needs none of them
            self.spawn(self.answerer.start(), name="gapbot-answerer-start")
            gc.collect()
            gc.freeze()
        elif self.warm_embedder:
            self.spawn(asyncio.to_thread(self._warm_embedder), name="gapbot-warm-embedder")

    def _open_services(self) -> None:
        """Blocking: open SQLite, Chroma (import + client) and the served rows. Failures are logged, not fatal:
        the bot still starts and says what is wrong when asked."""
        self.feedback.open()
        self.guild_configs.open()
        try:
            if self.answerer is None:  # else the answer process searches the articles: no Chroma client here
                self.engine.connect()
        except GapbotError as exc:
            log.warning("vector store not available at start-up: %s", exc)
        try:
            generation, rows = self.engine.open()
            log.info("index loaded: generation %s, %d rows", generation, rows)
            self.engine.model_names("", 1)  # autocomplete's ranking (~0.5 s on every shared board): built now
        except GapbotError as exc:
            log.warning("index not available at start-up: %s", exc)

    def _warm_embedder(self) -> None:
        # A refresh parses and writes in a child process (bot/cogs/admin.py): only the model is needed here.
        try:
            self.engine.warm_embedder()
        except GapbotError as exc:
            log.warning("embedding model not available: %s", exc)
        except Exception:
            log.exception("loading the embedding model failed; 'why' questions will fail until it loads")
        # Start-up objects (modules, model, index) live for the whole run: move them out of the collector's way
        # so a later full collection does not walk them all while holding the GIL.
        gc.collect()
        gc.freeze()

    def spawn(self, coro, name: str | None = None) -> asyncio.Task:
        """A background task the bot keeps a reference to, and cancels on close."""
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        return task

    async def close(self) -> None:
        if self._started:  # a stopped bot is unhealthy at once, not after the heartbeat goes stale
            with contextlib.suppress(OSError):
                await asyncio.to_thread(mark_stopped, self.settings.data_dir)
        for task in list(self._background):
            task.cancel()
        for task in list(self._background):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        await self.lag.stop()
        if self.answerer is not None:
            await self.answerer.close()
        await super().close()
        await asyncio.to_thread(self.feedback.close)
        await asyncio.to_thread(self.guild_configs.close)
        self.background.shutdown(wait=False, cancel_futures=True)
        self.loader.shutdown(wait=False, cancel_futures=True)

    async def on_ready(self) -> None:
        user = self.user
        log.info("ready as %s (%s) in %d guilds", user, getattr(user, "id", "?"), len(self.guilds))
        if not self._started:  # the first ready of this process (a reconnect is ready again)
            self._started = True
            if self.application_id:
                log.info("invite the bot to a server with: %s", invite_url(self.application_id))
            self.spawn(heartbeat_loop(self), name="gapbot-heartbeat")

    async def on_command_error(self, ctx: commands.Context, error: commands.CommandError) -> None:
        if isinstance(error, commands.CommandNotFound):
            return  # '@gapbot <question>' matches the mention prefix; the ask cog answers it
        if isinstance(error, commands.NotOwner | commands.CheckFailure):
            await ctx.reply("Only the bot's owner can do that.", mention_author=False, allowed_mentions=NO_MENTIONS)
            return
        original = getattr(error, "original", error)
        log.error("prefix command %s failed", ctx.command, exc_info=(type(original), original,
                                                                     original.__traceback__))
        with contextlib.suppress(discord.HTTPException):
            await ctx.reply("That failed; it has been logged.", mention_author=False, allowed_mentions=NO_MENTIONS)

    def redact(self, text: str) -> str:
        """User-facing text with the token and secret-looking environment values replaced."""
        return redact(text, self.secrets)

    # -- answering helpers (used by the cogs) --------------------------------------------------------------------
    async def answer(self, question: str, previous: Query | None) -> tuple[Words, Query]:
        """A free-text question's words and the query it answered (kept for follow-ups)."""
        if self.answerer is not None:
            return await self.answerer.ask(question, previous)
        _result, words, query = await asyncio.to_thread(self.ask_engine, question, previous)
        return words, query

    async def answer_choice(self, query: Query, intent: str) -> tuple[Result, Words]:
        """A question the parser was unsure of, answered as the reading picked."""
        if self.answerer is not None:
            return await self.answerer.choose(query, intent)
        return await asyncio.to_thread(self.choose_reading, query, intent)

    async def answer_query(self, query: Query) -> tuple[Result, Words]:
        """A structured query's result (slash commands) and its words."""
        if self.answerer is not None:
            return await self.answerer.run(query)
        return await asyncio.to_thread(self.run_query, query)

    async def refresh_embedding(self) -> dict[str, Any]:
        """How a refresh process gets its new texts embedded: the model's name, a blocking `embed` and the
        executor to run it in (the answer process's model, or this process's in the low-priority thread)."""
        if self.answerer is not None:
            await self.answerer.start()  # started with the bot: normally ready long before
        if self.answerer is not None and self.answerer.embedding_model:
            return {"model": self.answerer.embedding_model,
                    "embed": self.answerer.embedder_for(asyncio.get_running_loop()), "executor": self.background}
        return {"model": self.engine.embedding_model, "embed": self.engine.embed_documents,
                "executor": self.background}

    def ask_engine(self, question: str, previous: Query | None) -> tuple[Result, Words, Query]:
        """Blocking (run in a thread): the engine's result, its words, and the query it answered (kept for
        follow-ups)."""
        result, query = self.engine.ask(question, previous)
        # Free-text answers may be polished by an LLM (GAPBOT_LLM); slash commands get the composed words as they are.
        return result, compose(result, self.settings.llm, self.settings.link_host_set), query

    def choose_reading(self, query: Query, intent: str) -> tuple[Result, Words]:
        """Blocking (run in a thread): a question the parser was unsure of, answered as the reading picked."""
        result = self.engine.choose(query, intent)
        return result, compose(result, link_hosts=self.settings.link_host_set)

    def run_query(self, query: Query) -> tuple[Result, Words]:
        """Blocking (run in a thread): a structured query's result (slash commands) and its words."""
        result = self.engine.run(query)
        return result, compose(result, link_hosts=self.settings.link_host_set)

    @staticmethod
    def conversation_key(channel: Any) -> str | None:
        """Threads and DMs are conversations: a later message there follows up on the last answer."""
        ctype = getattr(channel, "type", None)
        if ctype in THREAD_TYPES or ctype in (discord.ChannelType.private, discord.ChannelType.group):
            return ContextMemory.channel_key(channel.id)
        return None

    async def previous_query(self, *, reply_to: int | None = None, channel: Any = None) -> Query | None:
        keys = []
        if reply_to:
            keys.append(ContextMemory.message_key(reply_to))
        if channel is not None and (ck := self.conversation_key(channel)):
            keys.append(ck)
        for key in keys:
            q = self.contexts.get(key)
            if q is None:
                q = await asyncio.to_thread(self.contexts.load, key)
            if q is not None:
                return q
        return None

    async def remember(self, message: discord.Message, question: str, words: Words, query: Query | None,
                       user_id: int, channel: Any = None) -> None:
        """Store the answer (for votes) and its query (for follow-ups by reply and in threads/DMs)."""
        channel = channel if channel is not None else message.channel
        keys = [ContextMemory.message_key(message.id)]
        if ck := self.conversation_key(channel):
            keys.append(ck)
        if query is not None and words.ok:
            for key in keys:
                self.contexts.put(key, query)

        def write() -> None:
            self.feedback.record_answer(message.id, question or (query.text if query else ""),
                                        words.markdown or words.headline, query, channel_id=message.channel.id,
                                        guild_id=getattr(message.guild, "id", None), user_id=user_id)
            if query is not None and words.ok:
                for key in keys:
                    self.contexts.save(key, query)

        try:
            await asyncio.to_thread(write)
        except Exception:
            log.exception("could not store answer %s", message.id)

    async def serve_generation(self, generation: int) -> None:
        """A refresh (moderator's or scheduled) switched the served generation: build its index and autocomplete's
        ranking on the loader thread, without collector pauses; questions are answered from the previous one until
        it is ready."""
        def reload() -> None:
            with no_gc_pauses():
                self.engine.reload()
                self.engine.model_names("", 1)  # autocomplete's ranking for the new index, before anyone types

        started = time.perf_counter()
        local = asyncio.get_running_loop().run_in_executor(self.loader, reload)
        if self.answerer is not None:  # both load it at once; each answers from its previous one meanwhile
            await asyncio.gather(local, self.answerer.reload())
        else:
            await local
        # How long the new generation took to load (a million-row upload: its board summaries)
        log.info("serving generation %d (loaded in %.2f s)", generation, time.perf_counter() - started)

    async def remember_asked_back(self, message: discord.Message, query: Query) -> None:
        """Keep a question asked back with buttons, so that a click answers it even after a restart."""
        key = ContextMemory.clarify_key(message.id)
        self.contexts.put(key, query)  # in memory at once: a click can come before the disk write ends
        try:
            await asyncio.to_thread(self.contexts.save, key, query)
        except Exception:
            log.exception("could not store the question asked back in message %s", message.id)

    async def send_interaction_answer(self, interaction: discord.Interaction, question: str, words: Words,
                                      query: Query | None, *, files: list[discord.File] | None = None,
                                      image: str | None = None, feedback: bool = True,
                                      embeds: list[discord.Embed] | None = None) -> discord.Message:
        """Replace the deferred 'thinking' reply with the answer (embeds, optional files, feedback buttons).
        `embeds`: the words already packed (in a worker thread: packing is pure work the loop need not do)."""
        embeds = embeds if embeds is not None else answer_to_embeds(words)
        if image:
            embeds[0].set_image(url=f"attachment://{image}")
        kwargs: dict[str, Any] = {"embeds": embeds, "allowed_mentions": NO_MENTIONS, "content": None}
        if files:
            kwargs["attachments"] = files
        if feedback and words.ok:
            kwargs["view"] = self.feedback_buttons
        await self.pace()
        message = await interaction.edit_original_response(**kwargs)
        interaction.extras["answered"] = True
        if feedback:
            await self.remember(message, question, words, query, interaction.user.id, channel=interaction.channel)
        return message


class GapBot(GapBotMixin, commands.Bot):
    pass


class ShardedGapBot(GapBotMixin, commands.AutoShardedBot):
    pass


def create_bot(settings, engine=None, feedback: FeedbackStore | None = None, **kwargs: Any) -> GapBot:
    """The bot for these settings: sharded when GAPBOT_SHARDED is set. Services default to the real ones."""
    own_engine = engine is None
    if engine is None:
        from gapbot.engine import Engine

        engine = Engine(settings)
    if feedback is None:
        feedback = FeedbackStore.in_data_dir(settings.data_dir)
    # Leave a core to the event loop while the model embeds a refresh (torch would take them all), and use small
    # batches: the attention buffers of a batch of 32 long chunks are ~100 MB, and the bot's memory is what a small
    # host has to budget for.
    engine.limit_embedding(max(1, (os.cpu_count() or 2) - 1), BOT_EMBED_BATCH)
    if own_engine and settings.answer_process:  # a given engine (tests) is answered from in this process
        kwargs.setdefault("answerer", AnswerProcess(answer_env(settings)))
    cls = ShardedGapBot if settings.sharded else GapBot
    return cls(settings, engine, feedback, **kwargs)
