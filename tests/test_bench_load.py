"""The load run's own honesty: it starts every user's clock together and cannot pass having measured nothing."""

import threading
import time

from bench.load import run_problems, start_line


def _results(**overrides) -> dict:
    results = {"users": 10, "sign_ins": 10, "seconds": 60.0, "think": [1.0, 5.0], "requests": []}
    results.update(overrides)
    return results


def test_the_start_time_is_set_before_any_user_is_released():
    ready, start_at = start_line(4)
    seen = []

    def user():
        ready.wait(timeout=10)
        seen.append(start_at[0])

    threads = [threading.Thread(target=user) for _ in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(0.05)
    before = time.monotonic()
    ready.wait(timeout=10)
    for thread in threads:
        thread.join()
    assert len(seen) == 3
    assert all(value >= before for value in seen)


def test_a_run_with_no_requests_fails():
    assert run_problems(_results()) == ["0 requests made, fewer than the 60 its users imply"]


def test_a_run_whose_users_made_their_share_passes():
    requests = [["family list", 20.0, None]] * 60
    assert run_problems(_results(requests=requests)) == []


def test_a_failed_sign_in_fails_the_run():
    requests = [["family list", 20.0, None]] * 200
    assert run_problems(_results(sign_ins=9, requests=requests)) == ["only 9 of 10 users signed in"]


def test_sign_in_errors_are_not_counted_as_requests_made():
    requests = [["sign-in", 0.0, "could not sign in"]] * 100
    assert run_problems(_results(requests=requests))[0].startswith("0 requests made")
