"""The text side of a composed agent's ``tts_node``, per session TTS.

Two things depend on the session rather than on the composed class, and are settled
here once per ``tts_node`` call (a TTS segment), never per chunk:

- **Which TTS.** A node that can adapt to the TTS (it has ``for_tts(tts)``, like
  :class:`~voicenodes.nodes.PronunciationRewriter`, which then emits that provider's
  phoneme markup) is asked for its variant for the agent's TTS. Variants and the fused
  pipeline built from them are cached per TTS object and model.
- **Aligned transcripts.** With ``use_tts_aligned_transcript=True`` LiveKit takes the
  captions and chat history from the words the TTS reports. The text chain is then run
  with a :class:`~voicenodes.nodes.alignment.ChainRecorder`, and the frames coming back
  from the TTS have their timed words replaced by the written text they stand for
  (:func:`written_frames`), so people read "LiveKit" and "$12.50", not the alias, the
  verbalised number or the markup.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import AsyncIterable, AsyncIterator, Sequence
from typing import Any

from livekit import rtc
from livekit.agents.types import USERDATA_TIMED_TRANSCRIPT
from livekit.agents.utils import is_given

from voicenodes.nodes.alignment import ChainRecorder, WrittenTimings
from voicenodes.nodes.base import Node

from .pipeline import StreamFn, aclose_quietly, stream_pipeline


class TTSSide:
    """The ``tts_input`` nodes of a composed class, opened per ``tts_node`` call."""

    def __init__(self, nodes: Sequence[Node]) -> None:
        self.nodes: tuple[Node, ...] = tuple(n for n in nodes if "tts_input" in n.active_hooks())
        self._adaptive = any(callable(getattr(n, "for_tts", None)) for n in self.nodes)
        self._plain: StreamFn[Any] | None = stream_pipeline("tts_input", self.nodes)
        self._by_tts: weakref.WeakKeyDictionary[Any, tuple[str, tuple[Node, ...], Any]] = (
            weakref.WeakKeyDictionary()
        )

    def open(
        self, agent: Any, text: AsyncIterable[str]
    ) -> tuple[AsyncIterable[str], WrittenTimings | None]:
        """The text stream to synthesize, and the mapper for the TTS's timed words
        (``None`` unless aligned transcripts are on)."""
        tts = _agent_tts(agent)
        nodes, pipeline = self._for(tts)
        if not _aligned_transcripts(agent, tts):
            return (pipeline(text) if pipeline is not None else text), None
        recorder = ChainRecorder()
        recording = stream_pipeline("tts_input", recorder.wrap(nodes))
        assert recording is not None
        return recording(text), WrittenTimings(recorder)

    def _for(self, tts: Any) -> tuple[tuple[Node, ...], StreamFn[Any] | None]:
        if not self._adaptive or tts is None:
            return self.nodes, self._plain
        model = str(getattr(tts, "model", ""))
        try:
            cached = self._by_tts.get(tts)
        except TypeError:  # not weak-referenceable
            cached = None
        if cached is not None and cached[0] == model:
            return cached[1], cached[2]
        nodes = tuple(_for_tts(node, tts) for node in self.nodes)
        pipeline = self._plain if nodes == self.nodes else stream_pipeline("tts_input", nodes)
        with contextlib.suppress(TypeError):  # not weak-referenceable: not cached
            self._by_tts[tts] = (model, nodes, pipeline)
        return nodes, pipeline


def _for_tts(node: Node, tts: Any) -> Node:
    adapt = getattr(node, "for_tts", None)
    if not callable(adapt):
        return node
    adapted = adapt(tts)
    return adapted if isinstance(adapted, Node) else node


def _agent_tts(agent: Any) -> Any:
    """The TTS the agent's activity uses: the agent's own, else the session's."""
    own = getattr(agent, "tts", None)
    if is_given(own) and own is not None:
        return own
    try:
        return agent.session.tts
    except RuntimeError:  # not running (a direct call in a test, say)
        return None


def _aligned_transcripts(agent: Any, tts: Any) -> bool:
    """Whether LiveKit will take this speech's transcript from the TTS's timed words
    (its own condition, in ``AgentActivity``)."""
    if tts is None:
        return False
    flag = getattr(agent, "use_tts_aligned_transcript", None)
    if not is_given(flag) or flag is None:
        try:
            flag = agent.session.options.use_tts_aligned_transcript
        except RuntimeError:
            return False
    capabilities = tts.capabilities
    return bool(flag) and bool(capabilities.aligned_transcript or not capabilities.streaming)


async def written_frames(
    frames: AsyncIterable[rtc.AudioFrame], timings: WrittenTimings
) -> AsyncIterator[rtc.AudioFrame]:
    """``frames`` with the timed words in their ``userdata`` replaced by the written
    text they stand for. What is still held at the end (the TTS reported fewer words
    than it was given) comes on a 10 ms silent frame, as LiveKit marks a segment's end."""
    last: rtc.AudioFrame | None = None
    try:
        async for frame in frames:
            timed = frame.userdata.get(USERDATA_TIMED_TRANSCRIPT)
            if timed:
                written = []
                for item in timed:
                    written += timings.push(item)
                frame.userdata[USERDATA_TIMED_TRANSCRIPT] = written
            last = frame
            yield frame
        rest = timings.finish() if timings.seen_timings else []
        if rest and last is not None:
            yield _marker(last, rest)
    finally:
        await aclose_quietly(frames)


def _marker(like: rtc.AudioFrame, timed: list[Any]) -> rtc.AudioFrame:
    samples = like.sample_rate // 100
    frame = rtc.AudioFrame(
        b"\x00\x00" * samples * like.num_channels, like.sample_rate, like.num_channels, samples
    )
    frame.userdata[USERDATA_TIMED_TRANSCRIPT] = timed
    return frame
