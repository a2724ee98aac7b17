from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.db import connection, transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import CreateView, DetailView, ListView, TemplateView, UpdateView

from common.exceptions import DomainError
from common.lists import ActiveFilterForm, ListPaginator, search_queryset
from common.templatetags.common_tags import resolve


class StaffMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Every staff view needs a login and a permission; anonymous users go to the login page."""

    raise_exception = False

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            self.raise_exception = True
        return super().handle_no_permission()


def form_add_domain_error(form, error: DomainError):
    form.add_error(error.field if error.field in form.fields else None, error.message)


class StaffListView(StaffMixin, ListView):
    template_name = "common/object_list.html"
    search_fields: tuple[str, ...] = ()
    filter_form_class = ActiveFilterForm
    columns: list = []
    default_sort = None
    create_url_name = None
    title = ""
    paginator_class = ListPaginator

    def get_paginate_by(self, queryset):
        return settings.LIST_PAGE_SIZE

    def get_queryset(self):
        queryset = super().get_queryset()
        self.search_text = self.request.GET.get("q", "").strip()
        if self.search_text and self.search_fields:
            queryset = self.search(queryset, self.search_text)
        self.filter_form = (
            self.filter_form_class(self.request.GET or None) if self.filter_form_class else None
        )
        if self.filter_form is not None:
            queryset = self.filter_form.apply(queryset)
            for field, errors in self.filter_form.errors.items():
                label = self.filter_form.fields[field].label if field in self.filter_form.fields else ""
                for error in errors:
                    messages.warning(self.request, f"{capfirst(label)}: {error}" if label else error)
        sortable = {c.sort for c in self.columns if c.sort}
        self.sort = self.request.GET.get("sort", "")
        if self.sort.lstrip("-") in sortable:
            expression = self.sort.lstrip("-")
            queryset = queryset.order_by(f"-{expression}" if self.sort.startswith("-") else expression, "pk")
        elif self.default_sort:
            queryset = queryset.order_by(*self.default_sort)
        return queryset

    def search(self, queryset, text):
        return search_queryset(queryset, self.search_fields, text)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query_without_sort = query.copy()
        query_without_sort.pop("sort", None)
        context.update(
            title=self.title or self.model._meta.verbose_name_plural,
            columns=self.columns,
            search_text=self.search_text,
            searchable=bool(self.search_fields),
            filter_form=self.filter_form,
            sort=self.sort,
            query_string=query.urlencode(),
            query_without_sort=query_without_sort.urlencode(),
            create_url=reverse(self.create_url_name)
            if self.create_url_name and self.request.user.has_perm(self.create_permission())
            else None,
        )
        return context

    def create_permission(self):
        meta = self.model._meta
        return f"{meta.app_label}.add_{meta.model_name}"


class StaffDetailView(StaffMixin, DetailView):
    edit_url_name = None
    deactivate_url_name = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meta = self.model._meta
        can_change = self.request.user.has_perm(f"{meta.app_label}.change_{meta.model_name}")
        if can_change and self.edit_url_name:
            context["edit_url"] = reverse(self.edit_url_name, args=[self.object.pk])
        if can_change and self.deactivate_url_name:
            context["activation_url"] = reverse(self.deactivate_url_name, args=[self.object.pk])
        context["fields"] = [
            (field.verbose_name, resolve(self.object, field.name))
            for field in meta.fields
            if not field.auto_created and field.name != "is_active"
        ]
        return context


class StaffFormMixin(StaffMixin):
    template_name = "common/object_form.html"
    success_message = ""

    def form_valid(self, form):
        try:
            with transaction.atomic():
                self.object = self.save(form)
        except DomainError as error:
            form_add_domain_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.get_success_message())
        return HttpResponseRedirect(self.get_success_url())

    def save(self, form):
        return form.save()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if getattr(self, "object", None) and self.object.pk:
            context["form_title"] = _("Edit %(object)s") % {"object": self.object}
            context["cancel_url"] = self.object.get_absolute_url()
        else:
            context["form_title"] = _("New %(model)s") % {"model": self.model._meta.verbose_name}
            list_url = self.request.resolver_match.view_name.replace("-create", "-list")
            context["cancel_url"] = reverse(list_url)
        return context

    def get_success_message(self):
        return _("%(object)s was saved.") % {"object": self.object}


class StaffCreateView(StaffFormMixin, CreateView):
    def get_initial(self):
        """Links such as "new location in this warehouse" pre-fill the form from the query string."""
        return {**super().get_initial(), **self.request.GET.dict()}


class StaffUpdateView(StaffFormMixin, UpdateView):
    pass


class ActivationView(StaffMixin, TemplateView):
    """GET asks for confirmation; POST switches ``is_active``. Nothing referenced is ever deleted."""

    model = None
    template_name = "common/confirm.html"

    def get_permission_required(self):
        meta = self.model._meta
        return [f"{meta.app_label}.change_{meta.model_name}"]

    def get_object(self):
        return get_object_or_404(self.model, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        obj = self.get_object()
        if obj.is_active:
            question = _(
                "Deactivate %(object)s? It will no longer be offered on new documents; its history stays."
            )
            button = _("Deactivate")
        else:
            question = _("Activate %(object)s again?")
            button = _("Activate")
        return super().get_context_data(
            object=obj,
            question=question % {"object": obj},
            button=button,
            cancel_url=obj.get_absolute_url(),
            danger=obj.is_active,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        obj.is_active = not obj.is_active
        obj.save(update_fields=["is_active"])
        if obj.is_active:
            messages.success(request, _("%(object)s is active again.") % {"object": obj})
        else:
            messages.success(request, _("%(object)s was deactivated.") % {"object": obj})
        return HttpResponseRedirect(obj.get_absolute_url())


def master_data_urls(
    *,
    name,
    model,
    list_view,
    form_class,
    namespace,
    plural=None,
    detail_template=None,
    detail_view=None,
    create_view=None,
):
    """The five URLs of a master-data model: list, create, detail, edit, (de)activate."""
    meta = model._meta
    perm = f"{meta.app_label}.%s_{meta.model_name}"
    detail_view = detail_view or type(
        f"{model.__name__}DetailView",
        (StaffDetailView,),
        {
            "model": model,
            "permission_required": perm % "view",
            "template_name": detail_template or "common/object_detail.html",
            "edit_url_name": f"{namespace}:{name}-edit",
            "deactivate_url_name": f"{namespace}:{name}-activation",
        },
    )
    create_view = create_view or type(
        f"{model.__name__}CreateView",
        (StaffCreateView,),
        {"model": model, "form_class": form_class, "permission_required": perm % "add"},
    )
    update_view = type(
        f"{model.__name__}UpdateView",
        (StaffUpdateView,),
        {"model": model, "form_class": form_class, "permission_required": perm % "change"},
    )
    activation_view = type(f"{model.__name__}ActivationView", (ActivationView,), {"model": model})
    plural = plural or f"{name}s"
    list_view.create_url_name = f"{namespace}:{name}-create"
    list_view.permission_required = perm % "view"
    list_view.model = model
    return [
        path(f"{plural}/", list_view.as_view(), name=f"{name}-list"),
        path(f"{plural}/new/", create_view.as_view(), name=f"{name}-create"),
        path(f"{plural}/<int:pk>/", detail_view.as_view(), name=f"{name}-detail"),
        path(f"{plural}/<int:pk>/edit/", update_view.as_view(), name=f"{name}-edit"),
        path(f"{plural}/<int:pk>/activation/", activation_view.as_view(), name=f"{name}-activation"),
    ]


def health(request):
    """For load balancers and container health checks: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


class ContactsMixin:
    """Detail pages of partners list their contacts and, for users who may change the partner, offer a
    form to add one. ``contact_form_class`` is a ModelForm of the contact model."""

    contact_form_class = None
    contact_add_url_name = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meta = self.model._meta
        if self.request.user.has_perm(f"{meta.app_label}.change_{meta.model_name}"):
            context.setdefault("contact_form", self.contact_form_class())
            context["contact_add_url"] = reverse(self.contact_add_url_name, args=[self.object.pk])
            context["contact_delete_url_name"] = self.contact_add_url_name.replace("-add", "-delete")
        return context


class ContactAddView(StaffMixin, View):
    detail_view = None  # the partner's detail view, re-rendered with the errors beside each field
    parent_field = ""

    def get_permission_required(self):
        meta = self.detail_view.model._meta
        return [f"{meta.app_label}.change_{meta.model_name}"]

    def post(self, request, pk):
        parent = get_object_or_404(self.detail_view.model, pk=pk)
        form = self.detail_view.contact_form_class(request.POST)
        if form.is_valid():
            contact = form.save(commit=False)
            setattr(contact, self.parent_field, parent)
            contact.save()
            messages.success(request, _("Contact %(name)s added.") % {"name": contact.name})
            return HttpResponseRedirect(parent.get_absolute_url())
        view = self.detail_view()
        view.setup(request, pk=pk)
        view.object = view.get_object()
        return view.render_to_response(view.get_context_data(contact_form=form), status=400)


class ContactDeleteView(StaffMixin, View):
    detail_view = None
    contact_model = None
    parent_field = ""

    def get_permission_required(self):
        meta = self.detail_view.model._meta
        return [f"{meta.app_label}.change_{meta.model_name}"]

    def post(self, request, pk, contact_pk):
        contact = get_object_or_404(self.contact_model, pk=contact_pk, **{f"{self.parent_field}_id": pk})
        parent = getattr(contact, self.parent_field)
        contact.delete()
        messages.success(request, _("Contact %(name)s removed.") % {"name": contact.name})
        return HttpResponseRedirect(parent.get_absolute_url())


def contact_urls(*, name, detail_view, contact_model, parent_field):
    add = type("ContactAdd", (ContactAddView,), {"detail_view": detail_view, "parent_field": parent_field})
    delete = type(
        "ContactDelete",
        (ContactDeleteView,),
        {"detail_view": detail_view, "contact_model": contact_model, "parent_field": parent_field},
    )
    return [
        path(f"{name}s/<int:pk>/contacts/", add.as_view(), name=f"{name}-contact-add"),
        path(
            f"{name}s/<int:pk>/contacts/<int:contact_pk>/delete/",
            delete.as_view(),
            name=f"{name}-contact-delete",
        ),
    ]
