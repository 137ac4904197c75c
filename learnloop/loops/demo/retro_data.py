"""The demo teams' retrospectives, oldest first, team by team."""

from __future__ import annotations

from learnloop.loops.demo.retros_platform import PLATFORM_RETROS
from learnloop.loops.demo.retros_product import PRODUCT_RETROS
from learnloop.loops.demo.specs import DemoRetro

RETROS: tuple[DemoRetro, ...] = PLATFORM_RETROS + PRODUCT_RETROS
