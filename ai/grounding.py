"""The post-check: a draft may only state what the facts hold, must mention the seller's flaws,
and must fit the marketplace's limits. It repairs what it safely can (flaws, length, hashtags)
and rejects inventions with GenerationError("ungrounded")."""

import re
import unicodedata
from dataclasses import dataclass, field

from .errors import GenerationError
from .facts import ProductFacts
from .options import GenerationOptions
from .phrases import CONDITIONS, FLAWS_LABEL, label_separator

# Material concepts and their words in our seven languages.
MATERIALS = {
    "cotton": ("cotton", "coton", "baumwolle", "algodon", "cotone", "katoen", "bawelna"),
    "wool": ("wool", "laine", "wolle", "lana", "wol", "welna"),
    "silk": ("silk", "soie", "seide", "seda", "seta", "zijde", "jedwab"),
    "leather": ("leather", "cuir", "leder", "cuero", "piel", "pelle", "leer", "skora"),
    "linen": ("linen", "lin", "leinen", "lino", "linnen", "len"),
    "polyester": ("polyester", "poliester", "poliestere"),
    "cashmere": ("cashmere", "cachemire", "kaschmir", "cachemira", "kasjmier", "kaszmir"),
    "denim": ("denim", "jean", "jeans"),
    "viscose": ("viscose", "viskose", "viscosa", "wiskoza"),
    "nylon": ("nylon", "polyamide", "polyamid", "poliamida", "poliammide", "poliamid"),
    "suede": ("suede", "daim", "wildleder", "scamosciato", "zamsz"),  # not "ante": also "before" in Spanish
    "acrylic": ("acrylic", "acrylique", "acryl", "acrilico", "akryl"),
}
# Brands sellers list most; one named in a text whose facts do not hold it is an invention.
KNOWN_BRANDS = (
    "zara",
    "h&m",
    "nike",
    "adidas",
    "levi's",
    "levis",
    "mango",
    "uniqlo",
    "gucci",
    "prada",
    "chanel",
    "louis vuitton",
    "dior",
    "ralph lauren",
    "tommy hilfiger",
    "lacoste",
    "puma",
    "the north face",
    "patagonia",
    "vans",
    "converse",
    "new balance",
    "sezane",
    "sandro",
    "maje",
    "kiabi",
    "primark",
    "shein",
    "bershka",
    "pull&bear",
    "stradivarius",
    "massimo dutti",
    "asos",
    "calvin klein",
    "hugo boss",
    "burberry",
    "moncler",
    "reebok",
    "petit bateau",
)
SIZE_WORDS = ("size", "taille", "grosse", "gr.", "talla", "taglia", "maat", "rozmiar")
SIZE_TOKEN = r"(?:xxs|xs|s|m|l|xl|xxl|xxxl|\d{1,3}(?:[.,/]\d{1,2})?)"


def fold(text: str) -> str:
    """Case- and accent-blind form for comparisons."""
    text = unicodedata.normalize("NFKD", text or "").casefold().replace("ß", "ss").replace("ł", "l")
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _squash(text: str) -> str:
    """Punctuation dropped inside words: "Levi's", "levis" and "#levis" compare equal."""
    return re.sub(r"[^\w\s]", "", text)


def _has_word(haystack: str, word: str) -> bool:
    return re.search(r"(?<![\w&'])" + re.escape(word) + r"(?![\w&'])", haystack) is not None


def material_concepts(text: str) -> set[str]:
    folded = fold(text)
    return {concept for concept, words in MATERIALS.items() if any(_has_word(folded, w) for w in words)}


@dataclass
class Listing:
    title: str
    description: str
    hashtags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the post-check repaired

    def full_description(self) -> str:
        tags = " ".join("#" + tag for tag in self.hashtags)
        return f"{self.description}\n\n{tags}" if tags else self.description


def find_inventions(draft, facts: ProductFacts) -> list[str]:
    """Brand, size, material or condition the draft states that the facts do not hold."""
    facts = facts.normalised()
    known = fold(facts.grounding_text())
    text = fold(f"{draft.title}\n{draft.description}\n{' '.join(draft.hashtags)}")
    problems = []
    if draft.stated_brand and not _same_value(draft.stated_brand, facts.brand):
        problems.append(f"brand “{draft.stated_brand}”")
    squashed_text, squashed_known = _squash(text), _squash(known)
    for brand in KNOWN_BRANDS:
        if _has_word(squashed_text, _squash(brand)) and not _has_word(squashed_known, _squash(brand)):
            problems.append(f"brand “{brand}”")
    if draft.stated_size and not _same_size(draft.stated_size, facts.size):
        problems.append(f"size “{draft.stated_size}”")
    if not facts.size:
        for word in SIZE_WORDS:
            match = re.search(r"(?<!\w)" + re.escape(word) + r"\s*:?\s*(" + SIZE_TOKEN + r")(?!\w)", text)
            if match:
                problems.append(f"size “{match.group(1).upper()}”")
                break
    allowed = material_concepts(known)
    stated = {m for m in draft.stated_materials if m}
    for material in stated:
        concepts = material_concepts(material)
        grounded = concepts <= allowed if concepts else _has_word(known, fold(material))
        if not grounded:
            problems.append(f"material “{material}”")
    for concept in sorted(material_concepts(text) - allowed):
        problems.append(f"material “{concept}”")
    if draft.stated_condition and not _same_condition(draft.stated_condition, facts.condition):
        problems.append(f"condition “{draft.stated_condition}”")
    return list(dict.fromkeys(problems))


def _same_value(stated: str, fact: str) -> bool:
    """ "Levis" is "Levi's"."""
    stated, fact = _squash(fold(stated)).strip(), _squash(fold(fact)).strip()
    return bool(fact) and stated == fact


def _same_size(stated: str, fact: str) -> bool:
    """ "Taille M" and "Gr. 38" state sizes "M" and "38"."""
    words = "|".join(re.escape(w) for w in SIZE_WORDS)
    bare = re.sub(r"^(?:" + words + r")\s*:?\s*", "", fold(stated).strip())
    return bool(fact) and fold(bare).strip() == fold(fact).strip()


def _same_condition(stated: str, code: str) -> bool:
    """The code, or its label in any listing language ("très bon état" is very_good)."""
    if not code:
        return False
    names = {code, code.replace("_", " "), *CONDITIONS.get(code, {}).values()}
    return fold(stated).strip().replace("_", " ") in {fold(n).replace("_", " ") for n in names}


def _mentions_flaws(description: str, flaws: str) -> bool:
    words = [w for w in re.findall(r"\w+", fold(flaws)) if len(w) >= 4]
    folded = fold(description)
    return bool(words) and any(_has_word(folded, w) for w in words)


def _clip(text: str, limit: int) -> str:
    """Cut at a sentence end, else at a word, so a trimmed text still reads well."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    sentence = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "), cut.rfind("\n"))
    if sentence >= limit * 0.6:
        return cut[: sentence + 1].rstrip()
    word = cut.rstrip().rfind(" ")
    return (cut[:word] if word > 0 else cut[: limit - 1]).rstrip(" ,;:") + "…"


def _hashtags(values, count: int) -> list[str]:
    out = []
    for value in values or ():
        tag = re.sub(r"[^\w]", "", str(value).lstrip("#").lower())
        if tag and tag not in out:
            out.append(tag[:30])
    return out[:count]


def finalise(draft, facts: ProductFacts, options: GenerationOptions) -> Listing:
    """Reject inventions; add the flaws if missing; fit hashtags, title and description."""
    problems = find_inventions(draft, facts)
    if problems:
        raise GenerationError("ungrounded", ", ".join(problems))
    facts = facts.normalised()
    limits = options.limits
    notes = []
    title = re.sub(r"\s+", " ", draft.title or "").strip() or facts.title
    if not title:
        raise GenerationError("malformed", "empty title")
    if len(title) > limits.title_max:
        title = _clip(title, limits.title_max).rstrip("…")
        notes.append("title_shortened")
    hashtags = _hashtags(draft.hashtags, limits.hashtags)
    tags_room = sum(len(t) + 2 for t in hashtags) + (2 if hashtags else 0)
    description = (draft.description or "").strip()
    if not description:
        raise GenerationError("malformed", "empty description")
    flaw_line = ""
    if facts.flaws and not _mentions_flaws(description, facts.flaws):
        flaw_line = f"{FLAWS_LABEL[options.language]}{label_separator(options.language)}{facts.flaws}"
        notes.append("flaws_added")
    room = limits.description_max - tags_room - (len(flaw_line) + 2 if flaw_line else 0)
    if room < 40:
        raise GenerationError("too_long", "the seller's flaws leave no room for a description")
    if len(description) > room:
        description = _clip(description, room)
        notes.append("description_shortened")
        if facts.flaws and not flaw_line and not _mentions_flaws(description, facts.flaws):
            flaw_line = f"{FLAWS_LABEL[options.language]}{label_separator(options.language)}{facts.flaws}"
            description = _clip(description, room - len(flaw_line) - 2)
    if flaw_line:
        description = f"{description}\n\n{flaw_line}"
    listing = Listing(title=title, description=description, hashtags=hashtags, notes=notes)
    if len(listing.full_description()) > limits.description_max:
        # The clipping above leaves room for the hashtags and the flaw line: reaching this is a bug.
        raise RuntimeError(f"grounded description is over the {limits.description_max}-character limit")
    return listing
