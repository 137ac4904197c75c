"""Routes for reviews, lessons, action items and the loop measures. Names are a contract: other
pages, the docs and the access table refer to them."""

from __future__ import annotations

from django.urls import path

from learnloop.loops.views import items, reviews

urlpatterns = [
    path("reviews/", reviews.review_list, name="reviews"),
    path("reviews/factors/", reviews.factor_categories, name="factor-categories"),
    path("teams/<slug:slug>/reviews/new/", reviews.review_create, name="review-create"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review"),
    path("reviews/<int:pk>/edit/", reviews.review_edit, name="review-edit"),
    path("reviews/<int:pk>/timeline/", reviews.review_timeline_add, name="review-timeline-add"),
    path(
        "reviews/<int:pk>/timeline/<int:entry_id>/remove/",
        reviews.review_timeline_remove,
        name="review-timeline-remove",
    ),
    path("reviews/<int:pk>/factors/", reviews.review_factor_add, name="review-factor-add"),
    path(
        "reviews/<int:pk>/factors/<int:factor_id>/remove/",
        reviews.review_factor_remove,
        name="review-factor-remove",
    ),
    path("reviews/<int:pk>/status/", reviews.review_status, name="review-status"),
    path("reviews/<int:pk>/lessons/", reviews.review_lesson_create, name="review-lesson-create"),
    path("reviews/<int:pk>/repeat/", reviews.review_repeat, name="review-repeat"),
    path("reviews/<int:pk>/export.md", reviews.review_export, name="review-export"),
    path("reviews/<int:pk>/blame-check/", reviews.review_blame_check, name="review-blame-check"),
    path("reviews/<int:pk>/flags/", reviews.review_flag, name="review-flag"),
    path("lessons/<int:pk>/", items.lesson_detail, name="lesson"),
    path("lessons/<int:pk>/edit/", items.lesson_edit, name="lesson-edit"),
    path("lessons/<int:pk>/repeat/", items.lesson_repeat, name="lesson-repeat"),
    path("lessons/<int:pk>/actions/", items.lesson_action_create, name="lesson-action-create"),
    path("actions/", items.action_items, name="action-items"),
    path("actions/<int:pk>/", items.action_item, name="action-item"),
    path("actions/<int:pk>/complete/", items.action_item_complete, name="action-item-complete"),
    path("actions/<int:pk>/drop/", items.action_item_drop, name="action-item-drop"),
    path("measures/", items.loop_measures, name="loop-measures"),
]
