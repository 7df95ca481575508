"""Discord's form-body limits, answered the way the API answers them (400, code 50035 "Invalid Form Body" with a
nested ``errors`` tree that discord.py flattens into "In embeds.0.description: Must be 4096 or fewer in length.")."""

from __future__ import annotations

import re
from typing import Any

from .models import iter_components

CONTENT_MAX = 2000
EMBEDS_MAX = 10
EMBED_TITLE_MAX = 256
EMBED_DESCRIPTION_MAX = 4096
EMBED_FIELDS_MAX = 25
EMBED_FIELD_NAME_MAX = 256
EMBED_FIELD_VALUE_MAX = 1024
EMBED_FOOTER_MAX = 2048
EMBED_AUTHOR_MAX = 256
EMBED_TOTAL_MAX = 6000
ACTION_ROWS_MAX = 5
ROW_COMPONENTS_MAX = 5
CUSTOM_ID_MAX = 100
BUTTON_LABEL_MAX = 80
CHOICES_MAX = 25
CHOICE_NAME_MAX = 100
CHOICE_VALUE_MAX = 100
MODAL_TITLE_MAX = 45
COMMANDS_MAX = 100
COMMAND_NAME = re.compile(r"^[-_'\w]{1,32}$", re.UNICODE)
COMMAND_DESCRIPTION_MAX = 100
OPTIONS_MAX = 25


class ErrorTree:
    """Collects errors into Discord's nested shape and a flat list of 'path: message' strings."""

    def __init__(self) -> None:
        self.tree: dict[str, Any] = {}
        self.flat: list[str] = []

    def add(self, path: list[str | int], code: str, message: str) -> None:
        node = self.tree
        for part in path:
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).append({"code": code, "message": message})
        self.flat.append(f"{'.'.join(str(p) for p in path) or '(root)'}: {message}")

    def max_length(self, path: list[str | int], value: Any, limit: int) -> None:
        if value is not None and len(value) > limit:
            self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")

    def required(self, path: list[str | int], value: Any) -> bool:
        if value is None or (isinstance(value, str) and not value.strip()):
            self.add(path, "BASE_TYPE_REQUIRED", "This field is required")
            return False
        return True

    def __bool__(self) -> bool:
        return bool(self.flat)


def _check_url(errors: ErrorTree, path: list[str | int], url: Any) -> None:
    if url is None:
        return
    if not isinstance(url, str) or not re.match(r"^(https?|attachment)://\S+$", url):
        errors.add(path, "URL_TYPE_INVALID_URL", "Not a well formed URL.")


def embed_length(embed: dict[str, Any]) -> int:
    total = len(embed.get("title") or "") + len(embed.get("description") or "")
    for f in embed.get("fields") or []:
        total += len(f.get("name") or "") + len(f.get("value") or "")
    total += len((embed.get("footer") or {}).get("text") or "")
    total += len((embed.get("author") or {}).get("name") or "")
    return total


def validate_embeds(errors: ErrorTree, embeds: Any, base: list[str | int]) -> None:
    if embeds is None:
        return
    if len(embeds) > EMBEDS_MAX:
        errors.max_length(base + ["embeds"], embeds, EMBEDS_MAX)
    total = 0
    for i, e in enumerate(embeds):
        p = base + ["embeds", i]
        errors.max_length(p + ["title"], e.get("title"), EMBED_TITLE_MAX)
        errors.max_length(p + ["description"], e.get("description"), EMBED_DESCRIPTION_MAX)
        fields = e.get("fields") or []
        errors.max_length(p + ["fields"], fields, EMBED_FIELDS_MAX)
        for j, f in enumerate(fields):
            if errors.required(p + ["fields", j, "name"], f.get("name")):
                errors.max_length(p + ["fields", j, "name"], f.get("name"), EMBED_FIELD_NAME_MAX)
            if errors.required(p + ["fields", j, "value"], f.get("value")):
                errors.max_length(p + ["fields", j, "value"], f.get("value"), EMBED_FIELD_VALUE_MAX)
        footer = e.get("footer")
        if footer is not None and errors.required(p + ["footer", "text"], footer.get("text")):
            errors.max_length(p + ["footer", "text"], footer.get("text"), EMBED_FOOTER_MAX)
        author = e.get("author")
        if author is not None and errors.required(p + ["author", "name"], author.get("name")):
            errors.max_length(p + ["author", "name"], author.get("name"), EMBED_AUTHOR_MAX)
        _check_url(errors, p + ["url"], e.get("url"))
        for key in ("image", "thumbnail"):
            if e.get(key) is not None:
                _check_url(errors, p + [key, "url"], e[key].get("url"))
        color = e.get("color")
        if color is not None and not (isinstance(color, int) and 0 <= color <= 0xFFFFFF):
            errors.add(p + ["color"], "NUMBER_TYPE_MAX", "int value should be less than or equal to 16777215.")
        total += embed_length(e)
    if total > EMBED_TOTAL_MAX:
        errors.add(base + ["embeds"], "MAX_EMBED_SIZE_EXCEEDED",
                   f"Embed size exceeds maximum size of {EMBED_TOTAL_MAX}")


def validate_components(errors: ErrorTree, components: Any, base: list[str | int], *, v2: bool) -> None:
    if not components:
        return
    if not v2:
        errors.max_length(base + ["components"], components, ACTION_ROWS_MAX)
        for i, row in enumerate(components):
            if row.get("type") == 1:
                errors.max_length(base + ["components", i, "components"], row.get("components") or [],
                                  ROW_COMPONENTS_MAX)
    for c in iter_components(components):
        if c.get("custom_id") is not None and len(c["custom_id"]) > CUSTOM_ID_MAX:
            errors.add(base + ["components", "custom_id"], "BASE_TYPE_MAX_LENGTH",
                       f"Must be {CUSTOM_ID_MAX} or fewer in length.")
        if c.get("type") == 2 and c.get("label") is not None and len(c["label"]) > BUTTON_LABEL_MAX:
            errors.add(base + ["components", "label"], "BASE_TYPE_MAX_LENGTH",
                       f"Must be {BUTTON_LABEL_MAX} or fewer in length.")


def validate_message(payload: dict[str, Any], *, base: list[str | int] | None = None) -> ErrorTree:
    """Form-body checks shared by channel messages, interaction responses, follow-ups and edits."""
    base = base or []
    errors = ErrorTree()
    content = payload.get("content")
    if content is not None:
        if not isinstance(content, str):
            errors.add(base + ["content"], "BASE_TYPE_BAD_TYPE", "Must be a string.")
        else:
            errors.max_length(base + ["content"], content, CONTENT_MAX)
    validate_embeds(errors, payload.get("embeds"), base)
    v2 = bool((payload.get("flags") or 0) & (1 << 15))
    validate_components(errors, payload.get("components"), base, v2=v2)
    return errors


def is_empty_message(payload: dict[str, Any], n_files: int) -> bool:
    return not (payload.get("content") or payload.get("embeds") or n_files or payload.get("attachments")
                or payload.get("components") or payload.get("sticker_ids") or payload.get("poll"))


def validate_choices(data: dict[str, Any]) -> ErrorTree:
    errors = ErrorTree()
    choices = (data or {}).get("choices")
    if choices is None:
        errors.add(["data", "choices"], "BASE_TYPE_REQUIRED", "This field is required")
        return errors
    errors.max_length(["data", "choices"], choices, CHOICES_MAX)
    for i, c in enumerate(choices):
        if errors.required(["data", "choices", i, "name"], c.get("name")):
            errors.max_length(["data", "choices", i, "name"], c.get("name"), CHOICE_NAME_MAX)
        value = c.get("value")
        if isinstance(value, str):
            errors.max_length(["data", "choices", i, "value"], value, CHOICE_VALUE_MAX)
    return errors


def validate_modal(data: dict[str, Any]) -> ErrorTree:
    errors = ErrorTree()
    data = data or {}
    if errors.required(["data", "title"], data.get("title")):
        errors.max_length(["data", "title"], data.get("title"), MODAL_TITLE_MAX)
    if errors.required(["data", "custom_id"], data.get("custom_id")):
        errors.max_length(["data", "custom_id"], data.get("custom_id"), CUSTOM_ID_MAX)
    comps = data.get("components") or []
    if not comps:
        errors.add(["data", "components"], "BASE_TYPE_MIN_LENGTH", "Must be 1 or more in length.")
    errors.max_length(["data", "components"], comps, 5)
    return errors


def _validate_options(errors: ErrorTree, options: list[dict], path: list[str | int]) -> None:
    errors.max_length(path, options, OPTIONS_MAX)
    seen_optional = False
    names: set[str] = set()
    for i, o in enumerate(options):
        p = path + [i]
        name = o.get("name") or ""
        if not COMMAND_NAME.match(name) or name != name.lower():
            errors.add(p + ["name"], "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
        if name in names:
            errors.add(p + ["name"], "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", "Option name already exists")
        names.add(name)
        if errors.required(p + ["description"], o.get("description")):
            errors.max_length(p + ["description"], o.get("description"), COMMAND_DESCRIPTION_MAX)
        if o.get("type") in (1, 2):
            _validate_options(errors, o.get("options") or [], p + ["options"])
            continue
        if o.get("required"):
            if seen_optional:
                errors.add(p + ["required"], "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                           "Required options must be placed before non-required options")
        else:
            seen_optional = True
        choices = o.get("choices") or []
        errors.max_length(p + ["choices"], choices, CHOICES_MAX)
        if choices and o.get("autocomplete"):
            errors.add(p + ["autocomplete"], "APPLICATION_COMMAND_OPTION_CHOICES_AND_AUTOCOMPLETE",
                       "Autocomplete cannot be set with choices")


def validate_commands(commands: Any) -> ErrorTree:
    errors = ErrorTree()
    if not isinstance(commands, list):
        errors.add([], "BASE_TYPE_ARRAY", "Must be an array.")
        return errors
    errors.max_length([], commands, COMMANDS_MAX)
    seen: set[tuple[int, str]] = set()
    for i, c in enumerate(commands):
        ctype = c.get("type", 1)
        name = c.get("name") or ""
        if ctype == 1:
            if not COMMAND_NAME.match(name) or name != name.lower():
                errors.add([i, "name"], "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
            if errors.required([i, "description"], c.get("description")):
                errors.max_length([i, "description"], c.get("description"), COMMAND_DESCRIPTION_MAX)
            _validate_options(errors, c.get("options") or [], [i, "options"])
        elif not name or len(name) > 32:
            errors.add([i, "name"], "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
        if (ctype, name) in seen:
            errors.add([i, "name"], "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique")
        seen.add((ctype, name))
    return errors
