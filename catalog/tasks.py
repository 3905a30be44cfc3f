"""Celery tasks of the catalog: thin wrappers that take ids only and run in the shop's schema (stoflow.tasks)."""

from celery import shared_task

from stoflow.tasks import ShopTask


@shared_task(name="catalog.run_import", base=ShopTask, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def run_import(shop, public_id: str) -> None:
    from . import imports

    imports.run(shop, public_id)


@shared_task(
    name="catalog.process_photo", base=ShopTask, acks_late=True, reject_on_worker_lost=True, ignore_result=True
)
def process_photo(shop, public_id: str) -> None:
    from . import photos

    photos.process_upload(shop, public_id)


@shared_task(name="catalog.empty_trash", base=ShopTask, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def empty_trash(shop, run_id: str, pks: list[int]) -> None:
    from . import emptying

    emptying.run(run_id, pks)
