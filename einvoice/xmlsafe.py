"""Parsing untrusted XML: no entities, no DTDs, no network, bounded size.

defusedxml rejects entity declarations and external references outright (XML bombs,
XXE); lxml then builds the tree with entity resolution and network access off.
"""

from __future__ import annotations

import codecs
import re
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring
from lxml import etree

MAX_XML_BYTES = 20 * 1024 * 1024


class XmlRejected(ValueError):
    """The bytes are not XML we accept (malformed, too large, or dangerous)."""


# UTF-32 before UTF-16: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED_ENCODING = re.compile(r"""^(<\?xml[^>]*?encoding=["'])[^"']+""")


def xml_as_utf8(data: bytes) -> bytes:
    """The UTF-8 document a generator meant: some write UTF-16 (Windows tools), some put
    blank lines or a BOM before the declaration, which strict parsers refuse."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data.decode(codec).lstrip("\ufeff \t\r\n")
            return _DECLARED_ENCODING.sub(r"\1UTF-8", text, count=1).encode("utf-8")
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")


def looks_like_xml(data: bytes) -> bool:
    head = data[:1024]
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return head.decode(codec, errors="ignore").lstrip("\ufeff \t\r\n").startswith("<")
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    dtd_validation=False,
    load_dtd=False,
    huge_tree=False,
    remove_comments=False,
)


def parse_xml(data: bytes) -> etree._Element:
    if len(data) > MAX_XML_BYTES:
        raise XmlRejected("XML larger than 20 MB")
    try:
        data = xml_as_utf8(data)
    except UnicodeDecodeError as exc:
        raise XmlRejected(f"malformed XML: {exc}") from exc
    # An invoice never needs a DTD: defusedxml refuses DOCTYPEs, entity declarations
    # and external references (billion laughs, XXE) before lxml builds the tree.
    try:
        defused_fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise XmlRejected(f"XML with a DTD or entities: {type(exc).__name__}") from exc
    except (ParseError, ValueError) as exc:
        raise XmlRejected(f"malformed XML: {exc}") from exc
    try:
        root = etree.fromstring(data, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise XmlRejected(f"malformed XML: {exc}") from exc
    if root is None:
        raise XmlRejected("empty XML")
    return root


def local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def children(el: etree._Element | None, name: str) -> list[etree._Element]:
    if el is None:
        return []
    names = name.split("|")
    return [c for c in el if local(c.tag) in names]


def find(el: etree._Element | None, path: str) -> etree._Element | None:
    """First element along a '/'-separated path of local names ('A|B' = either)."""
    found = find_all(el, path)
    return found[0] if found else None


def find_all(el: etree._Element | None, path: str) -> list[etree._Element]:
    current = [el] if el is not None else []
    for step in path.split("/"):
        current = [c for e in current for c in children(e, step)]
    return current


def text(el: etree._Element | None, path: str | None = None) -> str | None:
    node = find(el, path) if path else el
    if node is None or node.text is None:
        return None
    value = node.text.strip()
    return value or None
