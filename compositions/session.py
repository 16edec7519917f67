"""Use text nodes session-wide, through ``AgentSession(tts_text_transforms=[...])``.

Session transforms apply to every agent of the session (handoffs included) and run
before ``tts_node``, so they see the same text a composed agent's ``tts_input`` would.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, Callable

from livekit.agents.voice.agent_session import DEFAULT_TTS_TEXT_TRANSFORMS
from livekit.agents.voice.transcription.text_transforms import TextTransforms

from voicenodes.nodes.base import Node

from .compose import CompositionError, check_nodes
from .pipeline import stream_pipeline


def as_text_transform(*nodes: Node) -> Callable[[AsyncIterable[str]], AsyncIterable[str]]:
    """One ``tts_text_transforms`` entry that runs the nodes' ``tts_input`` hooks in order,
    with the failure policy of composed agents (a node that raises is logged and
    bypassed; no text is lost).

    Raises:
        CompositionError: a node has no ``tts_input`` hook.
    """
    checked = check_nodes(nodes)
    for node in checked:
        if "tts_input" not in node.active_hooks():
            raise CompositionError(
                f"{node.name} has no tts_input hook, so it cannot run as a session text "
                "transform; compose it into the agent instead"
            )
    pipeline = stream_pipeline("tts_input", checked)
    if pipeline is None:  # no nodes at all
        return _identity
    return pipeline


def tts_text_transforms(*nodes: Node, defaults: bool = True) -> list[TextTransforms]:
    """The list for ``AgentSession(tts_text_transforms=...)``: LiveKit's defaults
    (``filter_markdown``, ``filter_emoji``) first unless ``defaults=False``, then the nodes.
    """
    transforms: list[TextTransforms] = list(DEFAULT_TTS_TEXT_TRANSFORMS) if defaults else []
    transforms.append(as_text_transform(*nodes))
    return transforms


async def _identity(stream: AsyncIterable[str]) -> AsyncIterable[str]:
    async for chunk in stream:
        yield chunk
