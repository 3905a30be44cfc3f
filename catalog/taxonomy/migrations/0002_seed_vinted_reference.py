"""Seed the taxonomy from the Vinted reference tables (docs/vinted-api.md §8).

Labels in English and French; Vinted ids under external_ids["vinted"]. Values with no known
Vinted id (intermediate nodes the document names without an id) carry no external id.
"""

from django.db import migrations

CONDITIONS = [  # vinted id, English, French
    (6, "New with tags", "Neuf avec étiquette"),
    (1, "New without tags", "Neuf sans étiquette"),
    (2, "Very good", "Très bon état"),
    (3, "Good", "Bon état"),
    (4, "Satisfactory", "Satisfaisant"),
    (7, "Not fully functional", "Pas entièrement fonctionnel"),
]

COLOURS = [  # vinted id, code, English, French, hex
    (1, "BLACK", "Black", "Noir", "#000000"),
    (3, "GREY", "Grey", "Gris", "#919191"),
    (12, "WHITE", "White", "Blanc", "#ffffff"),
    (20, "CREAM", "Cream", "Crème", "#f4efdc"),
    (4, "BODY", "Beige", "Beige", "#f4e0c8"),
    (21, "APRICOT", "Apricot", "Abricot", "#ffcc98"),
    (11, "ORANGE", "Orange", "Orange", "#ffa500"),
    (22, "CORAL", "Coral", "Corail", "#fe7e5b"),
    (7, "RED", "Red", "Rouge", "#cc3300"),
    (23, "BURGUNDY", "Burgundy", "Bordeaux", "#6d0e25"),
    (5, "PINK", "Pink", "Rose", "#ff99cc"),
    (24, "ROSE", "Rose", "Vieux rose", "#dfa8ab"),
    (6, "PURPLE", "Purple", "Violet", "#800080"),
    (25, "LILAC", "Lilac", "Lila", "#d297d2"),
    (26, "LIGHT-BLUE", "Light blue", "Bleu clair", "#89cff0"),
    (9, "BLUE", "Blue", "Bleu", "#007bc4"),
    (27, "NAVY", "Navy", "Marine", "#2f3e64"),
    (17, "TURQUOISE", "Turquoise", "Turquoise", "#45d1c3"),
    (30, "MINT", "Mint", "Menthe", "#a2ffd2"),
    (10, "GREEN", "Green", "Vert", "#369a3d"),
    (28, "DARK-GREEN", "Dark green", "Vert foncé", "#0b5437"),
    (16, "KHAKI", "Khaki", "Kaki", "#86816a"),
    (2, "BROWN", "Brown", "Marron", "#663300"),
    (29, "MUSTARD", "Mustard", "Moutarde", "#e1ad01"),
    (8, "YELLOW", "Yellow", "Jaune", "#fff200"),
    (13, "SILVER", "Silver", "Argenté", "#d6d6d6"),
    (14, "GOLD", "Gold", "Doré", "#fdd017"),
    (15, "VARIOUS", "Multi", "Multicolore", ""),
    (32, "CLEAR", "Clear", "Transparent", ""),
]

PACKAGE_SIZES = [
    (1, "Small (fits a large envelope)", "Petit (tient dans une grande enveloppe)"),
    (2, "Medium (fits a shoebox)", "Moyen (tient dans une boîte à chaussures)"),
    (3, "Large (fits a moving box)", "Grand (tient dans un carton de déménagement)"),
    (5, "Extra large", "Très grand"),
]

MATERIALS = [
    (44, "Cotton", "Coton"),
    (45, "Polyester", "Polyester"),
    (46, "Wool", "Laine"),
    (48, "Viscose", "Viscose"),
    (49, "Silk", "Soie"),
    (52, "Nylon", "Nylon"),
    (53, "Elastane", "Élasthanne"),
    (303, "Denim", "Denim"),
    (146, "Linen", "Lin"),
    (123, "Cashmere", "Cachemire"),
    (43, "Leather", "Cuir"),
    (447, "Faux leather", "Similicuir"),
    (298, "Suede", "Daim"),
    (311, "Satin", "Satin"),
    (466, "Velvet", "Velours"),
]

BRANDS = [
    (7, "H&M"),
    (12, "Zara"),
    (14, "adidas"),
    (53, "Nike"),
    (105, "Primark"),
    (140, "Bershka"),
    (2287, "Next"),
    (28917, "Monster Energy"),
]


def _footwear_women():
    sizes = [(1364, "34")]
    whole = dict(zip(range(55, 64), range(35, 44), strict=True))
    halves = dict(zip(range(1195, 1202), [f"{n}.5" for n in range(35, 42)], strict=True))
    for size_id, number in whole.items():
        sizes.append((size_id, str(number)))
        if size_id - 55 + 1195 in halves:
            sizes.append((size_id - 55 + 1195, halves[size_id - 55 + 1195]))
    sizes += list(zip(range(1574, 1579), ["44", "44.5", "45", "45.5", "46"], strict=True))
    return sizes + [(94, "One size"), (99, "Other")]


def _mens_shoes():
    sizes = []
    for i, number in enumerate(range(38, 48)):
        sizes.append((776 + 2 * i, str(number)))
        if number < 47:
            sizes.append((777 + 2 * i, f"{number}.5"))
    return sizes


SIZE_GROUPS = {  # vinted id: (English, French, [(size id, label)])
    4: (
        "Women's items",
        "Articles femme",
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
            (1227, "6XL"),
            (1228, "7XL"),
            (1229, "8XL"),
            (1230, "9XL"),
            (90, "One size"),
            (97, "Other"),
        ],
    ),
    14: (
        "Men's sizes",
        "Tailles homme",
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
            (1192, "6XL"),
            (1193, "7XL"),
            (1194, "8XL"),
            (213, "One size"),
        ],
    ),
    7: ("Footwear (women)", "Chaussures (femme)", _footwear_women()),
    38: ("Men's shoes", "Chaussures homme", _mens_shoes()),
    77: ("Men's trousers", "Pantalons homme", [(1631 + i, f"W{23 + i}") for i in range(12)] + [(1643, "W36")]),
    32: ("Baby & kids' sizes", "Tailles bébé et enfant", [(610, "Preemie"), (627, "8 years"), (635, "16 years")]),
}
SIZE_LABELS_FR = {
    "One size": "Taille unique",
    "Other": "Autre",
    "Preemie": "Prématuré",
    "8 years": "8 ans",
    "16 years": "16 ans",
}

# (key, vinted id or None, English, French, parent key, is_leaf, size group)
CATEGORIES = [
    ("women", 1904, "Women", "Femmes", None, False, None),
    ("men", 5, "Men", "Hommes", None, False, None),
    ("kids", 1193, "Kids", "Enfants", None, False, 32),
    ("home", 1918, "Home", "Maison", None, False, None),
    ("electronics", 2994, "Electronics", "Électronique", None, False, None),
    ("books", 2309, "Books & Media", "Livres et médias", None, False, None),
    ("hobbies", 4824, "Hobbies & collectables", "Loisirs et collections", None, False, None),
    ("sports", 4332, "Sports", "Sports", None, False, None),
    ("designer", 2993, "Designer", "Créateurs", None, False, None),
    # Women
    ("w_clothing", 4, "Clothing", "Vêtements", "women", False, 4),
    ("w_tops", 12, "Tops & t-shirts", "Hauts et t-shirts", "w_clothing", False, 4),
    ("w_tshirts", 221, "T-shirts", "T-shirts", "w_tops", True, 4),
    ("w_blouses", 1043, "Blouses", "Chemisiers", "w_tops", True, 4),
    ("w_dresses", 10, "Dresses", "Robes", "w_clothing", False, 4),
    ("w_mini", 178, "Mini-dresses", "Mini-robes", "w_dresses", True, 4),
    ("w_midi", 1056, "Midi-dresses", "Robes midi", "w_dresses", True, 4),
    ("w_long", 1055, "Long dresses", "Robes longues", "w_dresses", True, 4),
    ("w_jeans", 183, "Jeans", "Jeans", "w_clothing", False, 4),
    ("w_skinny", 1844, "Skinny jeans", "Jeans skinny", "w_jeans", True, 4),
    ("w_straight", 1845, "Straight jeans", "Jeans droits", "w_jeans", True, 4),
    ("w_ripped", 1843, "Ripped jeans", "Jeans troués", "w_jeans", True, 4),
    ("w_jumpers", 13, "Jumpers & sweaters", "Sweats et pulls", "w_clothing", False, 4),
    ("w_hoodies", 196, "Hoodies & sweatshirts", "Sweats à capuche et sweat-shirts", "w_jumpers", True, 4),
    ("w_cardigans", 194, "Cardigans", "Cardigans", "w_jumpers", True, 4),
    ("w_jumpers2", 1917, "Jumpers", "Pulls", "w_jumpers", False, 4),
    ("w_shoes", 16, "Shoes", "Chaussures", "women", False, 7),
    ("w_ballerinas", 2955, "Ballerinas", "Ballerines", "w_shoes", True, 7),
    ("w_heels", 543, "Heels", "Talons", "w_shoes", True, 7),
    ("w_sandals", 2949, "Sandals", "Sandales", "w_shoes", True, 7),
    ("w_boots", 1049, "Boots", "Bottes", "w_shoes", False, 7),
    ("w_bags", 19, "Bags", "Sacs", "women", False, None),
    ("w_handbags", 156, "Handbags", "Sacs à main", "w_bags", True, None),
    ("w_backpacks", 157, "Backpacks", "Sacs à dos", "w_bags", True, None),
    ("w_shoulder", 158, "Shoulder bags", "Sacs à bandoulière", "w_bags", True, None),
    ("w_clutches", 159, "Clutches", "Pochettes", "w_bags", True, None),
    # Men
    ("m_clothing", 2050, "Clothing", "Vêtements", "men", False, 14),
    ("m_tops", 76, "Tops & t-shirts", "Hauts et t-shirts", "m_clothing", False, 14),
    ("m_polos", 5492, "Polo shirts", "Polos", "m_tops", True, 14),
    ("m_tshirts", 77, "T-shirts", "T-shirts", "m_tops", False, 14),
    ("m_shirts", 536, "Shirts", "Chemises", "m_tops", False, 14),
    ("m_jeans", 257, "Jeans", "Jeans", "m_clothing", False, 77),
    ("m_skinny", 1817, "Skinny jeans", "Jeans skinny", "m_jeans", True, 77),
    ("m_slim", 1818, "Slim fit jeans", "Jeans coupe slim", "m_jeans", True, 77),
    ("m_straight", 1819, "Straight fit jeans", "Jeans coupe droite", "m_jeans", True, 77),
    ("m_ripped", 1816, "Ripped jeans", "Jeans troués", "m_jeans", True, 77),
    ("m_jumpers", 79, "Jumpers & sweaters", "Sweats et pulls", "m_clothing", False, 14),
    ("m_hoodies", 267, "Hoodies & sweaters", "Sweats à capuche et sweats", "m_jumpers", True, 14),
    ("m_jumpers2", 1811, "Jumpers", "Pulls", "m_jumpers", True, 14),
    ("m_cardigans", 266, "Cardigans", "Cardigans", "m_jumpers", True, 14),
    ("m_outerwear", 1206, "Outerwear", "Manteaux et vestes", "m_clothing", False, 14),
    ("m_coats", 2051, "Coats", "Manteaux", "m_outerwear", False, 14),
    ("m_jackets", 2052, "Jackets", "Vestes", "m_outerwear", False, 14),
    ("m_shoes", 1231, "Shoes", "Chaussures", "men", False, 38),
    ("m_trainers", 1242, "Trainers", "Baskets", "m_shoes", True, 38),
    ("m_formal", 1238, "Formal shoes", "Chaussures habillées", "m_shoes", True, 38),
    ("m_sandals", 2968, "Sandals", "Sandales", "m_shoes", True, 38),
    ("m_boots", 1233, "Boots", "Bottes", "m_shoes", False, 38),
    ("m_accessories", None, "Accessories", "Accessoires", "men", False, None),
    ("m_sunglasses", 98, "Sunglasses", "Lunettes de soleil", "m_accessories", True, None),
    # Other roots
    ("e_phones_comm", None, "Mobile phones & communication", "Téléphones et communication", "electronics", False, None),
    ("e_phones", 3661, "Mobile phones", "Téléphones portables", "e_phones_comm", True, None),
    ("b_books", None, "Books", "Livres", "books", False, None),
    ("b_fiction", 2319, "Fiction", "Fiction", "b_books", True, None),
    ("h_cards", None, "Trading cards", "Cartes à collectionner", "hobbies", False, None),
    ("h_single_cards", 4875, "Single trading cards", "Cartes à l'unité", "h_cards", True, None),
    ("h_storage", None, "Collectables storage", "Rangement de collection", "hobbies", False, None),
    ("h_other_storage", 4915, "Other collectables storage", "Autres rangements de collection", "h_storage", True, None),
]


def _ids(vinted_id):
    return {"vinted": vinted_id} if vinted_id is not None else {}


def seed(apps, schema_editor):
    def get(name):
        return apps.get_model("taxonomy", name)

    for pos, (vid, en, fr) in enumerate(CONDITIONS):
        get("Condition").objects.create(name_en=en, name_fr=fr, external_ids=_ids(vid), position=pos)
    for pos, (vid, code, en, fr, hex_) in enumerate(COLOURS):
        get("Colour").objects.create(code=code, name_en=en, name_fr=fr, hex=hex_, external_ids=_ids(vid), position=pos)
    for pos, (vid, en, fr) in enumerate(PACKAGE_SIZES):
        get("PackageSize").objects.create(name_en=en, name_fr=fr, external_ids=_ids(vid), position=pos)
    for pos, (vid, en, fr) in enumerate(MATERIALS):
        get("Material").objects.create(name_en=en, name_fr=fr, external_ids=_ids(vid), position=pos)
    for vid, name in BRANDS:
        get("Brand").objects.create(name_en=name, name_fr=name, external_ids=_ids(vid))
    groups = {}
    for pos, (gid, (en, fr, sizes)) in enumerate(SIZE_GROUPS.items()):
        group = groups[gid] = get("SizeGroup").objects.create(
            name_en=en, name_fr=fr, external_ids=_ids(gid), position=pos
        )
        get("Size").objects.bulk_create(
            [
                get("Size")(
                    group=group,
                    name_en=label,
                    name_fr=SIZE_LABELS_FR.get(label, label),
                    external_ids=_ids(sid),
                    position=spos,
                )
                for spos, (sid, label) in enumerate(sizes)
            ]
        )
    nodes = {}
    for pos, (key, vid, en, fr, parent, is_leaf, group) in enumerate(CATEGORIES):
        node = nodes[key] = get("Category").objects.create(
            name_en=en,
            name_fr=fr,
            external_ids=_ids(vid),
            position=pos,
            is_leaf=is_leaf,
            parent=nodes[parent] if parent else None,
        )
        if group:
            node.size_groups.add(groups[group])


def unseed(apps, schema_editor):
    for name in ("Category", "Size", "SizeGroup", "Brand", "Material", "PackageSize", "Colour", "Condition"):
        apps.get_model("taxonomy", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
