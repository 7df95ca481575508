"""Remote feeds listed in corpus/sources.yaml: fetched with a deadline and a size limit, then ingested as files.

A feed that fails keeps its last good copy, so a flaky source never empties the index: a download replaces it only
when complete and parseable. Feeds reach public addresses only (checked again after every redirect, and the checked
address is the one connected to) unless GAPBOT_FEED_ALLOW_PRIVATE is set; cloud metadata addresses never.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import http.client
import ipaddress
import json
import os
import re
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import SplitResult, urljoin, urlsplit

import yaml

from gapbot import yamlload
from gapbot.errors import InputFileError
from ingest.discover import detect
from ingest.formats import FAMILIES
from ingest.formats.base import check_bytes

FORMATS = FAMILIES  # the `format:` names a feed may give, from the one table of formats (ingest/formats)
USER_AGENT = "gapbot-ingest/0.1 (+https://github.com/gapbot)"


def safe_name(name: str) -> str:
    """A file name of letters, digits, '.', '_' and '-' (never a path, never hidden)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", os.path.basename(str(name))).lstrip(".") or "feed"


# -- the network policy ------------------------------------------------------------------------------------------
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
MAX_REDIRECTS = 5
REDIRECTS = {301, 302, 303, 307, 308}
KEEP_HINT = "the previously fetched copy, if any, stays in use"
# Instance-metadata endpoints hand out cloud credentials: refused even when private addresses are allowed.
METADATA_ADDRESSES = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254", "169.254.170.2", "169.254.169.253", "100.100.100.200", "168.63.129.16",
    "fd00:ec2::254", "fd00:ec2::23",
))
_PRIVATE_KINDS = (("is_loopback", "a loopback"), ("is_link_local", "a link-local"), ("is_multicast", "a multicast"),
                  ("is_unspecified", "an unspecified"), ("is_reserved", "a reserved"), ("is_private", "a private"))


class FetchRefused(Exception):
    """One download failed or was refused; the message says why (the URL is added by `fetch`)."""


def address_refusal(ip: IPAddress, allow_private: bool = False) -> str | None:
    """Why a feed may not connect to `ip` ("a loopback address"), or None when it may."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    if ip in METADATA_ADDRESSES:
        return "a cloud metadata address"
    if allow_private:
        return None
    for attr, what in _PRIVATE_KINDS:
        if getattr(ip, attr):
            return f"{what} address"
    return None if ip.is_global else "not a public address"


def resolve(host: str, port: int, allow_private: bool = False) -> str:
    """The checked address to connect to. Every address the name resolves to must be allowed: a name that also
    points inside the network is refused rather than raced."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchRefused(f"could not resolve {host!r}: {exc}") from exc
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    for addr in addresses:
        why = address_refusal(ipaddress.ip_address(addr.split("%", 1)[0]), allow_private)
        if why:
            raise FetchRefused(f"refused: {host} resolves to {addr}, {why} (GAPBOT_FEED_ALLOW_PRIVATE allows "
                               "private addresses for intranet feeds)")
    if not addresses:
        raise FetchRefused(f"could not resolve {host!r}")
    return addresses[0]


# -- one download ------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Fetched:
    """What one conditional download did: `changed` False means the server said 304 Not Modified (or sent the
    bytes already held), and the local copy stays as it is."""

    size: int
    changed: bool
    etag: str = ""
    last_modified: str = ""


def fetch(url: str, dest: Path, timeout: float, max_bytes: int, *, allow_private: bool = False,
          check_format: bool = True) -> int:
    """Download url to dest (unconditionally); the number of bytes. See `fetch_conditional`."""
    return fetch_conditional(url, dest, timeout, max_bytes, allow_private=allow_private,
                             check_format=check_format).size


def fetch_conditional(url: str, dest: Path, timeout: float, max_bytes: int, *, allow_private: bool = False,
                      check_format: bool = True, etag: str = "", last_modified: str = "",
                      check: Callable[[Path, bytes], None] | None = None, text: bool = True,
                      have: Path | None = None) -> Fetched:
    """Download url to dest; raises InputFileError (naming the URL) on any failure, and then dest is untouched.

    With `etag` / `last_modified` from the last download (and dest still there), the request is conditional: an
    unchanged feed costs one round trip and no body. `timeout` bounds the whole download (redirects, connect,
    headers and body), not each read. dest is replaced only by a complete (Content-Length matched) text file that
    parses, and `check_format` also asks discovery to recognise it; `check(path, bytes)` may refuse it too.
    `text=False` (an archive whose members are checked once extracted) skips the text checks. `have`: the local
    copy the validators belong to, when it is not dest (a file saved under the date it was fetched).
    """
    deadline = time.monotonic() + timeout
    have = have if have is not None else dest
    headers = {}
    if have.exists():
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
    try:
        status, data, validators = _download(url, deadline, timeout, max_bytes, allow_private, headers)
        if status == 304:
            return Fetched(have.stat().st_size, False, validators.get("etag") or etag,
                           validators.get("last-modified") or last_modified)
        _check_type(validators.get("content-type", ""), dest)
        if have.exists() and have.read_bytes() == data:
            return Fetched(len(data), False, validators.get("etag", ""), validators.get("last-modified", ""))
        _install(data, dest, check_format, check, text)
    except FetchRefused as exc:
        raise InputFileError(url, str(exc), hint=KEEP_HINT) from exc
    return Fetched(len(data), True, validators.get("etag", ""), validators.get("last-modified", ""))


def _download(url: str, deadline: float, timeout: float, max_bytes: int, allow_private: bool,
              headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
    """GET url, following at most MAX_REDIRECTS redirects ourselves so that every hop passes the address policy:
    (200 or 304, body, the response's validators)."""
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        parts = urlsplit(current)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchRefused(f"refused: a redirect to {current!r} (only http(s) URLs are fetched)")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        ip = resolve(parts.hostname, port, allow_private)
        status, location, body, validators = _get(parts, ip, deadline, timeout, max_bytes, headers or {})
        if status in (200, 304):
            return status, body, validators
        current = urljoin(current, location)
    raise FetchRefused(f"more than {MAX_REDIRECTS} redirects")


def _get(parts: SplitResult, ip: str, deadline: float, timeout: float, max_bytes: int, headers: dict[str, str]
         ) -> tuple[int, str, bytes, dict[str, str]]:
    """(status, Location, body, validators) of one request to the checked address `ip`, all within the deadline:
    200 with its body, 304, or a redirect with its Location; any other status raises."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchRefused(_timed_out(timeout))
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    conn = cls(parts.hostname, parts.port, timeout=remaining)
    # Connect to the address that was checked, not to a second lookup of the name (DNS rebinding); TLS still
    # verifies the certificate against the host name.
    conn._create_connection = functools.partial(_connect_to, ip)  # noqa: SLF001 - http.client's own hook
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    expired = threading.Event()
    sockets: list[socket.socket] = []
    watchdog = threading.Timer(remaining, _expire, (sockets, expired))
    watchdog.daemon = True
    watchdog.start()
    try:
        conn.connect()  # bounded by the socket timeout; the watchdog takes over from here
        sockets.append(conn.sock)  # kept: the connection drops its reference when the response says "close"
        if expired.is_set():
            raise TimeoutError
        conn.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity", **headers})
        resp = conn.getresponse()
        validators = {k: (resp.getheader(k) or "").strip() for k in ("etag", "last-modified", "content-type")}
        if resp.status in REDIRECTS and resp.getheader("Location"):
            return resp.status, resp.getheader("Location"), b"", validators
        if resp.status == 304 and headers:
            return 304, "", b"", validators
        if resp.status != 200:
            raise FetchRefused(f"HTTP {resp.status} {resp.reason}".rstrip())
        body = _read_body(resp, max_bytes)
    except (OSError, http.client.HTTPException, FetchRefused) as exc:
        if expired.is_set():  # whatever the cut-off read looked like, the deadline is what ended it
            raise FetchRefused(_timed_out(timeout)) from exc
        if isinstance(exc, FetchRefused):
            raise
        raise FetchRefused(f"could not fetch: {exc or type(exc).__name__}") from exc
    finally:
        watchdog.cancel()
        conn.close()
    if expired.is_set():  # the watchdog closed the socket: what was read is a fragment
        raise FetchRefused(_timed_out(timeout))
    return 200, "", body, validators


# Types no leaderboard file is served as: a publisher's error page or a login wall (HTML, unless an HTML article
# is what the feed names), a picture.
_WRONG_TYPES = ("text/html", "image/", "video/", "audio/")


def _check_type(content_type: str, dest: Path) -> None:
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind == "text/html" and dest.suffix.lower() in (".html", ".htm") or dest.suffix.lower() == ".zip":
        return
    if kind and kind.startswith(_WRONG_TYPES):
        raise FetchRefused(f"the server sent {kind}, not a data file (has the publisher moved it?)")


def _connect_to(ip: str, address: tuple, timeout: float | None = None, source_address=None) -> socket.socket:
    return socket.create_connection((ip, address[1]), timeout, source_address)


def _expire(sockets: list[socket.socket], expired: threading.Event) -> None:
    """At the deadline: shut the socket down, which wakes a read blocked on a server that drips bytes."""
    expired.set()
    for sock in sockets:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _timed_out(timeout: float) -> str:
    return f"could not fetch: timed out after {timeout:g} s (GAPBOT_FEED_TIMEOUT bounds the whole download)"


def _read_body(resp: http.client.HTTPResponse, max_bytes: int) -> bytes:
    declared = (resp.getheader("Content-Length") or "").strip()
    length = int(declared) if declared.isdigit() else None
    if length is not None and length > max_bytes:
        raise FetchRefused(f"{length:,} bytes is over the {max_bytes:,}-byte feed limit")
    chunks: list[bytes] = []
    total = 0
    while chunk := resp.read1(65536):  # one recv at a time, so the watchdog's shutdown ends the loop
        total += len(chunk)
        if total > max_bytes:
            raise FetchRefused(f"more than the {max_bytes:,}-byte feed limit")
        chunks.append(chunk)
    if length is not None and total != length:
        raise FetchRefused(f"incomplete download: {total:,} of {length:,} bytes (the connection ended early)")
    return b"".join(chunks)


# -- replacing the last good copy --------------------------------------------------------------------------------
def install_checked(data: bytes, dest: Path, check_format: bool = True) -> None:
    """Replace dest with data if it is text that parses (and, with `check_format`, a recognised file)."""
    _install(data, dest, check_format)


def _install(data: bytes, dest: Path, check_format: bool,
             check: Callable[[Path, bytes], None] | None = None, text: bool = True) -> None:
    """Check the bytes under dest's own name in a staging folder beside it, then os.replace: dest is either the
    old copy or the new one, never a fragment."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=dest.parent, prefix=".fetch-"))
    try:
        tmp = staging / dest.name
        tmp.write_bytes(data)
        if text:
            _check_content(tmp, data, check_format)
        if check is not None:
            check(tmp, data)
        os.replace(tmp, dest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _check_content(path: Path, data: bytes, check_format: bool) -> None:
    """Raise FetchRefused unless the bytes are UTF-8 text that parses as what the file name says."""
    try:
        check_bytes(path, data)
        text = data.decode("utf-8-sig")
        suffix = path.suffix.lower()
        if suffix == ".json":
            yamlload.load_json(text, str(path))
        elif suffix in (".yml", ".yaml"):
            yamlload.safe_load(text)
        elif suffix == ".csv" and not _csv_header(text):
            raise FetchRefused("not a CSV file (no header line with columns)")
        if check_format:
            fmt, why = detect(path)
            if fmt is None:
                raise FetchRefused(f"not recognised: {why}")
    except InputFileError as exc:
        raise FetchRefused(exc.reason) from exc
    except json.JSONDecodeError as exc:
        raise FetchRefused(f"not valid JSON: {exc}") from exc
    except yaml.YAMLError as exc:
        raise FetchRefused(f"not valid YAML: {getattr(exc, 'problem', None) or exc}") from exc


def _csv_header(text: str) -> list[str]:
    first = next((ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")), "")
    header = next(csv.reader([first]), [])
    return header if len(header) >= 2 else []
