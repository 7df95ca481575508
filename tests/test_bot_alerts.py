"""The bot keeps itself current: started on the shipped corpus/ with its feeds pointed at a local mirror of the
publishers (tests/feedmirror.py), its scheduled refresh picks up a new LiveBench release without anyone acting and
posts one alert (with the chart) to the alert channel a server chose; later ticks with nothing new post nothing.
Offline, the same bot answers from its last good copies and its refresh says which feeds failed."""

from __future__ import annotations

import asyncio
import time

import feedmirror

from bot.client import create_bot
from bot.feedback import FeedbackStore
from bot.guild_config import GuildConfigStore
from gapbot.embeddings import HashEmbedder
from gapbot.engine import Engine
from ingest.pipeline import run_ingest

from conftest import REPO, make_settings
from fakediscord import run_bot

pytest_plugins = ("fakediscord.fixtures",)
TICK_H = 0.0015  # hours: a scheduled refresh every 5.4 s


def _values(world, mirror_url: str, **extra) -> dict:
    return {"GAPBOT_CORPUS_DIR": str(REPO / "corpus"), "GAPBOT_FEEDS": "true", "GAPBOT_FEED_ALLOW_PRIVATE": "true",
            "GAPBOT_FEED_BASE_URL": mirror_url, "GAPBOT_FEED_TIMEOUT": "3", "GAPBOT_DEV_GUILD": str(world.guild.id),
            "GAPBOT_REFRESH_JITTER": "0", **extra}


def _bot(data_dir, values):
    settings = make_settings(data_dir, **values)
    engine = Engine(settings, embedder=HashEmbedder())
    return create_bot(settings, engine, FeedbackStore.in_data_dir(settings.data_dir))


async def _wait(predicate, timeout: float) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError("timed out waiting")
        await asyncio.sleep(0.2)


async def test_a_new_release_is_picked_up_and_alerted_once(fake_discord, discord_world, mirror, tmp_path):
    fake, world = fake_discord, discord_world
    data = tmp_path / "data"
    values = _values(world, mirror.url)
    first = run_ingest(make_settings(data, **values), embedder=HashEmbedder())  # what was served yesterday
    assert not first.feeds_failed
    alerts_channel = world.guild.add_text_channel("gap-alerts")
    store = GuildConfigStore.in_data_dir(data).open()
    store.set(world.guild.id, alert_channel_id=alerts_channel.id)
    store.close()
    feedmirror.set_livebench(mirror.root, with_new_release=True)  # LiveBench publishes 2026-06-25

    async with run_bot(_bot(data, {**values, "GAPBOT_REFRESH_EVERY": str(TICK_H)}), fake) as bot:
        schedule = bot.get_cog("Schedule")
        alert = await fake.wait_for_message(from_bot=True, channel=alerts_channel, timeout=180)
        assert "lost the lead" in alert.text and "agentic coding" in alert.text, alert.text
        assert "2026-06-25" in alert.text and "2026-01-08" in alert.text
        assert alert.embeds[0]["image"]["url"] == "attachment://gap.png" and alert.attachments
        assert alert.allowed_mentions == {"parse": []}
        answer = await fake.invoke_slash("gap", {"category": "overall", "source": "livebench"},
                                         user=world.alice, channel=world.general)
        response = await answer.wait_response(20)
        assert "2026-06-25" in response.text  # answers come from the new release, nobody ran /refresh
        assert "lower cost per question" in response.text and "per solved task" in response.text
        value = await fake.invoke_slash("scores", {"source": "livebench", "sort": "value", "top": 3},
                                        user=world.alice, channel=world.general)
        ranked = (await value.wait_response(20)).text
        assert "Best-value" in ranked and "/question" in ranked
        # A later tick: every feed answers 304, nothing changes, nothing more is posted.
        done = schedule.refreshes
        await _wait(lambda: schedule.refreshes >= done + 1, 180)
        assert schedule.last_report is not None and not schedule.last_report.changed
        assert not schedule.last_report.feeds_failed
        assert len(fake.bot_messages(alerts_channel)) == 1
    fake.assert_no_violations()


async def test_offline_the_bot_answers_from_its_last_good_copies(fake_discord, discord_world, mirror, tmp_path):
    fake, world = fake_discord, discord_world
    data = tmp_path / "data"
    values = _values(world, mirror.url)
    run_ingest(make_settings(data, **values), embedder=HashEmbedder())
    mirror.shutdown()
    mirror.server_close()  # the publishers are gone (no network)
    async with run_bot(_bot(data, {**values, "GAPBOT_REFRESH_EVERY": str(TICK_H)}), fake) as bot:
        schedule = bot.get_cog("Schedule")
        await _wait(lambda: schedule.last_report is not None, 180)
        assert set(schedule.last_report.feeds_failed) == {"livebench", "aider", "lmarena", "epoch", "epoch-hub",
                                                          "swe-bench"}
        assert not schedule.last_report.files_removed
        handle = await fake.invoke_slash("gap", {"category": "overall", "source": "livebench"}, user=world.alice,
                                         channel=world.general)
        response = await handle.wait_response(20)
        assert "2026-01-08" in response.text, response.text  # the last good copy of the LiveBench feed
        sources = await fake.invoke_slash("sources", {}, user=world.alice, channel=world.general)
        said = (await sources.wait_response(20)).text
        assert "❌ livebench: failing" in said and "last good copy is used" in said, said
        assert "❌ swe-bench: failing" in said
    fake.assert_no_violations()


async def _moderator_refresh(fake, user, world) -> None:
    handle = await fake.invoke_slash("refresh", user=user, channel=world.general)
    await handle.wait_ack(3)
    assert await fake.wait_for(lambda: handle.original and handle.original.embeds
                               and handle.original.embeds[0]["title"].startswith("Refresh done"), 120)


async def test_a_moderators_refresh_alerts_too_and_a_first_ingest_never(fake_discord, discord_world, mirror,
                                                                      tmp_path):
    fake, world = fake_discord, discord_world
    data = tmp_path / "data"
    values = _values(world, mirror.url, GAPBOT_REFRESH_EVERY="0")
    admin = fake.add_user("dave")
    world.guild.add_member(admin, roles=[world.member_role, world.guild.add_role("Admins", 1 << 5)])  # Manage Server
    alerts_channel = world.guild.add_text_channel("gap-alerts")
    store = GuildConfigStore.in_data_dir(data).open()
    store.set(world.guild.id, alert_channel_id=alerts_channel.id)
    store.close()
    async with run_bot(_bot(data, values), fake):  # nothing ingested yet
        await _moderator_refresh(fake, admin, world)
        await asyncio.sleep(1)
        assert fake.bot_messages(alerts_channel) == []  # a first ingest is no news
        feedmirror.set_livebench(mirror.root, with_new_release=True, first_published=True)
        await _moderator_refresh(fake, admin, world)
        alert = await fake.wait_for_message(from_bot=True, channel=alerts_channel, timeout=30)
        assert "lost the lead" in alert.text and "2026-06-25" in alert.text
    fake.assert_no_violations()
