"""French copy uses the typographic apostrophe (’) everywhere: rewrite straight ones in the French
msgstr of every catalogue (msgid, comments and code stay as they are). Run after adding French
translations by hand, then compilemessages; tests/test_i18n.py fails while one is left."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def french_catalogues(root: Path = ROOT) -> list[Path]:
    skip = {".venv", "node_modules", ".git"}
    return sorted(p for p in root.glob("**/locale/fr/LC_MESSAGES/django.po") if not skip & set(p.parts))


def straight_apostrophes(text: str) -> list[str]:
    """The msgstr lines (and their continuation lines) that hold a straight apostrophe."""
    found, in_msgstr = [], False
    for line in text.split("\n"):
        if line.startswith("msgstr"):
            in_msgstr = True
        elif not line.startswith('"'):
            in_msgstr = False
        if in_msgstr and "'" in line:
            found.append(line)
    return found


def fix(text: str) -> str:
    lines, in_msgstr = [], False
    for line in text.split("\n"):
        if line.startswith("msgstr"):
            in_msgstr = True
        elif not line.startswith('"'):
            in_msgstr = False
        lines.append(line.replace("'", "’") if in_msgstr else line)
    return "\n".join(lines)


def main() -> None:
    for path in french_catalogues():
        text = path.read_text(encoding="utf-8")
        fixed = fix(text)
        if fixed != text:
            path.write_text(fixed, encoding="utf-8")
            print(f"{path.relative_to(ROOT)}: {len(straight_apostrophes(text))} lines")


if __name__ == "__main__":
    main()
