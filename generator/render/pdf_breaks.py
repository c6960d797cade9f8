"""The PDF's last page: never one holding a few lines under a nearly empty body.

The print CSS keeps a heading with what follows it and a table row whole, but CSS has no way
to say "do not end the document on a page a quarter filled": a report whose content runs a
few lines past a page (a longer exclusion, a language with longer words) would end on a page
holding those lines. So the report is laid out, its last page measured, and when that page's
body is filled less than :data:`MIN_FILL`, it is laid out again with a page break forced
before a block or a table row of the page before, the latest one that leaves both pages at
least that full. Moving a whole block (a heading with its table, a run of rows under their
repeated header) reads as a report does; the few stranded lines did not.

Measured on WeasyPrint's layout (its page boxes; ``Page`` has no public accessor for them),
the same way the tests measure the printed pixels: the lowest line, row or image of the
body, as a share of the body's height.

The second layout (:class:`generator.render.pdf_layout.Layout`) repeats only the pages from
the one the break falls on: the styles, the box tree and the pages before are the first's.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from generator.render.pdf_layout import Layout, walk

log = logging.getLogger(__name__)

# a page's body filled less than a quarter reads as an empty page; the layout counts a
# line's leading below its last line, which prints no ink, hence the margin
MIN_FILL = 0.25 + 0.02
# what the moved content should fill on the last page: a margin above MIN_FILL, since the
# estimate leaves out what the break adds (a table header repeated on the new page)
TARGET_FILL = 0.32
ATTEMPTS = 3  # one break is enough for a page's overflow; a second if the first fell short


def _body(page: Any) -> Any | None:
    """The page's fragment of <body>: the running header and footer and the internal
    edition's fixed band are outside it. ``page`` is a page box of the layout."""
    return next((b for b in walk(page) if b.element_tag == "body"), None)


def _inked_bottom(box: Any) -> float | None:
    """The lowest bottom of what prints inside ``box``: lines of text, table rows, images."""
    from weasyprint.formatting_structure import boxes

    ink = (boxes.LineBox, boxes.TableRowBox, boxes.ReplacedBox)
    bottoms = [
        b.position_y + b.margin_height() for b in walk(box) if isinstance(b, ink) and b.height
    ]
    return max(bottoms, default=None)


def filled(page: Any) -> float:
    """How far down its body a page is filled: 0 for an empty body, 1 to the footer."""
    top, height = page.content_box_y(), page.height
    body = _body(page)
    bottom = None if body is None else _inked_bottom(body)
    return 0.0 if bottom is None else max(0.0, (bottom - top) / height)


def _break_points(page: Any) -> list[tuple[float, Any]]:
    """Where a forced break could fall on ``page``, as (top, box), top first: before a block
    of a section (a heading, paragraph, table, list, figure) or a table row after the first
    of its group. A block that must stay with the one before it (``break-after: avoid``, a
    heading or a section's intro) takes that one along: the break falls before it."""
    from weasyprint.formatting_structure import boxes

    body = _body(page)
    points = []
    for parent in [] if body is None else walk(body):
        children = list(getattr(parent, "children", None) or ())
        if parent.element_tag == "section":
            kinds: tuple[type, ...] = (boxes.BlockBox,)
            first = 0
        elif isinstance(parent, boxes.TableRowGroupBox) and parent.element_tag == "tbody":
            kinds, first = (boxes.TableRowBox,), 1
        else:
            continue
        for index in range(first, len(children)):
            if not isinstance(children[index], kinds):
                continue
            start = index
            while start > 0 and children[start - 1].style["break_after"] == "avoid":
                start -= 1
            if parent.element_tag == "tbody" and start == 0:
                continue  # before the first row is before the table: the section's break
            points.append((children[start].position_y, children[start]))
    return sorted(points, key=lambda point: point[0])


def _where_to_break(pages: list[Any]) -> Any | None:
    """The box of the page before the last to start a new page at, or None when no break
    leaves both pages filled at least MIN_FILL."""
    before, last = pages[-2], pages[-1]
    top, height = before.content_box_y(), before.height
    last_height = filled(last) * last.height
    bottom = top + filled(before) * height
    for start, box in reversed(_break_points(before)):
        moved = bottom - start + last_height
        if start - top >= MIN_FILL * height and moved >= TARGET_FILL * height:
            return box
    return None


def lay_out(document: Any, font_config: Any, stylesheets: Sequence[Any] = ()) -> Any:
    """Lay out a WeasyPrint ``HTML`` document into pages whose last one is not nearly empty
    (the module's rule); returns the rendered ``Document``, as ``document.render`` would
    (``stylesheets``: parsed ``CSS`` given to it besides the document's own).
    The rule reads and drives WeasyPrint's layout, which is not its public API: should a
    release change it, the report is laid out as WeasyPrint lays it, with a warning, not
    refused."""
    try:
        layout = Layout(document, font_config, stylesheets)
        _fill_last_page(layout)
        return layout.document()
    except (AttributeError, ImportError, KeyError, TypeError) as error:
        # a layout that failed half-way may be inconsistent: WeasyPrint's own, from the start
        log.warning("PDF: the last page was not checked for fill (WeasyPrint's layout: %s)", error)
        return document.render(font_config=font_config, stylesheets=list(stylesheets))


def _fill_last_page(layout: Layout) -> None:
    for _ in range(ATTEMPTS):
        pages = layout.pages
        if len(pages) < 2 or filled(pages[-1]) >= MIN_FILL:
            return
        box = _where_to_break(pages)
        if box is None:
            log.debug("the last page is %.2f filled and no break fills it", filled(pages[-1]))
            return
        layout.break_before(box)
