from django.urls import path

from . import site_views, views

urlpatterns = [
    path("patients/<int:patient_id>/doses/", views.dose_list, name="dose-list"),
    path("patients/<int:patient_id>/doses/new/", views.dose_add, name="dose-add"),
    path("patients/<int:patient_id>/doses/<int:dose_id>/", views.dose_detail, name="dose-detail"),
    path("patients/<int:patient_id>/doses/<int:dose_id>/correct/", views.dose_correct,
         name="dose-correct"),
    path("patients/<int:patient_id>/doses/<int:dose_id>/void/", views.dose_void,
         name="dose-void"),
    path("patients/<int:patient_id>/doses/timeline/", site_views.dose_timeline,
         name="dose-timeline"),
    path("patients/<int:patient_id>/sites/", site_views.site_usage, name="site-usage"),
    path("patients/<int:patient_id>/sites/avoid/", site_views.site_avoid, name="site-avoid"),
    path("patients/<int:patient_id>/sites/avoid/<int:avoidance_id>/lift/",
         site_views.site_avoid_lift, name="site-avoid-lift"),
]
