from django.urls import path

from . import views

P = "patients/<int:patient_id>/supplies/"

urlpatterns = [
    path(P, views.supply_list, name="supply-list"),
    path(f"{P}new/", views.supply_add, name="supply-add"),
    path(f"{P}<int:supply_id>/correct/", views.supply_correct, name="supply-correct"),
    path(f"{P}<int:supply_id>/void/", views.supply_void, name="supply-void"),
    path(f"{P}arrangement/", views.arrangement_edit, name="arrangement-edit"),
    path(f"{P}appointments/new/", views.appointment_add, name="appointment-add"),
    path(f"{P}appointments/<int:appointment_id>/cancel/", views.appointment_cancel,
         name="appointment-cancel"),
]
