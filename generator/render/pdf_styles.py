"""The PDF report's stylesheet and fonts, parsed once per thread and cleaned up after.

The stylesheet (``templates/report/report.css``) is given the bundled DejaVu fonts as
``@font-face`` rules, the brand's colour and the footer's page counter in the SLA's
language. Parsing it loads the six font files into a WeasyPrint ``FontConfiguration``,
which copies them into a temporary directory of its own: a tenth of a report's CPU when
done for each report. So each thread keeps the configurations and parsed stylesheets it
made (one per brand colour and language in use), WeasyPrint lays any number of documents
out with them, and the PDFs are the same bytes (tests/test_pdf.py).

Their temporary directories are removed deterministically, not left to the cycle collector
(a font configuration lives in reference cycles): at the interpreter's exit, when a thread
drops one for a newer stylesheet, and in a forked worker by :func:`release_stylesheets`
before it exits (it exits with ``os._exit``, which runs nothing else). Only those a thread
held when it ended are left to the collector, whose WeasyPrint finaliser removes them. A
forked child reuses the configurations it inherited, whose files its parent keeps and
removes: it never removes them itself.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import threading
import weakref
from pathlib import Path
from typing import Any

import matplotlib

from generator.config.sla import Brand, Sla
from generator.i18n import Language, language
from generator.locales import SOURCE_LANGUAGE

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "report"
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
# (family, weight, style, file): the bundled DejaVu files, so no system font is needed
FONTS = [
    ("DejaVu Sans", "normal", "normal", "DejaVuSans.ttf"),
    ("DejaVu Sans", "bold", "normal", "DejaVuSans-Bold.ttf"),
    ("DejaVu Sans", "normal", "italic", "DejaVuSans-Oblique.ttf"),
    ("DejaVu Sans", "bold", "italic", "DejaVuSans-BoldOblique.ttf"),
    ("DejaVu Sans Mono", "normal", "normal", "DejaVuSansMono.ttf"),
    ("DejaVu Sans Mono", "bold", "normal", "DejaVuSansMono-Bold.ttf"),
]
KEPT_STYLESHEETS = 4  # per thread: brand colours and languages in use at once
PAGE_COUNTER_CSS = 'content: "Page " counter(page) " of " counter(pages);'
_COUNTER = re.compile(r"%\((page|pages)\)s")


def font_faces() -> str:
    """The ``@font-face`` rules of the bundled fonts."""
    rules = []
    for family, weight, style, name in FONTS:
        path = FONT_DIR / name
        rules.append(
            f'@font-face {{ font-family: "{family}"; font-weight: {weight};'
            f' font-style: {style}; src: url("{path.as_uri()}"); }}'
        )
    return "\n".join(rules)


def page_counter_css(lang: Language) -> str:
    """The footer's 'Page 2 of 9' as a CSS content declaration, in the reader's language:
    the message's words quoted, its placeholders the page counters."""
    parts = []
    for index, piece in enumerate(_COUNTER.split(lang.gettext("Page %(page)s of %(pages)s"))):
        if index % 2:
            parts.append(f"counter({piece})")
        elif piece:
            parts.append('"' + piece.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return f"content: {' '.join(parts)};"


def report_css(sla: Sla | None) -> str:
    """The report's print stylesheet: the bundled fonts, the brand's colour and the footer's
    page counter in the SLA's language."""
    lang = language(sla.language if sla else SOURCE_LANGUAGE)
    brand = sla.brand if sla else Brand()
    return (
        font_faces()
        + "\n"
        + (TEMPLATES / "report.css")
        .read_text(encoding="utf-8")
        .replace("#1d3557", brand.color)
        .replace(PAGE_COUNTER_CSS, page_counter_css(lang))
    )


def report_fetcher() -> Any:
    """A URL fetcher that loads only the bundled fonts and the charts' data: URLs.

    The report never needs anything else, so a URL that slipped into the document could
    neither read a local file nor call out.
    """
    from weasyprint.urls import URLFetcher

    allowed = {(FONT_DIR / name).as_uri() for *_, name in FONTS}

    class ReportFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url in allowed or url.startswith(
                ("data:image/svg+xml;base64,", "data:image/png;base64,")
            ):
                return super().fetch(url, headers)
            raise ValueError(f"the report does not load {url[:80]!r}")

    return ReportFetcher()


_kept = threading.local()  # .sheets: {stylesheet text: (FontConfiguration, CSS)}
_lock = threading.Lock()
# the font configurations this process made and has not removed; weakly, so that one a
# finished thread held is collected (and its files removed) as any object is
_made: weakref.WeakSet[Any] = weakref.WeakSet()


def parsed_stylesheet(text: str) -> tuple[Any, Any]:
    """(FontConfiguration, CSS) of the stylesheet ``text``, parsed once per thread."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    sheets: dict[str, tuple[Any, Any]] = _kept.__dict__.setdefault("sheets", {})
    if text not in sheets:
        if len(sheets) >= KEPT_STYLESHEETS:
            for font_config, _ in sheets.values():
                _remove(font_config)
            sheets.clear()
        font_config = FontConfiguration()
        with _lock:
            _made.add(font_config)
        css = CSS(
            string=text,
            font_config=font_config,
            base_url=TEMPLATES.as_uri() + "/",
            url_fetcher=report_fetcher(),
        )
        sheets[text] = (font_config, css)
    return sheets[text]


def release_stylesheets() -> None:
    """Remove the font files of every stylesheet this process parsed and forget them all
    (at exit; a forked worker calls it before it exits)."""
    with _lock:
        made = list(_made)
    for font_config in made:
        _remove(font_config)
    _kept.__dict__.pop("sheets", None)


def _remove(font_config: Any) -> None:
    """Remove the configuration's copies of the fonts now (if this process made it), not
    whenever the cycle collector gets to it, if ever."""
    with _lock:
        if font_config not in _made:
            return
        _made.discard(font_config)
    folder = font_config._folder
    font_config._folder = None  # its __del__ has nothing left to remove
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def _inherited() -> None:
    """In a forked child: the configurations it inherited are its parent's, whose files the
    parent removes when it is done with them; the child only uses them."""
    global _lock
    _lock = threading.Lock()  # the parent's may have been held by another thread
    for font_config in list(_made):
        font_config._folder = None
    _made.clear()


atexit.register(release_stylesheets)
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_inherited)
