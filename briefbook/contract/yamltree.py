"""YAML text → a small located tree, guarded against YAML's traps.

PyYAML's constructors lose positions, keep the last of two duplicate keys, turn `NO`
into False and expand aliases without limit. So we stop at its *composer* (libyaml's C
one when available: ~10x faster) and build our own tree, in which every scalar keeps
its original text and position. The schema decides later what each scalar means, so a
string field reads `NO` as the string "NO" and nothing is ever silently converted.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import yaml

from ..problems import Position, Problems

try:  # libyaml is ~10x faster on large claim files; the pure-Python loader is a fallback
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_NODES_PER_BYTE = 8
"""Expansion budget: a tree may hold at most this many nodes per byte of source (plus a
floor). Real data holds far fewer than one node per byte; an alias bomb exceeds any
such bound within microseconds, so it fails fast instead of hanging."""
MIN_NODE_BUDGET = 10_000
CHARACTERS_PER_NODE = 64
"""A scalar costs one node of budget per this many characters, on top of its own."""
MAX_DEPTH = 64
"""The contract's data is at most four levels deep; anything deeper is not briefing data."""

TAG_PREFIX = "tag:yaml.org,2002:"
NULL, BOOL, INT, FLOAT, STR, TIMESTAMP = (TAG_PREFIX + t for t in ("null", "bool", "int", "float", "str", "timestamp"))
_KNOWN_TAGS = {NULL, BOOL, INT, FLOAT, STR, TIMESTAMP, TAG_PREFIX + "map", TAG_PREFIX + "seq"}


@dataclass(slots=True)
class YScalar:
    """A scalar as written: `text` is the source text, `tag` what YAML would make of it."""

    text: str
    tag: str
    plain: bool
    pos: Position
    raw_start: int = 0
    raw_end: int = 0

    @property
    def is_null(self) -> bool:
        return self.tag == NULL


@dataclass(slots=True)
class YSeq:
    items: list[YNode]
    pos: Position


@dataclass(slots=True)
class YMap:
    """A mapping with string keys in source order; `keys` keeps each key's own position."""

    items: dict[str, YNode]
    keys: dict[str, Position]
    pos: Position


YNode = YScalar | YSeq | YMap


@dataclass(slots=True)
class YamlFile:
    """One parsed data file: its root (None when empty or unreadable) and its raw text."""

    path: str
    text: str
    root: YNode | None
    failed: bool = False
    """True when the file could not be read as a whole (its records are unknown)."""


class LineIndex:
    """Lines as editors count them. YAML also breaks lines at NEL, LS and PS, which
    editors show inside a line, so positions are computed from the character offset."""

    def __init__(self, text: str):
        self.starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def position(self, path: str, mark: yaml.Mark) -> Position:
        line = bisect.bisect_right(self.starts, mark.index)
        return Position(path, line, mark.index - self.starts[line - 1] + 1)


class _Budget(Exception):
    """Raised inside the walk when a document expands beyond its budget."""


class _TooDeep(Exception):
    pass


class _Builder:
    def __init__(self, path: str, problems: Problems, budget: int, lines: LineIndex):
        self.lines = lines
        self.path = path
        self.problems = problems
        self.budget = budget

    def pos(self, node: yaml.Node) -> Position:
        return self.lines.position(self.path, node.start_mark)

    def build(self, node: yaml.Node, depth: int = 0) -> YNode:
        self.budget -= 1
        if self.budget < 0:
            raise _Budget(self.pos(node))
        if depth > MAX_DEPTH:
            raise _TooDeep(self.pos(node))
        if node.tag not in _KNOWN_TAGS:
            shown = "!!" + node.tag[len(TAG_PREFIX) :] if node.tag.startswith(TAG_PREFIX) else node.tag
            self.problems.error(
                self.pos(node),
                f"YAML tag {shown!r} is not allowed in briefing data; remove the tag",
            )
        if isinstance(node, yaml.ScalarNode):
            # Long strings count too: an alias repeated a thousand times must not turn a
            # 100 KB file into 100 MB of text.
            self.budget -= len(node.value) // CHARACTERS_PER_NODE
            if self.budget < 0:
                raise _Budget(self.pos(node))
            return YScalar(
                node.value,
                node.tag,
                not node.style,
                self.pos(node),
                node.start_mark.index,
                node.end_mark.index,
            )
        if isinstance(node, yaml.SequenceNode):
            return YSeq([self.build(item, depth + 1) for item in node.value], self.pos(node))
        assert isinstance(node, yaml.MappingNode)
        return self.build_map(node, depth)

    def build_map(self, node: yaml.MappingNode, depth: int) -> YMap:
        items: dict[str, YNode] = {}
        keys: dict[str, Position] = {}
        for key_node, value_node in node.value:
            key_pos = self.pos(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.error(key_pos, "a key must be a plain name, not a list or mapping")
                continue
            if key_node.tag == TAG_PREFIX + "merge":
                self.problems.error(key_pos, "YAML merge keys (<<) are not supported; write the fields out in full")
                continue
            key = key_node.value
            if key in items:
                first = keys[key]
                self.problems.error(
                    key_pos,
                    f"duplicate key {key!r} (first at line {first.line}); "
                    "YAML would silently keep only the last one: remove or rename one of them",
                )
                continue
            keys[key] = key_pos
            items[key] = self.build(value_node, depth + 1)
        return YMap(items, keys, self.pos(node))


def parse_yaml(path: str, text: str, problems: Problems) -> YamlFile:
    """Parse one document; on any YAML error, report it with its position and return no root."""
    file = YamlFile(path, text, None)
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as error:
        # Where the parser gave up is usually the place to look; but when it ran off the
        # end of the file (an unclosed quote or bracket), the place is where that began.
        ran_off = "end of stream" in (error.problem or "") and error.context_mark is not None
        mark = error.context_mark if ran_off else (error.problem_mark or error.context_mark)
        where = LineIndex(text).position(path, mark) if mark else Position(path)
        what = error.problem or error.context or "invalid YAML"
        if ran_off and error.context:
            what = f"{error.context} that never ends ({what})"
        advice = "check quoting and indentation here"
        if "mapping values are not allowed" in what:  # `title: Kidal: the army returns`
            advice = 'a value that holds ": " needs quotes (title: "Kidal: the army returns"), or check the indentation'
        problems.error(where, f"YAML does not parse: {what}; {advice}")
        file.failed = True
        return file
    except yaml.YAMLError as error:  # e.g. a reader error on a control character
        problems.error(Position(path, 1, 1), f"YAML does not parse: {error}")
        file.failed = True
        return file
    except RecursionError:
        problems.error(Position(path, 1, 1), "YAML is nested far too deeply to be briefing data")
        file.failed = True
        return file
    if len(nodes) > 1:
        second = nodes[1]
        problems.error(
            LineIndex(text).position(path, second.start_mark),
            "a data file holds one YAML document; remove the '---' separator or split the file",
        )
    if not nodes:
        return file
    budget = max(MIN_NODE_BUDGET, MAX_NODES_PER_BYTE * len(text))
    builder = _Builder(path, problems, budget, LineIndex(text))
    try:
        file.root = builder.build(nodes[0])
    except _Budget as error:
        problems.error(
            error.args[0],
            "this document expands to far more values than its size allows "
            "(YAML aliases used as an 'alias bomb'?); write the values out instead of using '*' aliases",
        )
        file.failed = True
    except _TooDeep as error:
        problems.error(error.args[0], f"values are nested more than {MAX_DEPTH} levels deep; briefing data is flat")
        file.failed = True
    return file
