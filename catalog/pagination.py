"""Pagination that stays fast on a large shop: matches are counted only up to a cap.

An exact COUNT(*) over tens of thousands of matching rows costs more than the page itself;
beyond the cap the list says "more than 1000" and keeps offering the next page.
"""

from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db import connections
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
    """Pages of a filtered queryset, ordered by its model's fields, with the filters evaluated once.

    One statement finds up to cap + 1 matches, in no order so the scan stops early, and sorts just
    those rows by the queryset's ordering. Their number is the count. When they are every match
    (the count is under the cap), a page is a slice of these ordered ids, read by primary key: a
    full-text search is not run a second time for the page. Past the cap, the page is read from
    the filtered queryset with OFFSET and the count is a floor.
    """

    cap = COUNT_CAP

    def __init__(self, object_list, per_page, *args, present=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        # Shapes the page's rows (joins, loaded columns) without changing which rows match.
        self.present = present or (lambda queryset: queryset)

    @cached_property
    def matching_ids(self) -> list:
        """Ids of up to cap + 1 matches, in the queryset's order when they are all of them."""
        queryset = self.object_list
        ordering = queryset.query.order_by or queryset.model._meta.ordering
        matches = queryset.order_by().values("pk", *(name.lstrip("-") for name in ordering))[: self.cap + 1]
        sql, params = matches.query.sql_with_params()
        connection = connections[queryset.db]
        quote = connection.ops.quote_name  # values() names each column after its field
        order_by = ", ".join(
            f"matches.{quote(name.lstrip('-'))} {'DESC' if name.startswith('-') else 'ASC'}" for name in ordering
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT matches.pk FROM ({sql}) AS matches" + (f" ORDER BY {order_by}" if order_by else ""), params
            )
            return [row[0] for row in cursor.fetchall()]

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
            rows = list(self.present(self.object_list)[bottom : bottom + self.per_page + 1])
            return _OpenEndedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)
        ids = self.matching_ids[bottom : bottom + self.per_page]
        by_id = {row.pk: row for row in self.present(self.object_list.model._default_manager.filter(pk__in=ids))}
        # A product removed between the two reads is simply not on the page.
        return self._get_page([by_id[pk] for pk in ids if pk in by_id], number, self)


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
        schema["properties"]["count_is_capped"] = {
            "type": "boolean",
            "description": f"true when more than {COUNT_CAP} products match",
        }
        return schema
