"""👍/👎 feedback buttons: a persistent view (no timeout, fixed custom ids), registered once at start-up with
`bot.add_view`, so clicks on answers posted before a restart still work. The vote is stored by message id; the
question and answer are looked up from SQLite, not from memory."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace

import discord

log = logging.getLogger(__name__)
UP_ID = "gapbot:feedback:up"
DOWN_ID = "gapbot:feedback:down"
CLARIFY_ID = "gapbot:clarify:"  # + the intent the button answers as


class FeedbackView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(emoji="👍", label="Helpful", style=discord.ButtonStyle.secondary, custom_id=UP_ID)
    async def up(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await record_vote(interaction, 1)

    @discord.ui.button(emoji="👎", label="Not helpful", style=discord.ButtonStyle.secondary, custom_id=DOWN_ID)
    async def down(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await record_vote(interaction, -1)

    async def on_error(self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item) -> None:
        log.error("feedback button failed (message %s, user %s)", getattr(interaction.message, "id", None),
                  interaction.user.id, exc_info=(type(error), error, error.__traceback__))
        from bot.errors import send_error

        await send_error(interaction, "Sorry, I could not record that vote; please try again later.")


class FeedbackButtons(FeedbackView):
    """The same buttons, only sent with an answer. Clicks on any answer reach the one `FeedbackView` registered at
    start-up (discord.py falls back to a view added without a message id), so no copy is kept per message: a
    persistent view never expires, and one stored per answer grew discord.py's view store, and the objects the
    cyclic collector walks on the event loop, without bound (~30 objects and a future per answer). Never stored
    nor changed once sent, one instance serves every answer (`bot.feedback_buttons`): a view per answer was
    cyclic garbage left for the next full collection."""

    def is_dispatchable(self) -> bool:
        return False  # discord.py stores a sent view for its message only when it is dispatchable


async def record_vote(interaction: discord.Interaction, vote: int) -> None:
    store = interaction.client.feedback
    message = interaction.message
    if message is None:
        await interaction.response.send_message("I can't tell which answer that was.", ephemeral=True)
        return
    result = await asyncio.to_thread(store.vote, message.id, interaction.user.id, vote)
    emoji = "👍" if vote > 0 else "👎"
    if not result.found:
        text = "I have no record of that answer any more, so the vote was not stored."
    elif result.changed:
        text = f"Thanks, your {emoji} is recorded ({result.up} 👍 · {result.down} 👎)."
    else:
        text = f"You already gave this answer a {emoji} ({result.up} 👍 · {result.down} 👎)."
    await interaction.response.send_message(text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none())


class ClarifyView(discord.ui.View):
    """The readings the parser was unsure between, as buttons (at most three): a click answers the question read
    that way. Persistent like the feedback buttons: each button is a `ClarifyButton` whose custom id names only the
    intent; the query itself is stored under the message's id (`ContextMemory.clarify_key`), so a click still works
    after a restart or hours later."""

    def __init__(self, choices: tuple[tuple[str, str], ...]) -> None:
        super().__init__(timeout=None)
        for intent, label in choices[:3]:
            self.add_item(ClarifyButton(intent, label))


class ClarifyButton(discord.ui.DynamicItem[discord.ui.Button], template=CLARIFY_ID + r"(?P<intent>[a-z_]+)"):
    """One reading offered back; registered once with `bot.add_dynamic_items`, so any such button is handled."""

    def __init__(self, intent: str, label: str = "") -> None:
        super().__init__(discord.ui.Button(label=label[:80] or intent, style=discord.ButtonStyle.primary,
                                           custom_id=f"{CLARIFY_ID}{intent}"))
        self.intent = intent

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match, /):
        return cls(match["intent"], item.label or "")

    async def callback(self, interaction: discord.Interaction) -> None:
        # discord.py only logs what a dynamic item's callback raises: the user is told here.
        try:
            await self._answer(interaction)
        except Exception as error:
            log.error("clarification button failed (user %s)", interaction.user.id,
                      exc_info=(type(error), error, error.__traceback__))
            from bot.errors import send_error

            await send_error(interaction, "Sorry, I could not answer that; please ask again.")

    async def _answer(self, interaction: discord.Interaction) -> None:
        from bot.feedback import ContextMemory
        from bot.format import answer_to_embeds

        bot, message = interaction.client, interaction.message
        key = ContextMemory.clarify_key(message.id) if message is not None else None
        # Acknowledged first (Discord allows 3 s): after a restart the question is read from SQLite in a worker
        # thread, and the workers may all be busy answering.
        await interaction.response.defer()
        query = (bot.contexts.get(key) or await asyncio.to_thread(bot.contexts.load, key)) if key else None
        if query is None:  # the store was cleared, or the message is not one of ours
            await interaction.followup.send("I no longer have that question; please ask it again.", ephemeral=True)
            return
        result, words = await bot.answer_choice(query, self.intent)
        message = await interaction.edit_original_response(
            embeds=answer_to_embeds(words), view=bot.feedback_buttons if words.ok else None,
            allowed_mentions=discord.AllowedMentions.none())
        await bot.remember(message, query.text, words, replace(query, intent=result.intent), interaction.user.id,
                           channel=interaction.channel)
