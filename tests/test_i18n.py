"""Every French message is translated, and the compiled catalogue is what the site uses."""

import json
import re
from pathlib import Path

from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = [
    ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po",
    *sorted(ROOT.glob("*/locale/fr/LC_MESSAGES/django.po")),
]


def _entries():
    """(block, msgid, msgstr) for every entry of every French catalogue."""
    blocks = [b for po in CATALOGUES for b in po.read_text(encoding="utf-8").split("\n\n")[1:]]
    for block in blocks:
        parts, current = {"msgid": [], "msgstr": []}, None
        for line in block.splitlines():
            keyword = line.split(" ", 1)[0]
            if keyword in ("msgid", "msgstr", "msgstr[0]", "msgstr[1]", "msgid_plural"):
                current = "msgstr" if keyword.startswith("msgstr") else keyword
                parts.setdefault(current, []).append(json.loads(line.split(" ", 1)[1]))
            elif line.startswith('"') and current:
                parts[current].append(json.loads(line))
        yield block, "".join(parts["msgid"]), "".join(parts["msgstr"])


def test_french_catalogue_has_no_untranslated_or_fuzzy_message():
    untranslated = [
        msgid
        for block, msgid, msgstr in _entries()
        if msgid and (not msgstr or "#, fuzzy" in block) and not block.lstrip().startswith("#~")
    ]
    assert not untranslated, untranslated[:20]


def test_french_catalogue_keeps_every_placeholder():
    broken = []
    for _block, msgid, msgstr in _entries():
        # Sets: a plural entry joins its msgstr forms, each carrying the placeholder once.
        if set(re.findall(r"%\(\w+\)s", msgid)) != set(re.findall(r"%\(\w+\)s", msgstr)):
            broken.append(msgid)
    assert not broken, broken


def test_french_is_served():
    with translation.override("fr"):
        assert translation.gettext("Create your shop") == "Créez votre boutique"


def test_french_catalogue_puts_a_nonbreaking_space_before_colons_and_double_punctuation():
    # French typography: "Prix : 12 €", "Vraiment ?". An ordinary space would let the line break
    # before the colon on a phone; no space at all reads as English.
    wrong = [
        msgstr
        for _block, msgid, msgstr in _entries()
        if msgid
        and re.search(r"(?<![\u00a0\u202f])[:;?!](?=\s|$)", re.sub(r"https?://\S+|\{[^}]*\}|&\w+;", "", msgstr))
    ]
    assert not wrong, wrong[:20]


def test_french_catalogue_uses_the_typographic_apostrophe():
    # "l’IA", never "l'IA": scripts/french_apostrophes.py rewrites the straight ones.
    straight = [msgstr for _block, msgid, msgstr in _entries() if msgid and "'" in msgstr]
    assert not straight, straight[:20]
