"""A property-based run of the whole OpenAPI schema with schemathesis, against the WSGI app with a real API
key that holds every scope and acts as the administrator: generated calls, valid and invalid, never get
a 5xx, and every answer (status, content type, body) matches the schema."""

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import strategies
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from tests.api.conftest import D, today
from tests.factories import LocationFactory, SupplierFactory

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def api_schema(db, settings):
    """The real WSGI app. Like Django's test client, it keeps the test's connection open between calls
    (the request signals would otherwise close it inside the test's transaction)."""
    settings.ALLOWED_HOSTS = ["*"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/schema/", application)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def everything(api, shipped_order, defect):
    """A key with every scope, and one of each thing the API shows, so reads find rows to serialise."""
    from purchasing import services as purchasing_services

    SupplierFactory(code="S-1")
    client = api("administrator", rate_limit=100000, username="schema-admin")
    order = purchasing_services.purchase_order_create(
        supplier=SupplierFactory(code="S-2"),
        warehouse=shipped_order.warehouse,
        order_date=today(),
        lines=[purchasing_services.OrderLineData(shipped_order.lines.get().product, D("3"), D("7"))],
        by=client.user,
    )
    LocationFactory(warehouse=shipped_order.warehouse, code="B-01")
    return {"Authorization": f"Bearer {client.key}", "purchase_order": order.number}


EXAMPLES = 20  # per operation, valid and invalid calls: the whole run takes about a minute


def test_api_answers_every_generated_call_within_its_schema(api_schema, everything):
    headers = {"Authorization": everything["Authorization"]}
    failures, operations = [], 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @hypothesis.given(
            case=strategies.one_of(
                operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE)
            )
        )
        @hypothesis.settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(hypothesis.HealthCheck),
            phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate, hypothesis.Phase.shrink],
        )
        def call(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            call()
        except Exception as error:  # every operation is run; the failures are listed together
            failures.append(f"{operation.label}: {error}")

    assert operations >= 15
    assert not failures, "\n\n".join(failures)
