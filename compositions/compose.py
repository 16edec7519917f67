"""Stack nodes into an ``Agent`` subclass: :func:`compose` and :func:`with_nodes`.

The composed class overrides only the LiveKit nodes that some node hooks into, and each
override delegates with ``super()``, so the base class's own overrides still run, with
the nodes wrapped around them:

- ``llm_node``: ``llm_input`` hooks edit the request, the base produces the stream,
  ``llm_output`` hooks transform it (when a node speaks while preparing, the hooks run
  in a task while what they say streams out first: :mod:`voicenodes.nodes.interim`);
- ``tts_node``: ``tts_input`` hooks transform the text, the base synthesizes,
  ``tts_output`` hooks transform the frames (also applied to a realtime model's audio
  through ``realtime_audio_output_node``). Nodes with ``for_tts`` run as their variant
  for the session's TTS, and with aligned transcripts the TTS's timed words are mapped
  back to the written text (:mod:`.tts_side`);
- ``stt_node``: ``stt_input`` before the base, ``stt_output`` after;
- ``transcription_node``: ``transcript`` hooks.

Nodes apply in the order given along the data flow. Composing a composed class appends:
``compose(compose(Base, a), b)`` behaves like ``compose(Base, a, b)``.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import sys
from collections.abc import AsyncGenerator, AsyncIterable, AsyncIterator, Callable, Sequence
from typing import Any, TypeVar

from livekit.agents import Agent
from livekit.agents.types import FlushSentinel

from voicenodes.nodes.base import Node, validate_node
from voicenodes.nodes.interim import InterimSpeech, enter_interim, exit_interim

from .pipeline import StreamFn, logger, stream_pipeline
from .realtime import report_inapplicable_hooks
from .tts_side import TTSSide, written_frames

AgentT = TypeVar("AgentT", bound=Agent)

_NODES_ATTR = "__voicenodes_nodes__"


class CompositionError(TypeError):
    """compose() or with_nodes() was called with something it cannot compose."""


class NodeStack:
    """The nodes of one composed class, resolved once per hook at class creation."""

    def __init__(self, nodes: Sequence[Node]) -> None:
        self.nodes: tuple[Node, ...] = tuple(nodes)
        self.hooks: frozenset[str] = frozenset().union(*(n.active_hooks() for n in self.nodes))
        self.llm_input: tuple[Node, ...] = tuple(
            n for n in self.nodes if "llm_input" in n.active_hooks()
        )
        self.speaks_while_preparing = any(n.speaks_while_preparing() for n in self.llm_input)
        self.llm_output = stream_pipeline("llm_output", self.nodes)
        self.tts_input = stream_pipeline("tts_input", self.nodes)
        self.tts_side = TTSSide(self.nodes) if self.tts_input is not None else None
        self.tts_output = stream_pipeline("tts_output", self.nodes)
        self.stt_input = stream_pipeline("stt_input", self.nodes)
        self.stt_output = stream_pipeline("stt_output", self.nodes)
        self.transcript = stream_pipeline("transcript", self.nodes)

    def overridden_livekit_nodes(self) -> list[str]:
        """The ``Agent`` methods a class composed of these nodes must override."""
        wanted = []
        if self.hooks & {"llm_input", "llm_output"}:
            wanted.append("llm_node")
        if self.hooks & {"tts_input", "tts_output"}:
            wanted.append("tts_node")
        if "tts_output" in self.hooks:
            wanted.append("realtime_audio_output_node")
        if self.hooks & {"stt_input", "stt_output"}:
            wanted.append("stt_node")
        if "transcript" in self.hooks:
            wanted.append("transcription_node")
        if self.hooks - {"transcript", "tts_output"}:
            wanted.append("on_enter")  # to report hooks a realtime model skips
        return wanted


def compose(base: type[AgentT], *nodes: Node, name: str | None = None) -> type[AgentT]:
    """A new subclass of ``base`` with ``nodes`` applied, in order, along the data flow.

    Args:
        base: an ``Agent`` subclass (or ``Agent`` itself), possibly composed already, in
            which case the new nodes come after its nodes.
        nodes: configured :class:`~voicenodes.nodes.Node` instances. One instance may
            serve any number of classes and sessions.
        name: the class name (LiveKit derives the agent id from it). Defaults to the
            base's name.

    Raises:
        CompositionError: ``base`` is not an ``Agent`` subclass, or a node is not a
            ``Node`` or has a hook of the wrong shape.
    """
    _check_base(base, "compose")
    checked = check_nodes(nodes)
    namespace: dict[str, Any] = {"__module__": _caller_module()}
    return _build(base, checked, name or base.__name__, namespace)


def with_nodes(*nodes: Node) -> Callable[[type[AgentT]], type[AgentT]]:
    """Class decorator: the decorated ``Agent`` subclass, with ``nodes`` applied.

    The result is a subclass with the same name, module and docstring; the class's own
    overrides (``tts_node``, ``llm_node``...) keep running inside the nodes.
    """
    checked = check_nodes(nodes)

    def decorate(cls: type[AgentT]) -> type[AgentT]:
        _check_base(cls, "with_nodes")
        namespace: dict[str, Any] = {
            "__module__": cls.__module__,
            "__qualname__": cls.__qualname__,
            "__doc__": cls.__doc__,
        }
        return _build(cls, checked, cls.__name__, namespace)

    return decorate


def nodes_of(cls: type[Agent]) -> tuple[Node, ...]:
    """The nodes a composed class applies, in order (empty for other classes)."""
    for klass in cls.__mro__:
        if _NODES_ATTR in klass.__dict__:
            nodes: tuple[Node, ...] = klass.__dict__[_NODES_ATTR]
            return nodes
    return ()


def _build(
    base: type[AgentT], nodes: list[Node], name: str, namespace: dict[str, Any]
) -> type[AgentT]:
    if _NODES_ATTR in base.__dict__:  # a composed class: append to its nodes
        nodes = [*base.__dict__[_NODES_ATTR], *nodes]
        delegate_past: list[type[Agent]] = [base]
    else:
        delegate_past = []  # the new class itself, filled in below
    stack = NodeStack(nodes)
    for method in stack.overridden_livekit_nodes():
        namespace[method] = _OVERRIDES[method](stack, delegate_past)
    namespace[_NODES_ATTR] = stack.nodes
    cls = type(name, (base,), namespace)
    if not delegate_past:
        delegate_past.append(cls)
    return cls


def _check_base(base: object, caller: str) -> None:
    if not (isinstance(base, type) and issubclass(base, Agent)):
        got = base.__name__ if isinstance(base, type) else f"{type(base).__name__} instance"
        raise CompositionError(
            f"{caller}() composes Agent subclasses; got {got}. "
            "Pass the class (e.g. livekit.agents.Agent or your subclass), not an instance"
        )


def check_nodes(nodes: Sequence[object]) -> list[Node]:
    checked = []
    for position, node in enumerate(nodes, start=1):
        try:
            checked.append(validate_node(node))
        except TypeError as error:
            raise CompositionError(f"node #{position}: {error}") from None
    return checked


def _caller_module() -> str:
    frame = sys._getframe(2)
    return str(frame.f_globals.get("__name__", __name__))


# -- the overrides -------------------------------------------------------------------
# Each factory returns the method for the composed class. ``past[0]`` is the class
# whose super() the method delegates to (the composed class, or the composed base it
# flattens), known only once the class exists.


def _llm_node(stack: NodeStack, past: list[type[Agent]]) -> Callable[..., Any]:
    async def llm_node(self: Agent, chat_ctx: Any, tools: Any, model_settings: Any) -> Any:
        if stack.speaks_while_preparing:
            return _speaking_llm_node(stack, past, self, chat_ctx, tools, model_settings)
        for node in stack.llm_input:
            await _run_llm_input(node, chat_ctx, self)
        result = await _resolve(_beneath(past, self).llm_node(chat_ctx, tools, model_settings))
        if stack.llm_output is None or result is None:
            return result
        return stack.llm_output(_as_stream(result))

    return llm_node


async def _speaking_llm_node(
    stack: NodeStack,
    past: list[type[Agent]],
    agent: Agent,
    chat_ctx: Any,
    tools: Any,
    model_settings: Any,
) -> AsyncIterator[Any]:
    """``llm_node`` for stacks with a node that may speak while preparing: the
    ``llm_input`` hooks run in a task while their interim speech streams out (each piece
    ends a TTS segment, so it is spoken at once), then the reply streams as usual."""
    speech = InterimSpeech()
    token = enter_interim(speech)
    try:
        preparing = asyncio.create_task(_prepare(stack, chat_ctx, agent))
    finally:
        exit_interim(token)
    try:
        async for text in speech.until(preparing):
            yield text
            yield FlushSentinel()
    finally:
        if not preparing.done():
            preparing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await preparing
    await preparing
    result = await _resolve(_beneath(past, agent).llm_node(chat_ctx, tools, model_settings))
    if result is None:
        return
    stream = _as_stream(result)
    if stack.llm_output is not None:
        stream = stack.llm_output(stream)
    try:
        async for item in stream:
            yield item
    finally:
        if isinstance(stream, AsyncGenerator):
            await stream.aclose()


async def _prepare(stack: NodeStack, chat_ctx: Any, agent: Agent) -> None:
    for node in stack.llm_input:
        await _run_llm_input(node, chat_ctx, agent)


def _tts_node(stack: NodeStack, past: list[type[Agent]]) -> Callable[..., Any]:
    async def tts_node(self: Agent, text: AsyncIterable[str], model_settings: Any) -> Any:
        timings = None
        if stack.tts_side is not None:  # per session TTS; with aligned transcripts, recorded
            text, timings = stack.tts_side.open(self, text)
        frames = await _resolve(_beneath(past, self).tts_node(text, model_settings))
        if timings is not None and frames is not None:
            frames = written_frames(frames, timings)
        return _then(stack.tts_output, frames)

    return tts_node


def _realtime_audio_output_node(stack: NodeStack, past: list[type[Agent]]) -> Callable[..., Any]:
    async def realtime_audio_output_node(self: Agent, audio: Any, model_settings: Any) -> Any:
        frames = await _resolve(
            _beneath(past, self).realtime_audio_output_node(audio, model_settings)
        )
        return _then(stack.tts_output, frames)

    return realtime_audio_output_node


def _stt_node(stack: NodeStack, past: list[type[Agent]]) -> Callable[..., Any]:
    async def stt_node(self: Agent, audio: Any, model_settings: Any) -> Any:
        if stack.stt_input is not None:
            audio = stack.stt_input(audio)
        events = await _resolve(_beneath(past, self).stt_node(audio, model_settings))
        return _then(stack.stt_output, events)

    return stt_node


def _transcription_node(stack: NodeStack, past: list[type[Agent]]) -> Callable[..., Any]:
    def transcription_node(self: Agent, text: Any, model_settings: Any) -> Any:
        inner = _beneath(past, self).transcription_node
        assert stack.transcript is not None
        return inner(stack.transcript(text), model_settings)

    return transcription_node


def _on_enter(stack: NodeStack, past: list[type[Agent]]) -> Callable[..., Any]:
    async def on_enter(self: Agent) -> None:
        report_inapplicable_hooks(self, stack.nodes)
        await _beneath(past, self).on_enter()

    return on_enter


_OVERRIDES: dict[str, Callable[[NodeStack, list[type[Agent]]], Callable[..., Any]]] = {
    "llm_node": _llm_node,
    "tts_node": _tts_node,
    "realtime_audio_output_node": _realtime_audio_output_node,
    "stt_node": _stt_node,
    "transcription_node": _transcription_node,
    "on_enter": _on_enter,
}


def _beneath(past: list[type[Agent]], agent: Agent) -> Any:
    """The agent as seen by the layer beneath the composed one (``super()``)."""
    return super(past[0], agent)


async def _run_llm_input(node: Node, chat_ctx: Any, agent: Agent) -> None:
    items_before = list(chat_ctx.items)
    try:
        await node.llm_input(chat_ctx, agent)
    except Exception:
        chat_ctx.items[:] = items_before
        logger.exception(
            "node %s failed in llm_input; the request goes on without its edits",
            node.name,
            extra={"voicenodes_node": node.name, "voicenodes_hook": "llm_input"},
        )


async def _resolve(result: Any) -> Any:
    """LiveKit nodes may return a value or a coroutine of one."""
    return await result if inspect.isawaitable(result) else result


def _then(pipeline: StreamFn[Any] | None, stream: Any) -> Any:
    if pipeline is None or stream is None:
        return stream
    return pipeline(stream)


async def _single(text: str) -> AsyncIterator[str]:
    yield text


def _as_stream(result: Any) -> AsyncIterable[Any]:
    return _single(result) if isinstance(result, str) else result
