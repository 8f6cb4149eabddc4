"""Rewrite the README's generated tables section (between the tables:begin/end markers) from the schemas."""

from __future__ import annotations

import re
from pathlib import Path

from schemas.docs import tables_markdown

README = Path(__file__).resolve().parent.parent / "README.md"
SECTION = re.compile(r"<!-- tables:begin.*?<!-- tables:end -->\n", re.DOTALL)


def main() -> None:
    text = README.read_text(encoding="utf-8")
    if not SECTION.search(text):
        raise SystemExit("README.md has no tables:begin/end markers")
    README.write_text(SECTION.sub(lambda _: tables_markdown(), text, count=1), encoding="utf-8")


if __name__ == "__main__":
    main()
