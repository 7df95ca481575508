"""First-run set-up a server admin should not have to think about: slash commands registered at start-up when they
changed, and the invite link with exactly the permissions the bot uses.

Registering (a bulk PUT of every command) is rate-limited by Discord, so it is done only when the command tree
differs from the one last registered: its hash is kept per application and scope in `data/commands-synced.json`.
Delete that file (or run the owner's `@gapbot sync`) to force it.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import logging
from pathlib import Path

import discord
from discord import app_commands

from gapbot.atomicfile import write_atomic

log = logging.getLogger("bot")
STATE_FILE = "commands-synced.json"
SCOPES = ("bot", "applications.commands")


def permissions() -> discord.Permissions:
    """What the bot needs in a channel: read it, answer (in threads too), embeds, chart files, and the message it
    replies to (a reply's context)."""
    return discord.Permissions(view_channel=True, send_messages=True, send_messages_in_threads=True,
                               embed_links=True, attach_files=True, read_message_history=True)


def invite_url(application_id: int) -> str:
    return discord.utils.oauth_url(application_id, permissions=permissions(), scopes=SCOPES)


def application_id_from_token(token: str) -> int | None:
    """A bot token's first part is its user id in base64, which is the application's id for a bot user (the
    application and its bot share one id); None when the token does not look like one."""
    head = token.strip().split(".", 1)[0]
    try:
        text = base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)).decode("ascii")
    except (ValueError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() and 15 <= len(text) <= 21 else None


def tree_hash(tree: app_commands.CommandTree, guild: discord.abc.Snowflake | None) -> tuple[str, int]:
    """(sha256 of the commands as they would be registered in this scope, how many there are)."""
    payload = [cmd.to_dict(tree) for cmd in tree._get_all_commands(guild=guild)]
    payload.sort(key=lambda c: (c.get("type", 1), c["name"]))
    blob = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode()).hexdigest(), len(payload)


class SyncState:
    """The hash of the commands last registered, per '<application id>:<scope>' (scope: 'global' or a guild id)."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / STATE_FILE

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text())
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, key: str) -> str | None:
        return self._read().get(key)

    def put(self, key: str, digest: str | None) -> None:
        data = self._read()
        if digest is None:
            data.pop(key, None)
        else:
            data[key] = digest
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, json.dumps(data, indent=1, sort_keys=True))


def scope_key(application_id: int, guild_id: int | None) -> str:
    return f"{application_id}:{guild_id if guild_id is not None else 'global'}"


async def sync_commands(bot, guild_id: int | None, *, force: bool = False) -> int | None:
    """Register the commands in this scope (a guild, or every server when None) if they changed since the last
    registration, or always with `force`. Returns how many were registered, None when nothing had to be. A failure
    at start-up is logged and the bot goes on (the next start tries again); with `force` it is raised."""
    tree = bot.tree
    guild = discord.Object(id=guild_id) if guild_id is not None else None
    if guild is not None:
        tree.copy_global_to(guild=guild)
    digest, count = tree_hash(tree, guild)
    state = SyncState(bot.settings.data_dir)
    key = scope_key(bot.application_id, guild_id)
    where = f"the guild {guild_id}" if guild_id is not None else "every server"
    if not force and state.get(key) == digest:
        log.info("slash commands unchanged since they were registered (%d, %s): not registering again", count, where)
        return None
    try:
        synced = await tree.sync(guild=guild)
    except discord.HTTPException as exc:
        if force:
            raise  # the owner asked: they get the error
        log.warning("could not register the slash commands for %s (%s): they will be tried again at the next "
                    "start, or by an owner with '@gapbot sync'", where, exc)
        return 0
    await asyncio.to_thread(state.put, key, digest)
    note = "" if guild_id is not None else " (a new server sees them at once; clients may need a restart)"
    log.info("registered %d slash commands for %s%s", len(synced), where, note)
    return len(synced)

