"""The plain-chunk shortcut of :class:`~voicenodes.nodes.pronunciation.matcher.MatchStream`.

Most chunks an LLM streams are a space and a word, a punctuation mark, or the next
piece of a word. The general path answers each by tokenizing the held tail with the new
chunk and scanning the tokens; the shortcut answers these common ones with a few string
tests and hash lookups, and gives up (``None``) on anything else: non-ASCII words,
phrases under way, protected spans, run keys.

Each answer is exactly the general path's: the same output for the chunk, the same
text held, and a state from which the general path goes on the same way (property tests
compare both paths chunk by chunk on random dictionaries, texts and cuttings).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from voicenodes.nodes.textspans import APOSTROPHES, CONTEXT, WORD_RESTART, fold

from .endings import ending_key, may_precede_apostrophe
from .keys import QUIET_SEPARATORS, Key, KeyIndex

_WHITE_SPACE = " \t\n\r\f\v"
# what may end a held word without being part of it
_MAY_END_WORD = QUIET_SEPARATORS + ".:@-+%_/"
# a whole word in ASCII, as the tokenizer cuts it: inner apostrophes, no hyphens
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z0-9]+)*")
_LEADING_WORD = re.compile(r"[A-Za-z0-9]*")
# what may follow an ASCII word in an e-mail address's local part, up to the "@"
_ADDRESS_START = re.compile(r"(?:[.+%_-][A-Za-z0-9.+%_-]*)?@?")
_DOT_LETTER = re.compile(r"\.[A-Za-z]")
_MAX_LOCAL_PART = 64
_PIECE = re.compile(r"[A-Za-z0-9]+|.")


class PlainChunks:
    """The shortcut, mixed into the stream whose state it reads and updates.

    The stream provides its state (``_buf``, ``_pos``, ``_released``: see
    :class:`~voicenodes.nodes.pronunciation.matcher.MatchStream`), its key index,
    ``_separators`` (white space and the separators that start no key: they end any
    word, protected span or punctuation before them), and what a match becomes
    (:meth:`_render_match`).
    """

    _buf: str
    _pos: int
    _released: int
    _index: KeyIndex[Any]
    _separators: str

    def _render_match(self, key: Key[Any], source: str, ending: str = "") -> str:
        """What a match of ``key`` on ``source`` (plus ``ending``) becomes."""
        raise NotImplementedError

    def _feed_plain(self, text: str) -> str | None:
        """The output for ``text`` if it is a common chunk, else ``None`` (nothing
        changed):

        - a word is being written: released as it comes if it starts no key (and kept
          as context), held if it does: ``"cost"`` + ``"s"``, ``"Live"`` + ``"Kit"``,
          ``"don"`` + ``"'t"``;
        - a word goes on with ``.``, ``-``, ``@``, digits...: all held while they may
          still be the start of an e-mail address: ``"3"`` + ``"-"`` + ``"5"``;
        - white space or a separator ends the held text: a word is released or, if it
          is a one-word key, rendered; punctuation and digits that start no key are
          released; then come white space and separators that start no key, then
          maybe an ASCII word, released or held as above: ``" costs"``, ``", and"``.
        """
        if self._index.run_lengths:
            return None
        start = self._pos + self._released
        if start == len(self._buf) and text[0] in self._separators:
            return self._take(text, "")  # nothing held: the most common case
        if self._released:
            return self._after_released_word(text, start)
        if start < len(self._buf):
            return self._after_held_word(text, start)
        if not (self._buf and _joins(self._buf[-1])):
            return self._take(text, "")
        return None  # the chunk may go on with the word before it

    def _after_released_word(self, text: str, start: int) -> str | None:
        """While a word that starts no key is being released: the word is
        ``buf[pos:start]``, maybe followed by held punctuation and digits."""
        buf, pos = self._buf, self._pos
        tail = buf[start:]
        if text[0] in self._separators:
            if tail and not (
                _ended_by(tail, text[0])
                and self._plain_from(pos, start)
                and self._settled_tail(tail)
            ):
                return None
            return self._take(text, tail)
        if pos and _joins(buf[pos - 1]):
            return None
        word = buf[pos:start]
        if not tail and self._goes_on(word, text):
            self._buf, self._released = buf + text, self._released + len(text)
            return text
        if not (word.isascii() and word.isalnum()):
            return None
        if tail + text == ":" or _may_be_address(len(word), tail + text):
            self._buf = buf + text
            return ""
        return None

    def _goes_on(self, word: str, text: str) -> bool:
        """Whether ``text`` goes on with a released ``word`` that still starts no key
        (``"cost"`` + ``"s"``, ``"don"`` + ``"'t"``, ``"don"`` + ``"'"``)."""
        grown = word + text
        if len(grown) > WORD_RESTART:
            return False
        if text.isascii() and text.isalnum() and word[-1:].isalnum():
            return True  # no key starts with the word, so none with more of it
        if _ASCII_WORD.fullmatch(grown):
            return not self._may_start_key(grown)
        if text == "'" and _ASCII_WORD.fullmatch(word):
            # the apostrophe goes out with the word, unless a key starts with one
            held = self._holds_before_apostrophe(word)
            return not held and not self._index.could_start("'", "'")
        return False

    def _after_held_word(self, text: str, start: int) -> str | None:
        """While input is held (``buf[start:]``), nothing released."""
        buf = self._buf
        pending = buf[start:]
        if text[0] in self._separators:
            word = pending.rstrip(_MAY_END_WORD)
            punctuation = pending[len(word) :]
            after = pending[len(word)] if punctuation else text[0]
            out = self._settled_word(word, start, after) if word else ""
            if out is None or not _ended_by(punctuation, text[0]):
                return None
            if not all(map(self._settles_before_space, punctuation)):
                return None
            return self._take(text, out + punctuation)
        if start and _joins(buf[start - 1]):
            return None
        grown = pending + text
        if _ASCII_WORD.fullmatch(grown):
            return self._grow_held_word(text, grown)
        if text == "'" and _ASCII_WORD.fullmatch(pending):
            held = self._holds_before_apostrophe(pending)
        else:
            word = _LEADING_WORD.match(pending)[0]  # type: ignore[index]
            tail = pending[len(word) :] + text
            held = bool(word) and _may_be_address(len(word), tail) and self._may_start_key(word)
        if not held:
            return None
        self._buf = buf + text
        return ""

    def _grow_held_word(self, text: str, word: str) -> str | None:
        """A held word goes on with ``text`` (``"Live"`` + ``"Kit"``): still held if it
        may start a key, released otherwise."""
        if len(word) > WORD_RESTART:
            return None
        released = 0 if self._may_start_key(word) else len(word)
        self._buf, self._released = self._buf + text, released
        return word[:released]

    def _take(self, text: str, out: str) -> str | None:
        """``out`` (what the held text became) then ``text``, if it is white space and
        separators that start no key, then maybe an ASCII word: a word that starts no
        key is released, one that starts a key is held."""
        word = text.lstrip(self._separators)
        hold = False
        if word:
            if len(word) > WORD_RESTART or not (
                (word.isascii() and word.isalnum()) or _ASCII_WORD.fullmatch(word)
            ):
                return None
            hold = self._may_start_key(word)
        self._buf = (self._buf + text)[-(len(word) + CONTEXT) :]
        self._pos = len(self._buf) - len(word)
        self._released = 0 if hold else len(word)
        return out + text[: len(text) - len(word)] if hold else out + text

    def _plain_from(self, start: int, end: int) -> bool:
        """Whether ``buf[start:end]`` is a whole ASCII word (nothing joins it before)."""
        if not _is_ascii_word(self._buf[start:end]):
            return False
        return not (start and _joins(self._buf[start - 1]))

    def _may_start_key(self, word: str) -> bool:
        """Whether an ASCII word at the end of the text may still start a match (a key's
        first word is one of the prefixes ``could_start`` knows)."""
        if self._index.could_start(word, word.lower()):
            return True
        return word[-1] in "sS" and ending_key(self._index, word) is not None

    def _holds_before_apostrophe(self, word: str) -> bool:
        """Whether an ASCII word followed by ``'`` at the end of the text may still
        start a match (``"LiveKit"`` + ``"'"`` may become ``"LiveKit's"``)."""
        index, folded = self._index, word.lower()
        if any(map(may_precede_apostrophe, index.starting_with(word, folded))):
            return True
        if index.could_start(word + "'", folded + "'"):
            return True
        return word[-1] in "sS" and ending_key(self._index, word) is not None

    def _settled_word(self, word: str, start: int, after: str) -> str | None:
        """What a held ``word`` becomes when the character ``after`` it (white space or
        punctuation) settles it: itself if no key matches, the rendering of a one-word
        key (maybe with an ending); ``None`` when a longer key may match."""
        if not self._plain_from(start, start + len(word)):
            return None
        for key in self._index.starting_with(word, word.lower()):  # longest first
            if len(key.tokens) == 1:
                return self._render_match(key, word)
            if _may_go_on(key, after):
                return None
        ending = ending_key(self._index, word)
        if ending is None:
            return word
        key, cut = ending
        return self._render_match(key, word[:-cut], word[-cut:])

    def _settled_tail(self, tail: str) -> bool:
        """Whether punctuation and digits held after a released word, now followed by
        white space or a separator, are settled unchanged: no key matches in them."""
        if not tail.strip(_MAY_END_WORD):
            pieces = list(tail)
        elif _may_be_address(0, tail):
            pieces = _PIECE.findall(tail)  # numbers and words, single other characters
        else:
            return False
        index = self._index
        for piece, after in zip(pieces, [*pieces[1:], ""], strict=True):
            if piece[0].isalnum():
                if index.starting_with(piece, piece.lower()) or ending_key(index, piece):
                    return False
            elif after[:1].isalnum():
                if self._may_match_with(piece, after):
                    return False
            elif not self._settles_before_space(piece):
                return False
        return True

    def _may_match_with(self, char: str, word: str) -> bool:
        """Whether a key may match from punctuation ``char`` followed by ASCII ``word``."""
        folded = word.lower()
        for key in self._index.starting_with(char, char):
            if len(key.tokens) == 1:
                return True
            if (folded if key.folded else word).startswith(key.tokens[1][1]):
                return True
        return False

    def _settles_before_space(self, char: str) -> bool:
        """Whether punctuation followed by white space or a separator is settled
        unchanged: every key that starts with it goes on with a word."""
        if char in self._index.settles_before_space:
            return True
        keys = self._index.starting_with(char, char)
        return all(len(key.tokens) > 1 and key.tokens[1][0] == "word" for key in keys)


def separators(index: KeyIndex[Any]) -> str:
    """White space and the separators that start no key of ``index``."""
    return _WHITE_SPACE + index.quiet_separators


def _ended_by(held: str, char: str) -> bool:
    """Whether white space or a separator ``char`` ends the held punctuation: white
    space does, a separator may go on with a URL after ``://`` or a path after ``/``."""
    return char in _WHITE_SPACE or not (":" in held or "/" in held)


def _joins(char: str) -> bool:
    """Whether a word right after ``char`` would continue the word ``char`` ends."""
    if char.isalnum() or char in APOSTROPHES:
        return True
    return not char.isascii() and unicodedata.category(char)[0] == "M"


def _is_ascii_word(text: str) -> bool:
    return (text.isascii() and text.isalnum()) or _ASCII_WORD.fullmatch(text) is not None


def _may_be_address(word: int, rest: str) -> bool:
    """Whether a whole ASCII word of ``word`` characters followed by ``rest`` may still
    be the start of an e-mail address (and of no domain): then the word is not settled,
    and the general path holds it."""
    return (
        word + len(rest) <= _MAX_LOCAL_PART
        and _ADDRESS_START.fullmatch(rest) is not None
        and _DOT_LETTER.search(rest) is None
    )


def _may_go_on(key: Key[Any], char: str) -> bool:
    """Whether the second token of a key of several may match the token starting with
    ``char`` (white space, or a character of its own)."""
    kind, text = key.tokens[1]
    if char in _WHITE_SPACE:
        return kind == "space"
    return text in (char, fold(char))
