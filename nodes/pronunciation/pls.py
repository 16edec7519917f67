"""W3C Pronunciation Lexicon Specification (PLS) 1.0: import and export.

PLS is the lexicon format TTS providers accept (Azure custom lexicons, ElevenLabs
pronunciation dictionaries, ...)::

    <lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"
             alphabet="ipa" xml:lang="en-US">
      <lexeme>
        <grapheme>Acme</grapheme>
        <phoneme>ˈæk.mi</phoneme>
        <alias>Ack-mee</alias>
      </lexeme>
    </lexicon>

Mapping: each ``<lexeme>`` is an entry; its ``<grapheme>`` s are the written forms, the
first ``<alias>`` is the alias and the first IPA ``<phoneme>`` the IPA (PLS lists them in
order of preference). The dictionary's name, version and description travel in
``<meta name="voicenodes:..." content="..."/>``; an entry's notes in an XML comment
inside its lexeme; a non-default case policy or ``whole_word`` in attributes of the
``voicenodes`` namespace, which PLS processors ignore; what speech recognition may
write for it (``heard``) in ``<vn:heard>`` elements of that namespace. Everything else
round-trips as is.

Reading uses expat directly, with document type declarations refused (no entities, no
external resources) and line numbers kept for every problem.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

from .errors import DictionaryError, Problem
from .keys import CasePolicy
from .model import Dictionary, Entry

PLS_NAMESPACE = "http://www.w3.org/2005/01/pronunciation-lexicon"
VOICENODES_NAMESPACE = "https://voicenodes.dev/ns/pls"
_XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
_META_PREFIX = "voicenodes:"

_Report = Callable[[int | None, str], None]


@dataclass
class _Element:
    tag: str
    attrs: dict[str, str]
    line: int
    children: list[_Element] = field(default_factory=list)
    text: str = ""
    comments: list[str] = field(default_factory=list)


class _DoctypeRefused(Exception):
    pass


def _parse_xml(data: bytes, source: str) -> _Element:
    parser = expat.ParserCreate(namespace_separator=" ")
    root: list[_Element] = []
    stack: list[_Element] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        element = _Element(tag, attrs, parser.CurrentLineNumber)
        if stack:
            stack[-1].children.append(element)
        else:
            root.append(element)
        stack.append(element)

    def end(tag: str) -> None:
        stack.pop()

    def text(data: str) -> None:
        if stack:
            stack[-1].text += data

    def comment(data: str) -> None:
        if stack:
            stack[-1].comments.append(data.strip())

    def refuse(*_: object) -> None:
        raise _DoctypeRefused

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.CommentHandler = comment
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(data, True)
    except _DoctypeRefused:
        line = parser.CurrentLineNumber
        raise DictionaryError(
            [Problem(source, line, "document type declarations are not allowed in a lexicon")]
        ) from None
    except expat.ExpatError as error:
        message = expat.errors.messages.get(error.code, str(error)) if error.code else str(error)
        raise DictionaryError(
            [Problem(source, error.lineno, f"not valid XML: {message}")]
        ) from None
    return root[0]


def _name(namespace: str, local: str) -> str:
    return f"{namespace} {local}"


def load_pls(path: str | Path) -> Dictionary:
    """Read a PLS lexicon. Raises :class:`DictionaryError` listing every problem."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DictionaryError(
            [Problem(str(path), None, f"cannot read the file: {error}")]
        ) from None
    return parse_pls(data, source=str(path), default_name=path.stem)


def parse_pls(
    data: bytes | str, *, source: str = "<string>", default_name: str = "lexicon"
) -> Dictionary:
    """A dictionary from PLS text."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    root = _parse_xml(raw, source)
    problems: list[Problem] = []

    def report(line: int | None, message: str) -> None:
        problems.append(Problem(source, line, message))

    if root.tag != _name(PLS_NAMESPACE, "lexicon"):
        report(root.line, f"the root element must be <lexicon> in the namespace {PLS_NAMESPACE}")
        raise DictionaryError(problems)
    if root.attrs.get("version") != "1.0":
        report(root.line, f'<lexicon> needs version="1.0", not {root.attrs.get("version")!r}')
    alphabet = root.attrs.get("alphabet")
    if alphabet is None:
        report(root.line, '<lexicon> needs an alphabet attribute (alphabet="ipa")')
    meta = {
        child.attrs.get("name", "")[len(_META_PREFIX) :]: child.attrs.get("content", "")
        for child in root.children
        if child.tag == _name(PLS_NAMESPACE, "meta")
        and child.attrs.get("name", "").startswith(_META_PREFIX)
    }
    entries = [
        entry
        for child in root.children
        if child.tag == _name(PLS_NAMESPACE, "lexeme")
        and (entry := _read_lexeme(child, alphabet, report)) is not None
    ]
    try:
        dictionary = Dictionary(
            name=meta.get("name", default_name),
            entries=tuple(entries),
            language=root.attrs.get(_name(_XML_NAMESPACE, "lang")),
            version=meta.get("version"),
            description=meta.get("description"),
            case=_policy(meta.get("case"), root.line, report),
            source=source,
            name_line=root.line,
        )
    except DictionaryError as invalid:
        problems.extend(invalid.problems)
    if problems:
        raise DictionaryError(problems)
    return dictionary


def _read_lexeme(lexeme: _Element, alphabet: str | None, report: _Report) -> Entry | None:
    graphemes: list[str] = []
    aliases: list[_Element] = []
    ipa: str | None = None
    heard: list[str] = []
    field_lines: dict[str, int] = {}
    for child in lexeme.children:
        local = child.tag.rpartition(" ")[2]
        if local == "grapheme":
            graphemes.append(child.text.strip())
            field_lines.setdefault("written", child.line)
        elif local == "alias":
            aliases.append(child)
            field_lines.setdefault("alias", child.line)
        elif child.tag == _name(VOICENODES_NAMESPACE, "heard"):
            heard.append(child.text.strip())
            field_lines.setdefault("heard", child.line)
        elif local == "phoneme" and ipa is None:
            used = child.attrs.get("alphabet", alphabet)
            if used != "ipa":
                report(child.line, f"phoneme alphabet {used!r} is not supported: use ipa")
                return None
            ipa = child.text.strip()
            field_lines["ipa"] = child.line
    if not graphemes:
        report(lexeme.line, "<lexeme> needs at least one <grapheme>")
        return None

    def own(local: str) -> str | None:
        return lexeme.attrs.get(_name(VOICENODES_NAMESPACE, local))

    whole_word = own("whole-word")
    if whole_word not in (None, "true", "false"):
        report(lexeme.line, f'whole-word must be "true" or "false", not {whole_word!r}')
    return Entry(
        written=tuple(graphemes),
        alias=aliases[0].text.strip() if aliases else None,
        ipa=ipa,
        case=_policy(own("case"), lexeme.line, report),
        whole_word=whole_word != "false",
        notes="\n".join(lexeme.comments) or None,
        heard=tuple(heard),
        line=lexeme.line,
        field_lines=field_lines,
    )


def _policy(value: str | None, line: int, report: _Report) -> CasePolicy | None:
    if value is None:
        return None
    try:
        return CasePolicy(value)
    except ValueError:
        choices = ", ".join(p.value for p in CasePolicy)
        report(line, f"case must be one of {choices}, not {value!r}")
        return None


def dump_pls(dictionary: Dictionary, *, extensions: bool = True) -> str:
    """The PLS 1.0 text of ``dictionary``.

    With ``extensions=False`` the voicenodes metadata (name, version, notes, case
    policies) is left out, for consumers that accept nothing beyond plain PLS.
    """
    attrs = [
        'version="1.0"',
        f'xmlns="{PLS_NAMESPACE}"',
        'alphabet="ipa"',
    ]
    if extensions:
        attrs.append(f'xmlns:vn="{VOICENODES_NAMESPACE}"')
    if dictionary.language:
        attrs.append(f"xml:lang={quoteattr(dictionary.language)}")
    out = ['<?xml version="1.0" encoding="UTF-8"?>', f"<lexicon {' '.join(attrs)}>"]
    if extensions:
        meta = {
            "name": dictionary.name,
            "version": dictionary.version,
            "description": dictionary.description,
            "case": dictionary.case.value if dictionary.case else None,
        }
        for key, value in meta.items():
            if value is not None:
                out.append(
                    f"  <meta name={quoteattr(_META_PREFIX + key)} content={quoteattr(value)}/>"
                )
    for entry in dictionary.entries:
        out.append("  <lexeme" + (_lexeme_attrs(entry) if extensions else "") + ">")
        if extensions and entry.notes:
            out.append(f"    <!-- {_comment_text(entry.notes)} -->")
        out += [f"    <grapheme>{escape(w)}</grapheme>" for w in entry.written]
        if entry.ipa:
            out.append(f"    <phoneme>{escape(entry.ipa)}</phoneme>")
        if entry.alias:
            out.append(f"    <alias>{escape(entry.alias)}</alias>")
        if extensions:
            out += [f"    <vn:heard>{escape(h)}</vn:heard>" for h in entry.heard]
        out.append("  </lexeme>")
    out.append("</lexicon>")
    return "\n".join(out) + "\n"


def _lexeme_attrs(entry: Entry) -> str:
    attrs = ""
    if entry.case is not None:
        attrs += f' vn:case="{entry.case.value}"'
    if not entry.whole_word:
        attrs += ' vn:whole-word="false"'
    return attrs


def _comment_text(notes: str) -> str:
    # "--" may not appear in an XML comment
    return notes.replace("--", "- -").strip()
