"""The reading policy: the choices where a written number has more than one reading."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class NumberPolicy:
    """How :class:`~voicenodes.nodes.NumberNormalizer` reads ambiguous forms.

    Attributes:
        date_order: ``"mdy"`` reads ``03/04/2026`` as March 4, ``"dmy"`` as 3 April;
            ``None`` (the default) follows the language: month first in English (US
            usage), day first in Spanish, French and German. A date that is only valid
            one way (``13/04/2026``, ``04/13/2026``) is read that way whatever the
            setting; one that is valid neither way is left as written.
        max_cardinal_digits: a bare digit run (no thousands separators, no currency or
            unit) longer than this is read digit by digit, like an account or order
            number: with the default 4, ``9000`` is "nine thousand" and ``13000`` is
            "one three zero zero zero" (NeMo's convention). Amounts with a currency,
            a unit or thousands separators are always read as numbers.
        year_range: bare four-digit numbers in this inclusive range are read as years
            ("nineteen ninety-nine", "twenty thirty"); others as cardinals.
        zero: how the digit 0 is read in digit strings (phone numbers, codes, PINs):
            ``"zero"`` (default) or ``"oh"``. Decimals always say "zero"; years and
            clock minutes always say "oh" ("nineteen oh five", "nine oh five").
        default_currency: the ISO code the bare ``$`` sign stands for (``"USD"``:
            dollars). Set ``"CAD"``, ``"AUD"``, ``"MXN"``... where ``$`` means another
            dollar or a peso. In Spanish, French and German the default is ``"USD"``
            too, never num2words' silent EUR.
    """

    date_order: Literal["mdy", "dmy"] | None = None
    max_cardinal_digits: int = 4
    year_range: tuple[int, int] = (1000, 2099)
    zero: Literal["zero", "oh"] = "zero"
    default_currency: str = "USD"

    def __post_init__(self) -> None:
        if self.date_order not in ("mdy", "dmy", None):
            raise ValueError(f"date_order must be 'mdy', 'dmy' or None, not {self.date_order!r}")
        if self.zero not in ("zero", "oh"):
            raise ValueError(f"zero must be 'zero' or 'oh', not {self.zero!r}")
        if self.max_cardinal_digits < 1:
            raise ValueError("max_cardinal_digits must be >= 1")
        low, high = self.year_range
        if not 0 <= low <= high <= 9999:
            raise ValueError(f"year_range must be within 0..9999, got {self.year_range!r}")
