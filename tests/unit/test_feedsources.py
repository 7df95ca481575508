"""sources.yaml's feed entries, the mirror settings and archive members (ingest/feedsources.py), without a network."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from gapbot.errors import InputFileError
from ingest import feedsources
from tests.unit.factories import write

ENTRY = """feeds:
  - name: livebench
    format: livebench
    base: https://raw.githubusercontent.com/LiveBench/new-livebench/HEAD
    index: src/lib/constants.js
    files:
      - public/table_{release}.csv
      - path: public/cost_{release}.csv
        optional: true
"""


def test_an_entry_reads_with_its_files_and_release_index(tmp_path: Path):
    [spec] = feedsources.load(write(tmp_path / "sources.yaml", ENTRY))
    assert spec.base.endswith("/HEAD/") and spec.latest == feedsources.DEFAULT_LATEST
    assert [f.path for f in spec.files] == ["public/table_{release}.csv", "public/cost_{release}.csv"]
    assert spec.files[1].optional and not spec.files[0].optional


@pytest.mark.parametrize(("change", "message"), [
    (("format: livebench", "format: parquet"), "is not one of"),
    (("    index: src/lib/constants.js\n", ""), "need an 'index'"),
    (("    base: https://raw.githubusercontent.com/LiveBench/new-livebench/HEAD\n", ""), "needs a 'base'"),
    (("    files:", "    latest: 0\n    files:"), "at least 1"),
    (("name: livebench", "name: ../etc"), "letters, digits"),
])
def test_a_malformed_entry_is_refused_naming_it(tmp_path: Path, change, message):
    path = write(tmp_path / "sources.yaml", ENTRY.replace(*change))
    with pytest.raises(InputFileError, match=message):
        feedsources.load(path)


def test_two_feeds_of_one_name_are_refused(tmp_path: Path):
    with pytest.raises(InputFileError, match="second feed"):
        feedsources.load(write(tmp_path / "sources.yaml", ENTRY + ENTRY.removeprefix("feeds:\n")))


def test_a_mirror_for_every_feed_or_one_at_a_time():
    overrides = feedsources.parse_base_overrides("http://mirror:8000", "aider=http://other/aider")
    spec = feedsources.FeedSpec("livebench", "livebench", "https://x/", ())
    assert feedsources.base_of(spec, overrides) == "http://mirror:8000/livebench/"
    aider = feedsources.FeedSpec("aider", "aider", "https://y/", ())
    assert feedsources.base_of(aider, overrides) == "http://other/aider/"
    assert feedsources.base_of(aider, {}) == "https://y/"


def test_feed_paths_stay_inside_the_feed_folder(tmp_path: Path):
    assert feedsources._local(tmp_path, "aider/website/_data/x.yml", "") == tmp_path / "aider/website/_data/x.yml"
    for bad in ("../secrets.csv", "public/.hidden.csv"):
        with pytest.raises(InputFileError, match="plain names"):
            feedsources._local(tmp_path, bad, "")


def test_an_archive_member_over_the_limit_is_refused_before_it_is_inflated(tmp_path: Path):
    archive = tmp_path / "benchmark_data.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("epoch_capabilities_index.csv", "Model version,ECI Score\n" + "m,100\n" * 200_000)
    with pytest.raises(InputFileError, match="bytes unpacked, over"):
        feedsources._extract(archive, ("*epoch_capabilities_index*.csv",), 100_000, "https://epoch.ai/data/x.zip")
    assert not (tmp_path / "benchmark_data").exists()


def test_the_current_epoch_capabilities_index_file_reads_with_its_interval(tmp_path: Path):
    """benchmark_data.zip's epoch_capabilities_index/eci_scores.csv, the layout since Sep 2026."""
    from ingest.formats import epoch
    from tests.unit.factories import context

    path = write(tmp_path / "eci_scores.csv", "Model,Display name,eci,eci_ci_low,eci_ci_high,date,Organization,"
                 "Country (of organization),Model accessibility,Accessibility group,model_versions\n"
                 "Closed One,Closed One,160.5,158.0,163.2,2026-06-09,Lab,USA,API access,Closed weights,\n"
                 "Open One,Open One,152.25,149.9,155.0,2026-07-01,Org,China,Open weights (unrestricted),"
                 "Open weights,\n")
    rows = {r.model: r for r in epoch.parse(path, context()).rows}
    assert rows["Closed One"].open_weights is False and rows["Open One"].open_weights is True
    assert (rows["Open One"].score, rows["Open One"].score_low, rows["Open One"].score_high) == (152.25, 149.9, 155.0)
    assert {r.snapshot for r in rows.values()} == {"2026-07-01"}
