"""Fonts that travel with the Word file, so that PT Sans, the Uyghur and the Chinese text look the same on a
reader's machine that has none of them.

Which font sets which character is the PDF's choice (``fonts.FontChoice``): the body family, the fallback
of a character's script, the last-resort families. ``WordFonts`` gives each of them the name the embedded
face carries, for the styles (``styles.py``) and the runs (``runs.py``) to name; ``embed`` then adds the
faces to the package, as Word and LibreOffice read them (ECMA-376 Part 1, 17.8.1 and 17.8.3):

- each face is a static TrueType font (``fonts.static_face``: a variable font pinned to Regular), whole or
  subset to the characters of this brief, whose first 32 bytes are XORed with a key derived from the face
  (``w:fontKey``): an "obfuscated font" part, ``word/fonts/fontN.odttf``, related from the font table;
- the font table names it (``w:embedRegular``, ``w:embedBold``, ``w:embedItalic``, ``w:embedBoldItalic``);
- the settings say the file embeds fonts (``w:embedTrueTypeFonts``) and, for subsets, that Word should keep
  saving subsets (``w:saveSubsetFonts``).

A subset holds the brief's own characters, and for the body and heading families the letters and
punctuation of Latin-1 as well, so that staff can edit an English brief in its font; a character typed later
that the subset lacks is set by the reader's Word in a font of its own. The subset is made per audience:
a face subset for all audiences would tell a reader of one brief which characters the others hold.

The theme's ``fonts.docx_embed`` chooses ``subset`` (the default), ``full`` or ``none``, and
``fonts.docx_embed_max_kb`` caps the fonts' total size: faces are embedded in order of need (the body's
regular and bold first) while they fit, and each face left out is reported. A font whose licence forbids
embedding (OS/2 ``fsType`` bit 1) is never embedded, and one that forbids subsetting is embedded whole.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from lxml import etree

from ... import fonts
from ... import tree as T

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
FONT_REL = f"{R}/font"
FONT_TABLE_REL = f"{R}/fontTable"
ODTTF = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
FONT_TABLE_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"
EMBED_TAGS = {"regular": "embedRegular", "bold": "embedBold", "italic": "embedItalic",
              "bolditalic": "embedBoldItalic"}
# What staff editing a brief type in its body font: Latin-1's letters, digits and punctuation, and the
# typographic quotes, dashes, ellipsis and bullet.
EDITING = "".join(chr(c) for c in range(0x20, 0x7F)) + "".join(chr(c) for c in range(0xA0, 0x100)) + \
    "\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2022\u2026\u2039\u203a\u20ac"
# Set by a fallback face too: Word gives a run of Uyghur its spaces, digits and punctuation.
SHARED = " 0123456789.,:;!?()[]-/'\"%\u00ab\u00bb\u2013\u2014\u2018\u2019\u201c\u201d\u2026"
NO_EMBEDDING, NO_SUBSETTING, BITMAP_ONLY = 0x0002, 0x0100, 0x0200
# The settings elements that come before w:embedTrueTypeFonts in CT_Settings.
_SETTINGS_BEFORE = {"writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
                    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
                    "printFractionalCharacterWidth", "printFormsData"}


class WordFonts:
    """The fonts a Word brief names, chosen as the PDF chooses them."""

    def __init__(self, theme, root=None):
        f = theme.fonts
        self.choice = fonts.choice(f.body, dict(f.fallbacks), root, f.last_resort)
        self.heading = fonts.family(f.heading, root)
        self.body_name = f.docx_body or fonts.word_name(self.choice.main)
        self.heading_name = f.docx_heading or fonts.word_name(self.heading)
        self.code = fonts.family(f.code, root)  # code spans (as in the PDF): IBM Plex Mono
        self.code_name = fonts.word_name(self.code)
        # Word's slot fonts, for what the styles name: Uyghur and Arabic (cs), Chinese (eastAsia).
        self.slots = {kind: fonts.word_name(fam) for kind, fam in
                      (("Arab", self.choice.fallbacks.get("Arab")), ("Hani", self.choice.fallbacks.get("Hani")))
                      if fam is not None}

    def pieces(self, text: str, kind: str | None) -> list[tuple[str, str | None]]:
        """A run of one script class as pieces, each with the font Word should set it in (None: the
        style's). Text the body family has needs no name of its own; Chinese and right-to-left text always
        name the family the PDF sets them in (a house template's styles may name others; Hebrew is set in
        Noto Sans Hebrew, not in the Arabic fallback)."""
        if kind is None and (text.isascii() or self.choice.main_chars.issuperset(text)):
            return [(text, None)]  # the body family sets it all
        out: list[tuple[str, str | None]] = []
        named = []
        for piece, fam in fonts.segments(text, self.choice):
            name = None if fam is None else fonts.word_name(fam)
            if kind is not None and name is None:
                name = self.body_name
            named.append([piece, name, all(fonts.script(c) in fonts.NEUTRAL for c in piece)])
        if kind is not None:  # spaces and punctuation between Uyghur words are set in the words' font
            letters = [n for _, n, neutral in named if not neutral]
            last = letters[0] if letters else self.body_name
            for item in named:
                if item[2]:
                    item[1] = last
                else:
                    last = item[1]
        for piece, name, _ in named:
            if out and out[-1][1] == name:
                out[-1] = (out[-1][0] + piece, name)
            else:
                out.append((piece, name))
        return out

    def faces(self, doc: T.Document, mode: str) -> list[tuple[fonts.Family, str, str | None]]:
        """The faces to embed for a brief, in order of need, each as (family, style, characters; None:
        whole): the body family's faces, the heading family's, then each other family by how many of the
        brief's characters it sets. Families the theme's Word names replace (``docx_body: Arial``) are not
        embedded: the reader's machine is to supply them."""
        chars = T.document_chars(doc)
        sets: dict[fonts.Family, set[str]] = {}
        main = self.choice.main
        for c in chars:
            fam = self.choice.fallback_for(c) or main
            sets.setdefault(fam, set()).add(c)
        order = []
        if self.body_name == fonts.word_name(main):
            order.append(main)
        if self.heading_name == fonts.word_name(self.heading) and self.heading not in order:
            order.append(self.heading)
            sets.setdefault(self.heading, set()).update(c for c in chars if ord(c) in _coverage(self.heading))
        for fam in order:
            sets.setdefault(fam, set()).update(EDITING)
        code: list[str] = []
        T.walk(doc.blocks, block_fn=lambda b: isinstance(b, T.CodeBlock) and code.append(b.text),
               inline_fn=lambda n: isinstance(n, T.Code) and code.append(n.text))
        for note in doc.notes:
            T.walk_inlines(note.children, lambda n: isinstance(n, T.Code) and code.append(n.text))
        if code and self.code not in order:  # code spans are set in the code family, as in the PDF
            order.append(self.code)
            sets.setdefault(self.code, set()).update("".join(code) + SHARED)
        others = sorted((f for f in sets if f not in (main, self.heading, self.code) and sets[f] - set(SHARED)),
                        key=lambda f: (-len(sets[f]), f.name))
        for fam in others:
            sets[fam].update(SHARED)
        out = []
        for fam in order + others:
            covered = "".join(sorted(c for c in sets[fam] if ord(c) in _coverage(fam)))
            for style in fonts.STYLES:
                if style in fam.files or style == "regular":
                    out.append((fam, style, None if mode == "full" else covered))
        return out


def _coverage(fam) -> frozenset:
    return fonts.families.family_coverage(fam)


@dataclass
class Embedded:
    name: str  # the family name Word looks up
    style: str
    data: bytes  # the static TrueType face, not yet obfuscated
    subset: bool


def choose(word_fonts: WordFonts, doc: T.Document, mode: str, limit_kb: float) -> tuple[list[Embedded], list[str]]:
    """The faces to embed within ``limit_kb``, in order of need, and a warning for each left out."""
    if mode == "none":
        return [], []
    chosen: list[Embedded] = []
    warnings: list[str] = []
    total = 0
    for fam, style, chars in word_fonts.faces(doc, mode):
        name = fonts.word_name(fam)
        path = str(fonts.file_path(fam, style))
        fs_type = fonts.face_info(path, fam.stamp)[1]
        label = f"{name} {style.replace('bolditalic', 'bold italic')}"
        if fs_type & NO_EMBEDDING or fs_type & BITMAP_ONLY:
            warnings.append(f"not embedding {label} in the Word file: its licence (OS/2 fsType {fs_type:#06x}) "
                            "does not allow it; readers without the font see another")
            continue
        whole = chars is None or bool(fs_type & NO_SUBSETTING)
        data = fonts.static_face(fam, style, None if whole else chars)
        if total + len(data) > limit_kb * 1024:
            warnings.append(f"not embedding {label} in the Word file: {len(data) // 1024} KB more would pass "
                            f"fonts.docx_embed_max_kb ({limit_kb:g} KB); readers without the font see another")
            continue
        total += len(data)
        chosen.append(Embedded(name, style, data, not whole))
    return chosen, warnings


def font_key(data: bytes, name: str, style: str) -> str:
    """A GUID for a face, derived from it (the same face gives the same key: reproducible builds)."""
    h = hashlib.sha256(data + f"|{name}|{style}".encode()).hexdigest().upper()[:32]
    return "{" + f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}" + "}"


def obfuscate(data: bytes, key: str) -> bytes:
    """ECMA-376's font obfuscation: the first 32 bytes XORed with the key's 16 bytes, read from the end of
    its hexadecimal digits. Its own inverse."""
    digits = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(b ^ digits[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


def embed(parts: dict[str, bytes], faces: list[Embedded]) -> dict[str, bytes]:
    """The package's parts with the faces added: font parts, their relationships from the font table, the
    font table's entries, the content type and the settings."""
    if not faces:
        return parts
    parts = dict(parts)
    table_name = _font_table(parts)
    folder, base = table_name.rsplit("/", 1)
    rels_name = f"{folder}/_rels/{base}.rels"
    table = etree.fromstring(parts[table_name])
    if rels_name in parts:
        rels = etree.fromstring(parts[rels_name])
    else:  # no prefix: LibreOffice reads a relationships part only in the default namespace
        rels = etree.Element(f"{{{PKG}}}Relationships", nsmap={None: PKG})
    taken = {el.get("Id") for el in rels}
    entries = {el.get(f"{{{W}}}name"): el for el in table.findall(f"{{{W}}}font")}
    n = 0
    for face in faces:
        n += 1
        while f"rIdFont{n}" in taken or f"{folder}/fonts/font{n}.odttf" in parts:
            n += 1
        rid, target = f"rIdFont{n}", f"fonts/font{n}.odttf"
        key = font_key(face.data, face.name, face.style)
        parts[f"{folder}/{target}"] = obfuscate(face.data, key)
        etree.SubElement(rels, f"{{{PKG}}}Relationship", Id=rid, Type=FONT_REL, Target=target)
        entry = entries.get(face.name)
        if entry is None:
            entry = entries[face.name] = etree.SubElement(table, f"{{{W}}}font")
            entry.set(f"{{{W}}}name", face.name)
        tag = f"{{{W}}}{EMBED_TAGS[face.style]}"
        for old in entry.findall(tag):
            entry.remove(old)
        el = etree.SubElement(entry, tag)
        el.set(f"{{{R}}}id", rid)
        el.set(f"{{{W}}}fontKey", key)
        if face.subset:
            el.set(f"{{{W}}}subsetted", "1")
        _order_entry(entry)
    parts[table_name] = _xml(table)
    parts[rels_name] = _xml(rels)
    parts["[Content_Types].xml"] = _content_type(parts["[Content_Types].xml"])
    if "word/settings.xml" in parts:
        parts["word/settings.xml"] = _settings(parts["word/settings.xml"], any(f.subset for f in faces))
    return parts


# CT_Font's children, in schema order: the embedding elements come last.
_FONT_ORDER = ("altName", "panose1", "charset", "family", "notTrueType", "pitch", "sig", "embedRegular",
               "embedBold", "embedItalic", "embedBoldItalic")


def _order_entry(entry) -> None:
    children = sorted(entry, key=lambda el: _FONT_ORDER.index(etree.QName(el).localname)
                      if etree.QName(el).localname in _FONT_ORDER else len(_FONT_ORDER))
    for el in children:
        entry.append(el)


def _font_table(parts: dict[str, bytes]) -> str:
    """The font table's part name; one is added (with its relationship and content type) where the
    template had none."""
    doc_rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    for rel in doc_rels:
        if rel.get("Type") == FONT_TABLE_REL:
            return "word/" + rel.get("Target").lstrip("/").removeprefix("word/")
    ids = {rel.get("Id") for rel in doc_rels}
    rid = next(f"rId{i}" for i in range(len(ids) + 1, len(ids) + 1000) if f"rId{i}" not in ids)
    etree.SubElement(doc_rels, f"{{{PKG}}}Relationship", Id=rid, Type=FONT_TABLE_REL, Target="fontTable.xml")
    parts["word/_rels/document.xml.rels"] = _xml(doc_rels)
    parts["word/fontTable.xml"] = _xml(etree.Element(f"{{{W}}}fonts", nsmap={"w": W, "r": R}))
    types = etree.fromstring(parts["[Content_Types].xml"])
    etree.SubElement(types, f"{{{CT}}}Override", PartName="/word/fontTable.xml", ContentType=FONT_TABLE_TYPE)
    parts["[Content_Types].xml"] = _xml(types)
    return "word/fontTable.xml"


def _content_type(data: bytes) -> bytes:
    types = etree.fromstring(data)
    if not any(el.get("Extension", "").lower() == "odttf" for el in types.findall(f"{{{CT}}}Default")):
        el = etree.Element(f"{{{CT}}}Default", Extension="odttf", ContentType=ODTTF)
        defaults = types.findall(f"{{{CT}}}Default")
        (defaults[-1].addnext if defaults else (lambda e: types.insert(0, e)))(el)
    return _xml(types)


def _settings(data: bytes, subset: bool) -> bytes:
    root = etree.fromstring(data)
    wanted = ["embedTrueTypeFonts"] + (["saveSubsetFonts"] if subset else [])
    for name in ("embedTrueTypeFonts", "embedSystemFonts", "saveSubsetFonts"):
        for el in root.findall(f"{{{W}}}{name}"):
            root.remove(el)
    at = next((i for i, el in enumerate(root) if etree.QName(el).localname not in _SETTINGS_BEFORE), len(root))
    for offset, name in enumerate(wanted):
        root.insert(at + offset, etree.Element(f"{{{W}}}{name}"))
    return _xml(root)


def _xml(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
