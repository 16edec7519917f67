"""Spanish, French and German: cardinals, ordinals, decimals, money, percentages,
dates, times."""

from __future__ import annotations

import pytest

from voicenodes.nodes import NumberNormalizer, NumberPolicy

CASES = {
    "es": [
        ("cardinal", "Tengo 21 gatos", "Tengo veintiuno gatos"),
        (
            "cardinal",
            "1.234.567",
            "un millón doscientos treinta y cuatro mil quinientos sesenta y siete",
        ),
        ("cardinal", "-5 grados", "menos cinco grados"),
        ("decimal", "3,14", "tres coma uno cuatro"),
        ("ordinal", "el 1º y la 2.ª", "el primero y la segunda"),
        ("ordinal", "el 1er piso", "el primer piso"),
        ("money", "12,50 €", "doce euros con cincuenta céntimos"),
        ("money", "€12", "doce euros"),
        ("money", "$5", "cinco dólares"),
        ("money", "USD 1", "un dólar"),
        ("money", "1 £", "una libra"),
        ("percent", "25 %", "veinticinco por ciento"),
        ("date", "3 de marzo de 2026", "tres de marzo de dos mil veintiséis"),
        ("date", "1 de mayo", "primero de mayo"),
        ("date", "03/04/2026", "tres de abril de dos mil veintiséis"),
        ("date", "2026-03-04", "cuatro de marzo de dos mil veintiséis"),
        ("time", "a las 14:30", "a las catorce y treinta"),
        ("time", "a las 9:00.", "a las nueve en punto."),
        ("left as written", "1.5M usuarios", "1.5M usuarios"),
    ],
    "fr": [
        ("cardinal", "21 chats", "vingt et un chats"),
        (
            "cardinal",
            "1 234 567",
            "un million deux cent trente-quatre mille cinq cent soixante-sept",
        ),
        ("decimal", "3,14", "trois virgule un quatre"),
        ("ordinal", "le 1er et le 2e", "le premier et le deuxième"),
        ("money", "12,50 €", "douze euros et cinquante centimes"),
        ("money", "21 €", "vingt et un euros"),
        ("money", "5 $", "cinq dollars"),
        ("percent", "25 %", "vingt-cinq pour cent"),
        ("date", "le 3 mars 2026.", "le trois mars deux mille vingt-six."),
        ("date", "1er mai", "premier mai"),
        ("date", "03/04/2026", "trois avril deux mille vingt-six"),
        ("time", "à 14:30", "à quatorze heures trente"),
        (
            "time",
            "à 9h30, 21h ou 9 h 05",
            "à neuf heures trente, vingt et un heures ou neuf heures cinq",
        ),
    ],
    "de": [
        ("cardinal", "21 Katzen", "einundzwanzig Katzen"),
        ("cardinal", "1.234", "eintausendzweihundertvierunddreißig"),
        ("decimal", "3,14", "drei Komma eins vier"),
        ("ordinal", "der 3. Platz", "der dritte Platz"),
        ("ordinal", "Ich habe 3. Dann", "Ich habe drei. Dann"),
        ("money", "12,50 €", "zwölf Euro und fünfzig Cent"),
        ("money", "1 €", "ein Euro"),
        ("percent", "25 %", "fünfundzwanzig Prozent"),
        ("date", "3. März 2026", "dritter März zweitausendsechsundzwanzig"),
        ("date", "am 3. März", "am dritten März"),
        ("date", "03.04.2026", "dritter April zweitausendsechsundzwanzig"),
        ("date", "1999", "neunzehnhundertneunundneunzig"),
        ("cardinal", "1.999 Euro", "eintausendneunhundertneunundneunzig Euro"),
        ("time", "um 14:30", "um vierzehn Uhr dreißig"),
        ("time", "um 9:00", "um neun Uhr"),
        ("time", "um 9:30 Uhr oder 9.30 Uhr", "um neun Uhr dreißig oder neun Uhr dreißig"),
    ],
}


@pytest.mark.parametrize(
    ("lang", "text", "spoken"),
    [
        pytest.param(lang, text, spoken, id=f"{lang} {kind}: {text}")
        for lang, rows in CASES.items()
        for kind, text, spoken in rows
    ],
)
def test_reads(lang: str, text: str, spoken: str) -> None:
    assert NumberNormalizer(lang).rewrite(text) == spoken


def test_day_first_is_the_default_but_a_policy() -> None:
    mdy = NumberNormalizer("es", policy=NumberPolicy(date_order="mdy"))
    assert mdy.rewrite("03/04/2026") == "cuatro de marzo de dos mil veintiséis"


def test_dollar_sign_follows_the_default_currency() -> None:
    mexico = NumberNormalizer("es-MX", policy=NumberPolicy(default_currency="MXN"))
    assert mexico.rewrite("$150") == "ciento cincuenta pesos"


def test_a_currency_num2words_cannot_name_keeps_its_code() -> None:
    assert NumberNormalizer("fr").rewrite("100 CHF") == "cent CHF"
