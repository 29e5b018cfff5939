"""Property-based tests: whatever is in the data files, `check` answers with a valid
briefing or with located problems, never with a traceback.

Three kinds of input: (a) arbitrary text and YAML-ish token soup in any data file;
(b) generated records, with random subsets of the contract's fields holding values of
random types; (c) mutations of valid briefings (MINIMAL and the small fixture): a field
dropped, a value's type swapped, an ID duplicated, a reference broken, an unknown field
added. For every outcome: each problem names a project file, a line and column (unless
it is about the whole file) and says something; when there is no error, every page
renders. A last property feeds Markdown token soup to a statement: what `check` accepts
never turns into a script, an event handler or an unsafe link in the HTML.

Deterministic (derandomize, no example database) and reusing one project folder.
"""

from __future__ import annotations

import copy
import datetime as dt
import inspect
import json
import re
import shutil
import textwrap
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import MINIMAL, write_files
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from briefbook.briefing.check import check_project
from briefbook.briefing.load import Project
from briefbook.contract.kinds import RECORDS
from briefbook.site.pages import Renderer
from briefbook.site.template_env import make_environment
from briefbook.site.urls import Site

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "small"
DATA_FILES = {"actors": "data/actors.yaml", "themes": "data/themes.yaml", "sources": "data/sources.yaml"}
SITE = Site("Fuzzed briefing", "https://example.org/fuzz/")


def fuzz_settings(examples: int):
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# -- the project folder, rewritten for every example ------------------------------------------------


def read_tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text("utf-8") for p in sorted(root.rglob("*")) if p.is_file()}


MINIMAL_FILES = {path: textwrap.dedent(text) for path, text in MINIMAL.items()}
SMALL_FILES = read_tree(FIXTURE)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "project"


def reset(root: Path, base: dict[str, str], files: dict[str, str | bytes]) -> Path:
    """`root` holds exactly `base` with `files` replacing or adding some of them."""
    for sub in ("data", "content", "templates"):
        shutil.rmtree(root / sub, ignore_errors=True)
    write_files(root, base)
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")
    return root


# -- the property ---------------------------------------------------------------------------------

try:  # a citation cache shared by every example keeps rendering fast (when there is one)
    from briefbook.site.citation_cache import CitationCache

    RENDER_OPTIONS = {"cache": CitationCache(None)} if "cache" in inspect.signature(Renderer).parameters else {}
except ImportError:  # pragma: no cover - depends on the version of briefbook
    RENDER_OPTIONS = {}


def render_all(briefing) -> dict[str, str]:
    renderer = Renderer(briefing, SITE, make_environment(None), **RENDER_OPTIONS)
    pages = dict(renderer.pages(with_home=True))
    pages.update(dict(renderer.redirects()))
    for path, text in pages.items():
        text.encode("utf-8")  # every page can be written as UTF-8 (no lone surrogates)
        assert path.endswith((".md", ".html")) and not path.startswith(("/", "..")) and "/../" not in path
    return pages


def assert_valid_or_located(root: Path):
    """The property: no exception, every problem located and worded; no error → renders."""
    result = check_project(Project.at(root))
    for problem in result.problems:
        where = problem.position
        assert problem.message.strip(), problem
        assert where.path.startswith(("data/", "content/")) or where.path == "data", problem
        if where.line == 0:
            assert where.column == 0, problem  # a whole-file problem
            continue
        assert where.line >= 1 and where.column >= 1, problem
    if result.ok:
        render_all(result.briefing)
    return result


# -- (a) arbitrary text and YAML token soup --------------------------------------------------------

YAML_TOKENS = [
    "- ",
    ": ",
    "{",
    "}",
    "[",
    "]",
    ", ",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "!!str ",
    "!!binary ",
    "!!python/object:os.system ",
    "!custom ",
    "<<: ",
    '"',
    "'",
    "\\",
    "\n",
    "\n  ",
    "\n    ",
    "\n- ",
    "\t",
    "  ",
    "---\n",
    "...\n",
    "%YAML 1.2\n",
    "%TAG ! tag:example.org,2024:\n",
    "? ",
    "| ",
    "> ",
    "# ",
    "id",
    "title",
    "statement",
    "name",
    "kind",
    "themes",
    "sources",
    "actors",
    "date",
    "mali",
    "security",
    "report",
    "first-claim",
    "state",
    "2024-02",
    "2024-13-45",
    "true",
    "yes",
    "NO",
    "~",
    "null",
    "0x1F",
    "1e3",
    ".inf",
    "-1",
    "\ufeff",
    "\u202e",
    "é",
    "\x00",
    "\x85",
    "\u2028",
    "[actor:mali]",
    "(claim:first-claim)",
]
TARGETS = [
    "data/claims/x.yaml",
    "data/actors.yaml",
    "data/themes.yaml",
    "data/sources.yaml",
    "data/permalinks.lock",
    "content/page.md",
]
yaml_soup = st.lists(st.sampled_from(YAML_TOKENS), max_size=60).map("".join)
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
any_bytes = st.binary(max_size=200)


@fuzz_settings(100)
@given(target=st.sampled_from(TARGETS), content=st.one_of(yaml_soup, any_text, any_bytes))
def test_any_file_content_is_a_briefing_or_located_problems(folder, target, content):
    assert_valid_or_located(reset(folder, MINIMAL_FILES, {target: content}))


@fuzz_settings(100)
@given(target=st.sampled_from(TARGETS[:4]), prefix=yaml_soup, middle=any_text)
def test_soup_around_a_valid_record_is_a_briefing_or_located_problems(folder, target, prefix, middle):
    valid = MINIMAL_FILES["data/claims/claims.yaml"] if "claims" in target else MINIMAL_FILES[target]
    lines = valid.splitlines(keepends=True)
    content = prefix + "".join(lines[:2]) + middle + "".join(lines[2:])
    assert_valid_or_located(reset(folder, MINIMAL_FILES, {target: content}))


# -- (b) generated records ----------------------------------------------------------------------------

KNOWN_IDS = ["mali", "security", "report", "first-claim", "other", "x", "index", "a" * 64]
leaf = st.one_of(
    st.text(max_size=20),
    st.sampled_from(KNOWN_IDS),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.sampled_from(["2024", "2024-02", "2024-02-30", "2016?", "2024-08~", "2023-06/2023-08", "2024-03/..", "../.."]),
    st.sampled_from(["https://ok.example/", "javascript:alert(1)", "ML", "ml", "NO", "Q42", "A", "fr", "pt-BR"]),
)
value = st.recursive(
    leaf,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
source_ref = st.one_of(
    st.sampled_from(KNOWN_IDS),
    st.fixed_dictionaries(
        {},
        optional={"ref": value, "locator": value, "quote": value, "credibility": value, "pages": value},
    ),
)


def record_strategy(kind: str):
    fields = [f.name for f in RECORDS[kind].fields]
    optional = {name: value for name in fields}
    if kind == "claims":
        optional["sources"] = st.one_of(st.lists(source_ref, max_size=3), value)
    if kind == "sources":
        optional["author"] = st.one_of(
            st.lists(
                st.fixed_dictionaries({}, optional={"family": value, "given": value, "literal": value, "x": value}),
                max_size=2,
            ),
            value,
        )
    optional["unknown_field"] = value
    optional["_draft"] = value
    return st.fixed_dictionaries({}, optional=optional)


def dump(records) -> str:
    return yaml.safe_dump(records, allow_unicode=True, sort_keys=False)


@fuzz_settings(50)
@given(data=st.data(), kind=st.sampled_from(list(RECORDS)))
def test_generated_records_are_a_briefing_or_located_problems(folder, data, kind):
    records = data.draw(st.lists(record_strategy(kind), min_size=0, max_size=4), label="records")
    path = "data/claims/generated.yaml" if kind == "claims" else DATA_FILES[kind]
    assert_valid_or_located(reset(folder, MINIMAL_FILES, {path: dump(records)}))


@fuzz_settings(20)
@given(data=st.data())
def test_generated_records_in_every_file_at_once(folder, data):
    files = {}
    for kind in RECORDS:
        records = data.draw(st.lists(record_strategy(kind), max_size=3), label=kind)
        files["data/claims/generated.yaml" if kind == "claims" else DATA_FILES[kind]] = dump(records)
    assert_valid_or_located(reset(folder, MINIMAL_FILES, files))


# -- (c) mutations of valid briefings ------------------------------------------------------------------


def typed(node):
    """A value read with YAML's BaseLoader (all text, as briefbook reads it) with the
    booleans and numbers of the contract restored, so that dumping it back is faithful
    (`country: NO` stays the text "NO")."""
    if isinstance(node, dict):
        return {key: typed(item) for key, item in node.items()}
    if isinstance(node, list):
        return [typed(item) for item in node]
    if node in ("true", "false"):
        return node == "true"
    if node.isdigit() and len(node) == 1:
        return int(node)  # credibility
    return node


def load_data(files: dict[str, str]) -> dict[str, list]:
    """{data file path: list of records} of a project's data."""
    return {
        path: typed(yaml.load(text, Loader=yaml.BaseLoader) or [])
        for path, text in files.items()
        if path.startswith("data/") and path.endswith(".yaml")
    }


BASES = {"minimal": MINIMAL_FILES, "small": SMALL_FILES}
BASE_DATA = {name: load_data(files) for name, files in BASES.items()}
MUTATIONS = ["drop", "swap", "duplicate", "break", "unknown", "typo", "null", "reorder"]


@st.composite
def mutated(draw):
    base = draw(st.sampled_from(sorted(BASES)), label="base")
    data = copy.deepcopy(BASE_DATA[base])
    for _ in range(draw(st.integers(1, 3), label="how many")):
        path = draw(st.sampled_from(sorted(data)), label="file")
        records = data[path]
        if not records:
            continue
        index = draw(st.integers(0, len(records) - 1), label="record")
        record = records[index]
        keys = sorted(record)
        key = draw(st.sampled_from(keys), label="field")
        mutation = draw(st.sampled_from(MUTATIONS), label="mutation")
        if mutation == "drop":
            del record[key]
        elif mutation == "swap":
            record[key] = draw(value, label="new value")
        elif mutation == "duplicate":
            records.append(copy.deepcopy(record))
        elif mutation == "break":
            for name in ("actors", "themes", "sources", "related", "part_of", "parent", "superseded_by"):
                if name in record:
                    old = record[name]
                    record[name] = [*old[:-1], "no-such-id"] if isinstance(old, list) and old else "no-such-id"
                    break
            else:
                record["related"] = ["no-such-id"]
        elif mutation == "unknown":
            record[draw(st.sampled_from(["colour", "confidance", "Title", "url", "ID"]), label="unknown")] = "x"
        elif mutation == "typo":
            record[key + draw(st.sampled_from(["s", "_", " "]), label="suffix")] = record.pop(key)
        elif mutation == "null":
            record[key] = None
        elif mutation == "reorder":
            records.insert(0, records.pop(index))
    files = {path: dump(records) for path, records in data.items()}
    return base, files


@fuzz_settings(60)
@given(case=mutated())
def test_mutated_briefings_are_a_briefing_or_located_problems(folder, case):
    base, files = case
    assert_valid_or_located(reset(folder, BASES[base], files))


def test_the_unmutated_bases_are_valid(folder):
    for name, files in BASES.items():
        root = reset(folder, files, {path: dump(records) for path, records in BASE_DATA[name].items()})
        result = assert_valid_or_located(root)
        assert result.ok, (name, [str(p) for p in result.problems.errors])


# -- Markdown token soup: what check accepts is never code ----------------------------------------------

MARKDOWN_TOKENS = [
    "`",
    "``",
    "```",
    "~~~",
    "\\",
    "\\`",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x]",
    "[a]",
    "[",
    "]",
    "(",
    ")",
    "(javascript:alert(1))",
    "javascript:alert(1)",
    "[a]: ",
    "\n",
    "\n\n",
    "> ",
    "- ",
    "    ",
    "!!! note\n    ",
    '{: onclick="alert(1)"}',
    "*x*",
    "<https://ok.example>",
    "&#106;",
    "!",
    " ",
    "x",
    '"t"',
    "[Mali](actor:mali)",
    "\x00",
    "0",
    "Withdrawn: ",
    "(CSP: x)",
    "java`scr`ipt:alert(1)",
    "<javascript://x>",
    "{href=javascript:alert(1)}",
    ": ",
]


def unsafe_html(text: str) -> list[str]:
    soup = BeautifulSoup(text, "html.parser")
    found = [str(s)[:80] for s in soup.find_all("script") if s.get("type") != "application/ld+json"]
    for tag in soup.find_all(True):
        for name, attr in tag.attrs.items():
            cleaned = "".join(ch for ch in str(attr) if ch.isprintable() and not ch.isspace()).lower()
            if name.startswith("on") or (name in ("href", "src") and cleaned.startswith(("javascript:", "data:"))):
                found.append(f"<{tag.name} {name}={attr!r}>")
    return found


@fuzz_settings(200)
@example(statement="\\`<script>alert(1)</script>`")
@example(statement="[x](javascript:alert((1)))")
@example(statement="\n\n~~~\n<img src=x onerror=alert(1)>")
@given(statement=st.lists(st.sampled_from(MARKDOWN_TOKENS), min_size=1, max_size=25).map("".join))
def test_markdown_that_checks_clean_is_never_code(folder, statement):
    claim = (
        "- id: first-claim\n  title: T\n"
        f"  statement: {json.dumps('x ' + statement)}\n"
        "  date: 2024-02\n  actors: [mali]\n  themes: [security]\n  sources: [report]\n  confidence: high\n"
    )
    result = check_project(Project.at(reset(folder, MINIMAL_FILES, {"data/claims/claims.yaml": claim})))
    if not result.ok:
        return
    # the statement as the claim page writes it (made safe, cross-references resolved)
    renderer = Renderer(result.briefing, SITE, make_environment(None), **RENDER_OPTIONS)
    html = str(renderer.markdown("claims/first-claim.md", result.briefing.claims["first-claim"].statement))
    assert unsafe_html(html) == [], statement


# -- found by fuzzing: targeted tests -------------------------------------------------------------------


def test_rendering_again_and_again_in_one_process(folder):
    """`mkdocs serve` makes a new Renderer on every rebuild: the 40th must still render.
    (Today a stale cache of citation styles in briefbook.site.citations, keyed by id() of styles that
    died with an earlier Renderer, breaks rendering within a few dozen rebuilds.)"""
    import gc

    result = check_project(Project.at(reset(folder, MINIMAL_FILES, {})))
    assert result.ok
    for attempt in range(40):
        renderer = Renderer(result.briefing, SITE, make_environment(None))
        pages = dict(renderer.pages())
        assert "claims/first-claim.md" in pages, attempt
        del renderer, pages
        gc.collect()


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029"], ids=["NEL", "LS", "PS"])
def test_positions_count_lines_as_editors_do(folder, separator):
    """Editors count lines by line feeds; YAML 1.1 also breaks lines at NEL, LS and PS.
    A problem must point at the line an editor shows."""
    claims = MINIMAL_FILES["data/claims/claims.yaml"].replace(
        "  title: Something happened\n", f'  title: "Something{separator}happened"\n  colour: red\n'
    )
    result = check_project(Project.at(reset(folder, MINIMAL_FILES, {"data/claims/claims.yaml": claims})))
    errors = [str(p) for p in result.problems.errors]
    assert errors == ["data/claims/claims.yaml:3:3: unknown field 'colour' in claim"], errors


# -- benign prose: what analysts write must pass, or the check gets turned off -------------------------

PROSE_WORDS = ["Gao", "Kidal", "the", "army", "said", "Withdrawn", "Correction", "Note", "Q", "A", "C", "CSP", "NB"]
prose_word = st.one_of(
    st.sampled_from(PROSE_WORDS),
    st.from_regex(r"[A-Za-z][a-z]{0,9}", fullmatch=True),
    st.from_regex(r"[0-2][0-9]:[0-5][0-9]|[1-9]:[1-9]", fullmatch=True),  # times and ratios
)
prose_phrase = st.lists(prose_word, min_size=1, max_size=6).map(" ".join)
prose_line = st.one_of(
    st.tuples(prose_word, prose_phrase).map(lambda t: f"{t[0]}: {t[1]}"),  # a word and a colon
    st.tuples(prose_phrase, prose_word, prose_phrase).map(lambda t: f"{t[0]} ({t[1]}: {t[2]})"),
    st.tuples(prose_phrase, prose_word, prose_phrase).map(lambda t: f'{t[0]}: "{t[1]}: {t[2]}"'),
    prose_phrase,
)
prose_block = st.one_of(
    prose_line,
    prose_line.map(lambda line: "- " + line),
    prose_line.map(lambda line: "1. " + line),
    prose_line.map(lambda line: "> " + line),
    st.tuples(prose_line, prose_line).map(lambda t: f"| {t[0]} | {t[1]} |\n|---|---|\n| {t[1]} | {t[0]} |"),
    prose_line.map(lambda line: line + " See [](claim:first-claim) and [Mali](actor:mali)."),
)


def shown(text: str) -> str:
    return " ".join(text.split())


@fuzz_settings(100)
@example(statement="Withdrawn: the minister was seen in public a week later; see [](claim:first-claim)")
@example(statement="- Gao: retaken\n\n> The spokesman: x\n\nQ: why A: 04:30 3:1 C:")
@given(statement=st.lists(prose_block, min_size=1, max_size=5).map("\n\n".join))
def test_benign_prose_passes_the_check_and_prints_as_written(folder, statement):
    """A false alarm fails here the way a missed attack fails above."""
    claim = (
        "- id: first-claim\n  title: T\n"
        f"  statement: {json.dumps(statement)}\n"
        f"  status: withdrawn\n  status_note: {json.dumps(statement)}\n"
        "  date: 2024-02\n  actors: [mali]\n  themes: [security]\n  sources: [report]\n  confidence: high\n"
    )
    result = check_project(Project.at(reset(folder, MINIMAL_FILES, {"data/claims/claims.yaml": claim})))
    assert result.ok, [str(p) for p in result.problems.errors]
    renderer = Renderer(result.briefing, SITE, make_environment(None), **RENDER_OPTIONS)
    html = str(renderer.markdown("claims/first-claim.md", statement))
    assert "unsafe-link-removed" not in html
    visible = shown(BeautifulSoup(html, "html.parser").get_text(" "))
    for line in statement.split("\n"):
        for part in line.removeprefix("- ").removeprefix("1. ").removeprefix("> ").split("|"):
            part = re.split(r" [Ss]ee \[", part)[0].strip()
            if part and set(part) != {"-"}:
                assert shown(part) in visible, (part, visible)
