from django.templatetags.static import static
from django.urls import include, path
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("ocr/", include("ocr.urls", namespace="ocr_admin"))]


@hooks.register("insert_global_admin_css")
def progress_style():
    return format_html('<link rel="stylesheet" href="{}">', static("ocr/progress.css"))


@hooks.register("insert_global_admin_js")
def progress_script():
    return format_html('<script src="{}" defer></script>', static("ocr/progress.js"))
