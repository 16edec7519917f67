"""Run the stream hooks of several nodes in order, with the failure policy.

:func:`stream_pipeline` turns the nodes' implementations of one stream hook into one
function from an async iterable to an async iterator. Each node wraps the next like a
middleware layer, in the given order along the data flow, with two refinements:

- consecutive :class:`~voicenodes.nodes.TextNode` s on ``tts_input`` run fused in one
  async generator (one ``TextStream.feed`` call per node and chunk);
- every layer is guarded: if a node raises mid-stream, the error is logged once with the
  node's name and the rest of the stream, including what that node was holding back,
  goes on unchanged. Errors from upstream are not the node's and propagate.

Closing the returned iterator closes every layer and the source, so an interrupted
reply leaves nothing running. No tasks are created.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterable, AsyncIterator, Callable, Sequence
from typing import Any, TypeVar

from voicenodes.nodes.base import Node
from voicenodes.nodes.sealed import UNSEAL
from voicenodes.nodes.text import TextNode

logger = logging.getLogger("voicenodes")

T = TypeVar("T")
StreamFn = Callable[[AsyncIterable[T]], AsyncIterator[T]]


def stream_pipeline(hook: str, nodes: Sequence[Node]) -> StreamFn[Any] | None:
    """The composed stream function for ``hook`` over ``nodes`` (in order), or ``None``
    when no node implements it."""
    layers: list[Callable[[AsyncIterable[Any]], AsyncIterator[Any]]] = []
    text_run: list[TextNode] = []

    def close_text_run() -> None:
        if text_run:
            layers.append(_text_layer(tuple(text_run)))
            text_run.clear()

    sealing = False
    for node in nodes:
        if hook not in node.active_hooks():
            continue
        sealing = sealing or getattr(node, "seals_output", False)
        if hook == "tts_input" and is_plain_text_node(node):
            text_run.append(node)  # type: ignore[arg-type]
            continue
        close_text_run()
        layers.append(_guarded_layer(node, hook))
    if sealing and hook == "tts_input":
        text_run.append(UNSEAL)  # sealed markup is restored last, after every rewrite
    close_text_run()

    if not layers:
        return None
    if len(layers) == 1:
        return layers[0]

    def run(source: AsyncIterable[Any]) -> AsyncIterator[Any]:
        stream: AsyncIterable[Any] = source
        for layer in layers:
            stream = layer(stream)
        return stream.__aiter__()

    return run


def is_plain_text_node(node: Node) -> bool:
    """A text node whose ``tts_input`` is the standard streaming rewrite (fusable)."""
    return isinstance(node, TextNode) and type(node).tts_input is TextNode.tts_input


def text_chain(nodes: Sequence[TextNode]) -> StreamFn[str]:
    """Run text nodes fused, with the failure policy: the session-transform form."""
    chain = tuple(nodes)
    if any(node.seals_output for node in chain):
        chain += (UNSEAL,)
    return _text_layer(chain)


def _text_layer(nodes: tuple[TextNode, ...]) -> StreamFn[str]:
    def layer(source: AsyncIterable[str]) -> AsyncIterator[str]:
        return _run_text_chain(nodes, source)

    return layer


async def _run_text_chain(
    nodes: tuple[TextNode, ...], source: AsyncIterable[str]
) -> AsyncIterator[str]:
    chain = _FusedTextChain(nodes)
    feeds = chain.feeds
    try:
        async for chunk in source:
            try:
                for feed in feeds:  # the hot path: one call per node and chunk
                    chunk = feed(chunk)
                    if not chunk:
                        break
            except Exception:
                chunk = chain.recover(feeds.index(feed), chunk)
            if chunk:
                yield chunk
        if tail := chain.finish():
            yield tail
    finally:
        await aclose_quietly(source)


class _FusedTextChain:
    """Per-stream state of consecutive text nodes run in one generator."""

    def __init__(self, nodes: tuple[TextNode, ...]) -> None:
        self.nodes = nodes
        self.streams = [node.open_stream() for node in nodes]
        self.feeds: list[Callable[[str], str]] = [stream.feed for stream in self.streams]
        self.failed: set[int] = set()

    def recover(self, index: int, chunk: str) -> str:
        """Node ``index`` raised on ``chunk``: release its raw text, bypass it from now
        on, and feed the nodes after it."""
        self.failed.add(index)
        self.feeds[index] = _unchanged
        _log_failure(self.nodes[index], "tts_input")
        chunk = self.streams[index].pending + chunk
        for later in range(index + 1, len(self.feeds)):
            if not chunk:
                break
            try:
                chunk = self.feeds[later](chunk)
            except Exception:
                return self.recover(later, chunk)
        return chunk

    def finish(self) -> str:
        """End of stream: flush every node in order, each fed the tail of the ones before."""
        tail = ""
        for index, stream in enumerate(self.streams):
            if index in self.failed:
                continue
            try:
                out = stream.feed(tail) if tail else ""
            except Exception:
                self.failed.add(index)
                _log_failure(self.nodes[index], "tts_input")
                tail = stream.pending + tail
                continue
            try:
                tail = out + stream.flush()
            except Exception:
                self.failed.add(index)
                _log_failure(self.nodes[index], "tts_input")
                tail = out + stream.pending
        return tail


def _unchanged(text: str) -> str:
    return text


def _guarded_layer(node: Node, hook: str) -> StreamFn[Any]:
    fn: Callable[[AsyncIterable[Any]], AsyncIterable[Any]] = getattr(node, hook)

    def layer(source: AsyncIterable[Any]) -> AsyncIterator[Any]:
        return _run_guarded(node, hook, fn, source)

    return layer


class _UpstreamError(Exception):
    """Carries an exception raised by the source, through a node, untouched."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(repr(error))
        self.error = error


async def _run_guarded(
    node: Node,
    hook: str,
    fn: Callable[[AsyncIterable[Any]], AsyncIterable[Any]],
    source: AsyncIterable[Any],
) -> AsyncIterator[Any]:
    upstream = source.__aiter__()
    unanswered: list[Any] = []  # items the node took since it last yielded

    async def tap() -> AsyncIterator[Any]:
        while True:
            try:
                item = await upstream.__anext__()
            except StopAsyncIteration:
                return
            except Exception as error:
                raise _UpstreamError(error) from error
            unanswered.append(item)
            yield item

    tapped = tap()
    output: AsyncIterator[Any] | None = None
    try:
        try:
            output = fn(tapped).__aiter__()
            async for item in output:
                unanswered.clear()
                yield item
            return
        except _UpstreamError as wrapped:
            raise wrapped.error from None
        except Exception:
            _log_failure(node, hook)
        # the node is out of this stream: release what it took, then pass the rest
        await aclose_quietly(tapped)
        for item in unanswered:
            yield item
        async for item in upstream:
            yield item
    finally:
        await aclose_quietly(output)
        await aclose_quietly(tapped)
        await aclose_quietly(upstream)


def _log_failure(node: Node, hook: str) -> None:
    logger.exception(
        "node %s failed in %s; the rest of this stream passes through it unchanged",
        node.name,
        hook,
        extra={"voicenodes_node": node.name, "voicenodes_hook": hook},
    )


async def aclose_quietly(stream: object) -> None:
    """Close an async generator (or anything with ``aclose``) if it can be closed."""
    aclose = getattr(stream, "aclose", None)
    if aclose is None:
        return
    # "aclose(): asynchronous generator is already running": its owner closes it
    with contextlib.suppress(RuntimeError):
        await aclose()
