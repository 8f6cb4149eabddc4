"""Who signed, from the right column of the signature block: the role lines ('KT. CHỦ TỊCH', 'PHÓ CHỦ
TỊCH', 'TM. ỦY BAN NHÂN DÂN') and the name printed under the signature and seal."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from extractors.layout import region_lines
from extractors.routing import is_vietnamese_word
from extractors.tables import load_table
from schemas.layout import LayoutLine

PREFIX = r"(?P<prefix>KT|TL|TM|TUQ|Q|K/T|T/L|T/M)"  # ký thay, thừa lệnh, thay mặt, thừa ủy quyền, quyền
ORG_WORDS = re.compile(r"^[A-Z/ ]+$")  # 'TM. UY BAN NHAN DAN TINH' once folded
NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_]*$")
NAME_WORDS = (2, 5)


@dataclass(frozen=True)
class Signer:
    """The signer's name and role lines (joined with ' / '), and the layout rows they were read from."""

    name: str | None
    role: str | None
    rows: tuple[LayoutLine, ...]


def fold(text: str) -> str:
    """Upper case without tone and vowel marks (Đ as D): OCR drops marks ('PHO CHU TỊCH')."""
    decomposed = unicodedata.normalize("NFD", text.upper().replace("Đ", "D"))
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


@functools.cache
def _roles() -> tuple[dict[str, str], re.Pattern[str]]:
    canonical = {fold(row["role"]): row["role"] for row in load_table("signer_roles")}
    alternation = "|".join(sorted(map(re.escape, canonical), key=len, reverse=True))
    return canonical, re.compile(rf"^(?:{PREFIX}[.:]?\s*)?(?P<role>{alternation})$")


def role_of_line(text: str) -> str | None:
    """The signing role a line states, canonical ('KT. PHÓ CHỦ TỊCH'), or None. A 'TM.' line names the
    body signed for ('TM. ỦY BAN NHÂN DÂN') and is kept as written."""
    canonical, pattern = _roles()
    folded = fold(re.sub(r"[^\w./ ]", " ", text)).strip(" .")
    found = pattern.match(folded)
    if found:
        prefix = found["prefix"]
        role = canonical[found["role"]]
        return f"{prefix}{'' if '/' in prefix else '.'} {role}" if prefix else role
    org = re.match(r"^(?P<prefix>TM|T/M)[.:]?\s+(?P<org>.+)$", folded)
    if org and ORG_WORDS.match(org["org"]) and len(org["org"]) > 3:
        return " ".join(text.split())
    return None


def is_name(text: str) -> bool:
    """A person's name: 2-5 capitalised Vietnamese syllables ('Trần Hoàng Tuấn'), not a role."""
    words = text.split()
    if not NAME_WORDS[0] <= len(words) <= NAME_WORDS[1]:
        return False
    shaped = all(NAME_WORD.match(w) and w[0].isupper() and (w[1:].islower() or not w[1:]) for w in words)
    return shaped and all(is_vietnamese_word(w) for w in words) and role_of_line(text) is None


def layout_to_signer(layouts: Sequence[Sequence[LayoutLine]]) -> Signer | None:
    """The first signature block (pages in order) whose right column states a role: its role lines and the
    last name under them. None when no page has one."""
    for layout in layouts:
        right = region_lines(layout, "signature_right")
        roles = [(row, role) for row in right if (role := role_of_line(row.raw))]
        if not roles:
            continue
        first_role = right.index(roles[0][0])
        names = [row for row in right[first_role + 1 :] if is_name(" ".join(row.raw.split()))]
        name_row = names[-1] if names else None
        rows = tuple(row for row, _ in roles) + ((name_row,) if name_row else ())
        name = " ".join(name_row.raw.split()) if name_row else None
        return Signer(name, " / ".join(role for _, role in roles), rows)
    return None
