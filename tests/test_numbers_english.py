"""English number forms, class by class, and the policy knobs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from num2words import num2words

from voicenodes.nodes import NumberNormalizer, NumberPolicy
from voicenodes.nodes.numbers.english.words import cardinal, ordinal, year

EN = NumberNormalizer("en")

CASES = {
    "cardinal": [
        ("I have 3 cats", "I have three cats"),
        ("13,000 people", "thirteen thousand people"),
        ("-2 and −7", "minus two and minus seven"),
        ("123,000,012", "one hundred twenty-three million twelve"),
        ("5 million", "five million"),
        ("007", "zero zero seven"),
        ("about ~5", "about about five"),
    ],
    "long digit runs": [
        ("got 9000", "got nine thousand"),
        ("13000", "one three zero zero zero"),
        (
            "1234567890123124",
            "one two three four five six seven eight nine zero one two three one two four",
        ),
    ],
    "decimal": [
        ("3.14", "three point one four"),
        (".5", "point five"),
        ("0.004", "zero point zero zero four"),
        ("-0.1", "minus zero point one"),
        ("1,234.5", "one thousand two hundred thirty-four point five"),
        ("version 2.5.1", "version two point five point one"),
    ],
    "money": [
        ("$12.50", "twelve dollars fifty cents"),
        ("$1", "one dollar"),
        ("$1,249.99", "one thousand two hundred forty-nine dollars ninety-nine cents"),
        ("$0.01", "one cent"),
        ("$2.00", "two dollars"),
        ("$20.506", "twenty point five zero six dollars"),
        ("$2.5 million", "two point five million dollars"),
        ("$100k", "one hundred thousand dollars"),
        ("¥30B", "thirty billion yen"),
        ("€5", "five euros"),
        ("£2.01", "two pounds one penny"),
        ("5€", "five euros"),
        ("USD 20", "twenty US dollars"),
        ("20 EUR", "twenty euros"),
        ("CHF 1.50", "one Swiss franc fifty centimes"),
        ("$20/mo", "twenty dollars per month"),
        ("$15/hr", "fifteen dollars per hour"),
        ("$50-$100", "fifty dollars to one hundred dollars"),
        ("$10-20", "ten to twenty dollars"),
        ("-$5", "minus five dollars"),
        ("€3,50", "three euros fifty cents"),
        ("$1,50 each.", "one dollar fifty cents each."),
        ("3,50 €", "three euros fifty cents"),
        ("€0,99", "ninety-nine cents"),
        ("€2,50-€3,50", "two euros fifty cents to three euros fifty cents"),
        ("$1,500", "one thousand five hundred dollars"),
        ("$1,500,000", "one million five hundred thousand dollars"),
    ],
    "percent": [
        ("50%", "fifty percent"),
        ("8.25 %", "eight point two five percent"),
        ("10-20%", "ten to twenty percent"),
        ("-0.5%", "minus zero point five percent"),
    ],
    "ordinal": [
        ("1st", "first"),
        ("22nd", "twenty-second"),
        ("the 111th", "the one hundred eleventh"),
        ("1,000th", "one thousandth"),
        ("21th", "twenty-one th"),
    ],
    "date": [
        ("March 3, 2026", "March third, twenty twenty-six"),
        ("Dec 25", "December twenty-fifth"),
        ("2026-03-03", "March third twenty twenty-six"),
        ("03/04/2026", "March fourth twenty twenty-six"),
        ("13/04/2026", "the thirteenth of April twenty twenty-six"),
        ("13/13/2026", "13/13/2026"),
        ("25 July 2012", "the twenty-fifth of July twenty twelve"),
        ("on the 26th May", "on the twenty-sixth of May"),
        ("March 3-5", "March third to fifth"),
        ("July 1506", "July fifteen oh six"),
        ("11/17/05", "November seventeenth zero five"),
        ("the 1980s", "the nineteen eighties"),
        ("the '90s", "the nineties"),
        ("340 AD", "three forty AD"),
        ("you may 3 times", "you may three times"),
        (
            "Your appointment is on 11/21 at 3pm.",
            "Your appointment is on November twenty-first at three PM.",
        ),
        ("due 21/11.", "due the twenty-first of November."),
        ("starting 1/5, ", "starting January fifth, "),
        ("from 12/24-12/26", "from December twenty-fourth to December twenty-sixth"),
        ("until 3/31 through 4/2", "until March thirty-first through April second"),
        ("on 13/14", "on thirteen fourteenths"),
        ("add 1/2 cup", "add one half cup"),
        ("reduce by 1/2", "reduce by one half"),
        ("every 3/4 hour", "every three quarters hour"),
        ("on 11/21/2026", "on November twenty-first twenty twenty-six"),
        ("2026-11-21T10:00", "November twenty-first twenty twenty-six at ten o'clock"),
        (
            "2026-11-21T14:30:05Z.",
            "November twenty-first twenty twenty-six at fourteen thirty and five seconds UTC.",
        ),
        (
            "2026-03-03T09:05:00.250-05:00",
            "March third twenty twenty-six at nine oh five UTC minus five",
        ),
        (
            "2026-03-03T18:00+05:30",
            "March third twenty twenty-six at eighteen o'clock UTC plus five thirty",
        ),
    ],
    "year": [
        ("in 1999", "in nineteen ninety-nine"),
        ("in 2008", "in two thousand eight"),
        ("by 2030", "by twenty thirty"),
        ("1900", "nineteen hundred"),
        ("1980-1986", "nineteen eighty to nineteen eighty-six"),
        ("4096", "four thousand ninety-six"),
    ],
    "time": [
        ("9:05", "nine oh five"),
        ("12:00", "twelve o'clock"),
        ("9am", "nine AM"),
        ("5 p.m. tomorrow", "five PM tomorrow"),
        ("at 5 p.m. Then", "at five PM. Then"),
        ("10:30 pm PST", "ten thirty PM PST"),
        ("1:59 p.m. e.s.t", "one fifty-nine PM EST"),
        ("14:10:30", "fourteen hours ten minutes and thirty seconds"),
        ("9am-5pm", "nine AM to five PM"),
        ("9-5pm", "nine to five PM"),
        ("11:59:59 PM", "eleven fifty-nine and fifty-nine seconds PM"),
        ("at 1:01:01 pm EST", "at one oh one and one second PM EST"),
        ("10:30:00 AM", "ten thirty AM"),
        ("10:00:00 p.m. EST", "ten PM EST"),
        ("9:00:05am", "nine o'clock and five seconds AM"),
    ],
    "telephone": [
        ("(555) 013-0199", "five five five, zero one three, zero one nine nine"),
        ("+1 123-123-5678", "plus one, one two three, one two three, five six seven eight"),
        ("1-800-555-0199", "one, eight hundred, five five five, zero one nine nine"),
        ("555-0199", "five five five, zero one nine nine"),
        ("+44 20 7946 0958", "plus four four, two zero, seven nine four six, zero nine five eight"),
        ("555-0199 ext. 12", "five five five, zero one nine nine, extension one two"),
        ("IP 10.0.0.1", "IP one zero dot zero dot zero dot one"),
        ("call 1-800-FLOWERS.", "call one, eight hundred, FLOWERS."),
        ("1-800-GO-2-HAUL", "one, eight hundred, GO two HAUL"),
        ("1-888-MY-HOUSE", "one, eight eight eight, MY HOUSE"),
        ("1-800-555-TAXI", "one, eight hundred, five five five, TAXI"),
        ("(800) FLOWERS", "eight hundred, FLOWERS"),
        ("1-800-contacts", "one, eight hundred, contacts"),
        ("1-800-GO", "one-eight hundred-GO"),
        ("an 800-calorie meal", "an eight hundred-calorie meal"),
        ("pages 1-100-odd", "pages one to one hundred-odd"),
        ("a 10-20-minute walk", "a ten to twenty-minute walk"),
    ],
    "range": [
        ("3-5 days", "three to five days"),
        ("10–20", "ten to twenty"),
        ("1960-80", "nineteen sixty to eighty"),
        ("978-0", "nine hundred seventy-eight-zero"),
        ("2x4", "two by four"),
        ("10x faster", "ten times faster"),
        ("2+2=4", "two plus two equals four"),
        ("odds of 3:1", "odds of three to one"),
        ("a 16:9 screen", "a sixteen to nine screen"),
        ("1:100 scale", "one to one hundred scale"),
        ("mix 1:2:3.", "mix one to two to three."),
        ("2^10", "two to the power of ten"),
        ("10^6 cells", "ten to the power of six cells"),
        ("10^-3", "ten to the power of minus three"),
        ("5^2 + 1.5^3", "five squared + one point five cubed"),
        ("2.35:1", "two point three five to one"),
        ("at 3:10", "at three ten"),
        ("at 10:05", "at ten oh five"),
    ],
    "fraction": [
        ("1/2", "one half"),
        ("3/4 cup", "three quarters cup"),
        ("2 1/2", "two and a half"),
        ("½", "one half"),
        ("1½", "one and a half"),
        ("31/32", "thirty-one thirty-seconds"),
        ("1/4th", "one quarter"),
        ("24/7", "twenty-four seven"),
        ("2/3rds of it", "two thirds of it"),
        ("1/3rd", "one third"),
        ("3/4ths", "three quarters"),
        ("a 50/50 chance", "a fifty-fifty chance"),
        ("a 70/30 split", "a seventy-thirty split"),
        ("20/20 vision", "twenty-twenty vision"),
        ("it's 50-50", "it's fifty-fifty"),
        ("ages 20-80", "ages twenty to eighty"),
        ("49/51", "forty-nine fifty-one"),
        ("10/10", "ten tenths"),
        ("3/8", "three eighths"),
    ],
    "measure": [
        ("12kg", "twelve kilograms"),
        ("1 kg", "one kilogram"),
        ("12KG", "twelve kilograms"),
        ("60 mph", "sixty miles per hour"),
        ("100 km/h", "one hundred kilometers per hour"),
        ("72°F", "seventy-two degrees Fahrenheit"),
        ("-3°C", "minus three degrees Celsius"),
        ("16 GB", "sixteen gigabytes"),
        ("2-5 lb", "two to five pounds"),
        ("4 1/2 lbs", "four and a half pounds"),
        ("1/2 lb", "one half of a pound"),
        ("a 5-km run", "a five-kilometer run"),
        ("12kg/kg", "twelve kilograms per kilogram"),
        ("5 m²", "five square meters"),
        ("10 ms", "ten milliseconds"),
        ("~250ms p95", "about two hundred fifty milliseconds p ninety-five"),
        ("5G", "five G"),
        ("5 ft 10 in", "five feet ten inches"),
        ("He is 6'2\" tall.", "He is six feet two inches tall."),
        ("5′11″", "five feet eleven inches"),
        ("1 ft. 1 in.", "one foot one inch."),
        ("he's 5'10, right", "he's five feet ten inches, right"),
        ("6'0\"", "six feet"),
        ('a 10" pizza', 'a ten" pizza'),
        ("'5' 10 times", "'five' ten times"),
        ("5 ft 13 in", "five feet thirteen in"),
    ],
    "code": [
        ("A7X9", "A seven X nine"),
        ("order #A7X9", "order number A seven X nine"),
        ("#1 seller", "number one seller"),
        ("PIN 1234", "PIN one two three four"),
        ("order number 88213", "order number eight eight two one three"),
        ("card ending in 8876", "card ending in eight eight seven six"),
        ("B12", "B twelve"),
        ("covid-19", "covid-nineteen"),
        ("4K", "four K"),
        ("balance $-5.00.", "balance minus five dollars."),
        ("api v2.1 is out", "api v two point one is out"),
        ("v2.1.0 released.", "v two point one point zero released."),
        ("v2. Then", "v two. Then"),
        ("No. 5 is", "number five is"),
        ("№ 12345", "number one two three four five"),
        ("No, 5 is fine", "No, five is fine"),
    ],
    "scaled and open-ended": [
        ("about 1.5M users", "about one point five million users"),
        ("500M users, 3B parameters", "five hundred million users, three billion parameters"),
        ("10k steps", "ten thousand steps"),
        ("1.5K and 4K", "one point five thousand and four K"),
        ("-2.5bn", "minus two point five billion"),
        ("5,000+ customers", "five thousand plus customers"),
        ("by 12k+ customers", "by twelve thousand plus customers"),
        ("rated 4.5/5 stars", "rated four point five out of five stars"),
        ("v1.5M", "v1.5M"),
    ],
    "address": [
        ("1428 Elm St. It was", "fourteen twenty-eight Elm Street. It was"),
        ("708 N 1st St", "seven zero eight North first Street"),
        ("123 Main Street", "one twenty-three Main Street"),
    ],
    "left as written": [
        ('<break time="500ms"/>', '<break time="500ms"/>'),
        ("see https://x.com/p2?id=7", "see https://x.com/p2?id=7"),
        ("mail bob2@x9.com", "mail bob2@x9.com"),
        ("see docs.acme.io/v2/page-3 now", "see docs.acme.io/v2/page-3 now"),
        ("acme.io/2024/05 or x.com?id=4", "acme.io/2024/05 or x.com?id=4"),
        ("section 1.2.3.4.5 and 1.5Q", "section 1.2.3.4.5 and 1.5Q"),
        ("the A.I.-2 model", "the A.I.-two model"),
        ("no digits at all", "no digits at all"),
    ],
}


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        pytest.param(text, spoken, id=f"{kind}: {text}")
        for kind, rows in CASES.items()
        for text, spoken in rows
    ],
)
def test_reads(text: str, spoken: str) -> None:
    assert EN.rewrite(text) == spoken


def test_date_order_knob() -> None:
    dmy = NumberNormalizer(policy=NumberPolicy(date_order="dmy"))
    assert dmy.rewrite("03/04/2026") == "the third of April twenty twenty-six"
    assert dmy.rewrite("12/31/2026") == "December thirty-first twenty twenty-six"
    assert dmy.rewrite("on 3/4") == "on the third of April"
    assert dmy.rewrite("by 12/31") == "by December thirty-first"


def test_long_digit_runs_knob() -> None:
    node = NumberNormalizer(policy=NumberPolicy(max_cardinal_digits=6))
    assert node.rewrite("13000") == "thirteen thousand"
    assert node.rewrite("1234567") == "one two three four five six seven"


def test_zero_knob() -> None:
    node = NumberNormalizer(policy=NumberPolicy(zero="oh"))
    assert node.rewrite("(555) 013-0199") == "five five five, oh one three, oh one nine nine"
    assert node.rewrite("0.5") == "zero point five"  # decimals always say zero


def test_default_currency_knob() -> None:
    assert NumberNormalizer(policy=NumberPolicy(default_currency="MXN")).rewrite("$5") == (
        "five pesos"
    )
    assert NumberNormalizer(policy=NumberPolicy(default_currency="CAD")).rewrite("$5") == (
        "five dollars"
    )
    assert EN.rewrite("C$5") == "five Canadian dollars"


def test_year_range_knob() -> None:
    node = NumberNormalizer(policy=NumberPolicy(year_range=(1900, 2099)))
    assert node.rewrite("1500") == "one thousand five hundred"
    assert node.rewrite("1999") == "nineteen ninety-nine"


@pytest.mark.parametrize(
    "options",
    [
        {"date_order": "ymd"},
        {"zero": "nought"},
        {"max_cardinal_digits": 0},
        {"year_range": (2000, 1000)},
    ],
)
def test_policy_rejects_bad_values(options: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        NumberPolicy(**options)  # type: ignore[arg-type]


def test_unknown_default_currency_fails_at_construction() -> None:
    with pytest.raises(ValueError, match="default currency"):
        NumberNormalizer(policy=NumberPolicy(default_currency="XYZ"))


def test_unknown_language_fails_at_construction() -> None:
    with pytest.raises(ValueError, match="unsupported language 'xx'"):
        NumberNormalizer("xx")
    assert NumberNormalizer("en-GB").lang == "en"


def _plain(words: str) -> str:
    return words.replace(",", "").replace(" and ", " ").replace("-", " ")


@settings(max_examples=300, deadline=None)
@given(n=st.integers(min_value=0, max_value=10**21))
def test_cardinals_and_ordinals_agree_with_num2words(n: int) -> None:
    assert _plain(cardinal(n)) == _plain(num2words(n))
    assert _plain(ordinal(n)) == _plain(num2words(n, to="ordinal"))


@pytest.mark.parametrize(
    ("n", "spoken"),
    [
        (1999, "nineteen ninety-nine"),
        (2005, "two thousand five"),
        (2010, "twenty ten"),
        (1506, "fifteen oh six"),
        (1000, "one thousand"),
        (1100, "eleven hundred"),
        (340, "three forty"),
    ],
)
def test_years(n: int, spoken: str) -> None:
    assert year(n) == spoken
