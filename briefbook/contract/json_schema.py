"""The published JSON Schema files, written from `schema.py` (never by hand)."""

from __future__ import annotations

import json
from pathlib import Path

from .fields import RECORDS, file_schema

SHIPPED = Path(__file__).parent.parent / "schema"


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
