"""Admin URLs of search (mounted under /admin/search/ by wagtail_hooks)."""

from django.urls import path

from search.views import DocumentPageImageView, DocumentPageView, SearchView

app_name = "search_admin"
urlpatterns = [
    path("", SearchView.as_view(), name="search"),
    path("documents/<int:document_id>/pages/<int:number>/", DocumentPageView.as_view(), name="document_page"),
    path(
        "documents/<int:document_id>/pages/<int:number>/image.png",
        DocumentPageImageView.as_view(),
        name="document_page_image",
    ),
]
