"""How eBay publishing plugs into catalog: the product page's eBay section. Registered from
EbayConfig.ready() when the channel is enabled; catalog never imports ebay."""


def product_section(request, product) -> dict:
    from .section import section_context

    return section_context(request, product)


def register_extensions() -> None:
    from catalog import extensions

    extensions.register(
        extensions.DetailSection(
            name="ebay_publishing",
            order=25,
            template="ebay/publishing/product_section.html",
            context=product_section,
        )
    )
