"""Version stamps are what readers cite: every example claim keeps the stamp it was
published with (issue #14). A stamp may change only when the claim's meaning does; a new
optional field of the data format, absent from a claim, must change none of these.

The pins were computed from main before the redesign; update one only together with an
edit to that claim, and say so in the commit. Those marked "issue #18" changed because the
claim gained `supports` or `contradicts` (format 1.1's evidence): the judgments they bear
on keep their stamps."""

from __future__ import annotations

from pathlib import Path

from conftest import check

from briefbook.site.exports import stamp

ROOT = Path(__file__).resolve().parents[1]

PINNED = {
    "kidal-lost-2012": "b55ccf87",
    "zarif-visit-bamako-2016": "f50105df",
    "military-coup-2020": "8e8ec70a",  # supports/contradicts added (issue #18)
    "amir-abdollahian-visit-mali-2022": "63d59654",
    "china-urges-support-for-mali": "fb3fafa9",  # supports/contradicts added (issue #18)
    "turkey-tb2-first-delivery": "095ff59d",  # supports/contradicts added (issue #18)
    "mali-iran-defence-ministers-tehran": "470e3688",
    "wagner-mutiny-2023": "682d4eb6",  # supports/contradicts added (issue #18)
    "mining-law-amended": "c7db06a1",  # supports/contradicts added (issue #18)
    "alliance-of-sahel-states-announced": "d19b6e4d",  # supports/contradicts added (issue #18)
    "aes-economic-union-proposed": "e27d8690",
    "mali-minister-meets-iranian-ambassador": "e84aee84",
    "fama-iran-cooperation-commitment": "f21ae022",  # supports/contradicts added (issue #18)
    "kidal-recaptured": "24f4f58b",  # supports/contradicts added (issue #18)
    "goita-kidal-speech": "4b534999",
    "wagner-kidal-flag-video": "a110e050",  # supports/contradicts added (issue #18)
    "diversification-declared-at-kidal": "15f4fb09",  # supports/contradicts added (issue #18)
    "morocco-atlantic-initiative": "cd1a3892",  # supports/contradicts added (issue #18)
    "aes-confederation-recommended": "1971518b",
    "blood-gold-report-estimate": "e786dddf",  # supports/contradicts added (issue #18)
    "turkey-tb2-further-delivery": "af04c74d",  # supports/contradicts added (issue #18)
    "intahaka-ultimatum": "132dcf9a",  # supports/contradicts added (issue #18)
    "intahaka-mine-seized": "c3174a56",  # supports/contradicts added (issue #18)
    "diop-lavrov-moscow": "30c3e50e",
    "diop-diversification-moscow": "15d5d897",  # supports/contradicts added (issue #18)
    "aes-joint-force-announced": "87e7b13c",
    "july-2024-losses": "dba43440",  # supports/contradicts added (issue #18)
    "bear-brigade-withdrawal": "10c03ed3",  # supports/contradicts added (issue #18)
    "focac-norinco-agreement": "b999b394",
    "china-mali-strategic-partnership": "b7c758a9",  # supports/contradicts added (issue #18)
    "goita-praises-china-expertise": "16784cac",  # supports/contradicts added (issue #18)
    "mali-brics-aspiration": "e049a7fe",  # supports/contradicts added (issue #18)
    "us-un-ambassador-meets-mali-fm": "6db1dbfb",  # supports/contradicts added (issue #18)
    "turkey-mali-consultations": "64f6d63e",
    "turkish-parliamentary-delegation": "c85a0de8",
    "jeune-afrique-wagner-contempt": "2af7ca54",  # supports/contradicts added (issue #18)
    "jeune-afrique-departure-speculation": "47e01888",  # supports/contradicts added (issue #18)
    "tinzaouaten-operation-halted": "4fcd4d49",  # supports/contradicts added (issue #18)
    "spain-training-talks": "798a17dd",  # supports/contradicts added (issue #18)
    "mali-wagner-rift-realistic": "a5d0d2d5",
    "reassessment-of-strategy-needed": "28be9f1b",
    "no-retaliation-after-july-losses": "0558cfed",  # supports/contradicts added (issue #18)
    "moscow-weighs-algerian-interests": "d4319b0d",  # supports/contradicts added (issue #18)
    "wagner-redeployment-to-ukraine-possible": "a2e29863",  # supports/contradicts added (issue #18)
    "contempt-hard-for-nationalist-authorities": "521fbb71",  # supports/contradicts added (issue #18)
    "intahaka-shows-wagner-revenue-drive": "8987ab28",
    "local-leaders-unlikely-to-tolerate-wagner": "57394133",  # supports/contradicts added (issue #18)
    "wagner-confrontation-likely": "5b999fae",
    "wagner-sees-malians-as-indebted": "a4bdc771",  # supports/contradicts added (issue #18)
    "mali-sees-wagner-as-contractor": "9fc3a5c0",  # supports/contradicts added (issue #18)
    "wagner-bound-by-russian-agreements": "fc38d657",  # supports/contradicts added (issue #18)
    "russia-fills-western-vacuum": "05ec2384",
    "russia-answers-sovereignty-demands": "4ccfec2e",
    "moscow-accepts-non-dominant-role": "a3cabf32",  # supports/contradicts added (issue #18)
    "russian-dominance-would-undermine-legitimacy": "528348b2",  # supports/contradicts added (issue #18)
    "authorities-recognise-russia-limits": "82634531",  # supports/contradicts added (issue #18)
    "exclusive-reliance-on-russia-risky": "522fddd3",
    "russian-overstretch-limits-expansion": "19fb2486",  # supports/contradicts added (issue #18)
    "russia-financial-burden-in-mali": "764fee33",
    "mali-explores-alternatives-to-russia": "ed9bce0d",
    "mali-security-ties-widened": "29e9e4b3",
    "china-backs-mali-against-western-pressure": "d7a7b552",
    "china-relationship-set-to-expand": "090e192a",
    "turkish-drones-effective": "f2165eae",  # supports/contradicts added (issue #18)
    "iran-fills-western-void": "62c60650",
    "iran-partnership-opens-sahel": "f52f28e5",
    "partners-cannot-replace-wagner": "ff615bd3",  # supports/contradicts added (issue #18)
    "armed-groups-threat-rising": "4e2dcbea",  # supports/contradicts added (issue #18)
    "mali-interest-russia-active-non-dominant": "d902c1dd",
    "russia-shift-to-indirect-support": "f05890fc",  # supports/contradicts added (issue #18)
    "russia-may-become-more-flexible": "8c97cae2",
    "western-overtures-could-draw-mali-back": "cf4e2d75",  # supports/contradicts added (issue #18)
    "wagner-integrated-as-africa-corps": "458b124b",  # supports/contradicts added (issue #18)
    "russia-uses-north-korean-troops": "462681b4",  # supports/contradicts added (issue #18)
    "china-eases-arms-payments": "73935ac1",  # supports/contradicts added (issue #18)
    "turkey-pledges-support": "953414ba",
    "sadat-training-reported": "a925355e",
    "iran-sees-west-as-hegemonic": "17e6477a",  # supports/contradicts added (issue #18)
    "iran-offers-arms-and-drones": "64516845",  # supports/contradicts added (issue #18)
    "ukraine-involvement-speculation": "2d23cacf",  # supports/contradicts added (issue #18)
    # Added with the example's history (issue #17): an assessment since superseded.
    "wagner-acts-apart-from-russian-state": "7c353a69",
}


def test_every_example_claim_keeps_its_published_stamp():
    claims = check(ROOT).briefing.claims
    assert {claim_id: stamp(claim) for claim_id, claim in claims.items()} == PINNED
