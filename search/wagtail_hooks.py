from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.search import SearchArea


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("search/", include("search.urls", namespace="search_admin"))]


@hooks.register("register_admin_menu_item")
def search_menu_item():
    return MenuItem(gettext_lazy("Full-text search"), reverse("search_admin:search"), icon_name="search", order=150)


class CaseFileSearchArea(SearchArea):
    def is_shown(self, request):
        return request.user.is_authenticated


@hooks.register("register_admin_search_area")
def case_file_search_area():
    # The lowest order: the sidebar's search box searches case files by their text.
    return CaseFileSearchArea(
        gettext_lazy("Case files (full text)"),
        reverse("search_admin:search"),
        name="casefiles",
        icon_name="folder-open-inverse",
        order=1,
    )


@hooks.register("insert_global_admin_css")
def search_style():
    return format_html('<link rel="stylesheet" href="{}">', static("search/search.css"))
