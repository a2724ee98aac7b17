from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from common.backup import age, backup_manifest, backup_restore, migration_state
from common.exceptions import DomainError


class Command(BaseCommand):
    help = "Restore the database and the uploaded files from an archive written by the backup command."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, **options):
        archive = options["archive"]
        if not archive.is_file():
            raise CommandError(_("%(archive)s does not exist.") % {"archive": archive})
        try:
            manifest = backup_manifest(archive)
        except DomainError as error:
            raise CommandError(error.message) from error
        if not options["yes"]:
            question = _(
                "This replaces ALL data of the database with the backup of %(when)s. Type 'yes' to go on: "
            ) % {"when": age(manifest)}
            if not options.get("interactive", True) or input(question).strip().lower() != "yes":
                raise CommandError(_("Restore cancelled: nothing was changed."))
        try:
            manifest = backup_restore(archive=archive)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(_("Restored the backup of %(when)s.") % {"when": age(manifest)}))
        if set(manifest["migrations"]) != set(migration_state()):
            self.stdout.write(
                self.style.WARNING(
                    _("The backup was made with other migrations: run 'python manage.py migrate' now.")
                )
            )
