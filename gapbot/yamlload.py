"""YAML and JSON from files, bounded: every reader of a corpus file, an upload or a feed goes through here.

YAML is parsed by libyaml when PyYAML has it: the 382-model registry takes 27 ms instead of 190 ms, and it is read
by every ingest, every refresh and every cold `ask`. Aliases are refused: a 640-byte "billion laughs" document
builds a small object graph whose str() or traversal is gigabytes. (libyaml already refuses nesting over 1,000.)
JSON is refused past MAX_JSON_DEPTH levels, which no leaderboard comes near; its size is bounded by the byte
limit on files (GAPBOT_MAX_FILE_BYTES). Errors are InputFileError naming the file, the line and the reason.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from gapbot.errors import InputFileError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_JSON_DEPTH = 20


def safe_load(text: str) -> Any:
    """yaml.safe_load, faster, aliases refused; raises yaml.YAMLError (with the line in its problem_mark)."""
    _refuse_aliases(text)
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader, chosen above


class AliasRefused(yaml.YAMLError):
    """A document uses an alias (*name); problem_mark says where, like the parser's own errors."""

    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__("YAML aliases (*name) are not accepted: a few lines can expand to gigabytes; "
                         "write the values out")
        self.problem = str(self)
        self.problem_mark = mark


def _refuse_aliases(text: str) -> None:
    if "*" not in text:  # no alias without a '*': skip the event scan (8 ms on the registry)
        return
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            raise AliasRefused(event.start_mark)


def load_yaml(text: str, path: str, first_line: int = 1, what: str = "YAML error") -> Any:
    """YAML text of file `path`; any problem is an InputFileError with the file's line (the text starting at
    `first_line`, e.g. front matter after its '---')."""
    try:
        return safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputFileError(str(path), f"{what}: {getattr(exc, 'problem', None) or exc}",
                             line=mark.line + first_line if mark else None) from exc


def load_json(text: str, path: str, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """JSON text of file `path`, nested at most max_depth levels; any problem is an InputFileError."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputFileError(str(path), f"JSON error: {exc.msg}", line=exc.lineno) from exc
    except RecursionError:
        raise InputFileError(str(path), f"JSON nested more than {max_depth} levels deep") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise InputFileError(str(path), f"JSON error: {str(exc)[:200]}") from exc
    if json_depth(data, max_depth) > max_depth:
        raise InputFileError(str(path), f"JSON nested more than {max_depth} levels deep")
    return data


def json_depth(data: Any, stop: int) -> int:
    """How deep data nests (a scalar: 0), counted without recursion; stops looking once past `stop`."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > stop:
            return deepest
        stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))
    return deepest
