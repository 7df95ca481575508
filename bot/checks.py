"""Checks shared by the cogs: per-user cooldowns (settings, or a server's /config) and the moderator check."""

from __future__ import annotations

import time

import discord
from discord import app_commands

from bot.guild_config import GuildConfig


class Cooldowns:
    """Per-user, per-command token buckets: `rate` uses per `per` seconds (GAPBOT_COOLDOWN_RATE / GAPBOT_COOLDOWN).

    The same buckets serve slash commands (key: the command name) and mentions (key: "mention").
    """

    def __init__(self, rate: int, per: float, max_buckets: int = 50_000) -> None:
        self.rate = max(1, int(rate))
        self.per = float(per)
        self.max_buckets = max_buckets
        self._buckets: dict[tuple[str, int, float], app_commands.Cooldown] = {}
        self._warned: dict[int, float] = {}  # user id -> monotonic time until which a mention warning was given

    def bucket(self, name: str, user_id: int, per: float | None = None) -> app_commands.Cooldown:
        """The user's bucket for `name`; `per` is a server's own window (its /config cooldown), else the default."""
        per = self.per if per is None else float(per)
        key = (name, user_id, per)
        b = self._buckets.get(key)
        if b is None:
            if len(self._buckets) >= self.max_buckets:
                self._prune()
            b = self._buckets[key] = app_commands.Cooldown(self.rate, per)
        return b

    def hit(self, name: str, user_id: int, per: float | None = None) -> float | None:
        """Use one token; the seconds to wait when none is left, else None."""
        if (self.per if per is None else per) <= 0:
            return None
        return self.bucket(name, user_id, per).update_rate_limit(time.time())

    def should_warn(self, user_id: int, retry_after: float) -> bool:
        """True once per cooldown window: a rate-limited mention gets one short reply, then silence."""
        now = time.monotonic()
        if self._warned.get(user_id, 0.0) > now:
            return False
        self._warned[user_id] = now + retry_after
        if len(self._warned) > self.max_buckets:
            self._warned = {u: t for u, t in self._warned.items() if t > now}
        return True

    def _prune(self) -> None:
        now = time.time()
        self._buckets = {k: b for k, b in self._buckets.items() if b.get_tokens(now) < b.rate}

    def __len__(self) -> int:
        return len(self._buckets)


def guild_config(client, guild_id: int | None) -> GuildConfig:
    """The server's /config settings (the defaults where the bot has no store, as in some tests)."""
    store = getattr(client, "guild_configs", None)
    return store.get(guild_id) if store is not None else GuildConfig(guild_id or 0)


def guild_cooldown(client, guild_id: int | None) -> float | None:
    """The server's own cooldown window in seconds, None for the operator's GAPBOT_COOLDOWN."""
    return guild_config(client, guild_id).cooldown_s


def cooldown():
    """App-command check: the invoking user's bucket for this command, from the bot's `Cooldowns`."""

    async def predicate(interaction: discord.Interaction) -> bool:
        cooldowns: Cooldowns | None = getattr(interaction.client, "cooldowns", None)
        if cooldowns is None or interaction.command is None:
            return True
        name = interaction.command.qualified_name
        per = guild_cooldown(interaction.client, interaction.guild_id)
        retry = cooldowns.hit(name, interaction.user.id, per)
        if retry is not None:
            raise app_commands.CommandOnCooldown(cooldowns.bucket(name, interaction.user.id, per), retry)
        return True

    return app_commands.check(predicate)


class NotModerator(app_commands.CheckFailure):
    """The user may not run a moderator command; the message says who may."""


def is_owner_id(client, user_id: int) -> bool:
    settings = getattr(client, "settings", None)
    owners = set(getattr(settings, "owner_id_set", ()) or ())
    owners |= set(getattr(client, "owner_ids", None) or ())
    if getattr(client, "owner_id", None):
        owners.add(client.owner_id)
    return user_id in owners


def is_moderator(interaction: discord.Interaction) -> bool:
    """Manage Server (or Administrator), the role whose id is GAPBOT_MOD_ROLE or the server's /config role, or a
    bot owner.

    By id only: a role name (or a role named like the id) is chosen by whoever can manage roles, not by the bot's
    operator.
    """
    client = interaction.client
    user = interaction.user
    if is_owner_id(client, user.id):
        return True
    if interaction.guild_id is None:
        return False
    perms = interaction.permissions
    if perms.manage_guild or perms.administrator:
        return True
    if isinstance(user, discord.Member):
        gp = user.guild_permissions
        if gp.manage_guild or gp.administrator:
            return True
        role_id = getattr(client.settings, "mod_role", None)
        if role_id is not None and has_role_id(user, int(role_id)):
            return True
        server_role = guild_config(client, interaction.guild_id).mod_role_id  # chosen with /config modrole
        if server_role is not None and has_role_id(user, server_role):
            return True
    return False


def has_role_id(member: discord.Member, role_id: int) -> bool:
    if any(r.id == role_id for r in member.roles):
        return True
    # Roles of a guild that is not cached yet: the member payload still lists the role ids.
    return role_id in set(getattr(member, "_roles", ()) or ())


def _role_label(interaction: discord.Interaction, role_id: int | None) -> str:
    """How the refusal names the moderator role: its current name when the guild is cached (never the raw id)."""
    if role_id is None:
        return ""
    role = interaction.guild.get_role(int(role_id)) if interaction.guild is not None else None
    return f" or the {role.name} role" if role is not None else " or the moderator role"


def moderator_only():
    """App-command check run on every call (the default_permissions of a command can be changed by a server's
    admins, so they are a hint, not a guarantee)."""

    async def predicate(interaction: discord.Interaction) -> bool:
        if interaction.guild_id is None:
            raise app_commands.NoPrivateMessage()
        if is_moderator(interaction):
            return True
        role = (getattr(interaction.client.settings, "mod_role", None)
                or guild_config(interaction.client, interaction.guild_id).mod_role_id)
        raise NotModerator(f"Only members with Manage Server{_role_label(interaction, role)} can use this command.")

    return app_commands.check(predicate)
