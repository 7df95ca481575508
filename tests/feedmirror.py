"""A local mirror of the publishers' feeds, built from ../shared/leaderboards in each publisher's own layout (paths
as in their repositories), served on 127.0.0.1 with ETag / Last-Modified, and able to misbehave on purpose: a 500,
a hang, an HTML error page, an oversize body, a changed layout."""

from __future__ import annotations

import hashlib
import http.server
import shutil
import threading
import time
import zipfile
from email.utils import formatdate
from pathlib import Path

from conftest import LEADERBOARDS

LB_OLD = LEADERBOARDS / "livebench"
LB_LIVE = LEADERBOARDS / "livebench-live"
OLD_RELEASES = ["2024-06-24", "2024-07-26", "2024-08-31", "2024-11-25", "2025-04-02", "2025-04-25", "2025-05-30",
                "2025-11-25", "2025-12-23", "2026-01-08"]
NEW_RELEASE = "2026-06-25"


def constants_js(releases: list[str]) -> str:
    """new-livebench's src/lib/constants.js as the publisher writes it (RELEASES, then unrelated code)."""
    listed = ", ".join(f'"{r}"' for r in releases)
    return ("// Release dates that have a published table_<date>.csv (+ categories, + optional cost).\n"
            f"export const RELEASES = [\n  {listed},\n];\n\nexport const orgColor = (org) => \"#7A8AA8\";\n")


def build(root: Path, *, with_new_release: bool = False, first_published: bool = False) -> Path:
    """The mirror's folder: <root>/<feed name>/<publisher's path>, as sources.yaml's feeds expect."""
    lb = root / "livebench"
    (lb / "public").mkdir(parents=True, exist_ok=True)
    for f in LB_OLD.glob("*_20*.*"):
        if f.name.startswith(("table_", "categories_")):
            shutil.copy(f, lb / "public" / f.name)
    (lb / "src" / "Table").mkdir(parents=True, exist_ok=True)
    shutil.copy(LB_LIVE / "src" / "Table" / "modelLinks.js", lb / "src" / "Table" / "modelLinks.js")
    set_livebench(root, with_new_release=with_new_release, first_published=first_published)
    aider = root / "aider" / "aider" / "website" / "_data"
    aider.mkdir(parents=True, exist_ok=True)
    shutil.copy(LEADERBOARDS / "aider" / "polyglot_leaderboard.yml", aider / "polyglot_leaderboard.yml")
    arena = root / "lmarena" / "data"
    arena.mkdir(parents=True, exist_ok=True)
    cat = LEADERBOARDS / "lmarena" / "arena_catalog"
    shutil.copy(cat / "leaderboard-text_2025-12-11_ea8297b54.json", arena / "leaderboard-text.json")
    shutil.copy(cat / "leaderboard-text-style-control_2025-12-17_3b12b7fd9.json",
                arena / "leaderboard-text-style-control.json")
    shutil.copy(cat / "scatterplot-data_2025-12-17_a7ae8627e.json", arena / "scatterplot-data.json")
    (root / "epoch").mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(root / "epoch" / "benchmark_data.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(LEADERBOARDS / "epoch" / "benchmark-stitching" / "epoch_capabilities_index.csv",
                 "epoch_capabilities_index.csv")
        zf.writestr("README.md", "Epoch AI benchmark data (test mirror)\n")
    hub = root / "epoch-hub" / "data"
    hub.mkdir(parents=True, exist_ok=True)
    for name in ("benchmarks_runs.csv", "model_versions.csv"):
        shutil.copy(LEADERBOARDS / "epoch" / "benchmark-stitching" / name, hub / name)
    swe = root / "swe-bench" / "data"
    swe.mkdir(parents=True, exist_ok=True)
    shutil.copy(LEADERBOARDS / "swe-bench" / "leaderboards_2025-11-18_bdcd3dd.json", swe / "leaderboards.json")
    return root


def set_livebench(root: Path, *, with_new_release: bool, first_published: bool = False) -> None:
    """The publisher's state: the release list, and the 2026-06-25 files as first published (11 models, the
    history/ copy) or as they stand (46 models, public/)."""
    lb = root / "livebench"
    releases = OLD_RELEASES + ([NEW_RELEASE] if with_new_release else [])
    (lb / "src" / "lib").mkdir(parents=True, exist_ok=True)
    (lb / "src" / "lib" / "constants.js").write_text(constants_js(releases))
    d = NEW_RELEASE.replace("-", "_")
    src = LB_LIVE / "history" / "553e0cf" / "public" if first_published else LB_LIVE / "public"
    for name in (f"table_{d}.csv", f"categories_{d}.json", f"cost_{d}.csv"):
        target = lb / "public" / name
        if with_new_release and (src / name).exists():
            shutil.copy(src / name, target)
        elif not with_new_release:
            target.unlink(missing_ok=True)


class Mirror(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path) -> None:
        self.root = root
        self.faults: dict[str, str] = {}  # path prefix -> "500" | "hang" | "html" | "big" | "no-validators"
        self.requests: list[tuple[str, int]] = []  # (path, status) of every request
        super().__init__(("127.0.0.1", 0), _Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request, client_address):  # a client that gave up on a hang is not an error
        pass

    def fault_for(self, path: str) -> str:
        return next((f for prefix, f in self.faults.items() if path.startswith(prefix)), "")


class _Handler(http.server.BaseHTTPRequestHandler):
    server: Mirror

    def log_message(self, *args):
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.server.requests.append((self.path, status))
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        fault = self.server.fault_for(self.path)
        if fault == "hang":
            self.server.requests.append((self.path, 0))
            time.sleep(5)
            return
        if fault == "500":
            return self._send(500, b"Internal Server Error")
        if fault == "html":
            return self._send(200, b"<html><body>Moved! See our new site.</body></html>",
                              {"Content-Type": "text/html; charset=utf-8"})
        if fault == "big":
            return self._send(200, b"model,score\n" + b"x,1\n" * 1_000_000, {"Content-Type": "text/csv"})
        path = (self.server.root / self.path.lstrip("/").split("?", 1)[0]).resolve()
        if not path.is_relative_to(self.server.root.resolve()) or not path.is_file():
            return self._send(404, b"Not Found")
        data = path.read_bytes()
        etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
        modified = formatdate(path.stat().st_mtime, usegmt=True)
        if self.headers.get("If-None-Match") == etag:
            return self._send(304, headers={"ETag": etag})
        self._send(200, data, {"ETag": etag, "Last-Modified": modified, "Content-Type": "text/plain; charset=utf-8"})


def serve(root: Path) -> Mirror:
    server = Mirror(root)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
