"""`briefbook check` through briefbook.adapters.cli.main: exit codes, the report and its summary line."""

from __future__ import annotations

import json
import textwrap

import pytest
from conftest import MINIMAL

from briefbook.adapters.cli import main

ACTORS = textwrap.dedent(MINIMAL["data/actors.yaml"])
NIGER = "- id: niger\n  name: Niger\n  kind: state\n"
"""An actor no claim names: one warning at data/actors.yaml:5:7."""
BAD_COUNTRY = ACTORS.replace("country: ML", "country: XX")
"""One error at data/actors.yaml:4:12."""

COUNTRY_ERROR = "data/actors.yaml:4:12: country: 'XX' is not an ISO 3166-1 alpha-2 country code such as ML or RU"
NIGER_WARNING = (
    "data/actors.yaml:5:7: warning: actor 'niger' appears in no claim; list it in a claim's actors, or remove it"
)
LEDGER = "actors/mali\nclaims/first-claim\nsources/report\nthemes/security\n"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def last_line(text: str) -> str:
    return text.rstrip("\n").split("\n")[-1]


def test_clean_project_exits_0(make_project, capsys):
    code, out, err = run(capsys, str(make_project()))
    assert code == 0
    assert out == "0 errors, 0 warnings\n"
    assert err == ""


def test_warnings_alone_exit_0(make_project, capsys):
    code, out, err = run(capsys, str(make_project({"data/actors.yaml": ACTORS + NIGER})))
    assert code == 0
    assert NIGER_WARNING in out.splitlines()
    assert last_line(out) == "0 errors, 1 warning"
    assert err == ""


def test_an_error_exits_1(make_project, capsys):
    code, out, err = run(capsys, str(make_project({"data/actors.yaml": BAD_COUNTRY})))
    assert code == 1
    assert COUNTRY_ERROR in (out + err).splitlines()
    assert last_line(out) == "1 error, 0 warnings"


def test_singular_forms(make_project, capsys):
    code, out, err = run(capsys, str(make_project({"data/actors.yaml": BAD_COUNTRY + NIGER})))
    assert code == 1
    lines = (out + err).splitlines()
    assert COUNTRY_ERROR in lines
    assert NIGER_WARNING in lines
    assert last_line(out) == "1 error, 1 warning"


def test_plural_forms(make_project, capsys):
    actors = BAD_COUNTRY + NIGER + "  wikidata: Q0\n- id: chad\n  name: Chad\n  kind: state\n"
    code, out, err = run(capsys, str(make_project({"data/actors.yaml": actors})))
    assert code == 1
    assert last_line(out) == "2 errors, 2 warnings"
    assert "data/actors.yaml:8:13: wikidata: 'Q0' is not a Wikidata ID, e.g. Q1000" in (out + err).splitlines()


def test_every_problem_is_one_line_in_file_order(make_project, capsys):
    root = make_project(
        {
            "data/actors.yaml": BAD_COUNTRY,
            "data/claims/claims.yaml": textwrap.dedent(MINIMAL["data/claims/claims.yaml"]).replace(
                "date: 2024-02", "date: 2024-13"
            ),
        }
    )
    code, out, err = run(capsys, str(root))
    assert code == 1
    assert out.splitlines() == [
        COUNTRY_ERROR,
        "data/claims/claims.yaml:4:9: date: '2024-13' has month 13; months run from 01 to 12",
        "2 errors, 0 warnings",
    ]
    assert err == ""


def test_json_format(make_project, capsys):
    code, out, err = run(capsys, str(make_project({"data/actors.yaml": BAD_COUNTRY + NIGER})), "--format", "json")
    assert code == 1
    assert err == ""
    report = json.loads(out)  # the whole output is one JSON document, no summary line after it
    assert report["ok"] is False
    assert report["errors"] == 1
    assert report["warnings"] == 1
    assert report["problems"] == [
        {
            "file": "data/actors.yaml",
            "line": 4,
            "column": 12,
            "severity": "error",
            "message": "country: 'XX' is not an ISO 3166-1 alpha-2 country code such as ML or RU",
        },
        {
            "file": "data/actors.yaml",
            "line": 5,
            "column": 7,
            "severity": "warning",
            "message": "actor 'niger' appears in no claim; list it in a claim's actors, or remove it",
        },
    ]


def test_json_format_of_a_clean_project(make_project, capsys):
    code, out, err = run(capsys, str(make_project()), "--format", "json")
    assert code == 0
    assert err == ""
    assert json.loads(out) == {"ok": True, "errors": 0, "warnings": 0, "problems": []}


def test_json_keeps_non_ascii_text(make_project, capsys):
    themes = "- id: security\n  name: Sécurité\n  parent: sécurité\n"
    code, out, err = run(capsys, str(make_project({"data/themes.yaml": themes})), "--format", "json")
    assert code == 1
    assert err == ""
    messages = [p["message"] for p in json.loads(out)["problems"]]
    assert any("'sécurité'" in m for m in messages)


def test_frozen_turns_a_new_id_into_an_error(make_project, capsys):
    root = make_project({"data/permalinks.lock": "actors/mali\nsources/report\nthemes/security\n"})
    ledger = (root / "data" / "permalinks.lock").read_bytes()

    code, out, err = run(capsys, str(root))
    assert code == 0
    assert last_line(out) == "0 errors, 0 warnings"

    code, out, err = run(capsys, str(root), "--frozen")
    assert err == ""
    assert code == 1
    assert (
        "data/claims/claims.yaml:1:7: claims/first-claim is not in data/permalinks.lock and this build is frozen; "
        "publish once without frozen mode (`mkdocs build` for the public site_url) and commit the updated ledger"
    ) in out.splitlines()
    assert last_line(out) == "1 error, 0 warnings"
    assert (root / "data" / "permalinks.lock").read_bytes() == ledger


def test_frozen_with_a_complete_ledger(make_project, capsys):
    code, out, err = run(capsys, str(make_project({"data/permalinks.lock": LEDGER})), "--frozen")
    assert code == 0
    assert err == ""
    assert last_line(out) == "0 errors, 0 warnings"


def test_check_does_not_write_the_ledger(make_project, capsys):
    root = make_project()
    code, _, _ = run(capsys, str(root))
    assert code == 0
    assert not (root / "data" / "permalinks.lock").exists()


def test_vanished_id_exits_1(make_project, capsys):
    root = make_project({"data/permalinks.lock": LEDGER + "themes/zz-gone\n"})
    code, out, err = run(capsys, str(root))
    assert err == ""
    assert code == 1
    assert last_line(out) == "1 error, 0 warnings"
    assert out.splitlines()[:-1] == [
        "data/permalinks.lock:5:1: themes/zz-gone was published but no record carries this ID any more; "
        "restore the theme with this ID (a published page must keep answering)"
    ]


def test_no_dir_means_the_current_directory(make_project, capsys, monkeypatch):
    root = make_project({"data/actors.yaml": BAD_COUNTRY})
    monkeypatch.chdir(root)
    code, out, err = run(capsys)
    assert err == ""
    assert code == 1
    assert COUNTRY_ERROR in out.splitlines()
    assert last_line(out) == "1 error, 0 warnings"


def test_no_dir_in_a_clean_project(make_project, capsys, monkeypatch):
    monkeypatch.chdir(make_project())
    code, out, err = run(capsys)
    assert code == 0
    assert err == ""
    assert out == "0 errors, 0 warnings\n"


def test_content_folder_comes_from_docs_dir(make_project, capsys):
    mkdocs_yml = MINIMAL["mkdocs.yml"].replace("docs_dir: content", "docs_dir: pages")
    root = make_project({"mkdocs.yml": mkdocs_yml, "pages/index.md": "# Home\n\n[x](actor:nope)\n"})
    code, out, err = run(capsys, str(root))
    assert err == ""
    assert code == 1
    assert last_line(out) == "1 error, 0 warnings"
    assert out.splitlines()[:-1] == [
        "pages/index.md:3:5: link: link to unknown actor 'nope'; correct the ID or add the actor"
    ]


def test_mkdocs_yml_with_mkdocs_tags_is_read(make_project, capsys):
    mkdocs_yml = MINIMAL["mkdocs.yml"] + (
        "site_author: !ENV [AUTHOR, Desk]\n"
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
    )
    code, out, err = run(capsys, str(make_project({"mkdocs.yml": mkdocs_yml})))
    assert code == 0
    assert out == "0 errors, 0 warnings\n"
    assert err == ""


def test_mkdocs_yml_that_does_not_parse_is_reported_not_raised(make_project, capsys):
    code, out, err = run(capsys, str(make_project({"mkdocs.yml": "site_name: [\n"})))
    assert code != 0
    assert "mkdocs.yml" in out + err


def test_missing_project_folder(tmp_path, capsys):
    code, out, err = run(capsys, str(tmp_path / "nowhere"))
    assert code == 1
    assert "no data/ folder here" in out
    assert err == ""
    assert last_line(out) == "1 error, 0 warnings"


def test_bad_data_never_gives_a_traceback(make_project, capsys):
    root = make_project(
        {
            "data/actors.yaml": "- &a [*a]\n",
            "data/themes.yaml": "{",
            "data/sources.yaml": "- id: x\n  type: !!binary aGVsbG8=\n",
            "data/claims/claims.yaml": "- - - -\n",
        }
    )
    code, out, err = run(capsys, str(root))
    assert code == 1
    assert "Traceback" not in out + err
    assert last_line(out).endswith(" warnings") or last_line(out).endswith(" warning")


@pytest.mark.parametrize("argv", [[], ["check", "--format", "xml"], ["check", "a", "b"], ["nonsense"]])
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2


def test_errors_and_warnings_come_in_one_stream_in_file_order_with_the_totals_last(make_project, capsys):
    """Piped output (`briefbook check | less`) must read in order: no error printed
    after the totals because it went to another stream."""
    code, out, err = run(capsys, str(make_project({"data/actors.yaml": BAD_COUNTRY + NIGER})))
    assert code == 1
    assert err == ""
    assert out.splitlines() == [COUNTRY_ERROR, NIGER_WARNING, "1 error, 1 warning"]


def test_check_reads_data_and_templates_from_the_plugin_options(make_project, capsys):
    mkdocs_yml = MINIMAL["mkdocs.yml"].replace("  - briefbook:\n", "  - briefbook:\n      data_dir: briefing-data\n")
    root = make_project({"mkdocs.yml": mkdocs_yml})
    (root / "data").rename(root / "briefing-data")
    code, out, err = run(capsys, str(root))
    assert (code, out, err) == (0, "0 errors, 0 warnings\n", "")

    claims = root / "briefing-data/claims/claims.yaml"
    claims.write_text(claims.read_text("utf-8").replace("date:", "dte:"), "utf-8")
    code, out, err = run(capsys, str(root))
    assert code == 1
    assert out.splitlines()[0].startswith("briefing-data/claims/claims.yaml:4:3: unknown field 'dte'")


def test_check_names_the_configured_data_folder_when_it_is_missing(make_project, capsys):
    mkdocs_yml = MINIMAL["mkdocs.yml"].replace("  - briefbook:\n", "  - briefbook:\n      data_dir: briefing-data\n")
    code, out, err = run(capsys, str(make_project({"mkdocs.yml": mkdocs_yml})))
    assert err == ""
    assert code == 1
    assert out.splitlines()[0] == (
        "briefing-data: no briefing-data/ folder here; run `briefbook init DIR` to start a briefing, "
        "point at the project folder, or correct the plugin's data_dir in mkdocs.yml"
    )


def test_a_claims_file_that_does_not_parse_brings_no_untrue_warnings(make_project, capsys):
    """One unquoted colon in a title breaks the file; the actors, themes and sources it
    names must not be reported as unused."""
    claims = textwrap.dedent(MINIMAL["data/claims/claims.yaml"]).replace(
        "title: Something happened", "title: Kidal: the army returns"
    )
    code, out, err = run(capsys, str(make_project({"data/claims/claims.yaml": claims})))
    assert err == ""
    assert code == 1
    assert out.splitlines() == [
        "data/claims/claims.yaml:2:15: YAML does not parse: mapping values are not allowed in this context; "
        'a value that holds ": " needs quotes (title: "Kidal: the army returns"), or check the indentation',
        "1 error, 0 warnings",
    ]


def test_render_reports_a_broken_template_override_as_the_build_does(make_project, tmp_path, capsys, caplog):
    from conftest import build_site
    from mkdocs.exceptions import Abort

    mkdocs_yml = MINIMAL["mkdocs.yml"].replace(
        "  - briefbook:\n", "  - briefbook:\n      templates_dir: my-templates\n"
    )
    root = make_project(
        {"mkdocs.yml": mkdocs_yml, "my-templates/claim.html.j2": "<h1>{{ claim.title }}</h1>\n{% if %}\n"}
    )
    assert main(["render", str(root), "--out", str(tmp_path / "out")]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    expected = "my-templates/claim.html.j2:2:1: template error: Expected an expression, got 'end of statement block'; fix the template"
    assert out.splitlines() == [expected, "1 error, 0 warnings"]
    assert not (tmp_path / "out").exists()
    with pytest.raises(Abort):
        build_site(root)
    assert any(expected in record.getMessage() for record in caplog.records)
