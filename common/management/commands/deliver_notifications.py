from django.core.management.base import BaseCommand

from common.notifications.delivery import pending_notifications_deliver


class Command(BaseCommand):
    help = (
        "Deliver pending notifications now (what the periodic sweep does every minute); useful where no "
        "celery beat runs, such as the embedded default."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than", type=int, default=0, help="Only rows at least this many seconds old (default 0)."
        )

    def handle(self, *args, older_than, **options):
        result = pending_notifications_deliver(older_than_seconds=older_than)
        self.stdout.write(f"{result['pending']} pending, {result['sent']} sent, {result['failed']} failed.")
