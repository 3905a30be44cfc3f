"""Reference data the sandbox serves: sites, categories, sizes, colours, conditions, brands.

Ids follow the observed Vinted ids (docs/vinted-api.md §8) so that a client built against the
sandbox sends the same ids it would send to Vinted. Labels are English and French.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Site:
    code: str  # the path prefix, e.g. "fr" or "co.uk"
    currency: str
    locale: str  # what the pages advertise in <meta name="accept-language">
    min_price: float
    max_price: float


SITES = {
    "fr": Site("fr", "EUR", "fr-FR", 1.0, 10000.0),
    "co.uk": Site("co.uk", "GBP", "en-GB", 1.0, 10000.0),
    "pl": Site("pl", "PLN", "pl-PL", 4.0, 40000.0),
    "be": Site("be", "EUR", "fr-BE", 1.0, 10000.0),
}

# (id, parent id, English, French). Parents are listed before their children.
CATALOG_ROWS = [
    (1904, None, "Women", "Femmes"),
    (4, 1904, "Clothing", "Vêtements"),
    (12, 4, "Tops & t-shirts", "Hauts et t-shirts"),
    (221, 12, "T-shirts", "T-shirts"),
    (1043, 12, "Blouses", "Chemisiers"),
    (10, 4, "Dresses", "Robes"),
    (178, 10, "Mini-dresses", "Mini-robes"),
    (1056, 10, "Midi-dresses", "Robes midi"),
    (1055, 10, "Long dresses", "Robes longues"),
    (183, 4, "Jeans", "Jeans"),
    (1844, 183, "Skinny jeans", "Jeans skinny"),
    (1845, 183, "Straight jeans", "Jeans droits"),
    (1843, 183, "Ripped jeans", "Jeans troués"),
    (13, 4, "Jumpers & sweaters", "Pulls et sweats"),
    (196, 13, "Hoodies & sweatshirts", "Sweats à capuche"),
    (194, 13, "Cardigans", "Cardigans"),
    (1917, 13, "Jumpers", "Pulls"),
    (1918001, 1917, "Crew-neck jumpers", "Pulls col rond"),
    (16, 1904, "Shoes", "Chaussures"),
    (2955, 16, "Ballerinas", "Ballerines"),
    (543, 16, "Heels", "Talons"),
    (2949, 16, "Sandals", "Sandales"),
    (1049, 16, "Boots", "Bottes"),
    (1049001, 1049, "Ankle boots", "Bottines"),
    (19, 1904, "Bags", "Sacs"),
    (156, 19, "Handbags", "Sacs à main"),
    (157, 19, "Backpacks", "Sacs à dos"),
    (158, 19, "Shoulder bags", "Sacs à bandoulière"),
    (159, 19, "Clutches", "Pochettes"),
    (5, None, "Men", "Hommes"),
    (2050, 5, "Clothing", "Vêtements"),
    (76, 2050, "Tops & t-shirts", "Hauts et t-shirts"),
    (5492, 76, "Polo shirts", "Polos"),
    (77, 76, "T-shirts", "T-shirts"),
    (77001, 77, "Plain t-shirts", "T-shirts unis"),
    (536, 76, "Shirts", "Chemises"),
    (536001, 536, "Casual shirts", "Chemises décontractées"),
    (257, 2050, "Jeans", "Jeans"),
    (1817, 257, "Skinny jeans", "Jeans skinny"),
    (1818, 257, "Slim fit jeans", "Jeans slim"),
    (1819, 257, "Straight fit jeans", "Jeans coupe droite"),
    (1816, 257, "Ripped jeans", "Jeans troués"),
    (79, 2050, "Jumpers & sweaters", "Pulls et sweats"),
    (267, 79, "Hoodies & sweaters", "Sweats et sweats à capuche"),
    (1811, 79, "Jumpers", "Pulls"),
    (266, 79, "Cardigans", "Cardigans"),
    (1206, 2050, "Outerwear", "Vêtements d'extérieur"),
    (2051, 1206, "Coats", "Manteaux"),
    (2051001, 2051, "Parkas", "Parkas"),
    (2052, 1206, "Jackets", "Vestes"),
    (2052001, 2052, "Denim jackets", "Vestes en jean"),
    (1231, 5, "Shoes", "Chaussures"),
    (1242, 1231, "Trainers", "Baskets"),
    (1238, 1231, "Formal shoes", "Chaussures habillées"),
    (2968, 1231, "Sandals", "Sandales"),
    (1233, 1231, "Boots", "Bottes"),
    (1233001, 1233, "Chelsea boots", "Chelsea boots"),
    (82, 5, "Accessories", "Accessoires"),
    (98, 82, "Sunglasses", "Lunettes de soleil"),
    (1193, None, "Kids", "Enfants"),
    (1918, None, "Home", "Maison"),
    (2994, None, "Electronics", "Électronique"),
    (3660, 2994, "Mobile phones & communication", "Téléphones et communication"),
    (3661, 3660, "Mobile phones", "Téléphones portables"),
    (2309, None, "Books & Media", "Livres et médias"),
    (2312, 2309, "Books", "Livres"),
    (2319, 2312, "Fiction", "Fiction"),
    (4824, None, "Hobbies & collectables", "Loisirs et collections"),
    (4870, 4824, "Trading cards", "Cartes à collectionner"),
    (4875, 4870, "Single trading cards", "Cartes à l'unité"),
    (4910, 4824, "Collectables storage", "Rangement de collections"),
    (4915, 4910, "Other collectables storage", "Autres rangements"),
    (4332, None, "Sports", "Sports"),
    (2993, None, "Designer", "Créateurs"),
]

# The tree these rows seed, its generated remainder and the rules per subtree: tree.py.

# status_id: (order, English, French)
CONDITIONS = {
    6: (5, "New with tags", "Neuf avec étiquette"),
    1: (10, "New without tags", "Neuf sans étiquette"),
    2: (20, "Very good", "Très bon état"),
    3: (30, "Good", "Bon état"),
    4: (40, "Satisfactory", "Satisfaisant"),
    7: (60, "Not fully functional", "Pas entièrement fonctionnel"),
}

# id: (code, English, French, hex)
COLORS = {
    1: ("BLACK", "Black", "Noir", "000000"),
    3: ("GREY", "Grey", "Gris", "919191"),
    12: ("WHITE", "White", "Blanc", "FFFFFF"),
    20: ("CREAM", "Cream", "Crème", "F4EEDD"),
    4: ("BODY", "Beige", "Beige", "F4E0C8"),
    21: ("APRICOT", "Apricot", "Abricot", "FFCC99"),
    11: ("ORANGE", "Orange", "Orange", "FFA500"),
    22: ("CORAL", "Coral", "Corail", "FF7F50"),
    7: ("RED", "Red", "Rouge", "CC3300"),
    23: ("BURGUNDY", "Burgundy", "Bordeaux", "800020"),
    5: ("PINK", "Pink", "Rose", "FF99CC"),
    24: ("ROSE", "Rose", "Vieux rose", "D4A5A5"),
    6: ("PURPLE", "Purple", "Violet", "800080"),
    25: ("LILAC", "Lilac", "Lila", "C8A2C8"),
    26: ("LIGHT-BLUE", "Light blue", "Bleu clair", "ADD8E6"),
    9: ("BLUE", "Blue", "Bleu", "007BC4"),
    27: ("NAVY", "Navy", "Marine", "000080"),
    17: ("TURQUOISE", "Turquoise", "Turquoise", "40E0D0"),
    30: ("MINT", "Mint", "Menthe", "98FF98"),
    10: ("GREEN", "Green", "Vert", "369A3D"),
    28: ("DARK-GREEN", "Dark green", "Vert foncé", "006400"),
    16: ("KHAKI", "Khaki", "Kaki", "86814A"),
    2: ("BROWN", "Brown", "Marron", "663300"),
    29: ("MUSTARD", "Mustard", "Moutarde", "E1AD01"),
    8: ("YELLOW", "Yellow", "Jaune", "FFFF00"),
    13: ("SILVER", "Silver", "Argenté", "C0C0C0"),
    14: ("GOLD", "Gold", "Doré", "FFD700"),
    15: ("VARIOUS", "Multi", "Multicolore", ""),
    32: ("CLEAR", "Clear", "Transparent", ""),
}

PACKAGE_SIZES = {
    1: ("Small", "Petit", "Fits a large envelope", "Tient dans une grande enveloppe"),
    2: ("Medium", "Moyen", "Fits a shoebox", "Tient dans une boîte à chaussures"),
    3: ("Large", "Grand", "Fits a moving box", "Tient dans un carton de déménagement"),
    5: ("Extra large", "Très grand", "Bulky items", "Objets volumineux"),
}

MATERIALS = {
    44: ("Cotton", "Coton"),
    45: ("Polyester", "Polyester"),
    46: ("Wool", "Laine"),
    48: ("Viscose", "Viscose"),
    49: ("Silk", "Soie"),
    52: ("Nylon", "Nylon"),
    53: ("Elastane", "Élasthanne"),
    303: ("Denim", "Denim"),
    146: ("Linen", "Lin"),
    123: ("Cashmere", "Cachemire"),
    43: ("Leather", "Cuir"),
    447: ("Faux leather", "Similicuir"),
    298: ("Suede", "Daim"),
    311: ("Satin", "Satin"),
    466: ("Velvet", "Velours"),
}

BRANDS = {
    1: "No brand",
    7: "H&M",
    12: "Zara",
    14: "adidas",
    53: "Nike",
    105: "Primark",
    140: "Bershka",
    2287: "Next",
    28917: "Monster Energy",
}


def _sizes(pairs, default=None):
    return [
        {"id": sid, "title": title, "is_default": sid == default, "is_other": title == "Other", "order": order}
        for order, (sid, title) in enumerate(pairs)
    ]


SIZE_GROUPS = {
    4: (
        "Women's items",
        _sizes(
            [
                (1226, "XXXS / 30 / 2"),
                (102, "XXS / 32 / 4"),
                (2, "XS / 34 / 6"),
                (3, "S / 36 / 8"),
                (4, "M / 38 / 10"),
                (5, "L / 40 / 12"),
                (6, "XL / 42 / 14"),
                (7, "XXL / 44 / 16"),
                (310, "XXXL / 46 / 18"),
                (311, "4XL"),
                (312, "5XL"),
                (90, "One size"),
                (97, "Other"),
            ],
            4,
        ),
    ),
    14: (
        "Men's sizes",
        _sizes(
            [
                (206, "XS"),
                (207, "S"),
                (208, "M"),
                (209, "L"),
                (210, "XL"),
                (211, "XXL"),
                (212, "XXXL"),
                (308, "4XL"),
                (309, "5XL"),
                (213, "One size"),
            ],
            208,
        ),
    ),
    7: (
        "Footwear",
        _sizes(
            [
                (55, "35"),
                (56, "36"),
                (57, "37"),
                (58, "38"),
                (59, "39"),
                (60, "40"),
                (61, "41"),
                (62, "42"),
                (63, "43"),
                (94, "One size"),
                (99, "Other"),
            ],
            58,
        ),
    ),
    38: (
        "Men's shoes",
        _sizes(
            [
                (776, "38"),
                (778, "39"),
                (780, "40"),
                (782, "41"),
                (784, "42"),
                (786, "43"),
                (788, "44"),
                (790, "45"),
                (792, "46"),
                (794, "47"),
            ],
            784,
        ),
    ),
    77: ("Men's trousers", _sizes([(1631 + i, f"W{23 + i}") for i in range(12)] + [(1643, "W36")], 1638)),
    # Groups of the generated part of the tree (tree.py); 32's known ids are those of §8.5.
    32: (
        "Baby & kids' sizes",
        _sizes(
            [
                (610, "Preemie"),
                (611, "Newborn"),
                (613, "3 months"),
                (614, "6 months"),
                (616, "12 months"),
                (617, "18 months"),
                (620, "2 years"),
                (621, "3 years"),
                (622, "4 years"),
                (623, "5 years"),
                (624, "6 years"),
                (626, "7 years"),
                (627, "8 years"),
                (628, "9 years"),
                (629, "10 years"),
                (630, "11 years"),
                (631, "12 years"),
                (633, "14 years"),
                (635, "16 years"),
            ],
            627,
        ),
    ),
    40: ("Kids' shoes", _sizes([(1400 + n, str(n)) for n in range(16, 40)], 1414)),
    52: ("Rings", _sizes([(1700 + n, str(n)) for n in range(48, 66, 2)], 1754)),
    53: (
        "Bras",
        _sizes(
            [
                (1800 + i, f"{band}{cup}")
                for i, (band, cup) in enumerate((b, c) for b in (70, 75, 80, 85, 90) for c in "ABCD")
            ],
            1805,
        ),
    ),
    78: ("Women's waist sizes", _sizes([(1650 + i, f"W{24 + i}") for i in range(11)], 1654)),
    90: ("Bedding", _sizes([(1900, "Single"), (1901, "Double"), (1902, "Queen"), (1903, "King")], 1901)),
}


def size_title(size_id: int) -> str:
    for _caption, sizes in SIZE_GROUPS.values():
        for size in sizes:
            if size["id"] == size_id:
                return size["title"]
    return ""


def slug_code(title: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in title.upper()).strip("_")
