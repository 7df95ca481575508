"""The fake's world: users, guilds, roles, members, channels (text, DM, thread), messages, attachments.

Everything is a plain object that knows how to render itself as the Discord API v10 payload discord.py parses.
Ids are real-looking snowflakes (time-based, strictly increasing), so ``discord.utils.snowflake_time`` is sane.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

DISCORD_EPOCH_MS = 1420070400000

# Permission bits (https://discord.com/developers/docs/topics/permissions), the ones the fake reasons about.
ADMINISTRATOR = 1 << 3
MANAGE_CHANNELS = 1 << 4
MANAGE_GUILD = 1 << 5
ADD_REACTIONS = 1 << 6
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
MENTION_EVERYONE = 1 << 17
USE_EXTERNAL_EMOJIS = 1 << 18
MANAGE_ROLES = 1 << 28
USE_APPLICATION_COMMANDS = 1 << 31
MANAGE_THREADS = 1 << 34
CREATE_PUBLIC_THREADS = 1 << 35
CREATE_PRIVATE_THREADS = 1 << 36
SEND_MESSAGES_IN_THREADS = 1 << 38
ALL_PERMISSIONS = (1 << 53) - 1

DEFAULT_EVERYONE_PERMISSIONS = (
    VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | ATTACH_FILES | READ_MESSAGE_HISTORY | ADD_REACTIONS
    | USE_EXTERNAL_EMOJIS | USE_APPLICATION_COMMANDS | CREATE_PUBLIC_THREADS | SEND_MESSAGES_IN_THREADS
)
DEFAULT_BOT_PERMISSIONS = (
    VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | ATTACH_FILES | READ_MESSAGE_HISTORY | ADD_REACTIONS
    | USE_EXTERNAL_EMOJIS | USE_APPLICATION_COMMANDS | CREATE_PUBLIC_THREADS | SEND_MESSAGES_IN_THREADS
)

# Channel types
GUILD_TEXT = 0
DM = 1
GUILD_CATEGORY = 4
PUBLIC_THREAD = 11
PRIVATE_THREAD = 12
THREAD_TYPES = (10, PUBLIC_THREAD, PRIVATE_THREAD)

# Message flags
EPHEMERAL = 1 << 6
LOADING = 1 << 7


def perm_value(value: Any) -> int:
    """An int, a ``discord.Permissions``, a numeric string or an iterable of flag names -> int."""
    if value is None:
        return 0
    if isinstance(value, bool):
        raise TypeError("permissions must not be a bool")
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        return int(value)
    if hasattr(value, "value"):
        return int(value.value)
    import discord

    return discord.Permissions(**{name: True for name in value}).value


def iso(ts: float | None = None) -> str:
    when = dt.datetime.fromtimestamp(time.time() if ts is None else ts, tz=dt.UTC)
    return when.isoformat()


class SnowflakeFactory:
    """Strictly increasing, time-based snowflakes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last = 0
        self._counter = itertools.count()

    def __call__(self) -> int:
        with self._lock:
            ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
            candidate = (ms << 22) | (1 << 17) | (next(self._counter) & 0xFFF)
            if candidate <= self._last:
                candidate = self._last + 1
            self._last = candidate
            return candidate


def _id(obj: Any) -> int | None:
    if obj is None:
        return None
    if isinstance(obj, int):
        return obj
    if isinstance(obj, str):
        return int(obj)
    if isinstance(obj, Member):
        return obj.user.id
    return int(obj.id)


@dataclass(eq=False)
class User:
    id: int
    username: str
    global_name: str | None = None
    bot: bool = False
    avatar: str | None = None
    dms_open: bool = True
    """False: the bot gets 403 50007 "Cannot send messages to this user" when it DMs this user."""

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"

    def to_payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "global_name": self.global_name,
            "avatar": self.avatar,
            "public_flags": 0,
        }
        if self.bot:
            data["bot"] = True
        return data

    def __repr__(self) -> str:
        return f"<User {self.username} id={self.id}>"


@dataclass(eq=False)
class Role:
    id: int
    name: str
    permissions: int = 0
    position: int = 0
    color: int = 0
    hoist: bool = False
    managed: bool = False
    mentionable: bool = False
    bot_id: int | None = None

    @property
    def mention(self) -> str:
        return f"<@&{self.id}>"

    def to_payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "name": self.name,
            "color": self.color,
            "colors": {"primary_color": self.color, "secondary_color": None, "tertiary_color": None},
            "hoist": self.hoist,
            "icon": None,
            "unicode_emoji": None,
            "position": self.position,
            "permissions": str(self.permissions),
            "managed": self.managed,
            "mentionable": self.mentionable,
            "flags": 0,
        }
        if self.bot_id is not None:
            data["tags"] = {"bot_id": str(self.bot_id)}
        return data

    def __repr__(self) -> str:
        return f"<Role {self.name} id={self.id} permissions={self.permissions}>"


@dataclass(eq=False)
class Member:
    user: User
    guild: Guild
    roles: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = field(default_factory=iso)

    @property
    def id(self) -> int:
        return self.user.id

    @property
    def mention(self) -> str:
        return self.user.mention

    def role_objects(self) -> list[Role]:
        return [self.guild.roles[r] for r in self.roles if r in self.guild.roles]

    def to_payload(self, *, with_user: bool = True, permissions: int | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "roles": [str(r) for r in self.roles],
            "nick": self.nick,
            "avatar": None,
            "banner": None,
            "joined_at": self.joined_at,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
        }
        if with_user:
            data["user"] = self.user.to_payload()
        if permissions is not None:
            data["permissions"] = str(permissions)
        return data

    def __repr__(self) -> str:
        return f"<Member {self.user.username} guild={self.guild.id} roles={self.roles}>"


@dataclass(eq=False)
class Overwrite:
    id: int
    type: int  # 0 role, 1 member
    allow: int = 0
    deny: int = 0

    def to_payload(self) -> dict[str, Any]:
        return {"id": str(self.id), "type": self.type, "allow": str(self.allow), "deny": str(self.deny)}


@dataclass(eq=False)
class Channel:
    id: int
    type: int
    name: str | None = None
    guild: Guild | None = None
    parent_id: int | None = None
    position: int = 0
    topic: str | None = None
    nsfw: bool = False
    overwrites: list[Overwrite] = field(default_factory=list)
    recipients: list[User] = field(default_factory=list)  # DMs: the other user
    owner_id: int | None = None  # threads
    archived: bool = False
    locked: bool = False
    last_message_id: int | None = None

    @property
    def guild_id(self) -> int | None:
        return self.guild.id if self.guild is not None else None

    @property
    def is_thread(self) -> bool:
        return self.type in THREAD_TYPES

    @property
    def is_dm(self) -> bool:
        return self.type == DM

    @property
    def mention(self) -> str:
        return f"<#{self.id}>"

    def set_overwrite(self, target: Role | Member | User | int, *, allow: Any = 0, deny: Any = 0,
                      member: bool | None = None) -> None:
        """Channel permission overwrite for a role or a member (``member`` says which when ``target`` is an id)."""
        if member is None:
            member = isinstance(target, Member | User)
        target_id = _id(target)
        self.overwrites = [o for o in self.overwrites if o.id != target_id]
        self.overwrites.append(Overwrite(target_id, 1 if member else 0, perm_value(allow), perm_value(deny)))

    def to_payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "type": self.type,
            "last_message_id": str(self.last_message_id) if self.last_message_id else None,
            "flags": 0,
        }
        if self.type == DM:
            data["recipients"] = [u.to_payload() for u in self.recipients]
            return data
        data.update(
            {
                "guild_id": str(self.guild_id) if self.guild_id else None,
                "name": self.name,
                "position": self.position,
                "permission_overwrites": [o.to_payload() for o in self.overwrites],
                "nsfw": self.nsfw,
                "rate_limit_per_user": 0,
                "parent_id": str(self.parent_id) if self.parent_id else None,
            }
        )
        if self.type == GUILD_TEXT:
            data["topic"] = self.topic
            data["default_thread_rate_limit_per_user"] = 0
        if self.is_thread:
            data.update(
                {
                    "owner_id": str(self.owner_id) if self.owner_id else None,
                    "message_count": 0,
                    "member_count": 1,
                    "total_message_sent": 0,
                    "thread_metadata": {
                        "archived": self.archived,
                        "auto_archive_duration": 1440,
                        "archive_timestamp": iso(),
                        "locked": self.locked,
                        "invitable": True,
                        "create_timestamp": iso(),
                    },
                }
            )
            del data["permission_overwrites"]
        return data

    def __repr__(self) -> str:
        return f"<Channel #{self.name} type={self.type} id={self.id}>"


class Guild:
    """A guild. Build it with :meth:`FakeDiscord.add_guild`, then ``add_role`` / ``add_text_channel`` /
    ``add_thread`` / ``add_member``."""

    def __init__(self, fake: Any, id: int, name: str, owner: User) -> None:
        self._fake = fake
        self.id = id
        self.name = name
        self.owner_id = owner.id
        self.roles: dict[int, Role] = {}
        self.channels: dict[int, Channel] = {}  # text/category channels and threads
        self.members: dict[int, Member] = {}
        self.locale = "en-US"
        self.roles[id] = Role(id=id, name="@everyone", permissions=DEFAULT_EVERYONE_PERMISSIONS, position=0)

    def __repr__(self) -> str:
        return f"<Guild {self.name} id={self.id}>"

    @property
    def everyone(self) -> Role:
        return self.roles[self.id]

    @property
    def text_channels(self) -> list[Channel]:
        return [c for c in self.channels.values() if c.type == GUILD_TEXT]

    @property
    def threads(self) -> list[Channel]:
        return [c for c in self.channels.values() if c.is_thread]

    @property
    def bot_member(self) -> Member:
        return self.members[self._fake.bot_user.id]

    def add_role(self, name: str, permissions: Any = 0, *, mentionable: bool = False, position: int | None = None,
                 managed: bool = False, bot_id: int | None = None) -> Role:
        role = Role(
            id=self._fake.snowflake(),
            name=name,
            permissions=perm_value(permissions),
            position=position if position is not None else len(self.roles),
            mentionable=mentionable,
            managed=managed,
            bot_id=bot_id,
        )
        self.roles[role.id] = role
        return role

    def add_category(self, name: str) -> Channel:
        channel = Channel(id=self._fake.snowflake(), type=GUILD_CATEGORY, name=name, guild=self,
                          position=len(self.channels))
        self.channels[channel.id] = channel
        return channel

    def add_text_channel(self, name: str, *, topic: str | None = None, category: Channel | None = None,
                         nsfw: bool = False) -> Channel:
        channel = Channel(id=self._fake.snowflake(), type=GUILD_TEXT, name=name, guild=self, topic=topic,
                          parent_id=category.id if category else None, position=len(self.channels), nsfw=nsfw)
        self.channels[channel.id] = channel
        self._fake._channels[channel.id] = channel
        return channel

    def add_thread(self, parent: Channel, name: str, *, owner: User | Member | None = None, private: bool = False,
                   archived: bool = False, thread_id: int | None = None) -> Channel:
        owner_id = _id(owner) if owner is not None else self.owner_id
        channel = Channel(id=thread_id or self._fake.snowflake(), type=PRIVATE_THREAD if private else PUBLIC_THREAD,
                          name=name, guild=self, parent_id=parent.id, owner_id=owner_id, archived=archived)
        self.channels[channel.id] = channel
        self._fake._channels[channel.id] = channel
        return channel

    def add_member(self, user: User, roles: list[Role | int] | None = None, *, nick: str | None = None) -> Member:
        member = Member(user=user, guild=self, roles=[_id(r) for r in roles or []], nick=nick)
        self.members[user.id] = member
        self._fake._users.setdefault(user.id, user)
        return member

    def get_member(self, user: User | Member | int) -> Member | None:
        return self.members.get(_id(user))

    def channel_by_name(self, name: str) -> Channel:
        for channel in self.channels.values():
            if channel.name == name:
                return channel
        raise KeyError(name)

    # permissions -------------------------------------------------------------------------------------------

    def base_permissions(self, member: Member) -> int:
        if member.user.id == self.owner_id:
            return ALL_PERMISSIONS
        perms = self.everyone.permissions
        for role in member.role_objects():
            perms |= role.permissions
        if perms & ADMINISTRATOR:
            return ALL_PERMISSIONS
        return perms

    def permissions_for(self, member: Member | User | int, channel: Channel | None = None) -> int:
        """Discord's permission algorithm: base role permissions, then @everyone / role / member overwrites of the
        channel (a thread uses its parent's)."""
        if not isinstance(member, Member):
            found = self.get_member(member)
            if found is None:
                return 0
            member = found
        perms = self.base_permissions(member)
        if perms == ALL_PERMISSIONS or channel is None:
            return perms
        target = channel
        if channel.is_thread and channel.parent_id in self.channels:
            target = self.channels[channel.parent_id]
        overwrites = {o.id: o for o in target.overwrites}
        everyone = overwrites.get(self.id)
        if everyone:
            perms = (perms & ~everyone.deny) | everyone.allow
        allow = deny = 0
        for role_id in member.roles:
            o = overwrites.get(role_id)
            if o and o.type == 0:
                allow |= o.allow
                deny |= o.deny
        perms = (perms & ~deny) | allow
        mo = overwrites.get(member.user.id)
        if mo and mo.type == 1:
            perms = (perms & ~mo.deny) | mo.allow
        if not perms & VIEW_CHANNEL:
            return 0
        return perms

    def to_payload(self, *, include_members: bool = True) -> dict[str, Any]:
        members = list(self.members.values())
        if not include_members:
            members = [m for m in members if m.user.id == self._fake.bot_user.id]
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(self.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 1,
            "explicit_content_filter": 0,
            "roles": [r.to_payload() for r in self.roles.values()],
            "emojis": [],
            "stickers": [],
            "features": [],
            "mfa_level": 0,
            "application_id": None,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "max_members": 500000,
            "vanity_url_code": None,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": self.locale,
            "public_updates_channel_id": None,
            "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
            "safety_alerts_channel_id": None,
            # GUILD_CREATE extras
            "joined_at": iso(),
            "large": len(self.members) >= 250,
            "unavailable": False,
            "member_count": len(self.members),
            "voice_states": [],
            "members": [m.to_payload() for m in members],
            "channels": [c.to_payload() for c in self.channels.values() if not c.is_thread],
            "threads": [c.to_payload() for c in self.channels.values() if c.is_thread and not c.archived],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }


@dataclass(eq=False)
class FakeFile:
    """A file the bot uploaded (multipart ``files[n]``) or a test attached."""

    filename: str
    data: bytes
    content_type: str | None = None
    description: str | None = None
    field_name: str | None = None

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def text(self) -> str:
        return self.data.decode("utf-8", errors="replace")


@dataclass(eq=False)
class FakeAttachment:
    """An attachment a test gives as a slash-command option value (or on a user message). The fake assigns it an id
    and serves its bytes at ``{fake.url}/attachments/...`` so ``discord.Attachment.read()`` works."""

    filename: str
    data: bytes
    content_type: str | None = "application/octet-stream"
    description: str | None = None
    id: int | None = None
    url: str | None = None

    @property
    def size(self) -> int:
        return len(self.data)


_MENTION_USER = re.compile(r"<@!?(\d+)>")
_MENTION_ROLE = re.compile(r"<@&(\d+)>")


def parse_user_mentions(content: str) -> list[int]:
    return [int(x) for x in _MENTION_USER.findall(content or "")]


def parse_role_mentions(content: str) -> list[int]:
    return [int(x) for x in _MENTION_ROLE.findall(content or "")]


def compute_pings(content: str, allowed_mentions: dict[str, Any] | None, replied_user_id: int | None) -> dict[str, Any]:
    """Who Discord would actually notify for this content under this ``allowed_mentions``."""
    users = set(parse_user_mentions(content))
    roles = set(parse_role_mentions(content))
    everyone = "@everyone" in (content or "") or "@here" in (content or "")
    if allowed_mentions is None:
        pinged_users = set(users)
        if replied_user_id is not None:
            pinged_users.add(replied_user_id)
        return {"users": pinged_users, "roles": roles, "everyone": everyone}
    parse = set(allowed_mentions.get("parse") or [])
    allowed_users = {int(u) for u in allowed_mentions.get("users") or []}
    allowed_roles = {int(r) for r in allowed_mentions.get("roles") or []}
    pinged_users = users if "users" in parse else users & allowed_users
    pinged_roles = roles if "roles" in parse else roles & allowed_roles
    if replied_user_id is not None and allowed_mentions.get("replied_user"):
        pinged_users = pinged_users | {replied_user_id}
    return {"users": set(pinged_users), "roles": set(pinged_roles), "everyone": everyone and "everyone" in parse}


class FakeMessage:
    """One message as the fake holds it: what a user sent, or what the bot posted (REST, interaction response,
    follow-up). ``data`` is the Discord payload; the attributes are conveniences for assertions."""

    def __init__(self, *, id: int, channel: Channel, author: User, content: str = "", embeds: list | None = None,
                 attachments: list | None = None, files: list[FakeFile] | None = None, components: list | None = None,
                 flags: int = 0, allowed_mentions: dict | None = None, message_reference: dict | None = None,
                 source: str = "user", interaction_id: int | None = None, webhook_id: int | None = None,
                 member: Member | None = None, mentions: list[User] | None = None,
                 referenced: FakeMessage | None = None, tts: bool = False, type: int = 0,
                 raw_payload: dict | None = None) -> None:
        self.id = id
        self.channel = channel
        self.author = author
        self.content = content or ""
        self.embeds = list(embeds or [])
        self.attachments = list(attachments or [])
        self.files = list(files or [])
        self.components = list(components or [])
        self.flags = flags
        self.allowed_mentions = allowed_mentions
        self.message_reference = message_reference
        self.source = source
        self.interaction_id = interaction_id
        self.webhook_id = webhook_id
        self.member = member
        self.explicit_mentions = list(mentions or [])
        self.referenced = referenced
        self.tts = tts
        self.type = type
        self.raw_payload = raw_payload
        self.created_at = time.monotonic()
        self.timestamp = iso()
        self.edited_timestamp: str | None = None
        self.edits: list[dict] = []
        self.deleted = False
        self.reactions: list[str] = []
        self.interaction_metadata: dict | None = None

    # conveniences --------------------------------------------------------------------------------------------

    @property
    def channel_id(self) -> int:
        return self.channel.id

    @property
    def guild_id(self) -> int | None:
        return self.channel.guild_id

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def loading(self) -> bool:
        return bool(self.flags & LOADING)

    @property
    def embed(self) -> dict | None:
        return self.embeds[0] if self.embeds else None

    @property
    def text(self) -> str:
        """Content plus every embed's title/description/fields/footer/author, for 'does the answer say X' checks."""
        parts = [self.content]
        for e in self.embeds:
            parts += [e.get("title") or "", e.get("description") or ""]
            for f in e.get("fields") or []:
                parts += [f.get("name") or "", f.get("value") or ""]
            parts += [(e.get("footer") or {}).get("text") or "", (e.get("author") or {}).get("name") or ""]
        return "\n".join(p for p in parts if p)

    @property
    def custom_ids(self) -> list[str]:
        return [c["custom_id"] for c in iter_components(self.components) if c.get("custom_id")]

    @property
    def replied_user_id(self) -> int | None:
        if self.referenced is not None:
            return self.referenced.author.id
        return None

    @property
    def pings(self) -> dict[str, Any]:
        """``{"users": set, "roles": set, "everyone": bool}`` that Discord would notify (from content, the
        ``allowed_mentions`` the bot sent, and the reply target)."""
        return compute_pings(self.content, self.allowed_mentions, self.replied_user_id if self.type == 19 else None)

    @property
    def pinged_anyone(self) -> bool:
        p = self.pings
        return bool(p["users"] or p["roles"] or p["everyone"])

    def mentioned_users(self, fake: Any) -> list[User]:
        ids: list[int] = []
        if self.source == "user":
            ids = parse_user_mentions(self.content) + [u.id for u in self.explicit_mentions]
        else:
            ids = sorted(self.pings["users"])
        seen: list[User] = []
        for uid in ids:
            user = fake._users.get(uid)
            if user is not None and user not in seen:
                seen.append(user)
        return seen

    def to_payload(self, fake: Any, *, with_reference: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "channel_id": str(self.channel.id),
            "author": self.author.to_payload(),
            "content": self.content,
            "timestamp": self.timestamp,
            "edited_timestamp": self.edited_timestamp,
            "tts": self.tts,
            "mention_everyone": bool(self.pings["everyone"]) if self.source != "user" else
            ("@everyone" in self.content or "@here" in self.content),
            "mentions": [],
            "mention_roles": [str(r) for r in parse_role_mentions(self.content)],
            "attachments": list(self.attachments),
            "embeds": list(self.embeds),
            "pinned": False,
            "type": self.type,
            "flags": self.flags,
            "components": list(self.components),
            "reactions": [],
        }
        guild = self.channel.guild
        if guild is not None:
            data["guild_id"] = str(guild.id)
            member = self.member or guild.get_member(self.author.id)
            if member is not None:
                data["member"] = member.to_payload(with_user=False)
        mentions = []
        for user in self.mentioned_users(fake):
            entry = user.to_payload()
            if guild is not None and guild.get_member(user.id) is not None:
                entry["member"] = guild.get_member(user.id).to_payload(with_user=False)
            mentions.append(entry)
        data["mentions"] = mentions
        if self.webhook_id is not None:
            data["webhook_id"] = str(self.webhook_id)
            data["application_id"] = str(self.webhook_id)
        if self.interaction_metadata is not None:
            data["interaction_metadata"] = self.interaction_metadata
        if self.message_reference is not None:
            data["message_reference"] = self.message_reference
            if with_reference:
                ref = self.referenced
                data["referenced_message"] = ref.to_payload(fake, with_reference=False) if ref else None
        return data

    def __repr__(self) -> str:
        text = self.content if len(self.content) < 60 else self.content[:57] + "..."
        return (f"<FakeMessage id={self.id} channel={self.channel.id} author={self.author.username} "
                f"source={self.source} content={text!r} embeds={len(self.embeds)} files={len(self.files)}>")


def iter_components(components: list[dict]) -> Any:
    """Every component, depth first (action rows, v2 containers/sections, labels)."""
    for c in components or []:
        yield c
        yield from iter_components(c.get("components") or [])
        if isinstance(c.get("accessory"), dict):
            yield c["accessory"]
        if isinstance(c.get("component"), dict):
            yield c["component"]
