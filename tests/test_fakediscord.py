"""The fake Discord works: a tiny inline discord.py bot (not the project's) logs in, connects, syncs commands and is
driven end to end over real HTTP and a real WebSocket on 127.0.0.1."""

from __future__ import annotations

import asyncio
import io
import json
import time
import zlib
from typing import Literal

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.ext import commands

from fakediscord import (
    CommandUnavailable,
    FakeAttachment,
    FakeDiscord,
    FakeDiscordError,
    InteractionNotAcknowledged,
    World,
    build_world,
    run_bot,
)
from fakediscord.validation import validate_message

pytest_plugins = ("fakediscord.fixtures",)

FRUITS = ["apple", "apricot", "banana", "blueberry", "cherry"]


class PanelView(discord.ui.View):
    """Persistent: timeout=None and fixed custom_ids, registered with bot.add_view in setup_hook."""

    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Vote", custom_id="panel:vote", style=discord.ButtonStyle.primary)
    async def vote(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.send_message(f"vote counted for {interaction.user.name}", ephemeral=True)

    @discord.ui.button(label="Close", custom_id="panel:close", style=discord.ButtonStyle.danger)
    async def close(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        for item in self.children:
            item.disabled = True  # type: ignore[attr-defined]
        await interaction.response.edit_message(content="panel closed", view=self)


class FeedbackModal(discord.ui.Modal, title="Feedback"):
    text = discord.ui.TextInput(label="What do you think?", custom_id="feedback:text")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"thanks: {self.text.value}", ephemeral=True)


class PickView(discord.ui.View):
    @discord.ui.select(custom_id="pick", options=[discord.SelectOption(label=x, value=x) for x in "abc"])
    async def pick(self, interaction: discord.Interaction, select: discord.ui.Select) -> None:
        await interaction.response.defer()  # type 6 (deferred update) on a component ...
        await interaction.edit_original_response(content=f"picked {select.values[0]}", view=None)  # ... then edit


class TinyBot(commands.Bot):
    def __init__(self, *, intents: discord.Intents | None = None, **kwargs) -> None:
        super().__init__(command_prefix=commands.when_mentioned, intents=intents or discord.Intents.default(),
                         allowed_mentions=discord.AllowedMentions.none(), **kwargs)
        self.seen: list[discord.Message] = []
        self.app_errors: list[app_commands.AppCommandError] = []
        self.followup_errors: list[discord.HTTPException] = []
        self.resumed_event = asyncio.Event()
        self.tree.on_error = self._on_tree_error  # type: ignore[method-assign]

    async def _on_tree_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        self.app_errors.append(error)

    async def on_resumed(self) -> None:
        self.resumed_event.set()

    async def on_message(self, message: discord.Message) -> None:
        self.seen.append(message)
        if message.author.bot:
            return
        if message.guild is None:
            await message.channel.send(f"dm:{message.content}")
        elif self.user in message.mentions:
            where = "thread" if isinstance(message.channel, discord.Thread) else "channel"
            await message.reply(f"pong from {where}: {message.content.split('>', 1)[-1].strip()}")

    async def setup_hook(self) -> None:
        self.add_view(PanelView())
        tree = self.tree

        @tree.command(description="Defers, then answers with an embed")
        async def ping(interaction: discord.Interaction) -> None:
            await interaction.response.defer(thinking=True)
            await asyncio.sleep(0.05)
            await interaction.followup.send(embed=discord.Embed(title="pong", description="latency ok"))

        @tree.command(description="Answers too late")
        async def slow(interaction: discord.Interaction) -> None:
            await asyncio.sleep(3.5)
            await interaction.response.send_message("finally")

        @tree.command(description="Posts a 2100-character message")
        async def long(interaction: discord.Interaction) -> None:
            await interaction.response.defer(ephemeral=True)
            try:
                await interaction.channel.send("x" * 2100)  # type: ignore[union-attr]
            except discord.HTTPException as exc:
                await interaction.followup.send(f"rejected {exc.status} {exc.code}", ephemeral=True)

        @tree.command(description="Too many embed fields")
        async def fields(interaction: discord.Interaction) -> None:
            embed = discord.Embed(title="many")
            for i in range(26):
                embed.add_field(name=f"f{i}", value="v")
            await interaction.response.send_message(embed=embed)

        @tree.command(description="Sends the panel")
        async def panel(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("panel", view=PanelView())

        @tree.command(description="Echoes an attachment back as a file")
        @app_commands.describe(upload="a text file")
        async def echo(interaction: discord.Interaction, upload: discord.Attachment, shout: bool = False) -> None:
            await interaction.response.defer()
            data = await upload.read()
            if shout:
                data = data.upper()
            await interaction.followup.send(f"{upload.filename}: {len(data)} bytes",
                                            file=discord.File(io.BytesIO(data), filename="echo.txt"))

        @tree.command(description="Picks a fruit")
        async def fruit(interaction: discord.Interaction, name: str, size: Literal["small", "large"] = "small") -> None:
            await interaction.response.send_message(f"{size} {name}", ephemeral=True)

        @fruit.autocomplete("name")
        async def fruit_complete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
            return [app_commands.Choice(name=f, value=f) for f in FRUITS if f.startswith(current)]

        @tree.command(description="Moderators only")
        @app_commands.default_permissions(manage_messages=True)
        @app_commands.guild_only()
        async def modonly(interaction: discord.Interaction) -> None:
            perms = interaction.permissions
            roles = [r.name for r in interaction.user.roles]  # type: ignore[union-attr]
            await interaction.response.send_message(f"mod ok manage={perms.manage_messages} roles={roles}")

        @tree.command(description="Defers, waits, then follows up")
        async def later(interaction: discord.Interaction, seconds: float) -> None:
            await interaction.response.defer()
            await asyncio.sleep(seconds)
            try:
                await interaction.followup.send("done")
            except discord.HTTPException as exc:
                self.followup_errors.append(exc)

        @tree.command(description="Opens a thread on its own answer")
        async def discuss(interaction: discord.Interaction, topic: str) -> None:
            await interaction.response.send_message(f"let's discuss {topic}")
            message = await interaction.original_response()
            thread = await message.create_thread(name=topic)
            await thread.send("first post")

        @tree.command(description="Opens a modal")
        async def feedback(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(FeedbackModal())

        @tree.command(description="A select menu")
        async def choose(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("choose one", view=PickView())

        @tree.command(description="DMs you")
        async def dm_me(interaction: discord.Interaction) -> None:
            try:
                await interaction.user.send("a secret")
            except discord.Forbidden as exc:
                await interaction.response.send_message(f"cannot DM you ({exc.code})", ephemeral=True)
                return
            await interaction.response.send_message("check your DMs", ephemeral=True)


@pytest.fixture
async def world(discord_world: World) -> World:
    return discord_world


@pytest.fixture
async def bot(fake_discord: FakeDiscord, world: World):
    async with run_bot(TinyBot(), fake_discord) as running:
        await running.tree.sync()  # global commands
        yield running


# --------------------------------------------------------------------------------------------------- connection


async def test_bot_connects_and_sees_the_world(fake_discord: FakeDiscord, world: World, bot: TinyBot) -> None:
    assert bot.user is not None and bot.user.id == fake_discord.bot_user.id
    assert bot.application_id == fake_discord.application_id
    guild = bot.get_guild(world.guild.id)
    assert guild is not None and guild.owner_id == world.owner.id
    assert {c.name for c in guild.text_channels} == {"general"}
    assert guild.get_thread(world.thread.id) is not None
    assert {r.name for r in guild.roles} >= {"@everyone", "Member", "Mod"}
    assert guild.me is not None and guild.me.guild_permissions.send_messages
    conn = fake_discord.gateway_connections[0]
    assert conn.query["v"] == "10" and conn.query["encoding"] == "json"
    assert conn.compression in ("zstd-stream", "zlib-stream")  # whatever discord.py asked for, honoured
    assert fake_discord.identifies == 1 and fake_discord.heartbeats >= 1
    fake_discord.assert_no_violations()


async def test_heartbeats_and_autosharded_bot(fake_discord_factory) -> None:
    fake = await fake_discord_factory(shards=2, heartbeat_interval=0.2)
    guilds = [fake.add_guild(f"g{i}") for i in range(4)]

    bot = commands.AutoShardedBot(command_prefix="!", intents=discord.Intents.default())
    async with run_bot(bot, fake):
        await fake.wait_ready(5)
        assert bot.shard_count == 2 and set(bot.shards) == {0, 1}
        assert {g.id for g in bot.guilds} == {g.id for g in guilds}
        for g in guilds:
            assert bot.get_guild(g.id).shard_id == (g.id >> 22) % 2
        beats = fake.heartbeats
        await fake.wait_for(lambda: fake.heartbeats >= beats + 4, timeout=3)
        assert bot.latency < 1
    assert [c.shard for c in fake.gateway_connections] == [(0, 2), (1, 2)]


async def test_gateway_drop_then_resume_replays_missed_events(fake_discord: FakeDiscord, world: World,
                                                              bot: TinyBot) -> None:
    sessions_before = set(fake_discord._sessions)
    await fake_discord.drop_gateway(hold=True)  # new connections wait before HELLO until released
    # while the bot is disconnected, a user mentions it: the event is queued in the session and replayed
    missed = await fake_discord.send_message(world.general, world.alice, "are you there?", mention_bot=True)
    fake_discord.release_gateway()
    await fake_discord.wait_resumed(5)
    await asyncio.wait_for(bot.resumed_event.wait(), 5)
    reply = await fake_discord.wait_for_message(from_bot=True, after=missed, timeout=5)
    assert reply.content == "pong from channel: are you there?"
    assert fake_discord.resumes == 1 and fake_discord.identifies == 1 and fake_discord.replayed_events >= 1
    assert set(fake_discord._sessions) == sessions_before  # same session, resumed, not re-identified
    assert [c.op for c in fake_discord.gateway_connections] == ["IDENTIFY", "RESUME"]
    assert fake_discord.gateway_connections[0].close_code == 4000

    # an abrupt TCP drop resumes too
    await fake_discord.drop_gateway(abrupt=True)
    await fake_discord.wait_resumed(5, count=2)
    fake_discord.assert_no_violations()


# --------------------------------------------------------------------------------------------------- messages


async def test_mentions_replies_threads_and_no_pings(fake_discord: FakeDiscord, world: World, bot: TinyBot) -> None:
    msg = await fake_discord.send_message(world.general, world.alice, "hello there", mention_bot=True)
    reply = await fake_discord.wait_for_message(from_bot=True, after=msg)
    assert reply.content == "pong from channel: hello there"
    assert reply.message_reference["message_id"] == str(msg.id)
    assert reply.allowed_mentions == {"parse": []}  # AllowedMentions.none() reached Discord
    assert not reply.pinged_anyone

    in_thread = await fake_discord.send_message(world.thread, world.bob, "in a thread", mention_bot=True)
    reply2 = await fake_discord.wait_for_message(from_bot=True, after=in_thread, channel=world.thread)
    assert reply2.content == "pong from thread: in a thread"

    # replying to the bot (ping on, Discord's default) counts as a mention
    answer = await fake_discord.send_message(world.general, world.alice, "thanks", reference=reply)
    reply3 = await fake_discord.wait_for_message(from_bot=True, after=answer)
    assert reply3.content == "pong from channel: thanks"

    # no mention: ignored, and without the message_content intent the bot gets empty content
    plain = await fake_discord.send_message(world.general, world.alice, "just chatting")
    await fake_discord.wait_for(lambda: any(m.id == plain.id for m in bot.seen))
    assert next(m for m in bot.seen if m.id == plain.id).content == ""
    assert fake_discord.bot_messages(world.general)[-1] is reply3

    edits: list[tuple[str, str]] = []
    deleted: list[int] = []

    async def on_edit(before: discord.Message, after: discord.Message) -> None:
        edits.append((before.content, after.content))

    async def on_delete(message: discord.Message) -> None:
        deleted.append(message.id)

    bot.add_listener(on_edit, "on_message_edit")
    bot.add_listener(on_delete, "on_message_delete")
    await fake_discord.edit_message(msg, "hello again")
    await fake_discord.delete_message(msg)
    await fake_discord.wait_for(lambda: deleted)
    # the edit no longer mentions the bot, so without the message_content intent its content arrives blank
    assert edits == [(f"<@{fake_discord.bot_user.id}> hello there", "")] and deleted == [msg.id]
    fake_discord.assert_no_violations()


async def test_dms_both_ways(fake_discord: FakeDiscord, world: World, bot: TinyBot) -> None:
    msg = await fake_discord.send_dm(world.carol, "hi bot")
    reply = await fake_discord.wait_for_message(from_bot=True, after=msg)
    assert reply.channel.is_dm and reply.content == "dm:hi bot"

    handle = await fake_discord.invoke_slash("dm_me", user=world.alice, channel=world.general)
    response = await handle.wait_response()
    assert response.content == "check your DMs" and response.ephemeral
    dm = fake_discord.messages(fake_discord.dm_channel(world.alice))
    assert [m.content for m in dm] == ["a secret"]

    closed = fake_discord.add_user("closed", dms_open=False)
    world.guild.add_member(closed)
    handle = await fake_discord.invoke_slash("dm_me", user=closed, channel=world.general)
    assert (await handle.wait_response()).content == "cannot DM you (50007)"
    assert [v.code for v in fake_discord.violations] == [50007]


async def test_long_message_is_rejected_with_50035(fake_discord: FakeDiscord, world: World, bot: TinyBot) -> None:
    handle = await fake_discord.invoke_slash("long", user=world.alice, channel=world.general)
    response = await handle.wait_response()
    assert response.content == "rejected 400 50035" and response.ephemeral
    [violation] = fake_discord.violations
    assert violation.kind == "invalid_form_body" and violation.code == 50035
    assert "content: Must be 2000 or fewer in length." in violation.message
    assert all(len(m.content) <= 2000 for m in fake_discord.messages())


async def test_embed_limits_are_enforced(fake_discord: FakeDiscord, world: World, bot: TinyBot) -> None:
    handle = await fake_discord.invoke_slash("fields", user=world.alice, channel=world.general)
    await fake_discord.wait_for(lambda: bot.app_errors)
    error = bot.app_errors[0]
    assert isinstance(error, app_commands.CommandInvokeError)
    assert isinstance(error.original, discord.HTTPException) and error.original.code == 50035
    assert "data.embeds.0.fields" in fake_discord.violations[0].message
    assert not handle.acked


# --------------------------------------------------------------------------------------------------- interactions


async def test_ping_defers_then_follows_up_with_an_embed(fake_discord: FakeDiscord, world: World,
                                                         bot: TinyBot) -> None:
    handle = await fake_discord.invoke_slash("ping", user=world.alice, channel=world.general)
    response = await handle.wait_response(timeout=5)
    assert handle.response_type == 5 and response.deferred
    assert response.embed["title"] == "pong" and response.embed["description"] == "latency ok"
    assert handle.ack_latency is not None and handle.ack_latency < 3.0
    assert handle.acked_at - handle.dispatched_at == handle.ack_latency
    # the first follow-up after a "thinking" defer became the original response
    assert response.message is handle.original and not response.message.loading
    assert response.message.allowed_mentions == {"parse": []}
    fake_discord.assert_no_violations()


async def test_slow_command_misses_the_3s_deadline(fake_discord: FakeDiscord, world: World, bot: TinyBot) -> None:
    handle = await fake_discord.invoke_slash("slow", user=world.alice, channel=world.general)
    started = time.monotonic()
    with pytest.raises(InteractionNotAcknowledged):
        await handle.wait_ack(timeout=5)
    assert 2.9 < time.monotonic() - started < 3.4
    attempt = await handle.wait_callback_attempt(timeout=2)
    assert attempt.status == 404 and attempt.error_code == 10062
    await fake_discord.wait_for(lambda: bot.app_errors)
    original = bot.app_errors[0].original  # type: ignore[attr-defined]
    assert isinstance(original, discord.NotFound) and original.code == 10062
    [violation] = fake_discord.violations_of("interaction_expired")
    assert violation.code == 10062 and handle.missed_deadline and not handle.acked


async def test_second_callback_is_rejected_with_40060(fake_discord: FakeDiscord, world: World, bot: TinyBot) -> None:
    handle = await fake_discord.invoke_slash("fruit", {"name": "apple"}, user=world.alice, channel=world.general)
    await handle.wait_response()
    async with aiohttp.ClientSession() as session:
        url = f"{fake_discord.api_base}/interactions/{handle.id}/{handle.token}/callback"
        async with session.post(url, json={"type": 4, "data": {"content": "again"}}) as resp:
            assert resp.status == 400
            assert (await resp.json())["code"] == 40060
    assert [v.code for v in fake_discord.violations] == [40060]


async def test_options_choices_autocomplete(fake_discord: FakeDiscord, world: World, bot: TinyBot) -> None:
    choices = await fake_discord.autocomplete("fruit", {"name": "ap"}, focused="name", user=world.alice,
                                              channel=world.general)
    assert [c["value"] for c in choices] == ["apple", "apricot"]

    handle = await fake_discord.invoke_slash("fruit", {"name": "cherry", "size": "large"}, user=world.alice,
                                             channel=world.general)
    assert (await handle.wait_response()).content == "large cherry"
    with pytest.raises(ValueError, match="not one of the choices"):
        await fake_discord.invoke_slash("fruit", {"name": "x", "size": "huge"}, user=world.alice,
                                        channel=world.general)
    with pytest.raises(ValueError, match="missing required"):
        await fake_discord.invoke_slash("fruit", {}, user=world.alice, channel=world.general)


async def test_attachment_option_and_file_upload(fake_discord: FakeDiscord, world: World, bot: TinyBot) -> None:
    upload = FakeAttachment("notes.txt", b"hello file", "text/plain")
    handle = await fake_discord.invoke_slash("echo", {"upload": upload, "shout": True}, user=world.bob,
                                             channel=world.general)
    response = await handle.wait_response()
    assert response.content == "notes.txt: 10 bytes"
    [sent] = response.files
    assert sent.filename == "echo.txt" and sent.data == b"HELLO FILE"
    assert response.message.attachments[0]["filename"] == "echo.txt"
    assert any(r.path.startswith("/webhooks/") and r.files for r in fake_discord.requests)


async def test_guild_sync_and_member_permissions(fake_discord: FakeDiscord, world: World, bot: TinyBot) -> None:
    assert {c["name"] for c in fake_discord.commands()} >= {"ping", "slow", "modonly", "echo"}
    bot.tree.copy_global_to(guild=discord.Object(world.guild.id))
    synced = await bot.tree.sync(guild=discord.Object(world.guild.id))
    assert {c.name for c in synced} == {c["name"] for c in fake_discord.commands(world.guild)}
    assert fake_discord.sync_calls[-1].guild_id == world.guild.id
    modonly = fake_discord.command("modonly", world.guild)
    assert modonly["default_member_permissions"] == str(discord.Permissions(manage_messages=True).value)

    with pytest.raises(CommandUnavailable):  # alice lacks Manage Messages: Discord would not offer the command
        await fake_discord.invoke_slash("modonly", user=world.alice, channel=world.general)
    with pytest.raises(CommandUnavailable):  # guild_only: not in DMs
        await fake_discord.invoke_slash("modonly", user=world.bob)

    handle = await fake_discord.invoke_slash("modonly", user=world.bob, channel=world.general)
    assert handle.payload["data"]["guild_id"] == str(world.guild.id)  # resolved as the guild command
    response = await handle.wait_response()
    assert response.content == "mod ok manage=True roles=['@everyone', 'Member', 'Mod']"
    fake_discord.assert_no_violations()


async def test_buttons_and_persistent_view(fake_discord: FakeDiscord, world: World, bot: TinyBot) -> None:
    handle = await fake_discord.invoke_slash("panel", user=world.alice, channel=world.general)
    panel = (await handle.wait_response()).message
    assert panel.custom_ids == ["panel:vote", "panel:close"]

    vote = await fake_discord.click_button(panel, "panel:vote", world.bob)
    response = await vote.wait_response()
    assert response.content == "vote counted for bob" and response.ephemeral

    close = await fake_discord.click_button(panel, "panel:close", world.alice)
    response = await close.wait_response()
    assert close.response_type == 7 and response.message is panel and panel.content == "panel closed"
    assert all(c.get("disabled") for row in panel.components for c in row["components"])
    with pytest.raises(ValueError, match="disabled"):
        await fake_discord.click_button(panel, "panel:vote", world.bob)

    # a panel posted "before a restart": only the persistent view registered in setup_hook can answer
    old = fake_discord.seed_message(world.general, fake_discord.bot_user, "old panel",
                                    components=PanelView().to_components())
    click = await fake_discord.click_button(old, "panel:vote", world.alice)
    assert (await click.wait_response()).content == "vote counted for alice"
    fake_discord.assert_no_violations()


async def test_modal_and_select(fake_discord: FakeDiscord, world: World, bot: TinyBot) -> None:
    opened = await fake_discord.invoke_slash("feedback", user=world.alice, channel=world.general)
    response = await opened.wait_response()
    assert response.modal["title"] == "Feedback" and opened.response_type == 9
    submitted = await fake_discord.submit_modal(opened, {"feedback:text": "nice"})
    assert (await submitted.wait_response()).content == "thanks: nice"

    menu = (await (await fake_discord.invoke_slash("choose", user=world.alice, channel=world.general))
            .wait_response()).message
    picked = await fake_discord.select(menu, "pick", ["b"], world.bob)
    response = await picked.wait_response()
    assert picked.response_type == 6 and response.message is menu
    assert menu.content == "picked b" and menu.components == []
    fake_discord.assert_no_violations()


async def test_unknown_routes_are_recorded(fake_discord: FakeDiscord, world: World, bot: TinyBot) -> None:
    with pytest.raises(discord.NotFound):
        await bot.http.request(discord.http.Route("GET", "/channels/{channel_id}/webhooks",
                                                  channel_id=world.general.id))
    assert fake_discord.unknown_routes == [f"GET /channels/{world.general.id}/webhooks"]
    fake_discord.clear_violations()


async def test_message_content_intent_and_history(fake_discord_factory) -> None:
    fake = await fake_discord_factory(echo_bot_messages=False)
    w = build_world(fake)
    old = fake.seed_message(w.general, w.alice, "from before")
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = TinyBot(intents=intents)
    async with run_bot(bot, fake):
        guild = bot.get_guild(w.guild.id)
        assert guild.get_member(w.alice.id) is not None  # members intent: full member list + chunking
        plain = await fake.send_message(w.general, w.alice, "visible content")
        await fake.wait_for(lambda: any(m.id == plain.id for m in bot.seen))
        assert next(m for m in bot.seen if m.id == plain.id).content == "visible content"
        history = [m async for m in guild.get_channel(w.general.id).history(limit=10)]
        assert [m.id for m in history] == [plain.id, old.id]
        typing_before = len(fake.typing)
        async with guild.get_channel(w.general.id).typing():
            pass
        assert len(fake.typing) == typing_before + 1


async def test_followup_token_expires(fake_discord_factory) -> None:
    fake = await fake_discord_factory(token_lifetime=0.3)  # Discord: 15 minutes
    w = build_world(fake)
    bot = TinyBot()
    async with run_bot(bot, fake):
        await bot.tree.sync()
        handle = await fake.invoke_slash("later", {"seconds": 0.5}, user=w.alice, channel=w.general)
        await handle.wait_ack()
        await fake.wait_for(lambda: bot.followup_errors)
    [error] = bot.followup_errors
    assert error.status == 401 and error.code == 50027
    assert [v.kind for v in fake.violations] == ["webhook_token_expired"]


async def test_threads_and_original_response(fake_discord: FakeDiscord, world: World, bot: TinyBot) -> None:
    handle = await fake_discord.invoke_slash("discuss", {"topic": "gaps"}, user=world.alice,
                                             channel=world.general)
    first_post = await fake_discord.wait_for_message(lambda m: m.content == "first post", from_bot=True)
    thread = first_post.channel
    assert thread.is_thread and thread.name == "gaps" and thread.parent_id == world.general.id
    assert thread.id == handle.original.id  # a thread started from a message takes the message's id
    await fake_discord.wait_for(lambda: bot.get_channel(thread.id) is not None)  # THREAD_CREATE reached the bot
    fake_discord.assert_no_violations()


async def test_reconnect_and_invalid_session(fake_discord: FakeDiscord, world: World, bot: TinyBot) -> None:
    await fake_discord.send_reconnect()  # op 7: resume
    await fake_discord.wait_resumed(5)
    await fake_discord.invalidate_session()  # op 9 false: a fresh IDENTIFY
    await fake_discord.wait_identified(5, count=2)
    await fake_discord.wait_ready(5)
    msg = await fake_discord.send_message(world.general, world.alice, "still there?", mention_bot=True)
    assert (await fake_discord.wait_for_message(from_bot=True, after=msg)).content == "pong from channel: still there?"
    assert [c.op for c in fake_discord.gateway_connections] == ["IDENTIFY", "RESUME", "IDENTIFY"]


async def test_dispatch_without_a_bot_fails_loudly(fake_discord: FakeDiscord, world: World) -> None:
    with pytest.raises(FakeDiscordError, match="no gateway session"):
        await fake_discord.send_message(world.general, world.alice, "anyone?")


@pytest.mark.parametrize("compress", ["zlib-stream", "zstd-stream", None])
async def test_raw_gateway_compression(fake_discord: FakeDiscord, compress: str | None) -> None:
    query = "v=10&encoding=json" + (f"&compress={compress}" if compress else "")
    async with aiohttp.ClientSession() as session, session.ws_connect(f"{fake_discord.gateway_url}?{query}") as ws:
        msg = await ws.receive(timeout=5)
        if compress is None:
            assert msg.type is aiohttp.WSMsgType.TEXT
            hello = json.loads(msg.data)
        elif compress == "zlib-stream":
            assert msg.data.endswith(b"\x00\x00\xff\xff")  # Z_SYNC_FLUSH per message
            hello = json.loads(zlib.decompressobj().decompress(msg.data))
        else:
            zstandard = pytest.importorskip("zstandard")
            hello = json.loads(zstandard.ZstdDecompressor().decompressobj().decompress(msg.data))
        assert hello["op"] == 10 and hello["d"]["heartbeat_interval"] == 41250
        await ws.send_json({"op": 2, "d": {"token": "wrong", "intents": 0, "properties": {}}})
        closed = await ws.receive(timeout=5)
        assert closed.type is aiohttp.WSMsgType.CLOSE and closed.data == 4004
    assert [v.code for v in fake_discord.violations] == [4004]


def _embed(**kw) -> dict:
    return {"type": "rich", **kw}


@pytest.mark.parametrize(
    ("payload", "path"),
    [
        ({"content": "x" * 2001}, "content"),
        ({"embeds": [_embed(title="t" * 257)]}, "embeds.0.title"),
        ({"embeds": [_embed(description="d" * 4097)]}, "embeds.0.description"),
        ({"embeds": [_embed(fields=[{"name": "n" * 257, "value": "v"}])]}, "embeds.0.fields.0.name"),
        ({"embeds": [_embed(fields=[{"name": "n", "value": "v" * 1025}])]}, "embeds.0.fields.0.value"),
        ({"embeds": [_embed(fields=[{"name": "n", "value": ""}])]}, "embeds.0.fields.0.value"),
        ({"embeds": [_embed(fields=[{"name": "n", "value": "v"}] * 26)]}, "embeds.0.fields"),
        ({"embeds": [_embed(footer={"text": "f" * 2049})]}, "embeds.0.footer.text"),
        ({"embeds": [_embed(author={"name": "a" * 257})]}, "embeds.0.author.name"),
        ({"embeds": [_embed(title="t")] * 11}, "embeds"),
        ({"embeds": [_embed(description="d" * 4000), _embed(description="d" * 2001)]}, "embeds"),
        ({"embeds": [_embed(url="not a url")]}, "embeds.0.url"),
    ],
)
def test_form_body_limits(payload: dict, path: str) -> None:
    errors = validate_message(payload)
    assert [e.split(":")[0] for e in errors.flat] == [path]
    assert not validate_message({"content": "x" * 2000, "embeds": [_embed(description="d" * 4096)]})
