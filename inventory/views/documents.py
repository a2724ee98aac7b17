"""Shared pieces of the document screens: a POST-only action view that calls one service."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views import View

from common.exceptions import DomainError
from common.views import StaffMixin


class DocumentActionView(StaffMixin, View):
    """POST only: load the document, call ``act``, show the outcome as a message, back to the document."""

    model = None
    success_message = ""

    def act(self, document):
        raise NotImplementedError

    def post(self, request, pk):
        document = get_object_or_404(self.model, pk=pk)
        try:
            self.act(document)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, self.success_message % {"number": document.number})
        return redirect(document.get_absolute_url())
