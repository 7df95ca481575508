"""Settings' paths never depend on the current folder; ingest refuses to run without a registry; every skipped file
is listed with its reason and documentation files are counted, not listed."""

from __future__ import annotations

from pathlib import Path

import pytest

from gapbot.errors import ConfigError
from gapbot.settings import PROJECT, Settings
from ingest.discover import discover
from ingest.pipeline import IngestReport, run_ingest
from ingest.report import format_report


def _settings(**values) -> Settings:
    return Settings(_env_file=None, **values)


def test_defaults_are_relative_to_the_project_not_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    s = _settings()
    assert s.data_dir == PROJECT / "data" and s.corpus_dir == PROJECT / "corpus"
    assert s.registry_path == PROJECT / "corpus" / "registry.yaml"


def test_registry_is_the_configured_one_else_the_corpus_folders_else_the_projects(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    assert _settings(GAPBOT_CORPUS_DIR=str(corpus)).registry_path == PROJECT / "corpus" / "registry.yaml"
    (corpus / "registry.yaml").write_text("models: []\n")
    assert _settings(GAPBOT_CORPUS_DIR=str(corpus)).registry_path == corpus / "registry.yaml"
    mine = tmp_path / "mine.yaml"
    assert _settings(GAPBOT_CORPUS_DIR=str(corpus), GAPBOT_REGISTRY=str(mine)).registry_path == mine


def test_ingest_without_a_registry_fails_naming_where_it_looked(tmp_path):
    missing = tmp_path / "nowhere" / "registry.yaml"
    s = _settings(GAPBOT_DATA_DIR=str(tmp_path / "data"), GAPBOT_REGISTRY=str(missing))
    with pytest.raises(ConfigError, match="no model registry at .*nowhere/registry.yaml.*GAPBOT_REGISTRY"):
        run_ingest(s, [tmp_path], feeds=False)
    assert not (tmp_path / "data").exists()  # refused before anything was touched


def test_documentation_is_counted_not_listed_and_other_skips_keep_their_reason(tmp_path):
    (tmp_path / "README.md").write_text("# About this data\n")
    (tmp_path / "LICENSE").write_text("CC BY 4.0\n")
    (tmp_path / "CHANGELOG.txt").write_text("v2\n")
    (tmp_path / "odd.csv").write_text("a,b\n1,2\n")
    (tmp_path / "script.js").write_text("var x = 1;\n")
    d = discover([tmp_path])
    assert sorted(Path(p).name for p in d.docs) == ["CHANGELOG.txt", "LICENSE", "README.md"]
    assert not d.items
    reasons = {Path(p).name: why for p, why in d.skipped}
    assert set(reasons) == {"odd.csv", "script.js"}
    assert "not recognised" in reasons["odd.csv"] and "unknown file type '.js'" in reasons["script.js"]

    text = format_report(IngestReport(skipped=d.skipped, docs_skipped=len(d.docs)))
    assert "2 files skipped:" in text
    assert "1 × unknown file type '.js': script.js" in text
    assert "3 documentation files (README, LICENSE, CHANGELOG…) not ingested." in text
