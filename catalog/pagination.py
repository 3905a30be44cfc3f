"""Pagination that stays fast on a large shop: matches are counted only up to a cap.

An exact COUNT(*) over tens of thousands of matching rows costs more than the page itself;
beyond the cap the list says "more than 1000" and keeps offering the next page.
"""
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import F, Lookup
from rest_framework.pagination import PageNumberPagination

COUNT_CAP = 1_000
UNKNOWN_PAGES = 10**9


class _AnyOf(Lookup):
    """`column = ANY(%s)` with the values as one array parameter: an IN list is compiled one
    parameter at a time, which costs more than the query for a thousand ids."""
    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*params, list(self.rhs))


class _OpenEndedPage(Page):
    """A page past the counted cap: whether another follows is known by fetching one row more."""

    def __init__(self, rows, number, paginator, more: bool):
        super().__init__(rows, number, paginator)
        self.more = more

    def has_next(self):
        return self.more


class CappedPaginator(Paginator):
    """Pages of a filtered, ordered queryset, with the filters evaluated once a request.

    One query reads the ids of up to cap + 1 matches (in no order, so it stops early). Their number
    is the count; when every match fits under the cap, the page is read by primary key among those
    ids, so a full-text search does not run a second time for the page. Past the cap, the page is
    read from the filtered queryset with OFFSET and the count is a floor.
    """
    cap = COUNT_CAP

    def __init__(self, object_list, per_page, *args, present=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        # Shapes the page's rows (joins, loaded columns) without changing which rows match.
        self.present = present or (lambda queryset: queryset)

    @cached_property
    def matching_ids(self) -> list:
        return list(self.object_list.order_by().values_list("pk", flat=True)[: self.cap + 1])

    @cached_property
    def count_is_capped(self) -> bool:
        return len(self.matching_ids) > self.cap

    @cached_property
    def count(self) -> int:
        return min(len(self.matching_ids), self.cap)

    @cached_property
    def num_pages(self) -> int:
        if self.count_is_capped:
            return UNKNOWN_PAGES
        return super().num_pages

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if self.count_is_capped:
            rows = list(self.present(self.object_list)[bottom:bottom + self.per_page + 1])
            return _OpenEndedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)
        rows = self.present(self.matches_by_id())[bottom:bottom + self.per_page]
        return self._get_page(rows, number, self)

    def matches_by_id(self):
        """The matches, in the queryset's order, selected by primary key alone."""
        ordering = self.object_list.query.order_by
        matches = self.object_list.model._default_manager.filter(_AnyOf(F("pk"), self.matching_ids))
        return matches.order_by(*ordering) if ordering else matches


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
