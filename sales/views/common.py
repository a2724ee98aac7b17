"""Pieces shared by the sales views."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views import View

from common.exceptions import DomainError
from common.views import StaffMixin


class DocumentActionView(StaffMixin, View):
    """POST only: one service call on one document, a message, back to the document."""

    model = None
    http_method_names = ["post"]
    success_message = ""

    def act(self, document):
        raise NotImplementedError

    def post(self, request, pk):
        document = get_object_or_404(self.model, pk=pk)
        try:
            result = self.act(document)
        except DomainError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(document.get_absolute_url())
        messages.success(request, self.success_message % {"number": document.number})
        return HttpResponseRedirect(self.success_url(result or document))

    def success_url(self, result):
        return type(result).objects.get(pk=result.pk).get_absolute_url()
