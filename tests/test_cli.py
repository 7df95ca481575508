"""The CLI edge: clear messages and exit codes for the situations a new user meets first."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import REPO, free_port


def gapbot(*args: str, env: dict | None = None, cwd=None) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GAPBOT_", "CHROMA_", "DISCORD_"))}
    return subprocess.run([sys.executable, "-m", "gapbot_cli", *args], capture_output=True, text=True,
                          env={**base, "PYTHONPATH": str(REPO), **(env or {})}, cwd=cwd or REPO, timeout=180)


def test_help_lists_the_subcommands():
    out = gapbot("--help")
    assert out.returncode == 0
    for sub in ("ingest", "ask", "sources", "chart", "demo", "run"):
        assert sub in out.stdout


def test_ask_before_any_ingest_says_what_to_do(tmp_path):
    out = gapbot("ask", "how far behind is the best open model on coding?",
                 env={"GAPBOT_DATA_DIR": str(tmp_path / "empty")})
    assert out.returncode == 0
    assert "gapbot ingest" in out.stdout


def test_ask_json_out_of_scope(tmp_path):
    out = gapbot("ask", "--json", "what's the weather?", env={"GAPBOT_DATA_DIR": str(tmp_path / "empty")})
    obj = json.loads(out.stdout)
    assert obj["intent"] == "out_of_scope" and obj["category"] is None and obj["citations"] == []


def test_unreachable_chroma_server_is_exit_3(tmp_path):
    port = free_port()
    out = gapbot("ingest", "--no-feeds", str(REPO / "corpus" / "snapshots"),
                 env={"GAPBOT_DATA_DIR": str(tmp_path / "d"), "CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(port)})
    assert out.returncode == 3, out.stderr
    assert f"127.0.0.1:{port}" in out.stderr and "Traceback" not in out.stderr


def test_run_without_token_names_the_variable(tmp_path):
    out = gapbot("run", env={"GAPBOT_DATA_DIR": str(tmp_path / "d")}, cwd=tmp_path)
    assert out.returncode == 2
    assert "DISCORD_TOKEN" in out.stderr and "Traceback" not in out.stderr


def test_missing_path_is_reported(tmp_path):
    out = gapbot("ingest", "--no-feeds", str(tmp_path / "nope"), env={"GAPBOT_DATA_DIR": str(tmp_path / "d")})
    assert out.returncode == 1
    assert "no such file or folder" in out.stdout


def test_invalid_setting_is_a_configuration_error(tmp_path):
    out = gapbot("ask", "gap", env={"GAPBOT_DATA_DIR": str(tmp_path), "CHROMA_PORT": "not-a-port"})
    assert out.returncode == 2 and "CHROMA_PORT" in out.stderr


def test_chart_writes_the_trend_and_frontier_pngs(tmp_path):
    """`gapbot chart` on the shipped snapshots: the same charts the bot attaches, as files, with the headline."""
    from PIL import Image

    env = {"GAPBOT_DATA_DIR": str(tmp_path / "d")}
    assert gapbot("ingest", "--no-feeds", "-q", str(REPO / "corpus" / "snapshots"), env=env).returncode == 0
    for kind, category in (("trend", "coding"), ("frontier", "maths")):
        png = tmp_path / f"{kind}.png"
        out = gapbot("chart", kind, category, "-o", str(png), env=env)
        assert out.returncode == 0, out.stderr
        assert out.stdout.startswith(("Coding on ", "Math on ")) and f"chart: {png}" in out.stdout
        with Image.open(png) as im:
            assert im.format == "PNG" and im.size == (960, 640)
    bad = gapbot("chart", "trend", "cooking", "-o", str(tmp_path / "x.png"), env=env)
    assert bad.returncode == 2 and "unknown category 'cooking'" in bad.stderr and not (tmp_path / "x.png").exists()


def test_chat_follows_up_on_the_last_answer(tmp_path):
    """`gapbot chat`: each line follows up on the last question answered (as in a Discord thread), chatter in
    between does not lose the subject, and an empty line ends it."""
    env = {"GAPBOT_DATA_DIR": str(tmp_path / "d")}
    assert gapbot("ingest", "--no-feeds", "-q", str(REPO / "corpus" / "snapshots"), env=env).returncode == 0
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GAPBOT_", "CHROMA_", "DISCORD_"))}
    lines = ["how far behind is the best open model on coding?", "thanks!", "and on math?", "", "is it shrinking?"]
    out = subprocess.run([sys.executable, "-m", "gapbot_cli", "chat", "--json"], input="\n".join(lines) + "\n",
                         capture_output=True, text=True, env={**base, "PYTHONPATH": str(REPO), **env}, cwd=REPO,
                         timeout=180)
    assert out.returncode == 0, out.stderr
    answers = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(answers) == 3  # the empty line ends the chat
    assert (answers[0]["intent"], answers[0]["category"]) == ("gap", "coding")
    assert answers[1]["intent"] == "out_of_scope"
    assert (answers[2]["intent"], answers[2]["category"]) == ("gap", "math")  # the subject survived the thanks


def test_chat_answers_a_reading_picked_by_its_number(tmp_path, monkeypatch, capsys):
    """After "which of these do you mean", a bare number answers that reading; a number with nothing asked back is
    a question like any other. The intent model is a toy unsure between a best-of and a comparison, so that the
    ask-back does not depend on the shipped model's leanings."""
    import io

    from gapbot import intent_model
    from gapbot.embeddings import HashEmbedder
    from gapbot.question import INTENTS
    from gapbot_cli import _chat
    from ingest.pipeline import run_ingest

    from conftest import make_settings

    settings = make_settings(tmp_path / "d")
    assert not run_ingest(settings, [REPO / "corpus" / "snapshots"], embedder=HashEmbedder(), feeds=False).rejected
    unsure = intent_model.IntentModel({"classes": list(INTENTS), "weights": {}, "threshold": 0.6,
                                       "bias": [{"best": 0.3, "compare": 0.2}.get(c, -3.0) for c in INTENTS]})
    monkeypatch.setattr(intent_model, "load", lambda path=None: unsure)
    assert _chat(settings, io.StringIO("qwen or deepseek for reasoning\n2\n"), True) == 0
    asked, picked = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert asked["choices"][:2] == ["best", "compare"] and not asked["leaders"]
    assert picked["intent"] == "compare" and picked["category"] == "reasoning" and picked["models"]
