"""Every refusal of the API in one shape::

    {"error": {"code": "invalid", "message": "Check the fields.", "fields": {"quantity": ["..."]}}}

``fields`` is empty unless the input was wrong field by field. DRF's own errors (validation,
authentication, scope and permission, throttling, 404, 405, bad JSON) and the DomainError of our
services all come out this way; a service's refusal is 409 when the document's status forbids the
action, 422 otherwise.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from common.exceptions import DocumentStateError, DomainError


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": str(message), "fields": fields or {}}}


def _texts(detail):
    """DRF's ErrorDetail tree as plain strings, keeping its shape (lists, nested dicts)."""
    if isinstance(detail, dict):
        return {str(key): _texts(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_texts(value) for value in detail]
    return str(detail)


def _validation(exc: exceptions.ValidationError) -> dict:
    detail = exc.detail
    if isinstance(detail, dict):
        fields = _texts(detail)
        general = fields.pop("non_field_errors", None)
        message = " ".join(general) if general else _("Check the fields.")
        return error_body("invalid", message, fields)
    texts = _texts(detail if isinstance(detail, list) else [detail])
    return error_body("invalid", " ".join(str(text) for text in texts) or _("Check the fields."))


def api_exception_handler(exc, context):
    if isinstance(exc, DomainError):
        fields = {exc.field: [exc.message]} if exc.field else {}
        if isinstance(exc, DocumentStateError):
            return Response(
                error_body("state_conflict", exc.message, fields), status=status.HTTP_409_CONFLICT
            )
        return Response(error_body("refused", exc.message, fields), status=422)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = _validation(exc)
        return response
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else exc.default_code
        response.data = error_body(code, exc.detail if isinstance(exc.detail, str) else _texts(exc.detail))
    return response


def not_found(request, *args, **kwargs):
    """Any other path under /api/: the same JSON 404 as a missing object."""
    return JsonResponse(error_body("not_found", _("There is nothing at this address.")), status=404)
