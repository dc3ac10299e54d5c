"""The PDF's XMP metadata: what the document information says (title, author, subject, keywords, language,
dates: the build time, ``SOURCE_DATE_EPOCH`` where set), that it is a PDF/UA-1 and PDF/A-3a file
(``pdfuaid:part``, ``pdfaid:part`` and ``conformance``, with the PDF/A extension schemas that declare every
property not predefined by XMP), and where it came from: the briefgen version, the audience, the handling
marking and a SHA-256 over the evidence base's files (``briefgen:``), so that anyone holding the brief can tell
which build of which audience's brief, from which state of the dossier, it is."""

from __future__ import annotations

import datetime as dt
from html import escape  # (xml.sax.saxutils' imports urllib, http and ssl: 9 ms)

from ... import __version__
from ... import tree as T

NS_BRIEFGEN = "urn:briefgen:xmp:1.0/"  # briefgen's own properties


def xmp_packet(meta: T.Meta) -> str:
    created = (meta.created or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    when = created.strftime("%Y-%m-%dT%H:%M:%SZ")

    def alt(text: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(text, quote=False)}</rdf:li></rdf:Alt>'

    keywords = ", ".join(meta.keywords)
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about=""'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/"'
        ' xmlns:xmp="http://ns.adobe.com/xap/1.0/"'
        ' xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"'
        ' xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"'
        f' xmlns:briefgen="{NS_BRIEFGEN}">\n'
        '<dc:format>application/pdf</dc:format>\n'
        f"<dc:title>{alt(meta.title)}</dc:title>\n"
        f"<dc:creator><rdf:Seq><rdf:li>{escape(meta.organisation, quote=False)}</rdf:li></rdf:Seq></dc:creator>\n"
        f"<dc:description>{alt(f'{meta.audience_label}: {meta.title}')}</dc:description>\n"
        f"<dc:language><rdf:Bag><rdf:li>{escape(meta.language, quote=False)}</rdf:li></rdf:Bag></dc:language>\n"
        f"<pdf:Keywords>{escape(keywords, quote=False)}</pdf:Keywords>\n"
        f"<pdf:Producer>briefgen {__version__} with ReportLab</pdf:Producer>\n"
        "<xmp:CreatorTool>briefgen</xmp:CreatorTool>\n"
        f"<xmp:CreateDate>{when}</xmp:CreateDate>\n"
        f"<xmp:ModifyDate>{when}</xmp:ModifyDate>\n"
        f"<xmp:MetadataDate>{when}</xmp:MetadataDate>\n"
        "<pdfuaid:part>1</pdfuaid:part>\n"
        "<pdfaid:part>3</pdfaid:part>\n"
        "<pdfaid:conformance>A</pdfaid:conformance>\n"
        f"<briefgen:version>{__version__}</briefgen:version>\n"
        f"<briefgen:audience>{escape(meta.audience, quote=False)}</briefgen:audience>\n"
        f"<briefgen:marking>{escape(meta.marking, quote=False)}</briefgen:marking>\n"
        f"<briefgen:inputs-sha256>{meta.inputs_sha256}</briefgen:inputs-sha256>\n"
        "</rdf:Description>\n"
        f"{EXTENSIONS}"
        "</rdf:RDF>\n"
        "</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )


def _schema(name: str, uri: str, prefix: str, properties) -> str:
    """One PDF/A extension schema (ISO 19005-3, 6.6.2.3): a namespace and its properties, each with its value
    type and description."""
    props = "".join(
        '<rdf:li rdf:parseType="Resource">'
        f"<pdfaProperty:name>{prop}</pdfaProperty:name><pdfaProperty:valueType>{kind}</pdfaProperty:valueType>"
        f"<pdfaProperty:category>internal</pdfaProperty:category>"
        f"<pdfaProperty:description>{escape(text, quote=False)}</pdfaProperty:description></rdf:li>\n"
        for prop, kind, text in properties)
    return ('<rdf:li rdf:parseType="Resource">\n'
            f"<pdfaSchema:schema>{escape(name, quote=False)}</pdfaSchema:schema>\n"
            f"<pdfaSchema:namespaceURI>{uri}</pdfaSchema:namespaceURI>\n"
            f"<pdfaSchema:prefix>{prefix}</pdfaSchema:prefix>\n"
            f"<pdfaSchema:property><rdf:Seq>\n{props}</rdf:Seq></pdfaSchema:property>\n"
            "</rdf:li>\n")


EXTENSIONS = (
    '<rdf:Description rdf:about=""'
    ' xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"'
    ' xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"'
    ' xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">\n'
    "<pdfaExtension:schemas><rdf:Bag>\n"
    + _schema("PDF/UA identification", "http://www.aiim.org/pdfua/ns/id/", "pdfuaid",
              [("part", "Integer", "The part of ISO 14289 (PDF/UA) the file conforms to")])
    + _schema("briefgen provenance", NS_BRIEFGEN, "briefgen", [
        ("version", "Text", "The version of briefgen that built the brief"),
        ("audience", "Text", "The audience of the dossier the brief was built for"),
        ("marking", "Text", "The Traffic Light Protocol marking of the brief"),
        ("inputs-sha256", "Text", "SHA-256 over the files of the evidence base the brief was built from"),
    ])
    + "</rdf:Bag></pdfaExtension:schemas>\n"
    "</rdf:Description>\n"
)
