"""A default world for tests: one guild with #general and a thread, @Member / @Mod roles, an owner, two members
(alice: Member; bob: Member + Mod) and carol, who shares no guild with the bot (DMs only)."""

from __future__ import annotations

from dataclasses import dataclass

from .models import MANAGE_MESSAGES, Channel, Guild, Role, User
from .server import FakeDiscord


@dataclass
class World:
    fake: FakeDiscord
    guild: Guild
    general: Channel
    thread: Channel
    member_role: Role
    mod_role: Role
    owner: User
    alice: User
    bob: User
    carol: User


def build_world(fake: FakeDiscord, *, guild_name: str = "Test Guild") -> World:
    owner = fake.add_user("owner")
    guild = fake.add_guild(guild_name, owner=owner)
    general = guild.channel_by_name("general")
    member_role = guild.add_role("Member")
    mod_role = guild.add_role("Mod", MANAGE_MESSAGES, mentionable=True)
    alice = fake.add_user("alice")
    bob = fake.add_user("bob")
    carol = fake.add_user("carol")
    guild.add_member(alice, roles=[member_role])
    guild.add_member(bob, roles=[member_role, mod_role])
    thread = guild.add_thread(general, "a-thread", owner=alice)
    return World(fake, guild, general, thread, member_role, mod_role, owner, alice, bob, carol)
