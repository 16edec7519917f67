"""Text nodes: streaming rewrites of the text on its way to TTS.

A text node is defined by its per-stream state, a :class:`TextStream`, which works like
an incremental codec: :meth:`TextStream.feed` takes the next chunk and returns the text
that is settled, :meth:`TextStream.flush` returns the rest at end of stream. Everything
else derives from that:

- ``rewrite(text)`` is ``feed(text) + flush()`` on a fresh stream;
- ``transform(chunks)`` feeds each chunk and yields what is settled;
- ``tts_input`` is ``transform``.

The contract every text node keeps (and tests with Hypothesis): for every input and
every way of cutting it into chunks, ``"".join(transform(chunks)) ==
rewrite("".join(chunks))``, and the stream holds back no more than the tail that could
still change.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncIterable, AsyncIterator

from .base import Node


class TextStream(ABC):
    """The state of one text stream through one text node.

    Implementations keep two rules:

    - **Settled output only.** ``feed`` returns text that no later input can change and
      holds back the rest; ``flush`` releases everything. Concatenated outputs equal the
      node's ``rewrite`` of the concatenated inputs, however the input was cut.
    - **Exception safety.** If ``feed`` or ``flush`` raises, :attr:`pending` still
      returns the raw input held back before the call (compute first, assign last), so
      that composition can release it unchanged and nothing is lost.
    """

    @abstractmethod
    def feed(self, text: str) -> str:
        """Take the next chunk; return the output that is now settled (maybe "")."""

    @abstractmethod
    def flush(self) -> str:
        """End of stream: return everything still held back, rewritten."""

    @property
    def pending(self) -> str:
        """Raw input received but not yet answered by any output."""
        return ""


class TextNode(Node):
    """A node whose ``tts_input`` is a streaming text rewrite.

    Subclasses implement :meth:`open_stream`. Captions and chat history keep the LLM's
    text (LiveKit feeds them from before ``tts_node``); only the audio changes.
    Composition runs consecutive text nodes in one async generator, one ``feed`` call
    per node and chunk, instead of one generator per node.
    """

    seals_output: bool = False
    """Whether this node emits sealed text (:mod:`voicenodes.nodes.sealed`) that only the
    end of the ``tts_input`` chain restores; composition then appends that step."""

    def open_stream(self) -> TextStream:
        """A fresh per-stream state. Called once per TTS segment, concurrently for
        concurrent sessions: keep all mutable state in the returned object."""
        raise NotImplementedError(f"{type(self).__name__} must implement open_stream()")

    def rewrite(self, text: str) -> str:
        """The whole-text result: what TTS receives for ``text`` however it is cut."""
        stream = self.open_stream()
        return stream.feed(text) + stream.flush()

    async def transform(self, chunks: AsyncIterable[str]) -> AsyncIterator[str]:
        """The streaming result: settled text as soon as it is settled, the held-back
        tail at end of stream. Errors propagate (composition applies the failure
        policy; see :func:`voicenodes.compositions.tts_text_transforms`)."""
        stream = self.open_stream()
        async for chunk in chunks:
            if out := stream.feed(chunk):
                yield out
        if tail := stream.flush():
            yield tail

    def tts_input(self, stream: AsyncIterable[str]) -> AsyncIterable[str]:
        return self.transform(stream)
