"""Text made safe for XML 1.0 documents (the Atom feed, SVG badges).

Incident and maintenance files are checked for control characters when they are loaded;
this is the second line: a character XML 1.0 cannot carry (most C0 controls, surrogates,
U+FFFE and U+FFFF) is dropped, so one bad character never makes the whole feed unreadable.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

# https://www.w3.org/TR/xml/#charsets: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] |
# [#xE000-#xFFFD] | [#x10000-#x10FFFF]
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_chars(text: str) -> str:
    """``text`` without the characters XML 1.0 does not allow."""
    return _NOT_XML.sub("", text)


def xml_escape(text: str) -> str:
    """Element content: XML-safe characters, with & < > escaped."""
    return escape(xml_chars(text))


def xml_attr(text: str) -> str:
    """A quoted attribute value, XML-safe."""
    return quoteattr(xml_chars(text))
