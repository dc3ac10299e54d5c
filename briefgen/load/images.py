"""Images a dossier names (figures, a logo): real images, in a format both writers set, of a sane size.

Pillow reads the header and checks the file without decoding every pixel; an image whose pixels would take
more memory than a brief needs (a decompression bomb: a small file that unpacks into gigapixels) is refused
before any writer opens it.
"""

from __future__ import annotations

from pathlib import Path

FORMATS = {"PNG", "JPEG", "GIF"}  # what ReportLab and Word both set
MAX_PIXELS = 60_000_000  # a 60-megapixel photograph; a brief prints images a few centimetres wide
MAX_BYTES = 40_000_000


def image_problem(path: Path) -> str | None:
    """None for an image briefgen can set; else what is wrong with it."""
    import warnings

    from PIL import Image, UnidentifiedImageError

    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return f"file too large ({size:,} bytes; at most {MAX_BYTES:,})"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # a damaged Exif block: the writers leave it out
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                if img.format not in FORMATS:
                    return f"a {img.format} image; briefgen sets PNG, JPEG and GIF images"
                width, height = img.size
                if width * height > MAX_PIXELS or not width or not height:
                    return f"{width} x {height} pixels is more than a brief can hold (at most {MAX_PIXELS:,} pixels)"
                img.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return "more pixels than a brief can hold (a decompression bomb?)"
    except UnidentifiedImageError:
        return "not an image briefgen can read (PNG, JPEG or GIF)"
    except (OSError, SyntaxError, ValueError) as exc:
        return f"a damaged image ({exc})"
    return None
