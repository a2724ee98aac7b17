"""What the purchasing views share: POST-only document actions and "may this user do that now"."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django_fsm import can_proceed, has_transition_perm

from common.exceptions import DomainError
from common.views import StaffMixin


def allowed(document, transition_name: str, user) -> bool:
    """The button shows when the status allows the transition and the user holds its permission;
    the service checks both again when the button is pressed."""
    transition = getattr(document, transition_name)
    return can_proceed(transition) and has_transition_perm(transition, user)


def may_decide(document, user) -> bool:
    return allowed(document, "approve", user) and document.created_by_id != user.pk


def lines_from_formset(formset, build) -> list:
    """The filled, not deleted rows of a line formset, each turned into a service line by ``build``."""
    return [
        build(form.cleaned_data)
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class DocumentActionView(StaffMixin, View):
    """One action of a document: POST only, calls ``act``, shows the result or the refusal."""

    model = None
    success_message = ""

    def post(self, request, pk):
        document = get_object_or_404(self.model, pk=pk)
        try:
            document = self.act(document) or document
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, self.success_message % {"number": document.number})
        return redirect(document)

    def act(self, document):
        raise NotImplementedError
