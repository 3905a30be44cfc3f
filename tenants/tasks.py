from celery import shared_task
from django.core.management import call_command

from stoflow.tasks import ShopTask


@shared_task(name="tenants.tasks.clear_expired_sessions")
def clear_expired_sessions():
    call_command("clearsessions")


# A large shop takes longer than the default limits: its rows and photos are streamed into one file.
@shared_task(name="tenants.tasks.build_shop_export", base=ShopTask, soft_time_limit=3600, time_limit=3660)
def build_shop_export(shop, export_id: int):
    from . import services
    from .models import ShopExport

    export = (
        ShopExport.objects.select_related("tenant")
        .filter(pk=export_id, tenant=shop, status=ShopExport.Status.WAITING)
        .first()
    )
    if export is not None:  # a redelivered task finds the export already started
        services.build_export(export)
