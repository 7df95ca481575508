"""Bot safety findings of issue #11: the moderator role is matched by id only, and a damaged bot.sqlite3 is moved
aside instead of stopping the bot. Bot tests run the real bot against the fake Discord with test_reliability_bot's
helpers."""

from __future__ import annotations

import logging
import sqlite3
import sys

import pytest
import test_reliability_bot as reliability
from test_bot_e2e import STEP, Env, make_env

from bot.feedback import FeedbackStore
from gapbot.errors import ConfigError
from gapbot.question import Query

from conftest import make_settings
from fakediscord import run_bot

pytest_plugins = ("fakediscord.fixtures",)
# test_reliability_bot's fixtures: its hang watchdog and its corpus, ingested once per session.
_watchdog = reliability._watchdog
corpus_template = reliability.corpus_template


@pytest.fixture
def env(fake_discord, discord_world, corpus_template, tmp_path) -> Env:
    return make_env(fake_discord, discord_world, corpus_template, tmp_path)


# ======================================================================================== moderator role
def test_a_role_name_in_gapbot_mod_role_fails_at_start_up(tmp_path, monkeypatch, capsys) -> None:
    with pytest.raises(ConfigError, match="GAPBOT_MOD_ROLE must be the moderator role's numeric id"):
        make_settings(tmp_path, GAPBOT_MOD_ROLE="Mod")
    assert make_settings(tmp_path, GAPBOT_MOD_ROLE=" 1234 ").mod_role == 1234
    assert make_settings(tmp_path, GAPBOT_MOD_ROLE="").mod_role is None

    # `python -m bot` stops before connecting, with exit code 2 and a message naming the variable.
    from bot.__main__ import main

    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("GAPBOT_MOD_ROLE", "Mod")
    monkeypatch.setenv("GAPBOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(sys, "argv", ["bot"])
    assert main() == 2
    assert "GAPBOT_MOD_ROLE" in capsys.readouterr().err


async def test_the_moderator_role_matches_by_id_only(env: Env) -> None:
    """GAPBOT_MOD_ROLE is the Mod role's id (test_bot_e2e's env). A second role named "Mod", and a role named
    like that id, are not the moderator role; the real one is."""
    fake, world = env.fake, env.world
    guild = world.guild
    namesake = fake.add_user("mallory")
    guild.add_member(namesake, roles=[world.member_role, guild.add_role("Mod")])
    numbered = fake.add_user("eve")
    guild.add_member(numbered, roles=[world.member_role, guild.add_role(str(world.mod_role.id))])

    async with run_bot(env.bot(), fake):
        for user in (numbered, namesake):
            for name in ("refresh", "feedback"):
                refused = await env.slash(name, user=user, check=False)
                assert refused.ephemeral and refused.callback_type == 4, (user.username, name, refused.text)
                # The refusal names the role as members see it, not by its id.
                assert refused.content == reliability.REFUSED_MOD, (user.username, name)
        summary = await env.slash("feedback", user=world.bob, check=False)  # bob has the real Mod role
        assert summary.ephemeral and "answers posted" in summary.text
    fake.assert_no_violations()


# ======================================================================================== damaged feedback database
def _filled(path) -> FeedbackStore:
    store = FeedbackStore(path).open()
    for i in range(400):
        store.record_answer(i, f"question {i} " * 20, f"answer {i} " * 40, Query(f"gap on coding {i}", "gap", "coding"))
    store.vote(1, 7, 1)
    return store


def _aside(path) -> list:
    return sorted(path.parent.glob(path.name + ".corrupt-*"))


def test_a_garbage_database_is_moved_aside_and_recreated(tmp_path, caplog) -> None:
    path = tmp_path / "bot.sqlite3"
    garbage = b"this is not an SQLite database\x00\xff" * 100
    path.write_bytes(garbage)
    with caplog.at_level(logging.WARNING, logger="bot.feedback"):
        store = FeedbackStore(path).open()
    store.record_answer(1, "q", "a")
    assert store.vote(1, 2, 1).found
    store.close()
    [aside] = _aside(path)
    assert aside.read_bytes() == garbage  # kept for whoever wants to recover it
    assert any("damaged" in r.message and str(aside) in r.message for r in caplog.records), caplog.text
    assert FeedbackStore(path).open().summary()["up"] == 1  # the new database is a good one


def test_a_truncated_database_is_moved_aside(tmp_path) -> None:
    path = tmp_path / "bot.sqlite3"
    _filled(path).close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    store = FeedbackStore(path).open()
    assert store.summary()["answers"] == 0
    store.close()
    assert len(_aside(path)) == 1


def test_a_healthy_or_unopenable_database_is_left_alone(tmp_path) -> None:
    path = tmp_path / "bot.sqlite3"
    _filled(path).close()
    assert FeedbackStore(path).open().summary()["answers"] == 400
    assert not _aside(path)
    # A folder where the file should be is not a damaged database: the error stands and nothing is moved.
    folder = tmp_path / "dir.sqlite3"
    folder.mkdir()
    with pytest.raises(sqlite3.OperationalError):
        FeedbackStore(folder).open()
    assert folder.is_dir() and not _aside(folder)


async def test_the_bot_starts_on_a_damaged_database(env: Env) -> None:
    path = env.data_dir / "bot.sqlite3"
    path.write_bytes(b"\x00garbage" * 512)
    async with run_bot(env.bot(), env.fake):
        response = await env.slash("ask", {"question": "How far behind is the best open model on coding?"},
                                   timeout=STEP)
        assert response.embed["title"].startswith("Coding on LiveBench")
        summary = await env.slash("feedback", user=env.admin)
        assert "answers posted" in summary.text
    assert len(_aside(path)) == 1
    env.fake.assert_no_violations()
