"""The sharing view of a case file: who holds which access; grant and revoke."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casefiles import access
from casefiles.roles import CHANGE, SHARE, VIEW
from casefiles.views.case_files import CaseFileView


class GrantForm(forms.Form):
    user = forms.ModelChoiceField(label=gettext_lazy("User"), queryset=get_user_model().objects.none(), required=False)
    group = forms.ModelChoiceField(label=gettext_lazy("Group"), queryset=Group.objects.none(), required=False)
    level = forms.ChoiceField(
        label=gettext_lazy("Access"),
        choices=[(VIEW, gettext_lazy("View")), (CHANGE, gettext_lazy("View and edit"))],
        initial=VIEW,
    )
    until = forms.DateField(
        label=gettext_lazy("Until (inclusive)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Leave empty for access without an end."),
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.filter(is_active=True).order_by("username")
        self.fields["group"].queryset = Group.objects.order_by("name")

    def clean(self):
        cleaned_data = super().clean()
        if bool(cleaned_data.get("user")) == bool(cleaned_data.get("group")):
            raise forms.ValidationError(_("Choose either a user or a group."))
        until = cleaned_data.get("until")
        if until is not None:
            if until < timezone.localdate():
                self.add_error("until", _("The end of the access must be in the future."))
            # Access lasts to the end of the chosen day, local time.
            end = datetime.datetime.combine(until + datetime.timedelta(days=1), datetime.time.min)
            cleaned_data["until_at"] = timezone.make_aware(end)
        return cleaned_data


class SharingView(CaseFileView):
    template_name = "casefiles/sharing.html"
    header_icon = "group"
    page_title = gettext_lazy("Sharing")

    @property
    def can_share(self):
        return access.can(self.request.user, SHARE, self.case_file)

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items() + [{"url": "", "label": _("Sharing")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            case_file=self.case_file,
            holders=access.holders(self.case_file),
            global_holders=[access.holder_label(group=group) for group in access.global_holders()],
            can_share=self.can_share,
            form=kwargs.get("form") or GrantForm(),
        )
        return context

    def post(self, request, case_file_id):
        if not self.can_share:
            raise PermissionDenied
        if request.POST.get("action") == "revoke":
            return self._revoke(request)
        form = GrantForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        try:
            access.grant(
                self.case_file,
                data["level"],
                user=data.get("user"),
                group=data.get("group"),
                until=data.get("until_at"),
                by=request.user,
                reason=data.get("reason", ""),
            )
        except access.GrantError as e:
            form.add_error(None, str(e))
            return self.render_to_response(self.get_context_data(form=form))
        access.forget(request.user)
        messages.success(request, _("Access granted."))
        return redirect("casefiles_admin:sharing", self.case_file.pk)

    def _revoke(self, request):
        kind = request.POST.get("kind")
        model = {"user": get_user_model(), "group": Group}.get(kind)
        holder = model.objects.filter(pk=request.POST.get("holder")).first() if model else None
        if holder is None:
            messages.error(request, _("There is no such access to revoke."))
            return redirect("casefiles_admin:sharing", self.case_file.pk)
        try:
            access.revoke(self.case_file, by=request.user, reason=request.POST.get("reason", ""), **{kind: holder})
        except access.GrantError as e:
            messages.error(request, str(e))
        else:
            access.forget(request.user)
            messages.success(request, _("Access revoked."))
        return redirect("casefiles_admin:sharing", self.case_file.pk)
