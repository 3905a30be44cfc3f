"""Pagination that stays fast on a large shop: the total is counted only up to a cap.

An exact COUNT(*) over tens of thousands of matching rows costs more than the page itself;
beyond the cap the list says "more than 1000" and keeps offering the next page.
"""
from functools import cached_property

from django.core.paginator import Page, Paginator
from rest_framework.pagination import PageNumberPagination

COUNT_CAP = 1_000
UNKNOWN_PAGES = 10**9


class _OpenEndedPage(Page):
    """A page past the counted cap: whether another follows is known by fetching one row more."""

    def __init__(self, rows, number, paginator, more: bool):
        super().__init__(rows, number, paginator)
        self.more = more

    def has_next(self):
        return self.more


class CappedPaginator(Paginator):
    cap = COUNT_CAP

    def page(self, number):
        number = self.validate_number(number)
        if not self.count_is_capped:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom:bottom + self.per_page + 1])
        return _OpenEndedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)

    def __init__(self, object_list, per_page, *args, count_queryset=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        # Counting the bare filtered rows skips the list's joins and per-row subqueries.
        self.count_queryset = count_queryset if count_queryset is not None else object_list

    @cached_property
    def capped_count(self) -> int:
        return self.count_queryset.order_by().values("pk")[: self.cap + 1].count()

    @cached_property
    def count_is_capped(self) -> bool:
        return self.capped_count > self.cap

    @cached_property
    def count(self) -> int:
        return min(self.capped_count, self.cap)

    @cached_property
    def num_pages(self) -> int:
        if self.count_is_capped:
            return UNKNOWN_PAGES
        return super().num_pages


class ProductPagination(PageNumberPagination):
    """DRF page numbers with the capped count; `count_is_capped` says when `count` is a floor."""
    django_paginator_class = CappedPaginator
    page_size = 50

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_is_capped"] = self.page.paginator.count_is_capped
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_is_capped"] = {"type": "boolean", "description":
                                                   f"true when more than {COUNT_CAP} products match"}
        return schema
