"""The OpenAPI description: the token scheme, the error shape on every operation, the idempotency header."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from api.idempotency import HEADER


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Stable, for programs: invalid, not_found, scope_missing, …"))
    message = serializers.CharField(help_text=_("For people, in the language of Accept-Language."))
    fields = serializers.DictField(child=serializers.JSONField(), help_text=_("Field name: messages."))


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


ERROR_CODES = {
    "GET": ("400", "401", "403", "404", "429"),
    "POST": ("400", "401", "403", "404", "409", "415", "422", "429"),
}

IDEMPOTENCY_PARAMETER = OpenApiParameter(
    HEADER,
    str,
    OpenApiParameter.HEADER,
    description=_(
        "Optional. Repeating a create call with the same key returns the first answer and creates nothing "
        "more; the same key with another body is refused (422)."
    ),
)


class ApiAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in ERROR_CODES.get(self.method, ERROR_CODES["POST"]):
            responses.setdefault(
                code, self._get_response_for_code(ErrorSerializer, code, direction=direction)
            )
        return responses

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.method == "POST" and getattr(self.view, "is_idempotent_create", False):
            parameters.append(IDEMPOTENCY_PARAMETER)
        return parameters


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(
                _("An API key from the API tokens screen, sent as `Authorization: Bearer <key>`.")
            ),
        }
