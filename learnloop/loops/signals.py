"""Signals the loop sends so apps built on it can react without the loop importing them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent by the lesson page after a person opened a lesson they may see: sender=Lesson, lesson=, viewer=.
lesson_viewed = Signal()
