"""A grammar: named rules compiled into one regular expression, and its dispatch.

Every rule is one alternative ``(?P<rule_name>...)`` of a single compiled pattern, so
the streaming engine (:class:`~voicenodes.nodes.pattern.PatternRewriter`) scans the
text once for all rules; the name of the alternative that matched picks the reader.
At one position the first rule (in list order) that matches wins: specific forms
(phone numbers, dates) come before general ones (cardinals).

Rules keep the engine's pattern-author rules (bounded quantifiers, lookbehinds of at
most :data:`LOOKBEHIND` characters) and two of their own that make the digit-free fast
path of :class:`~voicenodes.nodes.numbers.stream.NumberStream` exact:

- every match contains a *trigger* character (a digit or a vulgar fraction);
- a rule that can start with another character declares ``lead_chars`` (those first
  characters) and ``lead_in``: a regex whose partial matches include every digit-free
  text the rule can begin with ("March ", "US$"), at most :data:`LEAD_IN_WINDOW`
  characters long.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import regex

from .protected import inside_protected

logger = logging.getLogger("voicenodes.numbers")

Reader = Callable[["regex.Match[str]"], "str | None"]

TRIGGER_CHARS = r"\d½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅐⅛⅜⅝⅞⅑⅒↉"
TRIGGER = regex.compile(f"[{TRIGGER_CHARS}]")
"""Characters one of which every rewritten form contains."""
LEAD_IN_WINDOW = 16
"""The longest digit-free text a form can begin with."""
LOOKBEHIND = 240
"""The context kept before the held tail: the longest lookbehind of any rule, and
the ~210 characters :func:`~.protected.inside_protected` looks back."""

_GROUP_NAME = regex.compile(r"\(\?P<(\w+)>")


@dataclass(frozen=True)
class Rule:
    """One written form and how to read it.

    Attributes:
        name: the rule's name; also the name of its alternative in the grammar, and
            the prefix of every named group inside ``pattern`` (``money`` ->
            ``money_amount``).
        pattern: the regex source of the written form; it contains a trigger
            character. A match starting with another character starts where no
            letter, digit, ``_`` or ``@`` precedes (the grammar checks that).
        read: the spoken form of a match, or ``None`` to leave it as written.
        lead_chars: the characters other than triggers a match can start with (a
            regex character-class body), or ``None``.
        lead_in: with ``lead_chars``, a regex matching the digit-free text a match can
            begin with.
        starts_with_trigger: whether a match can start with a trigger character.
    """

    name: str
    pattern: str
    read: Reader
    lead_chars: str | None = None
    lead_in: str | None = None
    starts_with_trigger: bool = True

    def __post_init__(self) -> None:
        for group in _GROUP_NAME.findall(self.pattern):
            if not group.startswith(self.name + "_"):
                raise ValueError(
                    f"rule {self.name!r}: group {group!r} must be named {self.name}_..."
                )
        if (self.lead_chars is None) != (self.lead_in is None):
            raise ValueError(f"rule {self.name!r}: give both lead_chars and lead_in, or neither")
        if not self.starts_with_trigger and self.lead_chars is None:
            raise ValueError(f"rule {self.name!r} can start with nothing")


class Grammar:
    """Rules compiled into one pattern, with the replacement that dispatches on them.

    Attributes:
        pattern: the compiled grammar.
        lead_in: matches, partially or wholly at the end of a text, any digit-free
            tail that could begin a form (``None`` if no rule has one).
    """

    def __init__(self, rules: Sequence[Rule]) -> None:
        names = [rule.name for rule in rules]
        if len(set(names)) != len(names):
            raise ValueError(f"duplicate rule names in {names}")
        self.rules = tuple(rules)
        self.pattern = regex.compile(_source(rules))
        self._readers = {rule.name: rule.read for rule in rules}
        self.lead_in = _lead_in(rules)

    def replace(self, match: regex.Match[str]) -> str:
        """The spoken form of a grammar match: as written if its rule declines, if it
        lies in a markup tag or a URL, or if its reader fails (logged: a bug in one
        reading must not silence the rest of the reply)."""
        if inside_protected(match.string, match.start()):
            return match[0]
        name = match.lastgroup
        assert name is not None  # every alternative is a named group
        try:
            spoken = self._readers[name](match)
        except Exception:
            logger.exception("number rule %r failed on %r; left as written", name, match[0])
            return match[0]
        return match[0] if spoken is None else spoken

    def sub(self, text: str) -> str:
        """Rewrite every form in a whole text."""
        return self.pattern.sub(self.replace, text)


def _lead_in(rules: Sequence[Rule]) -> regex.Pattern[str] | None:
    with_lead = [rule for rule in rules if rule.lead_in]
    if not with_lead:
        return None
    first = "".join(rule.lead_chars or "" for rule in with_lead)
    leads = "|".join(f"(?=[{rule.lead_chars}])(?:{rule.lead_in})" for rule in with_lead)
    return regex.compile(rf"(?<![\w@])(?=[{first}])(?:{leads})\Z")


def _alternatives(rules: Sequence[Rule], *, guarded: bool = False) -> str:
    return "|".join(
        (f"(?=[{rule.lead_chars}])" if guarded else "") + f"(?P<{rule.name}>{rule.pattern})"
        for rule in rules
    )


def _source(rules: Sequence[Rule]) -> str:
    """The grammar's pattern: rules in order, grouped by what can start them.

    Trying every rule at every position is what makes a large alternation slow; here a
    position inside a word is rejected by one lookbehind, a position before a trigger
    tries only the rules that can start with one, and any other position only the
    rules whose ``lead_chars`` hold its character. Within a group the rules keep their
    order, so the first rule that matches still wins.
    """
    by_trigger = [rule for rule in rules if rule.starts_with_trigger]
    by_other = [rule for rule in rules if rule.lead_chars]
    groups = []
    if by_other:
        first = "".join(rule.lead_chars or "" for rule in by_other)
        groups.append(rf"(?<![\w@])(?=[{first}])(?:{_alternatives(by_other, guarded=True)})")
    if by_trigger:
        groups.append(f"(?=[{TRIGGER_CHARS}])(?:{_alternatives(by_trigger)})")
    return "|".join(groups)
