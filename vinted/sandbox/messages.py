"""Texts the sandbox answers with, in English and French, chosen like Vinted does: by the
`Locale` header, else `Accept-Language`. These imitate Vinted's own server messages, so they
live here rather than in Django's catalogues (the sandbox does not run inside Django)."""

TEXTS = {
    "invalid_token": ("Invalid authentication token", "Jeton d'authentification invalide"),
    "access_denied": ("Access denied", "Accès refusé"),
    "not_found": ("Not found", "Introuvable"),
    "server_error": ("Something went wrong, please try again later", "Une erreur s'est produite, réessaie plus tard"),
    "validation_error": ("Please correct the errors below", "Corrige les erreurs ci-dessous"),
    "push_up": (
        "Bumps are paid features: push_up must be false (the sandbox never simulates a purchase)",
        "Les remontées sont payantes : push_up doit valoir false (le bac à sable ne simule jamais d'achat)",
    ),
    "photo_upload": ("The photo could not be uploaded", "La photo n'a pas pu être téléchargée"),
    "photo_dimensions": ("The photo dimensions are too big", "Les dimensions de la photo sont trop grandes"),
    "title_missing": ("Add a title", "Ajoute un titre"),
    "title_long": ("The title must be at most 100 characters", "Le titre doit faire 100 caractères au maximum"),
    "title_caps": ("Please don't write the title in capital letters", "N'écris pas le titre en majuscules"),
    "description_missing": ("Add a description", "Ajoute une description"),
    "description_long": (
        "The description must be at most 2000 characters",
        "La description doit faire 2000 caractères au maximum",
    ),
    "category": ("Choose a category", "Choisis une catégorie"),
    "price": ("Enter a valid price", "Indique un prix valide"),
    "price_range": (
        "The price must be between {min} and {max} {currency}",
        "Le prix doit être compris entre {min} et {max} {currency}",
    ),
    "currency": ("The currency must be {currency}", "La devise doit être {currency}"),
    "photos": ("Add at least one photo", "Ajoute au moins une photo"),
    "photos_many": ("You can add at most 20 photos", "Tu peux ajouter 20 photos au maximum"),
    "photos_foreign": ("One of the photos cannot be used", "Une des photos ne peut pas être utilisée"),
    "condition": ("Select the condition", "Sélectionne l'état"),
    "size": ("Fill in your size", "Indique la taille"),
    "package_size": ("Select a parcel size", "Sélectionne une taille de colis"),
    "brand": ("Select a brand", "Sélectionne une marque"),
    "color": ("Select a colour", "Sélectionne une couleur"),
    "color_many": ("Select at most 2 colours", "Sélectionne 2 couleurs au maximum"),
    "material": ("Select at most 3 valid materials", "Sélectionne 3 matières valides au maximum"),
    "field_invalid": ("This field is invalid", "Ce champ n'est pas valide"),
    "item_missing": ("The item is missing from the request", "L'article est absent de la requête"),
}


def locale_of(headers) -> str:
    """ "fr" when the request asks for French, otherwise "en"."""
    raw = headers.get("Locale") or headers.get("Accept-Language") or ""
    first = raw.split(",")[0].strip().lower()
    return "fr" if first.startswith("fr") else "en"


def text(key: str, locale: str, **params) -> str:
    english, french = TEXTS[key]
    chosen = french if locale == "fr" else english
    return chosen.format(**params) if params else chosen


def label(pair_en_fr, locale: str) -> str:
    """Pick the English or French label from an (en, fr) pair."""
    return pair_en_fr[1] if locale == "fr" else pair_en_fr[0]
