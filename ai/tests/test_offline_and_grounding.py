"""The offline writer, the grounding post-check, and marketplace limits."""

import pytest

from ai import grounding, offline, services
from ai.errors import GenerationError
from ai.facts import ProductFacts
from ai.languages import LANGUAGES, language_for_domain
from ai.models import Generation
from ai.options import LENGTHS, TONES, GenerationOptions
from ai.phrases import FLAWS_LABEL, NOT_SPECIFIED
from ai.prompt import ListingDraft
from tenants import quotas


@pytest.mark.parametrize("language", sorted(LANGUAGES))
@pytest.mark.parametrize("tone", sorted(TONES))
@pytest.mark.parametrize("length", sorted(LENGTHS))
def test_offline_writer_composes_a_grounded_listing_in_every_language_tone_and_length(language, tone, length, facts):
    options = GenerationOptions(language=language, tone=tone, length=length)
    listing = grounding.finalise(offline.compose(facts, options), facts, options)
    assert "Levi's" in listing.title and len(listing.title) <= 100
    assert facts.flaws in listing.description
    assert len(listing.full_description()) <= 2000 and listing.hashtags


def test_offline_writer_says_not_specified_rather_than_guessing(bare_facts):
    options = GenerationOptions(language="fr", length="medium")
    listing = grounding.finalise(offline.compose(bare_facts, options), bare_facts, options)
    assert listing.description.count(NOT_SPECIFIED["fr"]) >= 3  # brand, size, material (+ condition)
    assert "petit trou sur le col" in listing.description


def test_offline_lengths_grow_from_short_to_long(facts):
    sizes = [len(offline.compose(facts, GenerationOptions(length=n)).description) for n in ("short", "medium", "long")]
    assert sizes == sorted(sizes) and sizes[0] < sizes[2]


def test_generate_without_a_key_uses_the_offline_writer_and_no_credit(offline_ai, in_shop_a, facts):
    generation = services.request_generation(facts, GenerationOptions(language="de"), enqueue=False)
    services.run_generation(generation.public_id, tenant=in_shop_a.tenant)
    generation.refresh_from_db()
    assert generation.status == Generation.Status.SUCCEEDED and generation.provider == "offline"
    assert generation.model == offline.MODEL_NAME and generation.cost_eur == 0 and not generation.credit_charged
    assert "Zustand: sehr gut" in generation.description
    assert quotas.ai_credits_used(in_shop_a.tenant) == 0


def draft(**overrides) -> ListingDraft:
    values = {
        "title": "Pull col roulé",
        "description": "Joli pull. Petit trou sur le col.",
        "hashtags": [],
        "stated_brand": None,
        "stated_size": None,
        "stated_materials": [],
        "stated_condition": None,
        "flaws_mentioned": True,
    }
    return ListingDraft(**{**values, **overrides})


@pytest.mark.parametrize(
    "overrides,invented",
    [
        ({"stated_brand": "Zara"}, "brand"),
        ({"description": "Pull Zara. Petit trou sur le col."}, "brand"),
        ({"stated_size": "M"}, "size"),
        ({"description": "Pull taille M. Petit trou sur le col."}, "size"),
        ({"description": "Pull 100% cachemire. Petit trou sur le col."}, "material"),
        ({"stated_materials": ["wool"]}, "material"),
        ({"stated_condition": "new_with_tags"}, "condition"),
    ],
)
def test_post_check_rejects_a_brand_size_material_or_condition_the_facts_lack(bare_facts, overrides, invented):
    with pytest.raises(GenerationError) as raised:
        grounding.finalise(draft(**overrides), bare_facts, GenerationOptions(language="fr"))
    assert raised.value.code == "ungrounded" and invented in raised.value.detail


def test_post_check_accepts_facts_named_in_another_language(facts):
    text = "Veste Levi's taille M en coton, très bon état. Petite tache sur la manche : small stain."
    listing = grounding.finalise(
        draft(
            description=text,
            stated_brand="levi's",
            stated_size="m",
            stated_materials=["coton"],
            stated_condition="very_good",
        ),
        facts,
        GenerationOptions(language="fr"),
    )
    assert listing.description.startswith("Veste Levi's")


def test_post_check_adds_the_seller_flaws_when_the_text_forgot_them(bare_facts):
    listing = grounding.finalise(
        draft(description="Un pull très doux et chaud."), bare_facts, GenerationOptions(language="fr")
    )
    assert listing.description.endswith(f"{FLAWS_LABEL['fr']} : petit trou sur le col")
    assert "flaws_added" in listing.notes


def test_post_check_fits_vinted_limits_and_keeps_the_flaws(bare_facts):
    long_text = "Un pull très doux et chaud pour l'hiver. " * 80
    listing = grounding.finalise(
        draft(
            title="Pull " + "très " * 40,
            description=long_text,
            hashtags=["pull", "#Hiver", "hiver", "doux chaud", "a", "b", "c"],
        ),
        bare_facts,
        GenerationOptions(language="fr"),
    )
    assert len(listing.title) <= 100 and len(listing.full_description()) <= 2000
    assert "petit trou sur le col" in listing.description
    assert listing.hashtags == ["pull", "hiver", "douxchaud", "a", "b"]
    assert {"title_shortened", "description_shortened"} <= set(listing.notes)


def test_facts_too_long_to_fit_are_rejected_cleanly():
    facts = ProductFacts(title="Pull", flaws="accroc " * 400)
    with pytest.raises(GenerationError) as raised:
        grounding.finalise(draft(description="Un pull."), facts, GenerationOptions())
    assert raised.value.code == "too_long"


@pytest.mark.parametrize(
    "domain,language",
    [
        ("www.vinted.fr", "fr"),
        ("www.vinted.be", "fr"),
        ("vinted.de", "de"),
        ("www.vinted.at", "de"),
        ("www.vinted.co.uk", "en"),
        ("www.vinted.pl", "pl"),
        ("www.vinted.es", "es"),
        ("www.vinted.it", "it"),
        ("www.vinted.nl", "nl"),
        ("https://www.vinted.fr/items/new", "fr"),
        ("www.vinted.cz", "en"),
        ("", "en"),
    ],
)
def test_language_for_domain_follows_the_country_suffix(domain, language):
    assert language_for_domain(domain) == language


def test_offline_writer_names_colours_and_materials_in_the_listing_language(facts):
    listing = offline.compose(facts, GenerationOptions(language="fr", length="medium"))
    assert "- Couleur : bleu" in listing.description and "- Matière : coton" in listing.description
    assert "coton" in listing.hashtags and "jackets" not in listing.hashtags


def test_every_failure_has_a_french_message():
    from django.utils import translation

    from ai.errors import MESSAGES, message_for

    with translation.override("fr"):
        french = {code: message_for(code, "marque « Zara »") for code in MESSAGES}
    with translation.override("en"):
        english = {code: message_for(code, "x") for code in MESSAGES}
    assert all(french[code] != english[code] for code in MESSAGES)
    assert "marque « Zara »" in french["ungrounded"]


@pytest.mark.parametrize(
    "field,value",
    [
        ("stated_brand", "Levis"),
        ("stated_size", "Taille M"),
        ("stated_condition", "très bon état"),
        ("stated_condition", "Very good"),
        ("stated_condition", "sehr gut"),
        ("stated_materials", ["Baumwolle"]),
    ],
)
def test_post_check_accepts_a_stated_fact_written_differently(facts, field, value):
    grounding.finalise(
        draft(**{field: value}, description="Veste. Small stain on the left sleeve."),
        facts,
        GenerationOptions(language="fr"),
    )


@pytest.mark.parametrize(
    "field,value",
    [
        ("stated_brand", "Levi's Premium Zara"),
        ("stated_size", "L"),
        ("stated_condition", "neuf avec étiquette"),
    ],
)
def test_post_check_rejects_a_stated_fact_that_differs(facts, field, value):
    with pytest.raises(GenerationError):
        grounding.finalise(
            draft(**{field: value}, description="Veste. Small stain on the left sleeve."),
            facts,
            GenerationOptions(language="fr"),
        )


def test_post_check_does_not_take_a_polish_word_for_a_brand():
    facts = ProductFacts(title="Sweter", flaws="")
    listing = grounding.finalise(
        draft(title="Sweter", description="Ciepły sweter, coś na zimę."), facts, GenerationOptions(language="pl")
    )
    assert "coś" in listing.description
