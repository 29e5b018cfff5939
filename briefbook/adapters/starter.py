"""`briefbook init`: a new project from the starter in the package, ready to build."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..contract.json_schema import write_schema_files

STARTER = Path(__file__).parent / "starter"
CI_FILES = {
    "github-publish.yml": ".github/workflows/publish.yml",
    "gitlab-ci.yml": ".gitlab-ci.yml",
}
"""Publishing in one step: the CI workflows `init` writes (kept under names without a
leading dot in the package, so that every packaging tool ships them)."""
CI_SOURCE = Path(__file__).parent / "starter_ci"
GITIGNORE = "site/\n.cache/\n"


def create_starter(target: Path) -> list[Path]:
    """Copy the starter into `target` (absent or empty) with the JSON Schema files, the
    CI workflows that publish it (GitHub Actions, GitLab CI) and a .gitignore."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise FileExistsError(f"{target} exists and is not empty; choose a new folder")
    created = []
    for source in sorted(STARTER.rglob("*")):
        if source.is_file() and "__pycache__" not in source.parts:
            destination = target / source.relative_to(STARTER)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
            created.append(destination)
    for name, relative in CI_FILES.items():
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CI_SOURCE / name, destination)
        created.append(destination)
    (target / ".gitignore").write_text(GITIGNORE, "utf-8")
    created.append(target / ".gitignore")
    created += write_schema_files(target / "schema")
    return created
