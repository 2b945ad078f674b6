"""The run-chart rules (Perla, Provost and Murray 2011) and the XmR / Making Data Count reading,
against worked examples with known answers: a published example each, and hand-made series that
do and do not show each signal, with ties on the median, repeated values and too few points."""

from __future__ import annotations

import datetime as dt
import re
import statistics
from fractions import Fraction
from math import comb
from pathlib import Path

import pytest

from spreadkit.plan.figures import runchart, spc

D = dt.date


def _dates(count: int) -> list[dt.date]:
    return [D(2027, 1, 1) + dt.timedelta(days=30 * i) for i in range(count)]


def _read(values: list[float]) -> runchart.RunChart:
    return runchart.read(_dates(len(values)), values)


# median 11.5 (the middle two of 9, 10, 10, 10.5, 11, 11 | 12, 12.5, 13, 13.5, 14, 14); 9 runs
BASELINE = [10, 13, 12, 9, 14, 11, 12.5, 14, 10.5, 13.5, 11, 10]


def test_the_centre_line_is_the_median_of_the_first_twelve() -> None:
    chart = _read([*BASELINE, 20, 21, 22])
    assert (chart.median, chart.baseline_points) == (11.5, 12)
    short = _read([3, 1, 2, 5, 4, 9, 8, 7, 6, 10])
    assert (short.median, short.baseline_points) == (5.5, 10)  # all ten: fewer than twelve


def test_a_baseline_with_no_pattern_shows_no_signal() -> None:
    chart = _read(BASELINE)
    assert chart.signals == ()
    assert (chart.median, chart.useful, chart.runs, chart.runs_range) == (11.5, 12, 9, (3, 11))


def test_six_points_above_the_median_are_a_shift_five_are_not() -> None:
    shift = _read([*BASELINE, 14, 15, 14, 16, 15, 14])
    (found,) = shift.of("shift")
    assert (found.start, found.end, found.direction, found.count) == (12, 17, 1, 6)
    assert _read([*BASELINE, 14, 15, 14, 16, 15, 10]).of("shift") == ()


def test_a_point_on_the_median_neither_breaks_nor_adds_to_a_shift() -> None:
    # median of the first twelve is 11.5; 11.5 itself sits on the line
    with_tie = _read([*BASELINE, 14, 15, 14, 11.5, 16, 15, 14])
    (found,) = with_tie.of("shift")
    assert (found.start, found.end) == (12, 18)  # six above, the tie inside
    assert (found.count, found.points) == (6, (12, 13, 14, 16, 17, 18))  # the tie is not counted
    five_and_a_tie = _read([*BASELINE, 14, 15, 11.5, 14, 16, 10])
    assert five_and_a_tie.of("shift") == ()
    six_round_a_tie = _read([*BASELINE, 14, 15, 11.5, 14, 16, 15, 14, 10])
    (found,) = six_round_a_tie.of("shift")  # two above, the tie, four more above: six
    assert (found.start, found.end) == (12, 18)


def test_five_points_going_up_are_a_trend_and_repeats_count_once() -> None:
    up = _read([*BASELINE, 9, 12, 13, 14, 15])  # 10 falls to 9, then five rising
    (found,) = up.of("trend")
    assert (found.start, found.end, found.direction) == (12, 16, 1)
    assert _read([*BASELINE, 9, 12, 13, 14, 11]).of("trend") == ()  # four only
    repeated = _read([*BASELINE, 9, 12, 12, 13, 14])  # 9, 12, 13, 14: four distinct
    assert repeated.of("trend") == ()
    with_repeat = _read([*BASELINE, 9, 12, 12, 13, 14, 15])
    (found,) = with_repeat.of("trend")
    assert (found.start, found.end, found.direction) == (12, 17, 1)
    assert (found.count, found.points) == (5, (12, 13, 15, 16, 17))  # the second 12 is not


def test_a_falling_trend_is_found_too() -> None:
    (found,) = _read([*BASELINE, 16, 15, 14, 14, 12, 9]).of("trend")
    assert (found.start, found.end, found.direction) == (12, 17, -1)


def test_too_few_runs_from_the_table() -> None:
    # the 16-point example of Quality Digest (Oct 2008): runs of 7, 7, 1 and 1 points, 4 runs;
    # the paper's table expects 5 to 13 runs for 16 useful points: too few
    # (its table says 5 to 12). The article counts against the median of all 16 points.
    values = [20, 21, 22, 23, 22, 21, 20, 5, 6, 7, 6, 5, 6, 7, 19, 4]
    useful, runs, found = runchart.runs_signal(values, statistics.median(values))
    assert (useful, runs, runchart.RUNS_TABLE[16]) == (16, 4, (5, 13))
    assert found is not None and found.detail == "too few"


def test_too_many_runs_from_the_table() -> None:
    chart = _read([1, 9, 2, 8, 1, 9, 2, 8, 1, 9])
    assert (chart.useful, chart.runs, chart.runs_range) == (10, 10, (3, 9))
    assert chart.of("runs")[0].detail == "too many"
    fine = _read([1, 9, 2, 8, 1, 1, 9, 2, 8, 9])
    assert fine.of("runs") == ()


def _runs_tail_limits(useful: int, tail: Fraction = Fraction(1, 40)) -> tuple[int, int]:
    """The exact distribution of the number of runs (Swed and Eisenhart, 1943) for ``useful``
    points split as evenly as they can be above and below the median: the fewest runs with more
    than ``tail`` (2.5%) of arrangements at or below it, and the most with more than ``tail`` at or
    above it."""
    above, below = useful // 2, useful - useful // 2
    total = comb(useful, above)
    chance = {}
    for runs in range(2, useful + 1):
        k = runs // 2
        if runs % 2 == 0:
            ways = 2 * comb(above - 1, k - 1) * comb(below - 1, k - 1)
        else:
            ways = comb(above - 1, k - 1) * comb(below - 1, k) + comb(above - 1, k) * comb(
                below - 1, k - 1
            )
        chance[runs] = Fraction(ways, total)
    low = next(r for r in chance if sum(chance[x] for x in chance if x <= r) > tail)
    high = next(r for r in reversed(chance) if sum(chance[x] for x in chance if x >= r) > tail)
    return low, high


def test_the_runs_table_is_whole_ordered_and_close_to_the_exact_distribution() -> None:
    """A guard against a mistyped row, not a derivation of the paper's table: every row lies
    within one run of the exact 2.5%-a-side limits (the paper's table, from Swed and Eisenhart,
    is not exactly these), the limits never fall as the points grow, and 10 to 60 are all
    there."""
    table = runchart.RUNS_TABLE
    assert sorted(table) == list(range(10, 61))
    for useful, (low, high) in table.items():
        exact_low, exact_high = _runs_tail_limits(useful)
        assert abs(low - exact_low) <= 1 and abs(high - exact_high) <= 1, useful
        assert low < high
        if useful > 10:
            before = table[useful - 1]
            assert low >= before[0] and high >= before[1], useful
    # by hand, 5 above and 5 below: 252 arrangements, 2 with 2 runs and 8 with 3; 2/252 is under
    # 2.5%, 10/252 is over it, so fewer than 3 runs is too few (and, mirrored, more than 9)
    assert _runs_tail_limits(10) == (3, 9) == table[10]


def _runs_of(lengths: list[int]) -> list[float]:
    """Readings around a median of 0: runs of the given lengths, above and below in turn."""
    return [float(1 if i % 2 == 0 else -1) for i, n in enumerate(lengths) for _ in range(n)]


def test_the_two_rows_the_table_had_wrong_35_and_56_useful_observations() -> None:
    """The paper's Table 1 gives 12 to 24 runs for 35 useful observations and 22 to 35 for 56;
    spreadkit had 13 to 24 and 22 to 36, so 12 runs in 35 was called too few and 36 runs in 56
    was not called too many."""
    twelve = _runs_of([3] * 11 + [2])  # 35 points in 12 runs
    assert runchart.runs_signal(twelve, 0) == (35, 12, None)
    eleven = _runs_of([3] * 10 + [5])  # 35 points in 11 runs: fewer than 12, too few
    found = runchart.runs_signal(eleven, 0)[2]
    assert found is not None and found.detail == "too few"
    thirty_six = _runs_of([2] * 20 + [1] * 16)  # 56 points in 36 runs: more than 35
    useful, runs, found = runchart.runs_signal(thirty_six, 0)
    assert (useful, runs) == (56, 36) and found is not None and found.detail == "too many"
    assert runchart.runs_signal(_runs_of([2] * 21 + [1] * 14), 0) == (56, 35, None)


def test_points_on_the_median_are_not_useful_observations() -> None:
    chart = _read([1, 5, 9, 5, 1, 5, 9, 5, 1, 5, 9, 5])  # median 5: six points on it
    assert (chart.useful, chart.runs_range) == (6, None)  # under ten useful: rule not applied
    assert chart.of("runs") == ()


def test_an_astronomical_point_is_three_average_moving_ranges_from_the_median() -> None:
    values = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
    chart = _read(values)
    # median 1.5; average moving range (15 × 1 + 8 + 9) / 17 = 1.882; 10 is 8.5 away > 5.65
    (found,) = chart.of("astronomical")
    assert (found.start, found.direction) == (4, 1)
    assert _read([1, 2, 1, 2, 4, 1, 2, 1, 2, 1]).of("astronomical") == ()


def test_fewer_than_ten_points_is_too_early_to_judge() -> None:
    chart = _read([1, 1, 1, 1, 1, 1, 1, 9, 9])
    assert chart.too_early and chart.signals == ()
    assert not _read([1] * 10).too_early


# -- XmR and Making Data Count ----------------------------------------------------------------

SPIKE = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]


def test_xmr_limits_as_the_making_data_count_excel_tools_work_them_out() -> None:
    chart = spc.read(_dates(18), SPIKE)
    assert chart is not None
    # by hand: mean 35 / 18 = 1.944; moving ranges 15 × 1, 8, 9: average 32 / 17 = 1.882
    assert round(chart.mean, 2) == 1.94 and round(chart.moving_range, 3) == 1.882
    assert round(chart.upper, 2) == round(35 / 18 + 2.66 * 32 / 17, 2) == 6.95
    assert chart.points[4] == spc.Point("outside", 1)


def test_xmr_with_screening_matches_nhsrplotthedots_published_example() -> None:
    """NHSRplotthedots' vignette 'Deviations from Excel defaults' charts this series with its
    default screening and reports the mean as 1.94 and the upper process limit as 4.6."""
    chart = spc.read(_dates(18), SPIKE, screen=True)
    assert chart is not None
    assert (round(chart.mean, 2), round(chart.upper, 1), round(chart.lower, 2)) == (
        1.94,
        4.6,
        -0.72,
    )


def test_xmr_needs_fifteen_points() -> None:
    assert spc.read(_dates(14), SPIKE[:14]) is None
    assert spc.read(_dates(15), SPIKE[:15]) is not None


def _steady(count: int = 20) -> list[float]:
    return [50 + (3 if i % 2 else -3) + (i % 3) for i in range(count)]


def test_a_run_of_seven_above_the_mean_is_special_cause_improving_when_higher_is_better() -> None:
    values = [*_steady(13), 55, 56, 55, 57, 56, 55, 56]  # _steady(13) ends below the mean
    chart = spc.read(_dates(len(values)), values, direction=1)
    assert chart is not None
    assert [p.rule for p in chart.points[-7:]] == ["run"] * 7
    assert chart.variation == "improving"
    lower_is_better = spc.read(_dates(len(values)), values, direction=-1)
    assert lower_is_better is not None and lower_is_better.variation == "concerning"
    neither = spc.read(_dates(len(values)), values, direction=0)
    assert neither is not None and neither.variation == "high"
    six = [*_steady(13), 55, 56, 55, 57, 56, 55, 47]
    chart6 = spc.read(_dates(len(six)), six, direction=1)
    assert chart6 is not None and "run" not in {p.rule for p in chart6.points}


def test_a_trend_of_seven_rising_points_is_special_cause() -> None:
    values = [*_steady(14), 47, 48, 49, 50, 51, 52, 53]
    chart = spc.read(_dates(len(values)), values, direction=1)
    assert chart is not None
    assert [p.rule for p in chart.points[-7:]] == ["trend"] * 7
    assert chart.variation == "improving"
    flat = [*_steady(14), 47, 48, 49, 49, 51, 52, 53]  # an equal value breaks it
    chart2 = spc.read(_dates(len(flat)), flat, direction=1)
    assert chart2 is not None and "trend" not in {p.rule for p in chart2.points}


def test_two_of_three_near_a_limit_on_one_side() -> None:
    # mean 52.43, the two-sigma line 64.31, the upper limit 70.25: 65 is near the limit
    values = [*_steady(18), 65, 53, 65]
    chart = spc.read(_dates(len(values)), values, direction=-1)
    assert chart is not None
    assert (round(chart.near_upper, 2), round(chart.upper, 2)) == (64.31, 70.25)
    assert [p.rule for p in chart.points[-3:]] == ["two-of-three", "", "two-of-three"]
    assert chart.variation == "concerning"
    one_near = [*_steady(18), 65, 53, 50]
    chart2 = spc.read(_dates(len(one_near)), one_near, direction=-1)
    assert chart2 is not None and "two-of-three" not in {p.rule for p in chart2.points}
    across = [*_steady(18), 65, 50, 65]  # the middle point is below the mean
    chart3 = spc.read(_dates(len(across)), across, direction=-1)
    assert chart3 is not None and "two-of-three" not in {p.rule for p in chart3.points}


@pytest.mark.parametrize(
    ("target", "direction", "assurance"),
    [
        (100, 1, "missed"),  # above the upper limit, higher is better: never reached
        (100, -1, "met"),
        (0, 1, "met"),
        (0, -1, "missed"),
        (50, 1, "hit-and-miss"),
        (50, 0, ""),  # no better direction: no assurance
        (None, 1, ""),
    ],
)
def test_assurance_from_the_target_and_the_limits(
    target: float | None, direction: int, assurance: str
) -> None:
    chart = spc.read(_dates(20), _steady(), direction=direction, target=target)
    assert chart is not None and chart.assurance == assurance


# -- the worked examples of docs/measures.md, checked by hand there ---------------------------


def _xmr(values: list[float], direction: int = 1, target: float | None = None) -> spc.XmR:
    chart = spc.read(_dates(len(values)), values, direction, target)
    assert chart is not None
    return chart


def test_docs_run_of_seven_above_the_mean() -> None:
    # 10, 12 four times, 11, then seven 13s: mean 190 / 16 = 11.875; moving ranges seven 2s,
    # a 1 and a 2, six 0s: 17 / 15 = 1.133; upper limit 14.89, two-sigma line 13.88
    chart = _xmr([10, 12] * 4 + [11] + [13] * 7)
    assert (round(chart.mean, 3), round(chart.moving_range, 3)) == (11.875, 1.133)
    assert (round(chart.near_upper, 2), round(chart.upper, 2)) == (13.88, 14.89)
    assert [p.rule for p in chart.points] == [""] * 9 + ["run"] * 7
    assert chart.variation == "improving"


def test_docs_trend_of_seven_rising_points() -> None:
    # 10, 12 four times, then 10.5 up to 13.5 by halves: mean 172 / 15 = 11.467; moving ranges
    # seven 2s, 1.5 and six 0.5s: 18.5 / 14 = 1.321; upper limit 14.98
    chart = _xmr([10, 12] * 4 + [10.5, 11, 11.5, 12, 12.5, 13, 13.5])
    assert (round(chart.mean, 3), round(chart.moving_range, 3), round(chart.upper, 2)) == (
        11.467,
        1.321,
        14.98,
    )
    assert [p.rule for p in chart.points] == [""] * 8 + ["trend"] * 7
    flat = _xmr([10, 12] * 4 + [10.5, 11, 11, 11.5, 12, 12.5, 13])  # the repeated 11 breaks it
    assert "trend" not in {p.rule for p in flat.points}


def test_docs_two_of_three_beyond_the_two_sigma_line() -> None:
    # 10, 11 ten times, then 13, 11, 13: mean 247 / 23 = 10.739; moving ranges nineteen 1s and
    # three 2s: 25 / 22 = 1.136; two-sigma line 12.75, upper limit 13.76: each 13 is between
    chart = _xmr([10, 11] * 10 + [13, 11, 13])
    assert (round(chart.mean, 3), round(chart.moving_range, 3)) == (10.739, 1.136)
    assert (round(chart.near_upper, 2), round(chart.upper, 2)) == (12.75, 13.76)
    assert [p.rule for p in chart.points[-3:]] == ["two-of-three", "", "two-of-three"]


@pytest.mark.parametrize(
    ("target", "direction", "words"),
    [
        (20, 1, "if nothing changes, the target will be consistently missed"),
        (20, -1, "if nothing changes, the target will be consistently met"),
        (
            15,
            1,
            "hit and miss: if nothing changes, the target will sometimes be met, sometimes not",
        ),
        (5, 1, "if nothing changes, the target will be consistently met"),
    ],
)
def test_docs_assurance_against_limits_of_5_68_and_16_32(
    target: float, direction: int, words: str
) -> None:
    # 10, 12 ten times: mean 11, every moving range 2, limits 11 ± 5.32
    chart = _xmr([10, 12] * 10, direction, target)
    assert (chart.mean, chart.moving_range, round(chart.lower, 2), round(chart.upper, 2)) == (
        11,
        2,
        5.68,
        16.32,
    )
    assert chart.variation == "common"
    assert spc.ASSURANCE_WORDS[chart.assurance] == words


def test_docs_the_table_of_runs_is_the_one_spreadkit_uses() -> None:
    text = (Path(__file__).parents[1] / "docs" / "measures.md").read_text(encoding="utf-8")
    printed = {
        int(useful): (int(low), int(high))
        for useful, low, high in re.findall(r"\| (\d+) \| (\d+) to (\d+) ", text)
    }
    assert printed == runchart.RUNS_TABLE


def test_docs_a_repeat_breaks_the_xmr_trend_but_not_the_run_chart_trend() -> None:
    values = [10, 12] * 4 + [10.5, 11, 11, 11.5, 12, 12.5, 13]
    (found,) = _read(values).of("trend")  # 10.5, 11, 11.5, 12, 12.5, 13: six rising
    assert (found.start, found.end, found.count) == (8, 14, 6)
