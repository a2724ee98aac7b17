"""``Idempotency-Key`` on create calls: the first answer is stored and every repeat gets it back.

The record is inserted first, in the same transaction as the document. A second identical call made at
the same moment waits on the unique (token, key) index until the first commits, then finds the record and
replays its answer; so two calls never make two documents. Only a successful answer is kept: a refused
call rolls its record back, so the client may correct the body and send it again with the same key.
"""

import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from api.models import IdempotencyRecord

HEADER = "Idempotency-Key"
MAX_LENGTH = 255


class IdempotencyKeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"
    default_detail = gettext_lazy(
        "This Idempotency-Key was used with another request; use a new key for a new request."
    )


def fingerprint(request) -> str:
    body = json.dumps(request.data, sort_keys=True, cls=JSONEncoder).encode()
    return hashlib.sha256(request.method.encode() + b" " + request.path.encode() + b"\n" + body).hexdigest()


def _replay(record: IdempotencyRecord) -> Response:
    return Response(record.response, status=record.status_code, headers={"Idempotent-Replayed": "true"})


def _claim(token, key: str, print_: str) -> IdempotencyRecord | None:
    """Insert the placeholder record, or return the committed one another call made."""
    try:
        with transaction.atomic():
            IdempotencyRecord.objects.create(
                token=token, key=key, fingerprint=print_, status_code=0, response={}
            )
    except IntegrityError:
        return IdempotencyRecord.objects.get(token=token, key=key)
    return None


class _RefusedError(Exception):
    def __init__(self, response):
        self.response = response


def idempotent(request, create):
    """Run ``create()`` (a view's create returning a Response) at most once per token and key."""
    key = request.headers.get(HEADER, "").strip()
    if not key:
        return create()
    if len(key) > MAX_LENGTH or "\x00" in key:
        raise exceptions.ValidationError(
            {HEADER: [_("At most %(n)s characters, none of them NUL.") % {"n": MAX_LENGTH}]}
        )
    token, print_ = request.auth, fingerprint(request)
    try:
        with transaction.atomic():
            existing = _claim(token, key, print_)
            if existing is not None:
                if existing.fingerprint != print_:
                    raise IdempotencyKeyReused()
                return _replay(existing)
            response = create()
            if not status.is_success(response.status_code):
                raise _RefusedError(response)
            body = json.loads(JSONRenderer().render(response.data))
            IdempotencyRecord.objects.filter(token=token, key=key).update(
                status_code=response.status_code, response=body
            )
            return response
    except _RefusedError as refused:
        return refused.response
