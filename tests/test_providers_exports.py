"""Provider exports: golden files per provider, documented limits, the CLI."""

from __future__ import annotations

import io
import json
import unicodedata
from pathlib import Path
from xml.etree import ElementTree

import pytest

from voicenodes.compositions.cli import main
from voicenodes.nodes.pronunciation import Dictionary, Entry, load_dictionary
from voicenodes.nodes.pronunciation.pls import PLS_NAMESPACE as PLS
from voicenodes.nodes.providers import (
    ExportError,
    azure_pls,
    cartesia_items,
    deepgram_keyterms,
    deepgram_replacements,
    elevenlabs_pls,
    elevenlabs_rules,
    google_pronunciations,
)
from voicenodes.nodes.providers.exports import estimate_keyterm_tokens, spoken_forms

DATA = Path(__file__).parent / "data" / "providers"
BRAND = load_dictionary(DATA / "brand.toml")

GOLDEN = {
    "azure": "brand.azure.pls",
    "elevenlabs": "brand.elevenlabs.json",
    "elevenlabs-pls": "brand.elevenlabs-pls.pls",
    "cartesia": "brand.cartesia.json",
    "google": "brand.google.json",
    "deepgram": "brand.deepgram.json",
}


@pytest.mark.parametrize("target", sorted(GOLDEN))
def test_cli_export_matches_the_golden_file(
    target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["dict", "export", str(DATA / "brand.toml"), "--to", target]) == 0
    assert capsys.readouterr().out == (DATA / GOLDEN[target]).read_text(encoding="utf-8")


def test_cli_export_writes_a_file_and_reports_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "lexicon.pls"
    assert (
        main(["dict", "export", str(DATA / "brand.toml"), "--to", "azure", "--out", str(out)]) == 0
    )
    assert out.read_text(encoding="utf-8") == (DATA / "brand.azure.pls").read_text(encoding="utf-8")
    french = tmp_path / "fr.toml"
    french.write_text(
        '[dictionary]\nname = "fr"\nlanguage = "fr-FR"\n\n'
        '[[entry]]\nwritten = "Sequim"\nipa = "skwɪm"\n',
        encoding="utf-8",
    )
    assert main(["dict", "export", str(french), "--to", "google"]) == 1
    err = capsys.readouterr().err
    assert "cannot export for Google customPronunciations" in err and "'fr-FR'" in err


def test_pls_exports_are_valid_pls_with_case_variants() -> None:
    for text in (azure_pls(BRAND), elevenlabs_pls(BRAND)):
        root = ElementTree.fromstring(text.encode())  # our own output: no untrusted XML
        assert root.tag == f"{{{PLS}}}lexicon" and root.get("alphabet") == "ipa"
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-US"
        graphemes = {g.text for g in root.iter(f"{{{PLS}}}grapheme")}
        # case-sensitive providers: every spelling voicenodes matches is listed...
        assert {"LiveKit", "livekit", "LIVEKIT"} <= graphemes
        # ...but an exact (acronym) entry only as written
        assert "sku" not in graphemes and "SKU" in graphemes
        assert "xmlns:vn" not in text  # plain PLS


def test_azure_decomposes_ipa_and_takes_no_phrase_pronunciation() -> None:
    dictionary = Dictionary(
        name="d",
        language="en-US",
        entries=(Entry(("Crème",), ipa="kʁɛ̃m"), Entry(("Big Sur",), ipa="bɪɡ sɝ")),
    )
    with pytest.raises(ExportError) as failed:
        azure_pls(dictionary)
    assert "'Big Sur': Azure takes no phrase pronunciation" in str(failed.value)
    nfc = Dictionary(name="d", language="en-US", entries=(Entry(("Crème",), ipa="ẽ"),))
    assert unicodedata.normalize("NFD", "ẽ") in azure_pls(nfc)
    assert "ẽ" not in azure_pls(nfc)


def test_azure_needs_a_locale_and_at_most_100_kb() -> None:
    no_locale = Dictionary(name="d", entries=(Entry(("Acme",), "Ack-mee"),))
    with pytest.raises(ExportError, match="needs the lexicon's locale"):
        azure_pls(no_locale)
    many = tuple(Entry((f"Brand{i}",), f"Brand number {i} spoken slowly") for i in range(1200))
    with pytest.raises(ExportError, match=r"Azure accepts at most 102,400"):
        azure_pls(Dictionary(name="big", language="en-US", entries=many))


def test_elevenlabs_rules_follow_the_documented_schema() -> None:
    body = elevenlabs_rules(BRAND, prefer="phoneme")
    assert body["name"] == "brand"
    for rule in body["rules"]:
        assert rule["type"] in ("alias", "phoneme")
        assert isinstance(rule["string_to_replace"], str) and rule["string_to_replace"]
        required = {"alias"} if rule["type"] == "alias" else {"phoneme", "alphabet"}
        assert required <= rule.keys()
    by_text = {r["string_to_replace"]: r for r in body["rules"]}
    assert by_text["LiveKit"] == {
        "string_to_replace": "LiveKit",
        "type": "phoneme",
        "case_sensitive": False,
        "word_boundaries": True,
        "phoneme": "ˈlaɪv.kɪt",
        "alphabet": "ipa",
    }
    assert by_text["SKU"]["case_sensitive"] is True


def test_elevenlabs_phonemes_are_english_only() -> None:
    german = Dictionary(
        name="de",
        language="de-DE",
        entries=(Entry(("Müller",), ipa="ˈmʏlɐ"), Entry(("Acme",), "Äkmi", ipa="ˈɛkmi")),
    )
    with pytest.raises(ExportError) as failed:
        elevenlabs_rules(german, prefer="phoneme")
    assert len(failed.value.problems) == 1
    assert "'Müller': ElevenLabs phonemes work only in English" in str(failed.value)
    assert (
        elevenlabs_rules(
            german.__class__(name="de", language="de-DE", entries=german.entries[1:]),
            prefer="phoneme",
        )["rules"][0]["type"]
        == "alias"
    )


def test_cartesia_items_use_its_phoneme_syntax() -> None:
    items = {i["text"]: i["pronunciation"] for i in cartesia_items(BRAND)}
    assert items["Tuolumne"] == "<<t|u|ˈ|ɑ|l|ə|m|i>>"
    assert items["Acme Care"] == "<<ˈ|æ|k|m|i>> <<k|ɛ|ɹ>>"  # one <<...>> per word
    assert items["SKU"] == "skew" and "sku" not in items
    no_stress = {i["text"]: i["pronunciation"] for i in cartesia_items(BRAND, stress_marks=False)}
    assert no_stress["Tuolumne"] == "<<t|u|ɑ|l|ə|m|i>>"
    assert cartesia_items(BRAND, prefer="alias")[0]["pronunciation"] == "Live Kit"


def test_google_takes_ipa_entries_only() -> None:
    phrases = {p["phrase"] for p in google_pronunciations(BRAND)["pronunciations"]}
    assert "SKU" not in phrases and "e.g." not in phrases  # no IPA
    assert {"LiveKit", "Tuolumne", "Acme Care"} <= phrases
    aliases_only = Dictionary(name="d", entries=(Entry(("SKU",), "skew"),))
    with pytest.raises(ExportError, match="nothing to export"):
        google_pronunciations(aliases_only)


def test_deepgram_keyterms_respect_the_500_token_limit() -> None:
    assert deepgram_keyterms(BRAND) == ["LiveKit", "SKU", "Acme Care", "Tuolumne"]
    long = Dictionary(
        name="long",
        entries=tuple(Entry((f"Supercalifragilistic{i:03d}",), f"word {i}") for i in range(80)),
    )
    with pytest.raises(ExportError) as failed:
        deepgram_keyterms(long)
    message = str(failed.value)
    assert "Deepgram accepts at most 500 across all keyterms" in message
    assert deepgram_keyterms(long, count_tokens=lambda term: 1) == [
        e.written[0] for e in long.entries
    ]
    assert estimate_keyterm_tokens("LiveKit") == 3 and estimate_keyterm_tokens("C++") == 3


def test_deepgram_keyterm_count_and_replacement_limits() -> None:
    many = Dictionary(
        name="many",
        entries=tuple(
            Entry((f"Brand{i}",), f"brand {i}", heard=(f"bran {i}",)) for i in range(120)
        ),
    )
    with pytest.raises(ExportError, match="120 keyterms; Deepgram recommends at most 100"):
        deepgram_keyterms(many, max_tokens=10_000)
    with pytest.raises(ExportError, match="240 replace terms; Deepgram suggests at most 200"):
        deepgram_replacements(many)
    colon = Dictionary(name="c", entries=(Entry(("Acme",), "Ack-mee", heard=("ack: me",)),))
    with pytest.raises(ExportError, match="uses ':' between them"):
        deepgram_replacements(colon)


def test_spoken_forms_are_heard_forms_and_same_letter_aliases() -> None:
    assert spoken_forms(Entry(("LiveKit",), "Live Kit", heard=("lie kit",))) == [
        "lie kit",
        "Live Kit",
    ]
    assert spoken_forms(Entry(("API",), "A P I")) == ["A P I"]
    assert spoken_forms(Entry(("e.g.",), "for example")) == []  # a different phrase
    assert spoken_forms(Entry(("Acme",), "Ack-mee")) == []  # a respelling
    assert deepgram_replacements(BRAND) == {"lie kit": "LiveKit", "live kit": "LiveKit"}


def test_export_of_the_bundled_dictionaries_is_clean() -> None:
    out = io.StringIO()
    dictionaries = ["tech", "acme-outfitters"]
    for target in GOLDEN:
        assert main(["dict", "export", *dictionaries, "--to", target, "--out", "/dev/null"]) == 0, (
            out
        )
    body = json.loads((DATA / "brand.deepgram.json").read_text(encoding="utf-8"))
    assert set(body) == {"keyterm", "replace"}


def test_say_shows_the_markup_a_tts_would_get(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "say",
        "--dictionary",
        "acme-outfitters",
        "--tts",
        "cartesia:sonic-3",
        "Acme ships 3 parkas",
    ]
    assert main(argv) == 0
    assert capsys.readouterr().out == "<<ˈ|æ|k|m|i>> ships three parkas\n"
    assert main(["say", "--dictionary", "acme-outfitters", "--tts", "nope", "Acme"]) == 1
    assert "no phoneme markup for 'nope'" in capsys.readouterr().err
