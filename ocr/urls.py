from django.urls import path

from ocr import views

app_name = "ocr_admin"
urlpatterns = [path("documents/<int:document_id>/progress/", views.progress, name="progress")]
