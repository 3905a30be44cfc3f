"""GET /api/v1/limits/<source>/<ref>/: the live budget as JSON (token or session)."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from . import budget as budgets


class WindowSerializer(serializers.Serializer):
    limit = serializers.IntegerField()
    seconds = serializers.IntegerField()
    used = serializers.IntegerField()
    remaining = serializers.IntegerField()
    next_slot_at = serializers.DateTimeField()
    retry_after = serializers.FloatField()


class BudgetSerializer(serializers.Serializer):
    source = serializers.CharField()
    ref = serializers.CharField()
    label = serializers.CharField()
    allowed = serializers.BooleanField()
    reason = serializers.ChoiceField(choices=["ok", "limit", "unavailable"])
    used = serializers.IntegerField()
    limit = serializers.IntegerField()
    remaining = serializers.IntegerField()
    level = serializers.ChoiceField(choices=["green", "orange", "red"])
    next_slot_at = serializers.DateTimeField()
    retry_after = serializers.FloatField()
    now = serializers.DateTimeField()
    tooltip = serializers.CharField()
    windows = WindowSerializer(many=True)


class BudgetView(APIView):
    """Used and remaining requests of a budget, and when the next slot frees (server clock)."""

    @extend_schema(responses=BudgetSerializer)
    def get(self, request, source, ref):
        budget = budgets.budget_for(request, source, ref)
        if budget is None:
            raise Http404
        return Response(BudgetSerializer(budget.as_json()).data)
