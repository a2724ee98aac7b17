from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from common.backup import backup_create, default_backup_dir
from common.exceptions import DomainError


class Command(BaseCommand):
    help = "Write a consistent backup of the database and the uploaded files to one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=None,
            help="Directory for the archive (default: BACKUP_DIR, or backups/ in the project).",
        )

    def handle(self, *args, **options):
        try:
            archive = backup_create(directory=options["output_dir"] or default_backup_dir())
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(_("Backup written to %(archive)s") % {"archive": archive}))
