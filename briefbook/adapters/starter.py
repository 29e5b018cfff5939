"""`briefbook init`: a new project from the starter in the package, ready to build."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..contract.json_schema import write_schema_files

STARTER = Path(__file__).parent / "starter"


def create_starter(target: Path) -> list[Path]:
    """Copy the starter into `target` (absent or empty) with the JSON Schema files."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise FileExistsError(f"{target} exists and is not empty; choose a new folder")
    created = []
    for source in sorted(STARTER.rglob("*")):
        if source.is_file() and "__pycache__" not in source.parts:
            destination = target / source.relative_to(STARTER)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
            created.append(destination)
    created += write_schema_files(target / "schema")
    return created
