"""Which written text each spoken word stands for, through a chain of text nodes.

With ``use_tts_aligned_transcript=True`` LiveKit builds captions and chat history from
the words the TTS reports having spoken, i.e. from what the text nodes *produced*:
aliases ("Live Kit"), verbalised numbers ("twelve dollars fifty cents"), phoneme markup.
This module maps those words back to what the LLM *wrote*:

1. :class:`ChainRecorder` wraps the ``tts_input`` nodes of one TTS stream. For every
   ``feed`` of every node it records a checkpoint ``(input position, output position)``:
   a text node's ``pending`` says exactly how much of its input it has answered, so the
   checkpoints are a true monotone alignment of its input and output. Composing the
   nodes' checkpoints (positions where all of them agree) aligns the chain's written
   input with its spoken output; each aligned piece that differs is refined with a word
   diff, so that "costs $12.50 today" maps "$12.50" to "twelve dollars fifty cents" and
   the words around it one to one.
2. :class:`WrittenTimings` takes the TTS's timed words and returns timed *written* text:
   a written piece is released, with the start of its first spoken word and the end of
   its last, once the TTS has reported all of its spoken words. Matching is tolerant (a
   word the TTS reports differently, or not at all, is skipped within a small window), and
   :meth:`WrittenTimings.finish` releases everything left: the written text is never lost,
   whatever the TTS reports.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import AsyncIterable, AsyncIterator, Sequence
from dataclasses import dataclass

import regex
from livekit.agents.types import NOT_GIVEN, NotGivenOr, TimedString

from .base import Node
from .sealed import UNSEAL
from .text import TextNode, TextStream

_WORD = regex.compile(r"[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*")
_MARKUP = regex.compile(r"<<[^<>]*>>|<[^<>]*>")
_TOKEN = regex.compile(r"\s+|[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*|[^\s\p{L}\p{N}\p{M}]")
_WINDOW = 8  # how far ahead a reported word may be found among the spoken words


def spoken_words(text: str) -> list[str]:
    """The words of ``text`` as compared with a TTS's reported words: markup removed,
    case-folded, apostrophes dropped."""
    plain = _MARKUP.sub(" ", text)
    return [_norm(word) for word in _WORD.findall(plain)]


def _norm(word: str) -> str:
    return word.casefold().replace("'", "").replace("’", "")


class _Log:
    """Checkpoints of one layer: ``(input position, output position)`` pairs."""

    def __init__(self) -> None:
        self.points: list[tuple[int, int]] = [(0, 0)]
        self.taken = 0
        self.given = 0
        self.done = False

    def mark(self, taken: int, given: int) -> None:
        taken = max(taken, self.points[-1][0])
        if (taken, given) != self.points[-1]:
            self.points.append((taken, given))


class _RecordingStream(TextStream):
    def __init__(self, inner: TextStream, log: _Log, sink: list[str] | None) -> None:
        self._inner, self._log, self._sink = inner, log, sink

    @property
    def pending(self) -> str:
        return self._inner.pending

    def feed(self, text: str) -> str:
        out = self._inner.feed(text)
        log = self._log
        log.taken += len(text)
        log.given += len(out)
        log.mark(log.taken - len(self._inner.pending), log.given)
        if self._sink is not None:
            self._sink.append(out)
        return out

    def flush(self) -> str:
        out = self._inner.flush()
        log = self._log
        log.given += len(out)
        log.mark(log.taken, log.given)
        log.done = True
        if self._sink is not None:
            self._sink.append(out)
        return out


class _RecordingTextNode(TextNode):
    def __init__(self, inner: TextNode, log: _Log, sink: list[str] | None) -> None:
        self._inner, self._log, self._sink = inner, log, sink

    @property
    def name(self) -> str:
        return self._inner.name

    def open_stream(self) -> TextStream:
        return _RecordingStream(self._inner.open_stream(), self._log, self._sink)


class _RecordingHookNode(Node):
    """Any other ``tts_input`` hook: an output piece answers the input it took since
    the previous one (the best a stream of unknown shape allows)."""

    def __init__(self, inner: Node, log: _Log, sink: list[str] | None) -> None:
        self._inner, self._log, self._sink = inner, log, sink

    @property
    def name(self) -> str:
        return self._inner.name

    def active_hooks(self) -> frozenset[str]:
        return frozenset({"tts_input"})

    def tts_input(self, stream: AsyncIterable[str]) -> AsyncIterable[str]:
        return self._run(stream)

    async def _run(self, stream: AsyncIterable[str]) -> AsyncIterator[str]:
        log = self._log

        async def taps() -> AsyncIterator[str]:
            async for chunk in stream:
                log.taken += len(chunk)
                yield chunk

        async for out in self._inner.tts_input(taps()):
            log.given += len(out)
            log.mark(log.taken, log.given)
            if self._sink is not None:
                self._sink.append(out)
            yield out
        log.mark(log.taken, log.given)
        log.done = True


@dataclass(frozen=True)
class Piece:
    """A written text and the spoken text it became (equal when unchanged)."""

    written: str
    spoken: str


class ChainRecorder:
    """Records how one stream's written text became spoken text through ``nodes``.

    Use :meth:`wrap` to get the nodes to run (recording wrappers, ending with the
    unsealing step when a node seals its output), then :meth:`pieces` at any time.
    """

    def __init__(self) -> None:
        self._logs: list[_Log] = []
        self._written: list[str] = []
        self._spoken: list[str] = []
        self._merges: list[_Merge] = []
        self._pieces: list[Piece] = []
        self._points_done = 0  # composed checkpoints already turned into pieces
        self._closed = False
        self._joined = ["", ""]  # written and spoken text joined so far
        self._joined_parts = [0, 0]

    def wrap(self, nodes: Sequence[Node]) -> list[Node]:
        """Recording stand-ins for the ``tts_input`` nodes among ``nodes``, in order."""
        chain = [n for n in nodes if "tts_input" in n.active_hooks()]
        if any(getattr(n, "seals_output", False) for n in chain):
            chain.append(UNSEAL)
        wrapped: list[Node] = []
        for position, node in enumerate(chain):
            log = _Log()
            self._logs.append(log)
            sink = self._spoken if position == len(chain) - 1 else None
            if position == 0:
                wrapped.append(_Source(self._written))
            if isinstance(node, TextNode) and type(node).tts_input is TextNode.tts_input:
                wrapped.append(_RecordingTextNode(node, log, sink))
            else:
                wrapped.append(_RecordingHookNode(node, log, sink))
        return wrapped

    @property
    def complete(self) -> bool:
        """Whether every node has finished its stream."""
        return bool(self._logs) and all(log.done for log in self._logs)

    def pieces(self, *, final: bool = False) -> list[Piece]:
        """The written and spoken text aligned so far, piece by piece. Pieces are only
        ever added at the end, and each call does only the new work. ``final``: the
        stream is over; text past the last checkpoint all nodes agree on (a node that
        failed and was bypassed records none) becomes one last piece."""
        if not self._logs or self._closed:
            return self._pieces
        if not self._merges:
            self._merges = [_Merge() for _ in self._logs[1:]]
        points = self._logs[0].points
        for merge, log in zip(self._merges, self._logs[1:], strict=True):
            points = merge.advance(points, log.points)
        if len(points) > self._points_done + 1:
            written, spoken = self._text(self._written, 0), self._text(self._spoken, 1)
            start = self._points_done
            for (w0, s0), (w1, s1) in itertools.pairwise(points[start:]):
                self._pieces += refine_pieces(written[w0:w1], spoken[s0:s1])
            self._points_done = len(points) - 1
        if final:
            self._closed = True
            written, spoken = self._text(self._written, 0), self._text(self._spoken, 1)
            w0, s0 = points[self._points_done] if points else (0, 0)
            self._pieces += refine_pieces(written[w0:], spoken[s0:])
        return self._pieces

    def _text(self, parts: list[str], which: int) -> str:
        if len(parts) > self._joined_parts[which]:
            self._joined[which] += "".join(parts[self._joined_parts[which] :])
            self._joined_parts[which] = len(parts)
        return self._joined[which]


class _Source(TextNode):
    """Records the chain's input (the written text) without changing it."""

    def __init__(self, sink: list[str]) -> None:
        self._sink = sink

    def open_stream(self) -> TextStream:
        return _Tee(self._sink)


class _Tee(TextStream):
    def __init__(self, sink: list[str]) -> None:
        self._sink = sink

    def feed(self, text: str) -> str:
        self._sink.append(text)
        return text

    def flush(self) -> str:
        return ""


class _Merge:
    """Checkpoints of two layers in a row, composed as both grow: where the first's
    output position is one of the second's input positions."""

    def __init__(self) -> None:
        self.out: list[tuple[int, int]] = []
        self.i = self.j = 0

    def advance(
        self, first: list[tuple[int, int]], second: list[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        out, i, j = self.out, self.i, self.j
        while i < len(first) and j < len(second):
            given, taken = first[i][1], second[j][0]
            if given == taken:
                point = (first[i][0], second[j][1])
                if not out or point != out[-1]:
                    out.append(point)
                i += 1
                j += 1
            elif given < taken:
                i += 1
            else:
                j += 1
        self.i, self.j = i, j
        return out


def refine_pieces(written: str, spoken: str) -> list[Piece]:
    """``written`` -> ``spoken`` as pieces: split where their words agree, so that each
    changed piece is as small as a word diff allows."""
    if written == spoken:
        return [Piece(written, spoken)] if written else []
    a, b = _TOKEN.findall(written), _TOKEN.findall(spoken)
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    pieces: list[Piece] = []
    for index, (tag, i0, i1, j0, j1) in enumerate(opcodes):
        w, s = "".join(a[i0:i1]), "".join(b[j0:j1])
        changed_before = bool(pieces) and pieces[-1].written != pieces[-1].spoken
        # white space or punctuation alone, between two changes, anchors nothing
        loose = tag == "equal" and not _WORD.search(w) and index + 1 < len(opcodes)
        if changed_before and (tag != "equal" or loose):
            pieces[-1] = Piece(pieces[-1].written + w, pieces[-1].spoken + s)
        else:
            pieces.append(Piece(w, s))
    return pieces


@dataclass
class _Unit:
    written: str
    words: int  # spoken words it stands for


class WrittenTimings:
    """Turns a TTS's timed words into timed written text, for one stream."""

    def __init__(self, recorder: ChainRecorder) -> None:
        self._recorder = recorder
        self._units: list[_Unit] = []
        self._pieces_seen = 0
        self._spoken: list[str] = []  # spoken words of the known units, flattened
        self._starts: list[float | None] = []
        self._ends: list[float | None] = []
        self._cursor = 0  # spoken words covered
        self._partial = ""  # the rest of a spoken word the TTS reported in parts
        self._released = 0  # units released
        self._words_released = 0  # spoken words of the released units
        self._buf = ""  # reported text not yet split into complete words
        self._times: list[tuple[NotGivenOr[float], NotGivenOr[float]]] = []
        self._queue: list[tuple[str, NotGivenOr[float], NotGivenOr[float]]] = []
        self.seen_timings = False

    def push(self, timed: str) -> list[TimedString]:
        """Take the next reported text (a ``TimedString``, or plain text); return the
        written text now complete."""
        self.seen_timings = True
        start = getattr(timed, "start_time", NOT_GIVEN)
        end = getattr(timed, "end_time", NOT_GIVEN)
        self._buf += str(timed)
        self._times += [(start, end)] * len(timed)
        self._take_words(final=False)
        return self._drain(final=False)

    def finish(self) -> list[TimedString]:
        """End of the stream: everything still held, with the last known times."""
        self._take_words(final=True)
        out = self._drain(final=True)
        self._sync_units(final=True)
        self._cursor = len(self._spoken)
        return out + self._release(final=True)

    # -- reported words ------------------------------------------------------------

    def _take_words(self, *, final: bool) -> None:
        buf = self._buf
        used = 0
        for match in _WORD.finditer(buf):
            if match.end() == len(buf) and not final:
                break
            start = self._times[match.start()][0]
            end = self._times[match.end() - 1][1]
            self._queue.append((_norm(match.group()), start, end))
            used = match.end()
        self._buf, self._times = buf[used:], self._times[used:]

    def _drain(self, *, final: bool) -> list[TimedString]:
        out: list[TimedString] = []
        while self._queue:
            word, start, end = self._queue[0]
            if not self._place(word, start, end, final=final):
                break
            self._queue.pop(0)
            out += self._release(final=False)
        return out

    def _place(
        self, word: str, start: NotGivenOr[float], end: NotGivenOr[float], *, final: bool
    ) -> bool:
        """Cover the spoken words ``word`` stands for; ``False`` to wait for more text."""
        self._sync_units()
        spoken, cursor = self._spoken, self._cursor
        if self._partial:
            if self._partial.startswith(word):
                self._partial = self._partial[len(word) :]
                self._cover(cursor, cursor + (0 if self._partial else 1), start, end)
                return True
            self._partial = ""
            self._cover(cursor, cursor + 1, start, end)
            cursor = self._cursor
        ahead = spoken[cursor : cursor + _WINDOW]
        for offset, candidate in enumerate(ahead):
            if candidate == word:
                self._cover(cursor, cursor + offset + 1, start, end)
                return True
            if offset == 0 and candidate.startswith(word):
                self._partial = candidate[len(word) :]
                self._cover(cursor, cursor, start, end)
                return True
            joined = "".join(ahead[offset : offset + 3])
            if offset == 0 and word.startswith(candidate) and joined.startswith(word):
                count, size = 0, 0
                while size < len(word):
                    size += len(ahead[count])
                    count += 1
                self._cover(cursor, cursor + count, start, end)
                return True
        if len(ahead) < _WINDOW and not (final or self._recorder.complete):
            return False  # the spoken words it stands for may not be recorded yet
        self._cover(cursor, cursor, start, end)  # a word the TTS added: time only
        return True

    def _cover(
        self, first: int, stop: int, start: NotGivenOr[float], end: NotGivenOr[float]
    ) -> None:
        s = start if isinstance(start, float | int) else None
        e = end if isinstance(end, float | int) else None
        if first < len(self._starts) and self._starts[first] is None:
            self._starts[first] = s
        for index in range(first, min(stop, len(self._spoken))):
            if self._starts[index] is None:
                self._starts[index] = s
            self._ends[index] = e
        if stop == first and first > 0 and e is not None:
            self._ends[first - 1] = e  # an extra word extends the one before
        self._cursor = max(self._cursor, stop)

    # -- written units ---------------------------------------------------------------

    def _sync_units(self, *, final: bool = False) -> None:
        # pieces only ever grow at the end (checkpoints are appended, and the text
        # between two checkpoints is fixed): only the new ones are read
        pieces = self._recorder.pieces(final=final)
        for piece in pieces[self._pieces_seen :]:
            self._units += _units_of(piece)
            self._spoken += spoken_words(piece.spoken)
        self._pieces_seen = len(pieces)
        grow = len(self._spoken) - len(self._starts)
        self._starts += [None] * grow
        self._ends += [None] * grow

    def _release(self, *, final: bool) -> list[TimedString]:
        """The units whose spoken words are all covered (all of them when ``final``)."""
        out: list[TimedString] = []
        done = self._words_released
        while self._released < len(self._units):
            unit = self._units[self._released]
            if not final and done + unit.words > self._cursor:
                break
            first, last = done, done + unit.words - 1
            start = self._starts[first] if unit.words else None
            end = self._ends[last] if unit.words else None
            start = self._last_end if start is None else start
            if start is not None and self._last_end is not None:
                start = max(start, self._last_end)  # captions never go back in time
            end = start if end is None else end if start is None else max(end, start)
            if unit.written:
                out.append(
                    TimedString(
                        unit.written,
                        start_time=NOT_GIVEN if start is None else start,
                        end_time=NOT_GIVEN if end is None else end,
                    )
                )
            self._last_end = end
            done += unit.words
            self._released += 1
        self._words_released = done
        return out

    _last_end: float | None = None


def _units_of(piece: Piece) -> list[_Unit]:
    """Release units of one piece: an unchanged piece word by word (each word with the
    spaces and punctuation after it), a changed one whole."""
    if piece.written != piece.spoken:
        return [_Unit(piece.written, len(spoken_words(piece.spoken)))]
    units: list[_Unit] = []
    pos = 0
    for match in _WORD.finditer(piece.written):
        if match.start() > pos:
            if units:
                units[-1].written += piece.written[pos : match.start()]
            else:
                units.append(_Unit(piece.written[pos : match.start()], 0))
        units.append(_Unit(match.group(), 1))
        pos = match.end()
    if pos < len(piece.written):
        if units:
            units[-1].written += piece.written[pos:]
        else:
            units.append(_Unit(piece.written[pos:], 0))
    return units
