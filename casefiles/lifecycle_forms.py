"""Forms of the case's progress: recording an event, a hearing, and assigning the handling unit."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casefiles.models import Agency, Hearing, HearingAgent
from casefiles.models.events import MAX_AGENTS, OWN_FORM_KINDS, CaseEventKind

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EventForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Event"),
        choices=[(value, label) for value, label in CaseEventKind.choices if value not in OWN_FORM_KINDS],
    )
    date = forms.DateField(label=gettext_lazy("Date"), widget=DATE_WIDGET)
    note = forms.CharField(label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class HearingForm(forms.ModelForm):
    """The hearing's date, who appeared for the agency, and its 1–2 agents (one row each)."""

    date = forms.DateField(label=gettext_lazy("Date of the hearing"), widget=DATE_WIDGET)
    note = forms.CharField(label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = Hearing
        fields = ["head_appeared", "head_name", "head_title", "head_is_principal", "head_spoke", "absence_explanation"]
        widgets = {"absence_explanation": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, MAX_AGENTS + 1):
            self.fields[f"agent_{number}_name"] = forms.CharField(
                label=_("Agent %(number)d: name") % {"number": number}, max_length=50, required=False
            )
            self.fields[f"agent_{number}_kind"] = forms.ChoiceField(
                label=_("Agent %(number)d: kind") % {"number": number},
                choices=[("", "---------")] + HearingAgent.Kind.choices,
                required=False,
            )
        agent_fields = [name for name in self.fields if name.startswith("agent_")]
        self.order_fields(["date", *self.Meta.fields, *agent_fields, "note"])

    def agents(self):
        rows = []
        for number in range(1, MAX_AGENTS + 1):
            name = (self.cleaned_data.get(f"agent_{number}_name") or "").strip()
            kind = self.cleaned_data.get(f"agent_{number}_kind") or ""
            if name and not kind:
                self.add_error(f"agent_{number}_kind", _("Choose what kind of agent this is."))
            elif kind and not name:
                self.add_error(f"agent_{number}_name", _("Enter the agent's name."))
            elif name:
                rows.append({"name": name, "kind": kind})
        return rows

    def clean(self):
        cleaned_data = super().clean()
        cleaned_data["agents"] = self.agents()
        # The model's clean() (run next, by the ModelForm) checks the agents with the appearance.
        self.instance.agents = [HearingAgent(**agent) for agent in cleaned_data["agents"]]
        return cleaned_data

    def appearance(self):
        return {field: self.cleaned_data[field] for field in self.Meta.fields}


class AssignForm(forms.Form):
    agency = forms.ModelChoiceField(label=gettext_lazy("Handling unit"), queryset=Agency.objects.none())
    reason = forms.CharField(
        label=gettext_lazy("Reason for overriding the suggestion"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, suggestion, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggestion = suggestion
        self.fields["agency"].queryset = Agency.objects.order_by("name")
        if suggestion.agency is not None:
            self.fields["agency"].initial = suggestion.agency.pk

    def clean(self):
        cleaned_data = super().clean()
        agency = cleaned_data.get("agency")
        overrides = agency is not None and (self.suggestion.agency is None or agency.pk != self.suggestion.agency.pk)
        if overrides and not (cleaned_data.get("reason") or "").strip():
            self.add_error(
                "reason", _("The unit differs from the one the rules suggest: give the reason for the override.")
            )
        return cleaned_data
