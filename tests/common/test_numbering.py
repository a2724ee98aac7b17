"""Document numbers: PREFIX-YYYYMM-NNNN, one sequence per prefix and month, never the same number twice."""

import datetime
import re

import pytest
from django.db import transaction
from django.utils import timezone

from common.documents import document_number_next
from tests.threads import run_together

THREADS = 16


@pytest.mark.django_db
def test_number_has_prefix_month_and_four_digits():
    number = document_number_next(prefix="PO")

    assert re.fullmatch(r"PO-\d{6}-\d{4}", number)
    assert number == f"PO-{timezone.localdate():%Y%m}-0001"


@pytest.mark.django_db
def test_numbers_increment_per_prefix():
    month = f"{timezone.localdate():%Y%m}"

    numbers = [document_number_next(prefix=p) for p in ("PO", "PO", "SO", "PO", "SO")]

    assert numbers == [
        f"PO-{month}-0001",
        f"PO-{month}-0002",
        f"SO-{month}-0001",
        f"PO-{month}-0003",
        f"SO-{month}-0002",
    ]


@pytest.mark.django_db
def test_each_month_starts_again_at_one():
    this_month = document_number_next(prefix="RMA")
    in_march = datetime.datetime(2031, 3, 31, 12, 0, tzinfo=datetime.UTC)

    assert document_number_next(prefix="RMA", on=in_march) == "RMA-203103-0001"
    assert document_number_next(prefix="RMA", on=datetime.date(2031, 3, 1)) == "RMA-203103-0002"
    assert document_number_next(prefix="RMA", on=datetime.date(2031, 4, 1)) == "RMA-203104-0001"
    assert document_number_next(prefix="RMA") == this_month[:-4] + "0002"


@pytest.mark.django_db
def test_the_month_is_the_companys_local_month():
    # 17:00 UTC on 31 January is already 1 February in Shanghai.
    late_evening_utc = datetime.datetime(2031, 1, 31, 17, 0, tzinfo=datetime.UTC)

    assert document_number_next(prefix="GR", on=late_evening_utc) == "GR-203102-0001"


@pytest.mark.django_db
def test_a_rolled_back_document_frees_its_number():
    first = document_number_next(prefix="SO")

    def save_a_document_that_fails():
        with transaction.atomic():
            document_number_next(prefix="SO")
            raise RuntimeError("the document could not be saved")

    with pytest.raises(RuntimeError):
        save_a_document_that_fails()

    assert document_number_next(prefix="SO") == first[:-4] + "0002"


@pytest.mark.django_db(transaction=True)
def test_simultaneous_documents_get_distinct_gap_free_numbers():
    per_thread = 3

    def take_numbers(index):
        with transaction.atomic():
            return [document_number_next(prefix="DN") for _ in range(per_thread)]

    outcomes = run_together(THREADS, take_numbers)

    assert [kind for kind, _ in outcomes] == ["ok"] * THREADS, outcomes
    numbers = [number for _, taken in outcomes for number in taken]
    assert len(numbers) == len(set(numbers)), "the same number was handed out twice"
    month = f"{timezone.localdate():%Y%m}"
    assert sorted(numbers) == [f"DN-{month}-{n:04d}" for n in range(1, THREADS * per_thread + 1)]
    for _, taken in outcomes:
        assert taken == sorted(taken)  # a transaction holds the sequence: its numbers follow each other
