"""Forms of evaluation: a campaign, the rectification steps."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive.evaluation.campaigns import new_seed
from archive.models.evaluation import Campaign, Rubric, RubricState, Selection
from casefiles.models import Agency, Cause
from casefiles.roles import Role

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YEARS = (1990, 2100)


class YearsField(forms.CharField):
    """Years written as "2023, 2024" (any comma or space): a sorted list of ints; empty for every year."""

    def to_python(self, value):
        text = (super().to_python(value) or "").replace("，", ",").replace("、", ",")
        years = []
        for part in text.replace(",", " ").split():
            if not part.isdigit() or not YEARS[0] <= int(part) <= YEARS[1]:
                raise forms.ValidationError(
                    _("“%(value)s” is not a year (%(low)s–%(high)s).")
                    % {"value": part, "low": YEARS[0], "high": YEARS[1]}
                )
            years.append(int(part))
        return sorted(set(years))

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(str(year) for year in value)
        return value


class CampaignForm(forms.ModelForm):
    years = YearsField(
        label=gettext_lazy("Years"),
        required=False,
        help_text=gettext_lazy("For example 2023, 2024; empty for every year."),
    )

    class Meta:
        model = Campaign
        fields = [
            "name",
            "starts_on",
            "ends_on",
            "rubric",
            "agencies",
            "years",
            "causes",
            "archived",
            "selection",
            "sample_size",
            "seed",
            "evaluators_per_file",
            "evaluators",
            "reconcile_over",
            "rectification_days",
        ]
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "agencies": forms.CheckboxSelectMultiple,
            "causes": forms.CheckboxSelectMultiple,
            "evaluators": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "agencies": gettext_lazy("Empty for every handling unit."),
            "causes": gettext_lazy("Empty for every cause; a cause covers the causes under it."),
            "seed": gettext_lazy(
                "The sample is drawn with this seed: the same seed gives the same files. Left empty, one is made."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rubric"].queryset = Rubric.objects.filter(state=RubricState.PUBLISHED)
        self.fields["agencies"].queryset = Agency.objects.order_by("name")
        self.fields["causes"].queryset = Cause.objects.filter(parent__isnull=True).order_by("name")
        self.fields["evaluators"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, agency_memberships__role=Role.EVALUATOR)
            .distinct()
            .order_by("username")
        )
        self.fields["evaluators"].label_from_instance = _evaluator_label

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The campaign ends before it starts."))
        if ends and ends < datetime.date.today():
            self.add_error("ends_on", _("The campaign's last day is in the past."))
        if data.get("selection") == Selection.SAMPLE and not data.get("sample_size"):
            self.add_error("sample_size", _("Give how many case files to sample per agency."))
        evaluators = data.get("evaluators")
        per_file = data.get("evaluators_per_file")
        if evaluators is not None and per_file and len(evaluators) < per_file:
            self.add_error(
                "evaluators",
                _("Choose at least %(count)s evaluators (the number of evaluators per file).") % {"count": per_file},
            )
        if not (data.get("seed") or "").strip():
            data["seed"] = new_seed()
        return data


def _evaluator_label(user):
    agencies = _("、").join(sorted({m.agency.name for m in user.agency_memberships.select_related("agency")}))
    return f"{user.get_full_name() or user.username}（{agencies}）"


class ReconcileForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for the reconciled score"), widget=forms.Textarea(attrs={"rows": 3})
    )
    flagged = forms.BooleanField(label=gettext_lazy("Ask the unit to rectify"), required=False)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=gettext_lazy("What the unit rectified"), widget=forms.Textarea(attrs={"rows": 4}))


class CloseForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SendBackForm(forms.Form):
    reasons = forms.CharField(
        label=gettext_lazy("Why the answer is not enough"), widget=forms.Textarea(attrs={"rows": 3})
    )
