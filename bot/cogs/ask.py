"""Free-text questions: `/ask question:` and `@gapbot <question>` mentions, DMs and replies to the bot's answers.

Follow-ups: replying to one of the bot's answers, or asking again in a thread or DM where it answered, passes the
previous question's query to the engine, so "and on math?" after a coding question is understood.
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import cooldown, guild_config, guild_cooldown
from bot.client import NO_MENTIONS
from bot.errors import GENERIC
from bot.format import answer_to_embeds, safe_content
from bot.views import ClarifyView
from gapbot.errors import GapbotError
from gapbot.question import asks_something, read_rules

log = logging.getLogger(__name__)
NARROWING_WORDS = 6  # a reply this short that asks nothing may name a model that narrows the previous question


class Ask(commands.Cog):
    def __init__(self, bot) -> None:
        self.bot = bot

    @app_commands.command(name="ask", description="Ask how far open-weights models are behind proprietary ones")
    @app_commands.describe(question="e.g. how far behind is the best open model on coding?")
    @cooldown()
    async def ask(self, interaction: discord.Interaction, question: app_commands.Range[str, 1, 1000]) -> None:
        await self.bot.pace()  # a burst of /ask is deferred a few per loop iteration, not all in one
        await interaction.response.defer(thinking=True)
        previous = await self.bot.previous_query(channel=interaction.channel)

        words, query = await self.bot.answer(question, previous)
        embeds = answer_to_embeds(words)  # ~0.1-0.3 ms
        if words.choices:  # unsure of the reading: offer the likeliest ones as buttons, never a guess
            asked = await interaction.edit_original_response(embeds=embeds, allowed_mentions=NO_MENTIONS,
                                                             view=ClarifyView(words.choices))
            await self.bot.remember_asked_back(asked, query)
            return
        await self.bot.send_interaction_answer(interaction, question, words, query, embeds=embeds)

    # -- mentions, DMs, replies --------------------------------------------------------------------------------
    def _addressed(self, message: discord.Message) -> tuple[bool, int | None]:
        """(whether the message is for the bot, the id of the bot message it replies to)."""
        me = self.bot.user
        reply_to = None
        ref = message.reference
        if ref is not None and ref.message_id:
            resolved = ref.resolved
            mine = isinstance(resolved, discord.Message) and resolved.author.id == me.id
            if mine or self.bot.contexts.get(f"m:{ref.message_id}") is not None:
                reply_to = ref.message_id
        if message.guild is None:
            return True, reply_to
        channel = message.channel
        if not guild_config(self.bot, message.guild.id).answers_in(channel.id, getattr(channel, "parent_id", None)):
            return False, None  # the server's /config channels leave this one out
        if reply_to is not None or me in message.mentions:
            return True, reply_to
        # '@gapbot' picked from the role list mentions the bot's managed role instead of the bot.
        for role in message.role_mentions:
            if role.tags is not None and role.tags.bot_id == me.id:
                return True, reply_to
        return False, None

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or self.bot.user is None or message.webhook_id is not None:
            return
        addressed, reply_to = self._addressed(message)
        if not addressed:
            return
        # Only a mention typed in the text counts: a reply pings the bot by default (Discord's reply_ping) and
        # puts it in message.mentions without anyone having addressed it
        typed = f"<@{self.bot.user.id}>" in message.content or f"<@!{self.bot.user.id}>" in message.content
        mentioned = typed or bool(message.role_mentions) or message.guild is None
        # "thanks!", "lol": a reply to an answer is a follow-up only when it asks something. A short one may still
        # narrow the previous question by a model's name alone ("phi-4 specifically"), which only the engine's
        # index can tell: it decides, and a reply it declines gets no answer, as one that asks nothing
        narrowing = reply_to is not None and not mentioned and not asks_something(message.content)
        if narrowing and len(message.content.split()) > NARROWING_WORDS:
            return
        if message.guild is not None and read_rules(message.content)[0].reason == "chatter":
            return  # "@gapbot thanks!": nothing to answer, and a decline would read as a rebuke
        ctx = await self.bot.get_context(message)
        if ctx.command is not None:
            return  # a prefix command such as '@gapbot sync': the commands extension handles it
        if narrowing:
            await self._narrowed(message, reply_to)
            return
        if await self._throttled(message):
            return
        try:
            previous = await self.bot.previous_query(reply_to=reply_to, channel=message.channel)
            async with _typing(message.channel):
                words, query = await self.bot.answer(message.content, previous)
            await self._send_answer(message, words, query)
        except GapbotError as exc:
            await self._reply(message, content=self.bot.redact(str(exc)))
        except Exception:
            log.exception("answering message %s failed", message.id)
            await self._reply(message, content=GENERIC)

    async def _narrowed(self, message: discord.Message, reply_to) -> None:
        """A short reply that asks nothing in words, answered only where the engine reads a question in it ("phi-4
        specifically"): most are chatter, so no typing indicator, no reply when the engine declines or fails, and a
        silent cooldown of their own (a busy channel's reactions must not crowd the answer queue), then the asker's
        usual one for an answer."""
        if self.bot.cooldowns.hit("narrowing", message.author.id,
                                  guild_cooldown(self.bot, getattr(message.guild, "id", None))) is not None:
            return
        try:
            previous = await self.bot.previous_query(reply_to=reply_to, channel=message.channel)
            words, query = await self.bot.answer(message.content, previous)
        except Exception:
            log.warning("reading reply %s failed", message.id, exc_info=True)
            return
        if query.intent == "out_of_scope" or await self._throttled(message):
            return
        try:
            await self._send_answer(message, words, query)
        except Exception:
            log.exception("answering message %s failed", message.id)

    async def _send_answer(self, message: discord.Message, words, query) -> None:
        """The answer's embeds as a reply, its buttons, and the query kept for follow-ups (or for the reading the
        asker picks, when asked back)."""
        view = ClarifyView(words.choices) if words.choices else self.bot.feedback_buttons if words.ok else None
        sent = await self._reply(message, embeds=answer_to_embeds(words), view=view)
        if sent is not None and words.choices:
            await self.bot.remember_asked_back(sent, query)
        elif sent is not None:
            await self.bot.remember(sent, message.content, words, query, message.author.id)

    async def _throttled(self, message: discord.Message) -> bool:
        """Whether the asker is over the cooldown (told so once in a while); counts this question otherwise."""
        retry = self.bot.cooldowns.hit("mention", message.author.id,
                                       guild_cooldown(self.bot, getattr(message.guild, "id", None)))
        if retry is None:
            return False
        if self.bot.cooldowns.should_warn(message.author.id, retry):
            await self._reply(message, content=f"Slow down a little: ask again in {int(retry) + 1} s.")
        return True

    async def _reply(self, message: discord.Message, content: str | None = None, **kwargs) -> discord.Message | None:
        try:
            return await message.channel.send(
                content=safe_content(content) if content else None,
                reference=message.to_reference(fail_if_not_exists=False), mention_author=False,
                allowed_mentions=NO_MENTIONS, **kwargs)
        except discord.HTTPException as exc:
            log.warning("could not reply to message %s: %s", message.id, exc)
            return None


class _typing:
    """`channel.typing()` that never fails the answer (a missing permission only loses the indicator)."""

    def __init__(self, channel) -> None:
        self.cm = channel.typing()
        self.active = False

    async def __aenter__(self) -> None:
        try:
            await self.cm.__aenter__()
            self.active = True
        except (discord.HTTPException, AttributeError) as exc:
            log.debug("typing indicator unavailable: %s", exc)

    async def __aexit__(self, *exc) -> None:
        if self.active:
            await self.cm.__aexit__(*exc)


async def setup(bot) -> None:
    await bot.add_cog(Ask(bot))
