"""The HTML net of link safety (briefbook/site/sanitize.py) remembers the tags it found
safe, page after page: what it remembers must never let an unsafe tag through, and a
page with nothing to clean must come back exactly as it was."""

from __future__ import annotations

import pytest

from briefbook.site import sanitize

SAFE_PAGE = (
    '<article><p>Seen <a href="../../actors/wagner/">Wagner</a> on <a href="https://example.org/a?b=c&amp;d=e">a source</a>'
    ' and <a href="#sources">below</a>.</p><img src="../../assets/map.png" alt="a &gt; b"></article>'
)


@pytest.mark.parametrize(
    ("hostile", "cleaned"),
    [
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ("<a href='jav&#x61;script:alert(1)'>x</a>", "<a>x</a>"),
        ('<img src="a.png" onerror="alert(1)">', '<img src="a.png">'),
        ('<img alt="a>b" onerror=alert(1)>', '<img alt="a>b">'),
        ('<img srcset="https://a.org/1.png 1x, javascript:alert(1) 2x">', "<img>"),
        ("<div onclick>x</div>", "<div>x</div>"),
    ],
)
def test_an_unsafe_tag_is_cleaned_every_time_even_beside_tags_already_found_safe(hostile: str, cleaned: str):
    page = SAFE_PAGE + hostile
    assert sanitize.drop_unsafe_urls(SAFE_PAGE) is SAFE_PAGE  # its tags are now remembered as safe
    assert sanitize.drop_unsafe_urls(page) == SAFE_PAGE + cleaned
    assert sanitize.drop_unsafe_urls(page) == SAFE_PAGE + cleaned  # the unsafe tag was not remembered
    assert sanitize.drop_unsafe_urls(hostile) == cleaned


def test_a_page_with_nothing_to_clean_is_left_as_it_was_text_that_looks_like_attributes_included():
    text = '<p>She said on="x" and href="javascript:" in plain text, with one &lt;a onclick=x&gt;.</p>'
    assert sanitize.drop_unsafe_urls(text) == text
    assert sanitize.drop_unsafe_urls(SAFE_PAGE) == SAFE_PAGE
