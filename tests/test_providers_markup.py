"""Phoneme markup per provider, the support table, sealing and streaming."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voicenodes.compositions import as_text_transform
from voicenodes.compositions.say import spoken_text
from voicenodes.nodes import Dictionary, NumberNormalizer, PatternRewriter, PronunciationRewriter
from voicenodes.nodes.pronunciation import Entry
from voicenodes.nodes.providers import PROVIDERS, PhonemeMarkup, markup_for_name
from voicenodes.nodes.providers.markup import ipa_with_ending, phoneme_units
from voicenodes.nodes.sealed import SEAL_OPEN, UnsealStream, seal, unseal

DOCS = Path(__file__).parent.parent / "docs" / "providers.md"
BRAND = Dictionary(
    name="brand",
    language="en-US",
    entries=(
        Entry(("Acme",), "Ack-mee", ipa="ˈæk.mi"),
        Entry(("3M",), "three M", ipa="ˈθɹiˈɛm"),
        Entry(("Acme Care",), "Ack-mee Care", ipa="ˈæk.mi kɛɹ"),
        Entry(("Big Sur",), "big sir", ipa="bɪɡsɝ"),
        Entry(("Tuolumne",), ipa="tuˈɑl.ə.mi"),
        Entry(("SKU",), "skew"),
    ),
)


def test_ssml_markup_for_elevenlabs_one_tag_per_word() -> None:
    node = PronunciationRewriter(BRAND, markup="elevenlabs:eleven_flash_v2")
    assert node.rewrite("Acme") == '<phoneme alphabet="ipa" ph="ˈæk.mi">Acme</phoneme>'
    assert node.rewrite("Acme Care") == (
        '<phoneme alphabet="ipa" ph="ˈæk.mi">Acme</phoneme> '
        '<phoneme alphabet="ipa" ph="kɛɹ">Care</phoneme>'
    )
    # IPA that does not pair with the words: the alias
    assert node.rewrite("Big Sur") == "big sir"
    # an entry with IPA only becomes a key in markup mode; aliases-only nodes leave it
    assert node.rewrite("Tuolumne") == '<phoneme alphabet="ipa" ph="tuˈɑl.ə.mi">Tuolumne</phoneme>'
    assert PronunciationRewriter(BRAND, markup=None).rewrite("Tuolumne") == "Tuolumne"
    assert node.rewrite("SKU") == "skew"  # no IPA
    assert node.rewrite("Acme's") == '<phoneme alphabet="ipa" ph="ˈæk.miz">Acme\'s</phoneme>'
    assert node.rewrite("<b>") == "<b>"


def test_cartesia_markup() -> None:
    node = PronunciationRewriter(BRAND, markup="cartesia:sonic-3")
    assert node.rewrite("Acme Care and Big Sur") == "<<ˈ|æ|k|m|i>> <<k|ɛ|ɹ>> and <<b|ɪ|ɡ|s|ɝ>>"
    assert PronunciationRewriter(BRAND, markup="cartesia:sonic-2").rewrite("Acme") == "<<æ|k|m|i>>"


def test_markup_is_english_only_where_the_provider_says_so() -> None:
    german = Dictionary(name="de", language="de", entries=(Entry(("Acme",), "Äkmi", ipa="ˈɛkmi"),))
    assert (
        PronunciationRewriter(german, markup="elevenlabs:eleven_flash_v2").rewrite("Acme") == "Äkmi"
    )
    assert PronunciationRewriter(german, markup="cartesia").rewrite("Acme") == "<<ˈ|ɛ|k|m|i>>"


def test_named_markup_errors() -> None:
    with pytest.raises(ValueError, match="known providers are"):
        markup_for_name("acme-tts")
    with pytest.raises(ValueError, match="eleven_flash_v2_5' takes no inline phonemes"):
        markup_for_name("elevenlabs:eleven_flash_v2_5")
    assert markup_for_name("azure").syntax == "ssml"


def test_ipa_units_and_endings() -> None:
    assert phoneme_units("ˌkuː.bɚˈnɛt.iz") == [
        "ˌ",
        "k",
        "uː",
        "b",
        "ɚ",
        "ˈ",
        "n",
        "ɛ",
        "t",
        "i",
        "z",
    ]
    assert phoneme_units("t͡ʃaɪ") == ["t͡ʃ", "aɪ"]
    assert [ipa_with_ending(i, "s") for i in ("bʌs", "kæt", "dɔɡ", "tʃɜɹtʃ")] == [
        "bʌsɪz",
        "kæts",
        "dɔɡz",
        "tʃɜɹtʃɪz",
    ]
    assert ipa_with_ending("kæt", "es") is None
    assert PhonemeMarkup("ssml").render("ˈæk", "Ack", "es") is None


def test_later_rewrites_cannot_break_the_markup() -> None:
    brand = PronunciationRewriter(BRAND, markup="elevenlabs:eleven_flash_v2")
    # a user rule that would rewrite inside tags and their text
    shout = PatternRewriter(r"[a-z]+", lambda m: m.group().upper())
    text = "Acme sells 3M tape for $5."
    spoken = asyncio.run(spoken_text(text, [brand, NumberNormalizer(), shout]))
    assert spoken == (
        '<phoneme alphabet="ipa" ph="ˈæk.mi">Acme</phoneme> SELLS '
        '<phoneme alphabet="ipa" ph="ˈθɹiˈɛm">3M</phoneme> TAPE FOR FIVE DOLLARS.'
    )


def test_seal_round_trip_and_streaming_unseal() -> None:
    for text in ["", "plain", "<phoneme ph='ˈæ'>A</phoneme>", "emoji 😀 and 𝔘"]:
        sealed = seal(text)
        assert sealed.startswith(SEAL_OPEN) and not any(c.isalnum() for c in sealed)
        assert unseal("a " + sealed + " b") == "a " + text + " b"
    stream = UnsealStream()
    sealed = seal("<x>")
    assert stream.feed("a" + sealed[:3]) == "a"
    assert stream.pending == sealed[:3]
    assert stream.feed(sealed[3:] + "b") + stream.flush() == "<x>b"


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_markup_chains_are_chunking_invariant(data: st.DataObject) -> None:
    words = ["Acme", "Care", "3M", "Tuolumne", "SKU", "$5", "costs", " ", ", ", ". ", "Big", "Sur"]
    text = "".join(data.draw(st.lists(st.sampled_from(words), min_size=1, max_size=14)))
    cuts = sorted(data.draw(st.sets(st.integers(0, len(text)), max_size=6)))
    chunks = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=False)]
    markup = data.draw(st.sampled_from(["elevenlabs:eleven_flash_v2", "cartesia:sonic-3"]))
    transform = as_text_transform(PronunciationRewriter(BRAND, markup=markup), NumberNormalizer())

    async def run(parts: list[str]) -> str:
        async def source() -> AsyncIterator[str]:
            for part in parts:
                yield part

        return "".join([c async for c in transform(source())])

    assert asyncio.run(run(chunks)) == asyncio.run(run([text]))


def test_the_support_table_is_documented_with_its_sources() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    for facts in PROVIDERS.values():
        assert facts.name in docs
        sources = {s.url for g in facts.inline for s in g.sources} | {
            s.url for s in facts.limit_sources
        }
        assert sources, facts.key
        for url in sources:
            assert url in docs, url
        for group in facts.inline:
            for model in group.models or ():
                assert f"`{model}`" in docs, model
