"""Errors -> a short message for the user (ephemeral where Discord allows) + a log line with the traceback."""

from __future__ import annotations

import logging
import math

import discord
from discord import app_commands
from discord.ext import commands

from bot.format import safe_content
from gapbot.errors import GapbotError

log = logging.getLogger("bot.errors")
GENERIC = "Something went wrong while answering; it has been logged. Please try again later."


class UserError(GapbotError):
    """A problem with what the user asked (an unknown model name, ...): shown as-is."""


def unwrap(error: BaseException) -> BaseException:
    while isinstance(error, app_commands.CommandInvokeError | commands.CommandInvokeError):
        error = error.original
    return error


def user_message(error: BaseException) -> tuple[str, bool]:
    """(message for the user, whether to log the traceback)."""
    error = unwrap(error)
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down: you can use this command again in {math.ceil(error.retry_after)} s.", False
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command only works in a server.", False
    if isinstance(error, app_commands.MissingPermissions | app_commands.BotMissingPermissions):
        return str(error), False
    if isinstance(error, app_commands.CheckFailure):
        text = str(error)
        return (text if text and "check functions" not in text else "You can't use this command here."), False
    if isinstance(error, app_commands.TransformerError):
        return f"I could not use the value {error.value!r:.80} for that option.", False
    if isinstance(error, GapbotError):
        return str(error) or "That did not work.", False
    if isinstance(error, discord.Forbidden):
        return "I am missing a permission to do that here (send messages, embed links or attach files).", True
    return GENERIC, True


async def send_error(interaction: discord.Interaction, text: str) -> None:
    """An ephemeral message. When the command already deferred with a public 'thinking…' reply, that reply is
    deleted first (a first follow-up would otherwise take its place and stay public)."""
    redactor = getattr(interaction.client, "redact", None)
    text = safe_content(redactor(text) if callable(redactor) else text)
    none = discord.AllowedMentions.none()
    try:
        if not interaction.response.is_done():
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=none)
            return
        if not interaction.extras.get("answered"):
            interaction.extras["answered"] = True
            try:
                await interaction.delete_original_response()
            except discord.HTTPException:
                await interaction.edit_original_response(content=text, embeds=[], attachments=[], view=None,
                                                         allowed_mentions=none)
                return
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=none)
    except discord.HTTPException as exc:
        log.warning("could not report an error to the user (%s): %s", type(exc).__name__, exc)


async def report_app_error(interaction: discord.Interaction, error: BaseException) -> None:
    text, with_trace = user_message(error)
    cmd = interaction.command.qualified_name if interaction.command else "?"
    original = unwrap(error)
    if with_trace:
        log.error("command /%s failed (guild %s, user %s)", cmd, interaction.guild_id, interaction.user.id,
                  exc_info=(type(original), original, original.__traceback__))
    else:
        log.info("command /%s refused for user %s: %s", cmd, interaction.user.id, text)
    if isinstance(original, discord.NotFound) and getattr(original, "code", 0) == 10062:
        return  # the interaction expired: nothing can be sent any more
    await send_error(interaction, text)
