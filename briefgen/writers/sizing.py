"""How big a figure is printed, the same in every format: a pixel taken as a point, shrunk to fit the width
and half the height of the text area, and a small image (at most a third of the width) at most doubled."""

from __future__ import annotations


def figure_size(pixels: tuple[int, int], width: float, height: float) -> tuple[float, float]:
    """A figure's width and height in points, for an image of ``pixels`` (width, height) in a text area
    ``width`` by ``height`` points."""
    iw, ih = pixels
    scale = min(width / iw, height * 0.5 / ih, 1.0 if iw > width / 3 else 2.0)
    return iw * scale, ih * scale
