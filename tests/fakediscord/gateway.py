"""The gateway side: HELLO / heartbeats / IDENTIFY -> READY + GUILD_CREATE / RESUME -> replay + RESUMED, sequence
numbers, per-shard sessions that outlive a dropped connection, transport compression as discord.py requests it."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

if TYPE_CHECKING:
    from .server import FakeDiscord

try:  # discord.py asks for zstd-stream when `zstandard` (or 3.14's compression.zstd) is importable
    import zstandard
except ImportError:  # pragma: no cover - depends on the environment
    zstandard = None

# opcodes
DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE_UPDATE, VOICE_STATE_UPDATE = 0, 1, 2, 3, 4
RESUME, RECONNECT, REQUEST_GUILD_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 6, 7, 8, 9, 10, 11

# intents
GUILDS = 1 << 0
GUILD_MEMBERS = 1 << 1
GUILD_PRESENCES = 1 << 8
GUILD_MESSAGES = 1 << 9
DIRECT_MESSAGES = 1 << 12
MESSAGE_CONTENT = 1 << 15
PRIVILEGED = {"members": GUILD_MEMBERS, "presences": GUILD_PRESENCES, "message_content": MESSAGE_CONTENT}


def dumps(obj: Any) -> str:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=True)


@dataclass
class ConnectionInfo:
    """What one WebSocket connection asked for and did (``fake.gateway_connections``)."""

    path: str
    query: dict[str, str]
    opened_at: float
    compression: str | None = None
    op: str | None = None  # "IDENTIFY" / "RESUME"
    shard: tuple[int, int] | None = None
    session_id: str | None = None
    heartbeats: int = 0
    closed_at: float | None = None
    close_code: int | None = None
    closed_by: str | None = None  # "fake" / "client"
    sent: int = 0
    received: list[dict] = field(default_factory=list)


class Session:
    """A gateway session (one per shard per IDENTIFY). Survives connection drops; RESUME replays what was missed."""

    def __init__(self, shard_id: int, shard_count: int, intents: int, identify: dict) -> None:
        self.session_id = uuid.uuid4().hex
        self.shard_id = shard_id
        self.shard_count = shard_count
        self.intents = intents
        self.identify = identify
        self.seq = 0
        self.log: list[dict] = []
        self.conn: GatewayConnection | None = None
        self.lock = asyncio.Lock()
        self.ready_sent = asyncio.Event()
        self.invalidated = False
        self.resumes = 0

    def wants(self, intent: int) -> bool:
        return bool(self.intents & intent)

    async def dispatch(self, event: str, data: Any) -> dict:
        async with self.lock:
            self.seq += 1
            frame = {"op": DISPATCH, "t": event, "s": self.seq, "d": data}
            self.log.append(frame)
            conn = self.conn
            if conn is not None and conn.live:
                await conn.send(frame)
            return frame


class GatewayConnection:
    def __init__(self, fake: FakeDiscord, request: web.Request, ws: web.WebSocketResponse) -> None:
        self.fake = fake
        self.request = request
        self.ws = ws
        self.live = False  # True once IDENTIFY/RESUME succeeded: dispatches go out on it
        self.session: Session | None = None
        query = dict(request.query)
        self.info = ConnectionInfo(path=request.path, query=query, opened_at=time.monotonic())
        compress = query.get("compress") if fake.compress else None
        self._zstd = None
        self._zlib = None
        if compress == "zstd-stream" and zstandard is not None:
            self._zstd = zstandard.ZstdCompressor().compressobj()
        elif compress == "zlib-stream":
            self._zlib = zlib.compressobj()
        self.info.compression = "zstd-stream" if self._zstd else "zlib-stream" if self._zlib else None
        self._send_lock = asyncio.Lock()

    async def send(self, frame: dict) -> None:
        text = dumps(frame)
        async with self._send_lock:
            if self.ws.closed:
                self.live = False
                return
            try:
                if self._zstd is not None:
                    data = self._zstd.compress(text.encode()) + self._zstd.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)
                    await self.ws.send_bytes(data)
                elif self._zlib is not None:
                    data = self._zlib.compress(text.encode()) + self._zlib.flush(zlib.Z_SYNC_FLUSH)
                    await self.ws.send_bytes(data)
                else:
                    await self.ws.send_str(text)
                self.info.sent += 1
            except (ConnectionError, RuntimeError):
                self.live = False

    async def close(self, code: int, *, abrupt: bool = False) -> None:
        self.live = False
        if self.info.closed_at is None:
            self.info.closed_at = time.monotonic()
            self.info.close_code = code
            self.info.closed_by = "fake"
        if abrupt:
            transport = self.request.transport
            if transport is not None:
                transport.abort()
            return
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.ws.close(code=code, message=b"closed by fakediscord"), 2)

    async def run(self) -> None:
        fake = self.fake
        q = self.info.query
        if q.get("v") != "10" or q.get("encoding", "json") != "json":
            fake._record_violation("gateway_query", f"unsupported gateway query {q}", code=4012)
            await self.close(4012)
            return
        await fake._gateway_gate.wait()
        await self.send({"op": HELLO, "d": {"heartbeat_interval": int(fake.heartbeat_interval * 1000)},
                         "s": None, "t": None})
        async for msg in self.ws:
            if msg.type == WSMsgType.TEXT:
                payload = json.loads(msg.data)
            elif msg.type == WSMsgType.BINARY:
                payload = json.loads(msg.data.decode())
            else:
                break
            self.info.received.append(payload)
            try:
                await self.handle(payload)
            except _Closed:
                break
        if self.info.closed_at is None:
            self.info.closed_at = time.monotonic()
            self.info.close_code = self.ws.close_code
            self.info.closed_by = "client"
        self.live = False

    async def handle(self, payload: dict) -> None:
        fake = self.fake
        op = payload.get("op")
        d = payload.get("d")
        if op == HEARTBEAT:
            self.info.heartbeats += 1
            fake.heartbeats += 1
            if fake.ack_heartbeats:
                await self.send({"op": HEARTBEAT_ACK, "d": None, "s": None, "t": None})
        elif op == IDENTIFY:
            await self.identify(d or {})
        elif op == RESUME:
            await self.resume(d or {})
        elif op == REQUEST_GUILD_MEMBERS:
            await self.request_members(d or {})
        elif op == PRESENCE_UPDATE:
            fake.presence_updates.append(d)
        elif op == VOICE_STATE_UPDATE:
            fake.voice_state_updates.append(d)
        else:
            fake._record_violation("gateway_opcode", f"unknown opcode {op}", code=4001)
            await self.close(4001)
            raise _Closed

    async def identify(self, d: dict) -> None:
        fake = self.fake
        self.info.op = "IDENTIFY"
        if self.session is not None:
            await self.close(4005)  # already authenticated
            raise _Closed
        if d.get("token") != fake.token:
            fake._record_violation("gateway_auth", "IDENTIFY with a wrong token", code=4004)
            await self.close(4004)
            raise _Closed
        intents = d.get("intents")
        if intents is None:
            await self.close(4013)
            raise _Closed
        for name, bit in PRIVILEGED.items():
            if intents & bit and name not in fake.privileged_intents:
                fake._record_violation("gateway_intents", f"privileged intent {name} not enabled", code=4014)
                await self.close(4014)
                raise _Closed
        shard_id, shard_count = d.get("shard") or [0, 1]
        if shard_count < 1 or not 0 <= shard_id < shard_count:
            await self.close(4010)
            raise _Closed
        session = Session(shard_id, shard_count, intents, d)
        self.session = session
        self.info.shard = (shard_id, shard_count)
        self.info.session_id = session.session_id
        fake._sessions[session.session_id] = session
        old = fake._active.get(shard_id)
        if old is not None and old is not session:
            old.invalidated = True
        fake._active[shard_id] = session
        fake.identifies += 1
        async with session.lock:
            session.conn = self
            self.live = True
        guilds = fake._guilds_for_shard(shard_id, shard_count)
        ready = {
            "v": 10,
            "user": {**fake.bot_user.to_payload(), "bot": True, "verified": True, "mfa_enabled": False,
                     "flags": 0, "email": None, "locale": "en-US"},
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
            "session_id": session.session_id,
            "session_type": "normal",
            "resume_gateway_url": fake.gateway_url,
            "shard": [shard_id, shard_count],
            "application": {"id": str(fake.application_id), "flags": fake.application_flags},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "user_settings": {},
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "auth": {},
            "_trace": ["fakediscord"],
        }
        await session.dispatch("READY", ready)
        for guild in guilds:
            await session.dispatch("GUILD_CREATE", guild.to_payload(include_members=session.wants(GUILD_MEMBERS)))
        session.ready_sent.set()
        fake._changed.notify()

    async def resume(self, d: dict) -> None:
        fake = self.fake
        self.info.op = "RESUME"
        session = fake._sessions.get(d.get("session_id") or "")
        if d.get("token") != fake.token or session is None or session.invalidated or not fake.allow_resume:
            fake.failed_resumes += 1
            await self.send({"op": INVALID_SESSION, "d": False, "s": None, "t": None})
            return
        seq = d.get("seq") or 0
        self.session = session
        self.info.shard = (session.shard_id, session.shard_count)
        self.info.session_id = session.session_id
        async with session.lock:
            previous = session.conn
            if previous is not None and previous is not self:
                previous.live = False
            session.conn = self
            self.live = True
            missed = [f for f in session.log if f["s"] > seq]
            for frame in missed:
                await self.send(frame)
            session.seq += 1
            resumed = {"op": DISPATCH, "t": "RESUMED", "s": session.seq, "d": {"_trace": ["fakediscord"]}}
            session.log.append(resumed)
            await self.send(resumed)
        session.resumes += 1
        fake.resumes += 1
        fake.replayed_events += len(missed)
        fake._changed.notify()

    async def request_members(self, d: dict) -> None:
        fake = self.fake
        session = self.session
        if session is None:
            return
        guild = fake._guilds.get(int(d.get("guild_id")))
        if guild is None:
            return
        query = (d.get("query") or "").lower()
        user_ids = {int(u) for u in d.get("user_ids") or []}
        limit = d.get("limit") or 0
        members = []
        for m in guild.members.values():
            if user_ids and m.user.id not in user_ids:
                continue
            if not user_ids and query and not m.user.username.lower().startswith(query):
                continue
            members.append(m.to_payload())
            if limit and len(members) >= limit:
                break
        chunk: dict[str, Any] = {"guild_id": str(guild.id), "members": members, "chunk_index": 0, "chunk_count": 1}
        if d.get("nonce"):
            chunk["nonce"] = d["nonce"]
        if user_ids:
            found = {int(m["user"]["id"]) for m in members}
            chunk["not_found"] = [str(u) for u in user_ids - found]
        await session.dispatch("GUILD_MEMBERS_CHUNK", chunk)


class _Closed(Exception):
    pass
