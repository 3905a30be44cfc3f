"""Offline photo analysis: colours of the item from the marketplace's list, and quality warnings."""

import pytest

from ai import selectors
from ai.photo_analysis import analyse_photo, analyse_photos

from .photos import blurred, darkened, garment_photo, label_close_up

pytestmark = pytest.mark.django_db

RED, NAVY, BLUE, WHITE = (200, 40, 30), (40, 55, 95), (0, 120, 200), (250, 250, 250)


@pytest.fixture
def palette():
    return selectors.marketplace_palette()


def test_analyse_photo_red_shirt_on_plain_background_gives_red_only(palette):
    report = analyse_photo(garment_photo(RED), palette)

    assert report.colours[0][0] == "Red"
    assert report.warnings == []


def test_analyse_photo_navy_shirt_gives_navy_not_black(palette):
    report = analyse_photo(garment_photo(NAVY), palette)

    assert report.colours[0][0] == "Navy"


def test_analyse_photo_white_shirt_on_grey_background_trims_the_background(palette):
    report = analyse_photo(garment_photo(WHITE, background=(140, 140, 140)), palette)

    assert report.colours[0][0] == "White"
    assert "Grey" not in dict(report.colours)


def test_analyse_photos_two_coloured_item_gives_both_main_colour_first(palette):
    photo = garment_photo(BLUE, second=WHITE, background=(150, 150, 150))

    analysis = analyse_photos([photo, photo], palette)

    assert analysis.colours == ["Blue", "White"]


def test_analyse_photo_dark_photo_warns_too_dark(palette):
    report = analyse_photo(darkened(garment_photo(RED)), palette)

    assert report.warnings == ["too_dark"]
    assert "daylight" in report.messages()[0]


def test_analyse_photo_blurred_photo_warns_blurry(palette):
    sharp = analyse_photo(garment_photo(RED), palette)
    report = analyse_photo(blurred(garment_photo(RED), radius=3), palette)

    assert report.warnings == ["blurry"]
    assert report.sharpness < sharp.sharpness / 5


def test_analyse_photo_small_photo_warns_too_small_with_its_size(palette):
    report = analyse_photo(garment_photo(RED, size=(300, 400)), palette)

    assert report.warnings == ["too_small"]
    assert "300 × 400" in report.messages()[0]


def test_analyse_photo_not_an_image_warns_unreadable(palette):
    report = analyse_photo(b"not a photo at all", palette)

    assert report.warnings == ["unreadable"]
    assert report.colours == []


def test_analyse_photos_dark_photo_does_not_colour_the_set_black(palette):
    analysis = analyse_photos([garment_photo(RED), darkened(garment_photo(RED))], palette)

    assert analysis.colours == ["Red"]
    assert [p.index for p in analysis.photos] == [1, 2]
    assert analysis.photos[1].warnings == ["too_dark"]


def test_marketplace_palette_skips_colours_without_hex(palette):
    names = {name for name, _lab in palette.entries}

    assert {"Red", "Navy", "White"} <= names
    assert "Multi" not in names


def test_analyse_photo_dark_photo_warning_in_french(palette):
    from django.utils import translation

    report = analyse_photo(darkened(garment_photo(RED)), palette)
    with translation.override("fr"):
        message = report.messages()[0]

    assert message.startswith("Cette photo est sombre\u00a0:")


def test_analyse_photos_label_close_up_framed_by_the_item_counts_as_the_items_colour(palette):
    red = (200, 40, 30)
    front, back = garment_photo(red), garment_photo(red, background=(250, 250, 248))

    analysis = analyse_photos([front, back, label_close_up(red), label_close_up(red)], palette)

    assert analysis.colours == ["Red"]  # not the label's white
    assert [r.background for r in analysis.photos[2:]] == ["Red", "Red"]
