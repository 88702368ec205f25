"""Write a synthetic content tree for benchmarks: N agreements and everything they refer to.

    python bench/synth.py --agreements 1000 --out build/corpus-1000

Proportions follow the real content: N/2 people with one to three positions, N/10
organisations, N/4 events, N/4 statements and N/2 sources. Agreements have two to five parties
with signatories, a signing, a status history, three to eight provisions, related agreements,
organisations, events and claims, with citations (some with locator and quote) on every fact.
Every reference is valid and every source is cited, so `check` accepts the tree. The same N and
seed give the same files.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path
from typing import Any

import pycountry
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.models.agreement import (  # noqa: E402
    AgreementKind,
    LegalNature,
    PartyAction,
    ProvisionCategory,
    RelationKind,
    Status,
)
from generator.models.others import EventKind, OrganisationKind, SourceKind  # noqa: E402


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


SYLLABLES = _words("ka lo mi ra se tu vo na pe di ko ba ze li mo ru sa te vi do ga")
WORDS = _words(
    "defence security cooperation partnership assistance training air maritime cyber border "
    "industry logistics intelligence support strategic mutual joint framework long-term"
)
TITLES = ["President", "Prime Minister", "Minister of Defence", "Minister of Foreign Affairs",
          "Chief of the General Staff", "Ambassador", "Deputy Minister of Defence"]  # fmt: skip
CITIES = _words("Warsaw Kyiv Vilnius Brussels Berlin Paris London Riga Tallinn Helsinki Oslo "
                "Prague Rome Madrid Ottawa Lublin")  # fmt: skip
COUNTRIES = sorted(c.alpha_2.lower() for c in pycountry.countries)


class Corpus:
    def __init__(self, agreements: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.n = agreements
        self.sources = [f"source-{i:06d}" for i in range(max(1, agreements // 2))]
        self.people = [f"person-{i:06d}" for i in range(max(1, agreements // 2))]
        self.organisations = [f"organisation-{i:06d}" for i in range(max(1, agreements // 10))]
        self.events = [f"event-{i:06d}" for i in range(max(1, agreements // 4))]
        self.statements = [f"statement-{i:06d}" for i in range(max(1, agreements // 4))]
        self.agreements = [f"agreement-{i:06d}" for i in range(agreements)]
        # A few countries take part in most agreements, as the real ones do.
        self.hubs = self.rng.sample(COUNTRIES, 40)
        self._next_source = 0

    # -- small helpers -------------------------------------------------------------------

    def pick(self, items: list[Any]) -> Any:
        return items[self.rng.randrange(len(items))]

    def name(self, index: int, parts: int = 2) -> str:
        # Unique by construction: the index is spelled out in syllables.
        digits, spelled = index, []
        for _ in range(3):
            spelled.append(SYLLABLES[digits % len(SYLLABLES)])
            digits //= len(SYLLABLES)
        first = "".join(self.rng.sample(SYLLABLES, 2)).capitalize()
        last = ("".join(spelled) + self.pick(SYLLABLES)).capitalize()
        return f"{first} {last}" if parts == 2 else last

    def date(self, start: int = 1990, end: int = 2026) -> str:
        year = self.rng.randint(start, end)
        precision = self.rng.random()
        if precision < 0.1:
            return str(year)
        if precision < 0.25:
            return f"{year}-{self.rng.randint(1, 12):02d}"
        return f"{year}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"

    def cite(self, detailed: bool = False) -> list[Any]:
        """Citations cycle through the sources, so every source is cited at least once."""
        source = self.sources[self._next_source % len(self.sources)]
        self._next_source += 1
        if detailed and self.rng.random() < 0.4:
            return [{"source": source, "locator": f"paragraph {self.rng.randint(1, 20)}",
                     "quote": self.sentence(8)}]  # fmt: skip
        return [source]

    def sentence(self, words: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(words)).capitalize() + "."

    def country(self) -> str:
        return self.pick(self.hubs) if self.rng.random() < 0.8 else self.pick(COUNTRIES)

    # -- items ---------------------------------------------------------------------------

    def agreement(self, index: int) -> dict[str, Any]:
        codes: list[str] = []
        while len(codes) < self.rng.choice([2, 2, 2, 3, 5]):
            code = self.country()
            if code not in codes:
                codes.append(code)
        names = [pycountry.countries.get(alpha_2=c.upper()).name for c in codes]
        topic = " ".join(self.rng.sample(WORDS, 2))
        signed = self.date()
        parties = []
        for code in codes:
            party: dict[str, Any] = {"country": code}
            if self.rng.random() < 0.8:
                party["signatories"] = [{"person": self.pick(self.people),
                                         "role": f"{self.pick(TITLES)} of {code.upper()}",
                                         "sources": self.cite()}]  # fmt: skip
            if self.rng.random() < 0.3:
                # a party's own action, later than the signing (the signing is written once)
                later = f"{int(signed[:4]) + 1}{signed[4:]}"
                party["actions"] = [{"action": self.pick(list(PartyAction)).value,
                                     "date": later, "sources": self.cite()}]  # fmt: skip
            parties.append(party)
        record: dict[str, Any] = {
            "title": f"Agreement on {topic} between {' and '.join(names)} ({index})",
            "kind": self.pick(list(AgreementKind)).value,
            "legal_nature": self.pick(list(LegalNature)).value,
            "summary": " ".join(self.sentence(12) for _ in range(2)),
            "parties": parties,
            "signing": {
                "date": signed,
                "place": self.pick(CITIES),
                "country": codes[0],
                "sources": self.cite(detailed=True),
            },
            "status": [{"status": Status.signed.value, "date": signed, "sources": self.cite()}],
            "provisions": [self.provision() for _ in range(self.rng.randint(3, 8))],
            "sources": self.cite(),
        }
        if self.rng.random() < 0.3:
            record["aliases"] = [f"{topic.title()} Accord {index}"]
        if index and self.rng.random() < 0.5:
            record["related"] = [{"agreement": self.agreements[self.rng.randrange(index)],
                                  "relation": self.pick(list(RelationKind)).value,
                                  "sources": self.cite()}]  # fmt: skip
        if self.rng.random() < 0.3:
            involved = self.pick(self.organisations)
            record["organisations"] = [
                {"organisation": involved, "role": "implements it", "sources": self.cite()}
            ]
        if self.rng.random() < 0.3:
            record["events"] = [self.pick(self.events)]
        if self.rng.random() < 0.1:
            record["claims"] = [
                {"property": "number of troops", "value": str(self.rng.randint(100, 5000)),
                 "sources": self.cite()}
                for _ in range(2)
            ]  # fmt: skip
        return record

    def provision(self) -> dict[str, Any]:
        category = self.pick(list(ProvisionCategory)).value
        return {"category": category, "text": self.sentence(14), "sources": self.cite(True)}

    def person(self, index: int) -> dict[str, Any]:
        positions = []
        for _ in range(self.rng.randint(1, 3)):
            code = self.country()
            start = self.date(1990, 2024)
            positions.append({"title": f"{self.pick(TITLES)} of {code.upper()}", "country": code,
                              "start": start, "sources": self.cite()})  # fmt: skip
        record: dict[str, Any] = {"name": self.name(index), "positions": positions,
                                  "sources": self.cite()}  # fmt: skip
        if self.rng.random() < 0.3:
            record["aliases"] = [self.name(index + 7_000_000)]
        return record

    def organisation(self, index: int) -> dict[str, Any]:
        name = f"{self.name(index, 1)} {self.pick(['Centre', 'Agency', 'Council', 'Brigade'])}"
        return {
            "name": name,
            "acronyms": ["".join(w[0] for w in name.split()).upper() + str(index)],
            "kind": self.pick(list(OrganisationKind)).value,
            "country": self.country(),
            "sources": self.cite(),
        }

    def event(self, index: int) -> dict[str, Any]:
        return {
            "title": f"{self.pick(['Meeting', 'Visit'])} in {self.pick(CITIES)} ({index})",
            "kind": self.pick(list(EventKind)).value,
            "date": self.date(),
            "place": self.pick(CITIES),
            "country": self.country(),
            "participants": [{"person": self.pick(self.people), "sources": self.cite()}],
            "sources": self.cite(),
        }

    def statement(self, index: int) -> dict[str, Any]:
        return {
            "speaker": self.pick(self.people),
            "date": self.date(),
            "renderings": [{"text": self.sentence(20), "lang": "en", "sources": self.cite()}],
            "agreements": [self.pick(self.agreements)] if self.agreements else [],
            "countries": [self.country()],
        }

    def source(self, index: int) -> dict[str, Any]:
        return {
            "title": f"Report {index}: {self.sentence(6)}",
            "kind": self.pick(list(SourceKind)).value,
            "publisher": self.pick(["Daily Record", "Kyiv Post", "wPolityce", "Reuters"]),
            "url": f"https://news.example.org/{index}",
            "published": self.date(),
            "language": "en",
        }


def write(corpus: Corpus, out: Path) -> int:
    if out.exists():
        shutil.rmtree(out)
    written = 0
    # Sources last: by then every citation has been handed out.
    for kind, ids, make in (
        ("agreements", corpus.agreements, corpus.agreement),
        ("people", corpus.people, corpus.person),
        ("organisations", corpus.organisations, corpus.organisation),
        ("events", corpus.events, corpus.event),
        ("statements", corpus.statements, corpus.statement),
        ("sources", corpus.sources, corpus.source),
    ):
        folder = out / kind
        folder.mkdir(parents=True)
        for index, item_id in enumerate(ids):
            header = f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n"
            body = yaml.safe_dump(make(index), allow_unicode=True, sort_keys=False, width=100)
            (folder / f"{item_id}.yaml").write_text(header + body, encoding="utf-8")
            written += 1
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agreements", type=int, required=True, help="number of agreements")
    parser.add_argument("--out", type=Path, required=True, help="content folder to (re)write")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    count = write(Corpus(args.agreements, args.seed), args.out)
    print(f"wrote {count} files to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
