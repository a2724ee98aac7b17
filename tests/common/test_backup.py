"""Backup and restore: a backup, a wipe, a restore, and the documents, stock and money are back intact."""

import datetime
import io
import json
import tarfile
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from finance.models import PartnerLedgerEntry, Payment
from finance.services import PartnerRef, payment_post
from inventory.models import StockBalance, StockMove
from purchasing.models import PurchaseOrder
from tests.factories import (
    CustomerFactory,
    LocationFactory,
    ProductFactory,
    PurchaseOrderFactory,
    UserFactory,
)
from tests.ledger import post

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "contracts").mkdir(parents=True)
    (settings.MEDIA_ROOT / "contracts" / "c-1.pdf").write_bytes(b"%PDF-1.4 contract")
    return settings.MEDIA_ROOT


def make_business():
    user = UserFactory(username="keeper")
    location = LocationFactory()
    product = ProductFactory(sku="BAK-1")
    post(product, location, "12", unit_cost="3.5", by=user)
    post(product, location, "-2", by=user)
    PurchaseOrderFactory(number="PO-209901-0777", created_by=user)
    customer = CustomerFactory()
    payment_post(
        kind="customer_receipt",
        partner=PartnerRef("customer", customer.pk, customer.name),
        amount=Decimal("88.50"),
        date=datetime.date(2026, 1, 7),
        method="cash",
        by=user,
    )
    return product


def test_backup_wipe_restore_brings_everything_back(media, tmp_path):
    product = make_business()
    archive = tmp_path / "out"
    call_command("backup", output_dir=archive, stdout=io.StringIO())
    (path,) = archive.glob("backup-*-postgresql.tar.gz")
    with tarfile.open(path) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = tar.getnames()
    assert manifest["engine"] == "postgresql"
    assert "inventory.0001_initial" in manifest["migrations"]
    assert "media/contracts/c-1.pdf" in names

    call_command("flush", interactive=False, verbosity=0)
    (media / "contracts" / "c-1.pdf").unlink()
    assert not PurchaseOrder.objects.exists()
    assert not StockMove.objects.exists()

    call_command("restore", str(path), yes=True, stdout=io.StringIO())

    assert PurchaseOrder.objects.filter(number="PO-209901-0777").exists()
    assert StockMove.objects.filter(product__sku="BAK-1").count() == 2
    assert StockBalance.objects.get(product__sku="BAK-1").on_hand == Decimal("10")
    assert Payment.objects.get().amount == Decimal("88.50")
    assert PartnerLedgerEntry.objects.exists()
    assert (media / "contracts" / "c-1.pdf").read_bytes() == b"%PDF-1.4 contract"
    call_command("check_stock", stdout=io.StringIO())
    call_command("check_ledger", stdout=io.StringIO())
    assert product.pk in StockBalance.objects.values_list("product_id", flat=True)


def test_restore_refuses_an_archive_of_another_engine(tmp_path):
    archive = tmp_path / "sqlite.tar.gz"
    manifest = json.dumps({"engine": "sqlite", "created_at": "2026-01-01T00:00:00+00:00"}).encode()
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("manifest.json")
        info.size = len(manifest)
        tar.addfile(info, io.BytesIO(manifest))

    with pytest.raises(CommandError, match="holds a sqlite database, but this installation uses postgresql"):
        call_command("restore", str(archive), yes=True)


def test_restore_asks_before_replacing_the_data(media, tmp_path, monkeypatch):
    make_business()
    call_command("backup", output_dir=tmp_path, stdout=io.StringIO())
    (path,) = tmp_path.glob("backup-*.tar.gz")
    monkeypatch.setattr("builtins.input", lambda question: "no")
    PurchaseOrder.objects.all().delete()

    with pytest.raises(CommandError, match="Restore cancelled"):
        call_command("restore", str(path))

    assert not PurchaseOrder.objects.exists()


def test_restore_refuses_a_file_that_is_no_backup(tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive")

    with pytest.raises(CommandError, match="not a backup archive"):
        call_command("restore", str(junk), yes=True)
