"""`/config`: a server's own settings (moderators only), kept by `bot.guild_config.GuildConfigStore`.

    /config show                                   what is set, and what falls back to the operator's defaults
    /config channels action:add|remove|everywhere [channel]   where the bot answers mentions
    /config modrole [role]                         a role that may run the moderator commands (none: unset)
    /config cooldown [seconds]                     the per-user rate-limit window (none: GAPBOT_COOLDOWN)
    /config alerts [channel]                       where leaderboard alerts go (none: no alerts)

Every reply is ephemeral: settings are the moderators' business, not the channel's.
"""

from __future__ import annotations

import asyncio

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import cooldown, moderator_only
from bot.client import NO_MENTIONS
from bot.errors import UserError
from bot.format import FIELD_VALUE, OK_COLOUR, truncate
from bot.guild_config import MAX_CHANNELS, GuildConfig

ACTIONS = [app_commands.Choice(name="add this channel", value="add"),
           app_commands.Choice(name="remove this channel", value="remove"),
           app_commands.Choice(name="answer everywhere (clear the list)", value="everywhere")]
TEXT_CHANNELS = [discord.ChannelType.text, discord.ChannelType.news, discord.ChannelType.forum]


def describe(cfg: GuildConfig, settings) -> list[tuple[str, str]]:
    """The settings as (name, value) lines, saying where a default comes from."""
    channels = ", ".join(f"<#{c}>" for c in sorted(cfg.channels)) or "every channel the bot can read"
    role = f"<@&{cfg.mod_role_id}>" if cfg.mod_role_id else "none (Manage Server, or GAPBOT_MOD_ROLE, only)"
    cool = (f"{cfg.cooldown_s:g} s" if cfg.cooldown_s is not None else f"{settings.cooldown_s:g} s (the default)")
    alerts = f"<#{cfg.alert_channel_id}>" if cfg.alert_channel_id else "off"
    return [("Answers mentions in", channels), ("Moderator role", role),
            ("Cooldown", f"{settings.cooldown_rate} questions per {cool}"), ("Leaderboard alerts", alerts)]


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class Config(commands.GroupCog, group_name="config", group_description="This server's gapbot settings (moderators)"):
    def __init__(self, bot) -> None:
        self.bot = bot
        super().__init__()

    async def _update(self, interaction: discord.Interaction, done: str, **changes) -> None:
        store = self.bot.guild_configs
        try:
            cfg = await asyncio.to_thread(store.set, interaction.guild_id, by=interaction.user.id, **changes)
        except ValueError as exc:
            raise UserError(str(exc)) from None
        await self._show(interaction, cfg, f"✅ {done}")

    async def _show(self, interaction: discord.Interaction, cfg: GuildConfig, text: str = "") -> None:
        # Built here, not by bot.format.text_embed: its defuser would break the channel and role mentions, which
        # are made from ids (no text from users) and never ping inside an embed.
        embed = discord.Embed(title="gapbot settings for this server", description=text or None, colour=OK_COLOUR)
        for name, value in describe(cfg, self.bot.settings):
            embed.add_field(name=name, value=truncate(value, FIELD_VALUE), inline=False)
        await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS)
        interaction.extras["answered"] = True

    @app_commands.command(name="show", description="This server's gapbot settings")
    @cooldown()
    @moderator_only()
    async def show(self, interaction: discord.Interaction) -> None:
        await self._show(interaction, self.bot.guild_configs.get(interaction.guild_id))

    @app_commands.command(name="channels", description="Where the bot answers mentions")
    @app_commands.describe(action="add or remove a channel, or answer everywhere", channel="the channel")
    @app_commands.choices(action=ACTIONS)
    @cooldown()
    @moderator_only()
    async def channels(self, interaction: discord.Interaction, action: str,
                       channel: app_commands.AppCommandChannel | None = None) -> None:
        current = set(self.bot.guild_configs.get(interaction.guild_id).channels)
        if action == "everywhere":
            await self._update(interaction, "The bot answers mentions in every channel it can read.",
                               channels=frozenset())
            return
        if channel is None:
            raise UserError("Pick the channel to add or remove.")
        if channel.type not in TEXT_CHANNELS:
            raise UserError("Pick a text, announcement or forum channel (threads follow their channel).")
        if action == "add":
            if len(current | {channel.id}) > MAX_CHANNELS:
                raise UserError(f"At most {MAX_CHANNELS} channels.")
            current.add(channel.id)
            done = f"The bot now answers mentions in <#{channel.id}> (and its threads)"
            done += " only." if len(current) == 1 else f" and {len(current) - 1} other channel(s)."
        else:
            current.discard(channel.id)
            done = (f"<#{channel.id}> removed; " + ("no list left: the bot answers everywhere." if not current
                                                    else f"{len(current)} channel(s) left."))
        await self._update(interaction, done, channels=frozenset(current))

    @app_commands.command(name="modrole", description="A role that may run the moderator commands (empty: none)")
    @app_commands.describe(role="the moderators' role; leave empty to unset")
    @cooldown()
    @moderator_only()
    async def modrole(self, interaction: discord.Interaction, role: discord.Role | None = None) -> None:
        if role is not None and role.is_default():
            raise UserError("@everyone cannot be the moderator role.")
        done = f"Members with <@&{role.id}> may now use the moderator commands." if role else "Moderator role unset."
        await self._update(interaction, done, mod_role_id=role.id if role else None)

    @app_commands.command(name="cooldown", description="Seconds of the per-user rate limit (empty: the default)")
    @app_commands.describe(seconds="the window in seconds (0 turns the limit off); leave empty for the default")
    @cooldown()
    @moderator_only()
    async def cooldown_(self, interaction: discord.Interaction,
                        seconds: app_commands.Range[int, 0, 3600] | None = None) -> None:
        done = f"Cooldown set to {seconds} s." if seconds is not None else "Cooldown back to the default."
        await self._update(interaction, done, cooldown_s=float(seconds) if seconds is not None else None)

    @app_commands.command(name="alerts", description="Where leaderboard alerts are posted (empty: no alerts)")
    @app_commands.describe(channel="the channel for alerts; leave empty to turn them off")
    @cooldown()
    @moderator_only()
    async def alerts(self, interaction: discord.Interaction,
                     channel: app_commands.AppCommandChannel | None = None) -> None:
        if channel is not None and channel.type not in TEXT_CHANNELS[:2]:
            raise UserError("Pick a text or announcement channel for alerts.")
        done = f"Leaderboard alerts will be posted in <#{channel.id}>." if channel else "Leaderboard alerts are off."
        await self._update(interaction, done, alert_channel_id=channel.id if channel else None)


async def setup(bot) -> None:
    await bot.add_cog(Config(bot))
