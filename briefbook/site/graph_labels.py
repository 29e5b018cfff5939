"""Labels of an actor graph: measured without a font, wrapped, placed without overlap.

Kept apart from graph.py (the drawing) and actor_graphs.py (what a graph shows): label
geometry is the fiddly part, and tested on its own.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

FONT_SIZE = 12
LINE_HEIGHT = 14.0
LABEL_WIDTH = 180.0
"""Longer labels wrap onto more lines (never cut): about 24 characters."""


# -- labels: measured, wrapped, placed without overlap ---------------------------------------

_THIN = set(" .,;:'|!()[]ijlf-")
_WIDE = set("MWmw@%")


def _char_width(char: str, bold: bool = False) -> float:
    if char in _THIN:  # DejaVu Sans, the widest common fallback: i l .278, ( .390, ! .400
        units = 0.4
    elif char in _WIDE or unicodedata.east_asian_width(char) in "WF":
        units = 1.05
    elif char.isupper() or char.isdigit():
        units = 0.78
    else:
        units = 0.66
    return units * FONT_SIZE * (1.15 if bold else 1.0)


def text_width(text: str, bold: bool = False) -> float:
    """A generous estimate of the width of `text` at FONT_SIZE in user units, from
    character classes (no font is at hand at build time): wider than DejaVu Sans and
    Liberation Sans draw it, so labels placed apart by it stay apart in the browser."""
    return sum(_char_width(char, bold) for char in text)


def wrap_label(name: str, width: float = LABEL_WIDTH, bold: bool = False) -> tuple[str, ...]:
    """The whole name on as few lines as fit `width`; a word too long for a line is split."""
    lines: list[str] = []
    line_width = 0.0
    space = _char_width(" ", bold)
    for word in name.split():
        word_width = text_width(word, bold)
        if lines and line_width + space + word_width <= width:
            lines[-1] = f"{lines[-1]} {word}"
            line_width += space + word_width
            continue
        chunk, chunk_width = "", 0.0
        for char in word:  # a word wider than a line is split where it has to be
            char_width = _char_width(char, bold)
            if chunk and chunk_width + char_width > width:
                lines.append(chunk)
                chunk, chunk_width = "", 0.0
            chunk += char
            chunk_width += char_width
        lines.append(chunk)
        line_width = chunk_width
    return tuple(lines) or ("",)


class Box(NamedTuple):
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right and other.left < self.right and self.top < other.bottom and other.top < self.bottom
        )


@dataclass(frozen=True, slots=True)
class Label:
    """A node's name as drawn: `lines` from the baseline `y` down, anchored at `x`."""

    x: float
    y: float
    anchor: str
    """"start", "middle" or "end" (SVG text-anchor)."""
    lines: tuple[str, ...]
    bold: bool = False

    def box(self, pad: float = 2.0) -> Box:
        width = max(text_width(line, self.bold) for line in self.lines)
        left = {"start": self.x, "middle": self.x - width / 2, "end": self.x - width}[self.anchor]
        top = self.y - FONT_SIZE * 0.9
        bottom = self.y + (len(self.lines) - 1) * LINE_HEIGHT + FONT_SIZE * 0.3
        return Box(left - pad, top - pad, left + width + pad, bottom + pad)


def label_at(node_x: float, node_y: float, radius: float, lines: tuple[str, ...], side: str, bold: bool) -> Label:
    """A label beside its node: `side` is below, above, right or left."""
    gap = radius + 4
    extra = (len(lines) - 1) * LINE_HEIGHT
    if side == "below":
        return Label(node_x, node_y + gap + FONT_SIZE * 0.9, "middle", lines, bold)
    if side == "above":
        return Label(node_x, node_y - gap - FONT_SIZE * 0.3 - extra, "middle", lines, bold)
    y = node_y + FONT_SIZE * 0.35 - extra / 2
    return (
        Label(node_x + gap, y, "start", lines, bold) if side == "right" else Label(node_x - gap, y, "end", lines, bold)
    )


def place_labels(
    nodes: list[tuple[str, float, float, float, str, tuple[str, ...]]], width: float, height: float, bold: str | None
) -> dict[str, Label] | None:
    """Greedy placement: each node in turn (the order given) takes the first of its
    preferred sides, then the others, where its label stays inside the frame and
    overlaps no label placed before it and no node. None when some label finds no room."""
    circles = [Box(x - r, y - r, x + r, y + r) for _id, x, y, r, _pref, _lines in nodes]
    frame = Box(0, 0, width, height)
    placed: dict[str, Label] = {}
    boxes: list[Box] = []
    for node_id, x, y, r, preferred, lines in nodes:
        sides = [preferred, *[s for s in ("below", "above", "right", "left") if s != preferred]]
        for side in sides:
            label = label_at(x, y, r, lines, side, node_id == bold)
            box = label.box()
            inside = (
                frame.left <= box.left
                and box.right <= frame.right
                and frame.top <= box.top
                and box.bottom <= frame.bottom
            )
            if inside and not any(box.overlaps(other) for other in boxes + circles):
                placed[node_id] = label
                boxes.append(box)
                break
        else:
            return None
    return placed
