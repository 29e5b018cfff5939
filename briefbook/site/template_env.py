"""The Jinja environment of briefbook's page templates: the project's `templates/`
over the built-ins (`builtin/NAME` always names the built-in, so an override can
extend what it replaces: Pelican's arrangement), autoescaped HTML, and what reports a
template that fails or an override still written for the old Markdown templates, at
its file and line."""

from __future__ import annotations

import contextlib
import traceback
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from markupsafe import Markup

from ..problems import Position, Problem
from .language import Language, load_language

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"


class Html(Markup):
    """HTML that is safe to insert as it is (built by briefbook, never data as written)."""

    __slots__ = ()


def _finalize(value: Any) -> Any:
    """`None` prints as nothing (`{{ claim.confidence }}` of a claim without one)."""
    return "" if value is None else value


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the life of the process, keyed by Jinja by
    each template's name and the checksum of its source: a `mkdocs serve` rebuild
    makes a new environment but compiles only the templates that were edited (compiling
    all of them was about a third of a rebuild after one data edit)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED = CompiledTemplates()


def make_environment(templates_dir: Path | None, language: Language | None = None) -> jinja2.Environment:
    """Project templates over built-ins, compiled once and cached for the whole build
    (and across `serve` rebuilds while their source stays the same: COMPILED), with
    Jinja's i18n extension speaking the site's language: `{% trans %}`, `_()`,
    `ngettext()` and `pgettext()` (new-style: `_("%(n)s claims", n=3)` formats)."""
    builtin = jinja2.FileSystemLoader(str(BUILTIN_TEMPLATES))
    loaders: list[jinja2.BaseLoader] = [jinja2.PrefixLoader({"builtin": builtin})]
    if templates_dir is not None and templates_dir.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(templates_dir)))
    loaders.append(builtin)
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=COMPILED,
        extensions=["jinja2.ext.i18n"],
    )
    language = language or load_language(None)
    env.install_gettext_translations(language.translations, newstyle=True)  # type: ignore[attr-defined]
    return env


def compile_all(env: jinja2.Environment) -> None:
    """Compile every template `env` lists, into COMPILED: a `serve` session's first build
    renders record pages in forked workers, so the partials they include were compiled
    there and not here, and the first rebuild after an edit compiled them again (about
    a tenth of that rebuild). A template that fails is left to the page that uses it,
    which reports it at its file and line."""
    for name in env.list_templates(extensions=["j2"]):
        with contextlib.suppress(jinja2.TemplateError):
            env.get_template(name)


LEGACY_SUFFIX = ".md.j2"


def legacy_templates(templates_dir: Path | None, project_root: Path) -> list[Problem]:
    """An override written for the Markdown templates of earlier versions: located at
    the line that names a built-in (or the first), with how to port it."""
    if templates_dir is None or not templates_dir.is_dir():
        return []
    problems = []
    for path in sorted(templates_dir.rglob(f"*{LEGACY_SUFFIX}")):
        text = path.read_text("utf-8", errors="replace")
        line = next((n for n, row in enumerate(text.splitlines(), 1) if LEGACY_SUFFIX in row), 1)
        try:
            shown = path.resolve().relative_to(project_root.resolve()).as_posix()
        except ValueError:
            shown = str(path)
        new_name = path.name[: -len(LEGACY_SUFFIX)] + ".html.j2"
        problems.append(
            Problem(
                Position(shown, line, 1),
                f"template {path.name} is a Markdown template, and briefbook's templates are HTML now: "
                f'rename it {new_name} (extending "builtin/{path.relative_to(templates_dir).as_posix()[: -len(LEGACY_SUFFIX)]}'
                '.html.j2" if it extends the built-in) and write HTML: <h2>...</h2> for headings, '
                "{{ link(kind, id) }} or <a href=\"{{ url('page.md') }}\"> for links, {{ markdown(field) }} for the "
                "data's Markdown fields; see templates/README.md",
            )
        )
    return problems


def template_location(error: jinja2.TemplateError) -> tuple[str | None, int | None]:
    """The file and line of a template that fails: a syntax error says them; a runtime
    error leaves them in its traceback, where Jinja keeps the template's frame."""
    filename, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    if line is None:
        for frame in reversed(traceback.extract_tb(error.__traceback__)):
            if frame.filename.endswith(".j2"):
                return frame.filename, frame.lineno
    return filename, line


def template_problem(error: jinja2.TemplateError, project_root: Path) -> Problem:
    """A template that fails to compile or render, located at its file and line."""
    filename, line = template_location(error)
    shown = filename or "templates"
    if filename:
        path = Path(filename)
        try:
            shown = path.resolve().relative_to(project_root).as_posix()
        except ValueError:
            shown = f"(built-in) {path.name}" if path.is_absolute() else filename
    return Problem(
        Position(shown, line or 0, 1 if line else 0),
        f"template error: {error.message or type(error).__name__}; fix the template",
    )
