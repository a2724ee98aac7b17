"""Amounts in Chinese business documents are grouped by thousands with a comma (475,155.75), as in
accounting software, not by ten-thousands without a separator as Django's default for zh-hans."""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
