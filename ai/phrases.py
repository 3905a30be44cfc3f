"""Listing phrases in the seven output languages, for the offline writer and the post-check.

These are marketplace texts in the buyer's language, not UI copy, so they live here rather than
in the gettext catalogue (which only holds English and French).
"""

FLAWS_LABEL = {
    "en": "Flaws noted by the seller",
    "fr": "Défauts signalés par le vendeur",
    "de": "Vom Verkäufer angegebene Mängel",
    "es": "Defectos indicados por el vendedor",
    "it": "Difetti segnalati dal venditore",
    "nl": "Door de verkoper gemelde gebreken",
    "pl": "Wady wskazane przez sprzedającego",
}
NOT_SPECIFIED = {
    "en": "not specified",
    "fr": "non précisé",
    "de": "nicht angegeben",
    "es": "no especificado",
    "it": "non specificato",
    "nl": "niet opgegeven",
    "pl": "nie podano",
}
LABELS = {  # brand, size, colour, material, condition, measurements, details
    "en": ("Brand", "Size", "Colour", "Material", "Condition", "Measurements", "Details"),
    "fr": ("Marque", "Taille", "Couleur", "Matière", "État", "Mesures", "Détails"),
    "de": ("Marke", "Größe", "Farbe", "Stoff", "Zustand", "Maße", "Details"),
    "es": ("Marca", "Talla", "Color", "Tejido", "Estado", "Medidas", "Detalles"),
    "it": ("Marca", "Taglia", "Colore", "Tessuto", "Condizioni", "Misure", "Dettagli"),
    "nl": ("Merk", "Maat", "Kleur", "Stof", "Staat", "Afmetingen", "Details"),
    "pl": ("Marka", "Rozmiar", "Kolor", "Tkanina", "Stan", "Wymiary", "Szczegóły"),
}
CONDITIONS = {
    "new_with_tags": {
        "en": "new with tags",
        "fr": "neuf avec étiquette",
        "de": "neu mit Etikett",
        "es": "nuevo con etiquetas",
        "it": "nuovo con cartellino",
        "nl": "nieuw met label",
        "pl": "nowy z metką",
    },
    "new_without_tags": {
        "en": "new without tags",
        "fr": "neuf sans étiquette",
        "de": "neu ohne Etikett",
        "es": "nuevo sin etiquetas",
        "it": "nuovo senza cartellino",
        "nl": "nieuw zonder label",
        "pl": "nowy bez metki",
    },
    "very_good": {
        "en": "very good",
        "fr": "très bon état",
        "de": "sehr gut",
        "es": "muy bueno",
        "it": "ottime condizioni",
        "nl": "zeer goed",
        "pl": "bardzo dobry",
    },
    "good": {
        "en": "good",
        "fr": "bon état",
        "de": "gut",
        "es": "bueno",
        "it": "buone condizioni",
        "nl": "goed",
        "pl": "dobry",
    },
    "satisfactory": {
        "en": "satisfactory",
        "fr": "état satisfaisant",
        "de": "zufriedenstellend",
        "es": "aceptable",
        "it": "discrete condizioni",
        "nl": "redelijk",
        "pl": "zadowalający",
    },
}
ITEM = {
    "en": "item",
    "fr": "article",
    "de": "Artikel",
    "es": "artículo",
    "it": "articolo",
    "nl": "artikel",
    "pl": "przedmiot",
}

OPENERS = {
    "friendly": {
        "en": "Hello! I'm selling this {item}.",
        "fr": "Bonjour ! Je vends cet article : {item}.",
        "de": "Hallo! Ich verkaufe diesen Artikel: {item}.",
        "es": "¡Hola! Vendo este artículo: {item}.",
        "it": "Ciao! Vendo questo articolo: {item}.",
        "nl": "Hoi! Ik verkoop dit artikel: {item}.",
        "pl": "Cześć! Sprzedaję ten przedmiot: {item}.",
    },
    "formal": {
        "en": "For sale: {item}.",
        "fr": "À vendre : {item}.",
        "de": "Zu verkaufen: {item}.",
        "es": "Se vende: {item}.",
        "it": "In vendita: {item}.",
        "nl": "Te koop: {item}.",
        "pl": "Na sprzedaż: {item}.",
    },
    "fun": {
        "en": "Ready for a new home: {item}! ✨",
        "fr": "Prêt pour une nouvelle vie : {item} ! ✨",
        "de": "Bereit für ein neues Zuhause: {item}! ✨",
        "es": "¡Listo para una nueva vida: {item}! ✨",
        "it": "Pronto per una nuova casa: {item}! ✨",
        "nl": "Klaar voor een nieuw thuis: {item}! ✨",
        "pl": "Gotowy na nowy dom: {item}! ✨",
    },
}
SUMMARY = {  # {condition}
    "en": "Condition: {condition}.",
    "fr": "État : {condition}.",
    "de": "Zustand: {condition}.",
    "es": "Estado: {condition}.",
    "it": "Condizioni: {condition}.",
    "nl": "Staat: {condition}.",
    "pl": "Stan: {condition}.",
}
CLOSERS = {
    "friendly": {
        "en": "Feel free to ask me any questions!",
        "fr": "N'hésitez pas à me poser vos questions !",
        "de": "Schreib mir gerne bei Fragen!",
        "es": "¡No dudes en preguntarme lo que quieras!",
        "it": "Scrivimi pure per qualsiasi domanda!",
        "nl": "Stel gerust je vragen!",
        "pl": "Chętnie odpowiem na pytania!",
    },
    "formal": {
        "en": "Questions are welcome before purchase.",
        "fr": "Je reste à votre disposition pour toute question.",
        "de": "Für Fragen stehe ich Ihnen gerne zur Verfügung.",
        "es": "Quedo a su disposición para cualquier consulta.",
        "it": "Resto a disposizione per qualsiasi domanda.",
        "nl": "Voor vragen sta ik graag tot uw beschikking.",
        "pl": "W razie pytań pozostaję do dyspozycji.",
    },
    "fun": {
        "en": "Snap it up before someone else does! 🚀",
        "fr": "Foncez avant qu'on ne vous le pique ! 🚀",
        "de": "Schnell zugreifen, bevor es weg ist! 🚀",
        "es": "¡Hazte con él antes que nadie! 🚀",
        "it": "Prendilo prima che lo faccia qualcun altro! 🚀",
        "nl": "Snel zijn, voordat een ander het pakt! 🚀",
        "pl": "Łap, zanim ktoś cię wyprzedzi! 🚀",
    },
}

# Common taxonomy colour and material names (English) in the listing languages; others stay as named.
_COLOUR_ROWS = {  # en: fr, de, es, it, nl, pl
    "black": ("noir", "schwarz", "negro", "nero", "zwart", "czarny"),
    "white": ("blanc", "weiß", "blanco", "bianco", "wit", "biały"),
    "grey": ("gris", "grau", "gris", "grigio", "grijs", "szary"),
    "blue": ("bleu", "blau", "azul", "blu", "blauw", "niebieski"),
    "navy": ("bleu marine", "marineblau", "azul marino", "blu navy", "marineblauw", "granatowy"),
    "light blue": ("bleu clair", "hellblau", "azul claro", "azzurro", "lichtblauw", "błękitny"),
    "red": ("rouge", "rot", "rojo", "rosso", "rood", "czerwony"),
    "pink": ("rose", "rosa", "rosa", "rosa", "roze", "różowy"),
    "green": ("vert", "grün", "verde", "verde", "groen", "zielony"),
    "khaki": ("kaki", "khaki", "caqui", "cachi", "kaki", "khaki"),
    "yellow": ("jaune", "gelb", "amarillo", "giallo", "geel", "żółty"),
    "orange": ("orange", "orange", "naranja", "arancione", "oranje", "pomarańczowy"),
    "purple": ("violet", "lila", "morado", "viola", "paars", "fioletowy"),
    "brown": ("marron", "braun", "marrón", "marrone", "bruin", "brązowy"),
    "beige": ("beige", "beige", "beige", "beige", "beige", "beżowy"),
    "cream": ("crème", "creme", "crema", "panna", "crème", "kremowy"),
    "burgundy": ("bordeaux", "bordeaux", "burdeos", "bordeaux", "bordeaux", "bordowy"),
    "gold": ("doré", "gold", "dorado", "oro", "goud", "złoty"),
    "silver": ("argenté", "silber", "plateado", "argento", "zilver", "srebrny"),
    "multicolour": ("multicolore", "mehrfarbig", "multicolor", "multicolore", "meerkleurig", "wielokolorowy"),
}
_MATERIAL_ROWS = {
    "cotton": ("coton", "Baumwolle", "algodón", "cotone", "katoen", "bawełna"),
    "wool": ("laine", "Wolle", "lana", "lana", "wol", "wełna"),
    "silk": ("soie", "Seide", "seda", "seta", "zijde", "jedwab"),
    "leather": ("cuir", "Leder", "cuero", "pelle", "leer", "skóra"),
    "linen": ("lin", "Leinen", "lino", "lino", "linnen", "len"),
    "polyester": ("polyester", "Polyester", "poliéster", "poliestere", "polyester", "poliester"),
    "cashmere": ("cachemire", "Kaschmir", "cachemira", "cashmere", "kasjmier", "kaszmir"),
    "denim": ("denim", "Denim", "denim", "denim", "denim", "denim"),
    "viscose": ("viscose", "Viskose", "viscosa", "viscosa", "viscose", "wiskoza"),
    "nylon": ("nylon", "Nylon", "nailon", "nylon", "nylon", "nylon"),
    "suede": ("daim", "Wildleder", "ante", "scamosciato", "suède", "zamsz"),
    "acrylic": ("acrylique", "Acryl", "acrílico", "acrilico", "acryl", "akryl"),
    "elastane": ("élasthanne", "Elasthan", "elastano", "elastan", "elastaan", "elastan"),
}
_ORDER = ("fr", "de", "es", "it", "nl", "pl")


def translate_value(value: str, language: str) -> str:
    """A colour or material named in English, in the listing's language when we know it."""
    key = value.strip().lower()
    row = _COLOUR_ROWS.get(key) or _MATERIAL_ROWS.get(key)
    if row is None or language == "en":
        return value
    return row[_ORDER.index(language)]


def label_separator(language: str) -> str:
    return " : " if language == "fr" else ": "  # French puts a space before the colon
