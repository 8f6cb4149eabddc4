"""Text normalization applied to every page before anything else reads it (offsets refer to the result)."""

from __future__ import annotations

import re
import unicodedata

# Look-alikes written for Vietnamese đ/Đ by fonts and legacy converters (data, not logic).
LOOKALIKE_FIXES: dict[str, str] = {
    "\u00d0": "\u0110",  # Ð (Icelandic eth) -> Đ
    "\u00f0": "\u0111",  # ð -> đ
    "\u0189": "\u0110",  # Ɖ (African D) -> Đ
    "\u00a0": " ",  # no-break space
    "\u200b": "",  # zero-width space
    "\ufeff": "",  # byte-order mark
    "\u00ad": "",  # soft hyphen
}
_FIX_TABLE = str.maketrans(LOOKALIKE_FIXES)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def normalize_text(text: str) -> str:
    """NFC, Đ look-alikes fixed, CRLF to LF, control characters (except tab, LF, FF) removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFC", text)
    return text.translate(_FIX_TABLE)
