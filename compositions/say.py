"""What TTS would receive for a text: the ``voicenodes say`` command.

The text is streamed in LLM-sized chunks through LiveKit's session text transforms
(``filter_markdown``, ``filter_emoji`` by default) and then the nodes' ``tts_input``
hooks, exactly as in a session, and the result is joined.
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator, Sequence

from livekit.agents.voice.agent_session import DEFAULT_TTS_TEXT_TRANSFORMS
from livekit.agents.voice.transcription.text_transforms import _apply_text_transforms

from voicenodes.nodes import Node

from .pipeline import stream_pipeline
from .testing import llm_tokens


async def spoken_text(text: str, nodes: Sequence[Node], *, livekit_filters: bool = True) -> str:
    """The text TTS receives when an LLM streams ``text`` to an agent with ``nodes``."""

    async def tokens() -> AsyncIterator[str]:
        for token in llm_tokens(text):
            yield token

    stream = tokens()
    if livekit_filters:
        stream = _apply_text_transforms(stream, DEFAULT_TTS_TEXT_TRANSFORMS).__aiter__()
    pipeline = stream_pipeline("tts_input", nodes)
    if pipeline is not None:
        stream = pipeline(stream)
    return "".join([chunk async for chunk in stream])


def load_node(spec: str) -> Node:
    """A node from ``"module:expression"``, e.g.
    ``"voicenodes.nodes:PatternRewriter(r'km/h', lambda m: 'kilometers per hour')"``."""
    module_name, _, expression = spec.partition(":")
    if not expression:
        raise ValueError(f"expected MODULE:EXPRESSION, got {spec!r}")
    namespace = dict(vars(importlib.import_module(module_name)))
    node = eval(expression, namespace)  # the user's own command line
    if not isinstance(node, Node):
        raise ValueError(f"{spec!r} evaluated to {type(node).__name__}, not a Node")
    return node
