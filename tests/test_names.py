"""Codes shown as names: countries (ISO 3166-1) and languages (BCP 47)."""

from __future__ import annotations

import pytest

from briefbook.site.names import country_name, language_name


@pytest.mark.parametrize(("code", "name"), [("ML", "Mali"), ("RU", "Russia"), ("NO", "Norway"), ("BF", "Burkina Faso")])
def test_country_names(code, name):
    assert country_name(code) == name


@pytest.mark.parametrize(
    ("tag", "name"),
    [("ru", "Russian"), ("fr", "French"), ("pt-BR", "Portuguese (Brazil)"), ("ar", "Arabic"), ("bm", "Bambara")],
)
def test_language_names(tag, name):
    assert language_name(tag) == name


def test_an_unknown_code_is_shown_as_written():
    assert language_name("qq-zz-x") == "qq-zz-x"
