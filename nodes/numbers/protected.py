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

NUMBER_START = r"(?<![\w@]|\w\.)"
"""A number form starts here: not inside a word, not right after ``@``, not after a
point that follows a word or a digit: "5M" of "1.5M" is no code of its own, and the
hyphen of "A.I.-2" (an alias written by an earlier node for "AI-2") is no minus."""
NUMBER_END = r"(?![\w@]|\.\d)"
"""A number form ends here: not inside a word, not right before ``@``, not before the
point of a decimal (``1.5M`` that no rule reads whole stays as written, not "one.5M")."""

REACH = 210
"""How far back an open tag or URL is looked for (their bounded length)."""
_MAX_INSIDE = 200
"""How many characters of a tag or an address may come before the position."""
_TAG_START = regex.compile(r"<[/!?]?[A-Za-z]")
_LAST_BREAK = regex.compile(r"(?r)[\s<>\"'`]")
_ADDRESS_START = regex.compile(
    r"(?<![\w@.])(?i:https?://|www\.)"
    # a bare domain's path or query, as the pronunciation rewriter protects it
    rf"|(?<![\w@.-])(?:[\w-]{{1,63}}\.){{1,8}}(?i:{TLDS})[/?#]"
)


def inside_protected(text: str, position: int) -> bool:
    """Whether ``position`` lies inside a markup tag or a URL (or a bare domain's path,
    ``acme.io/v2``) opened before it (looking back at most :data:`REACH` characters)."""
    start = max(0, position - REACH)
    # a tag: the last "<" before the position, not closed or broken off since
    tag = text.rfind("<", start, position)
    if tag >= 0 and (opening := _TAG_START.match(text, tag, position)):
        closed = text.find(">", tag, position) >= 0 or text.find("\n", tag, position) >= 0
        if position - opening.end() <= _MAX_INSIDE and not closed:
            return True
    # an address has no white space, quote or bracket: look only since the last one
    last_break = _LAST_BREAK.search(text, start, position)
    since = last_break.end() if last_break else start
    return any(
        position - found.end() <= _MAX_INSIDE
        for found in _ADDRESS_START.finditer(text, since, position)
    )
