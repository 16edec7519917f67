"""PronunciationRewriter: word boundaries, phrases, endings, case, protected spans."""

from __future__ import annotations

import pytest

from voicenodes.nodes import Dictionary, PronunciationRewriter
from voicenodes.nodes.pronunciation import CasePolicy, Entry
from voicenodes.nodes.pronunciation.render import apply_case_pattern


def rewriter(*entries: Entry, case: CasePolicy | None = None) -> PronunciationRewriter:
    return PronunciationRewriter(Dictionary("test", tuple(entries), case=case))


def say(node: PronunciationRewriter, text: str) -> str:
    return node.rewrite(text)


def test_livekit_replace_failures_come_out_right() -> None:
    node = PronunciationRewriter({"AI": "A.I.", "cat": "dog"})
    assert say(node, "I said AI can concatenate a cat.") == "I said A.I. can concatenate a dog."
    assert say(node, "said") == "said"
    assert say(node, "concatenate") == "concatenate"


def test_phrases_match_across_any_white_space() -> None:
    node = PronunciationRewriter({"New York": "New York City", "York": "Yorkshire"})
    assert say(node, "New York") == "New York City"
    assert say(node, "New  York and New\nYork and New\t \n York") == (
        "New York City and New York City and New York City"
    )
    assert say(node, "New Yorker") == "New Yorker"  # whole words only
    assert say(node, "NewYork, York") == "NewYork, Yorkshire"


def test_possessives_and_plurals_keep_their_ending() -> None:
    node = PronunciationRewriter({"LiveKit": "Live Kit", "API": "A P I", "New York": "N Y"})
    assert say(node, "LiveKit's agents") == "Live Kit's agents"
    assert say(node, "LiveKit’s agents") == "Live Kit’s agents"
    assert say(node, "two APIs, the APIs' docs") == "two A P Is, the A P Is' docs"
    assert say(node, "New York's mayor") == "N Y's mayor"
    assert say(node, "APIS") == "APIS"  # an exact acronym takes a lower-case s only
    assert say(node, "LiveKitty") == "LiveKitty"


def test_an_explicit_plural_entry_wins_over_the_ending_rule() -> None:
    node = PronunciationRewriter({"API": "A P I", "APIs": "A P I's"})
    assert say(node, "APIs") == "A P I's"


def test_longest_match_wins() -> None:
    node = PronunciationRewriter(
        {"Acme": "Ack-mee", "Acme Care": "Ack-mee Care", "Acme Care Plus": "the plus plan"}
    )
    assert say(node, "Acme Care Plus") == "the plus plan"
    assert say(node, "Acme Care plan") == "Ack-mee Care plan"
    assert say(node, "Acme Carefree") == "Ack-mee Carefree"


def test_output_is_never_scanned_again() -> None:
    node = PronunciationRewriter({"AI": "A I", "A": "ay", "I": "eye"})
    assert say(node, "AI") == "A I"


def test_case_policies() -> None:
    node = rewriter(
        Entry(("NIKE",), "nye-key", case=CasePolicy.PRESERVE),
        Entry(("US",), "U.S.", case=CasePolicy.EXACT),
        Entry(("acme",), "Ack-mee", case=CasePolicy.INSENSITIVE),
    )
    assert say(node, "NIKE Nike nike NiKe") == "NYE-KEY Nye-key nye-key nye-key"
    assert say(node, "US and us") == "U.S. and us"
    assert say(node, "ACME acme") == "Ack-mee Ack-mee"


def test_default_case_policy_is_exact_for_acronyms_preserve_otherwise() -> None:
    node = PronunciationRewriter({"IT": "I T", "LiveKit": "Live Kit"})
    assert say(node, "IT fixed it") == "I T fixed it"
    assert say(node, "LIVEKIT, livekit, LiveKit") == "LIVE KIT, live kit, Live Kit"


def test_dictionary_default_case_policy() -> None:
    node = rewriter(Entry(("IT",), "I T"), case=CasePolicy.INSENSITIVE)
    assert say(node, "it") == "I T"


def test_case_pattern() -> None:
    assert apply_case_pattern("nye-key", "NIKE", "Nike") == "NYE-KEY"
    assert apply_case_pattern("nye-key", "Nike", "nike") == "Nye-key"
    assert apply_case_pattern("Live Kit", "livekit", "LiveKit") == "live kit"
    assert apply_case_pattern("Live Kit", "LiveKit", "LiveKit") == "Live Kit"
    assert apply_case_pattern("x", "lIvEkIt", "LiveKit") == "x"


@pytest.mark.parametrize(
    "text",
    [
        "https://docs.livekit.io/agents/livekit",
        "livekit.io/docs/livekit",
        "mail livekit@livekit.com",
        '<voice name="livekit">',
        "www.livekit.com",
    ],
)
def test_never_inside_urls_emails_or_tags(text: str) -> None:
    node = PronunciationRewriter({"livekit": "Live Kit", "docs": "documents", "io": "eye oh"})
    out = say(node, text)
    for span in ("https://docs.livekit.io/agents/livekit", "livekit.io/docs/livekit"):
        if span in text:
            assert span in out
    assert say(node, "<b>LiveKit</b> docs") == "<b>Live Kit</b> documents"
    assert say(node, f"{text} livekit") == f"{out} Live Kit"


def test_a_key_spelled_like_a_whole_span_matches_it() -> None:
    node = PronunciationRewriter({"acme.com": "Acme dot com", "acme": "Ack-mee"})
    assert say(node, "visit acme.com or acme.com/help") == "visit Acme dot com or acme.com/help"


def test_keys_with_punctuation() -> None:
    node = PronunciationRewriter(
        {
            "C++": "C plus plus",
            "C#": "C sharp",
            ".NET": "dot net",
            "e.g.": "for example",
            "Wi-Fi": "why-fye",
            "Node.js": "node J S",
            "w/": "with",
        }
    )
    assert say(node, "C++ and C#, e.g. on .NET or Node.js w/ Wi-Fi") == (
        "C plus plus and C sharp, for example on dot net or node J S with why-fye"
    )
    assert say(node, "Wi-Fi-enabled, AC#") == "why-fye-enabled, AC#"


def test_hyphenated_words_match_their_parts() -> None:
    node = PronunciationRewriter({"AI": "A.I."})
    assert say(node, "AI-powered and non-AI") == "A.I.-powered and non-A.I."


def test_unspaced_scripts_match_inside_runs() -> None:
    node = PronunciationRewriter({"微信": "WeChat", "微信支付": "WeChat Pay", "東京": "Tokyo"})
    assert say(node, "用微信支付付款,在東京用微信") == "用WeChat Pay付款,在Tokyo用WeChat"


def test_whole_word_false_matches_inside_words() -> None:
    node = rewriter(Entry(("kit",), "kitt", whole_word=False), Entry(("Live",), "Laiv"))
    assert say(node, "LiveKit starterkit kit Live") == "LiveKitt starterkitt kitt Laiv"


def test_layers_later_dictionaries_override_earlier_ones() -> None:
    base = Dictionary.from_mapping({"LiveKit": "Live Kit", "AI": "A.I."}, name="base")
    brand = Dictionary.from_mapping({"livekit": "LIVE-kit"}, name="brand")
    node = PronunciationRewriter(base, brand, {"AI": "artificial intelligence"})
    assert say(node, "LiveKit AI") == "LIVE-kit artificial intelligence"
    session = node.layered({"LiveKit": "el kay"})
    assert say(session, "LiveKit AI") == "el kay artificial intelligence"
    assert say(node, "LiveKit") == "LIVE-kit"  # the original is unchanged
    assert [d.name for d in session.dictionaries] == ["base", "brand", "overrides", "overrides"]


def test_ipa_only_entries_leave_text_unchanged() -> None:
    node = rewriter(Entry(("Acme",), ipa="ˈæk.mi"), Entry(("AI",), "A.I."))
    assert say(node, "Acme AI") == "Acme A.I."


def test_bundled_examples_load_and_act() -> None:
    node = PronunciationRewriter.load("tech", "acme-outfitters")
    assert say(node, "LiveKit's APIs, e.g. Siobhan's XL Tuolumne parka from ACME.") == (
        "Live Kit's A P Is, for example shi-VAWN's extra large too-ALL-uh-mee parka from ACK-MEE."
    )


class TestStreaming:
    def test_holds_only_a_key_prefix(self) -> None:
        stream = PronunciationRewriter({"LiveKit": "Live Kit"}).open_stream()
        assert stream.feed("Welcome to Li") == "Welcome to "
        assert stream.pending == "Li"
        assert stream.feed("veK") == ""
        assert stream.feed("it's docs") == "Live Kit's docs"
        assert stream.pending == ""
        assert stream.flush() == ""

    def test_a_word_that_starts_no_key_is_released_before_it_ends(self) -> None:
        stream = PronunciationRewriter({"LiveKit": "Live Kit"}).open_stream()
        assert stream.feed("Welcome") == "Welcome"
        assert stream.pending == ""
        assert stream.feed("d to Lo") == "d to Lo"
        assert stream.feed("ndon") == "ndon"

    def test_an_unfinished_phrase_is_held(self) -> None:
        stream = PronunciationRewriter({"New York": "N Y"}).open_stream()
        assert stream.feed("in New") == "in "
        assert stream.feed(" ") == ""
        assert stream.feed("Yo") == ""
        assert stream.pending == "New Yo"
        assert stream.feed("rkshire") == "New Yorkshire"

    def test_an_unfinished_url_is_held_whole(self) -> None:
        stream = PronunciationRewriter({"docs": "documents"}).open_stream()
        assert stream.feed("see https://") == "see https"  # no key starts with "https"
        assert stream.pending == "://"
        assert stream.feed("livekit.io/docs") == ""
        assert stream.feed(" or docs") == "://livekit.io/docs or "
        assert stream.flush() == "documents"

    def test_runs_hold_at_most_a_key_prefix(self) -> None:
        stream = PronunciationRewriter({"微信支付": "WeChat Pay"}).open_stream()
        assert stream.feed("我们用微信") == "我们用"
        assert stream.pending == "微信"
        assert stream.feed("红包") == "微信红包"
        assert stream.pending == ""

    def test_everything_is_released_at_the_end(self) -> None:
        stream = PronunciationRewriter({"LiveKit": "Live Kit"}).open_stream()
        assert stream.feed("hello LiveKit") == "hello "
        assert stream.flush() == "Live Kit"
        assert stream.pending == ""


async def test_a_failing_renderer_loses_no_text(caplog: pytest.LogCaptureFixture) -> None:
    """A renderer that raises (say a provider-markup renderer with a bug) is bypassed by
    the failure policy: what the stream held back comes out unchanged."""
    from voicenodes.compositions import as_text_transform

    from .helpers import collect, stream_of

    node = PronunciationRewriter({"LiveKit": "Live Kit"})

    def broken(match: object) -> str:
        raise RuntimeError("renderer bug")

    node.render = broken
    out = await collect(as_text_transform(node)(stream_of(["hi Live", "Kit and ", "more"])))  # type: ignore[arg-type]
    assert "".join(out) == "hi LiveKit and more"  # type: ignore[arg-type]
    assert any("failed in tts_input" in r.getMessage() for r in caplog.records)
