"""The extension's endpoint: POST a session export, GET account statuses, DELETE one account."""

from django.http import Http404
from django.views.decorators.debug import sensitive_variables
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from ratelimit.throttling import ApiRateThrottle

from . import selectors, services
from .serializers import AccountStatusSerializer, SessionExportSerializer
from .sessions import VintedSession
from .throttling import SessionExportThrottle


class SessionView(APIView):
    """The shop comes from the API token's membership (request.tenant), never from the payload."""

    throttle_classes = [ApiRateThrottle, SessionExportThrottle]

    @extend_schema(responses=AccountStatusSerializer(many=True))
    def get(self, request):
        return Response(AccountStatusSerializer(selectors.accounts(), many=True).data)

    @extend_schema(
        request=SessionExportSerializer, responses={201: AccountStatusSerializer, 200: AccountStatusSerializer}
    )
    @sensitive_variables("data", "session", "capture", "serializer")
    def post(self, request):
        serializer = SessionExportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["signed_out"]:
            count = services.signed_out(data["domain"], data.get("vinted_user_id"))
            return Response({"disconnected": count})
        session = VintedSession(
            cookies=data["cookies"],
            csrf_token=data.get("csrf_token", ""),
            anon_id=data.get("anon_id", ""),
            user_agent=data["user_agent"],
            ua_client_hints=data.get("ua_client_hints") or {},
            locale=data.get("locale", ""),
        )
        capture = services.Capture(
            domain=data["domain"],
            session=session,
            vinted_user_id=data.get("vinted_user_id"),
            captured_at=data.get("captured_at"),
        )
        account, created = services.connect(capture, tenant=request.tenant)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(AccountStatusSerializer(account).data, status=code)


class SessionDetailView(APIView):
    @extend_schema(responses=AccountStatusSerializer)
    def get(self, request, public_id):
        account = selectors.account(public_id)
        if account is None:
            raise Http404
        return Response(AccountStatusSerializer(account).data)

    @extend_schema(responses={204: None})
    def delete(self, request, public_id):
        account = selectors.account(public_id)
        if account is None:
            raise Http404
        services.disconnect(account)
        return Response(status=status.HTTP_204_NO_CONTENT)
