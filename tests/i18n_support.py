"""What the translated-output tests measure English by: the catalogue's own messages, not a
hand list. The charts' check (tests/test_i18n_charts.py) and the pages' check
(tests/test_i18n_pages.py) each look for them in their own way, from this one reading.
The company's own words, which the pages' check sets aside, and the configuration keys the
public-text check (tests/test_public_text.py) refuses come from one walk of the YAML files
(``yaml_strings``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from babel.messages.pofile import read_po

from generator.locales import catalogue_path

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@cache
def translated_away(code: str) -> tuple[str, ...]:
    """The English of every message ``code``'s catalogue says in other words (each plural
    form's msgid too). A message a language keeps as it is ('ms', 'Status' in German) cannot
    be told apart from English left behind, so it is not here."""
    with catalogue_path(code).open("rb") as source:
        catalog = read_po(source, locale=code)
    found = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        found.extend(english for english in ids if english not in strings)
    return tuple(found)


def literal_parts(message: str) -> list[str]:
    """The text of ``message`` around its placeholders: 'left %(duration)s' -> ['left ', '']."""
    return PLACEHOLDER.split(message)


def yaml_strings(node: object, *, keys_only: bool = False) -> Iterator[str]:
    """Every mapping key of a loaded YAML document, at any depth, and every string value;
    with ``keys_only``, the keys alone (a configuration key, never a value)."""
    if isinstance(node, str):
        if not keys_only:
            yield node
    elif isinstance(node, dict):
        for key, item in node.items():
            yield str(key)
            yield from yaml_strings(item, keys_only=keys_only)
    elif isinstance(node, list):
        for item in node:
            yield from yaml_strings(item, keys_only=keys_only)
