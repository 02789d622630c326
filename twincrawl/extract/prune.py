"""Boilerplate that points to other pages rather than telling the article.

In the markup: blocks made of links and pop-up link cards. In the extracted text: calls to action, headings of
recommended articles, tag lists.
"""

from __future__ import annotations

import copy
import re
from urllib.parse import urlsplit

import lxml.etree
import lxml.html

from twincrawl.words import lower_words

#: A block whose text is at least this share link text points to other pages (a related headline, a tag list,
#: a profile card), it is not prose: prose links a few words of a sentence.
LINK_SHARE = 0.8
#: Shorter link blocks are kept: they are as often list entries of the article as pointers elsewhere.
LINK_BLOCK_WORDS = 5
#: An inline element inside a paragraph holding at least this many links, and little else, is a pop-up card
#: (a profile with the person's latest articles, shown on hover), not part of the sentence around it.
CARD_LINKS = 3

#: Lines at most this long are checked against the boilerplate phrases (a paragraph that happens to contain
#: "subscribe" is text, a line made of it is a call to action).
BOILERPLATE_LINE_CHARS = 150

#: A block ending with a full stop is a sentence, even when it is all a link; headlines end without one.
_SENTENCE = re.compile(r"[^.\s]\.[\"'”’»)\]]*\s*$")
#: Paragraphs and list items with a link and room for LINK_BLOCK_WORDS words (filtered in C: menus have hundreds).
_LINKING_BLOCKS = lxml.etree.XPath(
    "//p[.//a][string-length(normalize-space()) >= $chars] | //li[.//a][string-length(normalize-space()) >= $chars]"
)
#: Text length with runs of white space counted as one character.
_LENGTH = lxml.etree.XPath("string-length(normalize-space())")


class LinkBlocks:
    """The paragraphs and list items of a page made of links, asked whether a line of text comes from one."""

    def __init__(self, tree: lxml.html.HtmlElement, url: str) -> None:
        here = _spellings(url)
        blocks = []
        for node in _LINKING_BLOCKS(tree, chars=2 * LINK_BLOCK_WORDS - 1):
            if _mostly_links(node, here):
                pieces = list(node.itertext())
                # Pieces joined with spaces: a line break between two links separates their words.
                words = lower_words(" ".join(pieces))
                if len(words) >= LINK_BLOCK_WORDS and not _SENTENCE.search("".join(pieces)):
                    blocks.append(f" {' '.join(words)} ")
        # One string to search: a line's words never match across the newline between two blocks.
        self._blocks = "\n".join(blocks)

    def cover(self, line: str) -> bool:
        """Whether the line has LINK_BLOCK_WORDS words or more and they all run in one link block (an
        extractor may split a block at its line breaks)."""
        words = lower_words(line)
        return len(words) >= LINK_BLOCK_WORDS and f" {' '.join(words)} " in self._blocks


def without_link_cards(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """``tree`` itself, or when it has pop-up cards of links inside paragraphs, a copy without them."""
    if not _cards(tree):
        return tree
    pruned = copy.deepcopy(tree)
    for card in _cards(pruned):
        card.drop_tree()
    return pruned


def _cards(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The innermost link cards inside paragraphs (an outer one may hold the link the card is about)."""
    found = [node for node in tree.xpath(f"//p//span[count(.//a) >= {CARD_LINKS}]") if _mostly_links(node, frozenset())]
    inner = set(found)
    return [node for node in found if not any(child in inner for child in node.iterdescendants("span"))]


def _mostly_links(node: lxml.html.HtmlElement, here: frozenset[str]) -> bool:
    """Whether the node's text is mostly that of links to other pages. Links to this page (spelled one of the
    ways in ``here``) or to a place in a page are not counted: they are a table of contents of the article or
    a widget holding its text (a share or donate button)."""
    total = _LENGTH(node)
    linked = sum(_LENGTH(link) for link in node.iter("a") if _elsewhere(link.get("href") or "", here))
    return bool(total > 0 and linked >= LINK_SHARE * total)


def _elsewhere(href: str, here: frozenset[str]) -> bool:
    return bool(href) and "#" not in href and href.rstrip("/") not in here


def _spellings(url: str) -> frozenset[str]:
    """The ways a link on the page may spell the page's own URL: absolute, scheme-relative, from the root
    (compared as strings, since resolving every link costs more than the rest of this module)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return frozenset()
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return frozenset(
        spelling.rstrip("/")
        for spelling in (f"{parts.scheme}://{parts.netloc}{path}", f"//{parts.netloc}{path}", path)
        if spelling.rstrip("/")
    )


#: A line labelling the article's tags or categories: the label alone, or followed by a colon and the list.
_TAXONOMY = re.compile(
    r"^\W*(?:tags?|tagged(?: with)?|filed under|categories|category|topics|palavras-chave|etiquetas|"
    r"schlagwörter|теги|метки)\s*(?:[:|]|$)",
    re.IGNORECASE,
)


def before_taxonomy(text: str) -> str:
    """``text`` up to a short line labelling its tags or categories in its second half (the end of the article:
    what follows is the tag list, comment rules, sharing buttons)."""
    lines = text.split("\n")
    seen = 0
    for index, line in enumerate(lines):
        if seen >= len(text) / 2 and len(line) <= BOILERPLATE_LINE_CHARS and _TAXONOMY.match(line):
            return "\n".join(lines[:index])
        seen += len(line) + 1
    return text


#: A line introducing links to, or excerpts of, other articles. The article does not go on after it.
_RECOMMENDATIONS = re.compile(
    r"^\W*(?:you (?:may|might) (?:also )?(?:like|enjoy|be interested in)|recommended(?: for you)?|"
    r"related (?:posts|articles|stories|news)|more (?:stories|from \w+(?: \w+)?)|most (?:read|popular)\b.{0,30}|"
    r"popular on \w+(?: \w+)?|trending now|você (?:também )?pode gostar|mais lidas|"
    r"(?:también )?te puede interesar|noticias relacionadas|lo más leído|vous aimerez aussi|"
    r"das könnte sie auch interessieren|meistgelesen|ti potrebbe interessare|potrebbe interessarti|"
    r"articoli correlati|похожие (?:новости|статьи|материалы)|популярное)\W*$",
    re.IGNORECASE,
)


def recommendations_heading(line: str) -> bool:
    """Whether the line introduces links to, or excerpts of, other articles ("You may also like")."""
    return _RECOMMENDATIONS.match(line) is not None


_CALL_TO_ACTION = re.compile(
    r"^\W*(?:read more|see more|see also|also on|related|don'?t miss|читайте также|смотрите также|"
    r"lesen sie auch|lire aussi|leia também|veja também)\b"
    r"|(?:^|[.!?]\s)\W*(?:click here|subscribe|sign up|share (?:it|this)\b|follow (?:us|him|her|me|them)\b|"
    r"tell us what you think|"
    r"leave a (?:comment|reply)|нажмите здесь|подпишитесь|подписывайтесь)"
    r"|^\W*(?:\d+\s+)?(?:comments?|комментари\w*)\W*$"
    # A field of the article's metadata line ("Posted by X - Category: Y - Tags: Z").
    r"|(?:^|\s[-|•·]\s)(?:tags?|categor(?:y|ies|ia)|filed under|etiquetas|теги|рубрика)\s*:"
    # A shortcode of a blogging platform left unrendered ("[button link=...]Send us your story[/button]").
    r"|\[/[a-z_]+\]",
    re.IGNORECASE,
)


def without_calls_to_action(text: str) -> str:
    """The text without short lines that point elsewhere: links to other articles, headings of recommended
    articles, sign-ups, comment counts."""
    lines = text.split("\n")
    kept = [
        line
        for line in lines
        if len(line) > BOILERPLATE_LINE_CHARS or not (_CALL_TO_ACTION.search(line) or _RECOMMENDATIONS.match(line))
    ]
    return "\n".join(kept) if kept else text


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
#: A sentence sending the reader to a sign-up form or a social network. Invitations to comment are not among
#: them: articles end with those in their own voice.
_SENDING_AWAY = re.compile(
    r"^\W*(?:click here|subscribe|sign up|follow (?:us|him|her|me|them)\b|share (?:it|this)\b|"
    r"нажмите здесь|подпишитесь|подписывайтесь)",
    re.IGNORECASE,
)


def without_edge_calls_to_action(text: str) -> str:
    """The text without its first and last paragraphs, of any length, when their last sentence sends the reader
    away (a sponsor's blurb ending "Sign up for the free daily newsletter.", an author's note ending "Follow us
    on Twitter"). A paragraph in between is kept: it is the article talking about its subject."""
    lines = text.split("\n")
    while len(lines) > 1 and _SENDING_AWAY.search(_SENTENCE_END.split(lines[-1])[-1]):
        lines.pop()
    while len(lines) > 1 and _SENDING_AWAY.search(_SENTENCE_END.split(lines[0])[-1]):
        lines.pop(0)
    return "\n".join(lines)
