"""Finding dictionaries by name: files, folders, installed packages, bundled examples.

``load_dictionary("acme")`` looks, in this order:

1. at ``acme`` as a path, if it names a file (or looks like one: it has a suffix or a
   directory part, in which case it must exist);
2. in each folder of the ``VOICENODES_DICTIONARIES`` environment variable
   (``os.pathsep``-separated), for ``acme.toml``, then ``acme.pls``, then ``acme.xml``;
3. at the entry points named ``acme`` in the group ``voicenodes.dictionaries`` of the
   installed packages (how a brand ships ``pip install acme-voice-dictionary``);
4. among the examples bundled with voicenodes (``tech``, ``acme-outfitters``).

An entry point may load to a :class:`Dictionary`, a path to a ``.toml`` / ``.pls`` file
(``str``, ``os.PathLike`` or an ``importlib.resources`` traversable), or a function of
no arguments returning either.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from importlib import metadata, resources
from importlib.abc import Traversable
from pathlib import Path

from .errors import DictionaryError, DictionaryNotFoundError, Problem
from .model import Dictionary
from .pls import parse_pls
from .tomlfile import parse_toml

ENV_VAR = "VOICENODES_DICTIONARIES"
ENTRY_POINT_GROUP = "voicenodes.dictionaries"
SUFFIXES = (".toml", ".pls", ".xml")
EXAMPLES = resources.files("voicenodes.nodes.pronunciation") / "dictionaries"

DictionaryFile = str | os.PathLike[str] | Traversable
"""A dictionary file: a path, or a traversable from ``importlib.resources``."""


def read_dictionary(path: DictionaryFile) -> Dictionary:
    """Read a dictionary file: TOML for ``.toml``, PLS for ``.pls`` and ``.xml``."""
    file: Traversable = path if isinstance(path, Traversable) else Path(path)
    source = str(file)
    suffix = Path(file.name).suffix.lower()
    if suffix not in SUFFIXES:
        raise DictionaryError(
            [Problem(source, None, f"unknown dictionary format {suffix!r}: use .toml or .pls")]
        )
    try:
        data = file.read_bytes()
    except OSError as error:
        raise DictionaryError([Problem(source, None, f"cannot read the file: {error}")]) from None
    stem = Path(file.name).stem
    if suffix == ".toml":
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise DictionaryError([Problem(source, None, f"not UTF-8: {error}")]) from None
        return parse_toml(text, source=source, default_name=stem)
    return parse_pls(data, source=source, default_name=stem)


def load_dictionary(name_or_path: str | os.PathLike[str]) -> Dictionary:
    """The dictionary called ``name_or_path`` (see the module docstring for where it is
    looked for). Raises :class:`DictionaryNotFoundError` or :class:`DictionaryError`."""
    text = os.fspath(name_or_path)
    path = Path(text)
    if path.is_file():
        return read_dictionary(path)
    if path.suffix or os.sep in text or (os.altsep and os.altsep in text):
        raise DictionaryNotFoundError(f"no dictionary file at {text!r}")
    for folder in _env_folders():
        for suffix in SUFFIXES:
            candidate = folder / f"{text}{suffix}"
            if candidate.is_file():
                return read_dictionary(candidate)
    for entry_point in _entry_points():
        if entry_point.name == text:
            return _from_entry_point(entry_point)
    example = EXAMPLES / f"{text}.toml"
    if example.is_file():
        return read_dictionary(example)
    known = ", ".join(sorted(available_dictionaries())) or "none"
    raise DictionaryNotFoundError(
        f"no dictionary named {text!r}: not a file, not in ${ENV_VAR} folders "
        f"({os.environ.get(ENV_VAR, 'unset')}), not an entry point of group "
        f"{ENTRY_POINT_GROUP!r}, not a bundled example. Available: {known}"
    )


def available_dictionaries() -> dict[str, str]:
    """Every dictionary name that :func:`load_dictionary` finds, with where it is (the
    first place wins, as in lookups)."""
    found: dict[str, str] = {}
    for folder in _env_folders():
        for suffix in SUFFIXES:
            for file in sorted(folder.glob(f"*{suffix}")):
                found.setdefault(file.stem, str(file))
    for entry_point in _entry_points():
        found.setdefault(entry_point.name, f"entry point {entry_point.value}")
    for example in sorted(EXAMPLES.iterdir(), key=lambda t: t.name):
        if example.name.endswith(".toml"):
            found.setdefault(example.name[: -len(".toml")], f"bundled example {example.name}")
    return found


def _env_folders() -> Iterator[Path]:
    for folder in os.environ.get(ENV_VAR, "").split(os.pathsep):
        if folder and Path(folder).is_dir():
            yield Path(folder)


def _entry_points() -> list[metadata.EntryPoint]:
    return list(metadata.entry_points(group=ENTRY_POINT_GROUP))


def _from_entry_point(entry_point: metadata.EntryPoint) -> Dictionary:
    where = f"entry point {entry_point.name} = {entry_point.value}"
    try:
        target = entry_point.load()
    except Exception as error:
        raise DictionaryError([Problem(where, None, f"cannot be loaded: {error!r}")]) from error
    if callable(target) and not isinstance(target, (Dictionary, Traversable)):
        target = target()
    if isinstance(target, Dictionary):
        return target
    if isinstance(target, (str, os.PathLike, Traversable)):
        return read_dictionary(target)
    raise DictionaryError(
        [Problem(where, None, f"gave {type(target).__name__}, not a Dictionary or a file path")]
    )
