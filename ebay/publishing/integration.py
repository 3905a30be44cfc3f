"""How eBay publishing plugs into catalog: the product page's eBay section. Registered from
EbayConfig.ready() when the channel is enabled; catalog never imports ebay."""


def product_section(request, product) -> dict:
    from .section import section_context

    return section_context(request, product)


def register_extensions() -> None:
    from catalog import extensions

    from ..channel import register_listing_states
    from .channel_states import listing_states

    register_listing_states(listing_states)

    extensions.register(
        extensions.DetailSection(
            name="ebay_publishing",
            order=25,
            template="ebay/publishing/product_section.html",
            context=product_section,
        )
    )
