"""Dictionary files: TOML with line-accurate problems, PLS round trips, lookup by name."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from voicenodes.nodes import Dictionary, PronunciationRewriter, load_dictionary
from voicenodes.nodes.pronunciation import (
    ENV_VAR,
    CasePolicy,
    DictionaryError,
    DictionaryNotFoundError,
    Entry,
    available_dictionaries,
    dump_pls,
    dump_toml,
    load_toml,
    parse_pls,
    parse_toml,
    read_dictionary,
)
from voicenodes.nodes.pronunciation.registry import EXAMPLES

GOOD = """\
[dictionary]
name = "acme"
language = "en-US"
version = "1.0.0"
case = "preserve"

[[entry]]
written = "Acme"
alias = "Ack-mee"
ipa = "ˈæk.mi"
notes = "the brand"

[[entry]]
written = ["TrailPro", "Trail Pro"]
alias = "Trail Pro"
case = "insensitive"

[[entry]]
written = "kit"
alias = "kitt"
whole_word = false
"""

BAD = """\
[dictionary]
name = "acme"
colour = "red"

[[entry]]
written = "Acme"
alias = "Ack-mee"

[[entry]]
written = "ACME"
alias = "Acme Corp"
case = "insensitive"

[[entry]]
written = "Nike"
alias = ""

[[entry]]
written = "Sequim"
alias = "skwim"
ipa = "/skwɪm/"

[[entry]]
written = "Teton"
aliass = "TEE-tahn"

[[entry]]
written = "Chamonix"
alias = "sha-mo-NEE"
case = "sometimes"
whole_word = "yes"

[[entry]]
written = "New York"
alias = "N Y"
whole_word = false

[[entry]]
alias = "orphan"

[[entry]]
written = "Acme"
alias = "Ack-mee"
"""


def test_a_good_file_loads_with_every_field() -> None:
    dictionary = parse_toml(GOOD, source="acme.toml")
    assert (dictionary.name, dictionary.language, dictionary.version) == ("acme", "en-US", "1.0.0")
    acme, trail, kit = dictionary.entries
    assert acme == Entry(("Acme",), "Ack-mee", ipa="ˈæk.mi", notes="the brand")
    assert (acme.line, acme.line_of("ipa")) == (7, 10)
    assert trail.written == ("TrailPro", "Trail Pro") and trail.case is CasePolicy.INSENSITIVE
    assert not kit.whole_word
    node = PronunciationRewriter(dictionary)
    assert node.rewrite("ACME TRAIL PRO starterkit") == "ACK-MEE Trail Pro starterkitt"


def test_every_problem_is_reported_with_its_line_and_nothing_loads() -> None:
    with pytest.raises(DictionaryError) as caught:
        parse_toml(BAD, source="bad.toml")
    problems = [(p.line, p.message) for p in caught.value.problems]
    text = str(caught.value)

    def line_of(fragment: str) -> int:
        return next(line for line, message in problems if fragment in message)

    assert all(p.source == "bad.toml" for p in caught.value.problems)
    assert line_of("unknown field 'colour'") == 3
    assert line_of("conflicting entries for 'ACME'") == 10
    assert "'Acme Corp' here, 'Ack-mee'" in text and "first defined on line 5" in text
    assert line_of("alias is empty") == 16
    assert line_of("without /.../ delimiters") == 21
    assert line_of("unknown field 'aliass' (did you mean 'alias'?)") == 25
    assert line_of("case must be one of exact, insensitive, preserve, not 'sometimes'") == 30
    assert line_of("whole_word must be true or false") == 31
    assert line_of("whole_word = false needs a single word") == 34
    assert line_of("missing written") == 38
    assert line_of("duplicate written form 'Acme'") == 42
    assert len(problems) == 10
    assert text.startswith("10 problems in dictionary:\n  bad.toml:3: [dictionary]: unknown field")


def test_syntax_errors_name_the_line() -> None:
    with pytest.raises(DictionaryError, match=r"broken.toml:3: not valid TOML"):
        parse_toml('[dictionary]\nname = "x"\nalias = \n', source="broken.toml")


def test_a_missing_header_and_bad_types() -> None:
    with pytest.raises(DictionaryError) as caught:
        parse_toml('[[entry]]\nwritten = 42\nalias = "x"\n', source="x.toml")
    messages = [str(p) for p in caught.value.problems]
    assert "x.toml:1: missing the [dictionary] table" in messages[0]
    assert (
        "x.toml:2: entry #1: written must be a string or a non-empty list of strings"
        in (messages[1])
    )


@pytest.mark.parametrize(
    ("ipa", "hint"),
    [
        ("'skwim", "use ˈ (U+02C8) for primary stress"),
        ("skwi:m", "use ː (U+02D0) for length"),
        ("SKWIM", "IPA has no capital letters"),
        ("ma1", "IPA has no digits"),
        ("[skwɪm]", "without [...] delimiters"),
    ],
)
def test_ipa_mistakes_are_explained(ipa: str, hint: str) -> None:
    with pytest.raises(DictionaryError, match=re.escape(hint)):
        Dictionary("x", (Entry(("Sequim",), "skwim", ipa=ipa),))


def test_dictionaries_built_in_code_are_validated_too() -> None:
    with pytest.raises(DictionaryError, match="<x>: entry 'Acme': alias is empty"):
        Dictionary("x", (Entry(("Acme",), " "),))
    with pytest.raises(DictionaryError, match="entry 'Acme': needs an alias"):
        Dictionary("x", (Entry(("Acme",)),))
    Dictionary(
        "x",
        (
            Entry(("US",), "U.S.", case=CasePolicy.EXACT),
            Entry(("Us",), "us", case=CasePolicy.EXACT),
        ),
    )


def test_toml_round_trip(tmp_path: Path) -> None:
    original = parse_toml(GOOD)
    path = tmp_path / "acme.toml"
    path.write_text(dump_toml(original), encoding="utf-8")
    assert load_toml(path) == original
    for example in ("tech", "acme-outfitters"):
        dictionary = load_dictionary(example)
        assert parse_toml(dump_toml(dictionary)) == dictionary


def test_pls_round_trip_keeps_everything() -> None:
    for dictionary in (parse_toml(GOOD), load_dictionary("acme-outfitters")):
        assert parse_pls(dump_pls(dictionary)) == dictionary


def test_plain_pls_is_standard_lexicon() -> None:
    text = dump_pls(parse_toml(GOOD), extensions=False)
    assert "voicenodes" not in text
    assert text.splitlines()[1] == (
        '<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" '
        'alphabet="ipa" xml:lang="en-US">'
    )
    back = parse_pls(text, default_name="acme")
    assert [(e.written, e.alias, e.ipa) for e in back.entries] == [
        (("Acme",), "Ack-mee", "ˈæk.mi"),
        (("TrailPro", "Trail Pro"), "Trail Pro", None),
        (("kit",), "kitt", None),
    ]


PLS = """<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"
         alphabet="ipa" xml:lang="en-GB">
  <lexeme>
    <grapheme>Sequim</grapheme>
    <phoneme>skwɪm</phoneme>
  </lexeme>
  <lexeme>
    <grapheme>W3C</grapheme>
    <alias>World Wide Web Consortium</alias>
    <alias>W three C</alias>
  </lexeme>
  <lexeme>
    <grapheme>tomato</grapheme>
    <phoneme alphabet="x-sampa">t@"mA:t@U</phoneme>
  </lexeme>
  <lexeme>
    <alias>nothing written</alias>
  </lexeme>
</lexicon>
"""


def test_pls_import_reports_unsupported_content_with_lines() -> None:
    with pytest.raises(DictionaryError) as caught:
        parse_pls(PLS, source="lex.pls")
    assert [str(p) for p in caught.value.problems] == [
        "lex.pls:15: phoneme alphabet 'x-sampa' is not supported: use ipa",
        "lex.pls:17: <lexeme> needs at least one <grapheme>",
    ]
    fixed = PLS.replace('alphabet="x-sampa">t@"mA:t@U', ">təˈmɑːtəʊ").replace(
        "<lexeme>\n    <alias>nothing written</alias>\n  </lexeme>", ""
    )
    lexicon = parse_pls(fixed, default_name="british")
    assert (lexicon.name, lexicon.language) == ("british", "en-GB")
    assert [(e.written, e.alias, e.ipa) for e in lexicon.entries] == [
        (("Sequim",), None, "skwɪm"),
        (("W3C",), "World Wide Web Consortium", None),  # the first alias is preferred
        (("tomato",), None, "təˈmɑːtəʊ"),
    ]


def test_pls_refuses_entities_and_reports_bad_xml() -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><lexicon/>'
    with pytest.raises(DictionaryError, match="document type declarations are not allowed"):
        parse_pls(bomb)
    with pytest.raises(DictionaryError, match=r"<string>:2: not valid XML"):
        parse_pls('<lexicon version="1.0">\n<lexeme></lexicon>')
    with pytest.raises(DictionaryError, match="root element must be <lexicon>"):
        parse_pls("<lexicon/>")


class TestLookupByName:
    def test_a_path(self, tmp_path: Path) -> None:
        path = tmp_path / "mine.toml"
        path.write_text(GOOD, encoding="utf-8")
        assert load_dictionary(path).name == "acme"
        assert load_dictionary(str(path)).source == str(path)
        pls = tmp_path / "mine.pls"
        pls.write_text(dump_pls(load_dictionary(path)), encoding="utf-8")
        assert load_dictionary(pls) == load_dictionary(path)
        with pytest.raises(DictionaryNotFoundError, match="no dictionary file"):
            load_dictionary(tmp_path / "missing.toml")

    def test_folders_from_the_environment(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        first, second = tmp_path / "a", tmp_path / "b"
        first.mkdir()
        second.mkdir()
        (second / "acme-outfitters.toml").write_text(GOOD, encoding="utf-8")
        (second / "british.pls").write_text(dump_pls(parse_toml(GOOD)), encoding="utf-8")
        monkeypatch.setenv(ENV_VAR, f"{first}{__import__('os').pathsep}{second}")
        assert load_dictionary("acme-outfitters").name == "acme"  # the folder wins
        assert load_dictionary("british").name == "acme"
        assert available_dictionaries()["british"] == str(second / "british.pls")

    def test_an_installed_package_entry_point(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A real distribution on sys.path: dist-info metadata, entry point, package data."""
        package = tmp_path / "acme_voice_dictionary"
        package.mkdir()
        (package / "acme.toml").write_text(GOOD, encoding="utf-8")
        (package / "__init__.py").write_text(
            "from importlib.resources import files\nDICTIONARY = files(__name__) / 'acme.toml'\n"
        )
        info = tmp_path / "acme_voice_dictionary-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            "Metadata-Version: 2.1\nName: acme-voice-dictionary\nVersion: 1.0\n"
        )
        (info / "entry_points.txt").write_text(
            "[voicenodes.dictionaries]\nacme = acme_voice_dictionary:DICTIONARY\n"
        )
        monkeypatch.syspath_prepend(str(tmp_path))
        dictionary = load_dictionary("acme")
        assert dictionary.name == "acme" and dictionary.source.endswith("acme.toml")  # type: ignore[union-attr]
        assert "acme" in available_dictionaries()
        node = PronunciationRewriter.load("acme", overrides={"Acme": "Ack-mi"})
        assert node.rewrite("Acme") == "Ack-mi"
        sys.modules.pop("acme_voice_dictionary", None)

    def test_bundled_examples_and_a_helpful_error(self) -> None:
        assert {"tech", "acme-outfitters"} <= set(available_dictionaries())
        assert read_dictionary(EXAMPLES / "tech.toml").name == "tech"
        with pytest.raises(DictionaryNotFoundError) as caught:
            load_dictionary("nonexistent-brand")
        assert "VOICENODES_DICTIONARIES" in str(caught.value)
        assert "acme-outfitters" in str(caught.value)  # lists what is available


def test_unknown_format() -> None:
    with pytest.raises(DictionaryError, match=r"unknown dictionary format '\.json'"):
        read_dictionary(Path("x.json"))
