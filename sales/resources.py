"""Import of customers and prospects (django-import-export), by customer code."""

from django.utils.translation import gettext_lazy as _

from common.choices import PaymentTerms
from common.resources import ChoiceWidget, DecimalWidget, ImportResource, column
from sales.choices import CustomerStage, CustomerType
from sales.models import Customer


class CustomerResource(ImportResource):
    import_title = _("Customers")
    import_permissions = ("sales.add_customer", "sales.change_customer")
    import_example = {
        "code": "C0001",
        "name": "Sunshine Supermarket",
        "customer_type": "wholesale",
        "stage": "customer",
        "contact_name": "Li Na",
        "phone": "13800138000",
        "email": "buyer@example.com",
        "address": "12 Garden Street, Hangzhou",
        "credit_limit": 50000,
        "payment_terms": "monthly",
        "language": "zh-hans",
        "note": "",
    }
    required_columns = ("code", "name")

    code = column("code")
    name = column("name")
    customer_type = column("customer_type", ChoiceWidget(CustomerType.choices), keep_when_empty=True)
    stage = column("stage", ChoiceWidget(CustomerStage.choices), keep_when_empty=True)
    contact_name = column("contact_name")
    phone = column("phone")
    email = column("email")
    address = column("address")
    credit_limit = column("credit_limit", DecimalWidget(), keep_when_empty=True)
    payment_terms = column("payment_terms", ChoiceWidget(PaymentTerms.choices), keep_when_empty=True)
    language = column(
        "language", ChoiceWidget(Customer._meta.get_field("language").choices), keep_when_empty=True
    )
    note = column("note")

    class Meta:
        model = Customer
        fields = (
            "code",
            "name",
            "customer_type",
            "stage",
            "contact_name",
            "phone",
            "email",
            "address",
            "credit_limit",
            "payment_terms",
            "language",
            "note",
        )
        import_id_fields = ("code",)
