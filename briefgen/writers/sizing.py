"""How big a figure is printed, the same in every format: a pixel taken as a point, shrunk to fit the width
and half the height of the text area, and a small image (at most a third of the width) at most doubled. An
image a table cell holds alone is at most 35 by 45 mm and its cell's width."""

from __future__ import annotations


def figure_size(pixels: tuple[int, int], width: float, height: float) -> tuple[float, float]:
    """A figure's width and height in points, for an image of ``pixels`` (width, height) in a text area
    ``width`` by ``height`` points."""
    iw, ih = pixels
    scale = min(width / iw, height * 0.5 / ih, 1.0 if iw > width / 3 else 2.0)
    return iw * scale, ih * scale


MM = 72 / 25.4  # points in a millimetre
CELL_WIDTH_MM, CELL_HEIGHT_MM = 35, 45  # an image in a table cell (a photograph beside a name) at most


def cell_image_size(pixels: tuple[int, int], width: float) -> tuple[float, float]:
    """The width and height in points of an image of ``pixels`` that a table cell ``width`` points wide holds
    alone."""
    iw, ih = pixels
    scale = min(width / iw, CELL_WIDTH_MM * MM / iw, CELL_HEIGHT_MM * MM / ih)
    return iw * scale, ih * scale
