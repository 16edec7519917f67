"""Placeholder: filled in below."""

from __future__ import annotations

from .grammar import Rule
from .policy import NumberPolicy


def european_rules(lang: str, policy: NumberPolicy) -> list[Rule]:
    raise NotImplementedError(lang)
