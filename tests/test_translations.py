"""Czech first, English second: every message in the code has an English translation."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]


def _source_messages() -> set[str]:
    with open(ROOT / "babel.cfg") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    keywords = {
        "_": None,
        "gettext": None,
        "ngettext": (1, 2),
        "_l": None,
        "lazy_gettext": None,
        "N_": None,
    }
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def _catalog(lang: str):
    with open(ROOT / f"academy/translations/{lang}/LC_MESSAGES/messages.po", "rb") as f:
        return read_po(f)


def test_every_message_has_an_english_translation():
    catalog = _catalog("en")
    translated = {
        (m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in catalog
        if m.id
        and all(m.string if isinstance(m.string, tuple) else [m.string])
        and "fuzzy" not in m.flags
    }
    missing = _source_messages() - translated
    assert not missing, f"run pybabel extract/update and translate: {sorted(missing)}"


def test_czech_plurals_have_three_forms():
    for message in _catalog("cs"):
        if isinstance(message.id, tuple):
            assert len(message.string) == 3 and all(message.string), message.id


def test_translations_keep_the_placeholders_of_their_message():
    # e.g. the checker's "%(target)s": a lost or renamed one would break the message at display
    for lang in ("en", "cs"):
        with open(ROOT / f"academy/translations/{lang}/LC_MESSAGES/messages.po", "rb") as f:
            catalog = read_po(f, locale=lang)
        broken = [(m.id, [str(e) for e in errors]) for m, errors in catalog.check()]
        assert not broken, (lang, broken)
