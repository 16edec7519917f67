"""Spans whose digits are never rewritten: markup tags, URLs and e-mail addresses.

``<break time="500ms"/>`` must reach TTS intact (SSML), and an address read with
number words ("bob two at ...") is no longer an address. A form found inside an open
tag or a URL is left as written (:func:`inside_protected`, checked once per match);
no form starts right after ``@``, inside a word or a decimal (:data:`NUMBER_START`), and none
ends right before ``@`` or inside a word (:data:`NUMBER_END`), which keeps e-mail
addresses whole.
"""

from __future__ import annotations

import regex

from voicenodes.nodes.textspans import TLDS

NUMBER_START = r"(?<![\w@]|\d\.)"
"""A number form starts here: not inside a word, not right after ``@``, not after the
point of a decimal ("5M" of "1.5M" is no code of its own)."""
NUMBER_END = r"(?![\w@])"
"""A number form ends here: not inside a word, not right before ``@``."""

REACH = 210
"""How far back an open tag or URL is looked for (their bounded length)."""
_OPEN_SPAN = regex.compile(
    r"(?:<[/!?]?[A-Za-z][^<>\n]{0,200}"
    r"|(?<![\w@.])(?i:https?://|www\.)[^\s<>\"'`]{0,200}"
    # a bare domain's path or query, as the pronunciation rewriter protects it
    rf"|(?<![\w@.-])(?:[\w-]{{1,63}}\.){{1,8}}(?i:{TLDS})[/?#][^\s<>\"'`]{{0,200}})\Z"
)


def inside_protected(text: str, position: int) -> bool:
    """Whether ``position`` lies inside a markup tag or a URL (or a bare domain's path,
    ``acme.io/v2``) opened before it (looking back at most :data:`REACH` characters)."""
    return _OPEN_SPAN.search(text, max(0, position - REACH), position) is not None
