"""List cells show times in the company's time zone, as detail pages do."""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from common.lists import Column
from common.templatetags.common_tags import cell


def test_a_datetime_cell_is_shown_in_local_time(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    row = SimpleNamespace(sent_at=datetime.datetime(2026, 11, 23, 8, 11, tzinfo=datetime.UTC))
    with timezone.override("Asia/Shanghai"):
        text = cell(row, Column("sent", "sent_at", kind="datetime"))
    assert "4:11" in text or "16:11" in text
    assert "8:11" not in text
