"""eBay's account-deletion endpoint: public (eBay calls it), answered on the public schema."""

import logging

from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import notifications, oauth

log = logging.getLogger(__name__)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def account_deletion(request):
    if not notifications.enabled():
        raise Http404
    if request.method == "GET":
        code = request.GET.get("challenge_code", "")
        if not code:
            return JsonResponse({"error": "challenge_code is required"}, status=400)
        return JsonResponse({"challengeResponse": notifications.challenge_response(code)})
    try:
        data = notifications.verify(request.body, request.headers.get("X-Ebay-Signature", ""))
    except notifications.InvalidNotification as error:
        log.warning("eBay account-deletion notification refused: %s", error)
        return HttpResponse(status=412)
    except oauth.OAuthError as error:  # eBay resends what is not acknowledged
        log.warning("eBay account-deletion notification not checked now: %s", error)
        return HttpResponse(status=503)
    notifications.forget_user(str(data["userId"]))
    return HttpResponse(status=204)
