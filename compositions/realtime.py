"""Which hooks a speech-to-speech realtime model skips, reported once per session.

With a ``RealtimeModel`` LiveKit never calls ``llm_node``; it calls ``tts_node`` only
when the model answers in text and a TTS is configured, and ``stt_node`` only when a
separate STT is configured. ``transcription_node`` always runs, and a realtime model's
own audio goes through ``realtime_audio_output_node`` (where ``tts_output`` hooks are
applied). Silence would hide a misconfiguration, so the hooks that cannot apply are
named in one warning when the agent starts.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from livekit.agents import Agent, AgentSession, llm, stt, tts
from livekit.agents.utils import is_given

from voicenodes.nodes.base import Node

logger = logging.getLogger("voicenodes")

_reported: weakref.WeakKeyDictionary[AgentSession[Any], set[type]] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class SkippedHook:
    node: str
    hook: str
    reason: str


def skipped_hooks(
    nodes: Sequence[Node],
    model: llm.LLM[Any] | llm.RealtimeModel | None,
    tts_model: tts.TTS[Any] | None,
    stt_model: stt.STT[Any] | None,
) -> list[SkippedHook]:
    """The hooks of ``nodes`` that cannot run with this combination of models."""
    if not isinstance(model, llm.RealtimeModel):
        return []
    speaks_itself = model.capabilities.audio_output or tts_model is None
    reasons = {
        "llm_input": "a realtime model has no llm_node",
        "llm_output": "a realtime model has no llm_node",
        "tts_input": "the realtime model speaks itself: no tts_node" if speaks_itself else "",
        "stt_input": "" if stt_model else "no STT is configured: the model hears the audio",
        "stt_output": "" if stt_model else "no STT is configured: the model hears the audio",
    }
    return [
        SkippedHook(node.name, hook, reasons[hook])
        for node in nodes
        for hook in sorted(node.active_hooks())
        if reasons.get(hook)
    ]


def report_inapplicable_hooks(agent: Agent, nodes: Sequence[Node]) -> None:
    """Warn once per session and agent class about hooks the session's models skip.

    Never raises: a failure here must not stop the agent from starting.
    """
    try:
        session = agent.session
        seen = _reported.setdefault(session, set())
        if type(agent) in seen:
            return
        seen.add(type(agent))
        skipped = skipped_hooks(
            nodes,
            agent.llm if is_given(agent.llm) else session.llm,
            agent.tts if is_given(agent.tts) else session.tts,
            agent.stt if is_given(agent.stt) else session.stt,
        )
        if skipped:
            logger.warning(
                "%s runs on a realtime model, so these node hooks will not run: %s",
                type(agent).__name__,
                "; ".join(f"{s.node}.{s.hook} ({s.reason})" for s in skipped),
                extra={"voicenodes_skipped": [(s.node, s.hook) for s in skipped]},
            )
    except Exception:
        logger.exception("could not check which node hooks apply to %s", type(agent).__name__)
