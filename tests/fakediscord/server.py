"""FakeDiscord: an aiohttp server on 127.0.0.1 speaking enough of Discord's REST API v10 and gateway for a real
discord.py ``commands.Bot`` / ``commands.AutoShardedBot`` to log in, connect, sync commands and be driven."""

from __future__ import annotations

import asyncio
import contextlib
import json
import mimetypes
import re
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from aiohttp import web

from . import validation as V
from .gateway import (
    DIRECT_MESSAGES,
    GUILD_MESSAGES,
    INVALID_SESSION,
    MESSAGE_CONTENT,
    PRIVILEGED,
    RECONNECT,
    ConnectionInfo,
    GatewayConnection,
    Session,
)
from .interactions import (
    ALLOWED_CALLBACKS,
    APPLICATION_COMMAND,
    APPLICATION_COMMAND_AUTOCOMPLETE,
    APPLICATION_COMMAND_AUTOCOMPLETE_RESULT,
    CHANNEL_MESSAGE_WITH_SOURCE,
    DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE,
    DEFERRED_UPDATE_MESSAGE,
    MESSAGE_COMPONENT,
    MODAL,
    MODAL_SUBMIT,
    UPDATE_MESSAGE,
    CallbackRecord,
    CommandUnavailable,
    FakeDiscordError,
    InteractionHandle,
    Notifier,
)
from .models import (
    ADMINISTRATOR,
    ATTACH_FILES,
    CREATE_PRIVATE_THREADS,
    CREATE_PUBLIC_THREADS,
    DEFAULT_BOT_PERMISSIONS,
    DM,
    EPHEMERAL,
    GUILD_TEXT,
    LOADING,
    MANAGE_MESSAGES,
    SEND_MESSAGES,
    SEND_MESSAGES_IN_THREADS,
    VIEW_CHANNEL,
    Channel,
    FakeAttachment,
    FakeFile,
    FakeMessage,
    Guild,
    Member,
    Role,
    SnowflakeFactory,
    User,
    _id,
    iso,
    iter_components,
    perm_value,
)

DM_APP_PERMISSIONS = VIEW_CHANNEL | SEND_MESSAGES | (1 << 14) | ATTACH_FILES | (1 << 16) | (1 << 6) | (1 << 18)

APP_FLAG_GATEWAY_PRESENCE = 1 << 12
APP_FLAG_GATEWAY_GUILD_MEMBERS = 1 << 14
APP_FLAG_GATEWAY_MESSAGE_CONTENT = 1 << 18


@dataclass
class Violation:
    """Something the bot did that real Discord would have refused (or that a test should know about)."""

    kind: str
    message: str
    code: int | None = None
    status: int | None = None
    method: str | None = None
    path: str | None = None
    details: Any = None
    at: float = field(default_factory=time.monotonic)

    def __str__(self) -> str:
        where = f" {self.method} {self.path}" if self.method else ""
        return f"[{self.kind}{'/' + str(self.code) if self.code is not None else ''}]{where}: {self.message}"


@dataclass
class RequestRecord:
    method: str
    path: str
    query: dict[str, str]
    json: Any
    files: list[FakeFile]
    status: int = 0
    response: Any = None
    at: float = field(default_factory=time.monotonic)


@dataclass
class SyncCall:
    guild_id: int | None
    method: str
    payload: Any
    at: float = field(default_factory=time.monotonic)


def json_response(data: Any, status: int = 200) -> web.Response:
    """Exactly ``Content-Type: application/json`` like Discord (discord.py compares the header verbatim)."""
    return web.Response(body=json.dumps(data, separators=(",", ":")).encode(), status=status,
                        headers={"Content-Type": "application/json"})


class _Reply(Exception):
    """Raised inside a handler to answer with an error."""

    def __init__(self, response: web.Response) -> None:
        self.response = response


Handler = Callable[..., Any]


class FakeDiscord:
    """A fake Discord. Configure the world (users, guilds, channels, roles, members) before ``start()``; then point
    discord.py at it (``point_discord_at(fake)``), run the bot, and drive it with ``send_message``,
    ``invoke_slash``, ``click_button``, ``autocomplete``.

    Parameters: ``token`` the bot token it accepts; ``heartbeat_interval`` seconds in HELLO; ``shards`` the
    shard count ``GET /gateway/bot`` recommends; ``compress`` honour the transport compression discord.py asks for
    (zstd-stream / zlib-stream; False sends plain text frames, which discord.py also accepts);
    ``interaction_deadline`` seconds to the first callback (3 on Discord); ``token_lifetime`` seconds an
    interaction token (follow-ups, edits) stays valid (900 on Discord); ``privileged_intents`` the privileged
    intents enabled for the application (others close the gateway with 4014); ``echo_bot_messages`` dispatch
    MESSAGE_CREATE/UPDATE/DELETE for the bot's own messages like Discord does; ``strict_commands`` refuse to invoke
    commands that were never synced.
    """

    def __init__(self, *, token: str = "fake-bot-token", bot_name: str = "FakeBot", application_id: int | None = None,
                 heartbeat_interval: float = 41.25, shards: int = 1, compress: bool = True,
                 interaction_deadline: float = 3.0, token_lifetime: float = 900.0,
                 privileged_intents: Iterable[str] = ("members", "presences", "message_content"),
                 ack_heartbeats: bool = True, allow_resume: bool = True, echo_bot_messages: bool = True,
                 strict_commands: bool = False, host: str = "127.0.0.1", port: int = 0) -> None:
        self.snowflake = SnowflakeFactory()
        self.token = token
        self.host = host
        self._port_wanted = port
        self.port: int | None = None
        self.heartbeat_interval = heartbeat_interval
        self.shards = shards
        self.compress = compress
        self.interaction_deadline = interaction_deadline
        self.token_lifetime = token_lifetime
        self.privileged_intents = set(privileged_intents)
        unknown = self.privileged_intents - set(PRIVILEGED)
        if unknown:
            raise ValueError(f"unknown privileged intents {unknown}")
        self.ack_heartbeats = ack_heartbeats
        self.allow_resume = allow_resume
        self.echo_bot_messages = echo_bot_messages
        self.strict_commands = strict_commands

        self.bot_user = User(id=application_id or self.snowflake(), username=bot_name, bot=True)
        self.application_id = self.bot_user.id
        self.owner_user = User(id=self.snowflake(), username="app-owner")
        self._users: dict[int, User] = {self.bot_user.id: self.bot_user, self.owner_user.id: self.owner_user}
        self._guilds: dict[int, Guild] = {}
        self._channels: dict[int, Channel] = {}
        self._dm_by_user: dict[int, Channel] = {}
        self._messages: dict[int, FakeMessage] = {}
        self._message_seq: dict[int, int] = {}
        self._seq = 0
        self._cdn: dict[int, FakeFile] = {}
        self._interactions: dict[int, InteractionHandle] = {}
        self._by_token: dict[str, InteractionHandle] = {}

        # recorded facts
        self.violations: list[Violation] = []
        self.requests: list[RequestRecord] = []
        self.unknown_routes: list[str] = []
        self.synced_commands: dict[int | None, list[dict]] = {}
        self.sync_calls: list[SyncCall] = []
        self.typing: list[tuple[int, float]] = []
        self.presence_updates: list[Any] = []
        self.voice_state_updates: list[Any] = []
        self.undelivered: list[tuple[str, str]] = []
        self.heartbeats = 0
        self.identifies = 0
        self.resumes = 0
        self.failed_resumes = 0
        self.replayed_events = 0
        self.gateway_connections: list[ConnectionInfo] = []

        self._sessions: dict[str, Session] = {}
        self._active: dict[int, Session] = {}
        self._connections: list[GatewayConnection] = []
        self._gateway_gate = asyncio.Event()
        self._gateway_gate.set()
        self._changed = Notifier()
        self._bg: set[asyncio.Task] = set()
        self._runner: web.AppRunner | None = None
        self._routes = self._build_routes()

    # ------------------------------------------------------------------------------------------------ lifecycle

    @property
    def url(self) -> str:
        if self.port is None:
            raise RuntimeError("FakeDiscord is not started")
        return f"http://{self.host}:{self.port}"

    @property
    def api_base(self) -> str:
        return f"{self.url}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://{self.host}:{self.port}/gateway"

    @property
    def application_flags(self) -> int:
        flags = 0
        if "presences" in self.privileged_intents:
            flags |= APP_FLAG_GATEWAY_PRESENCE
        if "members" in self.privileged_intents:
            flags |= APP_FLAG_GATEWAY_GUILD_MEMBERS
        if "message_content" in self.privileged_intents:
            flags |= APP_FLAG_GATEWAY_MESSAGE_CONTENT
        return flags

    async def start(self) -> FakeDiscord:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._entry)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self._port_wanted)
        await site.start()
        server = site._server
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        self._gateway_gate.set()
        for conn in list(self._connections):
            await conn.close(1001)
        for task in list(self._bg):
            task.cancel()
        if self._bg:
            await asyncio.gather(*self._bg, return_exceptions=True)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._bg.add(task)
        task.add_done_callback(self._bg.discard)

    # ------------------------------------------------------------------------------------------------ the world

    def add_user(self, username: str, *, bot: bool = False, dms_open: bool = True, global_name: str | None = None,
                 user_id: int | None = None) -> User:
        user = User(id=user_id or self.snowflake(), username=username, global_name=global_name, bot=bot,
                    dms_open=dms_open)
        self._users[user.id] = user
        return user

    def add_guild(self, name: str = "Test Guild", *, owner: User | None = None, guild_id: int | None = None,
                  bot_permissions: Any = DEFAULT_BOT_PERMISSIONS, general_channel: bool = True,
                  bot_member: bool = True) -> Guild:
        """A guild with @everyone, an owner (a new user unless given), the bot as a member with a managed role
        holding ``bot_permissions``, and a #general text channel."""
        owner = owner or self.add_user(f"{name.lower().replace(' ', '-')}-owner")
        self._users.setdefault(owner.id, owner)
        guild = Guild(self, guild_id or self.snowflake(), name, owner)
        self._guilds[guild.id] = guild
        guild.add_member(owner)
        if bot_member:
            role = guild.add_role(self.bot_user.username, bot_permissions, managed=True, bot_id=self.bot_user.id)
            guild.add_member(self.bot_user, roles=[role])
        if general_channel:
            guild.add_text_channel("general")
        return guild

    @property
    def guilds(self) -> list[Guild]:
        return list(self._guilds.values())

    def guild(self, guild: Guild | int) -> Guild:
        return self._guilds[_id(guild)]  # type: ignore[index]

    def user(self, user: User | Member | int) -> User:
        return self._users[_id(user)]  # type: ignore[index]

    def channel(self, channel: Channel | int) -> Channel:
        return self._channels[_id(channel)]  # type: ignore[index]

    def dm_channel(self, user: User | Member | int) -> Channel:
        """The DM channel between ``user`` and the bot (created on first use)."""
        user = self.user(user)
        channel = self._dm_by_user.get(user.id)
        if channel is None:
            channel = Channel(id=self.snowflake(), type=DM, recipients=[user])
            self._dm_by_user[user.id] = channel
            self._channels[channel.id] = channel
        return channel

    def _guilds_for_shard(self, shard_id: int, shard_count: int) -> list[Guild]:
        return [g for g in self._guilds.values() if (g.id >> 22) % shard_count == shard_id]

    def _shard_of(self, guild_id: int | None) -> int:
        count = next((s.shard_count for s in self._active.values()), self.shards)
        return 0 if guild_id is None else (guild_id >> 22) % count

    # ------------------------------------------------------------------------------------------------ recording

    def _record_violation(self, kind: str, message: str, *, code: int | None = None, status: int | None = None,
                          request: web.Request | None = None, details: Any = None) -> Violation:
        v = Violation(kind, message, code, status, request.method if request else None,
                      request.path if request else None, details)
        self.violations.append(v)
        self._changed.notify()
        return v

    def violations_of(self, kind: str) -> list[Violation]:
        return [v for v in self.violations if v.kind == kind]

    def clear_violations(self) -> None:
        self.violations.clear()
        self.unknown_routes.clear()

    def assert_no_violations(self) -> None:
        if self.violations:
            raise FakeDiscordError("Discord would have refused:\n" + "\n".join(str(v) for v in self.violations))

    def _error(self, request: web.Request, status: int, code: int, message: str, *, kind: str,
               errors: dict | None = None, details: Any = None) -> web.Response:
        body: dict[str, Any] = {"message": message, "code": code}
        if errors:
            body["errors"] = errors
        self._record_violation(kind, message if not details else f"{message}: {details}", code=code, status=status,
                               request=request, details=details)
        return json_response(body, status)

    def _form_error(self, request: web.Request, errors: V.ErrorTree) -> web.Response:
        return self._error(request, 400, 50035, "Invalid Form Body", kind="invalid_form_body", errors=errors.tree,
                           details="; ".join(errors.flat))

    # ------------------------------------------------------------------------------------------------ messages

    def _store_message(self, msg: FakeMessage) -> FakeMessage:
        self._seq += 1
        self._messages[msg.id] = msg
        self._message_seq[msg.id] = self._seq
        if not msg.ephemeral:
            msg.channel.last_message_id = msg.id
        self._changed.notify()
        return msg

    def messages(self, channel: Channel | int | None = None, *, include_deleted: bool = False,
                 include_ephemeral: bool = True) -> list[FakeMessage]:
        """Messages in ``channel`` (all channels if None), oldest first: users', the bot's, interaction responses."""
        cid = _id(channel)
        return [m for m in self._messages.values()
                if (cid is None or m.channel.id == cid) and (include_deleted or not m.deleted)
                and (include_ephemeral or not m.ephemeral)]

    def bot_messages(self, channel: Channel | int | None = None, **kw: Any) -> list[FakeMessage]:
        return [m for m in self.messages(channel, **kw) if m.author.id == self.bot_user.id]

    def get_message(self, message_id: int) -> FakeMessage:
        return self._messages[message_id]

    async def wait_for_message(self, predicate: Callable[[FakeMessage], bool] | None = None, timeout: float = 5.0, *,
                               channel: Channel | int | None = None, author: User | Member | int | None = None,
                               after: FakeMessage | int | None = None, from_bot: bool | None = None) -> FakeMessage:
        """The first message (new or edited) matching all filters that was created after ``after`` (a message or
        id; default: the moment of this call). ``from_bot=True`` shorthand for ``author=bot``."""
        if after is None:
            floor = self._seq
        else:
            after_id = _id(after)
            floor = self._message_seq.get(after_id, 0)  # type: ignore[arg-type]
        cid = _id(channel)
        aid = self.bot_user.id if from_bot else _id(author)

        def matches(m: FakeMessage) -> bool:
            return (self._message_seq[m.id] > floor and not m.deleted and (cid is None or m.channel.id == cid)
                    and (aid is None or m.author.id == aid) and (from_bot is not False or m.author.id !=
                                                                 self.bot_user.id)
                    and (predicate is None or predicate(m)))

        end = time.monotonic() + timeout
        while True:
            for m in list(self._messages.values()):
                if matches(m):
                    return m
            remaining = end - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no matching message within {timeout}s; recent: "
                                           f"{list(self._messages.values())[-5:]}")
            await self._changed.wait(remaining)

    async def wait_for(self, condition: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Wait until ``condition()`` is truthy (re-checked whenever the fake records something)."""
        end = time.monotonic() + timeout
        while True:
            value = condition()
            if value:
                return value
            remaining = end - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"condition not met within {timeout}s")
            await self._changed.wait(min(remaining, 0.05))

    # ------------------------------------------------------------------------------------------------ gateway API

    async def wait_ready(self, timeout: float = 10.0) -> None:
        """Wait until every shard the bot asked for has IDENTIFYed and got READY + its GUILD_CREATEs. (The bot's
        own ``on_ready`` comes after discord.py's ``guild_ready_timeout``; ``run_bot`` shortens that.)"""

        def ready() -> bool:
            if not self._active:
                return False
            count = next(iter(self._active.values())).shard_count
            return all(s.shard_id in self._active and s.ready_sent.is_set() for s in self._active.values()) and \
                len(self._active) >= count

        await self.wait_for(ready, timeout)

    def session(self, shard_id: int = 0) -> Session | None:
        return self._active.get(shard_id)

    async def dispatch(self, event: str, data: Any, *, guild_id: int | None = None,
                       shard_id: int | None = None) -> dict:
        """Send a raw dispatch event to the shard that owns ``guild_id`` (shard 0 for DMs). If that shard's
        connection is down the event is queued and replayed on RESUME."""
        shard = shard_id if shard_id is not None else self._shard_of(guild_id)
        session = self._active.get(shard)
        if session is None or session.invalidated:
            raise FakeDiscordError(f"bot has no gateway session on shard {shard}; cannot dispatch {event}")
        return await session.dispatch(event, data)

    async def drop_gateway(self, shard_id: int | None = None, *, code: int = 4000, abrupt: bool = False,
                           hold: bool = False) -> None:
        """Close the bot's gateway connection(s) (close ``code``, or a TCP abort with ``abrupt=True``). The session
        stays resumable. ``hold=True`` keeps new connections waiting before HELLO until ``release_gateway()``,
        so a test can dispatch events that the bot must get by RESUME replay."""
        if hold:
            self._gateway_gate.clear()
        for session in list(self._active.values()):
            if shard_id is not None and session.shard_id != shard_id:
                continue
            conn = session.conn
            if conn is not None:
                await conn.close(code, abrupt=abrupt)

    def release_gateway(self) -> None:
        self._gateway_gate.set()

    async def send_reconnect(self, shard_id: int = 0) -> None:
        """Opcode 7 RECONNECT: the bot should reconnect and RESUME."""
        session = self._active[shard_id]
        if session.conn is not None:
            await session.conn.send({"op": RECONNECT, "d": None, "s": None, "t": None})

    async def invalidate_session(self, shard_id: int = 0, *, resumable: bool = False) -> None:
        """Opcode 9 INVALID_SESSION. Non-resumable makes discord.py re-IDENTIFY (after its 5 s identify delay)."""
        session = self._active[shard_id]
        if not resumable:
            session.invalidated = True
        if session.conn is not None:
            await session.conn.send({"op": INVALID_SESSION, "d": resumable, "s": None, "t": None})

    async def wait_resumed(self, timeout: float = 10.0, *, count: int | None = None) -> None:
        """Wait until ``fake.resumes`` reaches ``count`` (default: one more than now)."""
        target = self.resumes + 1 if count is None else count
        await self.wait_for(lambda: self.resumes >= target, timeout)

    async def wait_identified(self, timeout: float = 10.0, *, count: int | None = None) -> None:
        target = self.identifies + 1 if count is None else count
        await self.wait_for(lambda: self.identifies >= target, timeout)

    def _bot_mentioned(self, payload: dict) -> bool:
        return any(int(u["id"]) == self.bot_user.id for u in payload.get("mentions") or [])

    async def _deliver_message_event(self, event: str, msg: FakeMessage, *, raise_if_offline: bool) -> bool:
        guild_id = msg.guild_id
        shard = self._shard_of(guild_id)
        session = self._active.get(shard)
        if session is None or session.invalidated:
            if raise_if_offline:
                raise FakeDiscordError(f"bot has no gateway session on shard {shard}; cannot dispatch {event}")
            return False
        intent = GUILD_MESSAGES if guild_id is not None else DIRECT_MESSAGES
        if not session.wants(intent):
            self.undelivered.append((event, "GUILD_MESSAGES intent missing" if guild_id else
                                     "DIRECT_MESSAGES intent missing"))
            return False
        if event == "MESSAGE_DELETE":
            data: dict[str, Any] = {"id": str(msg.id), "channel_id": str(msg.channel.id)}
            if guild_id:
                data["guild_id"] = str(guild_id)
        else:
            data = msg.to_payload(self)
            if (guild_id is not None and not session.wants(MESSAGE_CONTENT) and msg.author.id != self.bot_user.id
                    and not self._bot_mentioned(data)):
                # Discord blanks these for apps without the MESSAGE_CONTENT intent
                data.update(content="", embeds=[], attachments=[], components=[])
                data.pop("poll", None)
        await session.dispatch(event, data)
        return True

    # ------------------------------------------------------------------------------------------------ users act

    def _resolve_channel(self, channel: Channel | int | None, guild: Guild | int | None = None) -> Channel:
        if channel is not None:
            return self.channel(channel)
        if guild is not None:
            g = self.guild(guild)
            if not g.text_channels:
                raise ValueError(f"{g} has no text channel")
            return g.text_channels[0]
        raise ValueError("give a channel (or a guild)")

    def _register_attachment(self, att: FakeAttachment | FakeFile, channel_id: int) -> dict[str, Any]:
        att_id = getattr(att, "id", None) or self.snowflake()
        if isinstance(att, FakeAttachment):
            att.id = att_id
        content_type = getattr(att, "content_type", None)
        if not content_type or content_type == "application/octet-stream":
            content_type = mimetypes.guess_type(att.filename)[0] or content_type or "application/octet-stream"
        url = f"{self.url}/attachments/{channel_id}/{att_id}/{att.filename}"
        if isinstance(att, FakeAttachment):
            att.url = url
        self._cdn[att_id] = att if isinstance(att, FakeFile) else FakeFile(att.filename, att.data, content_type,
                                                                            att.description)
        payload: dict[str, Any] = {"id": str(att_id), "filename": att.filename, "size": len(att.data), "url": url,
                                   "proxy_url": url, "content_type": content_type}
        if getattr(att, "description", None):
            payload["description"] = att.description
        return payload

    async def send_message(self, channel: Channel | int, author: User | Member | int, content: str = "", *,
                           mentions: Iterable[User | Member | int] = (), reference: FakeMessage | int | None = None,
                           reply_ping: bool = True, mention_bot: bool = False,
                           attachments: Iterable[FakeAttachment] = (), embeds: list[dict] | None = None) -> FakeMessage:
        """A user posts a message; the bot gets MESSAGE_CREATE (subject to its intents, like on Discord).
        ``mention_bot`` prefixes ``<@bot>``; ``reference`` makes it a reply (``reply_ping`` = the reply pings the
        replied-to author, Discord's default); ``mentions`` adds users to ``mentions`` without touching content."""
        ch = self.channel(channel)
        user = self.user(author)
        member = None
        if ch.guild is not None:
            member = ch.guild.get_member(user)
            if member is None:
                raise ValueError(f"{user} is not a member of {ch.guild}")
        elif ch.type == DM and ch.recipients and ch.recipients[0].id != user.id:
            raise ValueError(f"{user} is not the recipient of DM channel {ch.id}")
        if mention_bot:
            content = f"<@{self.bot_user.id}> {content}".rstrip()
        referenced = None
        message_reference = None
        mtype = 0
        explicit = [self.user(u) for u in mentions]
        if reference is not None:
            referenced = self._messages[_id(reference)]  # type: ignore[index]
            message_reference = {"type": 0, "message_id": str(referenced.id), "channel_id": str(referenced.channel.id),
                                 "fail_if_not_exists": False}
            if referenced.guild_id:
                message_reference["guild_id"] = str(referenced.guild_id)
            mtype = 19
            if reply_ping and referenced.author.id != user.id:
                explicit.append(referenced.author)
        msg_id = self.snowflake()
        atts = [self._register_attachment(a, ch.id) for a in attachments]
        msg = FakeMessage(id=msg_id, channel=ch, author=user, content=content, embeds=embeds, attachments=atts,
                          source="user", member=member, mentions=explicit, referenced=referenced,
                          message_reference=message_reference, type=mtype)
        self._store_message(msg)
        await self._deliver_message_event("MESSAGE_CREATE", msg, raise_if_offline=True)
        return msg

    def seed_message(self, channel: Channel | int, author: User | Member | int, content: str = "", *,
                     embeds: list[dict] | None = None, components: list[dict] | None = None,
                     attachments: Iterable[FakeAttachment] = ()) -> FakeMessage:
        """Put a message into history without dispatching anything (say, a panel with buttons the bot posted
        before a restart, to test persistent views; or history for ``channel.history()``)."""
        ch = self.channel(channel)
        user = self.user(author)
        atts = [self._register_attachment(a, ch.id) for a in attachments]
        source = "rest" if user.id == self.bot_user.id else "user"
        msg = FakeMessage(id=self.snowflake(), channel=ch, author=user, content=content, embeds=embeds,
                          attachments=atts, components=components, source=source,
                          allowed_mentions={"parse": []} if source == "rest" else None)
        return self._store_message(msg)

    async def edit_message(self, message: FakeMessage | int, content: str) -> FakeMessage:
        """The author edits their message; the bot gets MESSAGE_UPDATE."""
        msg = self._messages[_id(message)]  # type: ignore[index]
        msg.content = content
        msg.edited_timestamp = iso()
        msg.edits.append({"content": content})
        self._changed.notify()
        await self._deliver_message_event("MESSAGE_UPDATE", msg, raise_if_offline=True)
        return msg

    async def delete_message(self, message: FakeMessage | int) -> None:
        """The message is deleted (by its author or a moderator); the bot gets MESSAGE_DELETE."""
        msg = self._messages[_id(message)]  # type: ignore[index]
        msg.deleted = True
        self._changed.notify()
        await self._deliver_message_event("MESSAGE_DELETE", msg, raise_if_offline=True)

    async def send_dm(self, user: User | Member | int, content: str, **kw: Any) -> FakeMessage:
        """``user`` writes to the bot in DMs."""
        return await self.send_message(self.dm_channel(user), user, content, **kw)

    # ------------------------------------------------------------------------------------------------ interactions

    def _interaction_payload(self, itype: int, data: dict, user: User, channel: Channel, *,
                             message: FakeMessage | None, permissions: Any, app_permissions: Any,
                             locale: str) -> tuple[dict, int, str]:
        iid = self.snowflake()
        token = f"fakeinteraction.{iid}.{secrets.token_urlsafe(24)}"
        payload: dict[str, Any] = {
            "id": str(iid),
            "application_id": str(self.application_id),
            "type": itype,
            "data": data,
            "token": token,
            "version": 1,
            "locale": locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": 10 * 1024 * 1024,
            "channel_id": str(channel.id),
        }
        guild = channel.guild
        channel_payload = channel.to_payload()
        if guild is not None:
            member = guild.get_member(user)
            if member is None:
                raise ValueError(f"{user} is not a member of {guild}")
            perms = perm_value(permissions) if permissions is not None else guild.permissions_for(member, channel)
            app_perms = (perm_value(app_permissions) if app_permissions is not None
                         else guild.permissions_for(guild.bot_member, channel) if self.bot_user.id in guild.members
                         else 0)
            channel_payload["permissions"] = str(perms)
            payload.update(
                guild_id=str(guild.id),
                guild_locale=guild.locale,
                guild={"id": str(guild.id), "locale": guild.locale, "features": []},
                member=member.to_payload(permissions=perms),
                app_permissions=str(app_perms),
                authorizing_integration_owners={"0": str(guild.id)},
                context=0,
            )
        else:
            app_perms = perm_value(app_permissions) if app_permissions is not None else DM_APP_PERMISSIONS
            payload.update(user=user.to_payload(), app_permissions=str(app_perms),
                           authorizing_integration_owners={"0": "0"}, context=1)
        payload["channel"] = channel_payload
        if message is not None:
            payload["message"] = message.to_payload(self)
        return payload, iid, token

    async def _dispatch_interaction(self, itype: int, data: dict, user: User | Member | int, channel: Channel, *,
                                    message: FakeMessage | None = None, permissions: Any = None,
                                    app_permissions: Any = None, locale: str = "en-US") -> InteractionHandle:
        u = self.user(user)
        payload, iid, token = self._interaction_payload(itype, data, u, channel, message=message,
                                                        permissions=permissions, app_permissions=app_permissions,
                                                        locale=locale)
        handle = InteractionHandle(self, id=iid, token=token, type=itype, payload=payload, user=u, channel=channel,
                                   deadline=self.interaction_deadline, token_lifetime=self.token_lifetime,
                                   component_message=message)
        self._interactions[iid] = handle
        self._by_token[token] = handle
        handle.dispatched_at = time.monotonic()
        await self.dispatch("INTERACTION_CREATE", payload, guild_id=channel.guild_id)
        return handle

    @property
    def interactions(self) -> list[InteractionHandle]:
        return list(self._interactions.values())

    def commands(self, guild: Guild | int | None = None) -> list[dict]:
        """Commands as last synced globally (``guild=None``) or to ``guild``."""
        return list(self.synced_commands.get(_id(guild), []))

    def command(self, name: str, guild: Guild | int | None = None, *, type: int = 1) -> dict | None:
        for c in self.synced_commands.get(_id(guild), []):
            if c["name"] == name and c.get("type", 1) == type:
                return c
        return None

    def _find_command(self, name: str, guild: Guild | None, ctype: int = 1) -> tuple[dict | None, Guild | None]:
        if guild is not None:
            cmd = self.command(name, guild, type=ctype)
            if cmd is not None:
                return cmd, guild
        return self.command(name, None, type=ctype), None

    def _check_available(self, cmd: dict, scope: Guild | None, channel: Channel, user: User) -> None:
        guild = channel.guild
        contexts = cmd.get("contexts")
        if guild is None:
            if scope is not None:
                raise CommandUnavailable(f"/{cmd['name']} is a guild command; not available in DMs")
            if contexts is not None and 1 not in contexts:
                raise CommandUnavailable(f"/{cmd['name']} contexts {contexts} exclude bot DMs")
            if contexts is None and cmd.get("dm_permission") is False:
                raise CommandUnavailable(f"/{cmd['name']} has dm_permission false")
            return
        if contexts is not None and 0 not in contexts:
            raise CommandUnavailable(f"/{cmd['name']} contexts {contexts} exclude guilds")
        required = cmd.get("default_member_permissions")
        if required is not None:
            member = guild.get_member(user)
            perms = guild.base_permissions(member) if member else 0
            need = int(required)
            if not perms & ADMINISTRATOR and (need == 0 or perms & need != need):
                raise CommandUnavailable(f"/{cmd['name']} needs default_member_permissions={need}; {user.username} "
                                         f"has {perms}")

    def _infer_type(self, value: Any) -> int:
        if isinstance(value, bool):
            return 5
        if isinstance(value, int):
            return 4
        if isinstance(value, float):
            return 10
        if isinstance(value, str):
            return 3
        if isinstance(value, User | Member):
            return 6
        if isinstance(value, Channel):
            return 7
        if isinstance(value, Role):
            return 8
        if isinstance(value, FakeAttachment | bytes | tuple):
            return 11
        raise TypeError(f"cannot infer an option type for {value!r}")

    def _option(self, name: str, value: Any, otype: int, resolved: dict, channel: Channel,
                focused: bool) -> dict[str, Any]:
        guild = channel.guild
        if focused:
            return {"name": name, "type": otype, "value": value if isinstance(value, str) else str(value),
                    "focused": True}
        otype_for_value = (8 if isinstance(value, Role) else 6) if otype == 9 else otype
        if otype_for_value == 6:
            user = self.user(value)
            resolved.setdefault("users", {})[str(user.id)] = user.to_payload()
            member = guild.get_member(user) if guild else None
            if member is not None:
                perms = guild.permissions_for(member, channel)  # type: ignore[union-attr]
                resolved.setdefault("members", {})[str(user.id)] = member.to_payload(with_user=False,
                                                                                      permissions=perms)
            v: Any = str(user.id)
        elif otype_for_value == 7:
            ch = self.channel(value)
            entry = {"id": str(ch.id), "name": ch.name, "type": ch.type, "permissions": str(self._bot_perms(ch))}
            if ch.parent_id:
                entry["parent_id"] = str(ch.parent_id)
            if ch.is_thread:
                entry["thread_metadata"] = ch.to_payload()["thread_metadata"]
            resolved.setdefault("channels", {})[str(ch.id)] = entry
            v = str(ch.id)
        elif otype_for_value == 8:
            if guild is None:
                raise ValueError("role options need a guild")
            role = value if isinstance(value, Role) else guild.roles[_id(value)]  # type: ignore[index]
            resolved.setdefault("roles", {})[str(role.id)] = role.to_payload()
            v = str(role.id)
        elif otype_for_value == 11:
            if isinstance(value, bytes):
                value = FakeAttachment("file.bin", value)
            elif isinstance(value, tuple):
                value = FakeAttachment(*value)
            att = self._register_attachment(value, channel.id)
            att["ephemeral"] = True
            resolved.setdefault("attachments", {})[att["id"]] = att
            v = att["id"]
        elif otype_for_value == 4:
            v = int(value)
        elif otype_for_value == 10:
            v = float(value) if not isinstance(value, int) else value
        elif otype_for_value == 5:
            v = bool(value)
        else:
            v = str(value)
        return {"name": name, "type": otype, "value": v}

    def _check_option_value(self, cmd_name: str, schema: dict, value: Any) -> None:
        choices = schema.get("choices")
        if choices and value not in [c["value"] for c in choices]:
            raise ValueError(f"/{cmd_name} {schema['name']}: {value!r} is not one of the choices "
                             f"{[c['value'] for c in choices]}")
        if isinstance(value, int | float) and not isinstance(value, bool):
            if schema.get("min_value") is not None and value < schema["min_value"]:
                raise ValueError(f"/{cmd_name} {schema['name']}: {value} < min_value {schema['min_value']}")
            if schema.get("max_value") is not None and value > schema["max_value"]:
                raise ValueError(f"/{cmd_name} {schema['name']}: {value} > max_value {schema['max_value']}")
        if isinstance(value, str):
            if schema.get("min_length") is not None and len(value) < schema["min_length"]:
                raise ValueError(f"/{cmd_name} {schema['name']}: shorter than min_length {schema['min_length']}")
            if schema.get("max_length") is not None and len(value) > schema["max_length"]:
                raise ValueError(f"/{cmd_name} {schema['name']}: longer than max_length {schema['max_length']}")

    def _command_data(self, name: str, options: Any, user: User, channel: Channel, *, focused: str | None,
                      check: bool) -> dict[str, Any]:
        parts = name.strip().lstrip("/").split()
        top = parts[0]
        cmd, scope = self._find_command(top, channel.guild)
        if cmd is None and self.strict_commands:
            raise CommandUnavailable(f"/{top} was never synced (strict_commands)")
        if cmd is not None and check:
            self._check_available(cmd, scope, channel, user)
        schema_opts: list[dict] | None = cmd.get("options", []) if cmd is not None else None
        path: list[tuple[str, int]] = []
        for i, sub in enumerate(parts[1:]):
            kind = 1 if i == len(parts) - 2 else 2
            if schema_opts is not None:
                found = next((o for o in schema_opts if o["name"] == sub and o["type"] in (1, 2)), None)
                if found is None:
                    raise ValueError(f"/{top} has no subcommand {sub!r}")
                kind = found["type"]
                schema_opts = found.get("options", [])
            path.append((sub, kind))
        resolved: dict[str, Any] = {}
        if isinstance(options, list):
            leaf = options  # raw option dicts, passed through
        else:
            options = dict(options or {})
            by_name = {o["name"]: o for o in schema_opts or []}
            if schema_opts is not None and check:
                unknown = set(options) - set(by_name)
                if unknown:
                    raise ValueError(f"/{name}: unknown options {sorted(unknown)}; known {sorted(by_name)}")
                missing = [o["name"] for o in schema_opts if o.get("required") and o["name"] not in options
                           and o["name"] != focused]
                if missing:
                    raise ValueError(f"/{name}: missing required options {missing}")
            leaf = []
            for oname, value in options.items():
                schema = by_name.get(oname)
                otype = schema["type"] if schema else self._infer_type(value)
                is_focused = oname == focused
                if schema and check and not is_focused:
                    self._check_option_value(name, schema, value)
                leaf.append(self._option(oname, value, otype, resolved, channel, is_focused))
            if focused is not None and focused not in options:
                raise ValueError(f"focused option {focused!r} must be in options")
        opts = leaf
        for sub, kind in reversed(path):
            opts = [{"name": sub, "type": kind, "options": opts}]
        data: dict[str, Any] = {"id": cmd["id"] if cmd else str(self.snowflake()), "name": top, "type": 1,
                                "options": opts}
        if resolved:
            data["resolved"] = resolved
        if scope is not None:
            data["guild_id"] = str(scope.id)
        return data

    async def invoke_slash(self, name: str, options: dict[str, Any] | list[dict] | None = None, *,
                           user: User | Member | int | None = None, channel: Channel | int | None = None,
                           guild: Guild | int | None = None, permissions: Any = None, app_permissions: Any = None,
                           locale: str = "en-US", check: bool = True, member: User | Member | int | None = None,
                           guild_id: int | None = None, channel_id: int | None = None) -> InteractionHandle:
        """``user`` runs ``/name`` (``"group sub"`` for subcommands) with ``options`` ({name: value}; values may be
        str/int/float/bool, User/Member, Channel, Role, FakeAttachment or (filename, bytes)). In ``channel`` (or the
        first text channel of ``guild``; neither = the user's DM with the bot). Option types come from the synced
        command when there is one (and then availability, required options and choices are checked like
        Discord's client does; ``check=False`` skips that). ``permissions`` overrides member.permissions.
        ``member`` / ``guild_id`` / ``channel_id`` are aliases of ``user`` / ``guild`` / ``channel``."""
        user = user if user is not None else member
        if user is None:
            raise TypeError("invoke_slash needs user= (or member=)")
        channel = channel if channel is not None else channel_id
        guild = guild if guild is not None else guild_id
        ch = self.dm_channel(user) if channel is None and guild is None else self._resolve_channel(channel, guild)
        u = self.user(user)
        data = self._command_data(name, options, u, ch, focused=None, check=check)
        return await self._dispatch_interaction(APPLICATION_COMMAND, data, u, ch, permissions=permissions,
                                                app_permissions=app_permissions, locale=locale)

    async def autocomplete(self, name: str, options: dict[str, Any], *, focused: str, user: User | Member | int,
                           channel: Channel | int | None = None, guild: Guild | int | None = None,
                           timeout: float = 5.0, locale: str = "en-US") -> list[dict]:
        """The user types into option ``focused`` (its value in ``options`` is the partial text); returns the
        choices the bot answered with (callback type 8)."""
        handle = await self.start_autocomplete(name, options, focused=focused, user=user, channel=channel,
                                               guild=guild, locale=locale)
        await handle.wait_ack(timeout)
        return list(handle.choices or [])

    async def start_autocomplete(self, name: str, options: dict[str, Any], *, focused: str,
                                 user: User | Member | int, channel: Channel | int | None = None,
                                 guild: Guild | int | None = None, locale: str = "en-US") -> InteractionHandle:
        ch = self.dm_channel(user) if channel is None and guild is None else self._resolve_channel(channel, guild)
        u = self.user(user)
        data = self._command_data(name, options, u, ch, focused=focused, check=True)
        return await self._dispatch_interaction(APPLICATION_COMMAND_AUTOCOMPLETE, data, u, ch, locale=locale)

    def _find_component(self, message: FakeMessage, custom_id: str) -> dict:
        for c in iter_components(message.components):
            if c.get("custom_id") == custom_id:
                return c
        raise LookupError(f"no component with custom_id {custom_id!r} on message {message.id}; "
                          f"has {message.custom_ids}")

    async def click_button(self, message: FakeMessage | int, custom_id: str, user: User | Member | int, *,
                           permissions: Any = None, locale: str = "en-US") -> InteractionHandle:
        """``user`` clicks the button ``custom_id`` on ``message`` (which must carry it, enabled)."""
        msg = self._messages[_id(message)]  # type: ignore[index]
        comp = self._find_component(msg, custom_id)
        if comp.get("type") != 2:
            raise ValueError(f"{custom_id!r} is not a button (type {comp.get('type')})")
        if comp.get("disabled"):
            raise ValueError(f"button {custom_id!r} is disabled")
        data = {"custom_id": custom_id, "component_type": 2}
        return await self._dispatch_interaction(MESSAGE_COMPONENT, data, user, msg.channel, message=msg,
                                                permissions=permissions, locale=locale)

    async def select(self, message: FakeMessage | int, custom_id: str, values: list[str],
                     user: User | Member | int, *, locale: str = "en-US") -> InteractionHandle:
        """``user`` picks ``values`` in the select menu ``custom_id`` on ``message``."""
        msg = self._messages[_id(message)]  # type: ignore[index]
        comp = self._find_component(msg, custom_id)
        if comp.get("type") not in (3, 5, 6, 7, 8):
            raise ValueError(f"{custom_id!r} is not a select menu")
        data = {"custom_id": custom_id, "component_type": comp["type"], "values": [str(v) for v in values]}
        return await self._dispatch_interaction(MESSAGE_COMPONENT, data, user, msg.channel, message=msg,
                                                locale=locale)

    async def submit_modal(self, handle: InteractionHandle, values: dict[str, str],
                           user: User | Member | int | None = None) -> InteractionHandle:
        """Submit the modal the bot opened on ``handle`` with text-input ``values`` ({custom_id: text})."""
        if handle.modal is None:
            raise ValueError(f"{handle} did not open a modal")
        modal = handle.modal
        components = []
        for comp in modal.get("components") or []:
            if comp.get("type") == 1:
                inner = [{"type": c["type"], "custom_id": c["custom_id"], "value": values.get(c["custom_id"], "")}
                         for c in comp.get("components") or [] if c.get("custom_id")]
                components.append({"type": 1, "components": inner})
            elif comp.get("type") == 18 and isinstance(comp.get("component"), dict):
                c = comp["component"]
                components.append({"type": 18, "component": {"type": c["type"], "custom_id": c["custom_id"],
                                                             "value": values.get(c["custom_id"], "")}})
        data = {"custom_id": modal["custom_id"], "components": components}
        return await self._dispatch_interaction(MODAL_SUBMIT, data, user or handle.user, handle.channel,
                                                message=handle.component_message)

    # ------------------------------------------------------------------------------------------------ HTTP entry

    def _build_routes(self) -> list[tuple[str, re.Pattern, Handler, bool]]:
        S = r"(\d+)"
        table: list[tuple[str, str, Handler, bool]] = [
            ("GET", r"/gateway", self.h_gateway, False),
            ("GET", r"/gateway/bot", self.h_gateway_bot, True),
            ("GET", r"/users/@me", self.h_me, True),
            ("GET", rf"/users/{S}", self.h_get_user, True),
            ("POST", r"/users/@me/channels", self.h_create_dm, True),
            ("GET", r"/(?:oauth2/)?applications/@me", self.h_app_info, True),
            ("GET", rf"/applications/{S}/commands", self.h_get_commands, True),
            ("PUT", rf"/applications/{S}/commands", self.h_put_commands, True),
            ("POST", rf"/applications/{S}/commands", self.h_post_command, True),
            ("GET", rf"/applications/{S}/commands/{S}", self.h_get_command, True),
            ("PATCH", rf"/applications/{S}/commands/{S}", self.h_patch_command, True),
            ("DELETE", rf"/applications/{S}/commands/{S}", self.h_delete_command, True),
            ("GET", rf"/applications/{S}/guilds/{S}/commands", self.h_get_commands, True),
            ("PUT", rf"/applications/{S}/guilds/{S}/commands", self.h_put_commands, True),
            ("POST", rf"/applications/{S}/guilds/{S}/commands", self.h_post_command, True),
            ("GET", rf"/applications/{S}/guilds/{S}/commands/permissions", self.h_command_permissions, True),
            ("GET", rf"/applications/{S}/guilds/{S}/commands/{S}", self.h_get_command, True),
            ("PATCH", rf"/applications/{S}/guilds/{S}/commands/{S}", self.h_patch_command, True),
            ("DELETE", rf"/applications/{S}/guilds/{S}/commands/{S}", self.h_delete_command, True),
            ("GET", rf"/channels/{S}", self.h_get_channel, True),
            ("POST", rf"/channels/{S}/typing", self.h_typing, True),
            ("GET", rf"/channels/{S}/messages", self.h_list_messages, True),
            ("POST", rf"/channels/{S}/messages", self.h_create_message, True),
            ("GET", rf"/channels/{S}/messages/{S}", self.h_get_message, True),
            ("PATCH", rf"/channels/{S}/messages/{S}", self.h_edit_message, True),
            ("DELETE", rf"/channels/{S}/messages/{S}", self.h_delete_message, True),
            ("PUT", rf"/channels/{S}/messages/{S}/reactions/([^/]+)/@me", self.h_add_reaction, True),
            ("DELETE", rf"/channels/{S}/messages/{S}/reactions/([^/]+)/@me", self.h_remove_reaction, True),
            ("POST", rf"/channels/{S}/threads", self.h_create_thread, True),
            ("POST", rf"/channels/{S}/messages/{S}/threads", self.h_create_thread_from_message, True),
            ("PUT", rf"/channels/{S}/thread-members/@me", self.h_no_content, True),
            ("DELETE", rf"/channels/{S}/thread-members/@me", self.h_no_content, True),
            ("GET", rf"/guilds/{S}", self.h_get_guild, True),
            ("GET", rf"/guilds/{S}/channels", self.h_guild_channels, True),
            ("GET", rf"/guilds/{S}/roles", self.h_guild_roles, True),
            ("GET", rf"/guilds/{S}/members", self.h_guild_members, True),
            ("GET", rf"/guilds/{S}/members/{S}", self.h_guild_member, True),
            ("POST", rf"/interactions/{S}/([^/]+)/callback", self.h_callback, False),
            ("POST", rf"/webhooks/{S}/([^/]+)", self.h_webhook_execute, False),
            ("GET", rf"/webhooks/{S}/([^/]+)/messages/(@original|\d+)", self.h_webhook_get, False),
            ("PATCH", rf"/webhooks/{S}/([^/]+)/messages/(@original|\d+)", self.h_webhook_edit, False),
            ("DELETE", rf"/webhooks/{S}/([^/]+)/messages/(@original|\d+)", self.h_webhook_delete, False),
        ]
        return [(m, re.compile(f"^{p}$"), h, auth) for m, p, h, auth in table]

    async def _entry(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        if request.headers.get("Upgrade", "").lower() == "websocket" and path in ("/", "/gateway", "/gateway/"):
            return await self._ws_entry(request)
        if path.startswith("/attachments/"):
            return self._cdn_entry(request)
        if not path.startswith("/api/v10/"):
            return self._unknown(request, f"not under /api/v10: {path}")
        api_path = path[len("/api/v10"):]
        for method, pattern, handler, needs_auth in self._routes:
            match = pattern.match(api_path)
            if match and method == request.method:
                if needs_auth and request.headers.get("Authorization") != f"Bot {self.token}":
                    return self._error(request, 401, 0, "401: Unauthorized", kind="unauthorized")
                try:
                    body, files = await self._read_body(request)
                except ValueError as exc:
                    return self._error(request, 400, 50109, "The request body contains invalid JSON.",
                                       kind="bad_body", details=str(exc))
                record = RequestRecord(request.method, api_path, dict(request.query), body, files)
                self.requests.append(record)
                try:
                    response = await handler(request, *match.groups(), body=body, files=files)
                except _Reply as reply:
                    response = reply.response
                record.status = response.status
                record.response = getattr(response, "text", None)
                self._changed.notify()
                return response
        return self._unknown(request, f"{request.method} {api_path}")

    def _unknown(self, request: web.Request, what: str) -> web.Response:
        self.unknown_routes.append(what)
        return self._error(request, 404, 0, "404: Not Found", kind="unknown_route", details=what)

    def _cdn_entry(self, request: web.Request) -> web.Response:
        parts = request.path.split("/")
        try:
            f = self._cdn[int(parts[3])]
        except (IndexError, ValueError, KeyError):
            return self._unknown(request, f"CDN {request.path}")
        return web.Response(body=f.data, content_type=f.content_type or "application/octet-stream")

    async def _ws_entry(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(max_msg_size=0, autoping=True)
        await ws.prepare(request)
        conn = GatewayConnection(self, request, ws)
        self._connections.append(conn)
        self.gateway_connections.append(conn.info)
        try:
            await conn.run()
        finally:
            conn.live = False
            if conn in self._connections:
                self._connections.remove(conn)
            session = conn.session
            clean_close = conn.info.closed_by == "client" and conn.info.close_code in (1000, 1001)
            if session is not None and session.conn is conn and clean_close:
                session.invalidated = True  # a clean client close ends the session, like Discord
                if self._active.get(session.shard_id) is session:
                    del self._active[session.shard_id]
            self._changed.notify()
        return ws

    async def _read_body(self, request: web.Request) -> tuple[Any, list[FakeFile]]:
        ctype = request.content_type
        files: list[FakeFile] = []
        if ctype == "multipart/form-data":
            body: Any = None
            reader = await request.multipart()
            async for part in reader:
                if part.filename:
                    data = await part.read(decode=False)
                    files.append(FakeFile(part.filename, bytes(data), part.headers.get("Content-Type"),
                                          field_name=part.name))
                elif part.name == "payload_json":
                    body = json.loads(await part.text())
                else:
                    await part.read()
            return body, files
        raw = await request.read()
        if not raw:
            return None, files
        if ctype == "application/json":
            return json.loads(raw), files
        return raw.decode("utf-8", "replace"), files

    # ------------------------------------------------------------------------------------------------ REST: misc

    def _json(self, data: Any, status: int = 200) -> web.Response:
        return json_response(data, status)

    async def h_no_content(self, request: web.Request, *args: Any, **kw: Any) -> web.Response:
        return web.Response(status=204)

    async def h_gateway(self, request: web.Request, **kw: Any) -> web.Response:
        return self._json({"url": self.gateway_url})

    async def h_gateway_bot(self, request: web.Request, **kw: Any) -> web.Response:
        return self._json({"url": self.gateway_url, "shards": self.shards,
                           "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 14_400_000,
                                                   "max_concurrency": 1}})

    async def h_me(self, request: web.Request, **kw: Any) -> web.Response:
        return self._json({**self.bot_user.to_payload(), "bot": True, "verified": True, "mfa_enabled": False,
                           "flags": 0, "locale": "en-US", "email": None})

    async def h_get_user(self, request: web.Request, user_id: str, **kw: Any) -> web.Response:
        user = self._users.get(int(user_id))
        if user is None:
            return self._error(request, 404, 10013, "Unknown User", kind="unknown_user")
        return self._json(user.to_payload())

    async def h_app_info(self, request: web.Request, **kw: Any) -> web.Response:
        return self._json({
            "id": str(self.application_id), "name": self.bot_user.username, "icon": None, "description": "",
            "summary": "", "type": None, "hook": True, "bot_public": True, "bot_require_code_grant": False,
            "verify_key": "0" * 64, "flags": self.application_flags, "owner": self.owner_user.to_payload(),
            "team": None, "rpc_origins": [], "interactions_endpoint_url": None, "tags": [],
            "bot": {**self.bot_user.to_payload(), "bot": True}, "redirect_uris": [],
            "approximate_guild_count": len(self._guilds), "integration_types_config": {"0": {}},
        })

    async def h_create_dm(self, request: web.Request, *, body: Any, **kw: Any) -> web.Response:
        rid = int((body or {}).get("recipient_id", 0))
        if rid not in self._users:
            return self._error(request, 400, 50035, "Invalid Form Body", kind="unknown_user",
                               errors={"recipient_id": {"_errors": [{"code": "USER_NOT_FOUND",
                                                                     "message": "Unknown user"}]}})
        return self._json(self.dm_channel(rid).to_payload())

    # ------------------------------------------------------------------------------------------------ REST: commands

    def _scope(self, guild_id: str | None) -> int | None:
        return int(guild_id) if guild_id else None

    def _check_app(self, request: web.Request, app_id: str) -> None:
        if int(app_id) != self.application_id:
            raise _Reply(self._error(request, 403, 50001, "Missing Access", kind="wrong_application",
                                     details=f"application id {app_id}"))

    def _check_guild(self, request: web.Request, guild_id: int | None) -> None:
        if guild_id is not None and guild_id not in self._guilds:
            raise _Reply(self._error(request, 403, 50001, "Missing Access", kind="unknown_guild",
                                     details=f"guild {guild_id}"))

    def _stored_command(self, data: dict, guild_id: int | None, existing: list[dict]) -> dict:
        prev = next((c for c in existing if c["name"] == data.get("name") and c.get("type", 1) ==
                     data.get("type", 1)), None)
        cmd = {
            "id": prev["id"] if prev else str(self.snowflake()),
            "application_id": str(self.application_id),
            "version": str(self.snowflake()),
            "type": data.get("type", 1),
            "name": data.get("name"),
            "description": data.get("description", ""),
            "options": data.get("options", []),
            "default_member_permissions": (None if data.get("default_member_permissions") is None
                                           else str(data["default_member_permissions"])),
            "nsfw": data.get("nsfw", False),
            "name_localizations": data.get("name_localizations"),
            "description_localizations": data.get("description_localizations"),
        }
        if guild_id is not None:
            cmd["guild_id"] = str(guild_id)
        else:
            cmd["contexts"] = data.get("contexts")
            cmd["integration_types"] = data.get("integration_types") or [0]
            if "dm_permission" in data:
                cmd["dm_permission"] = data["dm_permission"]
        return cmd

    async def h_get_commands(self, request: web.Request, app_id: str, guild_id: str | None = None,
                             **kw: Any) -> web.Response:
        self._check_app(request, app_id)
        return self._json(self.synced_commands.get(self._scope(guild_id), []))

    async def h_put_commands(self, request: web.Request, app_id: str, guild_id: str | None = None, *, body: Any,
                             **kw: Any) -> web.Response:
        self._check_app(request, app_id)
        scope = self._scope(guild_id)
        self._check_guild(request, scope)
        self.sync_calls.append(SyncCall(scope, "PUT", body))
        errors = V.validate_commands(body)
        if errors:
            return self._form_error(request, errors)
        existing = self.synced_commands.get(scope, [])
        self.synced_commands[scope] = [self._stored_command(c, scope, existing) for c in body]
        return self._json(self.synced_commands[scope])

    async def h_post_command(self, request: web.Request, app_id: str, guild_id: str | None = None, *, body: Any,
                             **kw: Any) -> web.Response:
        self._check_app(request, app_id)
        scope = self._scope(guild_id)
        self._check_guild(request, scope)
        self.sync_calls.append(SyncCall(scope, "POST", body))
        errors = V.validate_commands([body])
        if errors:
            return self._form_error(request, errors)
        existing = self.synced_commands.setdefault(scope, [])
        cmd = self._stored_command(body, scope, existing)
        self.synced_commands[scope] = [c for c in existing if c["id"] != cmd["id"]] + [cmd]
        return self._json(cmd, 201)

    def _command_by_id(self, request: web.Request, scope: int | None, cmd_id: str) -> dict:
        for c in self.synced_commands.get(scope, []):
            if c["id"] == cmd_id:
                return c
        raise _Reply(self._error(request, 404, 10063, "Unknown application command", kind="unknown_command"))

    async def h_get_command(self, request: web.Request, app_id: str, *ids: str, **kw: Any) -> web.Response:
        scope, cmd_id = (int(ids[0]), ids[1]) if len(ids) == 2 else (None, ids[0])
        return self._json(self._command_by_id(request, scope, cmd_id))

    async def h_patch_command(self, request: web.Request, app_id: str, *ids: str, body: Any,
                              **kw: Any) -> web.Response:
        scope, cmd_id = (int(ids[0]), ids[1]) if len(ids) == 2 else (None, ids[0])
        cmd = self._command_by_id(request, scope, cmd_id)
        self.sync_calls.append(SyncCall(scope, "PATCH", body))
        cmd.update({k: v for k, v in (body or {}).items() if k in cmd or k in ("contexts", "dm_permission")})
        return self._json(cmd)

    async def h_delete_command(self, request: web.Request, app_id: str, *ids: str, **kw: Any) -> web.Response:
        scope, cmd_id = (int(ids[0]), ids[1]) if len(ids) == 2 else (None, ids[0])
        self._command_by_id(request, scope, cmd_id)
        self.sync_calls.append(SyncCall(scope, "DELETE", cmd_id))
        self.synced_commands[scope] = [c for c in self.synced_commands.get(scope, []) if c["id"] != cmd_id]
        return web.Response(status=204)

    async def h_command_permissions(self, request: web.Request, *a: Any, **kw: Any) -> web.Response:
        return self._json([])

    # ------------------------------------------------------------------------------------------------ REST: channels

    def _channel_or_404(self, request: web.Request, channel_id: str) -> Channel:
        channel = self._channels.get(int(channel_id))
        if channel is None:
            raise _Reply(self._error(request, 404, 10003, "Unknown Channel", kind="unknown_channel",
                                     details=channel_id))
        return channel

    def _message_or_404(self, request: web.Request, channel: Channel, message_id: str) -> FakeMessage:
        msg = self._messages.get(int(message_id))
        if msg is None or msg.channel.id != channel.id or msg.deleted or msg.ephemeral:
            raise _Reply(self._error(request, 404, 10008, "Unknown Message", kind="unknown_message",
                                     details=message_id))
        return msg

    def _bot_perms(self, channel: Channel) -> int:
        guild = channel.guild
        if guild is None:
            return DM_APP_PERMISSIONS
        if self.bot_user.id not in guild.members:
            return 0
        return guild.permissions_for(guild.bot_member, channel)

    def _require(self, request: web.Request, channel: Channel, bits: int, what: str) -> None:
        perms = self._bot_perms(channel)
        if not perms & VIEW_CHANNEL:
            raise _Reply(self._error(request, 403, 50001, "Missing Access", kind="missing_access",
                                     details=f"bot cannot view {channel}"))
        if perms & bits != bits:
            raise _Reply(self._error(request, 403, 50013, "Missing Permissions", kind="missing_permissions",
                                     details=f"{what} in {channel}"))

    async def h_get_channel(self, request: web.Request, channel_id: str, **kw: Any) -> web.Response:
        channel = self._channel_or_404(request, channel_id)
        return self._json(channel.to_payload())

    async def h_typing(self, request: web.Request, channel_id: str, **kw: Any) -> web.Response:
        channel = self._channel_or_404(request, channel_id)
        self.typing.append((channel.id, time.monotonic()))
        return web.Response(status=204)

    async def h_list_messages(self, request: web.Request, channel_id: str, **kw: Any) -> web.Response:
        channel = self._channel_or_404(request, channel_id)
        if channel.guild is not None:
            self._require(request, channel, 1 << 16, "READ_MESSAGE_HISTORY")
        q = request.query
        limit = min(int(q.get("limit", 50)), 100)
        msgs = [m for m in self.messages(channel, include_ephemeral=False)]
        if "before" in q:
            msgs = [m for m in msgs if m.id < int(q["before"])]
        if "after" in q:
            msgs = [m for m in msgs if m.id > int(q["after"])]
            msgs = msgs[:limit]
        elif "around" in q:
            around = int(q["around"])
            older = [m for m in msgs if m.id <= around][-(limit // 2 + 1):]
            newer = [m for m in msgs if m.id > around][: limit - len(older)]
            msgs = older + newer
        else:
            msgs = msgs[-limit:]
        return self._json([m.to_payload(self) for m in reversed(msgs)])

    async def h_get_message(self, request: web.Request, channel_id: str, message_id: str, **kw: Any) -> web.Response:
        channel = self._channel_or_404(request, channel_id)
        return self._json(self._message_or_404(request, channel, message_id).to_payload(self))

    def _attachments_for(self, channel: Channel, payload: dict, files: list[FakeFile],
                         existing: list[dict] | None) -> tuple[list[dict], list[FakeFile]]:
        """Map ``payload['attachments']`` (ids = indexes into files[n], or ids of existing attachments to keep)."""
        specs = payload.get("attachments")
        by_field = {}
        for i, f in enumerate(files):
            idx = i
            if f.field_name and (m := re.match(r"files\[(\d+)\]", f.field_name)):
                idx = int(m.group(1))
            by_field[idx] = f
        out: list[dict] = []
        kept_files: list[FakeFile] = []
        if specs is None:
            out = list(existing or [])
            for f in files:
                out.append(self._register_attachment(f, channel.id))
                kept_files.append(f)
            return out, kept_files
        existing_by_id = {a["id"]: a for a in existing or []}
        for spec in specs:
            sid = spec.get("id")
            if isinstance(sid, int) or (isinstance(sid, str) and sid.isdigit() and int(sid) in by_field
                                        and str(sid) not in existing_by_id):
                f = by_field.get(int(sid))
                if f is None:
                    continue
                if spec.get("filename"):
                    f.filename = spec["filename"]
                if spec.get("description"):
                    f.description = spec["description"]
                out.append(self._register_attachment(f, channel.id))
                kept_files.append(f)
            elif str(sid) in existing_by_id:
                out.append(existing_by_id[str(sid)])
        return out, kept_files

    def _validate_outgoing(self, request: web.Request, payload: dict, n_files: int, *, base: list | None = None,
                           allow_empty: bool = False) -> None:
        errors = V.validate_message(payload, base=base)
        if errors:
            raise _Reply(self._form_error(request, errors))
        if not allow_empty and V.is_empty_message(payload, n_files):
            raise _Reply(self._error(request, 400, 50006, "Cannot send an empty message", kind="empty_message"))

    def _new_bot_message(self, channel: Channel, payload: dict, files: list[FakeFile], *, source: str,
                         flags: int = 0, interaction: InteractionHandle | None = None) -> FakeMessage:
        attachments, kept = self._attachments_for(channel, payload, files, None)
        referenced = None
        ref = payload.get("message_reference")
        if ref and ref.get("message_id"):
            referenced = self._messages.get(int(ref["message_id"]))
        msg = FakeMessage(
            id=self.snowflake(), channel=channel, author=self.bot_user, content=payload.get("content") or "",
            embeds=payload.get("embeds"), attachments=attachments, files=kept,
            components=payload.get("components"), flags=(payload.get("flags") or 0) | flags,
            allowed_mentions=payload.get("allowed_mentions"),
            message_reference=({"type": 0, "message_id": str(referenced.id), "channel_id": str(referenced.channel.id),
                                **({"guild_id": str(referenced.guild_id)} if referenced.guild_id else {})}
                               if referenced else None),
            source=source, referenced=referenced, tts=bool(payload.get("tts")), type=19 if referenced else 0,
            webhook_id=self.application_id if interaction else None,
            interaction_id=interaction.id if interaction else None,
        )
        if interaction is not None:
            msg.type = 20 if interaction.type == APPLICATION_COMMAND and source == "interaction" else msg.type
            msg.interaction_metadata = {"id": str(interaction.id), "type": interaction.type,
                                        "user": interaction.user.to_payload(),
                                        "authorizing_integration_owners": interaction.payload.get(
                                            "authorizing_integration_owners", {})}
            if interaction.type == APPLICATION_COMMAND:
                msg.interaction_metadata["name"] = interaction.name
        return self._store_message(msg)

    def _apply_edit(self, request: web.Request, msg: FakeMessage, payload: dict, files: list[FakeFile],
                    *, base: list | None = None) -> None:
        merged = {
            "content": payload.get("content", msg.content),
            "embeds": payload.get("embeds", msg.embeds),
            "components": payload.get("components", msg.components),
            "flags": payload.get("flags", msg.flags),
        }
        attachments, _kept = self._attachments_for(msg.channel, payload, files, msg.attachments) \
            if ("attachments" in payload or files) else (msg.attachments, [])
        merged["attachments"] = attachments
        self._validate_outgoing(request, merged, 0, base=base, allow_empty=False)
        msg.content = merged["content"] or ""
        msg.embeds = list(merged["embeds"] or [])
        msg.components = list(merged["components"] or [])
        if "attachments" in payload or files:
            msg.attachments = attachments
            msg.files = [self._cdn[int(a["id"])] for a in attachments if int(a["id"]) in self._cdn]
        if "flags" in payload and payload["flags"] is not None:
            msg.flags = (payload["flags"] & ~(EPHEMERAL | LOADING)) | (msg.flags & EPHEMERAL)
        msg.flags &= ~LOADING
        if "allowed_mentions" in payload:
            msg.allowed_mentions = payload["allowed_mentions"]
        msg.edits.append(payload)
        msg.edited_timestamp = iso()
        self._changed.notify()

    def _echo(self, event: str, msg: FakeMessage) -> None:
        if self.echo_bot_messages and not msg.ephemeral:
            self._spawn(self._deliver_message_event(event, msg, raise_if_offline=False))

    async def h_create_message(self, request: web.Request, channel_id: str, *, body: Any, files: list[FakeFile],
                               **kw: Any) -> web.Response:
        channel = self._channel_or_404(request, channel_id)
        payload = body or {}
        if channel.guild is not None:
            self._require(request, channel, SEND_MESSAGES_IN_THREADS if channel.is_thread else SEND_MESSAGES,
                          "SEND_MESSAGES")
            if files:
                self._require(request, channel, ATTACH_FILES, "ATTACH_FILES")
            if channel.is_thread and (channel.archived or channel.locked):
                return self._error(request, 400, 50083, "Thread is archived", kind="thread_archived")
        elif channel.type == DM:
            recipient = channel.recipients[0]
            if not recipient.dms_open or recipient.bot:
                return self._error(request, 403, 50007, "Cannot send messages to this user", kind="dm_closed",
                                   details=recipient.username)
        self._validate_outgoing(request, payload, len(files))
        ref = payload.get("message_reference")
        if ref and ref.get("message_id"):
            target = self._messages.get(int(ref["message_id"]))
            if (target is None or target.deleted) and ref.get("fail_if_not_exists", True):
                return self._error(request, 400, 50035, "Invalid Form Body", kind="invalid_form_body",
                                   errors={"message_reference": {"_errors": [{
                                       "code": "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "message": "Unknown message"}]}})
        msg = self._new_bot_message(channel, payload, files, source="rest")
        self._echo("MESSAGE_CREATE", msg)
        return self._json(msg.to_payload(self))

    async def h_edit_message(self, request: web.Request, channel_id: str, message_id: str, *, body: Any,
                             files: list[FakeFile], **kw: Any) -> web.Response:
        channel = self._channel_or_404(request, channel_id)
        msg = self._message_or_404(request, channel, message_id)
        if msg.author.id != self.bot_user.id:
            only_flags = set((body or {}).keys()) <= {"flags"}
            if not only_flags:
                return self._error(request, 403, 50005, "Cannot edit a message authored by another user",
                                   kind="edit_foreign_message")
        self._apply_edit(request, msg, body or {}, files)
        self._echo("MESSAGE_UPDATE", msg)
        return self._json(msg.to_payload(self))

    async def h_delete_message(self, request: web.Request, channel_id: str, message_id: str,
                               **kw: Any) -> web.Response:
        channel = self._channel_or_404(request, channel_id)
        msg = self._message_or_404(request, channel, message_id)
        if msg.author.id != self.bot_user.id and channel.guild is not None:
            self._require(request, channel, MANAGE_MESSAGES, "MANAGE_MESSAGES")
        msg.deleted = True
        self._changed.notify()
        self._echo("MESSAGE_DELETE", msg)
        return web.Response(status=204)

    async def h_add_reaction(self, request: web.Request, channel_id: str, message_id: str, emoji: str,
                             **kw: Any) -> web.Response:
        channel = self._channel_or_404(request, channel_id)
        msg = self._message_or_404(request, channel, message_id)
        msg.reactions.append(unquote(emoji))
        self._changed.notify()
        return web.Response(status=204)

    async def h_remove_reaction(self, request: web.Request, channel_id: str, message_id: str, emoji: str,
                                **kw: Any) -> web.Response:
        channel = self._channel_or_404(request, channel_id)
        msg = self._message_or_404(request, channel, message_id)
        with contextlib.suppress(ValueError):
            msg.reactions.remove(unquote(emoji))
        return web.Response(status=204)

    async def _new_thread(self, request: web.Request, parent: Channel, body: dict,
                          thread_id: int | None = None) -> web.Response:
        guild = parent.guild
        if guild is None or parent.type != GUILD_TEXT:
            return self._error(request, 400, 50024, "Cannot execute action on this channel type",
                               kind="bad_channel_type")
        private = (body or {}).get("type") == 12
        self._require(request, parent, CREATE_PRIVATE_THREADS if private else CREATE_PUBLIC_THREADS,
                      "CREATE_THREADS")
        name = (body or {}).get("name") or ""
        if not name or len(name) > 100:
            errors = V.ErrorTree()
            errors.add(["name"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
            return self._form_error(request, errors)
        thread = guild.add_thread(parent, name, owner=self.bot_user, private=private, thread_id=thread_id)
        payload = thread.to_payload()
        payload["member"] = {"id": str(thread.id), "user_id": str(self.bot_user.id), "join_timestamp": iso(),
                             "flags": 0}
        if self._active:
            self._spawn(self._dispatch_quiet("THREAD_CREATE", {**payload, "newly_created": True}, guild.id))
        return self._json(payload, 201)

    async def _dispatch_quiet(self, event: str, data: Any, guild_id: int | None) -> None:
        with contextlib.suppress(FakeDiscordError):
            await self.dispatch(event, data, guild_id=guild_id)

    async def h_create_thread(self, request: web.Request, channel_id: str, *, body: Any, **kw: Any) -> web.Response:
        parent = self._channel_or_404(request, channel_id)
        return await self._new_thread(request, parent, body or {})

    async def h_create_thread_from_message(self, request: web.Request, channel_id: str, message_id: str, *,
                                           body: Any, **kw: Any) -> web.Response:
        parent = self._channel_or_404(request, channel_id)
        msg = self._message_or_404(request, parent, message_id)
        if msg.id in self._channels:
            return self._error(request, 400, 160004, "A thread has already been created for this message",
                               kind="thread_exists")
        return await self._new_thread(request, parent, {**(body or {}), "type": 11}, thread_id=msg.id)

    # ------------------------------------------------------------------------------------------------ REST: guilds

    def _guild_or_404(self, request: web.Request, guild_id: str) -> Guild:
        guild = self._guilds.get(int(guild_id))
        if guild is None:
            raise _Reply(self._error(request, 404, 10004, "Unknown Guild", kind="unknown_guild"))
        return guild

    async def h_get_guild(self, request: web.Request, guild_id: str, **kw: Any) -> web.Response:
        guild = self._guild_or_404(request, guild_id)
        data = guild.to_payload()
        for key in ("members", "channels", "threads", "presences", "voice_states", "joined_at", "large",
                    "member_count", "unavailable"):
            data.pop(key, None)
        data["approximate_member_count"] = len(guild.members)
        return self._json(data)

    async def h_guild_channels(self, request: web.Request, guild_id: str, **kw: Any) -> web.Response:
        guild = self._guild_or_404(request, guild_id)
        return self._json([c.to_payload() for c in guild.channels.values() if not c.is_thread])

    async def h_guild_roles(self, request: web.Request, guild_id: str, **kw: Any) -> web.Response:
        guild = self._guild_or_404(request, guild_id)
        return self._json([r.to_payload() for r in guild.roles.values()])

    async def h_guild_members(self, request: web.Request, guild_id: str, **kw: Any) -> web.Response:
        guild = self._guild_or_404(request, guild_id)
        if "members" not in self.privileged_intents:
            return self._error(request, 403, 50001, "Missing Access", kind="missing_access",
                               details="listing members needs the GUILD_MEMBERS intent enabled")
        after = int(request.query.get("after", 0))
        limit = int(request.query.get("limit", 1))
        members = sorted((m for m in guild.members.values() if m.user.id > after), key=lambda m: m.user.id)
        return self._json([m.to_payload() for m in members[:limit]])

    async def h_guild_member(self, request: web.Request, guild_id: str, user_id: str, **kw: Any) -> web.Response:
        guild = self._guild_or_404(request, guild_id)
        member = guild.get_member(int(user_id))
        if member is None:
            return self._error(request, 404, 10007, "Unknown Member", kind="unknown_member")
        return self._json(member.to_payload())

    # ------------------------------------------------------------------------------------------------ interactions

    def _callback_response(self, request: web.Request, handle: InteractionHandle, cb_type: int,
                           message: FakeMessage | None) -> web.Response:
        if request.query.get("with_response") not in ("1", "true", "True"):
            return web.Response(status=204)
        interaction: dict[str, Any] = {"id": str(handle.id), "type": handle.type}
        resource: dict[str, Any] = {"type": cb_type}
        if message is not None:
            interaction["response_message_id"] = str(message.id)
            interaction["response_message_loading"] = message.loading
            interaction["response_message_ephemeral"] = message.ephemeral
            resource["message"] = message.to_payload(self)
        return self._json({"interaction": interaction, "resource": resource})

    async def h_callback(self, request: web.Request, interaction_id: str, token: str, *, body: Any,
                         files: list[FakeFile], **kw: Any) -> web.Response:
        now = time.monotonic()
        handle = self._interactions.get(int(interaction_id))
        payload = body if isinstance(body, dict) else {}
        cb_type = payload.get("type")
        data = payload.get("data") or {}

        def record(status: int, code: int | None) -> None:
            if handle is not None:
                handle.callbacks.append(CallbackRecord(cb_type, data, now, status, code, list(files)))
                handle._touch()

        if handle is None or handle.token != token:
            record(404, 10062)
            return self._error(request, 404, 10062, "Unknown interaction", kind="unknown_interaction")
        if handle.acked:
            record(400, 40060)
            return self._error(request, 400, 40060, "Interaction has already been acknowledged.",
                               kind="already_acknowledged", details=f"{handle.name!r}: second callback type {cb_type}")
        if now > handle.deadline_at:
            handle.missed_deadline = True
            record(404, 10062)
            return self._error(request, 404, 10062, "Unknown interaction", kind="interaction_expired",
                               details=f"{handle.name!r}: callback {now - handle.dispatched_at:.2f}s after dispatch "
                                       f"(deadline {handle.deadline:.1f}s)")
        if cb_type not in ALLOWED_CALLBACKS.get(handle.type, set()):
            record(400, 50035)
            errors = V.ErrorTree()
            errors.add(["type"], "INTERACTION_CALLBACK_TYPE_INVALID",
                       f"Callback type {cb_type} is invalid for interaction type {handle.type}")
            return self._form_error(request, errors)

        channel = handle.channel
        message: FakeMessage | None = None
        try:
            if cb_type == CHANNEL_MESSAGE_WITH_SOURCE:
                self._validate_outgoing(request, data, len(files), base=["data"])
                message = self._new_bot_message(channel, data, files, source="interaction", interaction=handle)
                handle.original = message
            elif cb_type == DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE:
                flags = LOADING | ((data.get("flags") or 0) & EPHEMERAL)
                message = self._new_bot_message(channel, {"content": ""}, [], source="interaction", flags=flags,
                                                interaction=handle)
                handle.original = message
            elif cb_type == DEFERRED_UPDATE_MESSAGE:
                handle.original = handle.component_message
            elif cb_type == UPDATE_MESSAGE:
                target = handle.component_message
                if target is None:
                    raise _Reply(self._error(request, 400, 50035, "Invalid Form Body", kind="invalid_form_body",
                                             details="UPDATE_MESSAGE without a message"))
                self._apply_edit(request, target, data, files, base=["data"])
                handle.original = target
                message = target
            elif cb_type == APPLICATION_COMMAND_AUTOCOMPLETE_RESULT:
                errors = V.validate_choices(data)
                if errors:
                    raise _Reply(self._form_error(request, errors))
                handle.choices = list(data.get("choices") or [])
            elif cb_type == MODAL:
                errors = V.validate_modal(data)
                if errors:
                    raise _Reply(self._form_error(request, errors))
                handle.modal = data
        except _Reply as reply:
            record(reply.response.status, self.violations[-1].code if self.violations else None)
            return reply.response
        handle.acked_at = now
        handle.response_type = cb_type
        record(200, None)
        if message is not None and cb_type == CHANNEL_MESSAGE_WITH_SOURCE:
            self._echo("MESSAGE_CREATE", message)
        elif message is not None and cb_type == UPDATE_MESSAGE:
            self._echo("MESSAGE_UPDATE", message)
        return self._callback_response(request, handle, cb_type, message)

    def _webhook_handle(self, request: web.Request, app_id: str, token: str) -> InteractionHandle:
        handle = self._by_token.get(token)
        if handle is None or int(app_id) != self.application_id:
            raise _Reply(self._error(request, 404, 10015, "Unknown Webhook", kind="unknown_webhook",
                                     details="not an interaction token of this application"))
        if time.monotonic() - handle.dispatched_at > handle.token_lifetime:
            raise _Reply(self._error(request, 401, 50027, "Invalid Webhook Token", kind="webhook_token_expired",
                                     details=f"{handle.name!r}: interaction token older than "
                                             f"{handle.token_lifetime:.0f}s"))
        if not handle.acked:
            raise _Reply(self._error(request, 404, 10015, "Unknown Webhook", kind="webhook_before_ack",
                                     details=f"{handle.name!r}: follow-up/edit before the interaction was "
                                             "acknowledged"))
        return handle

    def _webhook_message(self, request: web.Request, handle: InteractionHandle, message_id: str) -> FakeMessage:
        if message_id == "@original":
            msg = handle.original
        else:
            msg = next((m for m in [handle.original, *handle.followups] if m is not None and m.id == int(message_id)),
                       None)
        if msg is None or msg.deleted:
            raise _Reply(self._error(request, 404, 10008, "Unknown Message", kind="unknown_message",
                                     details=f"{handle.name!r}: webhook message {message_id}"))
        return msg

    async def h_webhook_execute(self, request: web.Request, app_id: str, token: str, *, body: Any,
                                files: list[FakeFile], **kw: Any) -> web.Response:
        handle = self._webhook_handle(request, app_id, token)
        payload = body if isinstance(body, dict) else {}
        self._validate_outgoing(request, payload, len(files))
        original = handle.original
        if (handle.response_type == DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE and not handle.deferred_resolved
                and original is not None and original.loading and not original.deleted):
            # Discord: the first follow-up after a "thinking" defer becomes the original response (keeps the
            # defer's ephemeral flag; does not ping, it is an edit)
            handle.deferred_resolved = True
            self._apply_edit(request, original, {k: v for k, v in payload.items() if k != "flags"}, files)
            msg = original
            handle.followups.append(msg)
            self._echo("MESSAGE_UPDATE", msg)
        else:
            msg = self._new_bot_message(handle.channel, payload, files, source="followup", interaction=handle)
            handle.followups.append(msg)
            self._echo("MESSAGE_CREATE", msg)
        handle._touch()
        if request.query.get("wait") in ("1", "true", "True"):
            return self._json(msg.to_payload(self))
        return web.Response(status=204)

    async def h_webhook_get(self, request: web.Request, app_id: str, token: str, message_id: str,
                            **kw: Any) -> web.Response:
        handle = self._webhook_handle(request, app_id, token)
        return self._json(self._webhook_message(request, handle, message_id).to_payload(self))

    async def h_webhook_edit(self, request: web.Request, app_id: str, token: str, message_id: str, *, body: Any,
                             files: list[FakeFile], **kw: Any) -> web.Response:
        handle = self._webhook_handle(request, app_id, token)
        msg = self._webhook_message(request, handle, message_id)
        if msg is handle.original and msg.loading:
            handle.deferred_resolved = True
        self._apply_edit(request, msg, body if isinstance(body, dict) else {}, files)
        handle._touch()
        self._echo("MESSAGE_UPDATE", msg)
        return self._json(msg.to_payload(self))

    async def h_webhook_delete(self, request: web.Request, app_id: str, token: str, message_id: str,
                               **kw: Any) -> web.Response:
        handle = self._webhook_handle(request, app_id, token)
        msg = self._webhook_message(request, handle, message_id)
        msg.deleted = True
        handle._touch()
        self._echo("MESSAGE_DELETE", msg)
        return web.Response(status=204)
