from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Apply migrations to every shop schema, template first, with several processes."

    def add_arguments(self, parser):
        parser.add_argument("--processes", type=int, default=None)

    def handle(self, *args, **options):
        processes = options["processes"] or settings.TENANT_MULTIPROCESSING_MAX_PROCESSES
        # The template first, alone: new shops are cloned from it.
        call_command("migrate_schemas", schema_name=settings.TENANT_BASE_SCHEMA, interactive=False,
                     verbosity=options["verbosity"])
        executor = "multiprocessing" if processes > 1 else "standard"
        settings.TENANT_MULTIPROCESSING_MAX_PROCESSES = processes
        call_command("migrate_schemas", tenant=True, executor=executor, interactive=False,
                     verbosity=options["verbosity"])
