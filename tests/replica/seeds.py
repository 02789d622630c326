"""Reads the seed pages (plain text of real articles) that the replica sites are built from.

The seeds live in ``<repo>/../shared/seeds`` and are never copied into the repository; each seed has its own
shape, so each has its own small parser that splits it into the parts a page template needs.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs

SEEDS_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

_SIDEBAR_STAMP = re.compile(r"^(\d\d:\d\d), (.+)$")


class SeedsMissingError(FileNotFoundError):
    """The seed texts the replica is built from are not where they should be."""


@attrs.define(kw_only=True)
class MosdsSeed:
    """Seed 000: a Moscow House of Compatriots news item."""

    title: str
    date: str
    paragraphs: list[str]
    page_address: str
    organisation: str


@attrs.define(kw_only=True)
class LetterSeed:
    """Seed 001: a letter of the head of Volgograd to the mayors of twin cities."""

    letterhead: list[str]
    reference: str
    addressee: str
    paragraphs: list[str]
    signature: list[str]


@attrs.define(kw_only=True)
class RsSeed:
    """Seed 002: a Rossotrudnichestvo news item in English."""

    share_line: str
    title: str
    date: str
    paragraphs: list[str]


@attrs.define(kw_only=True)
class Teaser:
    """One entry of a listing page: a linked title and a short text."""

    title: str
    text: str


@attrs.define(kw_only=True)
class ListingSeed:
    """Seed 003: a page of the English international-relations news listing."""

    teasers: list[Teaser]
    pagination: str


@attrs.define(kw_only=True)
class Headline:
    """One timestamped entry of the newspaper's sidebar."""

    time: str
    rubric: str
    title: str


@attrs.define(kw_only=True)
class VestnikSeed:
    """Seed 004: a "Городские вести" article with its page furniture."""

    age_mark: str
    rubric: str
    title: str
    photo_credit: str
    lead: str
    paragraphs: list[str]
    subscribe: str
    author: str
    contacts: list[str]
    sidebar: list[Headline]
    calendar: str


@attrs.define(kw_only=True)
class Seeds:
    """All five seeds, parsed."""

    mosds: MosdsSeed
    letter: LetterSeed
    rs: RsSeed
    listing: ListingSeed
    vestnik: VestnikSeed


def load_seeds(directory: Path = SEEDS_DIR) -> Seeds:
    """Parse the seed texts in ``directory`` (``NNN_*.txt``)."""
    return Seeds(
        mosds=_parse_mosds(_lines(directory, "000")),
        letter=_parse_letter(_lines(directory, "001")),
        rs=_parse_rs(_lines(directory, "002")),
        listing=_parse_listing(_lines(directory, "003")),
        vestnik=_parse_vestnik(_lines(directory, "004")),
    )


def _lines(directory: Path, number: str) -> list[str]:
    """The non-blank, stripped lines of seed ``number``."""
    found = sorted(directory.glob(f"{number}_*.txt"))
    if not found:
        raise SeedsMissingError(
            f"seed {number}_*.txt not found in {directory}: the replica site is built from the seed texts in "
            "<repo>/../shared/seeds; check out or copy the shared directory next to the repository"
        )
    text = found[0].read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def _index(lines: list[str], prefix: str) -> int:
    return next(i for i, line in enumerate(lines) if line.startswith(prefix))


def _parse_mosds(lines: list[str]) -> MosdsSeed:
    address_at = _index(lines, "Адрес страницы:")
    return MosdsSeed(
        title=lines[0],
        date=lines[1],
        paragraphs=lines[2:address_at],
        page_address=lines[address_at].split("<")[1].rstrip(">"),
        organisation=lines[address_at + 1].strip("[]()#"),
    )


def _parse_letter(lines: list[str]) -> LetterSeed:
    reference_at = _index(lines, "от ")
    signature_at = len(lines) - 2
    return LetterSeed(
        letterhead=[line.lstrip("# ") for line in lines[:reference_at]],
        reference=lines[reference_at],
        addressee=lines[reference_at + 1],
        paragraphs=lines[reference_at + 2 : signature_at],
        signature=lines[signature_at:],
    )


def _parse_rs(lines: list[str]) -> RsSeed:
    return RsSeed(share_line=lines[0], title=lines[1], date=lines[2], paragraphs=lines[3:])


def _parse_listing(lines: list[str]) -> ListingSeed:
    pairs = lines[:-1]
    teasers = [Teaser(title=pairs[i], text=pairs[i + 1]) for i in range(0, len(pairs), 2)]
    return ListingSeed(teasers=teasers, pagination=lines[-1])


def _parse_vestnik(lines: list[str]) -> VestnikSeed:
    subscribe_at = _index(lines, "Не забывайте")
    sidebar_at = next(i for i, line in enumerate(lines) if _SIDEBAR_STAMP.match(line))
    calendar_at = _index(lines, "Календарь")
    sidebar = []
    for i in range(sidebar_at, calendar_at, 2):
        stamp = _SIDEBAR_STAMP.match(lines[i])
        assert stamp is not None, f"seed 004: expected 'HH:MM, Rubric' at line {lines[i]!r}"
        sidebar.append(Headline(time=stamp[1], rubric=stamp[2], title=lines[i + 1]))
    return VestnikSeed(
        age_mark=lines[0],
        rubric=lines[1],
        title=lines[2],
        photo_credit=lines[4],
        lead=lines[5],
        paragraphs=lines[6:subscribe_at],
        subscribe=lines[subscribe_at],
        author=lines[subscribe_at + 1],
        contacts=lines[subscribe_at + 2 : sidebar_at],
        sidebar=sidebar,
        calendar=lines[calendar_at],
    )
