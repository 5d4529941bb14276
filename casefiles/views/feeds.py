"""The deadline feed: served by its secret address, and its address shown and renewed in the admin."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from casefiles.ics import deadline_feed
from casefiles.models import DeadlineFeedToken


def serve_deadline_feed(request, token):
    """``/deadlines/<token>.ics``: no login, the token is the credential; 404 for unknown tokens and inactive users."""
    feed = DeadlineFeedToken.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    response = HttpResponse(deadline_feed(feed.user), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


def feed_url(request, feed):
    return request.build_absolute_uri(reverse("deadline_feed", args=[feed.token]))


class DeadlineFeedView(WagtailAdminTemplateMixin, TemplateView):
    """The user's own feed address, and a button to replace it (when it has leaked)."""

    page_title = gettext_lazy("Deadline calendar")
    template_name = "casefiles/deadline_feed.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(feed_url=feed_url(self.request, DeadlineFeedToken.for_user(self.request.user)))

    def post(self, request):
        DeadlineFeedToken.for_user(request.user).regenerate()
        messages.success(request, _("A new address was made; the old one no longer works."))
        return redirect("casefiles_admin:deadline_feed")


__all__ = ["DeadlineFeedView", "serve_deadline_feed"]
