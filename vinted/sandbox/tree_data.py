"""The sandbox tree's fixture data: the subtrees generated around the documented nodes (a small
vocabulary composed per root), the rules of the documented nodes and their defaults, and the parts
brand names are made of. tree.py builds the tree and the brands from them and answers the queries.
"""


def S(en: str, fr: str, *children, **rules) -> dict:  # capital S: reads as a tree literal
    return {"en": en, "fr": fr, "children": list(children), "rules": rules}


def _leaves(pairs: str) -> list[dict]:
    """'English=French; …' -> leaf specs."""
    out = []
    for chunk in pairs.split(";"):
        en, _, fr = chunk.strip().partition("=")
        out.append(S(en.strip(), fr.strip() or en.strip()))
    return out


def _clothing(kids: bool = False, trousers: bool = True) -> list[dict]:
    """The clothing sections women, men, girls and boys share."""
    sections = (
        [
            S(
                "Trousers",
                "Pantalons",
                *_leaves(
                    "Chinos=Chinos; Joggers=Joggings; Cargo trousers=Pantalons cargo; "
                    "Wide-leg trousers=Pantalons larges; Cropped trousers=Pantalons courts"
                ),
            ),
        ]
        if trousers
        else []
    )
    sections += [
        S(
            "Shorts",
            "Shorts",
            *_leaves("Denim shorts=Shorts en jean; Sports shorts=Shorts de sport; Bermuda shorts=Bermudas"),
        ),
        S(
            "Swimwear",
            "Maillots de bain",
            *_leaves("Swimsuits=Maillots une pièce; Swim shorts=Shorts de bain; Rash guards=T-shirts anti-UV"),
        ),
        S(
            "Activewear",
            "Vêtements de sport",
            S("Tops", "Hauts", *_leaves("Sports t-shirts=T-shirts de sport; Sports jumpers=Pulls de sport")),
            S("Bottoms", "Bas", *_leaves("Sports leggings=Leggings de sport; Tracksuit bottoms=Bas de survêtement")),
            *_leaves("Tracksuits=Survêtements"),
        ),
        S("Sleepwear", "Pyjamas", *_leaves("Pyjamas=Pyjamas; Dressing gowns=Peignoirs")),
    ]
    if kids:
        sections.append(
            S(
                "Outerwear",
                "Manteaux et vestes",
                *_leaves("Coats=Manteaux; Raincoats=Imperméables; Snowsuits=Combinaisons de ski"),
            )
        )
        sections.append(
            S(
                "Tops & t-shirts",
                "Hauts et t-shirts",
                *_leaves("T-shirts=T-shirts; Shirts=Chemises; Jumpers=Pulls; Hoodies=Sweats à capuche"),
            )
        )
    return sections


def _women() -> dict[int, list[dict]]:
    return {
        4: _clothing(trousers=False)
        + [
            S(
                "Skirts",
                "Jupes",
                *_leaves(
                    "Mini skirts=Minijupes; Midi skirts=Jupes mi-longues; "
                    "Maxi skirts=Jupes longues; Denim skirts=Jupes en jean"
                ),
            ),
            S(
                "Trousers & leggings",
                "Pantalons et leggings",
                *_leaves(
                    "Skinny trousers=Pantalons skinny; Leggings=Leggings; Flared trousers=Pantalons évasés; "
                    "Tailored trousers=Pantalons de tailleur"
                ),
                size_groups=[4, 78],
            ),
            S(
                "Coats & jackets",
                "Manteaux et vestes",
                S(
                    "Coats",
                    "Manteaux",
                    *_leaves(
                        "Trench coats=Trenchs; Wool coats=Manteaux en laine; Puffer coats=Doudounes; Parkas=Parkas"
                    ),
                ),
                S(
                    "Jackets",
                    "Vestes",
                    *_leaves(
                        "Denim jackets=Vestes en jean; Leather jackets=Vestes en cuir; "
                        "Blazers=Blazers; Bomber jackets=Bombers"
                    ),
                ),
            ),
            S("Lingerie", "Lingerie", *_leaves("Bras=Soutiens-gorge"), size_groups=[53]),
            S("Jumpsuits", "Combinaisons", *_leaves("Jumpsuits=Combinaisons; Playsuits=Combishorts")),
        ],
        16: _leaves("Trainers=Baskets; Flat shoes=Chaussures plates; Slippers=Chaussons; Mules=Mules"),
        19: _leaves("Tote bags=Cabas; Wallets=Portefeuilles; Bum bags=Sacs banane"),
        1904: [
            S(
                "Accessories",
                "Accessoires",
                S(
                    "Jewellery",
                    "Bijoux",
                    S(
                        "Rings",
                        "Bagues",
                        *_leaves("Signet rings=Chevalières; Stacking rings=Bagues fines"),
                        size_groups=[52],
                    ),
                    *_leaves("Necklaces=Colliers; Earrings=Boucles d'oreilles; Bracelets=Bracelets"),
                ),
                *_leaves(
                    "Scarves=Écharpes; Belts=Ceintures; Hats=Chapeaux; Sunglasses=Lunettes de soleil; Watches=Montres"
                ),
                packages=[1, 2],
            ),
            S(
                "Beauty",
                "Beauté",
                *_leaves("Make-up=Maquillage; Perfume=Parfums; Skincare=Soins du visage; Nail care=Soins des ongles"),
                restricted_to_status_id=6,
                brand_and_color=False,
                packages=[1, 2],
            ),
        ],
    }


def _men() -> dict[int, list[dict]]:
    return {
        2050: _clothing()
        + [
            S(
                "Suits & blazers",
                "Costumes et blazers",
                *_leaves("Suits=Costumes; Blazers=Blazers; Waistcoats=Gilets de costume"),
            ),
            S("Underwear & socks", "Sous-vêtements et chaussettes", *_leaves("Boxers=Boxers; Socks=Chaussettes")),
        ],
        77: _leaves("Printed t-shirts=T-shirts imprimés; Long-sleeved t-shirts=T-shirts à manches longues"),
        536: _leaves("Formal shirts=Chemises habillées; Denim shirts=Chemises en jean"),
        1231: _leaves("Slippers=Chaussons; Sports shoes=Chaussures de sport; Loafers=Mocassins"),
        82: _leaves(
            "Watches=Montres; Belts=Ceintures; Hats & caps=Chapeaux et casquettes; Ties=Cravates; Wallets=Portefeuilles"
        ),
    }


def _kids() -> dict[int, list[dict]]:
    def child(en, fr):
        girls_only = _leaves("Dresses=Robes; Skirts=Jupes") if en == "Girls" else []
        return S(
            en,
            fr,
            S("Clothing", "Vêtements", *_clothing(kids=True), *girls_only),
            S(
                "Shoes",
                "Chaussures",
                *_leaves("Trainers=Baskets; Boots=Bottes; Sandals=Sandales; Slippers=Chaussons"),
                size_groups=[40],
            ),
            size_groups=[32],
        )

    baby = S(
        "Baby",
        "Bébé",
        S(
            "Clothing",
            "Vêtements",
            *_leaves("Bodysuits=Bodies; Sleepsuits=Grenouillères; Baby sets=Ensembles bébé; Bibs=Bavoirs"),
        ),
        S(
            "Feeding",
            "Repas",
            *_leaves("Bottles=Biberons; Dummies=Tétines; High chairs=Chaises hautes"),
            restricted_to_status_id=6,
            size_groups=[],
            packages=[1, 2, 3],
        ),
        *_leaves("Pushchairs=Poussettes; Car seats=Sièges auto"),
        size_groups=[32],
    )
    toys = S(
        "Toys",
        "Jouets",
        *_leaves(
            "Dolls=Poupées; Building blocks=Jeux de construction; "
            "Soft toys=Peluches; Educational toys=Jouets éducatifs; "
            "Outdoor toys=Jeux de plein air"
        ),
        size_groups=[],
        packages=[1, 2, 3, 5],
    )
    return {1193: [child("Girls", "Filles"), child("Boys", "Garçons"), baby, toys]}


def _other_roots() -> dict[int, list[dict]]:
    return {
        1918: [
            S(
                "Textiles",
                "Linge de maison",
                S(
                    "Bedding",
                    "Linge de lit",
                    *_leaves("Duvet covers=Housses de couette; Sheets=Draps"),
                    size_groups=[90],
                ),
                *_leaves("Curtains=Rideaux; Cushions=Coussins; Towels=Serviettes; Blankets=Plaids"),
            ),
            S(
                "Kitchen",
                "Cuisine",
                *_leaves("Cookware=Casseroles; Tableware=Vaisselle; Cutlery=Couverts; Glassware=Verres"),
            ),
            S(
                "Decoration",
                "Décoration",
                *_leaves("Vases=Vases; Candles=Bougies; Frames=Cadres; Mirrors=Miroirs; Clocks=Horloges"),
            ),
            S("Furniture", "Mobilier", *_leaves("Chairs=Chaises; Tables=Tables; Shelves=Étagères"), packages=[3, 5]),
        ],
        3660: _leaves("Phone cases=Coques; Chargers & cables=Chargeurs et câbles; Smartwatches=Montres connectées"),
        2994: [
            S(
                "Computers",
                "Ordinateurs",
                *_leaves(
                    "Laptops=Ordinateurs portables; Desktops=Ordinateurs de bureau; "
                    "Tablets=Tablettes; Keyboards=Claviers; Mice=Souris"
                ),
            ),
            S(
                "Video games & consoles",
                "Jeux vidéo et consoles",
                *_leaves("Consoles=Consoles; Video games=Jeux vidéo; Controllers=Manettes"),
            ),
            S("Audio", "Audio", *_leaves("Headphones=Casques; Speakers=Enceintes; Turntables=Platines vinyle")),
            S(
                "Cameras",
                "Photo",
                *_leaves(
                    "Digital cameras=Appareils photo numériques; Lenses=Objectifs; Film cameras=Appareils argentiques"
                ),
            ),
        ],
        2312: _leaves(
            "Non-fiction=Essais et documents; Children's books=Livres pour enfants; "
            "Comics & manga=BD et mangas; Textbooks=Manuels scolaires; Cookbooks=Livres de cuisine"
        ),
        2309: [
            S("Music", "Musique", *_leaves("Vinyl records=Vinyles; CDs=CD; Cassettes=Cassettes")),
            S("Video", "Vidéo", *_leaves("DVDs=DVD; Blu-ray=Blu-ray")),
        ],
        4824: [
            S(
                "Board games",
                "Jeux de société",
                *_leaves("Strategy games=Jeux de stratégie; Family games=Jeux familiaux; Puzzles=Puzzles"),
            ),
            S(
                "Musical instruments",
                "Instruments de musique",
                *_leaves(
                    "Guitars=Guitares; Keyboards & pianos=Claviers et pianos; Drums=Batteries; "
                    "Wind instruments=Instruments à vent"
                ),
                packages=[2, 3, 5],
            ),
            S("Arts & crafts", "Loisirs créatifs", *_leaves("Painting=Peinture; Knitting=Tricot; Sewing=Couture")),
        ],
        4870: _leaves("Trading card lots=Lots de cartes; Booster packs=Boosters"),
        4332: [
            S(
                "Cycling",
                "Cyclisme",
                *_leaves("Bikes=Vélos; Helmets=Casques de vélo; Cycling clothing=Tenues de vélo"),
                packages=[2, 3, 5],
            ),
            S("Fitness", "Fitness", *_leaves("Yoga mats=Tapis de yoga; Weights=Haltères; Resistance bands=Élastiques")),
            S("Team sports", "Sports collectifs", *_leaves("Football=Football; Basketball=Basketball; Rugby=Rugby")),
            S(
                "Outdoor",
                "Plein air",
                *_leaves("Tents=Tentes; Sleeping bags=Sacs de couchage; Hiking backpacks=Sacs de randonnée"),
            ),
            S(
                "Winter sports",
                "Sports d'hiver",
                *_leaves("Skis=Skis; Snowboards=Snowboards; Ski jackets=Vestes de ski"),
            ),
        ],
        2993: [
            S(
                "Women's designer",
                "Créateurs femmes",
                *_leaves(
                    "Designer bags=Sacs de créateurs; Designer dresses=Robes de créateurs; "
                    "Designer shoes=Chaussures de créateurs; Designer jewellery=Bijoux de créateurs"
                ),
            ),
            S(
                "Men's designer",
                "Créateurs hommes",
                *_leaves(
                    "Designer jackets=Vestes de créateurs; Designer shoes=Chaussures de créateurs; "
                    "Designer watches=Montres de créateurs"
                ),
            ),
        ],
    }


def generated_roots() -> list[dict[int, list[dict]]]:
    """The generated subtrees, per documented parent id, root by root (women, men, kids, the others)."""
    return [generator() for generator in (_women, _men, _kids, _other_roots)]


# Rules the documented part of the tree keeps (docs/vinted-api.md §8; fixtures.SIZE_GROUPS_BY_ANCESTOR).
DOCUMENTED_RULES = {
    4: {"size_groups": [4]},
    16: {"size_groups": [7]},
    2050: {"size_groups": [14]},
    257: {"size_groups": [77]},
    1231: {"size_groups": [38]},
    1904: {"brand_and_color": True},
    5: {"brand_and_color": True},
    1193: {"brand_and_color": False},
    19: {"size_groups": []},
    82: {"size_groups": [], "packages": [1, 2]},
    1918: {"packages": [1, 2, 3, 5]},
    2994: {"packages": [1, 2, 3, 5], "conditions": [6, 1, 2, 3, 4, 7]},
    2309: {"packages": [1, 2]},
    2993: {"brand_and_color": True, "material_required": True},
}

BASE_RULES = {
    "size_groups": [],
    "packages": [1, 2, 3],
    "conditions": [6, 1, 2, 3, 4],
    "restricted_to_status_id": None,
    "brand_and_color": False,
    "material_required": False,
}


# --- brands -----------------------------------------------------------------------------------

BRAND_STARTS = [
    "Al",
    "Bel",
    "Cor",
    "Da",
    "El",
    "Fa",
    "Gra",
    "Hel",
    "Is",
    "Jo",
    "Ka",
    "Lu",
    "Mar",
    "No",
    "Or",
    "Pa",
    "Qui",
    "Ro",
    "Sa",
    "Tri",
    "Ul",
    "Ve",
    "Wil",
    "Xa",
    "Yo",
    "Zé",
]
BRAND_MIDDLES = ["", "na", "ro", "li", "ven", "tal", "mi", "son", "ber", "dé", "lo", "ra", "que", "vi"]
BRAND_ENDS = ["", "a", "o", "is", "ette", "ine", "ton", "ley", "berg", "ani", "ço", "ard", "elle", "us"]
BRAND_SUFFIXES = ["", "", "", " & Co", " Paris", " Studio", " Kids", " Sport", " Home", " Vintage", " Atelier"]
