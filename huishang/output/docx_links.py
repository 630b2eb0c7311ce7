"""An office template's links outside itself, dropped before a document is made on it.

A .docx template comes from the repository, and any of its parts may name a target outside
the file: an attached template on a web address, a picture or an OLE object linked by
`file://` or `http://`. Word fetches such targets when a leader opens the document (and
sends the reader's credentials to a `file://` share). Every such relationship is dropped,
and the XML that named it loses the reference; only the hyperlinks of the body, which a
reader sees and clicks, are kept. (Parts no relationship reaches are never written:
python-docx saves only what the document reaches.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docx.document import Document as WordDocument

_RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


def drop_external(word: WordDocument) -> list[str]:
    """Drop every relationship of `word` that points outside it, but the body's hyperlinks;
    each dropped one as `kind target`."""
    package = word.part.package
    dropped: list[str] = []
    for owner in [package, *package.iter_parts()]:
        for rid, rel in list(owner.rels.items()):
            if not rel.is_external or (owner is word.part and rel.reltype == _HYPERLINK):
                continue
            del owner.rels[rid]
            element = getattr(owner, "element", None)
            if element is not None:
                _unreference(element, rid)
            dropped.append(f"{rel.reltype.rsplit('/', 1)[-1]} {rel.target_ref}")
    return dropped


def _unreference(root: Any, rid: str) -> None:
    """Remove the attributes that name `rid`; an element left with nothing (such as
    `<w:attachedTemplate r:id=…/>`) goes too."""
    for node in list(root.iter()):
        named = [k for k, v in node.attrib.items() if v == rid and k.startswith(_RELATIONSHIPS)]
        for key in named:
            del node.attrib[key]
        if named and not node.attrib and len(node) == 0 and node.getparent() is not None:
            node.getparent().remove(node)
