"""The one settings object (gapbot/settings.py): where each value comes from, how it is parsed, and that a bad value
fails at start-up naming its variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from gapbot.errors import ConfigError
from gapbot.settings import PROJECT, Settings, load_settings


def test_defaults_are_the_projects_folders(monkeypatch) -> None:
    s = Settings(_env_file=None)
    assert (s.data_dir, s.corpus_dir, s.chroma_port, s.feeds_enabled) == (PROJECT / "data", PROJECT / "corpus", 8000,
                                                                          False)  # conftest sets GAPBOT_FEEDS=false
    monkeypatch.delenv("GAPBOT_FEEDS")
    assert Settings(_env_file=None).feeds_enabled is True
    assert s.registry is None and s.discord_token is None and s.embedding_runtime == "onnx"


def test_given_values_beat_the_environment_which_beats_the_dotenv_file(tmp_path, monkeypatch) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text('# a comment\nCHROMA_PORT=9000\nGAPBOT_COOLDOWN="2.5"\nexport GAPBOT_DATA_DIR=/from/file\n'
                      "DISCORD_TOKEN=abc.def\nSOMETHING_ELSE=ignored\n", encoding="utf-8")
    s = Settings(_env_file=dotenv)
    assert (s.chroma_port, s.cooldown_s, s.data_dir) == (9000, 2.5, Path("/from/file"))
    assert s.discord_token.get_secret_value() == "abc.def"
    monkeypatch.setenv("chroma_port", "9100")  # names in any case, as in the environment
    assert Settings(_env_file=dotenv).chroma_port == 9100
    assert Settings(_env_file=dotenv, CHROMA_PORT=9200).chroma_port == 9200
    monkeypatch.setattr(Settings, "env_file", dotenv)  # the project's .env, read when no file is named
    assert load_settings().cooldown_s == 2.5
    assert Settings(_env_file=None).cooldown_s == 10.0


@pytest.mark.parametrize(("name", "value", "says"), [
    ("CHROMA_PORT", "eighty", "CHROMA_PORT must be an integer, not 'eighty'"),
    ("GAPBOT_COOLDOWN", "soon", "GAPBOT_COOLDOWN must be a number"),
    ("GAPBOT_SHARDED", "maybe", "GAPBOT_SHARDED must be true or false"),
    ("GAPBOT_EMBEDDING_RUNTIME", "tensorflow", "GAPBOT_EMBEDDING_RUNTIME must be one of 'onnx', 'torch'"),
    ("GAPBOT_MOD_ROLE", "Mod", "GAPBOT_MOD_ROLE must be the moderator role's numeric id"),
])
def test_a_value_that_does_not_parse_fails_naming_its_variable(monkeypatch, name, value, says) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=says):
        load_settings(_env_file=None)


def test_booleans_read_as_pydantic_read_them_and_empty_optional_values_are_unset() -> None:
    for text, expected in (("1", True), ("TRUE", True), ("on", True), ("yes", True), ("0", False), ("off", False),
                           (" False ", False), ("n", False)):
        assert Settings(_env_file=None, GAPBOT_SHARDED=text).sharded is expected
    s = Settings(_env_file=None, GAPBOT_DEV_GUILD="", GAPBOT_REGISTRY=" ", DISCORD_TOKEN="", GAPBOT_MOD_ROLE=" 12 ")
    assert (s.dev_guild, s.registry, s.discord_token, s.mod_role) == (None, None, None, 12)
    with pytest.raises(ConfigError, match="DISCORD_TOKEN is not set"):
        s.require("DISCORD_TOKEN")  # an empty `DISCORD_TOKEN=` line (as in .env.example) is a missing token


def test_a_secret_never_shows_and_never_reaches_a_child_process() -> None:
    s = Settings(_env_file=None, DISCORD_TOKEN="very.secret.token", GAPBOT_LLM="openai:gpt-4o-mini")
    assert "very.secret" not in repr(s) and "very.secret" not in str(s.discord_token)
    assert s.discord_token.get_secret_value() == "very.secret.token"
    env = s.as_env()
    assert "DISCORD_TOKEN" not in env and env["CHROMA_PORT"] == "8000" and env["GAPBOT_SHARDED"] == "False"
    # A child given exactly these variables reads the same settings, the secret aside.
    again = Settings(_env_file=None, **env)
    assert again.copy(discord_token="very.secret.token") == s


def test_copy_changes_fields_by_name_and_parses_them() -> None:
    s = Settings(_env_file=None)
    t = s.copy(chroma_timeout_s="2.5", data_dir="/tmp/x")
    assert (t.chroma_timeout_s, t.data_dir, s.chroma_timeout_s) == (2.5, Path("/tmp/x"), 5.0)
    with pytest.raises(TypeError):
        s.copy(no_such_field=1)
    with pytest.raises(TypeError):
        Settings(_env_file=None, NO_SUCH_VARIABLE=1)  # a typo in code fails loudly, not silently


@pytest.mark.parametrize(("values", "says"), [
    ({"CHROMA_PORT": 8000.5}, "CHROMA_PORT must be an integer, not 8000.5"),
    ({"CHROMA_PORT": True}, "CHROMA_PORT must be an integer, not True"),
    ({"GAPBOT_COOLDOWN": False}, "GAPBOT_COOLDOWN must be a number"),
    ({"GAPBOT_DATA_DIR": 42}, "GAPBOT_DATA_DIR must be a path, not 42"),
    ({"GAPBOT_COLLECTION": ["a"]}, "GAPBOT_COLLECTION must be text"),
])
def test_a_value_of_the_wrong_type_from_code_fails_naming_its_variable(values, says) -> None:
    with pytest.raises(ConfigError, match=says):
        Settings(_env_file=None, **values)
    assert Settings(_env_file=None, CHROMA_PORT=9000.0).chroma_port == 9000  # a whole number is one
