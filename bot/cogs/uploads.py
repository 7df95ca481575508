"""`/uploads`: what moderators uploaded (with `/refresh file:`), and the way back.

    /uploads list                  this server's uploads: who, when, the file's hash, what each added, rows rejected
    /uploads remove name           delete an upload and re-ingest without it: answers are what they were before it
    /uploads promote name [on]     let an uploaded board answer default questions (or stop it), like a public one

Uploads are shared by every server the bot is in (there is one index), so a server's moderators manage the uploads
made from their server; the bot's owners manage all, including files put in the uploads folder by hand.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

import discord
from discord import app_commands
from discord.ext import commands
from discord.utils import escape_markdown, format_dt

from bot.checks import cooldown, is_owner_id, moderator_only
from bot.client import NO_MENTIONS
from bot.cogs.admin import Progress, summary_embeds
from bot.errors import UserError
from bot.format import FIELD_NAME, FIELD_VALUE, OK_COLOUR, TOTAL, truncate
from bot.uploads import UploadRecord
from gapbot.phrases import defang
from ingest.report import format_report

log = logging.getLogger(__name__)
SHOWN = 10  # uploads listed in one reply


def describe(name: str, rec: UploadRecord | None) -> str:
    """One upload in a few lines; text from the file (board names) defused, the rest made from ids and numbers."""
    if rec is None:
        return "put in the uploads folder without the bot: no provenance (ingested like the others)"
    when = format_dt(datetime.fromisoformat(rec.at), "R")
    added = f"{rec.rows} rows" if rec.rows else f"{rec.passages} passages"
    boards = "; ".join(escape_markdown(defang(b)) for b in rec.boards[:3])
    boards += f" (+{len(rec.boards) - 3})" if len(rec.boards) > 3 else ""
    status = ("promoted: answers default questions" if rec.promoted
              else "answers when named (source: Uploaded)") if rec.rows else "article"
    lines = [f"by <@{rec.by_id}> {when} · {rec.format} · sha256 `{rec.sha256[:12]}`",
             f"{added}" + (f": {boards}" if boards else "") + f" · {status}"]
    if rec.rejected_rows:
        lines.append(f"{rec.rejected_rows} row(s) rejected, first: {escape_markdown(defang(rec.rejected[0]))}"
                     if rec.rejected else f"{rec.rejected_rows} row(s) rejected")
    return "\n".join(lines)


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class Uploads(commands.GroupCog, group_name="uploads", group_description="Files uploaded by moderators"):
    def __init__(self, bot) -> None:
        self.bot = bot
        super().__init__()

    def _mine(self, interaction: discord.Interaction, rec: UploadRecord | None) -> bool:
        """Whether this user may manage the upload: made from this server, or the user is a bot owner."""
        if is_owner_id(self.bot, interaction.user.id):
            return True
        return rec is not None and rec.guild_id == interaction.guild_id

    async def _names(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        listing = await asyncio.to_thread(self.bot.uploads.listing)
        typed = current.lower()
        return [app_commands.Choice(name=n[:100], value=n[:100]) for n, rec in listing
                if typed in n.lower() and self._mine(interaction, rec)][:25]

    async def _find(self, interaction: discord.Interaction, name: str) -> UploadRecord | None:
        listing = dict(await asyncio.to_thread(self.bot.uploads.listing))
        if name not in listing:
            raise UserError(f"There is no upload called `{escape_markdown(name[:100])}`; see `/uploads list`.")
        rec = listing[name]
        if not self._mine(interaction, rec):
            raise UserError("That upload was made from another server (or by hand): only its server's moderators or "
                            "the bot's owners can change it.")
        return rec

    @app_commands.command(name="list", description="This server's uploads: who, when, what each added")
    @cooldown()
    @moderator_only()
    async def list_(self, interaction: discord.Interaction) -> None:
        listing = await asyncio.to_thread(self.bot.uploads.listing)
        mine = [(n, r) for n, r in listing if self._mine(interaction, r)]
        others = len(listing) - len(mine)
        embed = discord.Embed(title=f"Uploads ({len(mine)})", colour=OK_COLOUR)
        embed.description = ("None yet: attach a file to `/refresh` to add one." if not mine else
                             "`/uploads remove` takes one out again; `/uploads promote` lets a board answer default "
                             "questions.") + (f"\n{others} more from other servers." if others else "")
        budget = TOTAL - len(embed.title) - len(embed.description) - 100
        for name, rec in mine[:SHOWN]:
            # A file put in the folder by hand has a name nobody checked: defused and cut like any file text.
            label = truncate(escape_markdown(defang(name)), FIELD_NAME)
            value = truncate(describe(name, rec), FIELD_VALUE)
            if len(label) + len(value) > budget:
                break
            budget -= len(label) + len(value)
            embed.add_field(name=label, value=value, inline=False)
        if len(mine) > SHOWN:
            embed.set_footer(text=f"The {SHOWN} newest of {len(mine)}.")
        # Built here, not with bot.format.text_embed: its defuser would break the uploader's mention (made from an
        # id; an embed never pings). Board names from files are defused in describe().
        await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS)
        interaction.extras["answered"] = True

    @app_commands.command(name="remove", description="Delete an upload and re-ingest without it")
    @app_commands.describe(name="the upload (see /uploads list)")
    @cooldown()
    @moderator_only()
    async def remove(self, interaction: discord.Interaction, name: str) -> None:
        await self._find(interaction, name)
        if self.bot.refresh_lock.locked():
            raise UserError("A refresh is running; try again when it ends.")
        async with self.bot.refresh_lock:
            await interaction.response.defer(thinking=True, ephemeral=True)
            path = self.bot.settings.uploads_dir / name
            data = await asyncio.to_thread(path.read_bytes)
            await asyncio.to_thread(path.unlink)
            admin = self.bot.get_cog("Admin")
            progress = Progress(interaction, asyncio.get_running_loop(), title=f"Removing {name}")
            progress.start()
            try:
                report = await admin.ingest(progress.callback, False)
            except BaseException:
                await asyncio.to_thread(path.write_bytes, data)  # nothing changed: the upload stays
                raise
            finally:
                await progress.stop()
            await asyncio.to_thread(self.bot.uploads.remove, name)
        self.bot.dispatch("gapbot_refreshed")  # a promoted upload's removal can move the gaps: alerts compare
        log.info("upload %s removed by user %s:\n%s", name, interaction.user.id, format_report(report))
        note = f"🗑️ `{name}` removed: what it added is no longer served."
        await interaction.edit_original_response(
            content=None, embeds=summary_embeds(report, self.bot.settings, note), allowed_mentions=NO_MENTIONS)
        interaction.extras["answered"] = True

    @app_commands.command(name="promote", description="Let an uploaded board answer default questions (or stop)")
    @app_commands.describe(name="the upload", on="true: answer default questions; false: only when named")
    @cooldown()
    @moderator_only()
    async def promote(self, interaction: discord.Interaction, name: str, on: bool = True) -> None:
        rec = await self._find(interaction, name)
        if rec is None:
            raise UserError("That file has no provenance record; put it in the corpus instead.")
        await asyncio.to_thread(self.bot.uploads.set_promoted, name, on)
        await asyncio.to_thread(self.bot.engine.invalidate)  # the index is rebuilt with the new families
        self.bot.dispatch("gapbot_refreshed")  # default answers may have changed: alerts compare the gaps
        text = (f"⬆️ `{name}` is promoted: its boards answer default questions like a public leaderboard's."
                if on else f"⬇️ `{name}` answers only when named again (source: Uploaded).")
        log.info("upload %s %s by user %s", name, "promoted" if on else "demoted", interaction.user.id)
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
        interaction.extras["answered"] = True

    @remove.autocomplete("name")
    @promote.autocomplete("name")
    async def _name_autocomplete(self, interaction: discord.Interaction, current: str
                                 ) -> list[app_commands.Choice[str]]:
        return await self._names(interaction, current)


async def setup(bot) -> None:
    await bot.add_cog(Uploads(bot))
