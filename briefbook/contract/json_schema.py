"""The published JSON Schema files of the data format, written from the contract (never by hand)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .definitions import FORMAT_VERSION
from .kinds import RECORDS

SHIPPED = Path(__file__).parent.parent / "schema"


def file_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one data file: a list of records of one kind."""
    record = RECORDS[kind]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"briefbook-{kind}.schema.json",
        "title": f"briefbook {kind} (data format v{FORMAT_VERSION})",
        "description": f"A list of {record.kind} records; see the briefbook data format.",
        "type": "array",
        "items": record.json_schema(),
    }


def schema_text(kind: str) -> str:
    return json.dumps(file_schema(kind), indent=2, ensure_ascii=False) + "\n"


def write_schema_files(folder: Path = SHIPPED) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in RECORDS:
        path = folder / f"{kind}.schema.json"
        path.write_text(schema_text(kind), "utf-8")
        written.append(path)
    return written
