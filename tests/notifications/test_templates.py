from decimal import Decimal

import pytest
from django.utils import translation

from common.notifications import CUSTOMER_TEMPLATES, customer_message_render

CONTEXT = {
    "name": "Wang Fang",
    "number": "RMA-209901-0042",
    "url": "https://erp.example.com/returns/progress/abc",
    "reason": "The seal of the package is broken",
    "amount": Decimal("1234.50"),
    "carrier": "SF Express",
    "tracking_number": "SF1234567890",
}
NEEDS = {
    "return_rejected": ["The seal of the package is broken"],
    "return_refund_paid": ["1234.50"],  # digits only: the thousands separator depends on the language
    "return_replacement_shipped": ["SF Express", "SF1234567890"],
}


@pytest.mark.parametrize("template", CUSTOMER_TEMPLATES)
def test_customer_messages_render_in_english_and_chinese(template):
    english = customer_message_render(template=template, language="en", context=CONTEXT)
    chinese = customer_message_render(template=template, language="zh-hans", context=CONTEXT)

    assert english != chinese
    assert english[0] != chinese[0]
    assert any("\u4e00" <= char <= "\u9fff" for char in chinese[0] + chinese[1])
    assert not any("\u4e00" <= char <= "\u9fff" for char in english[0] + english[1])
    for subject, body in (english, chinese):
        text = subject + body
        for leftover in ("{{", "}}", "{%", "%}", "%(", "None", "&amp;", "&#"):
            assert leftover not in text
        assert "RMA-209901-0042" in subject
        assert "Wang Fang" in body
        assert CONTEXT["url"] in body
        assert "\n" not in subject
        for value in NEEDS.get(template, []):
            assert value in body.replace(",", "")


def test_a_language_without_templates_falls_back_to_english():
    assert customer_message_render(template="return_approved", language="fr", context=CONTEXT) == (
        customer_message_render(template="return_approved", language="en", context=CONTEXT)
    )


def test_rendering_does_not_change_the_active_language():
    with translation.override("en"):
        customer_message_render(template="return_approved", language="zh-hans", context=CONTEXT)
        assert translation.get_language() == "en"


def test_an_unknown_template_is_refused():
    with pytest.raises(ValueError, match="Unknown customer message template"):
        customer_message_render(template="order_shipped", language="en", context=CONTEXT)


def test_special_characters_are_not_escaped():
    context = {**CONTEXT, "name": "Tom & Jerry <Ltd>"}
    _subject, body = customer_message_render(template="return_received", language="en", context=context)
    assert "Tom & Jerry <Ltd>" in body
