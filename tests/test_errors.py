"""Every error and warning of the data contract, as the analyst sees it.

Each test replaces one file of the minimal valid project (conftest.MINIMAL) with a small
bad input and asserts the exact `file:line:column: message` line(s). Lines and columns
are 1-based and were counted by hand from the YAML written here: a value is reported
where it starts, a key where the key starts, a list item where the item starts and a
missing field at the start of its record (the `id` after `- `).

For reference, the minimal claim file (CLAIM) is:

    1  - id: first-claim
    2    title: Something happened
    3    statement: It happened in [Mali](actor:mali).
    4    date: 2024-02
    5    actors: [mali]
    6    themes: [security]
    7    sources: [report]
    8    confidence: high

and the minimal actors file (ACTORS):

    1  - id: mali
    2    name: Mali
    3    kind: state
    4    country: ML
"""

from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path

import pytest
from conftest import MINIMAL, check, messages

from briefbook.briefing.check import CheckResult, check_project
from briefbook.briefing.load import Project
from briefbook.contract import dates

CLAIM = textwrap.dedent(MINIMAL["data/claims/claims.yaml"])
ACTORS = textwrap.dedent(MINIMAL["data/actors.yaml"])
THEMES = textwrap.dedent(MINIMAL["data/themes.yaml"])
SOURCES = textwrap.dedent(MINIMAL["data/sources.yaml"])
LEDGER = "actors/mali\nclaims/first-claim\nsources/report\nthemes/security\n"

SECOND_CLAIM = """\
- id: second-claim
  title: Another thing
  statement: Another thing happened.
  themes: [security]
  sources: [report]
  confidence: low
"""
"""Appended after CLAIM it takes lines 9-14; a line added after it is line 15."""


def errors(result: CheckResult) -> list[str]:
    return [m for m in messages(result) if ": warning: " not in m]


def warnings(result: CheckResult) -> list[str]:
    return [m for m in messages(result) if ": warning: " in m]


def only_errors(make_project, files: dict[str, str]) -> list[str]:
    result = check(make_project(files))
    return errors(result)


def test_minimal_project_is_clean(make_project):
    result = check(make_project())
    assert messages(result) == []
    assert result.ok


# --- YAML that does not parse -------------------------------------------------------------


def test_bad_indentation_is_reported_where_the_parser_stops(make_project):
    more = "- id: second-claim\n  title: Second\n   statement: x\n"
    found = only_errors(make_project, {"data/claims/more.yaml": more})
    assert len(found) == 1
    # line 3 is `   statement: x`: the stray ':' stands in column 13
    assert found[0].startswith("data/claims/more.yaml:3:13: YAML does not parse: mapping values are not allowed")
    assert found[0].endswith("), or check the indentation")


def test_bad_indentation_of_a_whole_key(make_project):
    more = "- id: second-claim\n  title: Second\n statement: x\n"
    found = only_errors(make_project, {"data/claims/more.yaml": more})
    assert len(found) == 1
    assert found[0].startswith("data/claims/more.yaml:3:2: YAML does not parse: ")
    assert found[0].endswith("; check quoting and indentation here")


def test_unclosed_quote_is_reported_at_the_opening_quote(make_project):
    # The parser only notices at the end of the file; the analyst needs the quote (2:10).
    more = '- id: second-claim\n  title: "Second claim\n  statement: x\n'
    found = only_errors(make_project, {"data/claims/more.yaml": more})
    assert len(found) == 1
    assert found[0].startswith("data/claims/more.yaml:2:10: YAML does not parse: ")


def test_unclosed_quote_is_an_error_not_a_crash(make_project):
    more = '- id: second-claim\n  title: "Second claim\n  statement: x\n'
    found = only_errors(make_project, {"data/claims/more.yaml": more})
    assert len(found) == 1
    assert re.match(r"data/claims/more\.yaml:\d+:\d+: YAML does not parse: ", found[0])


def test_unclosed_flow_list(make_project):
    found = only_errors(make_project, {"data/claims/claims.yaml": CLAIM.replace("[security]", "[security")})
    assert len(found) == 1
    assert found[0].startswith("data/claims/claims.yaml:")
    assert "YAML does not parse: " in found[0]


# --- duplicate keys -------------------------------------------------------------------------


def test_duplicate_key_is_reported_at_the_second_key(make_project):
    actors = "- id: mali\n  name: Mali\n  kind: state\n  name: Mali again\n"
    assert only_errors(make_project, {"data/actors.yaml": actors}) == [
        "data/actors.yaml:4:3: duplicate key 'name' (first at line 2); YAML would silently keep "
        "only the last one: remove or rename one of them"
    ]


def test_duplicate_key_in_a_source_reference(make_project):
    claim = CLAIM.replace("  sources: [report]\n", "  sources:\n    - ref: report\n      ref: report\n")
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == [
        "data/claims/claims.yaml:9:7: duplicate key 'ref' (first at line 8); YAML would silently keep "
        "only the last one: remove or rename one of them"
    ]


# --- unknown fields, drafts and CSL pass-through -------------------------------------------------


def test_unknown_field_suggests_the_nearest_name(make_project):
    claim = CLAIM.replace("  title: Something happened", "  titel: Something happened")
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == [
        "data/claims/claims.yaml:1:3: claim is missing the required field 'title'",
        "data/claims/claims.yaml:2:3: unknown field 'titel' in claim (did you mean 'title'?)",
    ]


def test_unknown_field_on_a_source(make_project):
    sources = SOURCES + "  contianer-title: Le Monde\n"
    assert only_errors(make_project, {"data/sources.yaml": sources}) == [
        "data/sources.yaml:4:3: unknown field 'contianer-title' in source (did you mean 'container-title'?)"
    ]


def test_unknown_field_in_an_author(make_project):
    sources = SOURCES + "  author:\n    - famly: Doe\n      given: Jane\n"
    found = only_errors(make_project, {"data/sources.yaml": sources})
    assert "data/sources.yaml:5:7: unknown field 'famly' in author (did you mean 'family'?)" in found


def test_unknown_field_without_a_close_match(make_project):
    actors = ACTORS + "  flag: green\n"
    assert only_errors(make_project, {"data/actors.yaml": actors}) == [
        "data/actors.yaml:5:3: unknown field 'flag' in actor"
    ]


def test_underscore_keys_are_drafts_and_ignored(make_project):
    claim = CLAIM + "  _draft: {anything: [1, 2], Title: Not checked}\n  _notes: check with the desk\n"
    actors = ACTORS + "  _todo: [find, a, wikidata]\n"
    result = check(make_project({"data/claims/claims.yaml": claim, "data/actors.yaml": actors}))
    assert messages(result) == []


def test_underscore_files_under_claims_are_ignored(make_project):
    result = check(
        make_project(
            {
                "data/claims/_draft.yaml": "- id: [broken\n",
                "data/claims/_wip/more.yaml": "- id: Not An ID\n  titel: x\n",
                "data/claims/nested/_later.yml": "this: {is: not, a list",
            }
        )
    )
    assert messages(result) == []
    assert list(result.briefing.claims) == ["first-claim"]


def test_claims_are_searched_recursively_and_in_yml_files(make_project):
    second = SECOND_CLAIM.replace("second-claim", "nested-claim")
    result = check(make_project({"data/claims/2024/more.yml": second}))
    assert messages(result) == []
    assert sorted(result.briefing.claims) == ["first-claim", "nested-claim"]


def test_other_csl_variables_on_a_source_are_kept(make_project):
    sources = SOURCES + "  note: Seen in draft form\n  DOI: 10.1000/xyz123\n  page: 4-7\n  ISBN: 978-3-16\n"
    result = check(make_project({"data/sources.yaml": sources}))
    assert messages(result) == []
    assert dict(result.briefing.sources["report"].extra) == {
        "note": "Seen in draft form",
        "DOI": "10.1000/xyz123",
        "page": "4-7",
        "ISBN": "978-3-16",
    }


def test_a_full_csl_source_is_accepted(make_project):
    sources = """\
        - id: report
          type: article-newspaper
          title: "Mali: the junta's new partners"
          container-title: Le Monde
          publisher: Groupe Le Monde
          author:
            - family: Doe
              given: Jane
            - literal: United Nations
          issued: 2024-02-21
          URL: https://example.org/a?b=c
          accessed: 2024-03-01
          archive_url: http://web.archive.org/web/2024/https://example.org/a
          language: pt-BR
          reliability: B
        """
    result = check(make_project({"data/sources.yaml": sources}))
    assert messages(result) == []
    source = result.briefing.sources["report"]
    assert [a.display for a in source.authors] == ["Doe, Jane", "United Nations"]
    assert source.issued == dates.parse_edtf("2024-02-21")


# --- wrong types -----------------------------------------------------------------------------


def test_list_where_text_is_expected(make_project):
    claim = CLAIM.replace("  title: Something happened", "  title: [Something, happened]")
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == [
        "data/claims/claims.yaml:2:10: title: expected text, found a list"
    ]


def test_mapping_where_text_is_expected(make_project):
    sources = SOURCES + "  publisher: {name: Le Monde}\n"
    assert only_errors(make_project, {"data/sources.yaml": sources}) == [
        "data/sources.yaml:4:14: publisher: expected text, found a mapping"
    ]


def test_text_where_a_list_is_expected(make_project):
    claim = CLAIM.replace("  themes: [security]", "  themes: security")
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == [
        "data/claims/claims.yaml:6:11: themes: expected a list, found 'security'; write [security]"
    ]


def test_text_where_a_list_of_names_is_expected(make_project):
    actors = ACTORS + "  aliases: Republic of Mali\n"
    assert only_errors(make_project, {"data/actors.yaml": actors}) == [
        "data/actors.yaml:5:12: aliases: expected a list, found 'Republic of Mali'; write [Republic of Mali]"
    ]


def test_list_inside_a_list_of_names(make_project):
    actors = ACTORS + "  aliases: [Mali, [Republic]]\n"
    assert only_errors(make_project, {"data/actors.yaml": actors}) == [
        "data/actors.yaml:5:19: aliases[1]: expected text, found a list"
    ]


def test_empty_list_of_themes(make_project):
    claim = CLAIM.replace("  themes: [security]", "  themes: []")
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == [
        "data/claims/claims.yaml:6:11: themes: needs at least 1 item(s)"
    ]


def test_key_yes_is_not_a_boolean(make_project):
    assert only_errors(make_project, {"data/claims/claims.yaml": CLAIM + "  key: yes\n"}) == [
        "data/claims/claims.yaml:9:8: key: 'yes' is not true or false; write true or false"
    ]


@pytest.mark.parametrize("written", ['"true"', "on", "1", "y"])
def test_key_must_be_written_true_or_false(make_project, written):
    assert only_errors(make_project, {"data/claims/claims.yaml": CLAIM + f"  key: {written}\n"}) == [
        f"data/claims/claims.yaml:9:8: key: {written.strip(chr(34))!r} is not true or false; write true or false"
    ]


@pytest.mark.parametrize(("written", "value"), [("true", True), ("false", False), ("True", True)])
def test_key_true_or_false(make_project, written, value):
    result = check(make_project({"data/claims/claims.yaml": CLAIM + f"  key: {written}\n"}))
    assert messages(result) == []
    assert result.briefing.claims["first-claim"].key is value


def test_credibility_out_of_range(make_project):
    claim = CLAIM.replace("  sources: [report]\n", "  sources:\n    - ref: report\n      credibility: 7\n")
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == [
        "data/claims/claims.yaml:9:20: credibility: '7' is not a whole number from 1 to 6"
    ]


@pytest.mark.parametrize("written", ["0", "2.5", "high", "-1"])
def test_credibility_must_be_a_whole_number_from_1_to_6(make_project, written):
    claim = CLAIM.replace("  sources: [report]\n", f"  sources:\n    - ref: report\n      credibility: {written}\n")
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == [
        f"data/claims/claims.yaml:9:20: credibility: {written!r} is not a whole number from 1 to 6"
    ]


def test_a_full_source_reference_is_accepted(make_project):
    claim = CLAIM.replace(
        "  sources: [report]\n",
        '  sources:\n    - ref: report\n      locator: "p. 4"\n      quote: "It happened."\n      credibility: 2\n',
    )
    result = check(make_project({"data/claims/claims.yaml": claim}))
    assert messages(result) == []
    ref = result.briefing.claims["first-claim"].sources[0]
    assert (ref.ref, ref.locator, ref.quote, ref.credibility) == ("report", "p. 4", "It happened.", 2)


def test_country_no_is_read_as_norway(make_project):
    result = check(make_project({"data/actors.yaml": ACTORS.replace("country: ML", "country: NO")}))
    assert messages(result) == []
    assert result.briefing.actors["mali"].country == "NO"


def test_country_that_is_not_a_code(make_project):
    assert only_errors(make_project, {"data/actors.yaml": ACTORS.replace("country: ML", "country: NOR")}) == [
        "data/actors.yaml:4:12: country: 'NOR' is not an ISO 3166-1 alpha-2 country code such as ML or RU"
    ]


def test_country_in_lowercase_suggests_the_code(make_project):
    assert only_errors(make_project, {"data/actors.yaml": ACTORS.replace("country: ML", "country: no")}) == [
        "data/actors.yaml:4:12: country: 'no' is not an ISO 3166-1 alpha-2 country code such as ML or RU "
        "(did you mean 'NO'?)"
    ]


def test_title_2024_is_read_as_text(make_project):
    claim = CLAIM.replace("  title: Something happened", "  title: 2024")
    result = check(make_project({"data/claims/claims.yaml": claim}))
    assert messages(result) == []
    assert result.briefing.claims["first-claim"].title == "2024"


def test_implicit_yaml_types_in_text_lists_are_kept_as_written(make_project):
    actors = ACTORS + "  aliases: [yes, NO, 1.50, 0x10, null-island, 2024-02-21]\n"
    result = check(make_project({"data/actors.yaml": actors}))
    assert messages(result) == []
    assert result.briefing.actors["mali"].aliases == ("yes", "NO", "1.50", "0x10", "null-island", "2024-02-21")


def test_wikidata_and_language_patterns(make_project):
    actors = ACTORS + "  wikidata: 1000\n"
    sources = SOURCES + "  language: fr_FR\n"
    assert only_errors(make_project, {"data/actors.yaml": actors, "data/sources.yaml": sources}) == [
        "data/actors.yaml:5:13: wikidata: '1000' is not a Wikidata ID, e.g. Q1000",
        "data/sources.yaml:4:13: language: 'fr_FR' is not a BCP 47 language tag, e.g. fr or pt-BR",
    ]


def test_record_that_is_not_a_mapping(make_project):
    actors = ACTORS + "- niger\n"
    assert only_errors(make_project, {"data/actors.yaml": actors}) == [
        "data/actors.yaml:5:3: actors[1]: expected an actor (a mapping of fields), found 'niger'"
    ]


def test_author_needs_a_family_name_or_a_literal_name(make_project):
    # The contract: author is a list of {family, given} or {literal}; {given} alone is neither.
    sources = SOURCES + "  author:\n    - given: Jane\n"
    found = only_errors(make_project, {"data/sources.yaml": sources})
    assert len(found) == 1
    assert found[0].startswith("data/sources.yaml:5:7: ")


# --- the contract's enumerations ---------------------------------------------------------------


def test_misspelled_actor_kind(make_project):
    actors = ACTORS + "- id: niger\n  name: Niger\n  kind: stat\n"
    assert only_errors(make_project, {"data/actors.yaml": actors}) == [
        "data/actors.yaml:7:9: kind: 'stat' is not one of state, government, armed-forces, armed-group, "
        "private-military-company, alliance, organisation, company, media, person (did you mean 'state'?)"
    ]


def test_misspelled_source_type(make_project):
    sources = SOURCES + "- id: other\n  type: reprot\n  title: Other\n"
    assert only_errors(make_project, {"data/sources.yaml": sources}) == [
        "data/sources.yaml:5:9: type: 'reprot' is not one of article-newspaper, article-magazine, "
        "article-journal, report, webpage, post, speech, interview, broadcast, legislation, document, book "
        "(did you mean 'report'?)"
    ]


@pytest.mark.parametrize(
    ("field", "written", "column", "values", "suggestion"),
    [
        ("kind", "evnt", 9, "event, assessment, statement", "event"),
        ("confidence", "hihg", 15, "low, moderate, high", "high"),
        (
            "likelihood",
            "likley",
            15,
            "remote, very-unlikely, unlikely, even-chance, likely, very-likely, almost-certain",
            "likely",
        ),
        ("status", "withdrawm", 11, "current, disputed, superseded, withdrawn", "withdrawn"),
    ],
)
def test_misspelled_claim_enum(make_project, field, written, column, values, suggestion):
    claim = CLAIM.replace("  confidence: high\n", f"  {field}: {written}\n")
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == [
        f"data/claims/claims.yaml:8:{column}: {field}: {written!r} is not one of {values} "
        f"(did you mean {suggestion!r}?)"
    ]


def test_reliability_outside_a_to_f(make_project):
    assert only_errors(make_project, {"data/sources.yaml": SOURCES + "  reliability: G\n"}) == [
        "data/sources.yaml:4:16: reliability: 'G' is not one of A, B, C, D, E, F"
    ]


def test_reliability_in_lowercase_suggests_the_grade(make_project):
    assert only_errors(make_project, {"data/sources.yaml": SOURCES + "  reliability: b\n"}) == [
        "data/sources.yaml:4:16: reliability: 'b' is not one of A, B, C, D, E, F (did you mean 'B'?)"
    ]


def test_an_invalid_confidence_is_not_also_reported_as_missing(make_project):
    claim = CLAIM.replace("  confidence: high\n", "  confidence: hihg\n")
    result = check(make_project({"data/claims/claims.yaml": claim}))
    assert messages(result) == [
        "data/claims/claims.yaml:8:15: confidence: 'hihg' is not one of low, moderate, high (did you mean 'high'?)"
    ]


# --- IDs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "suggested"),
    [
        ("Niger", "niger"),
        ("niger republic", "niger-republic"),
        ("niger--republic", "niger-republic"),
        ("Niger_Republic", "niger-republic"),
        ("-niger", "niger"),
        ("niger-", "niger"),
        ("a" * 65, "a" * 64),
    ],
)
def test_bad_id_suggests_a_fixed_one(make_project, written, suggested):
    actors = ACTORS + f"- id: {written}\n  name: Niger\n  kind: state\n"
    assert only_errors(make_project, {"data/actors.yaml": actors}) == [
        f"data/actors.yaml:5:7: id: {written!r} is not a valid ID; use 1-64 lowercase letters, digits and "
        f"single hyphens, e.g. {suggested!r}"
    ]


def test_a_64_character_id_is_valid(make_project):
    actors = ACTORS + f"- id: {'a' * 64}\n  name: Niger\n  kind: state\n"
    assert only_errors(make_project, {"data/actors.yaml": actors}) == []


def test_bad_id_in_a_reference_list(make_project):
    claim = CLAIM.replace("  actors: [mali]", "  actors: [mali, Niger]")
    found = only_errors(make_project, {"data/claims/claims.yaml": claim})
    assert found == [
        "data/claims/claims.yaml:5:18: actors[1]: 'Niger' is not a valid ID; use 1-64 lowercase letters, "
        "digits and single hyphens, e.g. 'niger'"
    ]


def test_duplicate_id_within_a_kind(make_project):
    actors = ACTORS + "- id: mali\n  name: Mali again\n  kind: state\n"
    assert only_errors(make_project, {"data/actors.yaml": actors}) == [
        "data/actors.yaml:5:7: duplicate actor ID 'mali': already used at data/actors.yaml:1:7; "
        "IDs are permanent URLs, so give this one a new ID"
    ]


def test_duplicate_claim_id_across_files(make_project):
    more = SECOND_CLAIM.replace("second-claim", "first-claim")
    assert only_errors(make_project, {"data/claims/more.yaml": more}) == [
        "data/claims/more.yaml:1:7: duplicate claim ID 'first-claim': already used at "
        "data/claims/claims.yaml:1:7; IDs are permanent URLs, so give this one a new ID"
    ]


def test_an_actor_and_a_theme_may_share_an_id(make_project):
    themes = THEMES + "- id: mali\n  name: Mali\n"
    claim = CLAIM.replace("  themes: [security]", "  themes: [security, mali]")
    result = check(make_project({"data/themes.yaml": themes, "data/claims/claims.yaml": claim}))
    assert messages(result) == []
    assert "mali" in result.briefing.actors
    assert "mali" in result.briefing.themes


# --- references to unknown IDs --------------------------------------------------------------------


def test_unknown_ids_in_every_claim_reference_field(make_project):
    claim = (
        CLAIM.replace("  actors: [mali]", "  actors: [mali, mal]")
        .replace("  themes: [security]", "  themes: [securty]")
        .replace("  sources: [report]", "  sources: [reprt, {ref: repor, locator: p. 4}]")
        + "  related: [first-clam]\n  status: superseded\n  superseded_by: first-clai\n"
    )
    found = only_errors(make_project, {"data/claims/claims.yaml": claim})
    assert found[:4] == [
        "data/claims/claims.yaml:5:18: actors: unknown actor ID 'mal' (did you mean 'mali'?); "
        "correct the ID, or add the actor to data/actors.yaml",
        "data/claims/claims.yaml:6:12: themes: unknown theme ID 'securty' (did you mean 'security'?); "
        "correct the ID, or add the theme to data/themes.yaml",
        "data/claims/claims.yaml:7:13: sources: unknown source ID 'reprt' (did you mean 'report'?); "
        "correct the ID, or add the source to data/sources.yaml",
        "data/claims/claims.yaml:7:20: sources: unknown source ID 'repor' (did you mean 'report'?); "
        "correct the ID, or add the source to data/sources.yaml",
    ]
    assert len(found) == 6
    assert found[4].startswith(
        "data/claims/claims.yaml:9:13: related: unknown claim ID 'first-clam' (did you mean 'first-claim'?); "
    )
    assert found[5].startswith(
        "data/claims/claims.yaml:11:18: superseded_by: unknown claim ID 'first-clai' (did you mean 'first-claim'?); "
    )


def test_unknown_claim_id_advice_names_the_claims_folder(make_project):
    # Claims live in data/claims/*.yaml; there is no data/claims.yaml to add them to.
    found = only_errors(make_project, {"data/claims/claims.yaml": CLAIM + "  related: [other-claim]\n"})
    assert len(found) == 1
    assert found[0].startswith("data/claims/claims.yaml:9:13: related: unknown claim ID 'other-claim'")
    assert "data/claims.yaml" not in found[0]
    assert "data/claims/" in found[0]


def test_unknown_source_in_a_block_reference(make_project):
    claim = CLAIM.replace("  sources: [report]\n", "  sources:\n    - report\n    - ref: reprt\n      locator: p. 4\n")
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == [
        "data/claims/claims.yaml:9:7: sources: unknown source ID 'reprt' (did you mean 'report'?); "
        "correct the ID, or add the source to data/sources.yaml"
    ]


def test_unknown_actor_in_part_of(make_project):
    actors = ACTORS + "- id: niger\n  name: Niger\n  kind: state\n  part_of: [mali, mal]\n"
    assert only_errors(make_project, {"data/actors.yaml": actors}) == [
        "data/actors.yaml:8:19: part_of: unknown actor ID 'mal' (did you mean 'mali'?); "
        "correct the ID, or add the actor to data/actors.yaml"
    ]


def test_unknown_theme_parent(make_project):
    assert only_errors(make_project, {"data/themes.yaml": THEMES + "  parent: securty\n"}) == [
        "data/themes.yaml:3:11: parent: unknown theme ID 'securty' (did you mean 'security'?); "
        "correct the ID, or add the theme to data/themes.yaml"
    ]


def test_list_index_in_messages_counts_invalid_items_too(make_project):
    claim = CLAIM.replace("  actors: [mali]", "  actors: [Mali, nope]")
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == [
        "data/claims/claims.yaml:5:12: actors[0]: 'Mali' is not a valid ID; use 1-64 lowercase letters, "
        "digits and single hyphens, e.g. 'mali'",
        "data/claims/claims.yaml:5:18: actors: unknown actor ID 'nope'; correct the ID, or add the actor to data/actors.yaml",
    ]


def test_source_reference_without_ref_does_not_shift_later_positions(make_project):
    claim = CLAIM.replace("  sources: [report]", "  sources: [{locator: p. 4}, nope]")
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == [
        "data/claims/claims.yaml:7:13: source reference is missing the required field 'ref'",
        "data/claims/claims.yaml:7:30: sources: unknown source ID 'nope'; "
        "correct the ID, or add the source to data/sources.yaml",
    ]


def test_a_record_with_an_error_still_exists_for_references(make_project):
    # mali's kind is misspelt; the claim's `actors: [mali]` and `actor:mali` are not wrong.
    actors = ACTORS.replace("kind: state", "kind: stat")
    assert only_errors(make_project, {"data/actors.yaml": actors}) == [
        "data/actors.yaml:3:9: kind: 'stat' is not one of state, government, armed-forces, armed-group, "
        "private-military-company, alliance, organisation, company, media, person (did you mean 'state'?)"
    ]


def test_a_file_that_does_not_parse_does_not_make_its_ids_unknown(make_project):
    # like the ledger check: records of an unreadable file are unknown, not missing
    actors = ACTORS + "  aliases: [Mali\n"
    found = only_errors(make_project, {"data/actors.yaml": actors})
    assert len(found) == 1
    assert found[0].startswith("data/actors.yaml:")
    assert "YAML does not parse" in found[0]


# --- cross-references inside Markdown ------------------------------------------------------------


def test_cross_reference_in_a_one_line_statement(make_project):
    claim = CLAIM.replace("(actor:mali)", "(actor:mal)")
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == [
        "data/claims/claims.yaml:3:36: statement: link to unknown actor 'mal' (did you mean 'mali'?); "
        "correct the ID or add the actor"
    ]


def test_cross_reference_in_a_folded_statement(make_project):
    claim = CLAIM.replace(
        "  statement: It happened in [Mali](actor:mali).\n",
        "  statement: >-\n    It happened in\n    [Mali](actor:nope) last year.\n",
    )
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == [
        "data/claims/claims.yaml:5:12: statement: link to unknown actor 'nope'; correct the ID or add the actor"
    ]


def test_cross_reference_in_a_double_quoted_statement_with_escapes(make_project):
    claim = CLAIM.replace(
        "  statement: It happened in [Mali](actor:mali).\n",
        '  statement: "He said \\"go\\" in [Mali](actor:nope)."\n',
    )
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == [
        "data/claims/claims.yaml:3:40: statement: link to unknown actor 'nope'; correct the ID or add the actor"
    ]


def test_second_link_to_the_same_unknown_target(make_project):
    claim = CLAIM.replace(
        "  statement: It happened in [Mali](actor:mali).\n",
        "  statement: >-\n    [A](theme:nope) and\n    [B](theme:nope).\n",
    )
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == [
        "data/claims/claims.yaml:4:9: statement: link to unknown theme 'nope'; correct the ID or add the theme",
        "data/claims/claims.yaml:5:9: statement: link to unknown theme 'nope'; correct the ID or add the theme",
    ]


def test_cross_reference_in_an_actor_summary(make_project):
    actors = ACTORS + "  summary: Part of [y](actor:nope).\n"
    assert only_errors(make_project, {"data/actors.yaml": actors}) == [
        "data/actors.yaml:5:24: summary: link to unknown actor 'nope'; correct the ID or add the actor"
    ]


def test_cross_reference_in_a_theme_summary(make_project):
    themes = THEMES + "  summary: See [z](claim:nope).\n"
    assert only_errors(make_project, {"data/themes.yaml": themes}) == [
        "data/themes.yaml:3:20: summary: link to unknown claim 'nope'; correct the ID or add the claim"
    ]


def test_cross_reference_in_a_status_note(make_project):
    claim = CLAIM + "  status: withdrawn\n  status_note: See [x](source:nope).\n"
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == [
        "data/claims/claims.yaml:10:24: status_note: link to unknown source 'nope'; correct the ID or add the source"
    ]


def test_cross_reference_in_a_content_page(make_project):
    page = "# Test briefing\n\nSee [the claim](claim:first-claim) and\n[that](theme:nope).\n"
    assert only_errors(make_project, {"content/index.md": page}) == [
        "content/index.md:4:8: link: link to unknown theme 'nope'; correct the ID or add the theme"
    ]


def test_cross_references_in_code_are_not_links(make_project):
    page = "# Home\n\n```\n[x](actor:nope)\n```\n\nInline `[y](actor:nope)` too.\n"
    claim = CLAIM.replace("It happened in [Mali](actor:mali).", "Write `[Mali](actor:nope)` for a link.")
    assert only_errors(make_project, {"content/index.md": page, "data/claims/claims.yaml": claim}) == []


def test_valid_cross_references_of_every_kind(make_project):
    claim = CLAIM.replace(
        "It happened in [Mali](actor:mali).",
        "'[Mali](actor:mali) [](theme:security) [](source:report) [](claim:first-claim)'",
    )
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == []


def test_content_page_that_is_not_utf8_is_reported(make_project):
    root = make_project()
    (root / "content" / "notes.md").write_bytes(b"# Caf\xe9\n")
    found = errors(check_project(Project.at(root)))
    assert len(found) == 1
    assert found[0].startswith("content/notes.md:1:6: ")
    assert "UTF-8" in found[0]


# --- unsafe link targets in data Markdown ---------------------------------------------------------

REFUSED = "is refused: only http(s), mailto, relative links and cross-references (claim:, actor:, theme:, source:) are allowed"


@pytest.mark.parametrize(
    "target",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html;base64,PHA+",
        "vbscript:msgbox",
        "java&#09;script:alert(1)",
        "file:///etc/passwd",
    ],
)
def test_unsafe_link_target_in_a_statement(make_project, target):
    claim = CLAIM.replace("It happened in [Mali](actor:mali).", f"Read [this]({target}) now.")
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == [
        f"data/claims/claims.yaml:3:26: statement: link target {target!r} {REFUSED}"
    ]


def test_unsafe_link_targets_in_a_literal_block_and_a_reference_definition(make_project):
    claim = CLAIM.replace(
        "  statement: It happened in [Mali](actor:mali).\n",
        "  statement: |-\n"
        "    It [a](javascript:alert(1)) b [c](data:text/html;base64,PHA+) d ![e](vbscript:msgbox) [f][r].\n"
        "\n"
        "    [r]: javascript:alert(2)\n",
    )
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == [
        f"data/claims/claims.yaml:4:12: statement: link target 'javascript:alert(1)' {REFUSED}",
        f"data/claims/claims.yaml:4:39: statement: link target 'data:text/html;base64,PHA+' {REFUSED}",
        f"data/claims/claims.yaml:4:74: statement: link target 'vbscript:msgbox' {REFUSED}",
        f"data/claims/claims.yaml:6:10: statement: link target 'javascript:alert(2)' {REFUSED}",
    ]


def test_unsafe_link_in_an_actor_summary(make_project):
    actors = ACTORS + "  summary: '[x](javascript:void(0))'\n"
    assert only_errors(make_project, {"data/actors.yaml": actors}) == [
        f"data/actors.yaml:5:17: summary: link target 'javascript:void(0)' {REFUSED}"
    ]


def test_safe_link_targets(make_project):
    claim = CLAIM.replace(
        "It happened in [Mali](actor:mali).",
        '"[a](https://x.org) [b](http://x.org/a) [c](mailto:desk@x.org) [d](../about/) [e](#notes) '
        '[f](about.md) [g](actor:mali) <https://x.org/auto>"',
    )
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == []


# --- dates --------------------------------------------------------------------------------------

NOT_A_DATE = (
    "is not a date of the contract; write YYYY, YYYY-MM or YYYY-MM-DD, optionally ending in ? (uncertain), "
    "~ (approximate) or % (both), or an interval START/END"
)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2024-13", "date: '2024-13' has month 13; months run from 01 to 12"),
        ("2024-02-30", "date: '2024-02-30' has day 30, but February 2024 has no 30th: it has 29 days"),
        ("2023-02-29", "date: '2023-02-29' has day 29, but February 2023 has no 29th: it has 28 days"),
        ("24-02", f"date: '24-02' {NOT_A_DATE}"),
        (
            "2024/2023",
            "date: '2024/2023' does not end after it starts: the end's earliest and latest possible days "
            "(2023-01-01, 2023-12-31) must both come after the start's (2024-01-01, 2024-12-31); write the "
            "earlier date first, or a single date",
        ),
        ("../2024", "date: '../2024' has an open start; only the end of an interval may be open (..)"),
        (
            "2024-10-21T10:00:00",
            "date: '2024-10-21T10:00:00' is a date and time; dates here are days at most (YYYY-MM-DD)",
        ),
        ("2024-10-21 10:00:00", f"date: '2024-10-21 10:00:00' {NOT_A_DATE}"),
        ('"2024-10-21 10:00"', f"date: '2024-10-21 10:00' {NOT_A_DATE}"),
        ("2024.5", f"date: '2024.5' {NOT_A_DATE}"),
        ("20240221", f"date: '20240221' {NOT_A_DATE}"),
        ("February 2024", f"date: 'February 2024' {NOT_A_DATE}"),
    ],
)
def test_bad_date(make_project, written, message):
    claim = CLAIM.replace("  date: 2024-02", f"  date: {written}")
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == [f"data/claims/claims.yaml:4:9: {message}"]


@pytest.mark.parametrize(
    ("written", "edtf"),
    [
        ("2024-10-21", "2024-10-21"),
        ("2024", "2024"),
        ('"2024"', "2024"),
        ("'2024-10-21'", "2024-10-21"),
        ("2024-02", "2024-02"),
        ("2016?", "2016?"),
        ("2024-08~", "2024-08~"),
        ("2016%", "2016%"),
        ("2023-06/2023-08", "2023-06/2023-08"),
        ("2024-03/..", "2024-03/.."),
    ],
)
def test_good_dates_including_unquoted_yaml_dates(make_project, written, edtf):
    claim = CLAIM.replace("  date: 2024-02", f"  date: {written}")
    result = check(make_project({"data/claims/claims.yaml": claim}))
    assert messages(result) == []
    assert result.briefing.claims["first-claim"].date == dates.parse_edtf(edtf)


def test_bad_issued_date_on_a_source(make_project):
    assert only_errors(make_project, {"data/sources.yaml": SOURCES + "  issued: 2024-13\n"}) == [
        "data/sources.yaml:4:11: issued: '2024-13' has month 13; months run from 01 to 12"
    ]


@pytest.mark.parametrize("extra", ["  published: 0000-01-01\n", "  updated: 0000-12-31\n"])
def test_year_zero_full_date_is_an_error_not_a_crash(make_project, extra):
    result = check(make_project({"data/claims/claims.yaml": CLAIM + extra}))  # must not raise
    assert all(m.startswith("data/claims/claims.yaml:9:") for m in errors(result))


def test_year_zero_interval_is_not_a_crash(make_project):
    claim = CLAIM.replace("  date: 2024-02", "  date: 0000/2024")
    result = check(make_project({"data/claims/claims.yaml": claim}))  # must not raise
    assert all(m.startswith("data/claims/claims.yaml:4:9: ") for m in errors(result))


# --- URLs ----------------------------------------------------------------------------------------

NOT_HTTP = (
    "is not an http or https URL; write the full address starting with https:// "
    "(or leave the field out: a source without a URL is allowed)"
)


def test_urls_that_are_not_http(make_project):
    sources = SOURCES + "  URL: ftp://example.org/r.pdf\n  archive_url: www.example.org\n"
    assert only_errors(make_project, {"data/sources.yaml": sources}) == [
        f"data/sources.yaml:4:8: URL: 'ftp://example.org/r.pdf' {NOT_HTTP}",
        f"data/sources.yaml:5:16: archive_url: 'www.example.org' {NOT_HTTP}",
    ]


@pytest.mark.parametrize(
    "written", ["www.example.org", "javascript:alert(1)", "https://", "example.org/a", "mailto:desk@x.org"]
)
@pytest.mark.parametrize(("field", "column"), [("URL", 8), ("archive_url", 16)])
def test_url_fields_need_http_or_https(make_project, field, column, written):
    sources = SOURCES + f"  {field}: '{written}'\n"
    assert only_errors(make_project, {"data/sources.yaml": sources}) == [
        f"data/sources.yaml:4:{column}: {field}: {written!r} {NOT_HTTP}"
    ]


@pytest.mark.parametrize("written", ["https://example.org/a?b=c#d", "http://example.org", "HTTPS://EXAMPLE.ORG/"])
def test_http_urls_are_accepted(make_project, written):
    result = check(make_project({"data/sources.yaml": SOURCES + f"  URL: {written}\n  archive_url: {written}\n"}))
    assert messages(result) == []
    assert result.briefing.sources["report"].url == written


# --- published / updated / accessed -------------------------------------------------------------


def test_updated_before_published(make_project):
    claim = CLAIM + "  published: 2024-03-01\n  updated: 2024-02-01\n"
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == [
        "data/claims/claims.yaml:10:12: updated: 2024-02-01 is before published (2024-03-01); "
        "correct one of the two dates"
    ]


def test_updated_on_the_day_of_publication_is_fine(make_project):
    claim = CLAIM + "  published: 2024-03-01\n  updated: 2024-03-01\n"
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == []


def test_published_on_a_day_the_month_lacks_says_so(make_project):
    claim = CLAIM + "  published: 2024-02-30\n"
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == [
        "data/claims/claims.yaml:9:14: published: '2024-02-30' has day 30, but February 2024 has no 30th: it has 29 days"
    ]


@pytest.mark.parametrize("written", ["2024-02", "2024", "2024-02-21~", "2024-02-01/2024-02-03"])
def test_published_must_be_a_full_date(make_project, written):
    claim = CLAIM + f"  published: {written}\n"
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == [
        f"data/claims/claims.yaml:9:14: published: {written!r} is not a full date; write YYYY-MM-DD"
    ]


def test_accessed_must_be_a_full_date(make_project):
    assert only_errors(make_project, {"data/sources.yaml": SOURCES + "  accessed: 2024-02\n"}) == [
        "data/sources.yaml:4:13: accessed: '2024-02' is not a full date; write YYYY-MM-DD"
    ]


# --- theme cycles ---------------------------------------------------------------------------------


def test_theme_cycle(make_project):
    themes = THEMES + "  parent: a\n- id: a\n  name: A\n  parent: b\n- id: b\n  name: B\n  parent: a\n"
    assert only_errors(make_project, {"data/themes.yaml": themes}) == [
        "data/themes.yaml:6:11: parent: themes form a cycle (a → b → a); remove one of these parent links"
    ]


def test_theme_that_is_its_own_parent(make_project):
    assert only_errors(make_project, {"data/themes.yaml": THEMES + "  parent: security\n"}) == [
        "data/themes.yaml:3:11: parent: themes form a cycle (security → security); remove one of these parent links"
    ]


def test_theme_tree_without_cycle(make_project):
    themes = (
        "- id: region\n  name: Region\n- id: sahel\n  name: Sahel\n  parent: region\n" + THEMES + "  parent: sahel\n"
    )
    result = check(make_project({"data/themes.yaml": themes}))
    assert messages(result) == []
    assert result.briefing.themes["security"].parent == "sahel"


# --- claim kinds and statuses -------------------------------------------------------------------


def test_event_without_date(make_project):
    claim = CLAIM.replace("  date: 2024-02", "  kind: event")
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == [
        "data/claims/claims.yaml:4:9: an event claim needs a date; add date: YYYY-MM-DD (or YYYY-MM, or YYYY), "
        "or make it kind: assessment"
    ]


def test_event_with_an_empty_date(make_project):
    claim = CLAIM.replace("  date: 2024-02", "  kind: event\n  date:")
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == [
        "data/claims/claims.yaml:4:9: an event claim needs a date; add date: YYYY-MM-DD (or YYYY-MM, or YYYY), "
        "or make it kind: assessment"
    ]


def test_default_kind_follows_the_date(make_project):
    undated = SECOND_CLAIM
    result = check(make_project({"data/claims/more.yaml": undated}))
    assert messages(result) == []
    assert result.briefing.claims["first-claim"].kind == "event"
    assert result.briefing.claims["second-claim"].kind == "assessment"


def test_superseded_without_superseded_by(make_project):
    assert only_errors(make_project, {"data/claims/claims.yaml": CLAIM + "  status: superseded\n"}) == [
        "data/claims/claims.yaml:9:11: a superseded claim needs superseded_by: the ID of the claim that replaces it"
    ]


def test_superseded_by_an_existing_claim_is_fine(make_project):
    claim = CLAIM + "  status: superseded\n  superseded_by: second-claim\n" + SECOND_CLAIM
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == []


def test_withdrawn_without_status_note(make_project):
    assert only_errors(make_project, {"data/claims/claims.yaml": CLAIM + "  status: withdrawn\n"}) == [
        "data/claims/claims.yaml:9:11: a withdrawn claim needs status_note: a sentence telling readers "
        "why it was withdrawn"
    ]


def test_redirect_from_naming_an_existing_claim(make_project):
    claim = CLAIM + SECOND_CLAIM + "  redirect_from: [first-claim]\n"
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == [
        "data/claims/claims.yaml:15:19: redirect_from: 'first-claim' is the ID of an existing claim; "
        "a permalink can point at only one claim"
    ]


def test_two_claims_with_the_same_redirect_from(make_project):
    claim = CLAIM + "  redirect_from: [old-claim]\n" + SECOND_CLAIM + "  redirect_from: [old-claim]\n"
    # CLAIM is 8 lines, its redirect_from line 9; SECOND_CLAIM then runs 10-15, its redirect_from is line 16
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == [
        "data/claims/claims.yaml:16:19: redirect_from: 'old-claim' already redirects to claim 'first-claim'; "
        "a former ID can redirect to only one claim"
    ]


# --- text length, empty and missing fields ------------------------------------------------------------


def test_title_longer_than_160_characters(make_project):
    claim = CLAIM.replace("Something happened", "x" * 161)
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == [
        "data/claims/claims.yaml:2:10: title: is 161 characters long; shorten it to at most 160"
    ]


def test_title_of_160_characters_is_fine(make_project):
    claim = CLAIM.replace("Something happened", "x" * 160)
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == []


def test_title_on_two_lines(make_project):
    claim = CLAIM.replace("  title: Something happened", "  title: |\n    Something\n    happened")
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == [
        "data/claims/claims.yaml:2:10: title: must be one line; remove the line breaks"
    ]


def test_empty_required_field(make_project):
    claim = CLAIM.replace("  title: Something happened", "  title:")
    # the empty value stands right after `title:`
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == [
        "data/claims/claims.yaml:2:9: title: is empty; every claim needs one: write text"
    ]


def test_empty_string_in_a_required_field_does_not_advise_removing_it(make_project):
    claim = CLAIM.replace("  title: Something happened", '  title: ""')
    found = only_errors(make_project, {"data/claims/claims.yaml": claim})
    assert len(found) == 1
    assert found[0].startswith("data/claims/claims.yaml:2:10: title: is empty")
    assert "remove the field" not in found[0]


def test_empty_optional_field_is_like_no_field(make_project):
    claim = CLAIM + "  related:\n  date_label:\n"
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == []


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        (
            "data/claims/claims.yaml",
            "- id: c\n  title: t\n  statement: s\n  sources: [report]\n",
            "data/claims/claims.yaml:1:3: claim is missing the required field 'themes'",
        ),
        (
            "data/claims/claims.yaml",
            "- id: c\n  title: t\n  statement: s\n  themes: [security]\n",
            "data/claims/claims.yaml:1:3: claim is missing the required field 'sources'",
        ),
        (
            "data/claims/claims.yaml",
            "- id: c\n  title: t\n  themes: [security]\n  sources: [report]\n",
            "data/claims/claims.yaml:1:3: claim is missing the required field 'statement'",
        ),
        (
            "data/claims/claims.yaml",
            "- title: t\n  statement: s\n  themes: [security]\n  sources: [report]\n",
            "data/claims/claims.yaml:1:3: claim is missing the required field 'id'",
        ),
        (
            "data/actors.yaml",
            ACTORS + "- id: niger\n  kind: state\n",
            "data/actors.yaml:5:3: actor is missing the required field 'name'",
        ),
        (
            "data/actors.yaml",
            ACTORS + "- id: niger\n  name: Niger\n",
            "data/actors.yaml:5:3: actor is missing the required field 'kind'",
        ),
        (
            "data/sources.yaml",
            SOURCES + "- id: other\n  title: Other\n",
            "data/sources.yaml:4:3: source is missing the required field 'type'",
        ),
        (
            "data/sources.yaml",
            SOURCES + "- id: other\n  type: report\n",
            "data/sources.yaml:4:3: source is missing the required field 'title'",
        ),
        (
            "data/themes.yaml",
            THEMES + "- id: other\n",
            "data/themes.yaml:3:3: theme is missing the required field 'name'",
        ),
    ],
)
def test_missing_required_field(make_project, path, text, expected):
    assert only_errors(make_project, {path: text}) == [expected]


# --- file shape and encoding ------------------------------------------------------------------------


def test_data_file_that_is_a_mapping(make_project):
    assert only_errors(make_project, {"data/claims/more.yaml": "id: second-claim\ntitle: Second\n"}) == [
        "data/claims/more.yaml:1:1: data/claims/more.yaml must hold a list of claim records, "
        "each starting with '- id: ...'"
    ]


def test_data_file_that_is_not_utf8(make_project):
    root = make_project()
    (root / "data" / "claims" / "more.yaml").write_bytes(b"- id: second-claim\n  title: Caf\xe9\n")
    assert errors(check(root)) == ["data/claims/more.yaml:2:13: this file is not UTF-8; save it as UTF-8"]


def test_utf8_with_byte_order_mark_is_fine(make_project):
    root = make_project()
    (root / "data" / "claims" / "claims.yaml").write_bytes(b"\xef\xbb\xbf" + CLAIM.encode())
    assert messages(check(root)) == []


def test_two_yaml_documents_in_one_file(make_project):
    more = SECOND_CLAIM + "---\n- id: third-claim\n"
    # SECOND_CLAIM is lines 1-6, `---` line 7; the second document starts on line 8
    assert only_errors(make_project, {"data/claims/more.yaml": more}) == [
        "data/claims/more.yaml:8:1: a data file holds one YAML document; remove the '---' separator or split the file"
    ]


def test_one_document_with_an_explicit_start_is_fine(make_project):
    assert only_errors(make_project, {"data/claims/claims.yaml": "---\n" + CLAIM}) == []


def test_empty_claims_file_is_fine(make_project):
    result = check(make_project({"data/claims/more.yaml": "# nothing yet\n"}))
    assert errors(result) == []


# --- YAML's dangerous corners ---------------------------------------------------------------------------


def billion_laughs() -> str:
    lines = ['- &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"- &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_fails_fast_with_a_located_error(make_project):
    text = billion_laughs()
    assert text.count("\n") == 9
    found = only_errors(make_project, {"data/claims/more.yaml": text})
    assert len(found) == 1
    match = re.fullmatch(r"data/claims/more\.yaml:(\d+):(\d+): (.*)", found[0])
    assert match, found[0]
    assert 1 <= int(match[1]) <= 9
    assert match[3] == (
        "this document expands to far more values than its size allows (YAML aliases used as an "
        "'alias bomb'?); write the values out instead of using '*' aliases"
    )


def test_alias_bomb_in_a_claims_file_does_not_report_its_ids_as_vanished(make_project):
    root = make_project({"data/claims/claims.yaml": billion_laughs(), "data/permalinks.lock": LEDGER})
    assert not any("was published" in m for m in messages(check(root)))


def test_modest_aliases_are_allowed(make_project):
    claim = CLAIM.replace("  themes: [security]", "  themes: &t [security]") + SECOND_CLAIM.replace(
        "  themes: [security]", "  themes: *t"
    )
    result = check(make_project({"data/claims/claims.yaml": claim}))
    assert messages(result) == []
    assert result.briefing.claims["second-claim"].themes == ("security",)


def test_merge_key_is_an_error(make_project):
    actors = (
        "- &base\n  id: mali\n  name: Mali\n  kind: state\n- <<: *base\n  id: niger\n  name: Niger\n  kind: state\n"
    )
    assert only_errors(make_project, {"data/actors.yaml": actors}) == [
        "data/actors.yaml:5:3: YAML merge keys (<<) are not supported; write the fields out in full"
    ]


def test_custom_tags_are_errors_and_never_run(make_project, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a YAML tag ran code")

    monkeypatch.setattr(os, "system", refuse)
    actors = (
        "- id: mali\n"
        "  name: !!python/object:os.system Mali\n"
        "  kind: !foo state\n"
        "  aliases: !!python/object/apply:os.system [echo hi]\n"
    )
    assert only_errors(make_project, {"data/actors.yaml": actors}) == [
        "data/actors.yaml:2:9: YAML tag '!!python/object:os.system' is not allowed in briefing data; remove the tag",
        "data/actors.yaml:3:9: YAML tag '!foo' is not allowed in briefing data; remove the tag",
        "data/actors.yaml:4:12: YAML tag '!!python/object/apply:os.system' is not allowed in "
        "briefing data; remove the tag",
    ]


def test_standard_tags_are_fine(make_project):
    claim = CLAIM.replace("  title: Something happened", "  title: !!str 2024")
    result = check(make_project({"data/claims/claims.yaml": claim}))
    assert messages(result) == []
    assert result.briefing.claims["first-claim"].title == "2024"


def test_absurdly_deep_nesting(make_project):
    more = "- id: second-claim\n  title: " + "[" * 70 + "]" * 70 + "\n"
    # the title's value is at depth 2 (list, record, value); depth 65 is the 64th '[' (column 10 + 63)
    assert only_errors(make_project, {"data/claims/more.yaml": more}) == [
        "data/claims/more.yaml:2:73: values are nested more than 64 levels deep; briefing data is flat"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "~",
        "[]",
        "42",
        "- ~",
        "- []",
        "- {id: [x]}",
        "- id: {a: b}",
        "- id: 1\n  true: 2\n  null: 3\n  1.5: x\n",
        "- id: x\n  ? [a]\n  : b\n",
        "- id: x\n  title: t\n  statement: s\n  themes: [security]\n  sources: [{ref: [x]}, {}, ~, 3]\n",
        "- id: x\n  name: x\n  kind: state\n  aliases: [[a]]\n  part_of: {a: 1}\n",
        "\x00\x01\x02",
        "- id: x\n  name: [\n",
        "- 'id': x\n  \"name\": y\n  kind: person\n",
    ],
)
@pytest.mark.parametrize(
    "path",
    ["data/actors.yaml", "data/themes.yaml", "data/sources.yaml", "data/claims/claims.yaml", "data/permalinks.lock"],
)
def test_garbage_is_reported_never_raised(make_project, path, text):
    result = check_project(Project.at(make_project({path: text})))
    assert isinstance(result, CheckResult)
    for problem in result.problems:
        assert problem.position.path


# --- all problems at once -----------------------------------------------------------------------------


def test_three_mistakes_in_one_file_give_three_problems(make_project):
    claim = CLAIM.replace("  date: 2024-02", "  date: 2024-13") + "  key: yes\n  lang: fr\n"
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == [
        "data/claims/claims.yaml:4:9: date: '2024-13' has month 13; months run from 01 to 12",
        "data/claims/claims.yaml:9:8: key: 'yes' is not true or false; write true or false",
        "data/claims/claims.yaml:10:3: unknown field 'lang' in claim",
    ]


def test_three_mistakes_in_one_actor_give_three_problems(make_project):
    actors = ACTORS.replace("country: ML", "country: MLI") + "  part_of: mali\n  wikidata: Q0\n"
    assert only_errors(make_project, {"data/actors.yaml": actors}) == [
        "data/actors.yaml:4:12: country: 'MLI' is not an ISO 3166-1 alpha-2 country code such as ML or RU",
        "data/actors.yaml:5:12: part_of: expected a list, found 'mali'; write [mali]",
        "data/actors.yaml:6:13: wikidata: 'Q0' is not a Wikidata ID, e.g. Q1000",
    ]


def test_mistakes_in_every_file_are_reported_together(make_project):
    found = only_errors(
        make_project,
        {
            "data/actors.yaml": ACTORS.replace("country: ML", "country: XX"),
            "data/themes.yaml": THEMES + "  parent: nowhere\n",
            "data/sources.yaml": SOURCES + "  URL: ftp://x.org\n",
            "data/claims/claims.yaml": CLAIM.replace("  date: 2024-02", "  date: 2024-13"),
            "content/index.md": "# Home\n\n[x](claim:nope)\n",
            "data/permalinks.lock": LEDGER.replace("claims/first-claim", "claims/first-claim\nclaims/gone"),
        },
    )
    assert [m.split(": ", 1)[0] for m in found] == [
        "content/index.md:3:5",
        "data/actors.yaml:4:12",
        "data/claims/claims.yaml:4:9",
        "data/permalinks.lock:3:1",
        "data/sources.yaml:4:8",
        "data/themes.yaml:3:11",
    ]


# --- permalinks ------------------------------------------------------------------------------------------

VANISHED_CLAIM = (
    "data/permalinks.lock:3:1: claims/old-claim was published but no record carries this ID any more; "
    "restore the claim, keep it with status: withdrawn and a status_note, or add 'old-claim' to the "
    "redirect_from of the claim that replaces it"
)
LEDGER_WITH_OLD = "actors/mali\nclaims/first-claim\nclaims/old-claim\nsources/report\nthemes/security\n"


def test_vanished_claim_id(make_project):
    assert only_errors(make_project, {"data/permalinks.lock": LEDGER_WITH_OLD}) == [VANISHED_CLAIM]


def test_vanished_actor_id(make_project):
    ledger = "actors/mali\nactors/niger\nclaims/first-claim\nsources/report\nthemes/security\n"
    assert only_errors(make_project, {"data/permalinks.lock": ledger}) == [
        "data/permalinks.lock:2:1: actors/niger was published but no record carries this ID any more; "
        "restore the actor with this ID (a published page must keep answering)"
    ]


def test_vanished_id_kept_by_redirect_from(make_project):
    claim = CLAIM + "  redirect_from: [old-claim]\n"
    result = check(make_project({"data/permalinks.lock": LEDGER_WITH_OLD, "data/claims/claims.yaml": claim}))
    assert messages(result) == []


def test_renamed_claim_with_redirect_from(make_project):
    claim = CLAIM.replace("id: first-claim", "id: renamed-claim") + "  redirect_from: [first-claim]\n"
    result = check(make_project({"data/permalinks.lock": LEDGER, "data/claims/claims.yaml": claim}))
    assert messages(result) == []
    assert result.new_entries == ["claims/renamed-claim"]


def test_withdrawn_claim_keeps_its_permalink(make_project):
    claim = CLAIM + "  status: withdrawn\n  status_note: A second source contradicted it.\n"
    result = check(make_project({"data/permalinks.lock": LEDGER, "data/claims/claims.yaml": claim}))
    assert messages(result) == []


def test_new_id_when_frozen(make_project):
    root = make_project({"data/permalinks.lock": "actors/mali\nsources/report\nthemes/security\n"})
    result = check(root, frozen=True)
    assert errors(result) == [
        "data/claims/claims.yaml:1:7: claims/first-claim is not in data/permalinks.lock and this build is frozen; "
        "publish once without frozen mode (`mkdocs build` for the public site_url) and commit the updated ledger"
    ]
    assert not result.ok
    assert result.new_entries == []


def test_new_id_when_not_frozen(make_project):
    root = make_project({"data/permalinks.lock": "actors/mali\nsources/report\nthemes/security\n"})
    result = check(root, frozen=False)
    assert messages(result) == []
    assert result.ok
    assert result.new_entries == ["claims/first-claim"]


def test_missing_ledger_when_frozen(make_project):
    result = check(make_project(), frozen=True)
    assert errors(result) == [
        "data/permalinks.lock: the permalink ledger is missing and this build is frozen; publish once without "
        "frozen mode (`mkdocs build` for the public site_url) and commit data/permalinks.lock"
    ]


def test_complete_ledger_when_frozen(make_project):
    result = check(make_project({"data/permalinks.lock": LEDGER}), frozen=True)
    assert messages(result) == []
    assert result.new_entries == []


def test_check_never_writes_the_ledger(make_project):
    ledger_text = "# published\nthemes/security\nactors/mali\n"
    root = make_project({"data/permalinks.lock": ledger_text})
    ledger = root / "data" / "permalinks.lock"
    before = ledger.read_bytes()
    result = check(root)
    check(root, frozen=True)
    assert result.new_entries == ["claims/first-claim", "sources/report"]
    assert ledger.read_bytes() == before


def test_check_does_not_create_a_ledger(make_project):
    root = make_project()
    check(root)
    assert not (root / "data" / "permalinks.lock").exists()


def test_record_new_permalinks_writes_a_sorted_ledger(make_project):
    root = make_project({"data/permalinks.lock": "# published\nthemes/security\nactors/mali\n"})
    result = check(root)
    assert result.record_new_permalinks() == ["claims/first-claim", "sources/report"]
    assert (root / "data" / "permalinks.lock").read_text("utf-8") == (
        "# published\nactors/mali\nclaims/first-claim\nsources/report\nthemes/security\n"
    )
    again = check(root, frozen=True)
    assert messages(again) == []
    assert again.new_entries == []


def test_record_new_permalinks_creates_the_ledger(make_project):
    root = make_project()
    check(root).record_new_permalinks()
    assert (root / "data" / "permalinks.lock").read_text("utf-8") == LEDGER


def test_record_new_permalinks_does_nothing_when_there_are_errors(make_project):
    root = make_project({"data/actors.yaml": ACTORS.replace("country: ML", "country: XX")})
    result = check(root)
    assert not result.ok
    assert result.record_new_permalinks() == []
    assert not (root / "data" / "permalinks.lock").exists()


def test_malformed_ledger_lines(make_project):
    ledger = (
        "# comment\nactors/mali\nclaims/Bad ID\n\nclaims/first-claim\npeople/someone\nsources/report\nthemes/security\n"
    )
    assert only_errors(make_project, {"data/permalinks.lock": ledger}) == [
        "data/permalinks.lock:3:1: 'claims/Bad ID' is not a ledger entry; each line is kind/id with kind one of "
        "actors, claims, sources, themes",
        "data/permalinks.lock:6:1: 'people/someone' is not a ledger entry; each line is kind/id with kind one of "
        "actors, claims, sources, themes",
    ]


def test_ledger_that_is_not_utf8_is_reported(make_project):
    root = make_project()
    (root / "data" / "permalinks.lock").write_bytes(b"actors/mali\nclaims/caf\xe9\n")
    found = errors(check_project(Project.at(root)))  # must not raise
    assert len(found) == 1
    assert found[0].startswith("data/permalinks.lock:2:11: ")
    assert "UTF-8" in found[0]


def test_ids_of_a_claims_file_that_does_not_parse_are_not_vanished(make_project):
    claim = CLAIM + "  related: [second-claim\n"
    found = only_errors(make_project, {"data/permalinks.lock": LEDGER, "data/claims/claims.yaml": claim})
    assert len(found) == 1
    assert found[0].startswith("data/claims/claims.yaml:")
    assert "YAML does not parse" in found[0]


def test_ids_of_a_claims_file_that_is_not_utf8_are_not_vanished(make_project):
    root = make_project({"data/permalinks.lock": LEDGER})
    (root / "data" / "claims" / "claims.yaml").write_bytes(CLAIM.encode() + b"  date_label: f\xe9vrier\n")
    assert errors(check(root)) == ["data/claims/claims.yaml:9:16: this file is not UTF-8; save it as UTF-8"]


def test_a_claim_with_an_error_is_not_reported_as_vanished(make_project):
    # the record still carries its ID; "no record carries this ID any more" would be false
    claim = CLAIM.replace("  themes: [security]", "  themes: security")
    assert only_errors(make_project, {"data/permalinks.lock": LEDGER, "data/claims/claims.yaml": claim}) == [
        "data/claims/claims.yaml:6:11: themes: expected a list, found 'security'; write [security]"
    ]


# --- warnings ---------------------------------------------------------------------------------------------


def test_actor_with_no_claims(make_project):
    result = check(make_project({"data/actors.yaml": ACTORS + "- id: niger\n  name: Niger\n  kind: state\n"}))
    assert messages(result) == [
        "data/actors.yaml:5:7: warning: actor 'niger' appears in no claim; list it in a claim's actors, or remove it"
    ]
    assert result.ok


def test_theme_with_no_claims(make_project):
    result = check(make_project({"data/themes.yaml": THEMES + "- id: economy\n  name: Economy\n"}))
    assert messages(result) == [
        "data/themes.yaml:3:7: warning: theme 'economy' has no claims; list it in a claim's themes, or remove it"
    ]
    assert result.ok


def test_parent_theme_whose_sub_theme_has_claims_is_used(make_project):
    themes = (
        "- id: world\n  name: World\n- id: region\n  name: Region\n  parent: world\n" + THEMES + "  parent: region\n"
    )
    result = check(make_project({"data/themes.yaml": themes}))
    assert messages(result) == []


def test_source_cited_by_no_claim(make_project):
    result = check(make_project({"data/sources.yaml": SOURCES + "- id: other\n  type: report\n  title: Other\n"}))
    assert messages(result) == [
        "data/sources.yaml:4:7: warning: source 'other' is cited by no claim; cite it in a claim's sources, or remove it"
    ]
    assert result.ok


def test_source_cited_in_the_long_form_counts(make_project):
    sources = SOURCES + "- id: other\n  type: report\n  title: Other\n"
    claim = CLAIM.replace("  sources: [report]", "  sources: [report, {ref: other, locator: p. 2}]")
    result = check(make_project({"data/sources.yaml": sources, "data/claims/claims.yaml": claim}))
    assert messages(result) == []


def test_claim_with_no_confidence(make_project):
    claim = CLAIM.replace("  confidence: high\n", "")
    result = check(make_project({"data/claims/claims.yaml": claim}))
    assert messages(result) == [
        "data/claims/claims.yaml:1:7: warning: claim 'first-claim' has no confidence; "
        "add confidence: low, moderate or high"
    ]
    assert result.ok


def test_warnings_alone_leave_the_result_ok(make_project):
    result = check(
        make_project(
            {
                "data/actors.yaml": ACTORS + "- id: niger\n  name: Niger\n  kind: state\n",
                "data/themes.yaml": THEMES + "- id: economy\n  name: Economy\n",
                "data/sources.yaml": SOURCES + "- id: other\n  type: report\n  title: Other\n",
                "data/claims/claims.yaml": CLAIM.replace("  confidence: high\n", ""),
            }
        )
    )
    assert len(result.problems.warnings) == 4
    assert result.problems.errors == []
    assert result.ok


def test_an_error_makes_the_result_not_ok(make_project):
    result = check(make_project({"data/actors.yaml": ACTORS.replace("country: ML", "country: XX")}))
    assert not result.ok
    assert len(result.problems.errors) == 1


def test_problems_are_sorted_by_file_and_position(make_project):
    claim = CLAIM.replace("  date: 2024-02", "  date: 2024-13").replace("  confidence: high\n", "  key: yes\n")
    result = check(make_project({"data/claims/claims.yaml": claim}))
    assert messages(result) == [
        "data/claims/claims.yaml:1:7: warning: claim 'first-claim' has no confidence; "
        "add confidence: low, moderate or high",
        "data/claims/claims.yaml:4:9: date: '2024-13' has month 13; months run from 01 to 12",
        "data/claims/claims.yaml:8:8: key: 'yes' is not true or false; write true or false",
    ]


def test_no_data_folder(tmp_path: Path):
    result = check(tmp_path)
    assert errors(result) == [
        "data: no data/ folder here; run `briefbook init DIR` to start a briefing, point at the project folder, "
        "or correct the plugin's data_dir in mkdocs.yml"
    ]


# -- a mistyped cross-reference scheme ------------------------------------------------------------


def test_a_mistyped_scheme_on_a_content_page_is_located_with_the_right_scheme(make_project):
    page = "# Home\n\nSee [](claims:first-claim) and [this](Actor:mali).\n"
    assert only_errors(make_project, {"content/index.md": page}) == [
        "content/index.md:3:8: link: link target 'claims:first-claim' is not a cross-reference (did you mean "
        "'claim:first-claim'?); cross-references are written claim:ID, actor:ID, theme:ID or source:ID",
        "content/index.md:3:39: link: link target 'Actor:mali' is not a cross-reference (did you mean "
        "'actor:mali'?); cross-references are written claim:ID, actor:ID, theme:ID or source:ID",
    ]


def test_a_mistyped_scheme_in_a_statement_keeps_its_target_whole_and_suggests_the_scheme(make_project):
    claim = CLAIM.replace("It happened in [Mali](actor:mali).", "It happened in [](actors:mali), then more.")
    assert only_errors(make_project, {"data/claims/claims.yaml": claim}) == [
        "data/claims/claims.yaml:3:32: statement: link target 'actors:mali' is not a cross-reference (did you "
        "mean 'actor:mali'?); cross-references are written claim:ID, actor:ID, theme:ID or source:ID"
    ]


@pytest.mark.parametrize(
    "target",
    ["https://example.org/claims:x", "mailto:someone@example.org", "tel:+22320000000", "claim:first-claim", "../x.md"],
)
def test_ordinary_links_are_not_taken_for_mistyped_cross_references(make_project, target):
    page = f"# Home\n\n[a link]({target})\n"
    assert only_errors(make_project, {"content/index.md": page}) == []


def test_a_claims_file_that_does_not_parse_gives_only_its_error(make_project):
    claim = CLAIM.replace("title: Something happened", "title: Kidal: the army returns")
    result = check(make_project({"data/claims/claims.yaml": claim}))
    assert messages(result) == [
        "data/claims/claims.yaml:2:15: YAML does not parse: mapping values are not allowed in this context; "
        'a value that holds ": " needs quotes (title: "Kidal: the army returns"), or check the indentation'
    ]


@pytest.mark.parametrize("kind", ["event", "statement"])
def test_likelihood_outside_an_assessment_warns_what_it_qualifies(make_project, kind):
    claim = CLAIM + f"  kind: {kind}\n  likelihood: likely\n"
    result = check(make_project({"data/claims/claims.yaml": claim}))
    assert errors(result) == []
    assert warnings(result) == [
        f"data/claims/claims.yaml:10:15: warning: likelihood: 'likely' on a claim of kind {kind}; likelihood says "
        "how likely an assessment's headline is to be true, as written (e.g. 'likely' before 'Mining output will "
        "grow'); make the claim kind: assessment, or remove likelihood (how sure the briefing is of an event or "
        "a statement is its confidence)"
    ]


def test_likelihood_on_an_assessment_is_fine(make_project):
    claim = CLAIM.replace("  date: 2024-02\n", "") + "  likelihood: likely\n"
    assert messages(check(make_project({"data/claims/claims.yaml": claim}))) == []
