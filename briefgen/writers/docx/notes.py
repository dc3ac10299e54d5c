"""Word footnotes and endnotes, as Word itself writes them.

python-docx has no API for notes, so the part is added through its packaging layer: an ``XmlPart``
(``word/footnotes.xml`` or ``word/endnotes.xml``) related from the document part, holding the two separator
notes Word expects and one ``w:footnote`` per citation; the text carries ``w:footnoteReference`` runs, and
``settings.xml`` names the separators. Hyperlinks inside a note are relationships of the notes part.
"""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

from .styles import for_complex_scripts

KINDS = {
    # kind: (root, note, reference, ref mark, part name, content type, relationship, text style, ref style)
    "footnotes": ("w:footnotes", "w:footnote", "w:footnoteReference", "w:footnoteRef", "/word/footnotes.xml",
                  CT.WML_FOOTNOTES, RT.FOOTNOTES, ("footnote text", "FootnoteText"),
                  ("footnote reference", "FootnoteReference")),
    "endnotes": ("w:endnotes", "w:endnote", "w:endnoteReference", "w:endnoteRef", "/word/endnotes.xml",
                 CT.WML_ENDNOTES, RT.ENDNOTES, ("endnote text", "EndnoteText"),
                 ("endnote reference", "EndnoteReference")),
}

_SEPARATORS = (
    '<{note} w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
    '</w:pPr><w:r><w:separator/></w:r></w:p></{note}>'
    '<{note} w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></{note}>'
)


class NotesPart:
    """One notes part of a document: ``add()`` a note, get the id its reference carries."""

    def __init__(self, document, styles, kind: str, text_size: float):
        root, self.note_tag, self.ref_tag, self.mark_tag, partname, ctype, rel, text_style, ref_style = KINDS[kind]
        self.kind = kind
        element = parse_xml(f"<{root} {nsdecls('w', 'r')}>{_SEPARATORS.format(note=self.note_tag)}</{root}>")
        self.part = XmlPart(PackURI(partname), ctype, element, document.part.package)
        document.part.relate_to(self.part, rel)
        self.text_style, self.ref_style = _note_styles(styles, text_style, ref_style, text_size)
        _settings(document, kind)
        self.settings = document.settings.element
        self.next_id = 1

    def add(self):
        """A new, empty note: returns (its id, its paragraph element, after the reference mark)."""
        note_id = self.next_id
        self.next_id += 1
        note = parse_xml(
            f'<{self.note_tag} {nsdecls("w")} w:id="{note_id}"><w:p><w:pPr><w:pStyle w:val="{self.text_style}"/>'
            f'</w:pPr><w:r><w:rPr><w:rStyle w:val="{self.ref_style}"/></w:rPr><{self.mark_tag}/></w:r>'
            f'<w:r><w:t xml:space="preserve"> </w:t></w:r></w:p></{self.note_tag}>'
        )
        self.part.element.append(note)
        return note_id, note[0]

    def open_with(self, paragraphs: list) -> None:
        """Move ``paragraphs`` (the notes' heading, written in the body) into the separator Word prints
        above the notes, before its rule."""
        separator = next(el for el in self.part.element if el.get(qn("w:type")) == "separator")
        for p in paragraphs:
            separator[-1].addprevious(p)

    def at_section_end(self) -> None:
        """Word prints the notes at the end of each section (``w:pos sectEnd`` in the settings)."""
        tag = "w:footnotePr" if self.kind == "footnotes" else "w:endnotePr"
        pr = self.settings.find(qn(tag))
        for old in pr.findall(qn("w:pos")):
            pr.remove(old)
        pr.insert(0, parse_xml(f'<w:pos {nsdecls("w")} w:val="sectEnd"/>'))

    def reference(self, p, note_id: int) -> None:
        """The note's number in the text: a run holding the reference, in the reference style."""
        p.append(parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:rStyle w:val="{self.ref_style}"/></w:rPr>'
            f'<{self.ref_tag} w:id="{note_id}"/></w:r>'
        ))


def _note_styles(styles, text: tuple[str, str], ref: tuple[str, str], size: float) -> tuple[str, str]:
    """Word's own note styles (by their built-in names), added when the template lacks them (``styles``: the
    document's ``styles.StyleIndex``)."""
    if text[0] not in styles:
        st = styles.add(text[0], WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = styles["Normal"]
        st.style_id = text[1]
        st.font.size = Pt(size)
        for_complex_scripts(st, size=size)
        st.paragraph_format.space_after = Pt(2)
        st.paragraph_format.line_spacing = 1.0
    if ref[0] not in styles:
        st = styles.add(ref[0], WD_STYLE_TYPE.CHARACTER)
        st.style_id = ref[1]
        st.font.superscript = True
    return styles.id_of(text[0]), styles.id_of(ref[0])


def _section_number_format(document, tag: str) -> None:
    """The same number format in the section's properties, where LibreOffice looks for it."""
    sect = document.element.body.find(qn("w:sectPr"))
    if sect is None or sect.find(qn(tag)) is not None:
        return
    pr = parse_xml(f'<{tag} {nsdecls("w")}><w:numFmt w:val="decimal"/></{tag}>')
    refs = sect.findall(qn("w:headerReference")) + sect.findall(qn("w:footerReference"))
    follows = sect.find(qn("w:endnotePr")) if tag == "w:footnotePr" else None
    if follows is not None:
        follows.addprevious(pr)
    elif refs:
        refs[-1].addnext(pr)
    else:
        sect.insert(0, pr)


def _settings(document, kind: str) -> None:
    """``w:footnotePr`` / ``w:endnotePr`` in settings.xml, naming the separators (Word writes them)."""
    settings = document.settings.element
    tag = "w:footnotePr" if kind == "footnotes" else "w:endnotePr"
    note = "w:footnote" if kind == "footnotes" else "w:endnote"
    if settings.find(qn(tag)) is not None:
        return
    # Numbered 1, 2, 3 like the notes of the PDF (Word numbers endnotes i, ii, iii unless told).
    pr = parse_xml(f'<{tag} {nsdecls("w")}><w:numFmt w:val="decimal"/><{note} w:id="-1"/><{note} w:id="0"/>'
                   f'</{tag}>')
    _section_number_format(document, tag)
    anchor = settings.find(qn("w:compat"))
    if kind == "footnotes" and settings.find(qn("w:endnotePr")) is not None:
        anchor = settings.find(qn("w:endnotePr"))
    if anchor is not None:
        anchor.addprevious(pr)
    else:
        settings.append(pr)
