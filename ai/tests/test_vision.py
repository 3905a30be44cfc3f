"""The photo proposal: image parts sent as bounded thumbnails, grounded fields, failures mapped."""

import io

import pytest
from PIL import Image

from ai import selectors, vision
from ai.errors import GenerationError
from ai.testing import MAX_IMAGE_SIDE

from .photos import garment_photo

pytestmark = pytest.mark.django_db

RED, BLUE = (200, 40, 30), (0, 120, 200)


@pytest.fixture
def photos():
    """Front, back, then a label close-up, at phone resolution."""
    return [
        garment_photo(RED, size=(3024, 4032)),
        garment_photo(RED, size=(3024, 4032), second=BLUE),
        garment_photo((240, 240, 240), size=(1200, 1600), background=(30, 30, 30)),
    ]


@pytest.fixture
def shortlist(in_shop_a):
    return selectors.category_shortlist("jean", limit=5)


def proposal(shortlist, **changes):
    nothing = {"value": None, "confidence": 0.0, "photos": []}
    answer = {
        "category_id": shortlist[0][0],
        "category_confidence": 0.8,
        "brand": dict(nothing),
        "size": dict(nothing),
        "colours": {"value": ["Red"], "confidence": 0.9, "photos": [1, 2]},
        "materials": {"value": [], "confidence": 0.0, "photos": []},
        "condition": {"value": "very_good", "confidence": 0.6, "photos": [1, 2]},
        "flaws": {"value": [], "confidence": 0.5, "photos": []},
        "title": "T-shirt rouge",
        "description": "T-shirt rouge, très bon état.",
    }
    answer.update(changes)
    return answer


def analyse(photos, shortlist):
    return vision.analyse(photos, shortlist=shortlist, colours=["Red", "Blue"], language="fr")


def test_analyse_sends_each_photo_as_bounded_jpeg_thumbnail(fake_openai, photos, shortlist):
    analyse(photos, shortlist)

    sizes = fake_openai.images_seen[0]
    assert len(sizes) == 3
    assert all(max(size) <= MAX_IMAGE_SIDE for size in sizes)
    assert sizes[0] == (576, 768)


def test_analyse_brand_readable_on_one_photo_is_kept_with_that_photo(fake_openai, photos, shortlist):
    fake_openai.answer_photos(
        [vision.thumbnail(p) for p in photos],
        proposal(shortlist, brand={"value": "Levi's", "confidence": 0.9, "photos": [3]}),
    )

    result = analyse(photos, shortlist).proposal

    assert result.brand == {"value": "Levi's", "confidence": 0.9, "photos": [3]}
    assert result.dropped == []


def test_analyse_no_label_leaves_brand_empty(fake_openai, photos, shortlist):
    result = analyse(photos[:2], shortlist).proposal

    assert result.brand["value"] is None
    assert result.category_id == shortlist[0][0]


def test_analyse_brand_without_photo_evidence_is_dropped(fake_openai, photos, shortlist):
    fake_openai.answer_photos(
        [vision.thumbnail(p) for p in photos],
        proposal(
            shortlist,
            brand={"value": "Nike", "confidence": 0.7, "photos": [9]},
            size={"value": "M", "confidence": 0.6, "photos": []},
        ),
    )

    result = analyse(photos, shortlist).proposal

    assert result.brand["value"] is None and result.size["value"] is None
    assert result.dropped == ["brand", "size"]


def test_analyse_category_outside_shortlist_is_refused(fake_openai, photos, shortlist):
    outside = max(cid for cid, _path in selectors.category_shortlist(limit=500)) + 1000
    fake_openai.answer_photos([vision.thumbnail(p) for p in photos], proposal(shortlist, category_id=outside))

    with pytest.raises(GenerationError) as failure:
        analyse(photos, shortlist)

    assert failure.value.code == "ungrounded"


def test_analyse_refusal_is_refused(fake_openai, photos, shortlist):
    fake_openai.queue("refusal")

    with pytest.raises(GenerationError) as failure:
        analyse(photos, shortlist)

    assert failure.value.code == "refused"


def test_analyse_malformed_answer_is_malformed(fake_openai, photos, shortlist):
    fake_openai.queue("malformed")

    with pytest.raises(GenerationError) as failure:
        analyse(photos, shortlist)

    assert failure.value.code == "malformed"


def test_analyse_more_than_eight_photos_is_a_bad_request_without_calling(fake_openai, photos, shortlist):
    with pytest.raises(GenerationError) as failure:
        analyse(photos * 3, shortlist)

    assert failure.value.code == "bad_request"
    assert fake_openai.calls == 0


def test_fake_server_refuses_an_original_sent_instead_of_a_thumbnail(fake_openai, photos, shortlist, monkeypatch):
    monkeypatch.setattr(vision, "thumbnail", lambda data: data)

    with pytest.raises(GenerationError) as failure:
        analyse(photos, shortlist)

    assert failure.value.code == "bad_request"


def test_thumbnail_strips_metadata_and_keeps_orientation():
    image = Image.new("RGB", (1000, 600), RED)
    exif = image.getexif()
    exif[0x0112] = 6  # rotated 90° on the phone
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())

    thumb = Image.open(io.BytesIO(vision.thumbnail(out.getvalue())))

    assert thumb.size == (461, 768)
    assert not thumb.getexif()


def propose(photos, shop):
    from ai.services import propose_from_photos

    return propose_from_photos(photos, tenant=shop.tenant, language="fr")


@pytest.fixture
def two_photos():
    return [garment_photo(RED), garment_photo(BLUE)]


def test_propose_from_photos_same_photos_again_is_a_free_cache_hit(fake_openai, credits_a, two_photos):
    from tenants import quotas

    first, first_cached = propose(two_photos, credits_a)
    again, again_cached = propose(list(two_photos), credits_a)

    assert (first_cached, again_cached) == (False, True)
    assert again == first
    assert fake_openai.calls == 1
    assert quotas.ai_credits_used(credits_a.tenant) == 3


def test_propose_from_photos_other_photos_miss_the_cache(fake_openai, credits_a, two_photos):
    propose(two_photos, credits_a)

    _value, cached = propose(two_photos[::-1], credits_a)

    assert cached is False
    assert fake_openai.calls == 2


def test_propose_from_photos_takes_the_plans_photo_credits(fake_openai, credits_a, two_photos):
    from tenants import quotas
    from tenants.models import Tier

    credits_a.tenant.tier = Tier.objects.create(
        code="photo-heavy", name="Photo heavy", ai_credits_per_month=0, ai_credits_per_photo_analysis=5
    )
    credits_a.tenant.save(update_fields=["tier"])

    value, _cached = propose(two_photos, credits_a)

    assert value["credits"] == 5
    assert quotas.ai_credits_used(credits_a.tenant) == 5
    assert value["tokens_in"] > 0 and value["model"] == "gpt-4o-mini"


def test_propose_from_photos_without_enough_credits_is_no_credits_and_calls_nothing(fake_openai, in_shop_a, two_photos):
    from .conftest import give_credits

    give_credits(in_shop_a, 2)

    with pytest.raises(GenerationError) as failure:
        propose(two_photos, in_shop_a)

    assert failure.value.code == "no_credits"
    assert fake_openai.calls == 0


def test_propose_from_photos_refusal_gives_the_credits_back(fake_openai, credits_a, two_photos):
    from tenants import quotas

    fake_openai.queue("refusal")

    with pytest.raises(GenerationError):
        propose(two_photos, credits_a)

    assert quotas.ai_credits_used(credits_a.tenant) == 0


def test_propose_from_photos_is_logged_with_tokens_cost_and_cache_hits(fake_openai, credits_a, two_photos):
    from ai.models import Generation

    propose(two_photos, credits_a)
    propose(two_photos, credits_a)
    propose(two_photos, credits_a)

    first, hit, again = Generation.objects.filter(task="photos").order_by("created_at")
    assert (first.status, first.cached, first.credit_charged) == ("succeeded", False, True)
    assert [row.cache_key for row in (hit, again)] == [first.cache_key] * 2
    assert [(row.facts, row.prompt_version, row.model) for row in (hit, again)] == [
        (first.facts, first.prompt_version, first.model)
    ] * 2
    assert first.tokens_in > 0 and first.cost_eur > 0 and first.title == "Item"
    assert (hit.cached, hit.credit_charged, hit.tokens_in, hit.saved_cost_eur) == (True, False, 0, first.cost_eur)


def test_propose_from_photos_failure_is_logged_with_its_code(fake_openai, credits_a, two_photos):
    from ai.models import Generation

    fake_openai.queue("malformed")

    with pytest.raises(GenerationError):
        propose(two_photos, credits_a)

    row = Generation.objects.get(task="photos")
    assert (row.status, row.error_code, row.credit_charged) == ("failed", "malformed", False)


def test_propose_from_photos_cache_hit_writes_its_log_row_in_one_query(fake_openai, credits_a, two_photos):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    propose(two_photos, credits_a)

    with CaptureQueriesContext(connection) as captured:
        _value, cached = propose(two_photos, credits_a)

    # The colour list and the shortlist come from the cache; django-tenants may set the search path.
    statements = [q["sql"] for q in captured.captured_queries if not q["sql"].startswith("SET search_path")]
    assert cached and len(statements) == 1 and statements[0].startswith('INSERT INTO "ai_generation"')


def test_propose_from_photos_with_the_stored_hashes_builds_the_key_from_them_without_reading_the_photos(
    fake_openai, credits_a, two_photos, monkeypatch
):
    from ai.services import propose_from_photos

    stored = vision.photo_hashes(two_photos)
    propose(two_photos, credits_a)
    monkeypatch.setattr(vision, "photo_hashes", lambda photos: pytest.fail("the photos were hashed again"))

    _value, cached = propose_from_photos(two_photos, hashes=stored, tenant=credits_a.tenant, language="fr")

    assert cached is True
    assert fake_openai.calls == 1


def test_propose_from_photos_cache_hit_reads_redis_in_one_round_trip(fake_openai, credits_a, two_photos, monkeypatch):
    from redis.connection import AbstractConnection

    propose(two_photos, credits_a)
    sent = []
    send = AbstractConnection.send_packed_command

    def counted(self, command, check_health=True):
        sent.append(command)
        return send(self, command, check_health)

    monkeypatch.setattr(AbstractConnection, "send_packed_command", counted)

    _value, cached = propose(two_photos, credits_a)

    assert cached is True
    assert len(sent) == 1


def test_propose_from_photos_after_a_catalog_write_uses_the_new_shortlist(
    fake_openai, credits_a, two_photos, monkeypatch
):
    from catalog import cache as catalog_cache

    propose(two_photos, credits_a)
    propose(two_photos, credits_a)
    shortlist = selectors._category_shortlist("", 60)
    monkeypatch.setattr(selectors, "_category_shortlist", lambda hint, limit: shortlist[1:])
    catalog_cache.bump()

    _value, cached = propose(two_photos, credits_a)

    assert cached is False
    assert fake_openai.calls == 2


def test_propose_from_photos_after_the_colour_list_changes_misses_the_cache(fake_openai, credits_a, two_photos):
    from django.core.cache import caches

    propose(two_photos, credits_a)
    propose(two_photos, credits_a)
    palette = caches["shared"].get(selectors.PALETTE_CACHE_KEY)
    caches["shared"].set(selectors.PALETTE_CACHE_KEY, palette[1:], selectors.PALETTE_CACHE_SECONDS)

    _value, cached = propose(two_photos, credits_a)

    assert cached is False
    assert fake_openai.calls == 2


def test_propose_from_photos_hit_pointer_never_outlives_the_shortlist_it_was_built_from(
    fake_openai, credits_a, two_photos
):
    from django.core.cache import caches

    from ai import cache
    from catalog import cache as catalog_cache

    propose(two_photos, credits_a)
    shortlist_key = catalog_cache.key(selectors.shortlist_cache_name(""), catalog_cache.version())
    pointer = cache.store().keys(cache.PHOTO_HIT_PREFIX + "*")
    shortlist_left = caches["default"].pttl(shortlist_key)

    assert len(pointer) == 1
    assert 0 < cache.store().pttl(pointer[0]) <= shortlist_left
