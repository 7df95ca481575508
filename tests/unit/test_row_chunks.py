"""A Chroma server's row records (gapbot/store.py): a chunk of rows read back by its fields' names."""

from __future__ import annotations

import base64
import json
import zlib
from dataclasses import astuple, fields

from gapbot.models import ScoreRow
from gapbot.store import row_chunk_metadata, rows_from_chunk

ROW = ScoreRow(source="livebench", benchmark="LiveBench", snapshot="2025-04-02", category="coding", model="m",
               display_name="M", organization="Org", open_weights=True, score=61.5)


def test_a_chunk_reads_back_the_rows_it_was_made_of() -> None:
    short = astuple(ROW)[:9]  # a parser hands on only the fields it has
    meta = row_chunk_metadata("f.csv", "v1", 0, [astuple(ROW), short])
    assert rows_from_chunk(meta) == [ROW, ScoreRow(*short)]


def test_a_chunk_is_read_by_its_fields_names_not_their_order() -> None:
    """A record a server kept from an older version whose ScoreRow had its fields in another order."""
    meta = row_chunk_metadata("f.csv", "v1", 0, [astuple(ROW)[:9]])
    names = meta["fields"].split(",")
    assert names == [f.name for f in fields(ScoreRow)][:9]
    swapped = row_chunk_metadata("f.csv", "v1", 0, [])
    order = [names[1], names[0], *names[2:]]
    values = [[getattr(ROW, n) for n in order]]
    swapped.update(fields=",".join(order), data=base64.b64encode(zlib.compress(json.dumps(values).encode())).decode())
    assert rows_from_chunk(swapped) == [ROW]
