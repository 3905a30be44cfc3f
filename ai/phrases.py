"""Listing phrases in the seven output languages, for the offline writer and the post-check.

These are marketplace texts in the buyer's language, not UI copy, so they live here rather than
in the gettext catalogue (which only holds English and French).
"""
FLAWS_LABEL = {
    "en": "Flaws noted by the seller", "fr": "Défauts signalés par le vendeur",
    "de": "Vom Verkäufer angegebene Mängel", "es": "Defectos indicados por el vendedor",
    "it": "Difetti segnalati dal venditore", "nl": "Door de verkoper gemelde gebreken",
    "pl": "Wady wskazane przez sprzedającego",
}
NOT_SPECIFIED = {
    "en": "not specified", "fr": "non précisé", "de": "nicht angegeben", "es": "no especificado",
    "it": "non specificato", "nl": "niet opgegeven", "pl": "nie podano",
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
    "new_with_tags": {"en": "new with tags", "fr": "neuf avec étiquette", "de": "neu mit Etikett",
                      "es": "nuevo con etiquetas", "it": "nuovo con cartellino", "nl": "nieuw met label",
                      "pl": "nowy z metką"},
    "new_without_tags": {"en": "new without tags", "fr": "neuf sans étiquette", "de": "neu ohne Etikett",
                         "es": "nuevo sin etiquetas", "it": "nuovo senza cartellino", "nl": "nieuw zonder label",
                         "pl": "nowy bez metki"},
    "very_good": {"en": "very good", "fr": "très bon état", "de": "sehr gut", "es": "muy bueno",
                  "it": "ottime condizioni", "nl": "zeer goed", "pl": "bardzo dobry"},
    "good": {"en": "good", "fr": "bon état", "de": "gut", "es": "bueno", "it": "buone condizioni",
             "nl": "goed", "pl": "dobry"},
    "satisfactory": {"en": "satisfactory", "fr": "état satisfaisant", "de": "zufriedenstellend",
                     "es": "aceptable", "it": "discrete condizioni", "nl": "redelijk", "pl": "zadowalający"},
}
ITEM = {"en": "item", "fr": "article", "de": "Artikel", "es": "artículo", "it": "articolo", "nl": "artikel",
        "pl": "przedmiot"}

OPENERS = {
    "friendly": {
        "en": "Hello! I'm selling this {item}.", "fr": "Bonjour ! Je vends cet article : {item}.",
        "de": "Hallo! Ich verkaufe diesen Artikel: {item}.", "es": "¡Hola! Vendo este artículo: {item}.",
        "it": "Ciao! Vendo questo articolo: {item}.", "nl": "Hoi! Ik verkoop dit artikel: {item}.",
        "pl": "Cześć! Sprzedaję ten przedmiot: {item}.",
    },
    "formal": {
        "en": "For sale: {item}.", "fr": "À vendre : {item}.", "de": "Zu verkaufen: {item}.",
        "es": "Se vende: {item}.", "it": "In vendita: {item}.", "nl": "Te koop: {item}.",
        "pl": "Na sprzedaż: {item}.",
    },
    "fun": {
        "en": "Ready for a new home: {item}! ✨", "fr": "Prêt pour une nouvelle vie : {item} ! ✨",
        "de": "Bereit für ein neues Zuhause: {item}! ✨", "es": "¡Listo para una nueva vida: {item}! ✨",
        "it": "Pronto per una nuova casa: {item}! ✨", "nl": "Klaar voor een nieuw thuis: {item}! ✨",
        "pl": "Gotowy na nowy dom: {item}! ✨",
    },
}
SUMMARY = {  # {condition}
    "en": "Condition: {condition}.", "fr": "État : {condition}.", "de": "Zustand: {condition}.",
    "es": "Estado: {condition}.", "it": "Condizioni: {condition}.", "nl": "Staat: {condition}.",
    "pl": "Stan: {condition}.",
}
CLOSERS = {
    "friendly": {
        "en": "Feel free to ask me any questions!", "fr": "N'hésitez pas à me poser vos questions !",
        "de": "Schreib mir gerne bei Fragen!", "es": "¡No dudes en preguntarme lo que quieras!",
        "it": "Scrivimi pure per qualsiasi domanda!", "nl": "Stel gerust je vragen!",
        "pl": "Chętnie odpowiem na pytania!",
    },
    "formal": {
        "en": "Questions are welcome before purchase.", "fr": "Je reste à votre disposition pour toute question.",
        "de": "Für Fragen stehe ich Ihnen gerne zur Verfügung.", "es": "Quedo a su disposición para cualquier consulta.",
        "it": "Resto a disposizione per qualsiasi domanda.", "nl": "Voor vragen sta ik graag tot uw beschikking.",
        "pl": "W razie pytań pozostaję do dyspozycji.",
    },
    "fun": {
        "en": "Snap it up before someone else does! 🚀", "fr": "Foncez avant qu'on ne vous le pique ! 🚀",
        "de": "Schnell zugreifen, bevor es weg ist! 🚀", "es": "¡Hazte con él antes que nadie! 🚀",
        "it": "Prendilo prima che lo faccia qualcun altro! 🚀", "nl": "Snel zijn, voordat een ander het pakt! 🚀",
        "pl": "Łap, zanim ktoś cię wyprzedzi! 🚀",
    },
}
