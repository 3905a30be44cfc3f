"""Typed taxonomy names matched the way people type them: "Mini dresses", "mini-dresses" and
"MINI DRESSES" are the same name, and so are "Très bon état" and "tres bon etat"."""

import difflib
import unicodedata


def normalise(text: str) -> str:
    """Case, accents, hyphens, punctuation and spacing removed: the key two names compare on."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in plain).split())


class Names:
    """Taxonomy values under their names (English, French, paths); a name may stand for several
    values, e.g. the leaf "Skinny jeans" under both Women and Men."""

    def __init__(self):
        self._values: dict[str, dict] = {}  # key -> {value: name as shown}

    def add(self, name: str, value, shown: str | None = None) -> None:
        key = normalise(name)
        if key:
            self._values.setdefault(key, {}).setdefault(value, shown or name)

    def candidates(self, text: str) -> dict:
        """{value: name as shown} of every value the text names (empty when none)."""
        return self._values.get(normalise(text), {})

    def find(self, text: str):
        """The one value the text names, or None when it names none or several."""
        found = self.candidates(text)
        return next(iter(found)) if len(found) == 1 else None

    def closest(self, text: str) -> str | None:
        """The known name nearest to the text (for "did you mean …?"), or None when nothing is close."""
        keys = difflib.get_close_matches(normalise(text), list(self._values), n=1, cutoff=0.75)
        return next(iter(self._values[keys[0]].values())) if keys else None
