"""The supported languages and their grammars."""

from __future__ import annotations

from functools import lru_cache

from .grammar import Grammar, Rule
from .policy import NumberPolicy


def _english(policy: NumberPolicy) -> list[Rule]:
    from .english import english_rules

    return english_rules(policy)


LANGUAGES = ("en", "es", "fr", "de")


def base_language(lang: str) -> str:
    """``"en-US"`` -> ``"en"``; raises ``ValueError`` for unsupported languages."""
    base = lang.replace("_", "-").split("-")[0].lower()
    if base not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}: choose one of {', '.join(LANGUAGES)}")
    return base


@lru_cache(maxsize=32)
def grammar_for(lang: str, policy: NumberPolicy) -> Grammar:
    """The compiled grammar of a language under a policy (built once, then shared)."""
    base = base_language(lang)
    if base == "en":
        return Grammar(_english(policy))
    from .other_languages import european_rules

    return Grammar(european_rules(base, policy))
