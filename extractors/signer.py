"""Who signed, from the right column of the signature block: the role lines ('KT. CHỦ TỊCH', 'PHÓ CHỦ
TỊCH', 'TM. ỦY BAN NHÂN DÂN') and the name printed under the signature and seal."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from extractors.layout import region_lines
from extractors.normalize import fold
from extractors.routing import is_vietnamese_word
from extractors.tables import load_table
from schemas.layout import LayoutLine

PREFIX = r"(?P<prefix>KT|TL|TM|TUQ|Q|K/T|T/L|T/M)"  # ký thay, thừa lệnh, thay mặt, thừa ủy quyền, quyền
ORG_WORDS = re.compile(r"^[A-Z/ ]+$")  # 'TM. UY BAN NHAN DAN TINH' once folded
NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_]*$")
NAME_WORDS = (2, 5)
LONE_VOWELS = frozenset("aàáảãạeèéẻẽẹêiìíỉĩịoòóỏõọôơuùúủũụưyỳýỷỹỵ")  # one-letter syllables ('Ý', 'Y')


@dataclass(frozen=True)
class Signer:
    """The signer's name and role lines (joined with ' / '), and the layout rows they were read from."""

    name: str | None
    role: str | None
    rows: tuple[LayoutLine, ...]


@functools.cache
def _roles() -> tuple[dict[str, tuple[str, ...]], re.Pattern[str]]:
    """The roles by their folded spelling (several roles may fold alike: THỨ TRƯỞNG, THỦ TRƯỞNG), and the
    pattern of a line that states one."""
    canonical: dict[str, tuple[str, ...]] = {}
    for row in load_table("signer_roles"):
        canonical[fold(row["role"])] = (*canonical.get(fold(row["role"]), ()), row["role"])
    alternation = "|".join(sorted(map(re.escape, canonical), key=len, reverse=True))
    return canonical, re.compile(rf"(?:^|\s)(?:{PREFIX}[.:]?\s*)?(?P<role>{alternation})$")


def role_of_line(text: str) -> str | None:
    """The signing role a line states, canonical ('KT. PHÓ CHỦ TỊCH'), or None. A 'TM.' line names the
    body signed for ('TM. ỦY BAN NHÂN DÂN') and is kept as written."""
    _, pattern = _roles()
    found = pattern.match(fold(text).strip(" .:"))  # the whole line is the role: nothing OCR damaged
    if found is not None:
        return _role_text(found, text)
    folded = fold(re.sub(r"[^\w./ ]", " ", text)).strip(" .")
    org = re.match(r"^(?P<prefix>TM|T/M)[.:]?\s+(?P<org>.+)$", folded)
    if org and ORG_WORDS.match(org["org"]) and len(org["org"]) > 3:
        return " ".join(text.split())
    return None


def damaged_role(text: str) -> str | None:
    """A role printed in capitals at the end of a line OCR damaged before it ('gà: - s PHÓ CHỦ TỊCH'): it
    marks the signature column, but what stood before it (a KT./TM. prefix?) is lost."""
    found = _role_match(text)
    if found is None or role_of_line(text) is not None:
        return None
    letters = [ch for ch in text.rstrip(" .:")[-len(found["role"]) :] if ch.isalpha()]
    return _role_text(found, text) if letters and all(ch.isupper() for ch in letters) else None


def _role_match(text: str) -> re.Match[str] | None:
    _, pattern = _roles()
    return pattern.search(fold(re.sub(r"[^\w./ ]", " ", text)).strip(" ."))


def _role_text(found: re.Match[str], text: str) -> str | None:
    """The canonical role ``found`` in ``text`` with its prefix; of roles that fold alike, the one ``text``
    spells (THỨ TRƯỞNG is not THỦ TRƯỞNG); None when it spells neither (marks lost: either could be)."""
    canonical, _ = _roles()
    spelled = unicodedata.normalize("NFC", text).upper()
    roles = canonical[found["role"]]
    role = roles[0] if len(roles) == 1 else next((r for r in roles if r in spelled), None)
    if role is None:
        return None
    prefix = found["prefix"]
    return f"{prefix}{'' if '/' in prefix else '.'} {role}" if prefix else role


def is_name(text: str) -> bool:
    """A person's name: 2-5 capitalised Vietnamese syllables ('Trần Hoàng Tuấn'), not a role."""
    words = text.split()
    if not NAME_WORDS[0] <= len(words) <= NAME_WORDS[1]:
        return False
    shaped = all(NAME_WORD.match(w) and w[0].isupper() and (w[1:].islower() or not w[1:]) for w in words)
    if any(len(w) == 1 and w.lower() not in LONE_VOWELS for w in words):
        return False  # 'À H': a lone consonant is OCR debris, never a syllable of a name
    return shaped and all(is_vietnamese_word(w) for w in words) and role_of_line(text) is None


def layout_to_signer(layouts: Sequence[Sequence[LayoutLine]]) -> Signer | None:
    """The first signature block (pages in order) whose right column states a role: its role lines and the
    last name under them. The role is left empty when OCR damaged a role line (its prefix may be lost),
    unless it is the block's only role line and only marks stand before it.
    When no page states a role (OCR lost the role line under the seal), the last name of the first right
    column that holds one, without a role. None when neither is found."""
    return _signer_with_role(layouts) or _signer_without_role(layouts)


def _signer_without_role(layouts: Sequence[Sequence[LayoutLine]]) -> Signer | None:
    for layout in layouts:
        names = [row for row in region_lines(layout, "signature_right") if is_name(_name_text(row.raw))]
        if names:
            return Signer(_name_text(names[-1].raw), None, (names[-1],))
    return None


def _signer_with_role(layouts: Sequence[Sequence[LayoutLine]]) -> Signer | None:
    for layout in layouts:
        right = region_lines(layout, "signature_right")
        roles = [(row, role, True) for row in right if (role := role_of_line(row.raw))]
        roles += [(row, role, False) for row in right if (role := damaged_role(row.raw))]
        if not roles:
            continue
        if len(roles) == 1 and _only_marks_before(roles[0][0].raw, roles[0][1]):
            roles = [(roles[0][0], roles[0][1], True)]  # 'CHỦ TỊCH' alone: a lost 'KT.' leaves a 'PHÓ …' line
        roles.sort(key=lambda found: right.index(found[0]))
        first_role = right.index(roles[0][0])
        names = [row for row in right[first_role + 1 :] if is_name(_name_text(row.raw))]
        name_row = names[-1] if names else None
        rows = tuple(row for row, _, _ in roles) + ((name_row,) if name_row else ())
        name = _name_text(name_row.raw) if name_row else None
        role = " / ".join(role for _, role, _ in roles) if all(sure for *_, sure in roles) else None
        return Signer(name, role, rows)
    return None


def _only_marks_before(raw: str, role: str) -> bool:
    """What stands before the role on its line is marks only ('_—. CHỦ TỊCH': a rule, a speck), no letter
    or digit a damaged 'KT.' or 'TM.' would leave."""
    folded = fold(raw)
    at = folded.rfind(fold(role))
    return at >= 0 and not re.search(r"[^\W_]", folded[:at])


def _name_text(raw: str) -> str:
    """A name line without the rules and marks OCR reads around a signature ('— Ngôn Nghiệp')."""
    return " ".join(re.sub(r"^[\W_]+|[\W_]+$", "", raw).split())
