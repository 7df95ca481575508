"""Feed downloads are safe (issue #11): the address policy (loopback, private, metadata; after every redirect), one
deadline for the whole download, and a last good copy that only a complete, parseable download replaces.

A local HTTP server on 127.0.0.1 plays the remote side; the policy is off (GAPBOT_FEED_ALLOW_PRIVATE's default)
unless a test says otherwise.
"""

from __future__ import annotations

import http.server
import ipaddress
import socket
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from gapbot.errors import InputFileError
from ingest import feeds
from ingest.feeds import address_refusal, fetch
from ingest.feedsources import FeedFile, FeedSpec, refresh

from conftest import make_settings

HEADER = "source,source_url,snapshot_date,benchmark,category,model,display_name,organization,open_weights,score\n"
GOOD_CSV = (HEADER + "t,https://x,2026-01-08,B,coding,open-a,Open A,Org,true,50\n"
            "t,https://x,2026-01-08,B,coding,closed-b,Closed B,Org,false,82\n").encode()
# A newer board whose download ends early: the first rows alone parse, and would say the gap is 1 point.
NEW_CSV = (HEADER + "t,https://x,2026-02-08,B,coding,closed-c,Closed C,Org,false,51\n"
           + "".join(f"t,https://x,2026-02-08,B,coding,m{i},M{i},Org,false,90\n" for i in range(40))).encode()
HTML = b"<html><body><h1>503 Service Unavailable</h1></body></html>\n"
DRIP_BYTES = 40


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        route = getattr(self, "route_" + url.path.strip("/").replace(".", "_").replace("-", "_"), None)
        if route is None:
            self.send_error(404)
            return
        route(parse_qs(url.query))

    def _send(self, body: bytes, length: int | None = None) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)

    def route_board_csv(self, _q) -> None:
        self._send(GOOD_CSV)

    def route_truncated_csv(self, _q) -> None:
        """Declares the whole file, sends its first rows, then closes the connection."""
        self._send(NEW_CSV[:len(GOOD_CSV) + 40], length=len(NEW_CSV))
        self.close_connection = True

    def route_drip_csv(self, _q) -> None:
        """One byte per second: each read returns within any per-read timeout, the whole never does."""
        self.send_response(200)
        self.send_header("Content-Length", str(DRIP_BYTES))
        self.end_headers()
        for _ in range(DRIP_BYTES):
            try:
                self.wfile.write(b"x")
                self.wfile.flush()
            except OSError:
                return
            time.sleep(1)

    def route_html_yml(self, _q) -> None:  # an error page served with status 200 where a leaderboard should be
        self._send(HTML)

    def route_redirect(self, q) -> None:
        self.send_response(302)
        self.send_header("Location", q["to"][0])
        self.send_header("Content-Length", "0")
        self.end_headers()

    def route_loop(self, _q) -> None:
        self.route_redirect({"to": ["/loop"]})


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # clients hang up on purpose here
        pass


def _serve(host: str) -> tuple[_Server, str]:
    server = _Server((host, 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://{host}:{server.server_address[1]}"


@pytest.fixture
def origin():
    server, base = _serve("127.0.0.1")
    yield base
    server.shutdown()
    server.server_close()


@pytest.fixture
def other_host():
    """A second server on another loopback address: where a redirect leads."""
    server, base = _serve("127.0.0.2")
    yield base
    server.shutdown()
    server.server_close()


@pytest.fixture
def last_good(tmp_path) -> Path:
    dest = tmp_path / "feeds" / "board.csv"
    dest.parent.mkdir(parents=True)
    dest.write_bytes(GOOD_CSV)
    return dest


def _fetch(url: str, dest: Path, timeout: float = 5, **kw) -> int:
    return fetch(url, dest, timeout, 1_000_000, **kw)


# -------------------------------------------------------------------------------------------- address policy
@pytest.mark.parametrize("address, allow_private, refused", [
    ("127.0.0.1", False, "loopback"),
    ("::1", False, "loopback"),
    ("::ffff:127.0.0.1", False, "loopback"),
    ("10.1.2.3", False, "private"),
    ("192.168.0.10", False, "private"),
    ("fd12:3456::1", False, "private"),
    ("169.254.10.10", False, "link-local"),
    ("224.0.0.1", False, "multicast"),
    ("0.0.0.0", False, "unspecified"),
    ("240.0.0.1", False, "reserved"),
    ("100.64.0.1", False, "not a public address"),
    ("169.254.169.254", False, "metadata"),
    ("169.254.169.254", True, "metadata"),  # cloud credentials stay out of reach even for intranet feeds
    ("fd00:ec2::254", True, "metadata"),
    ("100.100.100.200", True, "metadata"),
    ("::ffff:169.254.169.254", True, "metadata"),
    ("127.0.0.1", True, None),
    ("10.1.2.3", True, None),
    ("93.184.215.14", False, None),
    ("2606:4700:4700::1111", False, None),
])
def test_address_policy(address: str, allow_private: bool, refused: str | None) -> None:
    why = address_refusal(ipaddress.ip_address(address), allow_private)
    assert (why is None) if refused is None else (refused in (why or "")), (address, why)


def test_a_loopback_feed_is_refused_and_nothing_is_written(tmp_path, origin) -> None:
    dest = tmp_path / "feeds" / "board.csv"
    with pytest.raises(InputFileError) as err:
        _fetch(f"{origin}/board.csv", dest)
    assert "loopback" in err.value.reason and err.value.path == f"{origin}/board.csv"
    assert not dest.exists()


def test_the_setting_allows_private_hosts(tmp_path, origin) -> None:
    assert make_settings(tmp_path, GAPBOT_FEED_ALLOW_PRIVATE="true").feed_allow_private
    assert not make_settings(tmp_path).feed_allow_private
    dest = tmp_path / "feeds" / "board.csv"
    assert _fetch(f"{origin}/board.csv", dest, allow_private=True) == len(GOOD_CSV)
    assert dest.read_bytes() == GOOD_CSV


def test_a_name_resolving_to_an_internal_address_is_refused_before_connecting(tmp_path, monkeypatch) -> None:
    answers = {"feeds.example": ["93.184.215.14", "10.0.0.7"], "meta.example": ["169.254.169.254"]}

    def fake_getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in answers[host]]

    def no_connect(*args, **kwargs):
        raise AssertionError("connected to a refused host")

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", no_connect)
    for host, why in (("feeds.example", "10.0.0.7, a private address"), ("meta.example", "metadata")):
        with pytest.raises(InputFileError) as err:
            _fetch(f"https://{host}/board.csv", tmp_path / "board.csv", allow_private=host == "meta.example")
        assert why in err.value.reason


def test_a_redirect_to_an_internal_host_is_refused(last_good, origin, other_host, monkeypatch) -> None:
    """The first hop (127.0.0.1) stands for a public host; its redirect to another host (127.0.0.2) must be
    checked again, and is refused as loopback."""
    real = feeds.address_refusal

    def first_hop_is_public(ip, allow_private=False):
        return None if str(ip) == "127.0.0.1" else real(ip, allow_private)

    monkeypatch.setattr(feeds, "address_refusal", first_hop_is_public)
    assert _fetch(f"{origin}/board.csv", last_good.with_name("direct.csv")) == len(GOOD_CSV)  # hop 1 is allowed
    with pytest.raises(InputFileError) as err:
        _fetch(f"{origin}/redirect?to={other_host}/board.csv", last_good)
    assert "127.0.0.2" in err.value.reason and "loopback" in err.value.reason
    assert last_good.read_bytes() == GOOD_CSV


def test_redirects_are_followed_a_few_times_only(tmp_path, origin, other_host) -> None:
    dest = tmp_path / "board.csv"
    assert _fetch(f"{origin}/redirect?to={other_host}/board.csv", dest, allow_private=True) == len(GOOD_CSV)
    with pytest.raises(InputFileError, match="more than 5 redirects"):
        _fetch(f"{origin}/loop", tmp_path / "loop.csv", allow_private=True)
    with pytest.raises(InputFileError, match="only http"):
        _fetch(f"{origin}/redirect?to=file:///etc/passwd", tmp_path / "passwd.csv", allow_private=True)


# -------------------------------------------------------------------------------------------- deadline
def test_a_server_that_drips_bytes_fails_within_the_deadline(last_good, origin) -> None:
    start = time.monotonic()
    with pytest.raises(InputFileError) as err:
        _fetch(f"{origin}/drip.csv", last_good, timeout=2, allow_private=True)
    elapsed = time.monotonic() - start
    assert elapsed < 4, f"took {elapsed:.1f} s with a 2 s deadline"
    assert "timed out after 2 s" in err.value.reason
    assert last_good.read_bytes() == GOOD_CSV


# -------------------------------------------------------------------------------------------- last good copy
def test_a_truncated_download_keeps_the_last_good_copy(last_good, origin) -> None:
    with pytest.raises(InputFileError) as err:
        _fetch(f"{origin}/truncated.csv", last_good, allow_private=True)
    assert "incomplete download" in err.value.reason
    assert last_good.read_bytes() == GOOD_CSV
    assert [p.name for p in last_good.parent.iterdir()] == ["board.csv"]  # no temporary file left behind


def test_an_unrecognised_download_keeps_the_last_good_copy(tmp_path, origin) -> None:
    dest = tmp_path / "feeds" / "polyglot_leaderboard.yml"
    dest.parent.mkdir()
    dest.write_text("- model: m\n  pass_rate_2: 50.0\n")
    with pytest.raises(InputFileError, match="not recognised"):
        _fetch(f"{origin}/html.yml", dest, allow_private=True)
    assert "pass_rate_2" in dest.read_text()


def test_fetch_all_reports_each_failure_and_keeps_serving_last_copies(tmp_path, origin) -> None:
    folder = tmp_path / "feeds"
    netloc = urlsplit(origin).netloc.replace(":", "_")
    kept = folder / netloc / "board.csv"
    kept.parent.mkdir(parents=True)
    kept.write_bytes(GOOD_CSV)
    listed = [FeedSpec("board.csv", "gapbot-csv", "", (FeedFile(f"{origin}/truncated.csv", save_as="board.csv"),)),
              FeedSpec("drip.csv", "gapbot-csv", "", (FeedFile(f"{origin}/drip.csv", save_as="drip.csv"),))]
    run = refresh(listed, folder, 1.5, 1_000_000, allow_private=True)
    assert run.files == [(kept, f"{origin}/truncated.csv")] and kept.read_bytes() == GOOD_CSV
    assert ["incomplete download" in e.reason or "timed out" in e.reason for e in run.errors] == [True, True]
    assert set(run.failed) == {"board.csv", "drip.csv"}
