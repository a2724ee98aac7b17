"""The import pages: choose a kind, upload a file, read its preview, confirm; one flow for every kind."""

from datetime import date
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from common.exceptions import DomainError
from common.forms import StyledForm
from common.views import StaffMixin
from reports import framework, imports
from reports.choices import ImportStatus, RowStatus
from reports.excel import xlsx_response
from reports.models import ImportJob


class ImportIndexView(LoginRequiredMixin, TemplateView):
    template_name = "reports/import_index.html"

    def get_context_data(self, **kwargs):
        kinds = [
            {
                "title": resource_class.import_title,
                "url": reverse(f"imports:{kind}"),
                "template_url": reverse("imports:template", args=[kind]),
            }
            for kind, resource_class in imports.kinds_for(self.request.user)
        ]
        jobs = ImportJob.objects.filter(created_by=self.request.user)[:20]
        titles = {kind: cls.import_title for kind, cls in imports.IMPORT_KINDS.items()}
        recent = [{"job": job, "title": titles.get(job.kind, job.kind)} for job in jobs]
        return super().get_context_data(kinds=kinds, recent=recent, **kwargs)


class ImportKindMixin(StaffMixin):
    def dispatch(self, request, *args, **kwargs):
        self.kind = kwargs["kind"]
        if self.kind not in imports.IMPORT_KINDS:
            raise Http404
        self.resource_class = imports.IMPORT_KINDS[self.kind]
        return super().dispatch(request, *args, **kwargs)

    def get_permission_required(self):
        return list(self.resource_class.import_permissions)


class UploadForm(StyledForm):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "Excel (.xlsx) or CSV (UTF-8 or GBK), at most 5 MB; the first line holds the headings."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > imports.MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": imports.MAX_FILE_BYTES // (1024 * 1024)}
            )
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload an Excel (.xlsx) or CSV (.csv) file."))
        return upload


class ImportUploadView(ImportKindMixin, FormView):
    template_name = "reports/import_upload.html"
    form_class = UploadForm

    def get_context_data(self, **kwargs):
        resource_class = self.resource_class
        return super().get_context_data(
            title=resource_class.import_title,
            kind=self.kind,
            columns=[
                {
                    "key": key,
                    "label": resource_class.column_label(key),
                    "required": key in resource_class.required_keys(),
                }
                for key in resource_class.column_keys()
            ],
            template_url=reverse("imports:template", args=[self.kind]),
            **kwargs,
        )

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            job = imports.import_job_create(
                kind=self.kind, file_name=upload.name, content=upload.read(), by=self.request.user
            )
        except DomainError as error:
            form.add_error("file", error.message)
            return self.form_invalid(form)
        return HttpResponseRedirect(reverse("imports:job", args=[job.pk]))


class ImportTemplateView(ImportKindMixin, View):
    """An Excel file with the headings in the user's language and one example row."""

    def get(self, request, *args, **kwargs):
        resource_class = self.resource_class
        columns = [
            framework.Column(
                key,
                resource_class.column_label(key),
                width=max(14, len(resource_class.column_label(key)) * 2),
            )
            for key in resource_class.column_keys()
        ]
        example = [resource_class.import_example.get(key) for key in resource_class.column_keys()]
        example_columns = [
            framework.Column(c.key, c.label, kind=_example_kind(value), width=c.width)
            for c, value in zip(columns, example, strict=True)
        ]
        return xlsx_response(
            filename=f"import-{self.kind}.xlsx",
            title=resource_class.import_title,
            columns=example_columns,
            rows=[example],
        )


def _example_kind(value) -> str:
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return "integer" if value == int(value) else "cost"
    if isinstance(value, date):
        return "date"
    return "text"


class ImportJobView(StaffMixin, TemplateView):
    """The preview of an uploaded file, and after confirmation the result."""

    template_name = "reports/import_job.html"
    page_size = 100

    @cached_property
    def job(self):
        """Only the user who uploaded a file sees it; the lookup runs after the login check."""
        return get_object_or_404(ImportJob, pk=self.kwargs["pk"], created_by=self.request.user)

    @cached_property
    def resource_class(self):
        return imports.IMPORT_KINDS[self.job.kind]

    def get_permission_required(self):
        return list(self.resource_class.import_permissions)

    def get_context_data(self, **kwargs):
        job = self.job
        outcome = job.outcome
        only = self.request.GET.get("only", "")
        rows = outcome.get("rows", [])
        if only == "problems":
            rows = [row for row in rows if row["status"] == RowStatus.ERROR]
        elif only == "changes":
            rows = [row for row in rows if row["status"] in (RowStatus.NEW, RowStatus.UPDATE)]
        page = Paginator(rows, self.page_size).get_page(self.request.GET.get("page"))
        totals = outcome.get("totals", {})
        return super().get_context_data(
            job=job,
            title=self.resource_class.import_title,
            outcome=outcome,
            totals=[(label, totals.get(str(status), 0), str(status)) for status, label in RowStatus.choices],
            page_obj=page,
            paginator=page.paginator,
            only=only,
            query_string=f"only={only}" if only else "",
            can_confirm=job.status == ImportStatus.PREVIEWED and outcome.get("ok"),
            previewed=job.status == ImportStatus.PREVIEWED,
            upload_url=reverse(f"imports:{job.kind}"),
            **kwargs,
        )


class ImportConfirmView(StaffMixin, View):
    @cached_property
    def job(self):
        return get_object_or_404(ImportJob, pk=self.kwargs["pk"], created_by=self.request.user)

    def get_permission_required(self):
        return list(imports.IMPORT_KINDS[self.job.kind].import_permissions)

    def post(self, request, pk):
        try:
            job = imports.import_job_confirm(job=self.job, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("imports:job", pk=pk)
        totals = job.outcome["totals"]
        if job.status == ImportStatus.IMPORTED:
            messages.success(
                request,
                _("Imported: %(new)s new, %(update)s updated, %(skip)s unchanged.")
                % {"new": totals["new"], "update": totals["update"], "skip": totals["skip"]},
            )
        else:
            messages.error(
                request,
                _("Nothing was imported: %(count)s rows are refused. Correct them and upload the file again.")
                % {"count": totals["error"] or len(job.outcome["errors"])},
            )
        return redirect("imports:job", pk=pk)
