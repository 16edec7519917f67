"""The streaming key matcher: finds keys in text, left to right, and renders each match.

Semantics, for the whole text (streaming gives the same result however the text is cut):

- The text is cut into tokens by :mod:`voicenodes.nodes.textspans`. A token key matches
  a sequence of whole tokens starting at a token: words compare by the key's case
  policy, white space in a key matches any run of white space (newlines too),
  punctuation matches itself, and a protected span (URL, e-mail, tag, domain) matches
  only a key spelled exactly like the whole span. So ``AI`` never matches inside
  "said" and nothing matches inside ``livekit.io/docs``.
- The last word of a match may carry a possessive or plural ending that the key lacks:
  ``'s``, ``’s``, ``'S``, ``’S`` or ``s`` (``LiveKit's``, ``APIs``). The ending is kept.
- At each token the longest key wins (most tokens); on a tie, the key given first.
  A token that starts no token key is searched for run keys (in words and runs of
  scripts without spaces), longest first at each position.
- Output is never scanned again.

Streaming: :class:`MatchStream` holds back only a tail that could still become or
extend a match: a word being written that is the prefix of a key's first word (or is a
key, and may still take an ending), an unfinished phrase, an unfinished protected span,
the end of a run that starts a run key. A word that can start no key is released before
it ends. Most chunks are answered by a shortcut (:mod:`.shortcut`) that gives the same
answers without tokenizing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from voicenodes.nodes.text import TextStream
from voicenodes.nodes.textspans import (
    APOSTROPHES,
    CONTEXT,
    PROTECTED,
    WORD_RESTART,
    fold,
    same_length_fold,
    token_settled,
    tokens,
)

from .endings import ENDINGS as ENDINGS
from .endings import ending_key, ending_of, may_precede_apostrophe
from .keys import Key, KeyIndex
from .shortcut import PlainChunks, separators

V = TypeVar("V")

_KEY_START_KINDS = frozenset({"word", "other", "tag", "url", "email", "domain"})
_RUN_KINDS = frozenset({"word", "cont", "run"})


@dataclass(frozen=True)
class Match(Generic[V]):
    """What matched: the key, the text it matched (ending excluded), and the ending."""

    key: Key[V]
    source: str
    ending: str = ""

    @property
    def value(self) -> V:
        return self.key.spec.value


Render = Callable[[Match[V]], str]
"""What a match becomes in the output."""


class _Undecided:
    """The text so far does not decide whether a key matches here."""


UNDECIDED = _Undecided()


class MatchStream(TextStream, PlainChunks, Generic[V]):
    """Streaming state: the unanswered tail of the input, with the text before it that
    the tokenizer still needs.

    The buffer is ``context | token start | released | pending``: a little settled
    context for lookbehinds, then, while a word that starts no key is still being
    written, the part of it already released unchanged (kept so that the word is
    tokenized from its start, as in the whole text), then the raw input not answered.
    """

    __slots__ = ("_buf", "_index", "_pos", "_released", "_render", "_separators")

    def __init__(self, index: KeyIndex[V], render: Render[V]) -> None:
        self._index = index
        self._render = render
        self._buf = ""
        self._pos = 0  # where tokenizing resumes in _buf
        self._released = 0  # characters from _pos on already released unchanged
        self._separators = separators(index)  # for the shortcut

    @property
    def pending(self) -> str:
        return self._buf[self._pos + self._released :]

    def feed(self, text: str) -> str:
        if not text:
            return ""
        fast = self._feed_plain(text)  # common chunks, without tokenizing (shortcut.py)
        if fast is not None:
            return fast
        buf = self._buf + text
        scan = _Scan(self._index, self._render, buf, self._pos, self._released, final=False)
        out, hold, released = scan.run()
        keep = max(0, hold - CONTEXT)
        self._buf, self._pos, self._released = buf[keep:], hold - keep, released
        return out

    def _render_match(self, key: Key[V], source: str, ending: str = "") -> str:
        return self._render(Match(key, source, ending))

    def flush(self) -> str:
        scan = _Scan(self._index, self._render, self._buf, self._pos, self._released, final=True)
        out, _, _ = scan.run()
        self._buf, self._pos, self._released = "", 0, 0
        return out


class _Scan(Generic[V]):
    """One pass over a buffer: the output it settles, where tokenizing resumes next
    time, and how much from there is released already."""

    __slots__ = (
        "buf",
        "final",
        "index",
        "pos",
        "released",
        "render",
        "settled_cache",
        "toks",
    )

    def __init__(
        self,
        index: KeyIndex[V],
        render: Render[V],
        buf: str,
        pos: int,
        released: int,
        *,
        final: bool,
    ) -> None:
        self.index = index
        self.render = render
        self.buf = buf
        self.pos = pos
        self.released = released
        self.final = final
        self.toks = list(tokens(buf, pos))
        self.settled_cache: list[bool | None] = [None] * len(self.toks)

    def settled(self, i: int) -> bool:
        cached = self.settled_cache[i]
        if cached is None:
            _, start, end = self.toks[i]
            cached = self.final or token_settled(self.buf, start, end)
            self.settled_cache[i] = cached
        return cached

    def run(self) -> tuple[str, int, int]:
        """Output (without what was released before), resume position, released count."""
        out: list[str] = []
        buf, toks, index, settled = self.buf, self.toks, self.index, self.settled
        i, count = 0, len(toks)
        hold, released = len(buf), 0
        while i < count:
            kind, start, end = toks[i]
            text = buf[start:end]
            if kind in _KEY_START_KINDS:
                found = self.match_at(i, kind, text)
                if isinstance(found, tuple):
                    match, i = found
                    out.append(self.render(match))
                    continue
                if found is UNDECIDED:
                    hold = start
                    break
            if not settled(i):
                hold, released = self.release_unsettled(out, kind, text, start)
                break
            if kind in _RUN_KINDS and index.run_lengths:
                text = self.scan_run(text, growing=False)[0]
            out.append(text)
            i += 1
        if hold == self.pos and released < self.released:
            # still the word partly released last time: it is still released
            out.append(buf[hold + released : hold + self.released])
            released = self.released
        return "".join(out)[self.released :], hold, released

    def release_unsettled(
        self, out: list[str], kind: str, text: str, start: int
    ) -> tuple[int, int]:
        """The first unsettled token, which starts no key: release what no later text
        can change. Returns where tokenizing resumes and how much from there is
        released."""
        if kind == "space":
            out.append(text)  # stays white space, and ends any word before it
            return start + len(text), 0
        if kind == "run":
            if not self.index.run_lengths:
                out.append(text)
                return start + len(text), 0
            rewritten, used, _ = self.scan_run(text, growing=True)
            out.append(rewritten)
            return start + used, 0  # resuming inside a run is safe: it has no lookbehind
        if kind in ("word", "cont"):
            index = self.index
            after = self.buf[start + len(text) :]
            # "kit’" may only become "kit’s": no key starts inside it after the apostrophe
            apostrophe = bool(after) and after in APOSTROPHES and not index.run_apostrophes
            apostrophe = apostrophe and not index.could_start("'", "'")
            safe = len(text)
            if index.run_lengths:
                safe = self.unchanged_prefix(text, growing=not apostrophe)
            out.append(text[:safe])
            if safe > WORD_RESTART:
                return start + safe, 0  # too long to start a protected span: resume inside
            if safe == len(text) and apostrophe:
                out.append(after)
                return start, safe + 1
            return start, safe  # resume at the word's start, to tokenize it whole
        if text in APOSTROPHES and not self.index.run_lengths and start > 0:
            out.append(text)  # may only join the word before it, which starts no key
            return start + 1, 0
        return start, 0  # punctuation, or a span that may become protected

    def unchanged_prefix(self, text: str, *, growing: bool) -> int:
        """How much of an unsettled word no run key can touch, whatever comes next."""
        _, used, first_match = self.scan_run(text, growing=growing)
        return min(used, first_match)

    def match_at(self, i: int, kind: str, text: str) -> tuple[Match[V], int] | _Undecided | None:
        """The longest key match starting at token ``i`` (of ``kind``, spelled ``text``)
        and the index of the token after it, ``UNDECIDED`` if that depends on text not
        yet seen, or ``None``."""
        if "’" in text:
            text = text.replace("’", "'")
        folded = text.casefold()
        index = self.index
        candidates = index.starting_with(text, folded)
        may_end = kind == "word" and text[-1] in "sS"
        if not candidates and not may_end and not index.could_start(text, folded):
            return None  # the common case: nothing starts here
        if not self.settled(i):
            _, _, end = self.toks[i]
            grown, grown_folded = text, folded
            if self.buf[end:] in APOSTROPHES and self.buf[end:]:
                # it goes on ("don't"), or ends before the apostrophe: only keys of one
                # word or going on with an apostrophe may match it then
                grown, grown_folded = text + "'", folded + "'"
                candidates = [key for key in candidates if may_precede_apostrophe(key)]
            if candidates or index.could_start(grown, grown_folded):
                return UNDECIDED
            if may_end and self.ending_match(text) is not None:
                return UNDECIDED
            return None
        for key in candidates:
            found = self.try_key(key, i)
            if found is not None:
                return found
        if may_end:
            ending = self.ending_match(text)
            if ending is not None:
                key, cut = ending
                _, start, end = self.toks[i]
                return Match(key, self.buf[start : end - cut], self.buf[end - cut : end]), i + 1
        return None

    def ending_match(self, text: str) -> tuple[Key[V], int] | None:
        """A one-word key that ``text`` is, plus a possessive or plural ending."""
        return ending_key(self.index, text)

    def try_key(self, key: Key[V], i: int) -> tuple[Match[V], int] | _Undecided | None:
        """Match the tokens of ``key`` from token ``i`` (whose first token matches)."""
        toks, buf = self.toks, self.buf
        needed = key.tokens
        last = len(needed) - 1
        start = toks[i][1]
        for offset in range(1, len(needed)):
            t = i + offset
            if t >= len(toks):
                return None if self.final else UNDECIDED
            kind, tstart, tend = toks[t]
            need_kind, need = needed[offset]
            if need_kind == "space":
                ok, could_grow = kind == "space", False
            else:
                text = buf[tstart:tend].replace("’", "'")
                text = fold(text) if key.folded else text
                ok = kind == need_kind and text == need
                could_grow = need.startswith(text)
                if kind in PROTECTED:  # unfinished, it may fall back to plain tokens
                    could_grow = need[:1] == text[:1]  # "s.io" + "12": "s", ".", "io12"
                if not ok and offset == last and kind == "word":
                    cut = ending_of(text, need)
                    if cut:
                        if not self.settled(t):
                            return UNDECIDED
                        source = buf[start : tend - cut]
                        return Match(key, source, buf[tend - cut : tend]), t + 1
            if not self.settled(t):
                return UNDECIDED if ok or could_grow else None
            if not ok:
                return None
        end = toks[i + last][2]
        return Match(key, buf[start:end]), i + last + 1

    def scan_run(self, text: str, *, growing: bool) -> tuple[str, int, int]:
        """Replace run keys inside a word or run, longest first at each position.

        Returns the output, how much of ``text`` it answers (all of it, unless the text
        is ``growing``, more of it may come, and its tail could still start a run key),
        and where the first match starts (``len(text)`` if none).
        """
        index, lengths, render = self.index, self.index.run_lengths, self.render
        folded = same_length_fold(text)
        size = len(text)
        out: list[str] = []
        pos = done = 0
        first_match = size
        while pos < size:
            room = size - pos
            if (
                growing
                and room < lengths[0]
                and index.could_start_run_key(text[pos:], folded[pos:])
            ):
                break
            for length in lengths:
                if length <= room:
                    key = index.run_key(text[pos : pos + length], folded[pos : pos + length])
                    if key is not None:
                        first_match = min(first_match, pos)
                        out.append(text[done:pos])
                        out.append(render(Match(key, text[pos : pos + length])))
                        pos = done = pos + length
                        break
            else:
                pos += 1
        out.append(text[done:pos])
        return "".join(out), pos, first_match
