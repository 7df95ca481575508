"""The model registry: canonical ids, aliases across sources, organization, open weights, release date.

Open/closed comes from a source where the source says it; the registry fills what a source lacks. A model
that neither knows stays unknown (None) and is kept out of open-vs-closed comparisons.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import re
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path

from gapbot.atomicfile import write_atomic
from gapbot.errors import InputFileError

log = logging.getLogger(__name__)
_PROJECT = Path(__file__).resolve().parents[1]
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Words sources append for a reasoning setting or a run configuration ("-high", "-thinking-32k", "-low-effort");
# they do not change which model it is. Matched token by token, never by a regex: names come from uploaded files,
# and a regex of optional, overlapping groups ("-high-1k" is one piece or two) backtracks exponentially.
_SETTING_WORDS = frozenset({"no-thinking", "non-thinking", "non-reasoning", "nothinking", "thinking", "reasoning",
                            "base", "high", "medium", "low", "minimal", "xhigh"})
_BUDGET = re.compile(r"[0-9]+k")  # a thinking budget token: "32k" (fullmatch on one token: linear)
# "-max" (but for "-max-effort") and "-preview" are not stripped: Qwen3-Max and a preview release are models of
# their own.


def _piece_lengths(tokens: list[str], i: int) -> set[int]:
    """Lengths (in tokens) of the setting pieces that can start at tokens[i].

    A piece is a setting word (one or two tokens), optionally followed by "effort" and then a budget ("32k");
    or a budget, optionally followed by "thinking".
    """
    def budget(j: int) -> bool:
        return j < len(tokens) and _BUDGET.fullmatch(tokens[j]) is not None

    out: set[int] = set()
    for width in (1, 2):
        if i + width <= len(tokens) and "-".join(tokens[i:i + width]) in _SETTING_WORDS:
            ends = [i + width]
            if i + width < len(tokens) and tokens[i + width] == "effort":
                ends.append(i + width + 1)
            out.update(e - i for e in ends)
            out.update(e + 1 - i for e in ends if budget(e))
    if tokens[i] == "max" and i + 1 < len(tokens) and tokens[i + 1] == "effort":  # "max effort", never "qwen3-max"
        out.add(2)
        out.update({3} if budget(i + 2) else set())
    if budget(i):
        out.add(1)
        if i + 1 < len(tokens) and tokens[i + 1] == "thinking":
            out.add(2)
    return out


def strip_settings(key: str) -> str:
    """A normalized name without its trailing setting pieces: 'claude-x-thinking-64k' -> 'claude-x'.

    The longest removable tail wins, as the regex this replaces did; linear in the number of tokens.
    """
    tokens = key.split("-")
    n = len(tokens)
    removable = [False] * (n + 1)  # removable[i]: tokens[i:] is a sequence of setting pieces
    removable[n] = True
    for i in range(n - 1, 0, -1):  # a name keeps at least its first token
        removable[i] = any(removable[i + length] for length in _piece_lengths(tokens, i) if i + length <= n)
    cut = next((i for i in range(1, n) if removable[i]), n)
    return "-".join(tokens[:cut])


def drop_parentheticals(name: str) -> str:
    """'o3 (high)' -> 'o3 ': every '(' up to the next ')' removed, in one pass (the regex was quadratic on '((((')."""
    parts: list[str] = []
    pos = 0
    while (start := name.find("(", pos)) >= 0 and (end := name.find(")", start + 1)) >= 0:
        parts.append(name[pos:start])
        pos = end + 1
    parts.append(name[pos:])
    return "".join(parts)


def normalize(name: str) -> str:
    """A forgiving key: lowercase, every run of other characters a single '-'. 'GPT 5.1' == 'gpt-5-1'.

    '+' is a word of its own ('Command R+' is not 'Command R').
    """
    return _NON_ALNUM.sub("-", name.lower().replace("+", "-plus")).strip("-")


def squash(name: str) -> str:
    """Even more forgiving: no separators at all, so 'gpt5.1' == 'gpt-5.1' == 'GPT 5 1'. The same as
    `normalize(name).replace("-", "")` (cheaper where the normalized name is at hand)."""
    return _NON_ALNUM.sub("", name.lower().replace("+", "plus"))


@dataclass(slots=True)
class ModelInfo:
    id: str
    name: str
    organization: str = ""
    open_weights: bool | None = None
    release_date: str = ""
    aliases: list[str] = field(default_factory=list)
    # True where a source is known to mislabel this model (e.g. an API-only model listed under an
    # organisation's licence name): the registry's open_weights then wins over the source's.
    override: bool = False


class Registry:
    """Lookup by any alias (normalized), with a fallback that strips reasoning-setting suffixes."""

    def __init__(self, models: list[ModelInfo], digest: str = "none") -> None:
        self.digest = digest  # of the file's bytes: a changed registry re-reads the files whose rows it shaped
        self.problems: list[str] = []  # entries skipped, each "file:line: reason"
        self.fallback = ""  # why the last good copy is in use instead of the file, when it is
        self.models = {m.id: m for m in models}
        self._models = models  # in the file's order: the first entry to claim an alias keeps it

    @cached_property
    def _by_key(self) -> dict[str, ModelInfo]:
        """Every alias's keys -> its model; built at the first lookup (ingest), never to answer a question."""
        by_key: dict[str, ModelInfo] = {}
        for m in self._models:
            for alias in [m.id, m.name, *m.aliases]:
                if alias:
                    key = normalize(alias)
                    by_key.setdefault(key, m)
                    by_key.setdefault(key.replace("-", ""), m)  # squash(alias)
        return by_key

    def __len__(self) -> int:
        return len(self.models)

    def lookup(self, name: str) -> ModelInfo | None:
        """The registry entry for a source's model key or a user's spelling, or None."""
        if not name:
            return None
        key = normalize(name)
        hit = self._by_key.get(key) or self._by_key.get(squash(name))
        if hit:
            return hit
        # "Name (high)" style run labels (Aider): drop the parenthetical setting.
        bare = normalize(drop_parentheticals(name))
        if bare != key and (hit := self._by_key.get(bare)):
            return hit
        stripped = strip_settings(bare)
        if stripped and stripped != bare:
            return self._by_key.get(stripped)
        return None


def load_registry(path: Path | str | None, cache: Path | None = None) -> Registry:
    """Read corpus/registry.yaml. A missing file gives an empty registry. A file that cannot be read at all raises
    an InputFileError naming it (relative to the project) and the line; a bad entry is skipped and reported in
    `problems`, so one typo does not take every answer down.

    `cache`: a JSON file holding the parsed models of a file that read cleanly, with its bytes' digest; used while
    the digest matches. Every cold `ask` reads the registry, and importing PyYAML and parsing the file cost
    ~30 ms of it, reading the JSON ~1 ms."""
    if path is None:
        return Registry([])
    path = Path(path)
    if not path.exists():
        return Registry([])
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if cache is not None and (models := _cached_models(cache, digest)) is not None:
        return Registry(models, digest)
    models, problems = _parse(path, data)
    if cache is not None and not problems:
        _write_cache(cache, digest, models)
    registry = Registry(models, digest)
    registry.problems = problems
    return registry


def _parse(path: Path, data: bytes) -> tuple[list[ModelInfo], list[str]]:
    """The file's models in order, and its bad entries ("file:line: reason")."""
    from gapbot import yamlload  # only when the cache does not answer: importing PyYAML costs ~10 ms

    shown = display_path(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(shown, "not UTF-8 text", hint="save the file as UTF-8") from exc
    doc = yamlload.load_yaml(text, shown) or {}
    entries = doc.get("models") if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        raise InputFileError(shown, "expected a top-level 'models:' list")
    models, bad = [], []
    for i, e in enumerate(entries):
        if not isinstance(e, dict) or not e.get("id"):
            bad.append((i, "this model entry has no 'id'"))
        elif e.get("open_weights") not in (True, False, None):
            bad.append((i, f"model {e['id']!r}: open_weights must be true, false or empty"))
        else:
            models.append(_model(e))
    lines = _entry_lines(text) if bad else []
    return models, [f"{shown}:{lines[i] if i < len(lines) else '?'}: {why}; the entry is skipped" for i, why in bad]


def load_registry_keeping_last_good(path: Path, keep: Path) -> Registry:
    """The registry file, saved to `keep` whenever it reads cleanly; when it cannot be read at all, the copy in
    `keep` is used (with `fallback` saying why) and the error logged, so answers go on with the last good one.
    Its parsed form is kept beside `keep` (see `load_registry`)."""
    try:
        registry = load_registry(path, cache=keep.with_name("registry.parsed.json"))
    except InputFileError as exc:
        if not keep.exists():
            raise
        log.error("%s: %s; using the last good copy %s", path, exc, keep)
        registry = load_registry(keep)
        registry.fallback = f"{exc} — the last good copy of the registry is in use until it is fixed"
        return registry
    for problem in registry.problems:
        log.warning("%s", problem)
    if path.exists() and not registry.problems:
        _save_copy(path, keep)
    return registry


def display_path(path: Path) -> str:
    """A file's name as users see it: relative to the project (or the current folder), never the host's layout."""
    path = Path(path).resolve()
    for root in (_PROJECT, Path.cwd()):
        with contextlib.suppress(ValueError):
            return str(path.relative_to(root.resolve()))
    return f"{path.parent.name}/{path.name}"


def _model(e: dict) -> ModelInfo:
    return ModelInfo(id=str(e["id"]), name=str(e.get("name") or e["id"]),
                     organization=str(e.get("organization") or ""), open_weights=e.get("open_weights"),
                     release_date=str(e.get("release_date") or ""),
                     aliases=[str(a) for a in e.get("aliases") or []], override=bool(e.get("override", False)))


def _entry_lines(text: str) -> list[int]:
    """The line of each entry of the models list (only computed when an entry is bad: it parses the file again)."""
    import yaml

    node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    for key, value in node.value if isinstance(node, yaml.MappingNode) else []:
        if key.value == "models" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def _parser_digest() -> str:
    """The parsing code's own digest, kept beside the file's: an upgraded gapbot (a changed alias rule, a new field)
    on a data folder that persists re-parses the registry rather than serving the old version's reading of it."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def _cached_models(cache: Path, digest: str) -> list[ModelInfo] | None:
    """The models kept in `cache` for a file of this digest; None when there are none (or it cannot be read)."""
    try:
        doc = json.loads(cache.read_bytes())
        if doc.get("digest") != digest or doc.get("parser") != _parser_digest():
            return None
        return [ModelInfo(**m) for m in doc["models"]]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):  # absent, damaged, or an older layout
        return None


def _write_cache(cache: Path, digest: str, models: list[ModelInfo]) -> None:
    doc = {"digest": digest, "parser": _parser_digest(), "models": [asdict(m) for m in models]}
    try:
        write_atomic(cache, json.dumps(doc, ensure_ascii=False))
    except OSError as exc:  # a read-only data folder must not stop answers: the file is parsed each time
        log.debug("could not keep the parsed registry in %s: %s", cache, exc)


def _save_copy(path: Path, keep: Path) -> None:
    data = path.read_bytes()
    try:
        if keep.exists() and keep.read_bytes() == data:
            return
        write_atomic(keep, data)
    except OSError as exc:  # a read-only data folder must not stop answers
        log.warning("could not keep a copy of the registry in %s: %s", keep, exc)
