"""Interaction handles: what a test gets back from ``invoke_slash`` / ``click_button`` / ``autocomplete``."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

from .models import Channel, FakeFile, FakeMessage, User

# Interaction types
PING = 1
APPLICATION_COMMAND = 2
MESSAGE_COMPONENT = 3
APPLICATION_COMMAND_AUTOCOMPLETE = 4
MODAL_SUBMIT = 5

# Callback types
PONG = 1
CHANNEL_MESSAGE_WITH_SOURCE = 4
DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE = 5
DEFERRED_UPDATE_MESSAGE = 6
UPDATE_MESSAGE = 7
APPLICATION_COMMAND_AUTOCOMPLETE_RESULT = 8
MODAL = 9

ALLOWED_CALLBACKS = {
    PING: {PONG},
    APPLICATION_COMMAND: {CHANNEL_MESSAGE_WITH_SOURCE, DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE, MODAL, 12},
    MESSAGE_COMPONENT: {CHANNEL_MESSAGE_WITH_SOURCE, DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE, DEFERRED_UPDATE_MESSAGE,
                        UPDATE_MESSAGE, MODAL, 12},
    APPLICATION_COMMAND_AUTOCOMPLETE: {APPLICATION_COMMAND_AUTOCOMPLETE_RESULT},
    MODAL_SUBMIT: {CHANNEL_MESSAGE_WITH_SOURCE, DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE, DEFERRED_UPDATE_MESSAGE,
                   UPDATE_MESSAGE},
}


class FakeDiscordError(AssertionError):
    """Base of the fake's test-facing failures (an AssertionError so pytest shows it as a test failure)."""


class InteractionNotAcknowledged(FakeDiscordError):
    """The bot did not call back within the deadline: the user sees 'The application did not respond'."""


class InteractionTimeout(FakeDiscordError):
    """``wait_*`` ran out of time before the response was complete."""


class CommandUnavailable(FakeDiscordError):
    """Discord's client would not let this user run this command here (not synced for this guild, contexts,
    default_member_permissions)."""


class Notifier:
    """Wake every waiter when something changes."""

    def __init__(self) -> None:
        self._waiters: list[asyncio.Future] = []

    def notify(self) -> None:
        waiters, self._waiters = self._waiters, []
        for fut in waiters:
            if not fut.done():
                fut.set_result(None)

    async def wait(self, timeout: float | None) -> bool:
        fut = asyncio.get_running_loop().create_future()
        self._waiters.append(fut)
        try:
            await asyncio.wait_for(fut, timeout)
            return True
        except TimeoutError:
            return False
        finally:
            if fut in self._waiters:
                self._waiters.remove(fut)


@dataclass
class CallbackRecord:
    type: int | None
    data: Any
    at: float
    status: int
    error_code: int | None = None
    files: list[FakeFile] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


@dataclass
class InteractionResponse:
    """The settled outcome of an interaction as the user would see it."""

    handle: InteractionHandle
    callback_type: int | None
    messages: list[FakeMessage]
    choices: list[dict] | None = None
    modal: dict | None = None

    @property
    def message(self) -> FakeMessage | None:
        """The primary message: the original response (once it is no longer 'thinking'), else the first follow-up."""
        return self.messages[0] if self.messages else None

    @property
    def content(self) -> str | None:
        return self.message.content if self.message else None

    @property
    def embeds(self) -> list[dict]:
        return self.message.embeds if self.message else []

    @property
    def embed(self) -> dict | None:
        return self.embeds[0] if self.embeds else None

    @property
    def files(self) -> list[FakeFile]:
        return self.message.files if self.message else []

    @property
    def all_files(self) -> list[FakeFile]:
        return [f for m in self.messages for f in m.files]

    @property
    def components(self) -> list[dict]:
        return self.message.components if self.message else []

    @property
    def ephemeral(self) -> bool:
        return bool(self.message and self.message.ephemeral)

    @property
    def deferred(self) -> bool:
        return self.callback_type in (DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE, DEFERRED_UPDATE_MESSAGE)

    @property
    def text(self) -> str:
        """Content and embed text of every message of this response, joined."""
        return "\n".join(m.text for m in self.messages)

    @property
    def ack_latency(self) -> float | None:
        return self.handle.ack_latency


class InteractionHandle:
    """One interaction the fake dispatched. Timestamps are ``time.monotonic()``."""

    def __init__(self, fake: Any, *, id: int, token: str, type: int, payload: dict, user: User,
                 channel: Channel, deadline: float, token_lifetime: float,
                 component_message: FakeMessage | None = None) -> None:
        self.fake = fake
        self.id = id
        self.token = token
        self.type = type
        self.payload = payload
        self.user = user
        self.channel = channel
        self.deadline = deadline
        self.token_lifetime = token_lifetime
        self.component_message = component_message
        self._component_edits0 = len(component_message.edits) if component_message else 0
        self.dispatched_at: float = time.monotonic()
        self.callbacks: list[CallbackRecord] = []
        self.acked_at: float | None = None
        self.response_type: int | None = None
        self.original: FakeMessage | None = None
        self.followups: list[FakeMessage] = []
        self.choices: list[dict] | None = None
        self.modal: dict | None = None
        self.deferred_resolved = False
        self.missed_deadline = False
        self.last_activity: float = self.dispatched_at
        self._changed = Notifier()

    def __repr__(self) -> str:
        return (f"<InteractionHandle id={self.id} type={self.type} name={self.name!r} response_type="
                f"{self.response_type} acked={self.acked} followups={len(self.followups)}>")

    # facts -----------------------------------------------------------------------------------------------------

    @property
    def name(self) -> str | None:
        data = self.payload.get("data") or {}
        return data.get("name") or data.get("custom_id")

    @property
    def acked(self) -> bool:
        return self.acked_at is not None

    @property
    def ack_latency(self) -> float | None:
        """Seconds from dispatch to the first successful callback (None if never acknowledged)."""
        return None if self.acked_at is None else self.acked_at - self.dispatched_at

    @property
    def deadline_at(self) -> float:
        return self.dispatched_at + self.deadline

    @property
    def expired(self) -> bool:
        """Past the acknowledgement deadline without an acknowledgement."""
        return self.acked_at is None and time.monotonic() > self.deadline_at

    @property
    def late_callbacks(self) -> list[CallbackRecord]:
        return [c for c in self.callbacks if c.error_code == 10062]

    @property
    def messages(self) -> list[FakeMessage]:
        out: list[FakeMessage] = []
        original = self.original
        visible = original is not None and not original.deleted and not original.loading
        # a component's own message counts only once this interaction edited it (types 6 + edit, 7)
        if visible and (original is not self.component_message or len(original.edits) > self._component_edits0):
            out.append(original)  # type: ignore[arg-type]
        out += [m for m in self.followups if not m.deleted and m is not self.original]
        return out

    def _touch(self) -> None:
        self.last_activity = time.monotonic()
        self._changed.notify()
        self.fake._changed.notify()

    # waiting ---------------------------------------------------------------------------------------------------

    def _complete(self) -> bool:
        rt = self.response_type
        if rt is None:
            return False
        if rt in (CHANNEL_MESSAGE_WITH_SOURCE, UPDATE_MESSAGE, APPLICATION_COMMAND_AUTOCOMPLETE_RESULT, MODAL, PONG,
                  12):
            return True
        if rt == DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE:
            return bool(self.followups) or (self.original is not None and
                                            (not self.original.loading or self.original.deleted))
        if rt == DEFERRED_UPDATE_MESSAGE:
            edited = self.component_message is not None and len(self.component_message.edits) > self._component_edits0
            return bool(self.followups) or edited
        return True

    async def wait_ack(self, timeout: float = 5.0) -> float:
        """Wait for the first successful callback; returns its latency. Raises :class:`InteractionNotAcknowledged`
        as soon as the deadline passes without one."""
        end = time.monotonic() + timeout
        while not self.acked:
            now = time.monotonic()
            if now > self.deadline_at:
                self.missed_deadline = True
                raise InteractionNotAcknowledged(self._describe(f"not acknowledged within {self.deadline:.1f}s"))
            if now >= end:
                raise InteractionTimeout(self._describe(f"no acknowledgement after {timeout:.1f}s"))
            await self._changed.wait(min(end, self.deadline_at + 0.001) - now)
        return self.ack_latency  # type: ignore[return-value]

    async def wait_callback_attempt(self, timeout: float = 5.0) -> CallbackRecord:
        """Wait until the bot tries to call back at all (even too late, even rejected)."""
        end = time.monotonic() + timeout
        while not self.callbacks:
            remaining = end - time.monotonic()
            if remaining <= 0:
                raise InteractionTimeout(self._describe(f"no callback attempt after {timeout:.1f}s"))
            await self._changed.wait(remaining)
        return self.callbacks[0]

    async def wait_response(self, timeout: float = 10.0, *, settle: float = 0.1) -> InteractionResponse:
        """Wait until the user would see a complete answer (following a defer to its follow-up or edit), then until
        nothing changed for ``settle`` seconds, and return it."""
        end = time.monotonic() + timeout
        await self.wait_ack(timeout)
        while not self._complete():
            remaining = end - time.monotonic()
            if remaining <= 0:
                raise InteractionTimeout(self._describe(f"acknowledged (type {self.response_type}) but no final "
                                                        f"response after {timeout:.1f}s"))
            await self._changed.wait(remaining)
        while True:
            quiet_for = time.monotonic() - self.last_activity
            if quiet_for >= settle or time.monotonic() >= end:
                break
            await self._changed.wait(settle - quiet_for)
        return self.snapshot()

    def snapshot(self) -> InteractionResponse:
        return InteractionResponse(self, self.response_type, self.messages, self.choices, self.modal)

    def _describe(self, what: str) -> str:
        attempts = ", ".join(f"type={c.type} status={c.status} code={c.error_code} at +{c.at - self.dispatched_at:.2f}s"
                             for c in self.callbacks) or "none"
        return f"interaction {self.name!r} (id {self.id}): {what}; callback attempts: {attempts}"
