"""Vietnamese number formats: '2.771' (thousands), '92,03' and '92.03' (decimals), '546.489.887'."""

from __future__ import annotations

import re

NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"  # 546.489.887 | 2.771 | 92,03 | 92.03 | 310
THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")


def parse_vietnamese_number(raw: str, percent: bool = False) -> float:
    """The value of a number as Vietnamese reports write it.

    '.' groups thousands and ',' marks decimals ('546.489.887', '92,03'), but many reports write a
    decimal point in percentages ('92.03%'): a '.' followed by exactly three digits is a thousands
    separator unless the number is a percentage, any other '.' is a decimal point.
    """
    text = raw.replace(" ", "")
    if THOUSANDS.fullmatch(text) and not (percent and text.count(".") == 1):
        return float(text.replace(".", "").replace(",", "."))
    return float(text.replace(",", "."))
