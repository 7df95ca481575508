"""The served rows on disk, indexed by board, so a structured answer needs neither Chroma nor torch, and neither an
ingest nor a reader ever holds every row in memory.

One SQLite file (stdlib `sqlite3`) per generation: the rows, indexed by board (source, benchmark, snapshot,
category) and by model, plus what a reader loads whole at start (one line per board, one per model name, the
first-seen fallback dates) and the manifest. A reader loads those summaries and reads a board's rows only when an
answer needs that board: a million-row upload costs the bot its boards' summaries, not a million objects.

The summaries are also kept per file (`file_boards`, `file_models`), written with the rows and recorded against
each file's content version (`summarized`): when some files are served under another source (uploads not promoted,
gapbot/uploaded.py), a reader combines those few thousand lines instead of grouping every row again (a million-row
upload: seconds per load otherwise). A store without them, or whose versions do not match its manifest, is read
the old way, from its rows.

Embedded mode: each generation folder holds its own copy, built beside the new Chroma (rows stream in while files
are parsed, unchanged files' rows are copied from the served copy in SQL) and made durable before the pointer
switch (gapbot/generations.py). Server mode: one copy in the data folder, written after the switch and keyed by
generation; readers use it only when its generation is the one the server serves. Readers open a copy read-only
and immutable: nothing of a served generation is ever written again.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import fields
from operator import attrgetter
from pathlib import Path

from gapbot import generations
from gapbot.models import Manifest, ScoreRow

FILENAME = "rows.sqlite3"
LEGACY = "served.jsonl"  # the whole-file JSON lines copy of earlier versions: removed with their generations
_FIELDS = [f.name for f in fields(ScoreRow)]
_SCHEMA = 2  # a copy written by another layout is ignored (Chroma, or a rebuild, is the source of truth)
_BOARD = ("source", "benchmark", "snapshot", "category")
_COLS = ", ".join(_FIELDS)
_VALUES = attrgetter(*_FIELDS)  # a row's fields as one tuple, in C: no per-field Python work per row
# Appending the first n fields (the rest stored as NULL): a parser whose rows have no interval or cost leaves the
# last four out, and binding four NULLs a row was a third of the insert's time.
_MIN_WIDTH = _FIELDS.index("file") + 1
_INSERTS = {n: f"INSERT INTO rows ({', '.join(_FIELDS[:n])}) VALUES ({', '.join('?' * n)})"
            for n in range(_MIN_WIDTH, len(_FIELDS) + 1)}
_DEFAULTS = [f.default for f in fields(ScoreRow)]
_OPEN, _FIRST_SEEN, _SOURCE, _BENCHMARK, _MODEL = map(_FIELDS.index, ("open_weights", "first_seen", "source",
                                                                      "benchmark", "model"))
# Rows of uploads not promoted are served under 'upload-<source>' (gapbot/uploaded.py); which files those are is
# read at every load, so the renaming happens as rows are read, never in the stored rows.
_RENAMED = "(file IN temp.renamed AND source != 'upload' AND substr(source, 1, 7) != 'upload-')"
_SERVED_SOURCE = f"CASE WHEN {_RENAMED} THEN 'upload-' || source ELSE source END"
_SUMMARY_TABLES = {"summarized", "file_boards", "file_models"}  # per-file summaries, as this version writes them


def _boards_sql(source: str, into: str) -> list[str]:
    """Per board: rows, distinct models and whether both sides are scored (what choosing a board reads), from the
    rows (a store written without per-file summaries)."""
    return [f"CREATE TABLE {into} AS SELECT {source} AS source, benchmark, snapshot, category, count(*) AS n_rows, "
            "count(DISTINCT model) AS n_models, max(open_weights IS 1) AS has_open, max(open_weights IS 0) AS "
            "has_closed FROM rows GROUP BY 1, benchmark, snapshot, category"]


def _file_summaries_sql() -> list[str]:
    """Per file, what `_boards_sql` and `_first_seen_sql` compute per board and per model (written at ingest).
    Boards are grouped on the board index (no sort of every row); the few boards that several files share are then
    split by file with indexed look-ups, so a file's line holds its own distinct models."""
    return ["CREATE TEMP TABLE bf AS SELECT source, benchmark, snapshot, category, min(file) AS file, "
            "max(file) AS last, count(*) AS n_rows, count(DISTINCT model) AS n_models, max(open_weights IS 1) AS "
            "has_open, max(open_weights IS 0) AS has_closed FROM rows GROUP BY source, benchmark, snapshot, category",
            "CREATE TABLE file_boards AS SELECT file, source, benchmark, snapshot, category, n_rows, n_models, "
            "has_open, has_closed FROM temp.bf WHERE file IS last",
            "INSERT INTO file_boards SELECT r.file, r.source, r.benchmark, r.snapshot, r.category, count(*), "
            "count(DISTINCT r.model), max(r.open_weights IS 1), max(r.open_weights IS 0) FROM temp.bf b "
            "JOIN rows r ON r.source = b.source AND r.benchmark = b.benchmark AND r.snapshot = b.snapshot "
            "AND r.category = b.category WHERE b.file IS NOT b.last "
            "GROUP BY r.file, r.source, r.benchmark, r.snapshot, r.category",
            "DROP TABLE temp.bf",
            _file_models_sql("file_models")]


def _file_models_sql(into: str) -> str:
    """Per file and model of a leaderboard: its earliest snapshot (what first-seen dates are made of), and the
    dates autocomplete ranks names by (gapbot.suggest.newest_dates): its newest release date, its newest first-seen
    date on rows without one, and on rows with neither (`undated`: a first-seen date may be filled in as served)
    the earliest snapshot."""
    release, seen = "coalesce(release_date, '')", "coalesce(first_seen, '')"
    return (f"CREATE TABLE {into} AS SELECT file, source, benchmark, model, "
            "min(CASE WHEN snapshot != '' THEN snapshot END) AS snapshot, "
            f"max(CASE WHEN {release} != '' THEN release_date END) AS released, "
            f"max(CASE WHEN {release} = '' AND {seen} != '' THEN first_seen END) AS listed, "
            f"max({release} = '' AND {seen} = '') AS undated, "
            f"min(CASE WHEN {release} = '' AND {seen} = '' AND snapshot != '' THEN snapshot END) AS undated_snapshot "
            "FROM rows GROUP BY file, source, benchmark, model")


def _combined_boards_sql(source: str, into: str) -> list[str]:
    """`_boards_sql` from the per-file summaries: sums and maxima add up across files; distinct models do only
    within one file, so a board that several files give (rare: one file per snapshot is the rule) counts its
    models in its rows, through the board index."""
    name = into.rpartition(".")[2]  # how the UPDATE's subquery names the outer table
    # Unqualified names in the subquery are the rows' own (SQLite resolves the innermost table first).
    return [f"CREATE TABLE {into} AS SELECT {source} AS source, benchmark, snapshot, category, sum(n_rows) AS "
            "n_rows, CASE count(*) WHEN 1 THEN max(n_models) END AS n_models, max(has_open) AS has_open, "
            "max(has_closed) AS has_closed FROM file_boards GROUP BY 1, benchmark, snapshot, category "
            "ORDER BY 1, benchmark, snapshot, category",
            f"UPDATE {into} SET n_models = (SELECT count(DISTINCT model) FROM rows WHERE rows.source IN "
            f"({name}.source, substr({name}.source, 8)) AND rows.benchmark = {name}.benchmark AND rows.snapshot = "
            f"{name}.snapshot AND rows.category = {name}.category AND {source} = {name}.source) "
            "WHERE n_models IS NULL"]


def _family_sql(source: str) -> str:
    return f"CASE WHEN instr({source}, '-') THEN substr({source}, 1, instr({source}, '-') - 1) ELSE {source} END"


def _first_seen_sql(source: str, into: str, table: str = "rows") -> list[str]:
    """The documented fallback for a time gap: the earliest snapshot of a leaderboard family listing the model,
    unless that is the leaderboard's own first snapshot (see `RowStore.first_seen`). From the rows, or from the
    per-file earliest snapshots (`file_models`: the earliest of the earliest is the same date)."""
    fam = _family_sql(source)
    return ["DROP TABLE IF EXISTS temp.seen",
            f"CREATE TEMP TABLE seen AS SELECT {fam} AS family, benchmark, model, min(snapshot) AS snapshot "
            f"FROM {table} WHERE snapshot != '' GROUP BY 1, benchmark, model",
            f"CREATE TABLE {into} AS SELECT s.* FROM temp.seen s JOIN (SELECT family, benchmark, min(snapshot) AS "
            "start FROM temp.seen GROUP BY family, benchmark) b USING (family, benchmark) WHERE s.snapshot != b.start",
            "DROP TABLE temp.seen"]


def _bool(v: int | None) -> bool | None:
    return None if v is None else bool(v)


def _row(values: tuple, fill: dict[tuple[str, str, str], str] | None = None) -> ScoreRow:
    """A stored row (fields in ScoreRow's order; a store of an older version may lack the last ones) as a ScoreRow,
    its first-seen date filled from `fill` where it has none (see `first_seen`). Filled before the row is made:
    `dataclasses.replace` on every other row cost a cold answer ~5–15 ms."""
    r = [*values, *_DEFAULTS[len(values):]]
    r[_OPEN] = _bool(r[_OPEN])  # SQLite has no booleans
    if fill and not r[_FIRST_SEEN]:
        r[_FIRST_SEEN] = fill.get((family(r[_SOURCE]), r[_BENCHMARK], r[_MODEL]), "")
    return ScoreRow(*r)


def family(source: str) -> str:
    """'livebench-curated' -> 'livebench': a curated snapshot belongs to its leaderboard's family."""
    return source.split("-", 1)[0]


class Writer:
    """A row store being built: rows go to disk as they come (a file's rows in chunks, never a list of all of them),
    and `finish` indexes it and makes it durable under its final name. `folder=None`: in memory (a server's rows
    read back from Chroma when no local copy matches)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = Path(folder) if folder is not None else None
        if self.folder is None:
            self._tmp = ":memory:"
        else:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, self._tmp = tempfile.mkstemp(dir=self.folder, prefix=".rows-", suffix=".sqlite3")
            os.close(fd)
        self.con = sqlite3.connect(self._tmp, check_same_thread=False, isolation_level=None)
        # Not served until `finish` renames it, and a crash leaves only an unnamed file the next run deletes: no
        # journal needed, and the file is fsync'd once at the end instead of at every commit.
        self.con.execute("PRAGMA journal_mode=OFF")
        self.con.execute("PRAGMA synchronous=OFF")
        # Index builds sort a million rows: a larger page cache keeps them off temporary files (~8 MB, not 2).
        self.con.execute("PRAGMA cache_size=-8000")
        # seq (file order) is the rowid: numbered by SQLite as rows are appended, and `seq > ?` is a seek.
        self.con.execute(f"CREATE TABLE rows (seq INTEGER PRIMARY KEY, {_COLS})")
        self.con.execute("BEGIN")

    def add(self, rows: Iterable[ScoreRow]) -> int:
        """Append rows (of one file, in file order); returns how many."""
        return self.add_values(map(_VALUES, rows))

    def add_values(self, values: Iterable[tuple]) -> int:
        """Append rows given as ScoreRow's field values in order, each a tuple of its first n fields, n at least up
        to `file` (the fields after it default to None: stored as NULL); returns how many."""
        values = values if isinstance(values, list) else list(values)
        widths = set(map(len, values))
        if not widths:
            return 0
        width = widths.pop()
        if widths or not _MIN_WIDTH <= width <= len(_FIELDS):  # mixed, or short of a field with another default
            values, width = [_VALUES(ScoreRow(*v)) for v in values], len(_FIELDS)
        before = self.con.total_changes
        self.con.executemany(_INSERTS[width], values)
        return self.con.total_changes - before

    def drop_file(self, file_id: str) -> None:
        """Forget the rows a file gave before it was rejected part-way (a row limit, a time limit)."""
        self.con.execute("DELETE FROM rows WHERE file = ?", (file_id,))

    def copy_files(self, source: Path, file_ids: Iterable[str]) -> None:
        """The rows of these files as a served row store holds them: copied in SQL, never as Python objects."""
        wanted = list(file_ids)
        if not wanted:
            return
        self.con.execute("COMMIT")  # ATTACH is refused inside a transaction
        self.con.execute("ATTACH DATABASE ? AS base", (_uri(source),))
        try:
            self.con.execute("BEGIN")
            self.con.execute("CREATE TEMP TABLE wanted (file TEXT PRIMARY KEY)")
            self.con.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", ((f,) for f in wanted))
            cols = ", ".join(_written_fields(self.con, "base.meta"))  # an older copy may lack newer fields
            (offset,) = self.con.execute("SELECT coalesce(max(seq), 0) FROM rows").fetchone()
            self.con.execute(f"INSERT INTO rows (seq, {cols}) SELECT seq + {offset}, {cols} FROM base.rows "
                             "WHERE file IN (SELECT file FROM wanted) ORDER BY file, seq")
            self.con.execute("DROP TABLE wanted")
            self.con.execute("COMMIT")
        finally:
            self.con.execute("DETACH DATABASE base")
        self.con.execute("BEGIN")

    def finish(self, manifest: Manifest) -> Path | RowStore:
        """Index by board and by model, write the summaries a reader loads and the manifest, then (on disk) flush
        and rename to `rows.sqlite3`. Returns the path, or for an in-memory store the store itself."""
        c = self.con
        c.execute(f"CREATE INDEX rows_board ON rows ({', '.join(_BOARD)})")
        # By model, covering what the names table groups: that table is then read off the index (0.3 s for a
        # million rows) instead of sorting every row (4.7 s), for ~1 s more to build the index.
        c.execute("CREATE INDEX rows_model ON rows (model, display_name, source_key, organization, seq)")
        c.execute("CREATE TEMP TABLE IF NOT EXISTS renamed (file TEXT PRIMARY KEY)")  # none renamed when written
        for sql in (_file_summaries_sql() + _combined_boards_sql("source", "boards")
                    + _first_seen_sql("source", "first_seen", "file_models")):
            c.execute(sql)
        # Which version of each file the summaries describe: a reader uses them only for the versions it serves.
        c.execute("CREATE TABLE summarized (file TEXT PRIMARY KEY, ver TEXT)")
        c.executemany("INSERT INTO summarized VALUES (?, ?)",
                      ((f, _version(meta)) for f, meta in manifest.files.items()))
        # Model names and aliases, first occurrence first (the index keeps the first display name of a model).
        c.execute("CREATE TABLE names AS SELECT model, display_name, source_key, organization FROM rows "
                  "GROUP BY model, display_name, source_key, organization ORDER BY min(seq)")
        head = {"schema": _SCHEMA, "fields": _FIELDS, "generation": manifest.generation,
                "refreshed_at": manifest.refreshed_at, "embedding_model": manifest.embedding_model,
                "files": manifest.files}
        c.execute("CREATE TABLE meta (head TEXT)")
        c.execute("INSERT INTO meta VALUES (?)", (json.dumps(head),))
        c.execute("COMMIT")
        if self.folder is None:
            return RowStore(c, manifest)
        c.close()
        with open(self._tmp, "rb") as fh:  # durable before it is named: a switch never points at the page cache
            os.fsync(fh.fileno())
        final = self.folder / FILENAME
        os.replace(self._tmp, final)
        return final

    def abort(self) -> None:
        try:
            self.con.close()
        finally:
            if self._tmp != ":memory:":
                Path(self._tmp).unlink(missing_ok=True)


def _written_fields(con: sqlite3.Connection, table: str) -> list[str]:
    """The row fields a store was written with. Fields are only ever appended to ScoreRow (with defaults), so a
    store written by an older version still reads, its rows without the newer fields; any other layout is refused."""
    (raw,) = con.execute(f"SELECT head FROM {table}").fetchone()
    head = json.loads(raw)
    written = head.get("fields") if isinstance(head, dict) else None
    if head.get("schema") != _SCHEMA or not isinstance(written, list) or not written \
            or written != _FIELDS[:len(written)]:
        raise ValueError("a row store of another layout")
    return written


def _version(meta: dict) -> str:
    """A manifest entry's content version (ingest writes 'ver'; older manifests and tests 'hash')."""
    return str(meta.get("ver") or meta.get("hash") or "")


def _summaries_match(con: sqlite3.Connection, manifest: Manifest) -> bool:
    """Whether the store's per-file summaries describe exactly the file versions its manifest serves."""
    try:
        got = dict(con.execute("SELECT file, ver FROM summarized").fetchall())
        tables = {n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error:  # written before per-file summaries
        return False
    if not _SUMMARY_TABLES.issubset(tables):  # an earlier layout of them
        return False
    return got == {f: _version(meta) for f, meta in manifest.files.items()}


def _uri(path: Path) -> str:
    # immutable: no locks, no journal, nothing written; a served copy is never changed once named.
    return f"file:{Path(path).resolve()}?mode=ro&immutable=1"


class RowStore:
    """A finished row store opened for reading: summaries at once, a board's rows on demand (the most recently
    used boards kept, up to CACHED_ROWS rows). One connection, shared by the engine's worker threads under a lock."""

    CACHED_ROWS = 50_000  # rows of recently used boards kept in memory (~25 MB), whatever the size of the data

    def __init__(self, con: sqlite3.Connection, manifest: Manifest, written: list[str] = _FIELDS) -> None:
        self.con = con
        self._cols = ", ".join(written)
        self.manifest = manifest
        self._lock = threading.Lock()
        self._boards: OrderedDict[tuple, list[ScoreRow]] = OrderedDict()
        self._cached = 0
        self._fill: dict[tuple[str, str, str], str] | None = None
        self._renamed = False  # whether some files' rows are served in the upload family
        self.summarized = _summaries_match(con, manifest)  # per-file summaries to combine, instead of every row
        self._from_rows = not self.summarized  # summaries recomputed from the rows (a store without per-file ones)
        con.execute("CREATE TEMP TABLE IF NOT EXISTS renamed (file TEXT PRIMARY KEY)")

    @classmethod
    def open(cls, folder: Path) -> RowStore | None:
        """The store in this folder, checked: every served file's row count must add up. None when there is none,
        or it is unreadable, of another layout or incomplete (a reader then goes to Chroma, an ingest rebuilds)."""
        path = Path(folder) / FILENAME
        if not path.is_file():
            return None
        try:
            con = sqlite3.connect(_uri(path), uri=True, check_same_thread=False)
        except sqlite3.Error:
            return None
        try:
            written = _written_fields(con, "meta")
            (raw,) = con.execute("SELECT head FROM meta").fetchone()
            head = json.loads(raw)
            manifest = Manifest(generation=head["generation"], files=head["files"],
                                refreshed_at=head.get("refreshed_at", ""),
                                embedding_model=head.get("embedding_model", ""))
            expected = expected_rows(manifest)
            stored = con.execute("SELECT count(*) FROM rows").fetchone()[0]
        except (sqlite3.Error, ValueError, TypeError, KeyError):
            con.close()
            return None
        if expected is not None and stored != expected:
            con.close()
            return None
        return cls(con, manifest, written)

    def check(self) -> str:
        """'' when SQLite finds the file intact (an ingest's check of what is served)."""
        try:
            with self._lock:
                ok = self.con.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.Error as exc:
            return str(exc)
        return "" if ok == "ok" else ok

    def close(self) -> None:
        self.con.close()

    def serve_as_uploads(self, file_ids: Iterable[str], from_rows: bool = False) -> None:
        """Serve these files' rows in the upload family ('upload-<source>', gapbot/uploaded.py). With any, the
        summaries are recombined from the per-file ones (or, for a store without them or with `from_rows`, recomputed
        from every row: a scan) instead of read as stored."""
        files = sorted(set(file_ids))
        self._from_rows = from_rows or not self.summarized
        summaries = not self._from_rows
        with self._lock:
            c = self.con
            c.execute("DELETE FROM temp.renamed")
            c.executemany("INSERT INTO temp.renamed VALUES (?)", ((f,) for f in files))
            c.execute("DROP TABLE IF EXISTS temp.served_boards")
            c.execute("DROP TABLE IF EXISTS temp.served_first_seen")
            table = "file_boards" if summaries else "rows"
            self._renamed = bool(files) and c.execute(f"SELECT 1 FROM {table} WHERE {_RENAMED} LIMIT 1") \
                .fetchone() is not None
            if not self._renamed:
                sqls = []
            elif summaries:
                sqls = (_combined_boards_sql(_SERVED_SOURCE, "temp.served_boards")
                        + _first_seen_sql(_SERVED_SOURCE, "temp.served_first_seen", "file_models"))
            else:
                sqls = (_boards_sql(_SERVED_SOURCE, "temp.served_boards")
                        + _first_seen_sql(_SERVED_SOURCE, "temp.served_first_seen"))
            for sql in sqls:
                c.execute(sql)
            self._boards.clear()
            self._cached = 0
            self._fill = None

    def _query(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            return self.con.execute(sql, args).fetchall()

    # -- summaries, loaded whole by a reader ---------------------------------------------------------------------
    def boards(self) -> list[tuple[tuple[str, str, str, str], int, int, bool, bool]]:
        """(board key, rows, models, scores open models, scores proprietary ones) per board."""
        return [((s, b, d, c), n, m, bool(o), bool(p))
                for s, b, d, c, n, m, o, p in self._query(
                    f"SELECT * FROM {'temp.served_boards' if self._renamed else 'boards'}")]

    def names(self) -> list[tuple[str, str, str, str]]:
        """(model, display name, source key, organization), first occurrence first."""
        return self._query("SELECT * FROM names")

    def row_count(self) -> int:
        return self._query("SELECT count(*) FROM rows")[0][0]

    def unknown_status_models(self) -> int:
        """How many models neither the registry nor their source calls open or proprietary."""
        return self._query("SELECT count(DISTINCT model) FROM rows WHERE open_weights IS NULL")[0][0]

    def file_boards(self, file_id: str) -> list[tuple[str, str, str, int]]:
        """(benchmark, category, snapshot, rows) of each board one file added, from its summary (else in SQL over
        its rows: a scan of every row, ~3 s for a million): a big upload is never read into memory to describe it."""
        table = "rows" if self._from_rows else "file_boards"
        rows = "count(*)" if self._from_rows else "sum(n_rows)"
        return self._query(f"SELECT benchmark, category, snapshot, {rows} FROM {table} WHERE file = ? "
                           "GROUP BY benchmark, category, snapshot ORDER BY benchmark, category, snapshot", (file_id,))

    def first_seen(self) -> dict[tuple[str, str, str], str]:
        """(family, benchmark, model) -> the earliest snapshot of that leaderboard listing the model: a row read
        without a first-seen date gets it, the date time gaps compare when release dates are missing on a side. A
        model already on the leaderboard's first snapshot gets none: that says when the data starts, not when the
        model came."""
        if self._fill is None:
            table = "temp.served_first_seen" if self._renamed else "first_seen"
            self._fill = {(f, b, m): s for f, b, m, s in self._query(f"SELECT * FROM {table}")}
        return self._fill

    def model_dates(self) -> list[tuple[str, str, str | None]]:
        """(model, the newest release or first-seen date of its rows as served ('' when none), the earliest snapshot
        of its rows stored with neither (None when none; it counts only where the first is '')): what autocomplete
        ranks names by (gapbot.suggest), in SQL over the per-file summaries, never a row as an object (a
        million-row upload: ~18 s in Python)."""
        with self._lock:
            table = "file_models"
            if self._from_rows:  # no summaries to trust: made from the rows, once
                table = "temp.row_models"
                if not self.con.execute("SELECT 1 FROM temp.sqlite_master WHERE name = 'row_models'").fetchone():
                    self.con.execute(_file_models_sql(table))
            fill = "temp.served_first_seen" if self._renamed else "first_seen"
            source = _SERVED_SOURCE if self._renamed else "source"
            return self.con.execute(
                "SELECT m.model, max(max(coalesce(m.released, ''), coalesce(m.listed, ''), "
                "CASE WHEN m.undated THEN coalesce(f.snapshot, '') ELSE '' END)), "
                "min(m.undated_snapshot) "
                f"FROM {table} m LEFT JOIN {fill} f ON f.family = {_family_sql(source)} "
                "AND f.benchmark = m.benchmark AND f.model = m.model GROUP BY m.model").fetchall()

    def first_dates(self) -> dict[str, str]:
        """model -> its earliest release date on its rows, else the earliest snapshot listing it ('' when neither):
        the date a family name ("mistral large", "the latest gemini") ranks a model by when the registry has none."""
        with self._lock:
            table = "file_models"
            if self._from_rows:  # no summaries to trust: made from the rows, once (as model_dates does)
                table = "temp.row_models"
                if not self.con.execute("SELECT 1 FROM temp.sqlite_master WHERE name = 'row_models'").fetchone():
                    self.con.execute(_file_models_sql(table))
            return {m: released or listed or "" for m, released, listed in self.con.execute(
                f"SELECT model, min(released), min(snapshot) FROM {table} GROUP BY model")}

    # -- rows, read on demand -----------------------------------------------------------------------------------
    def board(self, key: tuple[str, str, str, str]) -> list[ScoreRow]:
        """One board's rows in file order (the same answer whatever order files were ingested in)."""
        with self._lock:
            hit = self._boards.get(key)
            if hit is not None:
                self._boards.move_to_end(key)
                return hit
            got = self._read_board(key)
        fill = self.first_seen()
        rows = [_row(v, fill) for v in got]
        with self._lock:
            if key not in self._boards:
                self._boards[key] = rows
                self._cached += len(rows)
            while self._cached > self.CACHED_ROWS and len(self._boards) > 1:
                self._cached -= len(self._boards.popitem(last=False)[1])
        return rows

    def _read_board(self, key: tuple[str, str, str, str]) -> list[tuple]:
        """A board's stored rows (the lock held), their source as served."""
        where = "source = ? AND benchmark = ? AND snapshot = ? AND category = ?"
        sql = f"SELECT file, seq, {self._cols} FROM rows WHERE {where}"
        if not self._renamed:
            return [v[2:] for v in self.con.execute(sql + " ORDER BY file, seq", key)]
        got = self.con.execute(f"{sql} AND NOT {_RENAMED}", key).fetchall()
        if key[0].startswith("upload-"):  # an upload's rows, stored under their own source
            got += self.con.execute(f"{sql} AND {_RENAMED}", (key[0][len("upload-"):], *key[1:])).fetchall()
        return [(key[0], *v[3:]) for v in sorted(got, key=lambda v: (v[0], v[1]))]

    def boards_with(self, model: str) -> set[tuple[str, str, str, str]]:
        source = _SERVED_SOURCE if self._renamed else "source"
        return {tuple(k) for k in self._query(f"SELECT DISTINCT {source}, benchmark, snapshot, category FROM rows "
                                               "WHERE model = ?", (model,))}

    def models_of(self, key: tuple[str, str, str, str]) -> frozenset[str]:
        return frozenset(r.model for r in self.board(key))

    def iter_rows(self, batch: int = 5000, filled: bool = True) -> Iterator[ScoreRow]:
        """Every row, a batch at a time (tools and tests; answers read boards); `filled`: first-seen dates filled
        in as a board's rows are (else as stored)."""
        last = 0
        while True:
            source = _SERVED_SOURCE if self._renamed else "source"
            got = self._query(f"SELECT seq, {source}, {self._cols.partition(', ')[2]} FROM rows WHERE seq > ? "
                              "ORDER BY seq LIMIT ?", (last, batch))
            if not got:
                return
            last = got[-1][0]
            fill = self.first_seen() if filled else {}
            yield from (_row(v[1:], fill) for v in got)


def write(folder: Path, manifest: Manifest, rows: Iterable[ScoreRow]) -> None:
    """A whole row store from rows at hand (a server's rows read back from Chroma; tests)."""
    w = Writer(folder)
    try:
        w.add(rows)
        w.finish(manifest)
    except BaseException:
        w.abort()
        raise


def in_memory(manifest: Manifest, rows: Iterable[ScoreRow]) -> RowStore:
    w = Writer(None)
    w.add(rows)
    store = w.finish(manifest)
    assert isinstance(store, RowStore)
    return store


def read(data_dir: Path) -> tuple[Manifest, list[ScoreRow]] | None:
    """Every served row: the current generation's copy when one is switched in, else the data folder's own (server
    mode). None when there is none, or it is unreadable or incomplete. Loads every row: for tools and tests."""
    gen = generations.current(Path(data_dir))
    return read_file(gen.dir if gen is not None else Path(data_dir))


def read_file(folder: Path) -> tuple[Manifest, list[ScoreRow]] | None:
    store = RowStore.open(folder)
    if store is None:
        return None
    try:
        return store.manifest, list(store.iter_rows(filled=False))
    finally:
        store.close()


def expected_rows(manifest: Manifest) -> int | None:
    """How many rows the manifest serves; None for a manifest written before files recorded their row counts."""
    if any("rows" not in f for f in manifest.files.values()):
        return None
    return sum(int(f["rows"]) for f in manifest.files.values())
