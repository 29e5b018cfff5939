"""Version stamps are what readers cite: every example claim keeps the stamp it was
published with (issue #14). A stamp may change only when the claim's meaning does; a new
optional field of the data format, absent from a claim, must change none of these.

The pins were computed from main before the redesign; update one only together with an
edit to that claim, and say so in the commit."""

from __future__ import annotations

from pathlib import Path

from conftest import check

from briefbook.site.exports import stamp

ROOT = Path(__file__).resolve().parents[1]

PINNED = {
    "kidal-lost-2012": "b55ccf87",
    "zarif-visit-bamako-2016": "f50105df",
    "military-coup-2020": "2a812dd5",
    "amir-abdollahian-visit-mali-2022": "63d59654",
    "china-urges-support-for-mali": "61693712",
    "turkey-tb2-first-delivery": "013d7262",
    "mali-iran-defence-ministers-tehran": "470e3688",
    "wagner-mutiny-2023": "c49881fa",
    "mining-law-amended": "6a28cf5e",
    "alliance-of-sahel-states-announced": "6589291f",
    "aes-economic-union-proposed": "e27d8690",
    "mali-minister-meets-iranian-ambassador": "e84aee84",
    "fama-iran-cooperation-commitment": "58f43e16",
    "kidal-recaptured": "de3e8d59",
    "goita-kidal-speech": "4b534999",
    "wagner-kidal-flag-video": "21e76164",
    "diversification-declared-at-kidal": "a71291ae",
    "morocco-atlantic-initiative": "1c9f827f",
    "aes-confederation-recommended": "1971518b",
    "blood-gold-report-estimate": "9dd190eb",
    "turkey-tb2-further-delivery": "2d2d1fae",
    "intahaka-ultimatum": "4355b565",
    "intahaka-mine-seized": "61fec111",
    "diop-lavrov-moscow": "30c3e50e",
    "diop-diversification-moscow": "9d508865",
    "aes-joint-force-announced": "87e7b13c",
    "july-2024-losses": "03b024c8",
    "bear-brigade-withdrawal": "f23ce8c9",
    "focac-norinco-agreement": "b999b394",
    "china-mali-strategic-partnership": "c6dfe0a4",
    "goita-praises-china-expertise": "b1df2bff",
    "mali-brics-aspiration": "75a98e9b",
    "us-un-ambassador-meets-mali-fm": "23c12d7c",
    "turkey-mali-consultations": "64f6d63e",
    "turkish-parliamentary-delegation": "c85a0de8",
    "jeune-afrique-wagner-contempt": "f4c66580",
    "jeune-afrique-departure-speculation": "df473285",
    "tinzaouaten-operation-halted": "8678e867",
    "spain-training-talks": "5945d977",
    "mali-wagner-rift-realistic": "a5d0d2d5",
    "reassessment-of-strategy-needed": "28be9f1b",
    "no-retaliation-after-july-losses": "eda37a65",
    "moscow-weighs-algerian-interests": "d93e42c0",
    "wagner-redeployment-to-ukraine-possible": "7ab9aea5",
    "contempt-hard-for-nationalist-authorities": "49577188",
    "intahaka-shows-wagner-revenue-drive": "8987ab28",
    "local-leaders-unlikely-to-tolerate-wagner": "f7e69a3a",
    "wagner-confrontation-likely": "5b999fae",
    "wagner-sees-malians-as-indebted": "f2749614",
    "mali-sees-wagner-as-contractor": "c1ddd8f4",
    "wagner-bound-by-russian-agreements": "912a327f",
    "russia-fills-western-vacuum": "05ec2384",
    "russia-answers-sovereignty-demands": "4ccfec2e",
    "moscow-accepts-non-dominant-role": "c119e44d",
    "russian-dominance-would-undermine-legitimacy": "e2c5aabf",
    "authorities-recognise-russia-limits": "8743ce00",
    "exclusive-reliance-on-russia-risky": "522fddd3",
    "russian-overstretch-limits-expansion": "5a2ece25",
    "russia-financial-burden-in-mali": "764fee33",
    "mali-explores-alternatives-to-russia": "ed9bce0d",
    "mali-security-ties-widened": "29e9e4b3",
    "china-backs-mali-against-western-pressure": "d7a7b552",
    "china-relationship-set-to-expand": "090e192a",
    "turkish-drones-effective": "5cfa4e59",
    "iran-fills-western-void": "62c60650",
    "iran-partnership-opens-sahel": "f52f28e5",
    "partners-cannot-replace-wagner": "fde2ea40",
    "armed-groups-threat-rising": "f1be5e6a",
    "mali-interest-russia-active-non-dominant": "d902c1dd",
    "russia-shift-to-indirect-support": "d2c1a01f",
    "russia-may-become-more-flexible": "8c97cae2",
    "western-overtures-could-draw-mali-back": "8a79d895",
    "wagner-integrated-as-africa-corps": "cb490a4a",
    "russia-uses-north-korean-troops": "41d1d881",
    "china-eases-arms-payments": "848ad1d0",
    "turkey-pledges-support": "953414ba",
    "sadat-training-reported": "a925355e",
    "iran-sees-west-as-hegemonic": "4c623c09",
    "iran-offers-arms-and-drones": "8a76d98e",
    "ukraine-involvement-speculation": "a6594ebb",
    # Added with the example's history (issue #17): an assessment since superseded.
    "wagner-acts-apart-from-russian-state": "7c353a69",
}


def test_every_example_claim_keeps_its_published_stamp():
    claims = check(ROOT).briefing.claims
    assert {claim_id: stamp(claim) for claim_id, claim in claims.items()} == PINNED
