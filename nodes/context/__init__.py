"""Context-window trimming: keep every LLM request within a token budget.

- :class:`ContextTrimmer` (:mod:`.trimmer`): the node, applied per request in
  ``llm_input``;
- :mod:`.trimming`: the rules (what is always kept, what goes together) as a pure
  function, :func:`trim_items`;
- :mod:`.structure`: how a history splits into units (a tool call and its outputs) and
  turns;
- :mod:`.strategies`: which older turns fill the budget (:class:`DropOldest`,
  :class:`KeepFirstTurns`);
- :mod:`.counting`, :mod:`.media`, :mod:`.cache`: token counts, calibrated estimate or
  exact, cached per item;
- :mod:`.summary`: background summaries of dropped turns;
- :mod:`.persistence`: writing the trimmed history once a reply is committed;
- :mod:`.state`: what the node remembers per conversation.

See ``docs/context.md``.
"""

from .cache import CountCache
from .counting import (
    CallableCounter,
    EstimateCounter,
    ExactCounter,
    TokenCounter,
    counter_for_model,
    encoding_for_model,
)
from .media import MediaEstimate, openai_image_tokens
from .strategies import DropOldest, KeepFirstTurns, TrimStrategy
from .summary import Summarizer, Summary
from .trimmer import ContextTrimmer
from .trimming import TrimResult, trim_items

__all__ = [
    "CallableCounter",
    "ContextTrimmer",
    "CountCache",
    "DropOldest",
    "EstimateCounter",
    "ExactCounter",
    "KeepFirstTurns",
    "MediaEstimate",
    "Summarizer",
    "Summary",
    "TokenCounter",
    "TrimResult",
    "TrimStrategy",
    "counter_for_model",
    "encoding_for_model",
    "openai_image_tokens",
    "trim_items",
]
