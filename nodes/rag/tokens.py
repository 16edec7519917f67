"""A cheap token estimate for capping injected text, with no tokenizer dependency.

Chat-model tokenizers average about four characters of English (or other
space-separated text) per token, and about one token per Chinese or Japanese
character. :func:`estimate_tokens` counts that way; it errs on the high side for
plain English prose. Pass your own counter (e.g. ``tiktoken``'s
``lambda s: len(enc.encode(s))``) to :class:`~.injector.RagInjector` for exact caps.
"""

from __future__ import annotations

import math
from functools import lru_cache

import regex

_DENSE_SCRIPTS = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")


@lru_cache(maxsize=4096)
def estimate_tokens(text: str) -> int:
    """About how many tokens ``text`` costs a chat model (never 0 for non-empty text)."""
    if not text:
        return 0
    dense = len(_DENSE_SCRIPTS.findall(text)) if not text.isascii() else 0
    return dense + math.ceil((len(text) - dense) / 4)
