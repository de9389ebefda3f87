"""Comparing rendered images with reviewed golden PNGs, shared by the grid's and the
window's golden tests."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QImage

# A pixel differs when a channel moves by more than this; an image may have
# this share of differing pixels (font rasterisers differ in the last bits).
CHANNEL_TOLERANCE = 48
PIXEL_SHARE = 0.004

# Holidays the grid goldens show (a stand-in calendar, so the images pin the painter).
HOLIDAYS = {("Lena", date(2026, 3, 30)): "Testfeiertag", ("Jonas", date(2026, 3, 30)):
            "Testfeiertag", ("Priya", date(2026, 3, 31)): "Mahavir Jayanti",
            ("Arjun", date(2026, 3, 31)): "Mahavir Jayanti"}


def differing_share(a: QImage, b: QImage) -> float:
    a = a.convertToFormat(QImage.Format.Format_ARGB32)
    b = b.convertToFormat(QImage.Format.Format_ARGB32)
    if a.size() != b.size():
        return 1.0
    da, db = bytes(a.constBits()), bytes(b.constBits())
    bad = 0
    for i in range(0, len(da), 4):
        if da[i:i + 4] != db[i:i + 4] and max(
                abs(da[i + k] - db[i + k]) for k in range(4)) > CHANNEL_TOLERANCE:
            bad += 1
    return bad / (a.width() * a.height())
