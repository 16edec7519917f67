"""The node model: one piece of pipeline behaviour, plugged into LiveKit's nodes by hooks.

A :class:`Node` implements any subset of seven hooks. Each hook is named after the
LiveKit node it plugs into and the side of it that it sees:

========================  ===============================================  ===================
hook                      sees                                             plugs into
========================  ===============================================  ===================
``llm_input``             the per-request chat context copy (async, edits  ``llm_node``, before
                          it in place)
``llm_output``            ``ChatChunk`` / ``str`` / ``FlushSentinel``       ``llm_node``, after
``tts_input``             text on its way to TTS                           ``tts_node``, before
``tts_output``            synthesized ``rtc.AudioFrame`` s                 ``tts_node``, after
``stt_input``             microphone ``rtc.AudioFrame`` s                  ``stt_node``, before
``stt_output``            ``stt.SpeechEvent`` s                            ``stt_node``, after
``transcript``            text on its way to captions and chat history     ``transcription_node``
========================  ===============================================  ===================

Stream hooks take an async iterable and return one. They must keep their state in the
stream they create (locals of an async generator), never on the node: a node is
configured once and then serves any number of concurrent sessions.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from livekit import rtc
from livekit.agents import llm, stt
from livekit.agents.types import FlushSentinel, TimedString

if TYPE_CHECKING:
    from livekit.agents import Agent

LLMOutput = llm.ChatChunk | str | FlushSentinel
"""What flows out of ``llm_node``: chunks, plain text, and segment flushes."""

TranscriptText = str | TimedString
"""What flows into ``transcription_node``: text, with timings when TTS-aligned."""


@dataclass(frozen=True)
class HookSpec:
    """What composition needs to know about one hook."""

    name: str
    livekit_node: str
    """The ``Agent`` method the hook plugs into."""
    kind: Literal["context", "stream"]
    """``context``: ``async def hook(self, chat_ctx, agent) -> None``;
    ``stream``: ``def hook(self, stream) -> AsyncIterable``."""
    side: Literal["input", "output"]


HOOK_SPECS: tuple[HookSpec, ...] = (
    HookSpec("llm_input", "llm_node", "context", "input"),
    HookSpec("llm_output", "llm_node", "stream", "output"),
    HookSpec("tts_input", "tts_node", "stream", "input"),
    HookSpec("tts_output", "tts_node", "stream", "output"),
    HookSpec("stt_input", "stt_node", "stream", "input"),
    HookSpec("stt_output", "stt_node", "stream", "output"),
    HookSpec("transcript", "transcription_node", "stream", "input"),
)
HOOKS: tuple[str, ...] = tuple(spec.name for spec in HOOK_SPECS)
HOOKS_BY_NAME: dict[str, HookSpec] = {spec.name: spec for spec in HOOK_SPECS}


class Node:
    """Base class of every node. Override the hooks the node needs; leave the others.

    Composition overrides only the LiveKit nodes that some node hooks into (see
    :meth:`active_hooks`), so an unused hook costs nothing. The default
    implementations below are identities and are never called by composition.

    Failure policy (applied by composition, not by the node): a stream hook that raises
    is logged once with :attr:`name` and the rest of its stream, including what it was
    holding back, passes through unchanged; an ``llm_input`` that raises is logged and
    the request goes on with the item list it had before that hook ran.
    """

    @property
    def name(self) -> str:
        """Name used in logs and warnings. Defaults to the class name."""
        return type(self).__name__

    def active_hooks(self) -> frozenset[str]:
        """The hooks this node implements: by default the ones its class overrides.

        Override to switch hooks on or off per instance (say, an STT-side rewrite that
        is only wanted when configured), since each active hook costs a LiveKit node
        override.
        """
        cls = type(self)
        return frozenset(name for name in HOOKS if getattr(cls, name) is not getattr(Node, name))

    def speaks_while_preparing(self) -> bool:
        """Whether this node's ``llm_input`` may say something before the reply
        (:func:`voicenodes.nodes.interim.say_interim`, e.g. "Let me check that…").

        When any node of a composed class says yes, its ``llm_node`` runs the
        ``llm_input`` hooks next to the reply stream instead of before it, so that what
        they say is spoken at once. Default: no.
        """
        return False

    async def llm_input(self, chat_ctx: llm.ChatContext, agent: Agent) -> None:
        """Edit the per-request chat context in place, before the LLM call.

        Runs on every ``llm_node`` call: speculative (preemptive) generations and the
        tool follow-up step of a turn included, the latter with a context that already
        holds this hook's earlier edits. Edits must therefore be idempotent (replace an
        item by a stable id, never append blindly) and nothing is persisted.
        """

    def llm_output(self, stream: AsyncIterable[LLMOutput]) -> AsyncIterable[LLMOutput]:
        """Transform what the LLM streams, before it is split into TTS and transcript."""
        return stream

    def tts_input(self, stream: AsyncIterable[str]) -> AsyncIterable[str]:
        """Transform text on its way to TTS. Captions and chat history keep the original."""
        return stream

    def tts_output(self, frames: AsyncIterable[rtc.AudioFrame]) -> AsyncIterable[rtc.AudioFrame]:
        """Transform synthesized audio. Keep ``frame.userdata``: LiveKit reads aligned
        transcripts and timing metrics from it."""
        return frames

    def stt_input(self, frames: AsyncIterable[rtc.AudioFrame]) -> AsyncIterable[rtc.AudioFrame]:
        """Transform microphone audio before STT. Keep ``frame.userdata``."""
        return frames

    def stt_output(self, events: AsyncIterable[stt.SpeechEvent]) -> AsyncIterable[stt.SpeechEvent]:
        """Transform speech events coming out of STT."""
        return events

    def transcript(self, stream: AsyncIterable[TranscriptText]) -> AsyncIterable[TranscriptText]:
        """Transform text on its way to captions and chat history."""
        return stream

    def __repr__(self) -> str:
        return f"<{self.name} hooks={sorted(self.active_hooks())}>"


class NodeDefinitionError(TypeError):
    """A node, or one of its hooks, does not have the shape composition needs."""


def validate_node(node: object) -> Node:
    """Check that ``node`` is a :class:`Node` whose active hooks have the right shape.

    Raises :class:`NodeDefinitionError` with a message that says what to fix.
    """
    if isinstance(node, type) and issubclass(node, Node):
        raise NodeDefinitionError(
            f"{node.__name__} is a Node class, not a node: pass an instance, "
            f"e.g. {node.__name__}(...)"
        )
    if not isinstance(node, Node):
        raise NodeDefinitionError(
            f"expected a voicenodes Node, got {type(node).__name__} ({node!r}); "
            "subclass voicenodes.nodes.Node and implement one of its hooks"
        )
    unknown = node.active_hooks() - set(HOOKS)
    if unknown:
        raise NodeDefinitionError(
            f"{node.name}.active_hooks() names unknown hooks {sorted(unknown)}; "
            f"hooks are {', '.join(HOOKS)}"
        )
    for hook in sorted(node.active_hooks()):
        _check_hook_shape(node, HOOKS_BY_NAME[hook])
    return node


def _check_hook_shape(node: Node, spec: HookSpec) -> None:
    fn = getattr(node, spec.name)
    where = f"{node.name}.{spec.name}"
    if not callable(fn):
        raise NodeDefinitionError(f"{where} must be a method, got {type(fn).__name__}")
    if spec.kind == "context":
        if not inspect.iscoroutinefunction(fn):
            raise NodeDefinitionError(
                f"{where} must be a coroutine: `async def {spec.name}(self, chat_ctx, agent)`"
            )
        _check_arity(fn, 2, where, "(self, chat_ctx, agent)")
        return
    if inspect.isgeneratorfunction(fn):
        raise NodeDefinitionError(
            f"{where} is a sync generator (`def` with `yield`); LiveKit streams are async: "
            f"write `async def {spec.name}(self, stream): async for item in stream: yield ...`"
        )
    if inspect.iscoroutinefunction(fn):
        raise NodeDefinitionError(
            f"{where} is `async def` without `yield`, so it returns a coroutine, not a "
            "stream: make it an async generator (add `yield`) or a plain `def` that "
            "returns an async iterable"
        )
    _check_arity(fn, 1, where, "(self, stream)")


def _check_arity(fn: object, count: int, where: str, expected: str) -> None:
    try:
        signature = inspect.signature(fn)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return  # builtins and C callables: nothing to check
    params = list(signature.parameters.values())
    if any(p.kind is p.VAR_POSITIONAL for p in params):
        return
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    required = [p for p in positional if p.default is p.empty]
    if len(required) > count or len(positional) < count:
        raise NodeDefinitionError(
            f"{where} takes {len(positional)} argument(s) besides self; "
            f"expected the signature {expected}"
        )
