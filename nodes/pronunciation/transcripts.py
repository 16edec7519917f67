"""``TranscriptRewriter``: the STT side of a brand dictionary.

Speech recognition writes what it hears: "live kit", "lie kit", "livekit". This node
rewrites user transcripts (final, interim and preflight) so that they carry the written
form, "LiveKit", using the same dictionaries as the TTS side:

- each entry's ``heard`` forms (spoken forms and common mis-hearings) become its first
  written form;
- an alias that spells a written form with other spacing, case or punctuation ("Live
  Kit", "A P I") does too;
- a written form with a distinctive case ("LiveKit", "GORE-TEX", "Acme Care") is
  restored from any other case ("livekit"); plain words ("Teton") and ``exact`` entries
  (acronyms) are left as recognised.

Matching is the pronunciation matcher's: whole words, phrases across white space, case
insensitive, possessive and plural endings kept ("live kit's" -> "LiveKit's").

Chunk-correct: LiveKit joins the final transcripts of a turn with spaces, and a phrase
may be split between two of them ("... live" | "kit is ..."). Final transcripts are
therefore one stream: a final's last words that may begin a phrase are held back and
go out with the next final, or on their own (as a final) at end of speech, at the end
of the stream, or after ``hold_seconds`` without a new final, so the turn never loses
them. Interim and preflight transcripts show the held words in front of their own.

The rest of each event is kept: type, request id, language, confidence, times, speaker.
``SpeechData.words``: words a rewrite merges ("live" + "kit") become one word with the
written text, the first word's start and the last word's end; a held word moves with
its text; punctuation attached to a word stays attached.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
from collections.abc import AsyncIterable, AsyncIterator, Sequence
from typing import Any

import regex
from livekit.agents import stt
from livekit.agents.types import NOT_GIVEN, TimedString

from voicenodes.nodes.alignment import Piece, refine_pieces
from voicenodes.nodes.base import Node

from .keys import CasePolicy, KeyIndex, KeySpec
from .matcher import Match, MatchStream
from .model import Dictionary
from .registry import load_dictionary
from .rewriter import DictionaryLike, layered_entries

_LETTERS = regex.compile(r"[\p{L}\p{N}\p{M}]+")
_TRANSCRIPTS = (
    stt.SpeechEventType.INTERIM_TRANSCRIPT,
    stt.SpeechEventType.PREFLIGHT_TRANSCRIPT,
)


def _letters(text: str) -> str:
    return "".join(_LETTERS.findall(text)).casefold()


def distinctive_case(written: str) -> bool:
    """Whether the case of ``written`` says something a recogniser may miss: a capital
    after the first letter ("LiveKit", "Acme Care", "iPhone", "GORE-TEX")."""
    letters = [c for c in written if c.isalpha()]
    return any(c.isupper() for c in letters[1:])


def transcript_keys(
    dictionaries: Sequence[Dictionary], *, fix_case: bool = True
) -> list[KeySpec[str]]:
    """The keys of the STT side: what recognition may write -> the written form."""
    specs: list[KeySpec[str]] = []
    for dictionary, entry in layered_entries(dictionaries):
        target = entry.written[0]
        spoken = list(entry.heard)
        if (
            entry.alias is not None
            and _letters(entry.alias)
            and any(_letters(w) == _letters(entry.alias) for w in entry.written)
        ):
            spoken.append(entry.alias)
        specs += [KeySpec(form, target, CasePolicy.INSENSITIVE) for form in spoken]
        if fix_case:
            specs += [
                KeySpec(w, w, CasePolicy.INSENSITIVE)
                for w in entry.written
                if distinctive_case(w) and dictionary.case_of(entry, w) is not CasePolicy.EXACT
            ]
    return specs


def _render(match: Match[str]) -> str:
    return match.value + match.ending


class TranscriptRewriter(Node):
    """Rewrites user transcripts to the dictionaries' written forms (``stt_output``).

    Active only when the dictionaries give it something to rewrite: an ``stt_node``
    override costs LiveKit its STT-stream reuse on agent handoff, so a node with nothing
    to do asks for none (:meth:`active_hooks`).

    Args:
        dictionaries: layers, as for :class:`PronunciationRewriter`.
        fix_case: restore distinctive case ("livekit" -> "LiveKit").
        hold_seconds: how long the last words of a final transcript that may begin a
            phrase wait for the next final before going out alone.
        name: the node name used in logs.
    """

    def __init__(
        self,
        *dictionaries: DictionaryLike,
        fix_case: bool = True,
        hold_seconds: float = 0.4,
        name: str | None = None,
    ) -> None:
        self.dictionaries: tuple[Dictionary, ...] = tuple(
            d if isinstance(d, Dictionary) else Dictionary.from_mapping(d) for d in dictionaries
        )
        self.specs = transcript_keys(self.dictionaries, fix_case=fix_case)
        self.index: KeyIndex[str] = KeyIndex(self.specs)
        self.hold_seconds = hold_seconds
        self._name = name

    @classmethod
    def load(cls, *names: str | os.PathLike[str], **options: Any) -> TranscriptRewriter:
        """A rewriter from dictionaries found by name or path (see ``load_dictionary``)."""
        return cls(*(load_dictionary(n) for n in names), **options)

    @property
    def name(self) -> str:
        return (
            self._name or "TranscriptRewriter(" + "+".join(d.name for d in self.dictionaries) + ")"
        )

    def active_hooks(self) -> frozenset[str]:
        return frozenset({"stt_output"}) if self.specs else frozenset()

    def rewrite(self, text: str) -> str:
        """``text`` with every spoken form replaced by its written form."""
        stream = self.open_stream()
        return stream.feed(text) + stream.flush()

    def open_stream(self) -> MatchStream[str]:
        return MatchStream(self.index, _render)

    def stt_output(self, events: AsyncIterable[stt.SpeechEvent]) -> AsyncIterable[stt.SpeechEvent]:
        return self._run(events)

    async def _run(self, events: AsyncIterable[stt.SpeechEvent]) -> AsyncIterator[stt.SpeechEvent]:
        state = _Finals(self)
        source = events.__aiter__()
        step: asyncio.Future[Any] | None = None
        try:
            while True:
                if state.holding:
                    if step is None:
                        step = asyncio.ensure_future(_next(source))
                    done, _ = await asyncio.wait({step}, timeout=self.hold_seconds)
                    if not done:  # no new final in time: the held words go out alone
                        for event in state.flush():
                            yield event
                        continue
                if step is not None:
                    event, step = await step, None
                else:
                    event = await _next(source)
                if event is _END:
                    break
                for out in state.handle(event):
                    yield out
            for out in state.flush():
                yield out
        finally:
            if step is not None and not step.done():
                step.cancel()
                with contextlib.suppress(asyncio.CancelledError, StopAsyncIteration):
                    await step
            aclose = getattr(source, "aclose", None)
            if aclose is not None:
                with contextlib.suppress(RuntimeError):
                    await aclose()


_END: Any = object()


async def _next(source: AsyncIterator[stt.SpeechEvent]) -> Any:
    try:
        return await source.__anext__()
    except StopAsyncIteration:
        return _END


class _Finals:
    """The final transcripts of one STT stream, as one text stream."""

    def __init__(self, node: TranscriptRewriter) -> None:
        self.node = node
        self.stream = node.open_stream()
        self.held_words: list[TimedString] = []
        self.held_offset = 0  # where the held raw text starts in the stream's pending
        self.last: stt.SpeechEvent | None = None

    @property
    def holding(self) -> bool:
        return bool(self.stream.pending.strip())

    def handle(self, event: stt.SpeechEvent) -> list[stt.SpeechEvent]:
        if event.type == stt.SpeechEventType.FINAL_TRANSCRIPT and event.alternatives:
            return self.final(event)
        if event.type in _TRANSCRIPTS and event.alternatives:
            return [self.interim(event)]
        if event.type == stt.SpeechEventType.END_OF_SPEECH:
            return [*self.flush(), event]
        return [event]

    def final(self, event: stt.SpeechEvent) -> list[stt.SpeechEvent]:
        first, *others = event.alternatives
        if not first.text:
            return [*self.flush(), event]
        # LiveKit joins final transcripts with a space: fed after each final, it also
        # settles the final's last word unless it may begin a phrase
        held = self.stream.pending
        raw = held + first.text + " "
        out = self.stream.feed(first.text + " ")
        rest = self.stream.pending
        consumed = raw[: len(raw) - len(rest)]
        words = self.held_words + list(first.words or [])
        moved = bool(self.held_words)
        sent, kept = _split_words(words, consumed, raw)
        self.held_words = kept
        self.last = event
        text = out.strip()
        if not text:
            return []
        words_out = _rewrite_words(consumed, out, sent)
        alt = _with_text(first, text, words_out, moved=moved or bool(kept))
        rewritten = [dataclasses.replace(a, text=self.node.rewrite(a.text)) for a in others]
        return [dataclasses.replace(event, alternatives=[alt, *rewritten])]

    def interim(self, event: stt.SpeechEvent) -> stt.SpeechEvent:
        first, *others = event.alternatives
        held = self.stream.pending.strip()
        raw = (held + " " + first.text).strip() if held else first.text
        text = self.node.rewrite(raw)
        words = self.held_words + list(first.words or [])
        alt = _with_text(first, text, _rewrite_words(raw, text, words), moved=bool(self.held_words))
        rewritten = [dataclasses.replace(a, text=self.node.rewrite(a.text)) for a in others]
        return dataclasses.replace(event, alternatives=[alt, *rewritten])

    def flush(self) -> list[stt.SpeechEvent]:
        raw = self.stream.pending
        out = self.stream.flush()
        words, self.held_words = self.held_words, []
        if not out.strip() or self.last is None:
            return []
        base = self.last.alternatives[0]
        alt = _with_text(base, out.strip(), _rewrite_words(raw, out, words), moved=True)
        return [
            stt.SpeechEvent(
                type=stt.SpeechEventType.FINAL_TRANSCRIPT,
                request_id=self.last.request_id,
                alternatives=[alt],
            )
        ]


def _split_words(
    words: list[TimedString], consumed: str, raw: str
) -> tuple[list[TimedString], list[TimedString]]:
    """The words within ``consumed`` (the start of ``raw``) and those after it."""
    if not words:
        return [], []
    spans = _word_spans(words, raw)
    if spans is None:  # words that cannot be found in the text: they all go now
        return words, []
    cut = len(consumed)
    sent = [w for w, (start, _) in zip(words, spans, strict=True) if start < cut]
    return sent, words[len(sent) :]


def _word_spans(words: Sequence[str], text: str) -> list[tuple[int, int]] | None:
    spans: list[tuple[int, int]] = []
    pos = 0
    folded = text.casefold()
    for word in words:
        needle = str(word).strip().casefold()
        if not needle:
            spans.append((pos, pos))
            continue
        start = folded.find(needle, pos)
        if start < 0:
            return None
        spans.append((start, start + len(needle)))
        pos = start + len(needle)
    return spans


def _rewrite_words(raw: str, out: str, words: list[TimedString]) -> list[TimedString] | None:
    """``words`` (timed words of ``raw``) for the rewritten ``out``: the words of each
    rewritten piece merged into one. ``None`` when there were no words."""
    if not words:
        return None
    if raw == out:
        return words
    spans = _word_spans(words, raw)
    if spans is None:
        return words
    result: list[TimedString] = []
    index = 0
    pos = 0
    for piece in refine_pieces(raw, out):
        end = pos + len(piece.written)
        inside = []
        while index < len(words) and spans[index][0] < end:
            inside.append(index)
            index += 1
        if piece.written == piece.spoken or not inside:
            result += [words[i] for i in inside]
        else:
            result.append(_merge(words, spans, inside, pos, end, piece))
        pos = end
    result += words[index:]
    return result


def _merge(
    words: list[TimedString],
    spans: list[tuple[int, int]],
    inside: list[int],
    start: int,
    end: int,
    piece: Piece,
) -> TimedString:
    first, last = words[inside[0]], words[inside[-1]]
    (first_start, _), (_, last_end) = spans[inside[0]], spans[inside[-1]]
    prefix = str(first).strip()[: max(0, start - first_start)]
    suffix = (
        str(last).strip()[len(str(last).strip()) - max(0, last_end - end) :]
        if last_end > end
        else ""
    )
    text = prefix + piece.spoken.strip() + suffix
    confidences = [c for i in inside if isinstance(c := words[i].confidence, float | int)]
    return TimedString(
        text,
        start_time=first.start_time,
        end_time=last.end_time,
        confidence=min(confidences) if confidences else NOT_GIVEN,
        start_time_offset=first.start_time_offset,
        speaker_id=first.speaker_id,
    )


def _with_text(
    alt: stt.SpeechData, text: str, words: list[TimedString] | None, *, moved: bool = False
) -> stt.SpeechData:
    changes: dict[str, Any] = {"text": text}
    if words is not None:
        changes["words"] = words
        starts = [w.start_time for w in words if isinstance(w.start_time, float | int)]
        ends = [w.end_time for w in words if isinstance(w.end_time, float | int)]
        if starts and ends and moved:  # words came from, or went to, another event
            changes["start_time"], changes["end_time"] = float(min(starts)), float(max(ends))
    return dataclasses.replace(alt, **changes)
