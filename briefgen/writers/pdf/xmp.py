"""The PDF's XMP metadata: what the document information says (title, author, subject, keywords, language,
dates: the build time, ``SOURCE_DATE_EPOCH`` where set), that it is a PDF/UA-1 file (``pdfuaid:part``),
and where it came from: the briefgen version, the audience, the handling marking and a SHA-256 over the
evidence base's files (``briefgen:``), so that anyone holding the brief can tell which build of which
audience's brief, from which state of the dossier, it is."""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from ... import __version__
from ... import tree as T

NS_BRIEFGEN = "urn:briefgen:xmp:1.0/"  # briefgen's own properties


def xmp_packet(meta: T.Meta) -> str:
    created = (meta.created or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    when = created.strftime("%Y-%m-%dT%H:%M:%SZ")

    def alt(text: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(text)}</rdf:li></rdf:Alt>'

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
        f' xmlns:briefgen="{NS_BRIEFGEN}">\n'
        '<dc:format>application/pdf</dc:format>\n'
        f"<dc:title>{alt(meta.title)}</dc:title>\n"
        f"<dc:creator><rdf:Seq><rdf:li>{escape(meta.organisation)}</rdf:li></rdf:Seq></dc:creator>\n"
        f"<dc:description>{alt(f'{meta.audience_label}: {meta.title}')}</dc:description>\n"
        f"<dc:language><rdf:Bag><rdf:li>{escape(meta.language)}</rdf:li></rdf:Bag></dc:language>\n"
        f"<pdf:Keywords>{escape(keywords)}</pdf:Keywords>\n"
        f"<pdf:Producer>briefgen {__version__} with ReportLab</pdf:Producer>\n"
        "<xmp:CreatorTool>briefgen</xmp:CreatorTool>\n"
        f"<xmp:CreateDate>{when}</xmp:CreateDate>\n"
        f"<xmp:ModifyDate>{when}</xmp:ModifyDate>\n"
        f"<xmp:MetadataDate>{when}</xmp:MetadataDate>\n"
        "<pdfuaid:part>1</pdfuaid:part>\n"
        f"<briefgen:version>{__version__}</briefgen:version>\n"
        f"<briefgen:audience>{escape(meta.audience)}</briefgen:audience>\n"
        f"<briefgen:marking>{escape(meta.marking)}</briefgen:marking>\n"
        f"<briefgen:inputs-sha256>{meta.inputs_sha256}</briefgen:inputs-sha256>\n"
        "</rdf:Description>\n"
        "</rdf:RDF>\n"
        "</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )
