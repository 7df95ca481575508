"""A small fake Discord (REST API v10 + gateway) on 127.0.0.1 for driving a real discord.py bot end to end.

    fake = FakeDiscord()                      # or the fake_discord / discord_world fixtures (fakediscord.fixtures)
    guild = fake.add_guild("Test Guild")      # @everyone, owner, the bot (managed role), #general
    alice = fake.add_user("alice"); guild.add_member(alice, roles=[guild.add_role("Mod", MANAGE_MESSAGES)])
    await fake.start()
    async with run_bot(MyBot(), fake) as bot:  # points discord.py at the fake, logs in, waits for on_ready
        await bot.tree.sync(guild=discord.Object(guild.id))
        handle = await fake.invoke_slash("ask", {"question": "gap?"}, user=alice, guild=guild)
        response = await handle.wait_response()           # follows defer -> follow-up / edits
        assert handle.ack_latency < 3 and response.embed["title"]
        reply = await fake.wait_for_message(from_bot=True, after=await fake.send_message(
            guild.text_channels[0], alice, "hi", mention_bot=True))
    fake.assert_no_violations(); await fake.stop()

Enforced like Discord: the 3 s acknowledgement deadline (10062), a second callback (40060), 15-minute
interaction tokens (50027), follow-ups before acknowledgement (10015), form-body limits (50035: content 2000,
embeds 10 / title 256 / description 4096 / 25 fields / field name 256, value 1024 / footer 2048 / author 256 /
6000 total / URLs; components; autocomplete choices; modals; command registration), empty messages (50006),
bot permissions in channels (50001/50013), closed DMs (50007), intents (no MESSAGE_CREATE without
GUILD_MESSAGES / DIRECT_MESSAGES, blank content without MESSAGE_CONTENT unless mentioned or DM, members only with
GUILD_MEMBERS, privileged intents 4014), bot token (401 / 4004), unknown routes (404, recorded). Every refusal is
in ``fake.violations``.
"""

from .helpers import fast_ready, point_discord_at, run_bot, stop_views
from .interactions import (
    CommandUnavailable,
    FakeDiscordError,
    InteractionHandle,
    InteractionNotAcknowledged,
    InteractionResponse,
    InteractionTimeout,
)
from .models import Channel, FakeAttachment, FakeFile, FakeMessage, Guild, Member, Role, User
from .server import FakeDiscord, RequestRecord, SyncCall, Violation
from .world import World, build_world

__all__ = [
    "Channel",
    "CommandUnavailable",
    "FakeAttachment",
    "FakeDiscord",
    "FakeDiscordError",
    "FakeFile",
    "FakeMessage",
    "Guild",
    "InteractionHandle",
    "InteractionNotAcknowledged",
    "InteractionResponse",
    "InteractionTimeout",
    "Member",
    "RequestRecord",
    "Role",
    "SyncCall",
    "User",
    "Violation",
    "World",
    "build_world",
    "fast_ready",
    "point_discord_at",
    "run_bot",
    "stop_views",
]
