"""The keyboard journey of tests/test_web_keyboard.py on a phone's screen (375 px wide):
a keyboard paired with a phone or a tablet, or a window made narrow, moves through the
same pages the same way, and the focus shows everywhere. A module of its own: a fresh
demo workspace (the journey adds Ada Lovelace)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from conftest import Served
from test_web_keyboard import Keyboard, signed_in_keyboard
from test_web_keyboard import test_the_journey_by_keyboard_alone as journey

pytestmark = [pytest.mark.browser]


@pytest.fixture
def phone_keyboard(module_browser: Any, served_demo: Served) -> Iterator[Keyboard]:
    yield from signed_in_keyboard(module_browser, served_demo, "phone")


def test_the_journey_by_keyboard_alone_on_a_phone(phone_keyboard: Keyboard) -> None:
    journey(phone_keyboard)
