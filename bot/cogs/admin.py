"""Moderation: `/refresh [file]` (re-ingest the corpus, optionally adding an uploaded file) and the owner's
`@gapbot sync` prefix command.

The refresh runs in a child process (ingest/refresh_process.py): Chroma writes and parsing hold the GIL and would
stall the event loop here. The bot lends it the loaded model for the few new texts, and re-opens its store and
rebuilds the engine's index when the child says the new manifest is switched. Questions keep being answered from the
previous index until then.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from pathlib import Path

import discord
from discord import app_commands
from discord.ext import commands
from discord.utils import escape_markdown

from bot.checks import cooldown, moderator_only
from bot.client import NO_MENTIONS
from bot.format import safe_content, text_embed, truncate
from bot.setup import SyncState, scope_key, sync_commands
from bot.uploads import (
    REJECTED_KEPT,
    Saved,
    UploadRecord,
    UploadRejected,
    check_name,
    check_size,
    file_rows_and_boards,
    keep,
    now_iso,
    rejected_rows_of,
    restore,
    sanitize_filename,
    save_upload,
)
from gapbot.phrases import defang
from ingest.refresh_process import refresh_in_child
from ingest.report import format_report, shorten, summarize

log = logging.getLogger(__name__)
STAGES = {"reading": "reading files", "reading rows": "reading a big file's rows", "embedding": "embedding texts",
          "writing": "writing records", "cleaning up": "cleaning up"}


class Progress:
    """Ingest progress -> edits of the deferred reply, at most one every `interval` seconds.

    `callback` may run in any thread (the refresh calls it on the loop): it only hands the latest state to the loop
    (`call_soon_threadsafe`, itself throttled); a task on the loop does the edits.
    """

    def __init__(self, interaction: discord.Interaction, loop: asyncio.AbstractEventLoop, interval: float = 1.5,
                 title: str = "Refreshing") -> None:
        self.interaction = interaction
        self.loop = loop
        self.interval = interval
        self.title = title
        self.state: tuple[str, int, int] | None = None
        self.edits = 0
        self._changed = asyncio.Event()
        self._editing = asyncio.Lock()  # stop() never cuts an edit short (it could land after the final one)
        self._last_handoff = 0.0
        self._last_stage = ""
        self._task: asyncio.Task | None = None

    def callback(self, stage: str, done: int, total: int) -> None:  # worker thread
        now = time.monotonic()
        if stage == self._last_stage and done < total and now - self._last_handoff < 0.25:
            return
        self._last_stage, self._last_handoff = stage, now
        with contextlib.suppress(RuntimeError):  # the loop is closing: nobody is watching any more
            self.loop.call_soon_threadsafe(self._set, stage, done, total)

    def _set(self, stage: str, done: int, total: int) -> None:
        self.state = (stage, done, total)
        self._changed.set()

    def text(self) -> str:
        if self.state is None:
            return f"⏳ {self.title}…"
        stage, done, total = self.state
        what = STAGES.get(stage, stage)
        pct = f" ({100 * done // total} %)" if total else ""
        if stage == "reading rows":  # a big file, in bytes read
            return f"⏳ {self.title}: {what}, {done / 1e6:.0f} of {total / 1e6:.0f} MB{pct}"
        return f"⏳ {self.title}: {what} {done}/{total}{pct}"

    async def _run(self) -> None:
        while True:
            await self._changed.wait()
            self._changed.clear()
            async with self._editing:
                try:
                    await self.interaction.edit_original_response(content=self.text())
                    self.edits += 1
                except discord.HTTPException as exc:
                    log.warning("progress edit failed: %s", exc)
            await asyncio.sleep(self.interval)

    def start(self) -> None:
        self._task = self.loop.create_task(self._run(), name="gapbot-refresh-progress")

    async def stop(self) -> None:
        if self._task is not None:
            async with self._editing:
                self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None


def summary_embeds(report, settings, upload_note: str = "") -> list[discord.Embed]:
    """The ingest summary's words (ingest.report.summarize), packed into embeds."""
    s = summarize(report, (settings.uploads_dir, settings.corpus_dir, settings.data_dir))
    lines = [upload_note, *s.lines] if upload_note else list(s.lines)
    fields = [(heading, "\n".join(f"• {truncate(escape_markdown(item), 300)}" for item in items[:15]))
              for heading, items in s.sections]
    colour = discord.Colour.orange() if report.rejected or report.row_errors else None
    return text_embed(f"Refresh done: {s.title}", "\n".join(lines), colour=colour, fields=fields)


def upload_note(record: UploadRecord) -> str:
    """What an accepted upload added, where it answers, and every row it lost (the first REJECTED_KEPT, then a
    count) as `file:line: reason`."""
    added = f"{record.rows:,} rows" if record.rows else f"{record.passages:,} article passages"
    boards = "; ".join(escape_markdown(defang(b)) for b in record.boards[:5])
    more = f" and {len(record.boards) - 5} more" if len(record.boards) > 5 else ""
    lines = [f"➕ Added {added}" + (f" on {len(record.boards)} board(s): {boards}{more}" if record.boards else "")
             + "."]
    if record.rows and not record.promoted:
        lines.append("ℹ️ Uploaded boards answer when asked for (`source: Uploaded`, \"…on the uploaded board\"); "
                     "default answers keep using the public leaderboards until a moderator runs `/uploads promote`.")
    if record.rejected_rows:
        lines.append(f"⚠️ {record.rejected_rows} row(s) rejected:")
        lines += [f"• {escape_markdown(defang(e))}" for e in record.rejected]
        if record.rejected_rows > len(record.rejected):
            lines.append(f"… and {record.rejected_rows - len(record.rejected)} more")
    return "\n".join(lines)


class Admin(commands.Cog):
    def __init__(self, bot) -> None:
        self.bot = bot
        self.last_report = None  # the last refresh's IngestReport (its figures include the child's peak memory)

    @app_commands.command(name="refresh", description="Re-read the leaderboards and articles (moderators); attach "
                                                      "a file to add it")
    @app_commands.describe(file="a leaderboard snapshot or article (.csv .md .txt .html .yml .json); a big CSV "
                                "gzipped (.csv.gz)")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @cooldown()
    @moderator_only()  # checks run bottom-up: the permission check comes before the cooldown
    async def refresh(self, interaction: discord.Interaction, file: discord.Attachment | None = None) -> None:
        if self.bot.refresh_lock.locked():
            await interaction.response.send_message("A refresh is already running; try again when it ends.",
                                                    ephemeral=True)
            return
        async with self.bot.refresh_lock:
            await interaction.response.defer(thinking=True)
            await self._refresh(interaction, file)

    async def _refresh(self, interaction: discord.Interaction, file: discord.Attachment | None) -> None:
        settings = self.bot.settings
        saved: Saved | None = None
        note = ""
        if file is not None:
            try:
                check_size(file.size, settings.max_attachment_bytes, f"`{sanitize_filename(file.filename)}`")
                check_name(file.filename)
                data = await file.read()
                saved = await asyncio.to_thread(save_upload, settings.uploads_dir, file.filename, data,
                                                settings.max_attachment_bytes, settings.corpus_dir,
                                                settings.max_snapshot_bytes)
                del data  # a big attachment is not kept for the length of the refresh
            except UploadRejected as exc:
                await self._finish(interaction, text_embed("Upload refused", f"❌ {exc}",
                                                           colour=discord.Colour.red()))
                return
            if saved.identical_to:
                where = "in the corpus" if saved.identical_in == "corpus" else "uploaded"
                await self._finish(interaction, text_embed(
                    "Refresh: nothing changed", f"`{saved.identical_to}` is already {where} with exactly these "
                    f"bytes (sha256 {saved.digest[:12]}…): unchanged, nothing to ingest."))
                return
            unpacked = (f" (unpacked from {saved.packed_bytes / 1e6:.1f} MB of gzip to {saved.size / 1e6:.1f} MB)"
                        if saved.packed_bytes else "")
            note = (f"📄 `{saved.name}`{unpacked} saved as a {saved.format} file"
                    + (" (replacing the previous upload of that name)." if saved.replaced else "."))
        loop = asyncio.get_running_loop()
        progress = Progress(interaction, loop)
        progress.start()
        try:
            report = await self.ingest(progress.callback, saved is not None)
        except BaseException:
            if saved is not None:
                await asyncio.to_thread(restore, saved)
            raise
        finally:
            await progress.stop()
        if saved is not None:
            mine = [why for f, why in report.rejected if _same_file(f, saved.path)]
            if mine:
                await asyncio.to_thread(restore, saved)
                reason = escape_markdown(shorten(mine[0], (settings.uploads_dir, settings.data_dir)))
                note = (f"❌ `{saved.name}` was rejected and removed from the uploads: {reason}"
                        + (" (the previous file of that name was put back)" if saved.replaced else ""))
            else:
                await asyncio.to_thread(keep, saved)
                record = await asyncio.to_thread(self._record_upload, saved, interaction, report)
                note += "\n" + upload_note(record)
        self.last_report = report
        self.bot.dispatch("gapbot_refreshed")  # the schedule cog compares the gaps and posts alerts
        log.info("refresh by user %s (refresh process peak memory %.0f MB):\n%s", interaction.user.id,
                 report.peak_rss_mb, format_report(report))
        await self._finish(interaction, summary_embeds(report, settings, note))

    def _record_upload(self, saved: Saved, interaction: discord.Interaction, report) -> UploadRecord:
        """Blocking: the upload's provenance (who, when, hash, what it added, its rejected rows) in the ledger."""
        settings = self.bot.settings
        rows, passages, boards = file_rows_and_boards(self.bot.engine.index(), saved.path)
        rejected = [shorten(e, (settings.uploads_dir, settings.data_dir))
                    for e in rejected_rows_of(report.row_errors, saved.path)]
        previous = self.bot.uploads.get(saved.name)
        record = UploadRecord(saved.name, saved.digest, saved.path.stat().st_size, saved.format or "",
                              interaction.user.id, str(interaction.user), interaction.guild_id, now_iso(), rows,
                              passages, boards, len(rejected), rejected[:REJECTED_KEPT],
                              promoted=bool(previous and previous.promoted))
        self.bot.uploads.put(record)
        return record

    async def ingest(self, progress, uploaded: bool):
        """The ingest, in a child process; embedding on the engine's model, in the low-priority background thread
        (bot/background.py), not a question worker."""
        return await refresh_in_child(self.bot.settings, uploaded=uploaded, progress=progress,
                                      on_switched=self.bot.serve_generation, **(await self.bot.refresh_embedding()))

    @staticmethod
    async def _finish(interaction: discord.Interaction, embeds: list[discord.Embed]) -> None:
        await interaction.edit_original_response(content=None, embeds=embeds, allowed_mentions=NO_MENTIONS)
        interaction.extras["answered"] = True

    # -- owner: command sync -------------------------------------------------------------------------------------
    @commands.command(name="sync", hidden=True)
    @commands.is_owner()
    async def sync(self, ctx: commands.Context, scope: str = "global") -> None:
        """@gapbot sync [global|guild|clear]: push the slash commands to Discord (owner only)."""
        tree = self.bot.tree
        if scope == "clear" and ctx.guild is not None:
            tree.clear_commands(guild=ctx.guild)
            synced = await tree.sync(guild=ctx.guild)
            await asyncio.to_thread(SyncState(self.bot.settings.data_dir).put,
                                    scope_key(self.bot.application_id, ctx.guild.id), None)
            count, where = len(synced), "this server (cleared)"
        elif scope == "guild" and ctx.guild is not None:
            count, where = await sync_commands(self.bot, ctx.guild.id, force=True), "this server"
        else:
            count, where = await sync_commands(self.bot, None, force=True), "all servers"
        await ctx.reply(safe_content(f"Synced {count} commands to {where}."), mention_author=False,
                        allowed_mentions=NO_MENTIONS)


def _same_file(a: str, b: Path) -> bool:
    try:
        return Path(a).resolve() == b.resolve()
    except (OSError, ValueError):
        return False


async def setup(bot) -> None:
    await bot.add_cog(Admin(bot))
