"""Field types for values with a format of their own: EDTF dates, full dates, web
addresses, patterns and country codes. Each reads a located value and describes itself
in JSON Schema, as the types in fields.py do."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from . import dates
from .countries import ISO_3166_ALPHA2
from .fields import INVALID, FieldType


class EdtfDate(FieldType):
    expects = "a date (YYYY, YYYY-MM or YYYY-MM-DD, with ?, ~ or % and START/END intervals)"

    def read(self, node, name, problems, source):
        text = self.scalar_text(node, name, problems)
        if text is INVALID:
            return INVALID
        try:
            return dates.parse_edtf(text)
        except dates.DateError as error:
            problems.error(node.pos, f"{name}: {error}")
            return INVALID

    def exported(self, value: dates.EdtfDate) -> str:
        return value.edtf()

    def json_schema(self):
        return {
            "type": ["string", "integer"],
            "pattern": dates.EDTF_PATTERN,
            "description": "EDTF date: 2024, 2024-02, 2024-02-21, 2016?, 2024-08~, 2023-06/2023-08, 2024-03/..",
        }


class FullDate(FieldType):
    expects = "a full date YYYY-MM-DD"

    def read(self, node, name, problems, source):
        text = self.scalar_text(node, name, problems)
        if text is INVALID:
            return INVALID
        try:
            return dates.parse_full_date(text)
        except dates.DateError as error:
            problems.error(node.pos, f"{name}: {error}")
            return INVALID

    def exported(self, value: Any) -> str:
        return value.isoformat()

    def export_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date"}

    def json_schema(self):
        return {"type": "string", "pattern": dates.FULL_DATE_PATTERN, "format": "date"}


class HttpUrl(FieldType):
    expects = "an http(s) URL"

    def read(self, node, name, problems, source):
        text = self.scalar_text(node, name, problems)
        if text is INVALID:
            return INVALID
        text = text.strip()
        parts = urlsplit(text)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in text):
            problems.error(
                node.pos,
                f"{name}: {text!r} is not an http or https URL; write the full address starting "
                "with https:// (or leave the field out: a source without a URL is allowed)",
            )
            return INVALID
        return text

    def json_schema(self):
        return {"type": "string", "format": "uri", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s]+$"}


@dataclass
class Pattern(FieldType):
    regex: str
    expects: str = "a value"
    example: str = ""

    def read(self, node, name, problems, source):
        text = self.scalar_text(node, name, problems)
        if text is INVALID:
            return INVALID
        if not re.fullmatch(self.regex, text):
            problems.error(node.pos, f"{name}: {text!r} is not {self.expects}, e.g. {self.example}")
            return INVALID
        return text

    def json_schema(self):
        return {"type": "string", "pattern": f"^{self.regex}$"}


class Country(FieldType):
    expects = "an ISO 3166-1 alpha-2 country code"

    def read(self, node, name, problems, source):
        text = self.scalar_text(node, name, problems)
        if text is INVALID:
            return INVALID
        if text.upper() in ISO_3166_ALPHA2 and text == text.upper():
            return text
        hint = f" (did you mean {text.upper()!r}?)" if text.upper() in ISO_3166_ALPHA2 else ""
        problems.error(node.pos, f"{name}: {text!r} is not {self.expects} such as ML or RU{hint}")
        return INVALID

    def json_schema(self):
        return {"type": "string", "enum": sorted(ISO_3166_ALPHA2)}
