from learnloop.core.benchmarks import Timing, time_calls


def test_timing_reports_median_p95_and_ratio():
    timing = Timing(tuple(float(n) for n in range(1, 101)))
    assert timing.median == 50.5
    assert timing.p95 == 95.0
    assert timing.ratio(Timing((25.25,))) == 2.0


def test_time_calls_times_every_argument_once_after_a_warmup():
    seen = []
    timing = time_calls(seen.append, [1, 2, 3], warmup=1)
    assert seen == [1, 1, 2, 3]
    assert len(timing.samples) == 3
