from django.urls import path

from families import views

app_name = "families"
urlpatterns = [
    path("", views.family_list, name="list"),
    path("add/", views.family_add, name="add"),
    path("import/", views.import_upload, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("import/example.xlsx", views.import_template, {"example": True}, name="import_example"),
    path("import/<int:upload_pk>/", views.import_review, name="import_review"),
    path("<int:pk>/", views.family_detail, name="detail"),
    path("<int:pk>/edit/", views.family_edit, name="edit"),
    path("<int:pk>/<slug:kind>/add/", views.record_form, name="record_add"),
    path("<int:pk>/<slug:kind>/<int:record_pk>/edit/", views.record_form, name="record_edit"),
    path("<int:pk>/<slug:kind>/<int:record_pk>/delete/", views.record_delete, name="record_delete"),
]
