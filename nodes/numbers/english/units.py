"""Units of measurement: written abbreviations and their English names.

Only abbreviations that are units whenever they follow a number are listed. Single
letters that are often something else after a number (``m`` million or metres, ``s``,
``h``, ``l``, ``V``, ``W``, ``A``, ``B``) are left as written, as NeMo does; their
prefixed and compound forms (``km``, ``ms``, ``kWh``, ``m/s``, ``m²``) are read.
"""

from __future__ import annotations

from ..literals import literal_alternation

Unit = tuple[str, str]
"""(singular, plural)."""

_PREFIXES = {
    "k": "kilo",
    "M": "mega",
    "G": "giga",
    "T": "tera",
    "m": "milli",
    "µ": "micro",
    "μ": "micro",
    "n": "nano",
    "c": "centi",
}
_BASES: dict[str, tuple[Unit, str]] = {
    # symbol: ((singular, plural), prefixes it takes)
    "m": (("meter", "meters"), "kcmµμn"),
    "g": (("gram", "grams"), "kmµμn"),
    "L": (("liter", "liters"), "mcµμ"),
    "l": (("liter", "liters"), "mc"),
    "Hz": (("hertz", "hertz"), "kMGT"),
    "W": (("watt", "watts"), "kMGTm"),
    "Wh": (("watt-hour", "watt-hours"), "kMGT"),
    "V": (("volt", "volts"), "kmµμ"),
    "A": (("amp", "amps"), "mµμ"),
    "Ah": (("amp-hour", "amp-hours"), "m"),
    "s": (("second", "seconds"), "mµμn"),
    "B": (("byte", "bytes"), "kKMGTP"),
    "b": (("bit", "bits"), "kKMGT"),
    "bps": (("bit per second", "bits per second"), "kKMGT"),
    "Pa": (("pascal", "pascals"), "khM"),
    "J": (("joule", "joules"), "kM"),
    "N": (("newton", "newtons"), "k"),
    "Ω": (("ohm", "ohms"), "kM"),
}
_EXTRA_PREFIXES = {"K": "kilo", "P": "peta", "h": "hecto"}

_PLAIN: dict[str, Unit] = {
    "ft": ("foot", "feet"),
    "yd": ("yard", "yards"),
    "mi": ("mile", "miles"),
    "lb": ("pound", "pounds"),
    "lbs": ("pound", "pounds"),
    "oz": ("ounce", "ounces"),
    "fl oz": ("fluid ounce", "fluid ounces"),
    "gal": ("gallon", "gallons"),
    "qt": ("quart", "quarts"),
    "tbsp": ("tablespoon", "tablespoons"),
    "tsp": ("teaspoon", "teaspoons"),
    "mph": ("mile per hour", "miles per hour"),
    "kph": ("kilometer per hour", "kilometers per hour"),
    "km/h": ("kilometer per hour", "kilometers per hour"),
    "kmh": ("kilometer per hour", "kilometers per hour"),
    "m/s": ("meter per second", "meters per second"),
    "mcg": ("microgram", "micrograms"),
    "sec": ("second", "seconds"),
    "secs": ("second", "seconds"),
    "min": ("minute", "minutes"),
    "mins": ("minute", "minutes"),
    "hr": ("hour", "hours"),
    "hrs": ("hour", "hours"),
    "wk": ("week", "weeks"),
    "wks": ("week", "weeks"),
    "yr": ("year", "years"),
    "yrs": ("year", "years"),
    "°C": ("degree Celsius", "degrees Celsius"),
    "℃": ("degree Celsius", "degrees Celsius"),
    "°F": ("degree Fahrenheit", "degrees Fahrenheit"),
    "℉": ("degree Fahrenheit", "degrees Fahrenheit"),
    "°": ("degree", "degrees"),
    "º": ("degree", "degrees"),
    "cal": ("calorie", "calories"),
    "kcal": ("kilocalorie", "kilocalories"),
    "psi": ("PSI", "PSI"),
    "atm": ("atmosphere", "atmospheres"),
    "dB": ("decibel", "decibels"),
    "rpm": ("RPM", "RPM"),
    "fps": ("frame per second", "frames per second"),
    "px": ("pixel", "pixels"),
    "ha": ("hectare", "hectares"),
    "sq ft": ("square foot", "square feet"),
    "sqft": ("square foot", "square feet"),
    "sq mi": ("square mile", "square miles"),
    "mAh": ("milliamp-hour", "milliamp-hours"),
    "KiB": ("kibibyte", "kibibytes"),
    "MiB": ("mebibyte", "mebibytes"),
    "GiB": ("gibibyte", "gibibytes"),
    "TiB": ("tebibyte", "tebibytes"),
}
_SQUARED = {"m": "meter", "km": "kilometer", "cm": "centimeter", "mm": "millimeter", "ft": "foot"}
_SQUARED_FEET = {"foot": "feet"}
_LEFT_AS_WRITTEN = {"m", "s", "l", "L", "V", "W", "A", "B", "b", "J", "N", "Pa", "Ω"}


def _prefixed() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for base, ((one, many), prefixes) in _BASES.items():
        for prefix in prefixes:
            name = _PREFIXES.get(prefix) or _EXTRA_PREFIXES[prefix]
            units[prefix + base] = (name + one, name + many)
        if base not in _LEFT_AS_WRITTEN:
            units[base] = (one, many)
    return units


def _powers() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for symbol, name in _SQUARED.items():
        many = _SQUARED_FEET.get(name, name + "s")
        for mark, power in (("²", "square"), ("2", "square"), ("³", "cubic"), ("3", "cubic")):
            units[symbol + mark] = (f"{power} {name}", f"{power} {many}")
    return units


UNITS: dict[str, Unit] = {**_prefixed(), **_powers(), **_PLAIN}
"""Every written unit, exact case."""

UNITS_FOLDED: dict[str, Unit] = {}
"""Units by lower-case spelling, for text written in capitals ("12KG", "5 MPH"):
only spellings of two or more letters that lower-case to a single unit ("5G" is not
five grams)."""


def _fold() -> None:
    seen: dict[str, set[Unit]] = {}
    for written, unit in UNITS.items():
        if len(written) < 2:
            continue
        seen.setdefault(written.lower(), set()).add(unit)
    for folded, units in seen.items():
        if len(units) == 1:
            UNITS_FOLDED[folded] = next(iter(units))


_fold()


def lookup(written: str) -> Unit | None:
    """The unit written ``written``: exact case first, then case-folded."""
    return UNITS.get(written) or UNITS_FOLDED.get(written.lower())


def unit_name(written: str, *, plural: bool) -> str:
    unit = lookup(written)
    assert unit is not None, written
    return unit[1] if plural else unit[0]


UNIT = f"(?:{literal_alternation(UNITS)}|{literal_alternation(UNITS_FOLDED, ignore_case=True)})"
"""Any written unit (exact case, or case-folded for spellings of two letters or more)."""
