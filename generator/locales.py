"""Which languages statusgen speaks: the gettext catalogues shipped under
``generator/locale/<language>/LC_MESSAGES/statusgen.po``.

English is the language the messages are written in, so it needs no catalogue. This module
only knows where the catalogues are; reading them is :mod:`generator.i18n`'s work (it sits
with render), so the SLA file's loader can check a ``language:`` without importing render.
"""

from __future__ import annotations

from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "statusgen"
SOURCE_LANGUAGE = "en"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"


def N_(message: str) -> str:
    """Marks ``message`` for the catalogues where it is defined (a table of labels, in a
    layer below render); it is translated where it is shown, with the reader's Language."""
    return message


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def shipped_languages() -> tuple[str, ...]:
    """English first, then every language with a catalogue, in code order."""
    found = sorted(
        p.name
        for p in LOCALE_DIR.iterdir()
        if p.is_dir() and p.name != SOURCE_LANGUAGE and catalogue_path(p.name).is_file()
    )
    return (SOURCE_LANGUAGE, *found)
