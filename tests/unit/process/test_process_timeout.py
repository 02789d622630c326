"""The processing deadline counts the CPU a page takes, not the time it waits for a core."""

from __future__ import annotations

import signal
import time

import pytest

from twincrawl.process.page import Overtime, cpu_deadline


def test_waiting_does_not_count_against_the_deadline() -> None:
    started = time.monotonic()
    with cpu_deadline(0.1):
        time.sleep(0.3)  # the process waits, as it does when other jobs hold every core
    assert time.monotonic() - started >= 0.3


def test_working_past_the_deadline_stops_the_work() -> None:
    started = time.process_time()
    with pytest.raises(Overtime), cpu_deadline(0.1):
        while time.process_time() - started < 5:
            pass
    assert time.process_time() - started < 1


def test_a_cpu_alarm_set_before_is_set_again() -> None:
    signal.setitimer(signal.ITIMER_PROF, 30)
    try:
        with cpu_deadline(0.1):
            pass
        left, _ = signal.getitimer(signal.ITIMER_PROF)
        assert 29 < left <= 30.1  # the kernel rounds to its clock ticks
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
