"""The search index reads a page without its day bars' buttons, which hold no text.

The search plugin (Material's, or mkdocs' own) parses every fresh page's HTML to cut it
into sections of text. A status page with many components is mostly the 90-day bars: on
the 50-component home page, 4,500 buttons are 880 KB of its 980 KB, and parsing them is
four fifths of the page's indexing, for no word of the index. So the index is handed the
page without them, and the page keeps them.

Leaving out an empty ``<button class="sg-day ...">`` changes nothing the parser makes of
the rest: a button is not among the tags it keeps, has no text of its own, and closing it
never leaves a section (it closes at the depth it opened, inside the bars' group, which
opened first). Only a button that could matter is kept: one marked
``data-search-exclude``, or with anything between its tags. The index is byte for byte
the one the whole page gives (tests/test_search_lean.py builds sites both ways).
"""

from __future__ import annotations

import re
from typing import Any

# an empty day button as the bars macro writes it (templates/site/_macros.html), with the
# newline after it; attribute values hold no < > (autoescaped)
_DAY = re.compile(
    r'<button (?:[a-z-]+="[^"<>]*" )*?class="sg-day [^"<>]*"(?: [a-z-]+="[^"<>]*")*></button>\n?'
)
_MARK = "_statusgen_lean"


def lean_search(index: Any) -> None:
    """Make ``index`` (a search plugin's index) read each page without its day buttons."""
    if index is None or getattr(index, _MARK, False):
        return
    add = index.add_entry_from_context

    def add_lean(page: Any) -> None:
        content = page.content
        lean = without_day_buttons(content) if isinstance(content, str) else content
        if lean is content:
            add(page)
            return
        page.content = lean
        try:
            add(page)
        finally:
            page.content = content

    index.add_entry_from_context = add_lean
    setattr(index, _MARK, True)


def without_day_buttons(html: str) -> str:
    """``html`` without its empty day buttons (the same string when it has none)."""
    if 'class="sg-day ' not in html:
        return html
    return _DAY.sub(_keep_marked, html)


def _keep_marked(match: re.Match[str]) -> str:
    text = match.group(0)
    return text if "data-search-exclude" in text else ""
