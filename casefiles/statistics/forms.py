"""The statistics page's choice of agency and period; the same parameters name a report to download."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from casefiles import access
from casefiles.statistics import periods


class StatisticsForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=None,
        required=False,
        empty_label=_("All agencies"),
        error_messages={"invalid_choice": _("There are no statistics of this agency for you to see.")},
    )
    year = forms.CharField(label=_("Year"), max_length=10, widget=forms.NumberInput(attrs={"min": periods.FIRST_YEAR}))
    period = forms.CharField(label=_("Period"), widget=forms.Select(choices=periods.part_choices()))

    def __init__(self, data, *, user, today):
        self.today = today
        super().__init__(data)
        self.user = user
        self.fields["agency"].queryset = access.statistics_agencies(user).order_by("name")
        self.fields["year"].widget.attrs["max"] = today.year

    @classmethod
    def for_request(cls, request, today):
        """The form bound to the request's parameters, or to the current year when it names none."""
        data = request.GET
        if not any(name in data for name in ("agency", "year", "period")):
            data = {"year": str(today.year), "period": periods.YEAR}
        return cls(data, user=request.user, today=today)

    def clean(self):
        cleaned_data = super().clean()
        if "year" in cleaned_data and "period" in cleaned_data:
            try:
                period = periods.parse(cleaned_data["year"], cleaned_data["period"], self.today)
                cleaned_data["reporting_period"] = period
            except ValidationError as e:
                self.add_error("year" if e.code == "year" else "period", e)
        return cleaned_data

    def scope(self):
        """The case files counted: those the user may see, of the chosen agency when one is chosen."""
        case_files = access.statistics_case_files(self.user)
        agency = self.cleaned_data.get("agency")
        if agency is not None:
            case_files = case_files.filter(path__startswith=agency.case_library.path)
        return case_files

    def agencies(self):
        """The agencies the tables list even with nothing to count."""
        agency = self.cleaned_data.get("agency")
        return [agency] if agency is not None else list(self.fields["agency"].queryset)

    def query(self, **changes):
        """The form's parameters as a query string, with ``changes``."""
        agency = self.cleaned_data.get("agency")
        period = self.cleaned_data["reporting_period"]
        values = {"agency": agency.pk if agency else "", "year": period.year, "period": period.part, **changes}
        return urlencode(values)
