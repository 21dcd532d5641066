#!/usr/bin/env python3
"""Prints the ranges of non-ASCII characters for which Python's str.isdigit() is true.

Development time only (see README.md). The output is the DIGIT_RANGES table of
src/tagger.rs, which makes the tagger's word normalisation (!YEAR, !DIGITS) match the
reference's on every character; it was made with Python 3.11 (Unicode 14.0).
"""
import sys
import unicodedata

ranges = []
start = None
for c in range(0x80, 0x110001):
    digit = c < 0x110000 and chr(c).isdigit()
    if digit and start is None:
        start = c
    if not digit and start is not None:
        ranges.append((start, c - 1))
        start = None
print(f"// Python {sys.version.split()[0]}, Unicode {unicodedata.unidata_version}: {len(ranges)} ranges")
for lo, hi in ranges:
    print(f"    (0x{lo:04X}, 0x{hi:04X}),")
