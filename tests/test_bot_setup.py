"""A server admin's first start and a community's settings: the real bot against the fake Discord, without
GAPBOT_DEV_GUILD (as a real deployment runs). Commands are registered at start-up (once: a restart with the same
commands sends nothing), the log carries the invite link, and `/config` limits channels, names a moderator role,
sets the cooldown and the alert channel, kept across restarts."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import re
import time
from urllib.parse import parse_qs, urlparse

import pytest
from test_bot_e2e import HEADER, STEP, URL, Env, make_env, refresh_with, template  # noqa: F401 - the session's data folder fixture

from bot.guild_config import GuildConfig, GuildConfigStore
from bot.health import INTERVAL, check
from bot.setup import permissions

from fakediscord import CommandUnavailable, run_bot

pytest_plugins = ("fakediscord.fixtures",)


@pytest.fixture
def env(fake_discord, discord_world, template, tmp_path) -> Env:  # noqa: F811
    env = make_env(fake_discord, discord_world, template, tmp_path)
    env.values.pop("GAPBOT_DEV_GUILD")  # a real start: no development guild
    return env


async def test_first_start_registers_the_commands_once_and_logs_the_invite(env: Env, caplog) -> None:
    fake, world = env.fake, env.world
    assert fake.commands() == [] and fake.commands(world.guild) == []
    with caplog.at_level(logging.INFO, logger="bot"):
        async with run_bot(env.bot(), fake):
            names = {c["name"] for c in fake.commands()}
            assert names >= {"ask", "gap", "scores", "trend", "compare", "model", "sources", "refresh", "feedback",
                             "config"}
            assert fake.commands(world.guild) == []  # registered for every server, not one
            answer = await env.slash("gap", {"category": "coding"})  # usable at once
            assert answer.embed["title"].startswith("Coding on LiveBench")
            ok, why = check(env.data_dir)  # the container's health check: a heartbeat once the bot is ready
            assert ok and why.startswith("ready"), why
    syncs = len(fake.sync_calls)
    assert syncs == 1
    invite = next(r.getMessage() for r in caplog.records if "invite the bot" in r.getMessage())
    url = urlparse(invite.split("with: ", 1)[1])
    query = parse_qs(url.query)
    assert query["client_id"] == [str(fake.application_id)]
    assert set(query["scope"][0].split()) == {"bot", "applications.commands"}
    perms = int(query["permissions"][0])
    assert perms == permissions().value
    needed = {"send_messages": 1 << 11, "embed_links": 1 << 14, "attach_files": 1 << 15,
              "read_message_history": 1 << 16, "view_channel": 1 << 10}
    assert all(perms & bit for bit in needed.values()) and not perms & (1 << 3)  # and never Administrator

    assert check(env.data_dir) == (False, "stopped")  # the bot closed: unhealthy at once
    assert not check(env.data_dir, now=time.time() + 10 * INTERVAL)[0]  # a stale heartbeat is unhealthy
    assert not check(env.data_dir / "elsewhere")[0]

    caplog.clear()
    with caplog.at_level(logging.INFO, logger="bot"):
        async with run_bot(env.bot(), fake):  # a restart with the same commands: nothing is sent
            assert len(fake.sync_calls) == syncs
            assert {c["name"] for c in fake.commands()} == names
    assert any("unchanged since they were registered" in r.getMessage() for r in caplog.records)
    fake.assert_no_violations()


async def test_a_community_day_without_a_dev_guild(env: Env) -> None:
    """What a member meets on a fresh install: a question, a real follow-up by reply, chatter ignored, and model
    names suggested as they are typed."""
    fake, world = env.fake, env.world
    async with run_bot(env.bot(), fake):
        first = await env.mention("how far behind are open models on coding?")
        assert first.embeds[0]["title"].startswith("Coding on LiveBench")
        follow = await fake.send_message(world.general, world.alice, "and on math?", reference=first,
                                         reply_ping=False)
        second = await fake.wait_for_message(from_bot=True, after=follow, timeout=STEP)
        assert second.embeds[0]["title"].startswith("Math on LiveBench"), second.text
        thanks = await fake.send_message(world.general, world.alice, "thanks!", reference=second, reply_ping=False)
        with pytest.raises(asyncio.TimeoutError):
            await fake.wait_for_message(lambda m: m.message_reference is not None
                                        and m.message_reference["message_id"] == str(thanks.id),
                                        from_bot=True, after=thanks, timeout=0.6)
        choices = await fake.autocomplete("model", {"name": "qwen3 cod"}, focused="name", user=world.alice,
                                          channel=world.general)
        names = [c["value"] for c in choices]
        assert names and all(re.match(r"Qwen3[- ]Coder", n) for n in names), names
    async with run_bot(env.bot(GAPBOT_STALE_AFTER_DAYS="90"), fake):  # the default: these boards are old
        old = await env.mention("how far behind are open models on coding?")
        assert "⚠ Old data: the newest is from 2025-06-15" in old.text, old.text
    fake.assert_no_violations()


async def test_changed_commands_are_registered_again(env: Env) -> None:
    fake = env.fake
    async with run_bot(env.bot(), fake):
        pass
    first = len(fake.sync_calls)
    bot = env.bot()
    bot.initial_extensions = tuple(e for e in bot.initial_extensions if e != "bot.cogs.feedback")
    async with run_bot(bot, fake):
        assert len(fake.sync_calls) == first + 1
        assert "feedback" not in {c["name"] for c in fake.commands()}
    fake.assert_no_violations()


async def test_config_channels_role_cooldown_alerts(env: Env) -> None:
    fake, world = env.fake, env.world
    quiet = world.guild.add_text_channel("quiet")
    helper = world.guild.add_role("Helpers")
    erin = fake.add_user("erin")
    world.guild.add_member(erin, roles=[world.member_role, helper])
    async with run_bot(env.bot(), fake) as bot:
        with pytest.raises(CommandUnavailable):  # hidden from members by default permissions...
            await fake.invoke_slash("config show", user=world.alice, channel=world.general)
        refused = await env.slash("config show", user=world.alice, check=False)  # ...and checked on every call
        assert refused.ephemeral and refused.content.startswith("Only members with Manage Server")

        shown = await env.slash("config show", user=env.admin)
        assert shown.ephemeral and "every channel the bot can read" in shown.text and "off" in shown.text

        done = await env.slash("config channels", {"action": "add", "channel": world.general}, user=env.admin)
        assert done.ephemeral and f"<#{world.general.id}>" in done.text
        ignored = await fake.send_message(quiet, world.alice, "gap on coding?", mention_bot=True)
        with pytest.raises(asyncio.TimeoutError):
            await fake.wait_for_message(from_bot=True, after=ignored, timeout=0.6)
        answered = await env.mention("gap on coding?")  # #general is on the list
        assert answered.embeds[0]["title"].startswith("Coding on LiveBench")
        in_thread = await env.mention("gap on math?", channel=world.thread)  # a thread follows its channel
        assert in_thread.embeds[0]["title"].startswith("Math on LiveBench")
        slash = await env.slash("gap", {"category": "coding"}, channel=quiet)  # slash commands work anywhere
        assert not slash.ephemeral

        missing = await env.slash("config channels", {"action": "add"}, user=env.admin)
        assert missing.ephemeral and "Pick the channel" in missing.content

        # a moderator role of this server's own choosing
        refused = await env.slash("refresh", user=erin, check=False)
        assert refused.ephemeral and refused.content.startswith("Only members with Manage Server")
        await env.slash("config modrole", {"role": helper}, user=env.admin)
        handle = await fake.invoke_slash("refresh", user=erin, channel=world.general, check=False)
        await handle.wait_ack(3)
        assert await fake.wait_for(lambda: handle.original and handle.original.embeds
                                   and handle.original.embeds[0]["title"].startswith("Refresh done"), STEP)

        await env.slash("config cooldown", {"seconds": 60}, user=env.admin)
        alerts = await env.slash("config alerts", {"channel": quiet}, user=env.admin)
        assert f"<#{quiet.id}>" in alerts.text
        assert bot.guild_configs.alert_channel_id(world.guild.id) == quiet.id

    store = GuildConfigStore.in_data_dir(env.data_dir).open()  # kept on disk, read by a new process
    try:
        cfg = store.get(world.guild.id)
        assert cfg == GuildConfig(world.guild.id, frozenset({world.general.id}), helper.id, 60.0, quiet.id)
        assert store.alert_channels() == {world.guild.id: quiet.id}
    finally:
        store.close()

    async with run_bot(env.bot(GAPBOT_COOLDOWN_RATE="2"), fake):  # the server's 60 s window, 2 per window
        for _ in range(2):
            assert not (await env.slash("sources")).ephemeral
        slow = await env.slash("sources")
        assert slow.ephemeral and slow.content.startswith("Slow down")
        back = await env.slash("config channels", {"action": "everywhere"}, user=env.admin)
        assert "every channel" in back.text
        again = await fake.send_message(quiet, world.bob, "gap on coding?", mention_bot=True)
        assert (await fake.wait_for_message(from_bot=True, after=again, timeout=STEP)).embeds
    fake.assert_no_violations()


def test_guild_config_store_survives_damage(tmp_path) -> None:
    path = tmp_path / "guilds.sqlite3"
    store = GuildConfigStore(path).open()
    store.set(1, alert_channel_id=5, channels={7, 8})
    assert store.get(1).answers_in(7) and store.get(1).answers_in(99, parent_id=8) and not store.get(1).answers_in(9)
    assert store.get(2) == GuildConfig(2) and store.get(None).answers_in(123)
    with pytest.raises(TypeError):
        store.set(1, colour="red")
    with pytest.raises(ValueError):
        store.set(1, cooldown_s=-1)
    store.close()
    path.write_bytes(b"not a database" * 100)
    fresh = GuildConfigStore(path).open()
    assert fresh.get(1) == GuildConfig(1)  # defaults; the damaged file is kept aside
    assert list(tmp_path.glob("guilds.sqlite3.corrupt-*"))
    fresh.close()


# ---------------------------------------------------------------------------------------------------- uploads
COMMUNITY = HEADER + "".join(  # a newer board where an open model leads: must not take over default answers
    f"communitybench,https://example.org/community,2025-10-01,CommunityBench,{cat},{m},{d},{o},{ow},{s},\n"
    for m, d, o, ow, scores in [("gpt-5", "GPT-5", "OpenAI", "false", (60, 61)),
                                ("qwen-3", "Qwen 3", "Alibaba", "true", (90, 91)),
                                ("claude-x", "Claude X", "Anthropic", "false", (58, 57)),
                                ("deepseek-v3", "DeepSeek V3", "DeepSeek", "true", (50, 52))]
    for cat, s in zip(("overall", "coding"), scores, strict=True))
BAD_ROWS = HEADER + (  # 6 rows, 3 of them bad: a 178 on a percentage board, a word, an unknown category
    f"communitybench,{URL},2025-10-02,CommunityBench,math,gpt-5,GPT-5,OpenAI,false,178,\n"
    f"communitybench,{URL},2025-10-02,CommunityBench,math,qwen-3,Qwen 3,Alibaba,true,88,\n"
    f"communitybench,{URL},2025-10-02,CommunityBench,math,claude-x,Claude X,Anthropic,false,lots,\n"
    f"communitybench,{URL},2025-10-02,CommunityBench,cooking,deepseek-v3,DeepSeek V3,DeepSeek,true,40,\n"
    f"communitybench,{URL},2025-10-02,CommunityBench,overall,gpt-5,GPT-5,OpenAI,false,70,\n"
    f"communitybench,{URL},2025-10-02,CommunityBench,overall,qwen-3,Qwen 3,Alibaba,true,65,\n")


async def test_uploads_are_recorded_kept_apart_listed_promoted_and_removed(env: Env) -> None:
    fake, world = env.fake, env.world
    async with run_bot(env.bot(), fake):
        before = (await env.slash("gap", {"category": "coding"})).embed["title"]
        assert before.startswith("Coding on LiveBench")

        added = await refresh_with(env, "community.csv", COMMUNITY.encode())
        assert added.embeds[0]["title"].startswith("Refresh done: generation"), added.text
        assert "Added 8 rows on 2 board(s): CommunityBench · coding · 2025-10-01" in added.text
        assert "answer when asked for" in added.text
        # a newer board with an open model ahead does not replace the public one in default answers...
        assert (await env.slash("gap", {"category": "coding"})).embed["title"] == before
        assert (await env.mention("how far behind are open models on coding?")).embeds[0]["title"] == before
        # ...and answers when it is named
        named = await env.slash("gap", {"category": "coding", "source": "upload"})
        assert named.embed["title"].startswith("Coding on CommunityBench"), named.embed["title"]

        bad = await refresh_with(env, "bad-rows.csv", BAD_ROWS.encode())
        assert "3 row(s) rejected:" in bad.text and "; 3 rows rejected." in bad.text, bad.text  # never "0 rejected"
        assert "bad-rows.csv:2: column 'score': 178 is outside 0–100" in bad.text
        assert "bad-rows.csv:4: column 'score': 'lots' is not a number" in bad.text
        assert "bad-rows.csv:5: unknown category 'cooking'" in bad.text

        listed = await env.slash("uploads list", user=env.admin)
        assert listed.ephemeral and listed.embed["title"] == "Uploads (2)"
        fields = {f["name"]: f["value"] for f in listed.embed["fields"]}
        assert f"by <@{env.admin.id}> <t:" in fields["community.csv"] and "sha256 `" in fields["community.csv"]
        assert "8 rows: CommunityBench · coding · 2025-10-01" in fields["community.csv"]
        assert "3 row(s) rejected, first: bad-rows.csv:2" in fields["bad-rows.csv"]
        refused = await env.slash("uploads list", user=world.alice, check=False)
        assert refused.ephemeral and refused.content.startswith("Only members with Manage Server")
        choices = await fake.autocomplete("uploads remove", {"name": "comm"}, focused="name", user=env.admin,
                                          channel=world.general)
        assert [c["value"] for c in choices] == ["community.csv"]

        promoted = await env.slash("uploads promote", {"name": "community.csv"}, user=env.admin)
        assert promoted.ephemeral and "promoted" in promoted.content
        now = (await env.slash("gap", {"category": "coding"})).embed["title"]
        assert now.startswith("Coding on CommunityBench"), now  # a moderator's choice: now it answers by default

        handle = await fake.invoke_slash("uploads remove", {"name": "community.csv"}, user=env.admin,
                                         channel=world.general)
        await handle.wait_ack(3)
        await fake.wait_for(lambda: handle.original and handle.original.embeds, STEP)  # after the progress edits
        removed = handle.original
        assert removed.ephemeral and "`community.csv` removed" in removed.text, removed.text
        assert (await env.slash("gap", {"category": "coding"})).embed["title"] == before  # as it was
        gone = await env.slash("gap", {"category": "coding", "source": "upload"})
        assert "CommunityBench" not in gone.text
        assert sorted(p.name for p in env.settings.uploads_dir.iterdir() if not p.name.startswith(".")) == [
            "bad-rows.csv"]
        again = await env.slash("uploads remove", {"name": "community.csv"}, user=env.admin, check=False)
        assert again.ephemeral and "There is no upload called" in again.content
    ledger = json.loads((env.data_dir / "uploads.json").read_text())["uploads"]
    assert set(ledger) == {"bad-rows.csv"} and ledger["bad-rows.csv"]["by_id"] == env.admin.id
    assert ledger["bad-rows.csv"]["sha256"] == hashlib.sha256(BAD_ROWS.encode()).hexdigest()
    assert ledger["bad-rows.csv"]["rows"] == 3 and ledger["bad-rows.csv"]["rejected_rows"] == 3
    fake.assert_no_violations()


# ---------------------------------------------------------------------------------------------------- compose
def test_the_start_up_ingest_job_lets_the_bot_start_when_something_is_served(tmp_path) -> None:
    """docker-compose's ingest job (`gapbot ingest --ok-if-served`): a rejected file (or a failed feed) is reported
    and the job succeeds when something is served; it fails only when nothing can be."""
    import subprocess
    import sys

    from conftest import REPO

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "broken.csv").write_text(HEADER + f"x,{URL},2025-01-01,B,coding,m,M,O,true,abc,\n")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1",
           "GAPBOT_DATA_DIR": str(tmp_path / "data")}

    def ingest(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "gapbot_cli", "ingest", "--no-feeds", "-q", *args], env=env,
                              cwd=tmp_path, capture_output=True, text=True, timeout=120)

    nothing = ingest("--ok-if-served", str(bad))
    assert nothing.returncode == 1 and "broken.csv" in nothing.stdout, nothing.stdout + nothing.stderr
    some = ingest("--ok-if-served", str(REPO / "corpus" / "snapshots"), str(bad))
    assert some.returncode == 0 and "1 rejected" in some.stdout, some.stdout + some.stderr
    assert ingest(str(REPO / "corpus" / "snapshots"), str(bad)).returncode == 1  # plain ingest: still says so


def test_invite_link_from_the_command_line(tmp_path) -> None:
    import base64
    import subprocess
    import sys

    from conftest import REPO

    app_id = 112233445566778899
    token = base64.urlsafe_b64encode(str(app_id).encode()).decode().rstrip("=") + ".GAbcde.secret-part"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(REPO), "DISCORD_TOKEN": token}
    out = subprocess.run([sys.executable, "-m", "gapbot_cli", "invite"], env=env, cwd=tmp_path, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == (f"https://discord.com/oauth2/authorize?client_id={app_id}"
                                  f"&scope=bot+applications.commands&permissions={permissions().value}")
    assert "secret" not in out.stdout
    env.pop("DISCORD_TOKEN")
    missing = subprocess.run([sys.executable, "-m", "gapbot_cli", "invite"], env=env, cwd=tmp_path,
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "--client-id" in missing.stderr
