"""Material's words (partials/languages/), looked up once a build: see
overrides/partials/language.html, which calls `ThemeWords` as `bb_theme_word`."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import jinja2


class ThemeWords:
    """`t(key)` of Material's partials/language.html, remembered: the site language's
    word, else English's, else the key, as `{{ lang.t(key) or fallback.t(key) or key }}`
    prints it. The language templates come from the build's own environment, so a
    project's custom_dir overrides of them count as they do for Material."""

    def __init__(self, env: jinja2.Environment):
        self.env = env
        self.words: dict[tuple[str, str], str] = {}

    def __call__(self, language: object, key: str) -> str:
        word = self.words.get((str(language), key))
        if word is None:
            module = self.env.get_template(f"partials/languages/{language}.html").module
            fallback = self.env.get_template("partials/languages/en.html").module
            word = self.words[str(language), key] = str(module.t(key) or fallback.t(key) or key)  # type: ignore[attr-defined]
        return word

    def lookup(self, language: object) -> Callable[[str], str]:
        """`t(key)` for one language: what the override's `lang.t` is."""
        return partial(self, language)
