from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions

from api.pagination import ApiCursorPagination
from api.scopes import Scope
from api.serializers.partners import CustomerCreateSerializer, CustomerSerializer, SupplierSerializer
from api.views.base import CreateMixin, ListApiView, RetrieveApiView
from sales.forms import CustomerForm
from sales.models import Customer
from suppliers.models import Supplier

CODE = OpenApiParameter("code", str, description=_("Exact code."))


class CodePagination(ApiCursorPagination):
    ordering = "code"


class CustomerMixin:
    serializer_class = CustomerSerializer
    scopes = {"GET": Scope.ORDERS_READ, "POST": Scope.ORDERS_WRITE}
    permissions = {"GET": ["sales.view_customer"], "POST": ["sales.add_customer"]}
    queryset = Customer.objects.all()


@extend_schema(parameters=[CODE])
class CustomerListView(CustomerMixin, CreateMixin, ListApiView):
    """Customers; POST creates one with the checks of the customer screen."""

    pagination_class = CodePagination
    input_serializer_class = CustomerCreateSerializer

    def filter_queryset(self, queryset):
        if code := self.request.query_params.get("code"):
            queryset = queryset.filter(code=code)
        return queryset

    @extend_schema(request=CustomerCreateSerializer, responses={201: CustomerSerializer})
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    def perform(self, data):
        defaults = {field.name: field.get_default() for field in Customer._meta.fields}
        form = CustomerForm(data={**{name: defaults[name] for name in CustomerForm.Meta.fields}, **data})
        if not form.is_valid():
            raise exceptions.ValidationError({field: list(errors) for field, errors in form.errors.items()})
        return form.save()


class CustomerDetailView(CustomerMixin, RetrieveApiView):
    pass


class SupplierMixin:
    serializer_class = SupplierSerializer
    scopes = {"GET": Scope.PURCHASING_READ}
    permissions = {"GET": ["suppliers.view_supplier"]}
    queryset = Supplier.objects.all()


@extend_schema(parameters=[CODE])
class SupplierListView(SupplierMixin, ListApiView):
    pagination_class = CodePagination

    def filter_queryset(self, queryset):
        if code := self.request.query_params.get("code"):
            queryset = queryset.filter(code=code)
        return queryset


class SupplierDetailView(SupplierMixin, RetrieveApiView):
    pass
