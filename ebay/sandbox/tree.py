"""The sandbox's category trees: one small clothing tree, named and with aspects in each marketplace's language.

eBay's Sandbox answers getCategorySuggestions with boilerplate (ebay-api §6); this one is deterministic.
The leaf ids are the UK-style ids third-party code uses; the EU trees' own ids are unknown (§6).
"""

import unicodedata

TREES = {
    "EBAY_GB": ("3", "en"),
    "EBAY_FR": ("71", "fr"),
    "EBAY_DE": ("77", "de"),
    "EBAY_IT": ("101", "it"),
    "EBAY_ES": ("186", "es"),
    "EBAY_US": ("0", "en"),
}
TREE_VERSION = "129"
LANGS = ("en", "fr", "de", "it", "es")

# id: (parent, names in LANGS order, extra search words, kind: None for a branch, "clothing" or "shoes")
NODES = {
    "11450": (
        None,
        (
            "Clothing, Shoes & Accessories",
            "Vêtements, accessoires",
            "Kleidung & Accessoires",
            "Abbigliamento e accessori",
            "Ropa, calzado y complementos",
        ),
        "",
        None,
    ),
    "260010": ("11450", ("Women", "Femmes", "Damen", "Donna", "Mujer"), "femme woman", None),
    "260012": ("11450", ("Men", "Hommes", "Herren", "Uomo", "Hombre"), "homme man", None),
    "63861": (
        "260010",
        ("Dresses", "Robes", "Kleider", "Vestiti", "Vestidos"),
        "robe kleid vestito vestido dress",
        "clothing",
    ),
    "11554": ("260010", ("Jeans", "Jeans", "Jeans", "Jeans", "Vaqueros"), "jean denim", "clothing"),
    "53159": (
        "260010",
        ("Tops & Shirts", "Hauts, chemisiers", "Tops & Blusen", "Top e camicie", "Tops y camisas"),
        "top chemise blouse shirt hemd camicia camisa t-shirt",
        "clothing",
    ),
    "63862": (
        "260010",
        (
            "Coats, Jackets & Waistcoats",
            "Manteaux, vestes",
            "Jacken & Mäntel",
            "Cappotti e giacche",
            "Abrigos y chaquetas",
        ),
        "veste manteau jacket coat jacke mantel giacca cappotto chaqueta abrigo blouson",
        "clothing",
    ),
    "95672": (
        "260010",
        ("Trainers", "Baskets", "Sneaker", "Sneakers", "Zapatillas"),
        "basket sneaker turnschuh scarpe zapatilla trainer",
        "shoes",
    ),
    "11483": ("260012", ("Jeans", "Jeans", "Jeans", "Jeans", "Vaqueros"), "jean denim", "clothing"),
    "57988": (
        "260012",
        ("Coats & Jackets", "Manteaux, vestes", "Jacken & Mäntel", "Cappotti e giacche", "Abrigos y chaquetas"),
        "veste manteau jacket coat jacke mantel giacca cappotto chaqueta abrigo blouson",
        "clothing",
    ),
    "15687": ("260012", ("T-Shirts", "T-shirts", "T-Shirts", "T-shirt", "Camisetas"), "tshirt tee shirt", "clothing"),
    "15709": (
        "260012",
        ("Trainers", "Baskets", "Sneaker", "Sneakers", "Zapatillas"),
        "basket sneaker turnschuh scarpe zapatilla trainer",
        "shoes",
    ),
}

# Aspect names per language; the first six are required.
ASPECTS = {
    "en": ("Brand", "Size", "Size Type", "Colour", "Department", "Type", "Style", "Material", "EU Shoe Size"),
    "fr": ("Marque", "Taille", "Type de taille", "Couleur", "Département", "Type", "Style", "Matière", "Pointure"),
    "de": ("Marke", "Größe", "Größentyp", "Farbe", "Abteilung", "Produktart", "Stil", "Material", "EU-Schuhgröße"),
    "it": (
        "Marca",
        "Taglia",
        "Tipo di taglia",
        "Colore",
        "Reparto",
        "Tipo",
        "Stile",
        "Materiale",
        "Numero di scarpa EU",
    ),
    "es": (
        "Marca",
        "Talla",
        "Tipo de talla",
        "Color",
        "Departamento",
        "Tipo",
        "Estilo",
        "Material",
        "Número de calzado EU",
    ),
}
DEPARTMENTS = {
    "en": ("Women", "Men"),
    "fr": ("Femme", "Homme"),
    "de": ("Damen", "Herren"),
    "it": ("Donna", "Uomo"),
    "es": ("Mujer", "Hombre"),
}
SIZE_TYPES = {
    "en": ("Regular", "Petite", "Plus"),
    "fr": ("Standard", "Petite", "Grande taille"),
    "de": ("Normal", "Kurzgröße", "Große Größen"),
    "it": ("Standard", "Petite", "Taglie forti"),
    "es": ("Normal", "Petite", "Tallas grandes"),
}
COLOURS = {
    "en": ("Black", "White", "Blue", "Red", "Green", "Grey", "Beige", "Pink", "Multicoloured"),
    "fr": ("Noir", "Blanc", "Bleu", "Rouge", "Vert", "Gris", "Beige", "Rose", "Multicolore"),
    "de": ("Schwarz", "Weiß", "Blau", "Rot", "Grün", "Grau", "Beige", "Rosa", "Mehrfarbig"),
    "it": ("Nero", "Bianco", "Blu", "Rosso", "Verde", "Grigio", "Beige", "Rosa", "Multicolore"),
    "es": ("Negro", "Blanco", "Azul", "Rojo", "Verde", "Gris", "Beige", "Rosa", "Multicolor"),
}
# Clothing leaves allow exactly these conditions (ebay-api §4.3, §9.1.19).
CLOTHING_CONDITIONS = ("1000", "1500", "1750", "2990", "3000", "3010")


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def lang_of(marketplace: str) -> str:
    return TREES[marketplace][1]


def marketplace_of_tree(tree_id: str) -> str | None:
    return next((m for m, (t, _) in TREES.items() if t == tree_id), None)


def name(node_id: str, lang: str) -> str:
    return NODES[node_id][1][LANGS.index(lang)]


def is_leaf(node_id: str) -> bool:
    return NODES[node_id][3] is not None


def ancestors(node_id: str) -> list[str]:
    found, parent = [], NODES[node_id][0]
    while parent:
        found.append(parent)
        parent = NODES[parent][0]
    return found  # nearest first


def suggestions(q: str, lang: str) -> list[tuple[str, int]]:
    """(leaf id, score) best first: words of q found in a leaf's or its ancestors' names and keywords."""
    words = [w.rstrip("s") for w in fold(q).replace("-", " ").split() if len(w) > 1]
    scored = []
    for node_id, (_parent, _names, _extra, kind) in NODES.items():
        if kind is None:
            continue
        own = fold(" ".join(NODES[node_id][1]) + " " + NODES[node_id][2]).replace("-", " ")
        above = fold(" ".join(" ".join(NODES[a][1]) + " " + NODES[a][2] for a in ancestors(node_id)))
        score = sum(3 for w in words if w in own) + sum(1 for w in words if w in above)
        if any(w in own for w in words):
            scored.append((node_id, score))
    return sorted(scored, key=lambda pair: (-pair[1], pair[0]))


def aspects(node_id: str, lang: str) -> list[dict]:
    """getItemAspectsForCategory's aspects for a leaf, in the marketplace's language."""
    brand, size, size_type, colour, department, kind, style, material, shoe_size = ASPECTS[lang]
    shoes = NODES[node_id][3] == "shoes"
    women = "260010" in ancestors(node_id)

    def aspect(aspect_name, required, mode="FREE_TEXT", values=(), usage="RECOMMENDED", cardinality="SINGLE"):
        constraint = {
            "aspectDataType": "STRING",
            "aspectMode": mode,
            "aspectRequired": required,
            "aspectUsage": usage,
            "itemToAspectCardinality": cardinality,
            "aspectMaxLength": 65,
            "aspectEnabledForVariations": aspect_name != brand,
        }
        entry = {"localizedAspectName": aspect_name, "aspectConstraint": constraint}
        if values:
            entry["aspectValues"] = [{"localizedValue": v} for v in values]
        return entry

    found = [
        aspect(brand, True),
        aspect(shoe_size if shoes else size, True),
        aspect(colour, True, values=COLOURS[lang], cardinality="MULTI"),
        aspect(
            department, True, mode="SELECTION_ONLY", values=DEPARTMENTS[lang][:1] if women else DEPARTMENTS[lang][1:]
        ),
        aspect(kind, True, values=(name(node_id, lang),)),
    ]
    if not shoes:
        found.insert(2, aspect(size_type, True, mode="SELECTION_ONLY", values=SIZE_TYPES[lang]))
    found += [aspect(style, False, usage="OPTIONAL"), aspect(material, False, usage="OPTIONAL")]
    return found


def required_aspects(node_id: str, lang: str) -> list[str]:
    return [a["localizedAspectName"] for a in aspects(node_id, lang) if a["aspectConstraint"]["aspectRequired"]]
