"""Pronunciation dictionaries and the text node that applies them.

- :mod:`.model` — :class:`Entry`, :class:`Dictionary` (validated on construction);
- :mod:`.tomlfile` — the TOML file format; :mod:`.pls` — W3C PLS 1.0 import/export;
- :mod:`.registry` — :func:`load_dictionary` by name (paths, folders, entry points);
- :mod:`.keys` and :mod:`.matcher` — the compiled keys and the streaming matcher;
- :mod:`.render` — what a match becomes; :mod:`.rewriter` — :class:`PronunciationRewriter`.
"""

from .errors import DictionaryError, DictionaryNotFoundError, Problem
from .keys import CasePolicy, KeyIndex, KeySpec
from .matcher import Match, MatchStream
from .model import Dictionary, Entry
from .pls import dump_pls, load_pls, parse_pls
from .registry import (
    ENTRY_POINT_GROUP,
    ENV_VAR,
    available_dictionaries,
    load_dictionary,
    read_dictionary,
)
from .render import apply_case_pattern, render_alias
from .rewriter import PronunciationRewriter
from .tomlfile import dump_toml, load_toml, parse_toml
from .transcripts import TranscriptRewriter

__all__ = [
    "ENTRY_POINT_GROUP",
    "ENV_VAR",
    "CasePolicy",
    "Dictionary",
    "DictionaryError",
    "DictionaryNotFoundError",
    "Entry",
    "KeyIndex",
    "KeySpec",
    "Match",
    "MatchStream",
    "Problem",
    "PronunciationRewriter",
    "TranscriptRewriter",
    "apply_case_pattern",
    "available_dictionaries",
    "dump_pls",
    "dump_toml",
    "load_dictionary",
    "load_pls",
    "load_toml",
    "parse_pls",
    "parse_toml",
    "read_dictionary",
    "render_alias",
]
