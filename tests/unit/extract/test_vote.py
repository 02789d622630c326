"""The vote of the second opinion: trafilatura's body stays unless readability and jusText outvote it together."""

from __future__ import annotations

from twincrawl.extract.consensus import SAME_ARTICLE_AGREEMENT, TEXT_MARGIN, agreement, vote
from twincrawl.words import WORD

ARTICLE = [
    f"In {year} the council of Coventry voted to renew the partnership with Volgograd for another decade of "
    f"school exchanges, choir visits and joint exhibitions of the two cities' archives."
    for year in range(1990, 2000)
]
#: A block of another kind with as many words as the article: a list of events under the article.
EVENTS = [
    f"Event {number}: an open day of the tram depot, the river port and the new library, guided by the "
    f"engineers and librarians of district {number} and their visiting colleagues."
    for number in range(10)
]
FOOTER = "Town hall, 1 Market Square, Coventry. Phone 024 7683 3333. Opening hours 9 to 5."


def _text(lines: list[str]) -> str:
    return "\n".join(lines)


def test_a_tie_between_trafilatura_and_the_body_against_it_goes_to_trafilatura() -> None:
    # jusText's body holds the article and the list, each of the same length: it agrees with trafilatura (the
    # article) exactly as much as with readability (the list), and the tie is trafilatura's.
    first, second, third = _text(ARTICLE), _text(EVENTS), _text(ARTICLE + EVENTS)
    assert len(WORD.findall(first)) == len(WORD.findall(second))
    assert agreement(first, third) == agreement(second, third) >= SAME_ARTICLE_AGREEMENT
    assert vote(first, second, third) == first


def test_two_witnesses_that_find_different_articles_do_not_outvote_trafilatura() -> None:
    fragment = "Share this page on social media"
    assert agreement(_text(ARTICLE), _text(EVENTS)) < SAME_ARTICLE_AGREEMENT
    assert vote(fragment, _text(ARTICLE), _text(EVENTS)) == fragment


def test_two_witnesses_that_find_the_same_article_elect_readabilitys_body() -> None:
    fragment = "Share this page on social media"
    second, third = _text(ARTICLE), _text([*ARTICLE, FOOTER])
    assert vote(fragment, second, third) == second
    assert vote("", second, third) == second


def test_jusText_supplies_the_text_only_with_the_lines_another_witness_has_when_it_is_clearly_closer() -> None:
    # Trafilatura found the article's opening paragraphs, readability its programme of events; jusText, both and
    # the site's footer, agrees with each of them far more than they agree with each other.
    first, second, third = _text(ARTICLE[:4]), _text(EVENTS), _text([*ARTICLE[:4], *EVENTS, FOOTER])
    assert agreement(first, third) > agreement(first, second) + TEXT_MARGIN
    assert vote(first, second, third) == _text(ARTICLE[:4] + EVENTS)


def test_jusText_no_closer_to_trafilatura_than_readability_by_the_margin_leaves_the_text_to_readability() -> None:
    # Trafilatura found a fragment neither of the others has; jusText adds the footer to readability's article.
    first, second, third = "Share this page on social media", _text(ARTICLE), _text([FOOTER, *ARTICLE])
    assert agreement(first, third) <= agreement(first, second) + TEXT_MARGIN
    assert vote(first, second, third) == second
