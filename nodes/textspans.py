"""Word boundaries and protected spans: the one tokenizer every dictionary-style rewrite uses.

:data:`TOKEN` cuts text into tokens, left to right, and each token has a kind:

========  ================================================================================
kind      what
========  ================================================================================
``tag``   a markup tag, ``<break time="1s"/>`` (at most 500 characters, no newline)
``url``   ``scheme://...`` up to the next white space, ``<``, ``>`` or ``"``
``email`` ``name@example.com``
``domain`` a bare domain with a known top-level domain and an optional path,
          ``livekit.io/docs``
``run``   a run of characters of a script written without spaces (Han, Hiragana,
          Katakana, Thai, Lao, Khmer, Myanmar): word boundaries are unknown inside it
``cont``  the rest of a word whose start lies before where tokenizing began (see below)
``word``  letters, marks and digits, with inner apostrophes: ``LiveKit's``, ``don't``,
          ``4K``. Hyphens separate words (``AI-powered`` is ``AI``, ``-``, ``powered``)
``space`` a run of white space
``other`` any other single character
========  ================================================================================

``tag``, ``url``, ``email`` and ``domain`` are *protected*: nothing is ever matched
inside them.

Streaming. Tokenizing may start in the middle of the text, with a little text before
that position in view (:data:`CONTEXT` characters) for lookbehinds: at a token
boundary, after white space, inside a ``run``, or inside a word longer than
:data:`WORD_RESTART` (the rest of the word then comes back as a ``cont`` token, and the
protected spans that may follow a word, ``://x.io``, ``@x.com``, ``.io/docs``, are still
recognised). Protected spans never start right after a word character, so resuming
inside a word never starts one there. :func:`token_settled` says whether a token can
still be changed by text that has not arrived yet.
"""

from __future__ import annotations

import re

import regex

UNSPACED = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}ー々〆〻"
"""Scripts written without spaces between words (a regex character-class body)."""

WORD_CHAR = rf"[\p{{L}}\p{{M}}\p{{N}}--[{UNSPACED}]]"
"""A character of a word (``regex.V1`` set syntax): letters, marks, digits."""

APOSTROPHES = "'’"

# top-level domains recognised in bare domains ("livekit.io/docs"); common English words
# that are also TLDs ("it", "in", "me", "to", "so", "us") are left out on purpose
TLDS = (
    "com|org|net|edu|gov|mil|int|io|ai|co|dev|app|tv|fm|gg|sh|ly|ws|cc|info|biz|xyz|"
    "tech|cloud|shop|store|online|site|blog|news|live|uk|ca|de|fr|es|nl|eu|au|jp|cn|br|"
    "ru|ch|se|dk|fi|pl|ie|nz|za|mx|kr|tw|hk|sg|il|gr|pt|cz|ro|hu|ar|cl|be|at|no"
)

_LABEL = rf"(?:{WORD_CHAR}|-)"
_LOCAL = rf"(?:{WORD_CHAR}|[.+%_-])"

# protected spans; each may also be recognised from its middle, right after a word
# character (the second branch), which is how a stream that already released a word
# still sees that "://x.io", "@x.com" or ".io/docs" follows it. Each branch starts
# with its first character, then a lookahead that is a cheap necessary condition (the
# "://", "@" or "." is near) and spares ordinary words the full pattern.
_PROTECTED = rf"""
    (?P<tag></?[A-Za-z!?][^<>\n]{{0,500}}>)
  | (?P<url>(?:(?<!{WORD_CHAR})(?=[A-Za-z][A-Za-z0-9+.-]{{0,31}}+://)[A-Za-z][A-Za-z0-9+.-]{{0,31}}+
          |(?<=[A-Za-z0-9+.-]))
        ://[^\s<>"]{{1,2048}})
  | (?P<email>(?:(?<!{WORD_CHAR})(?={_LOCAL}{{1,64}}+@){_LOCAL}{{1,64}}+|(?<={_LOCAL}))
        @{_LABEL}{{1,63}}+(?:\.{_LABEL}{{1,63}}+){{1,8}}+)
  | (?P<domain>(?:(?<!{WORD_CHAR})(?={_LABEL}{{1,63}}+\.[A-Za-z]){_LABEL}{{1,63}}+
          |(?<={_LABEL})(?=\.[A-Za-z]))
        (?:\.{_LABEL}{{1,63}}+){{0,8}}
        \.(?i:{TLDS})(?!{_LABEL})(?:[/?\#][^\s<>"]{{0,2048}})?)
"""

_PLAIN = rf"""
    (?P<space>\s+)
  | (?P<word>(?<!{WORD_CHAR}|{WORD_CHAR}[{APOSTROPHES}])
        {WORD_CHAR}+(?:[{APOSTROPHES}]{WORD_CHAR}+)*)
  | (?P<run>[{UNSPACED}]+)
  | (?P<cont>(?:(?<={WORD_CHAR})[{APOSTROPHES}]|(?<={WORD_CHAR}|{WORD_CHAR}[{APOSTROPHES}]))
        {WORD_CHAR}+(?:[{APOSTROPHES}]{WORD_CHAR}+)*)
  | (?P<other>.)
"""
_FLAGS = regex.V1 | regex.VERBOSE | regex.DOTALL

TOKEN = regex.compile(_PROTECTED + "|" + _PLAIN, _FLAGS)
"""The tokenizer: protected spans first, then runs, word continuations, words, white
space, and single other characters."""

# every (complete) protected span contains one of these: text without them tokenizes
# the same without the protected alternatives, which cost most of the time
_PLAIN_TOKEN = regex.compile(_PLAIN, _FLAGS)
_PROTECTED_TRIGGER = re.compile(r"<[A-Za-z/!?]|://|@|\.[A-Za-z]")
# white space as ``regex`` sees it (Unicode White_Space): the standard library's ``\s``
# also takes the information separators U+001C..U+001F
_SPACE = re.compile(r"[^\S\x1c-\x1f]")

# Latin-1 and the punctuation LLMs write: no character of a script without spaces
_TYPOGRAPHIC = "‘’“”–—…€"
_LATIN_TEXT = re.compile(rf"[\x00-\xff{_TYPOGRAPHIC}]*")


def _latin_plain_token() -> re.Pattern[str]:
    """:data:`_PLAIN_TOKEN` for text in :data:`_LATIN_TEXT`, with the standard library's
    ``re``, which costs less than half as much per token as ``regex``.

    Its classes are listed from the ``regex`` ones, character by character, so both
    tokenize such text the same (``re``'s own ``\\w`` differs).
    """
    alphabet = [chr(code) for code in range(256)] + list(_TYPOGRAPHIC)
    word = re.escape("".join(c for c in alphabet if regex.match(WORD_CHAR, c, regex.V1)))
    space = re.escape("".join(c for c in alphabet if _SPACE.match(c)))
    w, a = f"[{word}]", f"[{APOSTROPHES}]"
    rest = f"{w}+(?:{a}{w}+)*"
    return re.compile(
        rf"(?P<space>[{space}]+)"
        rf"|(?P<word>(?<!{w})(?<!{w}{a}){rest})"
        rf"|(?P<cont>(?:(?<={w}){a}|(?<={w})|(?<={w}{a})){rest})"
        r"|(?P<other>.)",  # no run: no script without spaces in the alphabet
        re.DOTALL,
    )


_LATIN_PLAIN_TOKEN = _latin_plain_token()

PROTECTED_SPAN = regex.compile(_PROTECTED, _FLAGS)
"""A tag, URL, e-mail address or bare domain (the protected token kinds alone)."""

PROTECTED = frozenset({"tag", "url", "email", "domain"})
"""Token kinds that are never matched inside."""

CONTEXT = 2
"""Characters before the tokenizing position that lookbehinds may read."""

# a token that ends before the end of the text can only grow into a longer token if it
# starts with one of these (a word may become a domain, "." a domain's tail, "<" a tag);
# others are settled as soon as the next character is there
_MAY_GROW = regex.compile(rf"{WORD_CHAR}|[.@:<+%_\-]", regex.V1)
_GROWING_PUNCTUATION = ".@:<+%_-"
_OUTSIDE_ADDRESS = re.compile(r"[^A-Za-z0-9.+%_@:\-]")
WORD_RESTART = 128
"""A word longer than this can no longer be the start of a protected span (a URL scheme
has at most 32 characters, an e-mail local part 64, a domain label 63): a stream may
resume tokenizing inside it, where the rest of the word comes back as ``cont``."""

# no token grows past this many characters beyond the end of the text (local part of an
# e-mail, labels of a domain, a URL scheme): a token starting further back is settled
_MAX_GROWING_REACH = 64 * 10

_WORD = regex.compile(rf"{WORD_CHAR}", regex.V1)
# a character that is a token of its own and never grows into a word: not a word or run
# character, not white space, not an apostrophe right after a word (it may join it)
_OTHER = regex.compile(
    rf"(?![{APOSTROPHES}](?<={WORD_CHAR}.))[^\s{UNSPACED}\p{{L}}\p{{M}}\p{{N}}]", regex.V1
)


def tokens(text: str, pos: int = 0) -> list[tuple[str, int, int]]:
    """The tokens of ``text[pos:]`` as ``(kind, start, end)``, as if the text were complete.

    ``text[:pos]`` is context for lookbehinds only (see the module docstring).
    """
    if _PROTECTED_TRIGGER.search(text, pos):
        pattern: re.Pattern[str] | regex.Pattern[str] = TOKEN
    elif text.isascii() or _LATIN_TEXT.fullmatch(text):
        pattern = _LATIN_PLAIN_TOKEN
    else:
        pattern = _PLAIN_TOKEN
    return [(match.lastgroup or "other", *match.span()) for match in pattern.finditer(text, pos)]


def token_settled(text: str, start: int, end: int) -> bool:
    """Whether the token ``text[start:end]`` stays what it is whatever text follows.

    A word, a run or white space that reaches the end of ``text`` may grow; a single
    character there may start a protected span (``<`` a tag, ``@`` an e-mail's domain).
    A token that ends before the end may still become part of a protected span
    (``livekit`` + ``.io``) while some token pattern can match from ``start`` to the end
    of ``text``.
    """
    if end >= len(text):
        if end - start > 1 or not _OTHER.match(text, start):
            return False
        if text[start] not in _GROWING_PUNCTUATION:
            return True  # no protected span starts with it
        return PROTECTED_SPAN.fullmatch(text, start, partial=True) is None
    first = text[start]
    if not (first.isalnum() or first in _GROWING_PUNCTUATION) and not _MAY_GROW.match(first):
        return True
    if len(text) - start > _MAX_GROWING_REACH:
        return True
    if text[start] != "<" and _SPACE.search(text, end) is not None:
        return True  # only a tag may span white space, and only from its "<"
    if end + 1 == len(text) and text[end] in APOSTROPHES and _WORD.match(text, end - 1):
        return False  # "don'" may become "don't"
    if first != "<" and _outside_addresses(text, start):
        return True
    return PROTECTED_SPAN.fullmatch(text, start, partial=True) is None


def _outside_addresses(text: str, start: int) -> bool:
    """Whether no URL, e-mail address or domain can match from ``start`` to the end.

    They are made of word characters and ``.+%_@:-`` up to their first ``/``, ``?`` or
    ``#`` (a path): any other ASCII character before that rules them out.
    """
    outside = _OUTSIDE_ADDRESS.search(text, start)
    return outside is not None and outside[0].isascii() and outside[0] not in "/?#"


def protected_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every tag, URL, e-mail address and bare domain in ``text``."""
    return [(start, end) for kind, start, end in tokens(text) if kind in PROTECTED]


def is_word_char(char: str) -> bool:
    """Whether ``char`` belongs to a word (letters, marks, digits of spaced scripts)."""
    return _WORD.fullmatch(char) is not None


def fold(text: str) -> str:
    """The case-insensitive form of ``text``: case-folded, with ’ read as '."""
    return text.casefold().replace("’", "'")


def same_length_fold(text: str) -> str:
    """:func:`fold` keeping one character per character (for matching inside a run)."""
    folded = fold(text)
    if len(folded) == len(text):  # casefold only ever expands: same length is aligned
        return folded
    return "".join(f if len(f := fold(char)) == 1 else char for char in text)
