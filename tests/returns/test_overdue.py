"""Overdue return steps: the staff who can act on a late step get one reminder per request (or refund) and
step, in their language, with a link; the manager sets the limits; the list shows the late requests.

Time is moved by passing ``now`` to the scan rather than by mocking the clock."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from common.notifications.choices import Channel, NotificationKind
from common.notifications.models import Notification
from returns import services
from returns.choices import ReturnKind, ReturnStatus
from returns.models import Refund, ReturnPolicy, ReturnRequest
from returns.schedules import SCAN_TASK, SCAN_TASK_NAME, overdue_schedule_ensure
from returns.services import ReplacementData, return_overdue_scan
from returns.tasks import return_overdue_scan as return_overdue_scan_task
from tests.factories import UserFactory
from tests.notifications.conftest import celery_worker, worker  # noqa: F401 - the real worker
from tests.returns.conftest import fresh
from tests.threads import run_together

pytestmark = pytest.mark.django_db


def later(**delta) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(**delta)


def reminders(**filters):
    return Notification.objects.filter(
        kind=NotificationKind.RETURN_OVERDUE, channel=Channel.INAPP, **filters
    ).order_by("pk")


def recipients(**filters) -> list[str]:
    return sorted(n.recipient.username for n in reminders(**filters).select_related("recipient"))


@pytest.fixture
def delivered(deliver, stock, product, location):
    stock(product, location, 20, "8.00")
    return deliver((product, 20, "12.00"))


@pytest.fixture
def submitted(delivered, make_request, product, clerk):
    def make(quantity=1):
        return services.return_request_submit(request=make_request((product, quantity)), by=clerk)

    return make


@pytest.fixture
def everyone(clerk, approver, keeper, accountant, purchasing_clerk):
    """One user of every role, so each test sees who is told and who is not."""
    return {"clerk": clerk, "approver": approver, "keeper": keeper, "accountant": accountant}


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


def test_a_late_submitted_request_reminds_the_approvers_once(submitted, everyone, english):
    request = submitted()

    summary = return_overdue_scan(now=later(days=1, hours=2))

    assert summary["requests"] == 1
    reminder = reminders().get()
    assert reminder.recipient == everyone["approver"]
    assert reminder.subject == f"Return {request.number} has waited 1 day 2 hours in Submitted, limit 1 day"
    assert "Bright Office" in reminder.body
    assert "Waiting for: approval or rejection." in reminder.body
    assert reminder.url == request.get_absolute_url()
    assert reminder.language == "en"
    assert fresh(request).overdue_notified_for == ReturnStatus.SUBMITTED


def test_the_reminder_is_written_in_the_recipients_language(submitted, everyone, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    request = submitted()

    return_overdue_scan(now=later(days=2, hours=1))

    reminder = reminders().get()
    with translation.override("zh-hans"):
        status = str(ReturnStatus.SUBMITTED.label)
    assert status != "Submitted"  # the catalogue has it
    assert request.number in reminder.subject
    assert status in reminder.subject
    assert reminder.language == "zh-hans"


def test_users_with_an_address_also_get_an_email(submitted, approver):
    approver.email = "boss@example.com"
    approver.save()
    submitted()

    return_overdue_scan(now=later(days=2))

    mails = Notification.objects.filter(kind=NotificationKind.RETURN_OVERDUE, channel=Channel.EMAIL)
    assert [(m.recipient, m.address) for m in mails] == [(approver, "boss@example.com")]


def test_running_the_task_twice_sends_one_reminder(submitted, everyone):
    request = submitted()
    ReturnRequest.objects.filter(pk=request.pk).update(
        status_changed_at=timezone.now() - datetime.timedelta(days=3)
    )

    first = return_overdue_scan_task.delay().get()
    second = return_overdue_scan_task.delay().get()

    assert (first["requests"], second["requests"]) == (1, 0)
    assert reminders().count() == 1


def test_a_request_within_its_limit_is_not_reminded(submitted, everyone):
    submitted()

    assert return_overdue_scan(now=later(hours=23))["requests"] == 0
    assert not reminders().exists()


def test_a_request_that_moved_on_and_is_late_again_is_reminded_again(submitted, approver, keeper, everyone):
    request = submitted()
    return_overdue_scan(now=later(days=2))
    services.return_request_approve(request=request, by=approver)

    assert return_overdue_scan(now=later(days=10))["requests"] == 0  # approved: 14 days for the goods
    return_overdue_scan(now=later(days=14, hours=1))
    return_overdue_scan(now=later(days=20))

    assert recipients() == ["approver", "keeper"]
    goods = reminders(recipient=keeper).get()
    assert request.number in goods.subject
    assert fresh(request).overdue_notified_for == ReturnStatus.APPROVED


@pytest.mark.parametrize("off", [0, None])
def test_a_switched_off_step_is_silent(submitted, policy, everyone, off):
    policy.submitted_limit_days = off
    policy.save()
    request = submitted()

    assert return_overdue_scan(now=later(days=30))["requests"] == 0
    assert not reminders().exists()
    assert fresh(request).overdue_notified_for == ""


def test_the_creator_of_a_request_is_not_asked_to_approve_it(delivered, make_request, product, approver):
    other = UserFactory(username="second-approver", role="approver")
    request = make_request((product, 1), by=approver)
    services.return_request_submit(request=request, by=approver)

    return_overdue_scan(now=later(days=2))

    assert recipients() == [other.username]


def test_a_large_request_reminds_only_the_approvers_of_large_returns(submitted, policy, everyone):
    from django.contrib.auth.models import Permission

    policy.large_amount_limit = Decimal("10.00")
    policy.save()
    small_approver = UserFactory(username="small-approver")
    small_approver.user_permissions.add(
        Permission.objects.get(content_type__app_label="returns", codename="approve_returnrequest")
    )
    submitted(quantity=2)  # 2 x 12.00, above the large amount

    return_overdue_scan(now=later(days=2))

    assert recipients() == ["approver"]


def test_goods_received_but_not_inspected_remind_the_warehouse(
    delivered, make_request, product, received, everyone
):
    request = received(make_request((product, 1)))

    return_overdue_scan(now=later(days=1))
    assert not reminders().exists()
    return_overdue_scan(now=later(days=2, hours=1))

    assert recipients() == ["keeper"]
    assert fresh(request).overdue_notified_for == ReturnStatus.RECEIVED


def test_late_refund_steps_remind_the_accountants(
    delivered, make_request, product, received, inspect, accountant, everyone, english
):
    request = inspect(received(make_request((product, 1))))
    refund = Refund.objects.get(request=request)

    return_overdue_scan(now=later(days=2, hours=1))

    assert recipients() == ["accountant"]
    pending = reminders().get()
    assert pending.subject == (
        f"Refund {refund.number} (return {request.number}) has waited 2 days 1 hour in Pending, limit 2 days"
    )
    assert "approve the refund of 12.00" in pending.body

    services.refund_approve(refund=refund, by=accountant)
    return_overdue_scan(now=later(days=2, hours=1))
    assert reminders().count() == 2
    assert "in Approved, limit 2 days" in reminders().last().subject
    assert "to be paid" in reminders().last().body


def test_an_inspected_request_waiting_for_its_refund_reminds_who_can_pay_it(
    delivered, make_request, product, received, inspect, accountant, policy, everyone
):
    policy.refund_pending_limit_days = None  # only the request's own step
    policy.save()
    request = inspect(received(make_request((product, 1))))
    services.refund_approve(refund=Refund.objects.get(request=request), by=accountant)
    policy.refund_approved_limit_days = None
    policy.save()

    return_overdue_scan(now=later(days=3, hours=1))

    assert recipients() == ["accountant"]
    assert fresh(request).overdue_notified_for == ReturnStatus.INSPECTED


def test_an_inspected_exchange_waiting_for_its_replacement_reminds_who_ships_it(
    delivered, make_request, product, marker_pen, stock, location, received, inspect, everyone
):
    stock(marker_pen, location, 3, "20.00")
    request = make_request(
        (product, 1), kind=ReturnKind.EXCHANGE, replacements=[ReplacementData(marker_pen, Decimal("1"))]
    )
    request = fresh(inspect(received(request)))
    assert (request.status, request.replacement_status) == (ReturnStatus.INSPECTED, "reserved")

    return_overdue_scan(now=later(days=3, hours=1))

    assert recipients() == ["keeper"]  # no refund is due: the replacement costs more


def test_finished_requests_are_never_reminded(submitted, approver, everyone):
    services.return_request_reject(request=submitted(), by=approver, reason="Outside the window")
    services.return_request_cancel(request=submitted(), by=approver)

    assert return_overdue_scan(now=later(days=400)) == {"requests": 0, "refunds": 0, "messages": 0}


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_send_one_reminder_per_request(submitted, everyone):
    requests = [submitted() for _ in range(4)]
    now = later(days=2)

    outcomes = run_together(2, lambda _i: return_overdue_scan(now=now))

    assert [kind for kind, _ in outcomes] == ["ok", "ok"]
    assert sum(result["requests"] for _, result in outcomes) == 4
    assert reminders().count() == 4
    assert sorted(n.url for n in reminders()) == sorted(r.get_absolute_url() for r in requests)


@pytest.mark.django_db(transaction=True)
def test_the_real_worker_runs_the_scan_and_a_second_run_sends_nothing(worker, submitted, everyone):  # noqa: F811
    request = submitted()
    ReturnRequest.objects.filter(pk=request.pk).update(
        status_changed_at=timezone.now() - datetime.timedelta(days=3)
    )
    mark = worker.log_mark()

    return_overdue_scan_task.delay()
    worker.wait_for(lambda: len(worker.succeeded("return_overdue_scan", mark)) == 1, what="the first scan")
    return_overdue_scan_task.delay()
    worker.wait_for(lambda: len(worker.succeeded("return_overdue_scan", mark)) == 2, what="the second scan")

    first, second = worker.succeeded("return_overdue_scan", mark)
    assert "'requests': 1" in first
    assert "'requests': 0" in second
    assert recipients() == ["approver"]


def test_the_hourly_schedule_is_created_once_and_left_alone():
    from django_celery_beat.models import PeriodicTask

    overdue_schedule_ensure()
    task = PeriodicTask.objects.get(name=SCAN_TASK_NAME)
    assert task.task == SCAN_TASK
    assert (task.interval.every, task.interval.period) == (1, "hours")
    task.enabled = False
    task.save()
    overdue_schedule_ensure()
    assert PeriodicTask.objects.get(name=SCAN_TASK_NAME).enabled is False


# The list and the limits page.


def test_the_list_filter_shows_the_late_requests_by_their_own_step(
    client_for, submitted, approver, clerk, everyone, english
):
    late = submitted()
    on_time = submitted()
    approved_long_ago = services.return_request_approve(request=submitted(), by=approver)
    two_days_ago = timezone.now() - datetime.timedelta(days=2)
    ReturnRequest.objects.filter(pk__in=[late.pk, approved_long_ago.pk]).update(
        status_changed_at=two_days_ago
    )

    client = client_for(clerk)
    overdue = client.get(reverse("returns:request-list"), {"overdue": "on"})
    assert [r.pk for r in overdue.context["object_list"]] == [late.pk]  # approved: 14 days allowed
    page = client.get(reverse("returns:request-list")).content.decode()
    assert page.count('class="table-warning overdue"') == 1
    assert "Limit: 1 day" in page
    assert on_time.number in page


def test_a_manager_sets_the_limits_and_the_reminders_follow(client_for, approver, submitted, everyone):
    client = client_for(approver)
    page = client.get(reverse("returns:step-limits"))
    assert page.status_code == 200
    assert page.context["form"]["approved_limit_days"].value() == 14
    assert not ReturnPolicy.objects.exists()  # reading writes nothing

    response = client.post(
        reverse("returns:step-limits"),
        {
            "submitted_limit_days": "3",
            "approved_limit_days": "",
            "received_limit_days": "0",
            "inspected_limit_days": "3",
            "refund_pending_limit_days": "2",
            "refund_approved_limit_days": "2",
        },
    )
    assert response.status_code == 302
    policy = ReturnPolicy.current()
    assert (policy.submitted_limit_days, policy.approved_limit_days, policy.received_limit_days) == (
        3,
        None,
        0,
    )

    submitted()
    assert return_overdue_scan(now=later(days=2))["requests"] == 0
    assert return_overdue_scan(now=later(days=3, hours=1))["requests"] == 1


def test_the_limits_page_refuses_a_negative_limit_and_other_roles(client_for, approver, clerk):
    response = client_for(approver).post(
        reverse("returns:step-limits"), {"submitted_limit_days": "-1", "approved_limit_days": "400"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors.keys() == {"submitted_limit_days", "approved_limit_days"}
    assert not ReturnPolicy.objects.exists()
    assert client_for(clerk).get(reverse("returns:step-limits")).status_code == 403
