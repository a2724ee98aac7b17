"""Posting throughput: goods receipts, deliveries and return dispositions per second, through the real
services and through a raw psycopg reference doing the same inserts and updates, by 1 and by 8 clients.

Documents to post are prepared first through the services (approved purchase orders, approved sales
orders holding their reservations, received return requests); only the posting itself is timed. Each of
the 8 clients is its own process with its own connection; each posts one document untimed (as a server's
long-lived worker has), then they start together at a barrier and the rate is all documents over the
time from the first start to the last finish.
"""

import gc
import json
import multiprocessing
import time
from decimal import ROUND_HALF_UP, Decimal

from bench.common import median, say

CLIENTS = [1, 8]
DOCS = {1: 30, 8: 80}  # documents per measurement
LINES = 4
CENT = Decimal("0.01")
COST = Decimal("0.0001")
ZERO = Decimal("0")


def _users():
    from django.contrib.auth import get_user_model

    model = get_user_model()
    return model.objects.get(username="bench_clerk"), model.objects.get(username="bench_manager")


def _home(product_id: int, warehouse_id: int):
    """The location the generator keeps this product in, in this warehouse."""
    from inventory.models import Location

    locations = list(
        Location.objects.filter(warehouse_id=warehouse_id, is_transit=False)
        .order_by("code")
        .values_list("pk", flat=True)
    )
    return locations[product_id % len(locations)] if locations else None


def _stocked_products(warehouse_id: int, count: int, exclude: set) -> list[int]:
    from inventory.models import StockBalance

    rows = (
        StockBalance.objects.filter(
            location__warehouse_id=warehouse_id, on_hand__gte=50, reserved=0, product__is_active=True
        )
        .exclude(product_id__in=exclude)
        .order_by("?")
        .values_list("product_id", "location_id")[: count * 3]
    )
    picked, seen = [], set()
    for product_id, location_id in rows:
        if product_id not in seen:
            seen.add(product_id)
            picked.append((product_id, location_id))
        if len(picked) == count:
            break
    return picked


# Preparation through the services ---------------------------------------------------------------------


def prepare_receipts(count: int) -> list[int]:
    from django.utils import timezone

    from inventory.models import Product, Warehouse
    from purchasing.services import purchase_order_approve, purchase_order_create, purchase_order_submit
    from purchasing.services.orders import OrderLineData
    from suppliers.models import Supplier

    clerk, manager = _users()
    warehouses = list(Warehouse.objects.order_by("code"))
    suppliers = list(Supplier.objects.order_by("?")[:20])
    products = list(Product.objects.filter(is_active=True).order_by("?")[: count * LINES])
    ids = []
    for index in range(count):
        lines = [
            OrderLineData(product=p, quantity=Decimal(10), unit_price=p.purchase_price)
            for p in products[index * LINES : (index + 1) * LINES]
        ]
        order = purchase_order_create(
            supplier=suppliers[index % len(suppliers)],
            warehouse=warehouses[index % len(warehouses)],
            order_date=timezone.localdate(),
            lines=lines,
            by=clerk,
        )
        order = purchase_order_submit(order=order, by=clerk)
        if order.status == "submitted":
            order = purchase_order_approve(order=order, by=manager)
        ids.append(order.pk)
    return ids


def prepare_deliveries(count: int) -> list[int]:
    from django.utils import timezone

    from inventory.models import Product, Warehouse
    from sales.models import Customer
    from sales.services import sales_order_approve, sales_order_create, sales_order_submit
    from sales.services.orders import OrderLineData

    clerk, manager = _users()
    warehouses = list(Warehouse.objects.order_by("code"))
    customers = list(Customer.objects.filter(credit_limit=0).order_by("?")[:50]) or list(
        Customer.objects.order_by("?")[:50]
    )
    used: set = set()
    ids = []
    for index in range(count):
        warehouse = warehouses[index % len(warehouses)]
        picked = _stocked_products(warehouse.pk, LINES, used)
        used |= {p for p, _loc in picked}
        products = Product.objects.in_bulk([p for p, _loc in picked])
        order = sales_order_create(
            customer=customers[index % len(customers)],
            warehouse=warehouse,
            order_date=timezone.localdate(),
            lines=[OrderLineData(product=products[p], quantity=Decimal(1)) for p, _loc in picked],
            by=clerk,
        )
        order = sales_order_submit(order=order, by=clerk)
        if order.status == "submitted":
            order = sales_order_approve(order=order, by=manager)
        ids.append(order.pk)
    return ids


def prepare_returns(count: int) -> list[int]:
    from returns.models import ReturnLine, ReturnReason
    from returns.services import (
        return_request_approve,
        return_request_create,
        return_request_receive,
        return_request_submit,
    )
    from returns.services.inspection import ReceiptLineData
    from returns.services.requests import RequestLineData
    from sales.models import DeliveryLine

    clerk, manager = _users()
    reason = ReturnReason.objects.filter(restocking_fee_percent=0).first()
    taken = ReturnLine.objects.filter(delivery_line__isnull=False).values("delivery_line_id")
    candidates = (
        DeliveryLine.objects.filter(delivery__status="shipped", returned_quantity=0, product__is_active=True)
        .exclude(pk__in=taken)
        .select_related("delivery__order__customer", "product")
        .order_by("-id")[: count * 10]  # one line per order: the newest orders have several lines
    )
    ids, orders = [], set()
    for line in candidates:
        order = line.delivery.order
        if order.pk in orders:
            continue
        orders.add(order.pk)
        request = return_request_create(
            customer=order.customer,
            order=order,
            lines=[RequestLineData(product=line.product, quantity=Decimal(1), reason=reason)],
            by=clerk,
        )
        request = return_request_submit(request=request, by=clerk)
        if request.status == "submitted":
            request = return_request_approve(request=request, by=manager)
        request = return_request_receive(
            request=request,
            by=manager,
            lines=[ReceiptLineData(rl.pk, rl.quantity) for rl in request.lines.all()],
        )
        ids.append(request.pk)
        if len(ids) == count:
            break
    if len(ids) < count:
        raise RuntimeError(f"Only {len(ids)} of {count} deliveries left to return: regenerate the data set.")
    return ids


# Posting through the services -------------------------------------------------------------------------


def post_receipt(order_id: int, manager) -> None:
    from django.utils import timezone

    from inventory.models import Location
    from purchasing.models import PurchaseOrder
    from purchasing.services import goods_receipt_post
    from purchasing.services.receipts import ReceiptLineData

    order = PurchaseOrder.objects.get(pk=order_id)
    lines = list(order.lines.all())
    locations = Location.objects.in_bulk([_home(line.product_id, order.warehouse_id) for line in lines])
    goods_receipt_post(
        order=order,
        lines=[
            ReceiptLineData(
                order_line_id=line.pk,
                location=locations[_home(line.product_id, order.warehouse_id)],
                arrived_quantity=line.quantity,
                accepted_quantity=line.quantity,
            )
            for line in lines
        ],
        date=timezone.localdate(),
        by=manager,
    )


def post_delivery(order_id: int, manager) -> None:
    from django.utils import timezone

    from sales.models import SalesOrder
    from sales.services import delivery_create

    # Created and shipped in one transaction, as the raw reference does (the services read only the pk).
    delivery_create(
        order=SalesOrder(pk=order_id),
        by=manager,
        date=timezone.localdate(),
        carrier="SF",
        tracking_number=f"SF{order_id}",
        ship=True,
    )


def post_return(request_id: int, manager) -> None:
    from returns.models import ReturnLine, ReturnRequest
    from returns.services import return_request_inspect
    from returns.services.inspection import InspectionLineData

    # What the inspector's form holds: the lines and where each goes back (the service locks the request).
    lines = list(ReturnLine.objects.filter(request_id=request_id).select_related("delivery_line__location"))
    return_request_inspect(
        request=ReturnRequest(pk=request_id),
        by=manager,
        lines=[
            InspectionLineData(
                line_id=line.pk,
                accepted_quantity=line.received_quantity,
                condition="resalable",
                disposition="restock",
                location=line.delivery_line.location,
            )
            for line in lines
        ],
    )


SERVICE = {"goods receipt": post_receipt, "delivery": post_delivery, "return disposition": post_return}


# The raw psycopg reference: the same rows written and locked, without the ORM or the services ---------


def _number(cur, prefix: str) -> str:
    from django.utils import timezone

    period = timezone.localdate().strftime("%Y%m")
    cur.execute(
        "INSERT INTO common_documentsequence (prefix, period, last_value) VALUES (%s, %s, 1) "
        "ON CONFLICT (prefix, period) DO UPDATE SET last_value = common_documentsequence.last_value + 1 "
        "RETURNING last_value",
        (prefix, period),
    )
    return f"{prefix}-{period}-{cur.fetchone()[0]:04d}"


def _balances_lock(cur, keys):
    keys = sorted(set(keys))
    cur.executemany(
        "INSERT INTO inventory_stockbalance (product_id, location_id, lot_id, on_hand, reserved, value) "
        "VALUES (%s, %s, NULL, 0, 0, 0) ON CONFLICT (product_id, "
        "location_id) WHERE lot_id IS NULL DO NOTHING",
        keys,
    )
    cur.execute(
        "SELECT id, product_id, location_id, on_hand, reserved, value FROM inventory_stockbalance "
        "WHERE lot_id IS NULL AND (product_id, location_id) IN (SELECT "
        "* FROM unnest(%s::bigint[], %s::bigint[])) "
        "ORDER BY product_id, location_id, id FOR UPDATE",
        ([k[0] for k in keys], [k[1] for k in keys]),
    )
    return {(r[1], r[2]): list(r) for r in cur.fetchall()}


def _moves_write(cur, balances, moves, doc, user_id, now):
    """moves: (product, location, quantity, unit_cost or None, move_type, line_id)."""
    rows = []
    for product, location, quantity, unit_cost, move_type, line_id in moves:
        balance = balances[(product, location)]
        on_hand, value = balance[3], balance[5]
        average = value / on_hand if on_hand else ZERO
        unit = (unit_cost if unit_cost is not None else average).quantize(COST, ROUND_HALF_UP)
        move_value = (quantity * unit).quantize(COST, ROUND_HALF_UP)
        if quantity < 0 and (on_hand + quantity == 0 or move_value < -value):
            move_value = -value
        if on_hand + quantity < balance[4]:
            raise RuntimeError("not enough stock")
        balance[3], balance[5] = on_hand + quantity, value + move_value
        rows.append(
            (product, location, quantity, unit, move_value, move_type, *doc, line_id, "", now, user_id)
        )
    cur.executemany(
        "UPDATE inventory_stockbalance SET on_hand = %s, reserved = %s, value = %s WHERE id = %s",
        [(b[3], b[4], b[5], b[0]) for b in balances.values()],
    )
    cur.executemany(
        "INSERT INTO inventory_stockmove (product_id, location_id, quantity, unit_cost, value, move_type, "
        "document_type, document_id, document_number, document_line_id, note, created_at, created_by_id) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        rows,
    )
    return rows


def _log(cur, content_type_id, object_id, number, source, target, user_id, now):
    cur.execute(
        "INSERT INTO common_transitionlog (content_type_id, "
        "object_id, document_number, source, target, by_id, "
        "at, comment) VALUES (%s, %s, %s, %s, %s, %s, %s, '')",
        (content_type_id, object_id, number, source, target, user_id, now),
    )


def _audit(cur, content_type_id, object_id, text, action, changes: dict, now):
    """The audit log row the services write for a document created (action 0) or changed (1)."""
    cur.execute(
        "INSERT INTO auditlog_logentry (content_type_id, object_pk, object_id, object_repr, action, changes, "
        "changes_text, timestamp) VALUES (%s, %s, %s, %s, %s, %s, '', %s)",
        (
            content_type_id,
            str(object_id),
            object_id,
            text,
            action,
            json.dumps({key: [str(old), str(new)] for key, (old, new) in changes.items()}),
            now,
        ),
    )


def _ledger(cur, partner, entry_type, amount, date, doc, user_id, now):
    """The entry, and in the same statement its document's figures (``finance.LedgerDocument``)."""
    cur.execute(
        "WITH document AS (INSERT INTO finance_ledgerdocument AS d (partner_type, partner_id, partner_name, "
        "document_type, document_id, document_number, date, last_date, net, allocated) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, 0) "
        "ON CONFLICT (partner_type, partner_id, document_type, document_id) DO UPDATE SET "
        "net = d.net + EXCLUDED.net, date = LEAST(d.date, EXCLUDED.date), "
        "last_date = GREATEST(d.last_date, EXCLUDED.last_date), "
        "partner_name = GREATEST(d.partner_name, EXCLUDED.partner_name), "
        "document_number = GREATEST(d.document_number, EXCLUDED.document_number)) "
        "INSERT INTO finance_partnerledgerentry (partner_type, "
        "partner_id, partner_name, entry_type, amount, date, "
        "document_type, document_id, document_number, note, created_by_id, created_at) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, '', %s, %s)",
        (*partner, *doc, date, date, amount, *partner, entry_type, amount, date, *doc, user_id, now),
    )


def raw_receipt(conn, order_id: int, user_id: int, ct: dict) -> None:
    from django.utils import timezone

    now, today = timezone.now(), timezone.localdate()
    with conn.transaction(), conn.cursor() as cur:
        cur.execute(
            "SELECT o.id, o.number, o.supplier_id, o.warehouse_id, "
            "o.status, s.name FROM purchasing_purchaseorder o "
            "JOIN suppliers_supplier s ON s.id = o.supplier_id WHERE o.id = %s FOR UPDATE OF o",
            (order_id,),
        )
        _id, po_number, supplier_id, warehouse_id, status, supplier_name = cur.fetchone()
        cur.execute(
            "SELECT id, product_id, quantity, unit_price FROM "
            "purchasing_purchaseorderline WHERE order_id = %s "
            "ORDER BY id FOR UPDATE",
            (order_id,),
        )
        lines = cur.fetchall()
        number = _number(cur, "GR")
        cur.execute(
            "INSERT INTO purchasing_goodsreceipt (number, order_id, "
            "supplier_id, warehouse_id, date, note, total, "
            "created_by_id, created_at) VALUES (%s, %s, %s, %s, %s, '', 0, %s, %s) RETURNING id",
            (number, order_id, supplier_id, warehouse_id, today, user_id, now),
        )
        receipt_id = cur.fetchone()[0]
        _audit(
            cur,
            ct["goodsreceipt"],
            receipt_id,
            number,
            0,
            {"number": (None, number), "order": (None, order_id), "date": (None, today), "total": (None, 0)},
            now,
        )
        moves, total = [], ZERO
        for line_id, product_id, quantity, price in lines:
            location = _home(product_id, warehouse_id)
            amount = (quantity * price).quantize(CENT, ROUND_HALF_UP)
            total += amount
            cur.execute(
                "INSERT INTO purchasing_goodsreceiptline (receipt_id, "
                "order_line_id, product_id, location_id, "
                "arrived_quantity, accepted_quantity, rejected_quantity, quality_note, unit_price, amount) "
                "VALUES (%s, %s, %s, %s, %s, %s, 0, '', %s, %s) RETURNING id",
                (receipt_id, line_id, product_id, location, quantity, quantity, price, amount),
            )
            moves.append((product_id, location, quantity, price, "receipt", cur.fetchone()[0]))
        cur.executemany(
            "UPDATE purchasing_purchaseorderline SET received_quantity = received_quantity + %s, "
            "accepted_quantity = accepted_quantity + %s WHERE id = %s",
            [(line[2], line[2], line[0]) for line in lines],
        )
        cur.execute("UPDATE purchasing_goodsreceipt SET total = %s WHERE id = %s", (total, receipt_id))
        balances = _balances_lock(cur, [(m[0], m[1]) for m in moves])
        _moves_write(cur, balances, moves, ("purchasing.goodsreceipt", receipt_id, number), user_id, now)
        _ledger(
            cur,
            ("supplier", supplier_id, supplier_name),
            "purchase",
            total,
            today,
            ("purchasing.goodsreceipt", receipt_id, number),
            user_id,
            now,
        )
        cur.execute("UPDATE purchasing_purchaseorder SET status = 'received' WHERE id = %s", (order_id,))
        _audit(cur, ct["purchaseorder"], order_id, po_number, 1, {"status": (status, "received")}, now)
        _log(cur, ct["purchaseorder"], order_id, po_number, status, "received", user_id, now)


def raw_delivery(conn, order_id: int, user_id: int, ct: dict) -> None:
    from django.utils import timezone

    now, today = timezone.now(), timezone.localdate()
    with conn.transaction(), conn.cursor() as cur:
        cur.execute(
            "SELECT o.id, o.number, o.customer_id, o.warehouse_id, o.status, c.name FROM sales_salesorder o "
            "JOIN sales_customer c ON c.id = o.customer_id WHERE o.id = %s FOR UPDATE OF o",
            (order_id,),
        )
        _id, so_number, customer_id, warehouse_id, status, customer_name = cur.fetchone()
        cur.execute(
            "SELECT l.id, l.product_id, l.quantity, l.amount, "
            "r.location_id, r.id FROM sales_salesorderline l "
            "JOIN inventory_stockreservation r ON r.document_type = "
            "'sales.salesorder' AND r.document_id = l.order_id "
            "AND r.document_line_id = l.id WHERE l.order_id = %s ORDER BY l.id FOR UPDATE OF l",
            (order_id,),
        )
        lines = cur.fetchall()
        number = _number(cur, "DN")
        total = sum((line[3] for line in lines), ZERO)
        cur.execute(
            "INSERT INTO sales_delivery (number, order_id, customer_id, "
            "warehouse_id, date, carrier, tracking_number, "
            "note, status, total, cost_total, created_by_id, created_at, quantity_total, returned_quantity, "
            "returned_total, returned_cost_total) "
            "VALUES (%s, %s, %s, %s, %s, 'SF', %s, '', 'draft', %s, 0, %s, %s, 0, 0, 0, 0) RETURNING id",
            (number, order_id, customer_id, warehouse_id, today, f"SF{order_id}", total, user_id, now),
        )
        delivery_id = cur.fetchone()[0]
        _audit(
            cur,
            ct["delivery"],
            delivery_id,
            number,
            0,
            {
                "number": (None, number),
                "order": (None, order_id),
                "status": (None, "draft"),
                "total": (None, total),
            },
            now,
        )
        moves = []
        for line_id, product_id, quantity, amount, location_id, _r in lines:
            cur.execute(
                "INSERT INTO sales_deliveryline (delivery_id, "
                "order_line_id, product_id, location_id, quantity, "
                "amount, unit_cost, cost_amount, returned_quantity, returned_amount, returned_cost) "
                "VALUES (%s, %s, %s, %s, %s, %s, 0, 0, 0, 0, 0) RETURNING id",
                (delivery_id, line_id, product_id, location_id, quantity, amount),
            )
            moves.append((product_id, location_id, -quantity, None, "shipment", cur.fetchone()[0]))
        balances = _balances_lock(cur, [(m[0], m[1]) for m in moves])
        for line in lines:
            balances[(line[1], line[4])][4] -= line[2]  # the reservation is released
        cur.execute(
            "DELETE FROM inventory_stockreservation WHERE id = ANY(%s)", ([line[5] for line in lines],)
        )
        rows = _moves_write(cur, balances, moves, ("sales.delivery", delivery_id, number), user_id, now)
        cost_total = ZERO
        for move, row in zip(moves, rows, strict=True):
            cost = (-row[4]).quantize(CENT, ROUND_HALF_UP)
            cost_total += cost
            cur.execute(
                "UPDATE sales_deliveryline SET unit_cost = %s, cost_amount = %s WHERE id = %s",
                (row[3], cost, move[5]),
            )
        cur.executemany(
            "UPDATE sales_salesorderline SET shipped_quantity = shipped_quantity + %s WHERE id = %s",
            [(line[2], line[0]) for line in lines],
        )
        cur.execute(
            "UPDATE sales_delivery SET status = 'shipped', shipped_at = "
            "%s, shipped_by_id = %s, cost_total = %s, quantity_total = %s "
            "WHERE id = %s",
            (now, user_id, cost_total, sum((line[2] for line in lines), ZERO), delivery_id),
        )
        _audit(
            cur,
            ct["delivery"],
            delivery_id,
            number,
            1,
            {"status": ("draft", "shipped"), "shipped_at": (None, now), "cost_total": (0, cost_total)},
            now,
        )
        _log(cur, ct["delivery"], delivery_id, number, "draft", "shipped", user_id, now)
        cur.execute(
            "UPDATE sales_salesorder SET status = 'shipped', due_date = COALESCE(due_date, %s) WHERE id = %s",
            (today, order_id),
        )
        _audit(cur, ct["salesorder"], order_id, so_number, 1, {"status": (status, "shipped")}, now)
        _log(cur, ct["salesorder"], order_id, so_number, status, "shipped", user_id, now)
        _ledger(
            cur,
            ("customer", customer_id, customer_name),
            "sale",
            total,
            today,
            ("sales.delivery", delivery_id, number),
            user_id,
            now,
        )


def raw_return(conn, request_id: int, user_id: int, ct: dict) -> None:
    from django.utils import timezone

    now, today = timezone.now(), timezone.localdate()
    with conn.transaction(), conn.cursor() as cur:
        cur.execute(
            "SELECT r.id, r.number, r.customer_id, r.status, c.name FROM returns_returnrequest r "
            "JOIN sales_customer c ON c.id = r.customer_id WHERE r.id = %s FOR UPDATE OF r",
            (request_id,),
        )
        _id, number, customer_id, status, customer_name = cur.fetchone()
        cur.execute(
            "SELECT l.id, l.product_id, l.received_quantity, l.unit_price, l.unit_cost, l.delivery_line_id, "
            "d.location_id FROM returns_returnline l JOIN sales_deliveryline d ON d.id = l.delivery_line_id "
            "WHERE l.request_id = %s ORDER BY l.id",
            (request_id,),
        )
        lines = cur.fetchall()
        cur.execute(
            "SELECT id FROM sales_deliveryline WHERE id = ANY(%s) ORDER BY id FOR UPDATE",
            ([line[5] for line in lines],),
        )
        cur.executemany(
            "UPDATE sales_deliveryline SET returned_quantity = returned_quantity + %s, "
            "returned_amount = returned_amount + %s, returned_cost = returned_cost + %s WHERE id = %s",
            [
                (
                    line[2],
                    (line[2] * line[3]).quantize(CENT, ROUND_HALF_UP),
                    (line[2] * line[4]).quantize(CENT, ROUND_HALF_UP),
                    line[5],
                )
                for line in lines
            ],
        )
        cur.execute(
            "UPDATE sales_delivery d SET returned_quantity = s.quantity, returned_total = s.amount, "
            "returned_cost_total = s.cost FROM (SELECT delivery_id, SUM(returned_quantity) AS quantity, "
            "SUM(returned_amount) AS amount, SUM(returned_cost) AS cost FROM sales_deliveryline "
            "WHERE delivery_id IN (SELECT delivery_id FROM sales_deliveryline WHERE id = ANY(%s)) "
            "GROUP BY delivery_id) s WHERE d.id = s.delivery_id",
            ([line[5] for line in lines],),
        )
        credit, moves = ZERO, []
        for line_id, product_id, quantity, price, unit_cost, _dl, location_id in lines:
            refund = (quantity * price).quantize(CENT, ROUND_HALF_UP)
            credit += refund
            cur.execute(
                "UPDATE returns_returnline SET accepted_quantity = %s, "
                "condition = 'resalable', inspection_note = '', "
                "deduction = 0, refund_amount = %s, disposition = "
                "'restock', location_id = %s, loss_amount = 0 "
                "WHERE id = %s",
                (quantity, refund, location_id, line_id),
            )
            moves.append((product_id, location_id, quantity, unit_cost, "customer_return", line_id))
        cur.execute(
            "INSERT INTO returns_returnevent (request_id, kind, text, "
            "by_id, at) VALUES (%s, 'inspection', %s, %s, %s)",
            (request_id, "accepted", user_id, now),
        )
        balances = _balances_lock(cur, [(m[0], m[1]) for m in moves])
        _moves_write(cur, balances, moves, ("returns.returnrequest", request_id, number), user_id, now)
        cur.execute(
            "INSERT INTO returns_returnevent (request_id, kind, text, "
            "by_id, at) VALUES (%s, 'posting', %s, %s, %s)",
            (request_id, "restocked", user_id, now),
        )
        cur.execute(
            "UPDATE returns_returnrequest SET status = 'inspected', inspected_at = %s, inspected_by_id = %s, "
            "status_changed_at = %s, credit = %s WHERE id = %s",
            (now, user_id, now, credit, request_id),
        )
        _audit(
            cur,
            ct["returnrequest"],
            request_id,
            number,
            1,
            {"status": (status, "inspected"), "inspected_at": (None, now), "credit": (0, credit)},
            now,
        )
        _log(cur, ct["returnrequest"], request_id, number, status, "inspected", user_id, now)
        _ledger(
            cur,
            ("customer", customer_id, customer_name),
            "sales_return",
            -credit,
            today,
            ("returns.returnrequest", request_id, number),
            user_id,
            now,
        )
        refund_number = _number(cur, "RF")
        cur.execute(
            "INSERT INTO returns_refund (number, request_id, customer_id, amount, status, method, reference, "
            "overdue_notified_for, created_by_id, created_at) "
            "VALUES (%s, %s, %s, %s, 'pending', '', '', '', %s, %s) RETURNING id",
            (refund_number, request_id, customer_id, credit, user_id, now),
        )
        refund_id = cur.fetchone()[0]
        _audit(
            cur,
            ct["refund"],
            refund_id,
            refund_number,
            0,
            {"number": (None, refund_number), "request": (None, request_id), "amount": (None, credit)},
            now,
        )
        cur.execute(
            "INSERT INTO returns_returnevent (request_id, kind, text, by_id, at) "
            "VALUES (%s, 'refund', %s, %s, %s)",
            (request_id, f"Refund {refund_number} of {credit} waits for the accountant.", user_id, now),
        )


RAW = {"goods receipt": raw_receipt, "delivery": raw_delivery, "return disposition": raw_return}
PREPARE = {
    "goods receipt": prepare_receipts,
    "delivery": prepare_deliveries,
    "return disposition": prepare_returns,
}


# Running the clients -----------------------------------------------------------------------------------


def _content_types() -> dict:
    from django.contrib.contenttypes.models import ContentType

    return {
        ct.model: ct.pk
        for ct in ContentType.objects.filter(
            model__in=["purchaseorder", "goodsreceipt", "delivery", "salesorder", "returnrequest", "refund"]
        )
    }


def _client(kind: str, mode: str, ids: list[int], barrier, results) -> None:
    from django.db import connection, connections

    connections.close_all()
    _clerk, manager = _users()
    ct = _content_types()
    raw_conn = None
    if mode == "raw":
        import psycopg

        settings = connection.settings_dict
        raw_conn = psycopg.connect(
            host=settings["HOST"],
            port=settings["PORT"] or 5432,
            dbname=settings["NAME"],
            user=settings["USER"],
            password=settings["PASSWORD"] or None,
            autocommit=True,
        )

    def post(doc_id):
        if mode == "raw":
            RAW[kind](raw_conn, doc_id, manager.pk, ct)
        else:
            SERVICE[kind](doc_id, manager)

    try:
        # The first document is not timed: a server's worker has posted before (its caches of content
        # types, permissions and compiled queries are warm), a freshly forked client has not.
        post(ids[0])
        barrier.wait()
        started = time.time()
        for doc_id in ids[1:]:
            post(doc_id)
    except Exception as error:  # the parent reports it instead of waiting for this client forever
        results.put(("error", f"{type(error).__name__}: {error}", 0))
        raise
    results.put((started, time.time(), len(ids) - 1))
    if raw_conn is not None:
        raw_conn.close()
    connections.close_all()


def measure(kind: str, mode: str, clients: int, ids: list[int]) -> float:
    """Documents per second of ``clients`` processes posting ``ids`` between them (each its first one
    before the clock starts)."""
    from django.db import connections

    connections.close_all()
    # What the parent holds is frozen out of the garbage collector before forking (as pre-fork servers
    # do): otherwise each client's collections walk, and copy, the parent's objects.
    gc.collect()
    gc.freeze()
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(clients), context.Queue()
    shares = [ids[i::clients] for i in range(clients)]
    processes = [
        context.Process(target=_client, args=(kind, mode, share, barrier, results)) for share in shares
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=1800) for _ in processes]
    errors = [o[1] for o in outcomes if o[0] == "error"]
    if errors:
        for process in processes:
            process.join()
        raise RuntimeError(f"{kind} ({mode}): {errors[0]}")
    for process in processes:
        process.join()
        if process.exitcode != 0:
            raise RuntimeError(f"a {kind} client failed")
    gc.unfreeze()
    start = min(o[0] for o in outcomes)
    end = max(o[1] for o in outcomes)
    return sum(o[2] for o in outcomes) / (end - start)


def run(*, runs: int = 3, kinds=None, docs: dict | None = None) -> dict:
    """``docs``: documents per measurement by number of clients (``DOCS`` by default)."""
    from django.conf import settings

    # As a server runs them: with DEBUG on, Django also keeps the text of every statement it sends.
    settings.DEBUG = False
    docs = docs or DOCS
    result = {}
    for kind in kinds or SERVICE:
        for clients in CLIENTS:
            rates = {"service": [], "raw": []}
            for _ in range(runs):
                for mode in ("service", "raw"):
                    ids = PREPARE[kind](docs[clients] + clients)  # one more each, to warm up on
                    rates[mode].append(measure(kind, mode, clients, ids))
            service, raw = median(rates["service"]), median(rates["raw"])
            result[f"{kind}, {clients} client{'s' if clients > 1 else ''}"] = {
                "kind": kind,
                "clients": clients,
                "documents": docs[clients],
                "lines": LINES if kind != "return disposition" else 1,
                "service_per_s": round(service, 1),
                "raw_per_s": round(raw, 1),
                "ratio": round(service / raw, 2),
            }
            say(f"posting {kind} x{clients}: {result[list(result)[-1]]}")
    return result
