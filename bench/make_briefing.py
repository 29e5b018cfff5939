#!/usr/bin/env python3
"""Write a synthetic, valid briefing project of N claims, for benchmarks.

    python bench/make_briefing.py OUT_DIR --claims 1000 [--seed 1]

A copy of the contract's generator (shared bench/make_briefing.py), kept here so the
benchmark does not depend on a path outside the repository. It must keep producing the
same bytes for the same seed: numbers from different checkouts are only comparable if
they measure the same briefing, so the order of the random draws below is part of the
format and must not change.

The project follows DATA-FORMAT.md: mkdocs.yml, content/index.md and data/ (actors,
themes, sources, claims split over files of 100, permalinks.lock). Sizes grow with N the
way real briefings do: actors ~ N/10 (at least 12), themes ~ sqrt(N), sources ~ N/4,
four in five claims dated. Needs PyYAML.
"""

from __future__ import annotations

import argparse
import math
import random
from pathlib import Path
from typing import Any

import yaml

WORDS = (
    "army junta mine gold convoy drone border alliance treaty militia ceasefire "
    "ministry envoy talks rebels garrison airstrike corridor sanctions loan "
    "contract training patrol base region capital summit pledge withdrawal "
    "recapture offensive ambush deployment agreement delegation"
).split()
KINDS = [
    "state",
    "government",
    "armed-forces",
    "armed-group",
    "private-military-company",
    "alliance",
    "organisation",
    "person",
]
CSL_TYPES = ["article-newspaper", "article-magazine", "report", "webpage"]
OUTLETS = ["Le Monde", "Jeune Afrique", "El País", "Reuters", "Al Jazeera", "RFI"]
CLAIMS_PER_FILE = 100
SITE_URL = "https://example.org/briefing/"


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def day(rng: random.Random) -> str:
    return f"{rng.randint(2012, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def claims_file(index: int) -> str:
    """The data file (relative to the project) holding claim number `index`."""
    return f"data/claims/batch-{index // CLAIMS_PER_FILE:04d}.yaml"


def make(out: Path, n_claims: int, seed: int = 1) -> None:
    """Write the project into `out` (created if needed)."""
    rng = random.Random(seed)
    n_actors = max(12, n_claims // 10)
    n_themes = max(4, int(math.sqrt(n_claims)))
    n_sources = max(6, n_claims // 4)

    actors = [
        {"id": f"actor-{i}", "name": f"Actor {i}", "kind": rng.choice(KINDS), "summary": sentence(rng, 30)}
        for i in range(n_actors)
    ]
    themes = [{"id": f"theme-{i}", "name": f"Theme {i}", "summary": sentence(rng, 20)} for i in range(n_themes)]
    sources = []
    for i in range(n_sources):
        src = {
            "id": f"source-{i}",
            "type": rng.choice(CSL_TYPES),
            "title": sentence(rng, 8)[:-1],
            "container-title": rng.choice(OUTLETS),
            "issued": day(rng),
        }
        if i % 3:
            src["URL"] = f"https://example.org/articles/{i}"
        sources.append(src)

    claims = []
    for i in range(n_claims):
        claim: dict[str, Any] = {
            "id": f"claim-{i}",
            "title": sentence(rng, 9)[:-1],
            "statement": " ".join(sentence(rng, 18) for _ in range(4))
            + f" See [](actor:actor-{rng.randrange(n_actors)}).",
            "actors": sorted({f"actor-{rng.randrange(n_actors)}" for _ in range(rng.randint(1, 4))}),
            "themes": sorted({f"theme-{rng.randrange(n_themes)}" for _ in range(rng.randint(1, 3))}),
            "sources": [
                f"source-{rng.randrange(n_sources)}",
                {"ref": f"source-{rng.randrange(n_sources)}", "locator": f"para {rng.randint(1, 9)}"},
            ],
            "confidence": rng.choice(["low", "moderate", "high"]),
        }
        if i % 5:  # four in five claims are dated events
            claim["date"] = rng.choice([day(rng), day(rng)[:7], day(rng)[:4]])
        else:
            claim["likelihood"] = rng.choice(["unlikely", "even-chance", "likely"])
        if i and i % 7 == 0:
            claim["related"] = [f"claim-{rng.randrange(i)}"]
        claims.append(claim)

    data = out / "data"
    (data / "claims").mkdir(parents=True, exist_ok=True)
    (out / "content").mkdir(parents=True, exist_ok=True)

    def dump(path: Path, records: list[dict[str, Any]]) -> None:
        path.write_text(yaml.safe_dump(records, sort_keys=False, allow_unicode=True), "utf-8")

    dump(data / "actors.yaml", actors)
    dump(data / "themes.yaml", themes)
    dump(data / "sources.yaml", sources)
    for start in range(0, n_claims, CLAIMS_PER_FILE):
        dump(out / claims_file(start), claims[start : start + CLAIMS_PER_FILE])

    ledger = [f"actors/{a['id']}" for a in actors] + [f"themes/{t['id']}" for t in themes]
    ledger += [f"sources/{s['id']}" for s in sources] + [f"claims/{c['id']}" for c in claims]
    (data / "permalinks.lock").write_text("\n".join(sorted(ledger)) + "\n", "utf-8")

    (out / "content" / "index.md").write_text(
        f"# Synthetic briefing\n\n{n_claims} claims, {n_actors} actors, {n_themes} themes, {n_sources} sources.\n",
        "utf-8",
    )
    (out / "mkdocs.yml").write_text(
        "site_name: Synthetic briefing\n"
        f"site_url: {SITE_URL}\n"
        "docs_dir: content\n"
        "theme:\n  name: material\n"
        "plugins:\n  - search\n  - briefbook\n",
        "utf-8",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    make(args.out, args.claims, args.seed)


if __name__ == "__main__":
    main()
