import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from finance.choices import EntryType, InvoiceDirection, PartnerType, PaymentKind
from finance.models import Allocation, Invoice, Payment
from finance.selectors import DocumentRef
from finance.services import PartnerRef, invoice_create
from sales.models import Customer
from tests.factories import CustomerFactory, SalesOrderFactory, UserFactory
from tests.finance.conftest import TODAY

pytestmark = pytest.mark.django_db

D = Decimal
REPORTS = [
    "receivables",
    "payables",
    "partner-statement",
    "payment-history",
    "invoices",
    "invoicing-status",
    "statistics-month",
    "statistics-period",
]


@pytest.fixture
def accountant_client(client_for, accountant):
    return client_for(accountant)


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("slug", REPORTS)
def test_every_finance_report_shows_and_exports(accountant_client, delivery, receipt, slug):
    delivery("300.00", TODAY - datetime.timedelta(days=45))
    receipt("120.00")
    response = accountant_client.get(
        reverse(f"reports:{slug}"), {"date_from": "2026-01-01", "as_of": "2026-03-31"}
    )
    assert response.status_code == 200
    export = accountant_client.get(reverse(f"reports:{slug}-export"), {"date_from": "2026-01-01"})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_receivables_report_ages_and_totals(accountant_client, delivery):
    delivery("300.00", datetime.date(2026, 2, 14))  # 45 days before the 31st of March
    response = accountant_client.get(reverse("reports:receivables"), {"as_of": "2026-03-31"})
    assert response.context["totals"]
    totals = {column.key: value for column, value in response.context["totals"]}
    assert totals["age_31_60"] == D("300.00")
    assert totals["age_0_30"] == D("0.00")


def test_statement_shows_opening_and_closing(accountant_client, delivery, customer):
    delivery("100.00", datetime.date(2026, 1, 5))
    delivery("50.00", datetime.date(2026, 2, 5))
    response = accountant_client.get(
        reverse("reports:partner-statement"),
        {"customer": customer.partner_id, "date_from": "2026-02-01", "date_to": "2026-02-28"},
    )
    report = response.context["report"]
    assert (report.opening_balance(), report.closing_balance()) == (D("100.00"), D("150.00"))
    assert [value for column, value in response.context["rows"][0] if column.key == "balance"] == [
        D("150.00")
    ]


def test_statistics_from_the_ledger(accountant_client, delivery, receipt, document, customer):
    delivery("300.00", datetime.date(2026, 3, 3))
    receipt("120.00", datetime.date(2026, 3, 4))
    document(customer, EntryType.SALES_RETURN, "-50.00", datetime.date(2026, 3, 5))
    response = accountant_client.get(
        reverse("reports:statistics-period"), {"date_from": "2026-03-01", "date_to": "2026-03-31"}
    )
    totals = {column.key: value for column, value in response.context["totals"]}
    assert totals["purchases"] == D("120.00")
    assert totals["sales"] == D("300.00")
    assert totals["sales_returns"] == D("50.00")
    assert totals["net_sales"] == D("250.00")


def test_receipt_screen_posts_with_allocation(accountant_client, delivery, customer):
    ref = delivery("300.00")
    url = reverse("finance:customer-receipt-create") + f"?partner={customer.partner_id}"
    page = accountant_client.get(url)
    assert page.status_code == 200
    assert page.context["form"].open_documents[0]["document_id"] == ref.document_id
    response = accountant_client.post(
        url,
        {
            "date": "2026-03-31",
            "method": "transfer",
            "reference": "B-1",
            "amount": "500.00",
            "alloc_0": "300.00",
        },
    )
    payment = Payment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == payment.get_absolute_url()
    assert payment.kind == PaymentKind.CUSTOMER_RECEIPT
    assert Allocation.objects.get().amount == D("300.00")
    detail = accountant_client.get(payment.get_absolute_url())
    assert detail.context["unallocated"] == D("200.00")
    assert detail.context["allocate_url"]


def test_receipt_screen_refuses_more_than_is_open(accountant_client, delivery, customer):
    delivery("300.00")
    url = reverse("finance:customer-receipt-create") + f"?partner={customer.partner_id}"
    response = accountant_client.post(
        url, {"date": "2026-03-31", "method": "cash", "amount": "500.00", "alloc_0": "400.00"}
    )
    assert response.status_code == 200
    assert "has only 300.00 open" in str(response.context["form"].errors)
    assert not Payment.objects.exists()


def test_allocate_screen_uses_the_credit(accountant_client, delivery, customer):
    url = reverse("finance:customer-receipt-create") + f"?partner={customer.partner_id}"
    accountant_client.post(url, {"date": "2026-03-31", "method": "cash", "amount": "80.00"})
    payment = Payment.objects.get()
    delivery("100.00")
    response = accountant_client.post(
        reverse("finance:payment-allocate", args=[payment.pk]), {"alloc_0": "80.00"}
    )
    assert response.status_code == 302
    assert Allocation.objects.get().amount == D("80.00")


def test_invoice_with_a_pdf_contract_is_served_to_who_may_see_invoices(
    accountant_client, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    order = SalesOrderFactory()
    response = accountant_client.post(
        reverse("finance:invoice-create"),
        {
            "direction": InvoiceDirection.ISSUED,
            "order_number": order.number,
            "number": "INV-0001",
            "date": "2026-03-31",
            "amount": "113.00",
            "tax_amount": "13.00",
            "contract": SimpleUploadedFile(
                "my contract.pdf", b"%PDF-1.4 test", content_type="application/pdf"
            ),
        },
    )
    invoice = Invoice.objects.get()
    assert response.status_code == 302
    assert "my contract" not in invoice.contract.name
    assert invoice.partner_type == PartnerType.CUSTOMER
    contract_url = reverse("finance:invoice-contract-detail", args=[invoice.pk])
    served = accountant_client.get(contract_url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content).startswith(b"%PDF-")
    warehouse = client_for(UserFactory(username="keeper", role="warehouse_keeper"))
    assert warehouse.get(contract_url).status_code == 403


def test_contract_that_is_not_a_pdf_or_image_is_refused(accountant_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    order = SalesOrderFactory()
    response = accountant_client.post(
        reverse("finance:invoice-create"),
        {
            "direction": InvoiceDirection.ISSUED,
            "order_number": order.number,
            "number": "INV-0002",
            "date": "2026-03-31",
            "amount": "10.00",
            "contract": SimpleUploadedFile(
                "evil.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
            ),
        },
    )
    assert response.status_code == 200
    assert "PDF file or an image" in str(response.context["form"].errors)
    assert not Invoice.objects.exists()


def test_an_image_contract_is_accepted(accountant, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    customer = CustomerFactory()
    invoice = invoice_create(
        direction=InvoiceDirection.ISSUED,
        number="INV-IMG",
        date=TODAY,
        amount=D("10.00"),
        document=DocumentRef("sales.salesorder", 1, "SO-1"),
        partner=PartnerRef(PartnerType.CUSTOMER, customer.pk, customer.name),
        contract=SimpleUploadedFile("scan.png", png_bytes(), content_type="image/png"),
        by=accountant,
    )
    assert invoice.contract.name.endswith(".png")


def test_invoicing_status_shows_what_is_not_invoiced(accountant_client, accountant):
    order = SalesOrderFactory(status="approved", total=D("200.00"), order_date=TODAY)
    invoice_create(
        direction=InvoiceDirection.ISSUED,
        number="INV-9",
        date=TODAY,
        amount=D("150.00"),
        document=DocumentRef("sales.salesorder", order.pk, order.number),
        partner=PartnerRef(PartnerType.CUSTOMER, order.customer_id, order.customer.name),
        by=accountant,
    )
    response = accountant_client.get(
        reverse("reports:invoicing-status"),
        {"direction": "issued", "date_from": "2026-01-01", "date_to": "2026-12-31"},
    )
    totals = {column.key: value for column, value in response.context["totals"]}
    assert (totals["invoiced"], totals["not_invoiced"]) == (D("150.00"), D("50.00"))


@pytest.mark.parametrize(
    ("role", "receivables", "payables", "payments"),
    [
        ("accountant", 200, 200, 200),
        ("approver", 200, 200, 200),
        ("sales_clerk", 200, 403, 403),
        ("purchasing_clerk", 403, 200, 403),
        ("warehouse_keeper", 403, 403, 403),
    ],
)
def test_who_sees_what(client_for, role, receivables, payables, payments):
    client = client_for(UserFactory(username=f"{role}-x", role=role))
    assert client.get(reverse("reports:receivables")).status_code == receivables
    assert client.get(reverse("reports:payables")).status_code == payables
    assert client.get(reverse("finance:payment-list")).status_code == payments


@pytest.mark.parametrize("role", ["approver", "sales_clerk", "purchasing_clerk"])
def test_only_accountants_post_payments(client_for, role):
    client = client_for(UserFactory(username=f"{role}-y", role=role))
    assert client.get(reverse("finance:customer-receipt-create")).status_code == 403


def test_customer_page_shows_the_balance_panel(client_for, accountant, delivery, customer):
    delivery("75.00")
    page = client_for(accountant).get(Customer.objects.get(pk=customer.partner_id).get_absolute_url())
    assert page.status_code == 200
    assert b"finance-panel" in page.content
