"""LlamaIndex and LangChain retrievers behind RagInjector: duck-typed, then the real classes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from livekit.agents import Agent

from voicenodes.compositions import compose
from voicenodes.compositions.testing import ScriptedLLM, start_recorded_session
from voicenodes.nodes import RagInjector
from voicenodes.nodes.rag.adapters import LangChainRetriever, LlamaIndexRetriever

from .rag_helpers import labels_in


@dataclass
class FakeNode:
    text: str
    metadata: dict[str, Any]
    node_id: str

    def get_content(self) -> str:
        return self.text


@dataclass
class FakeNodeWithScore:
    node: FakeNode
    score: float | None


class FakeLlamaRetriever:
    async def aretrieve(self, query: str) -> list[FakeNodeWithScore]:
        care = FakeNode("Tents dry in 2 hours.", {"file_name": "care.md"}, "n1")
        return [
            FakeNodeWithScore(care, 0.8),
            FakeNodeWithScore(FakeNode("Unscored.", {}, "n2"), None),
        ]


@dataclass
class FakeDocument:
    page_content: str
    metadata: dict[str, Any] = field(default_factory=dict)
    id: str | None = None


class FakeLangChainRetriever:
    async def ainvoke(self, query: str) -> list[FakeDocument]:
        return [FakeDocument("Boots: 30 days.", {"source": "returns.md", "score": 0.7}, "d1")]


async def test_llama_index_results_become_passages() -> None:
    [scored, unscored] = await LlamaIndexRetriever(FakeLlamaRetriever())("tents")
    assert (scored.text, scored.source, scored.score, scored.id) == (
        "Tents dry in 2 hours.", "care.md", 0.8, "n1",
    )  # fmt: skip
    assert (unscored.score, unscored.source) == (0.0, "")


async def test_langchain_results_become_passages() -> None:
    [passage] = await LangChainRetriever(FakeLangChainRetriever())("boots")
    assert (passage.text, passage.source, passage.score, passage.id) == (
        "Boots: 30 days.", "returns.md", 0.7, "d1",
    )  # fmt: skip


def test_adapters_refuse_other_objects() -> None:
    with pytest.raises(TypeError, match="no aretrieve"):
        LlamaIndexRetriever(object())
    with pytest.raises(TypeError, match="neither a LangChain retriever"):
        LangChainRetriever(object())


async def test_real_llama_index_retriever_in_a_session() -> None:
    core = pytest.importorskip("llama_index.core")
    from llama_index.core.retrievers import BaseRetriever
    from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

    class PolicyRetriever(BaseRetriever):  # type: ignore[misc]
        def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
            node = TextNode(
                text="You can return most items within 30 days of delivery.",
                metadata={"file_name": "returns.md"},
            )
            return [NodeWithScore(node=node, score=0.91)]

    assert core is not None
    llm_model = ScriptedLLM(["Thirty days."])
    agent = compose(Agent, RagInjector(LlamaIndexRetriever(PolicyRetriever())))(instructions="x")
    async with start_recorded_session(agent, llm_model=llm_model) as rec:
        await rec.session.run(user_input="How long do I have to return things?")
    assert labels_in(llm_model.requests[0]) == ["returns.md"]


async def test_real_langchain_retriever_and_vector_store_in_a_session() -> None:
    pytest.importorskip("langchain_core")
    from langchain_core.callbacks import CallbackManagerForRetrieverRun
    from langchain_core.documents import Document
    from langchain_core.embeddings import DeterministicFakeEmbedding
    from langchain_core.retrievers import BaseRetriever
    from langchain_core.vectorstores import InMemoryVectorStore

    class PolicyRetriever(BaseRetriever):  # type: ignore[misc]
        def _get_relevant_documents(
            self, query: str, *, run_manager: CallbackManagerForRetrieverRun
        ) -> list[Document]:
            return [Document("Standard shipping is free over $75.", metadata={"source": "ship.md"})]

    store = InMemoryVectorStore(DeterministicFakeEmbedding(size=16))
    await store.aadd_documents(
        [Document("Gift cards never expire.", metadata={"source": "orders.md"})]
    )
    for retriever, label in ((PolicyRetriever(), "ship.md"), (store, "orders.md")):
        llm_model = ScriptedLLM(["ok"])
        node = RagInjector(LangChainRetriever(retriever, k=1))
        async with start_recorded_session(
            compose(Agent, node)(instructions="x"), llm_model=llm_model
        ) as rec:
            await rec.session.run(user_input="Gift cards and shipping?")
        assert labels_in(llm_model.requests[0]) == [label]
