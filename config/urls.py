from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from casefiles.views.feeds import serve_deadline_feed

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Calendar apps fetch a user's deadlines here; the secret token is the credential.
    re_path(r"^deadlines/(?P<token>[A-Za-z0-9_-]+)\.ics$", serve_deadline_feed, name="deadline_feed"),
    # The public site's pages for search engines (the case tree is outside the Site: never listed).
    path("sitemap.xml", sitemap, name="sitemap"),
    # Wagtail's page serving comes last: it matches every remaining path.
    path("", include(wagtail_urls)),
]
