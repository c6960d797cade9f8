"""WeasyPrint's ``HTML.render`` in its steps, so that laying a document out again after a
forced page break repeats only the pages the break changes.

The last-page rule (:mod:`generator.render.pdf_breaks`) lays a report out, measures its last
page and may force a break on the page before; ``HTML.render`` would then parse the
stylesheets, compute every element's style, build the box tree (decoding the SVG charts) and
lay out every page again, for a change at the end of the document. Here those steps run once
and the second layout goes through WeasyPrint's own pagination, which re-makes a page only
when what it starts from or holds changed (the mechanism it uses for page-based counters):
the pages before the break are kept as laid out.

This drives WeasyPrint's layout internals (weasyprint.document.Document._render and
weasyprint.layout.layout_document, of WeasyPrint 70, are the steps copied); the rule's
caller falls back to ``HTML.render`` when they are not there, and the tests check that a
document laid out here is WeasyPrint's own, byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

# layout_document's limit on repaginations for page-based counters
MAX_LOOPS = 8


def walk(box: Any) -> Iterator[Any]:
    """``box`` and every box inside it, in tree order."""
    yield box
    for child in getattr(box, "children", None) or ():
        yield from walk(child)


class Layout:
    """One HTML document's styles and box tree, and its pages as last laid out."""

    def __init__(self, html: Any, font_config: Any = None, stylesheets: Sequence[Any] = ()) -> None:
        from weasyprint import DEFAULT_OPTIONS
        from weasyprint.css.counters import CounterStyle
        from weasyprint.document import Document
        from weasyprint.formatting_structure.build import build_formatting_structure
        from weasyprint.layout import initialize_page_maker
        from weasyprint.text.fonts import FontConfiguration

        self.html = html
        self.font_config = font_config or FontConfiguration()
        self.options = dict(DEFAULT_OPTIONS, stylesheets=list(stylesheets))
        counter_style = CounterStyle()
        # the stylesheets found and every element's style computed (Document._render's steps)
        self.context = Document._build_layout_context(
            html, self.font_config, counter_style, {}, self.options
        )
        self.root_box = build_formatting_structure(
            html.etree_element,
            self.context.style_for,
            self.context.get_image_from_uri,
            html.base_url,
            self.context.target_collector,
            counter_style,
            self.context.footnotes,
        )
        self.footnotes = list(self.context.footnotes)
        initialize_page_maker(self.context, self.root_box)
        self.pages: list[Any] = []  # page boxes, without their margin boxes until document()
        self._paginate()

    def _paginate(self) -> None:
        """Lay out the pages not up to date (all of them the first time), repaginating while
        page-based counters ask for it: layout_document's loop."""
        from weasyprint.layout.page import make_all_pages

        total = len(self.pages)
        for _ in range(MAX_LOOPS):
            self.context.footnotes = list(self.footnotes)
            before = total
            self.pages = list(make_all_pages(self.context, self.root_box, self.html, self.pages))
            total = len(self.pages)
            again = False
            for *_, page_state, remake_state in self.context.page_maker:
                page_state[1]["pages"] = [total]
                again = again or remake_state["content_changed"]
                again = again or (remake_state["pages_wanted"] and before != total)
            if not again:
                return

    def break_before(self, box: Any) -> None:
        """Start a new page at ``box`` (a box of the pages) and lay out again from the first
        page holding any of its element. The break is set on its box of the tree, in a style
        of its own (elements of equal styles share one), as a ``break-before: page`` inline
        style on its element would: the pages are laid out from that tree."""
        tree = [b for b in walk(self.root_box) if b.element is box.element and b.style is box.style]
        if not tree:
            raise KeyError(f"no box of <{box.element_tag}> in the box tree")
        style = box.style.copy()
        style["break_before"] = "page"
        for original in tree:
            original.style = style
        first = next(  # a box not on the pages: every page laid out again
            (
                index
                for index, page in enumerate(self.pages)
                if any(b.element is box.element for b in walk(page))
            ),
            0,
        )
        self.context.page_maker[first][-1]["content_changed"] = True
        self._paginate()

    def document(self) -> Any:
        """The rendered ``Document`` of the pages, as ``HTML.render`` returns it: their
        bookmarks, string sets, fixed boxes, margin boxes and backgrounds added (the rest of
        layout_document), so call it once, last."""
        from weasyprint.document import Document, Page
        from weasyprint.html import get_html_metadata
        from weasyprint.pdf.metadata import DocumentMetadata

        self._finish()
        rendered = Document(
            [Page(page) for page in self.pages],
            DocumentMetadata(**get_html_metadata(self.html)),
            self.html.url_fetcher,
            self.font_config,
            {},
            self.options["output_intent"],
        )
        rendered._html = self.html
        return rendered

    def _finish(self) -> None:
        # layout_document after its loop, as it is
        from weasyprint.layout import layout_fixed_boxes
        from weasyprint.layout.background import layout_backgrounds
        from weasyprint.layout.page import make_margin_boxes

        context, pages = self.context, self.pages
        watch_elements: list[Any] = []
        watch_elements_before: list[Any] = []
        watch_elements_after: list[Any] = []
        for i, page in enumerate(pages):
            page_counter_values = context.page_maker[i + 1][3][1]
            for child in page.descendants():
                # one bookmark per original box
                if child.bookmark_label:
                    if child.element_tag.endswith("::before"):
                        checklist = watch_elements_before
                    elif child.element_tag.endswith("::after"):
                        checklist = watch_elements_after
                    else:
                        checklist = watch_elements
                    if child.element in checklist:
                        child.bookmark_label = ""
                    else:
                        checklist.append(child.element)
                if child.missing_link:
                    lookups = context.target_collector.counter_lookup_items.items()
                    for (box, css_token), item in lookups:
                        if child.missing_link == box and css_token != "content":
                            if css_token == "bookmark-label" and not child.bookmark_label:
                                continue
                            item.parse_again(page_counter_values)
                            if css_token == "bookmark-label":
                                child.bookmark_label = box.bookmark_label
                string_sets = child.string_set
                if string_sets and string_sets != "none":
                    for string_name, text in string_sets:
                        context.string_set[string_name][i + 1].append(text)
        for i, page in enumerate(pages):
            root, footnote_area, note_area = page.children
            root.children = [
                *layout_fixed_boxes(context, pages[:i], page),
                *root.children,
                *layout_fixed_boxes(context, pages[i + 1 :], page),
            ]
            context.current_page = i + 1
            state = context.page_maker[context.current_page][3]
            children = [root]
            if footnote_area.children:
                children.append(footnote_area)
            if note_area.children:
                children.append(note_area)
            children.extend(make_margin_boxes(context, page, state))
            page.children = tuple(children)
            layout_backgrounds(page, context.get_image_from_uri)
