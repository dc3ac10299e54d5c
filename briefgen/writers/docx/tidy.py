"""The Word package as a current Word file, without what python-docx's default template left in it.

- ``compatibilityMode`` 15 (Word 2013 and later): the template's 14 opens every brief in Compatibility Mode.
- No ``w:proofState``: the template claims its spelling and grammar were checked, so Word would not mark
  the brief's own mistakes until someone edits it.
- On briefgen's own template (not a house ``reference_docx``, whose styles are the organisation's), only the
  styles the brief uses (those its paragraphs, runs and tables name, in the body, the header and footer and
  the notes) and those the theme sets (Heading 1, Caption ...: staff who edit the brief find them in the
  house style), with the styles they are based on, linked to and followed by, and the defaults Word needs.
  The template's other styles (List Number 3, Light Shading Accent 4 and some eighty more) go, and a
  numbering level that names a style no longer there no longer names it.
- On briefgen's own template, the theme's fonts are the brief's (Word's "Body" and "Headings" fonts in the
  font list: PT Sans, not Cambria and Calibri), bullets are the PDF's "•" in the body font (not a Symbol
  font glyph, which LibreOffice replaces with OpenSymbol), and the font table lists only fonts the brief
  names.

It works on python-docx's own trees of the parts, before they are written (``Trees``): the parts python-docx
holds as bytes (the theme, the font table) are parsed once, and returned rewritten.
"""

from __future__ import annotations

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
WORD_SETTING = "http://schemas.microsoft.com/office/word"
COMPATIBILITY_MODE = "15"
REFERENCES = ("pStyle", "rStyle", "tblStyle")  # where a part names a style
CHAIN = ("basedOn", "link", "next")  # what a style names in turn
ALWAYS = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList"}  # Word's defaults, named or not
CONTENT = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml", "word/comments.xml")


class Trees:
    """A package's XML parts as trees, by member name ("word/styles.xml"): python-docx's own trees where it
    keeps one, else the part's bytes parsed once. ``edit`` marks a parsed part to be written anew."""

    def __init__(self, package):
        self.parts = {part.partname.membername: part for part in package.iter_parts()}
        self.parsed: dict[str, etree._Element] = {}
        self.edited: list[str] = []

    def __contains__(self, name: str) -> bool:
        return name in self.parts

    def __getitem__(self, name: str):
        part = self.parts[name]
        element = getattr(part, "element", None)  # an XmlPart's tree: what python-docx writes
        if element is not None:
            return element
        if name not in self.parsed:
            self.parsed[name] = etree.fromstring(part.blob)
        return self.parsed[name]

    def edit(self, name: str):
        """The tree of ``name``, to change: a part held as bytes is written from it (``rewritten``)."""
        if name not in self.edited:
            self.edited.append(name)
        return self[name]

    def rewritten(self) -> dict[str, bytes]:
        """The parts held as bytes that were edited, as their new bytes."""
        return {name: _xml(self.parsed[name]) for name in self.edited if name in self.parsed}


def tidy(package, themed: set[str] | None, fonts=None, hyphenate: bool = False) -> dict[str, bytes]:
    """Modernise the settings of python-docx's ``package`` and, on briefgen's own template (``themed``: the ids
    of the styles the theme set; None for a house template), drop the styles neither used nor themed, and set
    the theme's fonts, the bullets and the font table from ``fonts`` (an ``embed.WordFonts``). With
    ``hyphenate``, Word and LibreOffice hyphenate the text (``w:autoHyphenation``), by each run's language.
    Returns the parts python-docx holds as bytes that changed: {member name: their new bytes}."""
    trees = Trees(package)
    if themed is not None and fonts is not None:
        _fonts(trees, fonts)
    if "word/settings.xml" in trees:
        _settings(trees.edit("word/settings.xml"), hyphenate)
    if themed is not None and "word/styles.xml" in trees:
        used = ALWAYS | themed
        for name in trees.parts:
            if name in CONTENT or name.startswith(("word/header", "word/footer")):
                used |= _named(trees[name])
        kept = _prune(trees.edit("word/styles.xml"), used)
        if "word/numbering.xml" in trees:
            _unlink(trees.edit("word/numbering.xml"), kept)
    return trees.rewritten()


# The settings CT_Settings puts after w:autoHyphenation (ECMA-376 17.15.1.78), for placing it in order.
_AFTER_HYPHENATION = {
    "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps", "showEnvelope", "summaryLength",
    "clickAndTypeStyle", "defaultTableStyle", "evenAndOddHeaders", "bookFoldRevPrinting", "bookFoldPrinting",
    "bookFoldPrintingSheets", "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery", "doNotUseMarginsForDrawingGridOrigin",
    "drawingGridHorizontalOrigin", "drawingGridVerticalOrigin", "doNotShadeFormData", "noPunctuationKerning",
    "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars", "noLineBreaksAfter",
    "noLineBreaksBefore", "savePreviewPicture", "doNotValidateAgainstSchema", "saveInvalidXml",
    "ignoreMixedContent", "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml", "saveXmlDataOnly",
    "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags", "alwaysMergeEmptyNamespace", "updateFields",
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema",
    "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
    "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
    "decimalSymbol", "listSeparator"}


def _auto_hyphenation(root) -> None:
    if root.find(f"{_W}autoHyphenation") is not None:
        return
    el = etree.Element(f"{_W}autoHyphenation")
    after = next((c for c in root if etree.QName(c).localname in _AFTER_HYPHENATION), None)
    if after is not None:
        after.addprevious(el)
    else:
        root.append(el)


def _settings(root, hyphenate: bool = False) -> None:
    for el in root.findall(f"{_W}proofState"):
        root.remove(el)
    if hyphenate:
        _auto_hyphenation(root)
    compat = root.find(f"{_W}compat")
    if compat is None:
        compat = etree.SubElement(root, f"{_W}compat")  # at the end: schema order is the caller's care
    mode = next((el for el in compat.findall(f"{_W}compatSetting")
                 if el.get(f"{_W}name") == "compatibilityMode" and el.get(f"{_W}uri") == WORD_SETTING), None)
    if mode is None:
        mode = etree.SubElement(compat, f"{_W}compatSetting")
        mode.set(f"{_W}name", "compatibilityMode")
        mode.set(f"{_W}uri", WORD_SETTING)
    mode.set(f"{_W}val", COMPATIBILITY_MODE)


def _named(root) -> set[str]:
    """The style ids a part's paragraphs, runs and tables name."""
    return {el.get(f"{_W}val") for tag in REFERENCES for el in root.iter(f"{_W}{tag}")} - {None}


def _prune(styles, used: set[str]) -> set[str]:
    """Drop the styles not used, following what the used ones name; the ids kept."""
    by_id = {s.get(f"{_W}styleId"): s for s in styles.findall(f"{_W}style")}
    kept: set[str] = set()
    todo = [i for i in used | {i for i, s in by_id.items() if s.get(f"{_W}default") in ("1", "true", "on")}
            if i in by_id]
    while todo:
        sid = todo.pop()
        if sid in kept:
            continue
        kept.add(sid)
        for tag in CHAIN:
            for el in by_id[sid].findall(f"{_W}{tag}"):
                target = el.get(f"{_W}val")
                if target in by_id and target not in kept:
                    todo.append(target)
    for sid, style in by_id.items():
        if sid not in kept:
            styles.remove(style)
    return kept


def _unlink(root, kept: set[str]) -> None:
    """Numbering levels that name a style that is gone name none."""
    for el in list(root.iter(f"{_W}pStyle")):
        if el.get(f"{_W}val") not in kept:
            el.getparent().remove(el)


A = "http://schemas.openxmlformats.org/drawingml/2006/main"
BULLET = "\u2022"
FONT_ATTRS = tuple(f"{_W}{a}" for a in ("ascii", "hAnsi", "eastAsia", "cs"))


def _fonts(trees: Trees, fonts) -> None:
    """The theme's fonts, the bullets and the font table, from the brief's fonts (see the module)."""
    theme_name = next((n for n in trees.parts if n.startswith("word/theme/") and n.endswith(".xml")), None)
    if theme_name:
        theme = trees.edit(theme_name)
        for tag, latin in (("majorFont", fonts.heading_name), ("minorFont", fonts.body_name)):
            for scheme in theme.iter(f"{{{A}}}{tag}"):
                for child in scheme:
                    name = etree.QName(child).localname
                    script = child.get("script")
                    typeface = (latin if name == "latin" else
                                fonts.slots.get("Hani") if name == "ea" or script == "Hans" else
                                fonts.slots.get("Arab") if name == "cs" or script in ("Arab", "Uigh") else None)
                    if typeface:
                        child.set("typeface", typeface)
    if "word/numbering.xml" in trees:
        numbering = trees.edit("word/numbering.xml")
        for lvl in numbering.iter(f"{_W}lvl"):
            fmt = lvl.find(f"{_W}numFmt")
            if fmt is None or fmt.get(f"{_W}val") != "bullet":
                continue
            text = lvl.find(f"{_W}lvlText")
            if text is not None:
                text.set(f"{_W}val", BULLET)
            for rfonts in lvl.iter(f"{_W}rFonts"):
                rfonts.attrib.clear()
                for attr in FONT_ATTRS:
                    rfonts.set(attr, fonts.body_name)
    if "word/fontTable.xml" in trees:
        named = {fonts.body_name, fonts.heading_name, *fonts.slots.values()}
        for name in trees.parts:
            if name.endswith(".xml") and name.startswith("word/") and name != "word/fontTable.xml":
                named |= {el.get(a) for el in trees[name].iter(f"{_W}rFonts") for a in FONT_ATTRS} - {None}
        table = trees.edit("word/fontTable.xml")
        for entry in table.findall(f"{_W}font"):
            if entry.get(f"{_W}name") not in named:
                table.remove(entry)


def _xml(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
