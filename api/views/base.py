from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, generics, status
from rest_framework.response import Response

from api.idempotency import idempotent


class ApiView(generics.GenericAPIView):
    """``scopes`` and ``permissions`` map an HTTP method to what it needs (api.permissions)."""

    scopes: dict[str, str] = {}
    permissions: dict[str, list[str]] = {}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # PostgreSQL refuses NUL in text: such a path names nothing, such a filter is no filter.
        if any("\x00" in str(value) for value in kwargs.values()):
            raise exceptions.NotFound()
        bad = [name for name, value in request.query_params.items() if "\x00" in name + value]
        if bad:
            raise exceptions.ValidationError({name: [_("Null characters are not allowed.")] for name in bad})


class ListApiView(generics.ListAPIView, ApiView):
    pass


class RetrieveApiView(generics.RetrieveAPIView, ApiView):
    pass


class CreateMixin:
    """POST: validate ``input_serializer_class``, ``perform(data)`` calls the service, the answer is the
    created object through ``serializer_class``; repeat-safe with an Idempotency-Key."""

    input_serializer_class = None
    is_idempotent_create = True  # the schema documents the Idempotency-Key header

    def post(self, request, *args, **kwargs):
        return idempotent(request, lambda: self._create(request))

    def _create(self, request):
        incoming = self.input_serializer_class(data=request.data, context=self.get_serializer_context())
        incoming.is_valid(raise_exception=True)
        created = self.perform(incoming.validated_data)
        created = self.get_queryset().get(pk=created.pk)
        return Response(self.get_serializer(created).data, status=status.HTTP_201_CREATED)

    def perform(self, data):
        raise NotImplementedError
