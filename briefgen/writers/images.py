"""Images as both writers set them, the same in each: a photograph turned upright, in RGB or grey.

A dossier's images come from phones, scanners and partners' files. Left as they are, three kinds went wrong:
a phone photograph whose camera was held sideways stores its pixels sideways with an Exif note to turn them
(both formats printed it on its side); a CMYK JPEG (print work, Photoshop) made the PDF fail PDF/A (DeviceCMYK
with an sRGB output intent) and crashed the Word writer, whose image reader knows no JPEG without a JFIF or
Exif header; and a 16-bit PNG. Such an image is made again, once per process: turned as its Exif says, in RGB
(through its ICC profile when it has one) or 8-bit grey, a JPEG for a JPEG and a PNG otherwise. Any other
image is used as it is, byte for byte.
"""

from __future__ import annotations

import io
import struct
from functools import lru_cache
from pathlib import Path

EXIF_ORIENTATION = 0x0112
WIDE_MODES = ("CMYK", "YCbCr", "I", "I;16", "I;16B", "I;16L", "F")  # made RGB or 8-bit grey


def prepared(src: str):
    """``src`` itself, or a file-like object holding the image as it is to be set."""
    stat = Path(src).stat()
    data = _remade(src, stat.st_mtime_ns, stat.st_size)  # an image changed on disk is read again (preview)
    return src if data is None else io.BytesIO(data)


@lru_cache(maxsize=64)
def _remade(src: str, mtime_ns: int, size: int) -> bytes | None:
    import warnings

    from PIL import Image

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # before opening: Pillow reads the Exif block then, warning if damaged
        with Image.open(src) as img:
            try:
                orientation = img.getexif().get(EXIF_ORIENTATION, 1)
            except (SyntaxError, ValueError, OSError, struct.error):
                orientation = None
            damaged = bool(caught) or orientation is None
            return _remake(img, 1 if damaged else orientation, damaged)


def _remake(img, orientation: int, damaged: bool) -> bytes | None:
    """The image made again, or None if it is right as it is. A damaged Exif block (python-docx's reader
    stops at it) is left out."""
    from PIL import ImageOps

    jpeg = img.format == "JPEG"
    if damaged:
        img.info.pop("exif", None)
    headed = not jpeg or "jfif" in img.info or "exif" in img.info
    if orientation == 1 and not damaged and headed and img.mode not in WIDE_MODES:
        return None
    icc = img.info.get("icc_profile")
    img.load()
    out = ImageOps.exif_transpose(img) if orientation != 1 else img
    out = _to_rgb(out, icc) if out.mode in ("CMYK", "YCbCr") else out
    if out.mode.startswith("I") or out.mode == "F":  # 16-bit grey: to 8 bits, scaled rather than clipped
        out = out if out.mode == "F" else out.convert("I")
        if out.getextrema()[1] > 255:
            out = out.point(lambda v: v * (255 / 65535))
        out = out.convert("L")
    buf = io.BytesIO()
    if jpeg and out.mode in ("RGB", "L"):
        out.save(buf, "JPEG", quality=95)
    else:
        out.save(buf, "PNG")
    return buf.getvalue()


def _to_rgb(img, icc: bytes | None):
    """RGB through the image's own ICC profile to sRGB, or Pillow's plain conversion without one."""
    if icc:
        from PIL import ImageCms

        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(img, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass
    return img.convert("RGB")
