"""The English grammar: every number form, most specific first."""

from __future__ import annotations

from ..grammar import Rule
from ..policy import NumberPolicy
from . import addresses, cardinals, codes, dates, fractions, measures, money, phones, times

ORDER = [
    "code_context",
    "hash",
    "numero",
    "phone",
    "vanity",
    "ip",
    "numeric_date",
    "money",
    "time",
    "month_date",
    "day_date",
    "decade",
    "era",
    "quarter",
    "address",
    "height",
    "measure",
    "idiom",
    "short_date",
    "fraction",
    "percent",
    "ordinal",
    "power",
    "ratio",
    "range",
    "dimensions",
    "multiplier",
    "scaled",
    "rating",
    "math",
    "dotted",
    "number",
    "code",
    "code_tail",
]
"""At one position the first rule in this order that matches wins."""


def english_rules(policy: NumberPolicy) -> list[Rule]:
    """All English rules in grammar order."""
    rules: dict[str, Rule] = {
        **codes.rules(policy),
        **phones.rules(policy),
        **dates.rules(policy),
        **money.rules(policy),
        **times.rules(),
        **addresses.rules(policy),
        **measures.rules(),
        **fractions.rules(),
        **cardinals.rules(policy),
    }
    missing = set(rules) ^ set(ORDER)
    assert not missing, f"rules and ORDER disagree on {missing}"
    return [rules[name] for name in ORDER]
