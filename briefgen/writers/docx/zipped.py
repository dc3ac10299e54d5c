"""The package as parts and as a zip: python-docx's parts taken unzipped (``package_parts``), then zipped once,
with one fixed timestamp and order, so that equal inputs give equal bytes (``reproducible_zip``)."""

from __future__ import annotations

import io
import zipfile


def package_parts(d) -> dict[str, bytes]:
    """The document's package as {member name: bytes}, in the order python-docx would zip it ([Content_Types],
    the package's relationships, then each part and its relationships), without zipping it: the brief is
    zipped once, by ``reproducible_zip`` (it was zipped by python-docx, then unzipped and zipped again)."""
    try:
        from docx.opc.pkgwriter import _ContentTypesItem
    except ImportError:  # a python-docx without it: its own zip, read back
        buf = io.BytesIO()
        d.save(buf)
        with zipfile.ZipFile(buf) as z:
            return {info.filename: z.read(info.filename) for info in z.infolist()}
    package = d.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    out = {"[Content_Types].xml": _ContentTypesItem.from_parts(parts).blob, "_rels/.rels": package.rels.xml}
    for part in parts:
        out[part.partname.membername] = part.blob
        if len(part.rels):
            out[part.partname.rels_uri.membername] = part.rels.xml
    return out


def reproducible_zip(parts: dict[str, bytes], when) -> bytes:
    """The parts zipped in their order with one fixed timestamp, so that equal inputs give equal bytes: the
    build time, clamped to the years a zip's entries can date (1980 to 2107; the file's properties keep it)."""
    date_time = min(max((1980, 1, 1, 0, 0, 0), tuple(when.timetuple())[:6]), (2107, 12, 31, 23, 59, 58))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, blob in parts.items():
            zi = zipfile.ZipInfo(name, date_time=date_time)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zi.create_system = 3
            dst.writestr(zi, blob)
    return out.getvalue()
