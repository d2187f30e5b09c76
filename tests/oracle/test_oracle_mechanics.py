"""Hand-worked cases of the plan mechanics of docs/money.md §12-§15: plan (fiscal) years, a partial
first plan year, employment dates with proration, a termination, a plan version change, SPIFFs.
Every expected figure was computed by hand from the rules (the working is in the comments), not by
running the oracle; the oracle must match them to the cent, with the strict checks of
test_oracle_cases.check_case. `MECHANICS` is also replayed through the engine by test_engine_agrees.py.
"""

from __future__ import annotations

import pytest

from .rules import oracle_lines
from .test_oracle_cases import bonus, check_case, commission, history, plan

MECHANICS: dict[str, dict] = {}


def mechanic(name: str, scenario: str, hist: str, expect: dict, *, years: dict | None = None,
             absent: tuple = (), schema: int = 4) -> None:
    MECHANICS[name] = dict(scenario=f'schema_version = {schema}\nname = "{name}"\n' + scenario, history=hist,
                           targets=None, adjustments=None, expect=expect, years=years or {}, absent=absent)


def earlier(plan_text: str, role: str = "vp") -> str:
    """A plan table written with test_oracle_cases.plan for role "earlier_plans.<role>", as an earlier
    version (`[[earlier_plans.<role>]]`, §14)."""
    return (plan_text.replace(f"[roles.earlier_plans.{role}]", f"[[earlier_plans.{role}]]")
            .replace(f"[[roles.earlier_plans.{role}.components]]", f"[[earlier_plans.{role}.components]]"))


def months_from(first: str, n: int) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    return [f"{y + (m - 1 + k) // 12}-{(m - 1 + k) % 12 + 1:02d}" for k in range(n)]


def shifted(hist: str, first: str) -> str:
    """A history CSV from test_oracle_cases.history with its months relabelled to start at `first`."""
    rows = hist.strip().splitlines()
    months = months_from(first, len(rows) - 1)
    return "\n".join([rows[0]] + [m + row[7:] for m, row in zip(months, rows[1:])]) + "\n"


KINKED = "[[80, 50], [100, 100], [120, 150]]"  # 0 below 80%, a jump to 50% at 80, 150% from 120%

# 1. A July plan year (fiscal_year_start = 7): FY2025 = 2024-07..2025-06, labels FY2025-Q1..Q4.
#    vp: revenue 12M for FY2025, flat (1M a month); quarterly, annual true-up, TI 120,000 (30,000 a
#    quarter), curve KINKED. Q1 (Jul-Sep 2024) 1.2M a month = 120% -> 150% -> 45,000. Q2 (Oct-Dec)
#    0.7M = 70% -> 0. Q3 (Jan-Mar 2025) 1.0M = 100% -> 30,000. Q4 (Apr-Jun) 1.1M = 110% -> 125% ->
#    37,500. The plan year: 3.6 + 2.1 + 3.0 + 3.3 = 12.0M of 12M = 100% -> 120,000; advances 112,500;
#    true-up +7,500 at FY2025-Q4.
#    vp_m: MQLs 12,000 for FY2025 with a profile written January first: Jan-Jun 0.1 each, Jul-Oct 0.05,
#    Nov-Dec 0.1. The plan year's months take their calendar months' weights: Jul-Oct 2024 600 each,
#    Nov-Dec 1,200, Jan-Jun 2025 1,200. Quarterly, no true-up, TI 40,000 (10,000 a quarter), linear.
#    600 MQLs a month: Q1 1,800 of 1,800 = 100% -> 10,000; Q2 1,800 of 600 + 1,200 + 1,200 = 3,000 =
#    60% -> 6,000; Q3 and Q4 1,800 of 3,600 = 50% -> 5,000 each. (Weights read in plan-year order
#    would give Q1 a 3,600 target and 5,000.)
mechanic("fiscal_year_july", """fiscal_year_start = 7
[goals.revenue]
metric = "revenue"
annual_targets = { "2025" = 12000000 }
[goals.mqls]
metric = "mqls"
monthly_profile = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.1, 0.1]
annual_targets = { "2025" = 12000 }
""" + plan(bonus(curve=KINKED), true_up="annual")
         + plan(bonus(role="vp_m", name="MQLs", goal="mqls"), role="vp_m", ti=40_000),
         shifted(history(revenue=[1_200_000] * 3 + [700_000] * 3 + [1_000_000] * 3 + [1_100_000] * 3, mqls=600),
                 "2024-07"),
         {("vp", "FY2025-Q1", "component", "Revenue"): 45_000.00, ("vp", "FY2025-Q3", "component", "Revenue"): 30_000,
          ("vp", "FY2025-Q4", "component", "Revenue"): 37_500.00, ("vp", "FY2025-Q4", "true-up", "Revenue"): 7_500,
          ("vp_m", "FY2025-Q1", "component", "MQLs"): 10_000.00, ("vp_m", "FY2025-Q2", "component", "MQLs"): 6_000,
          ("vp_m", "FY2025-Q3", "component", "MQLs"): 5_000.00, ("vp_m", "FY2025-Q4", "component", "MQLs"): 5_000},
         years={("vp", 2025): dict(earned=120_000, paid=120_000), ("vp_m", 2025): dict(earned=26_000, paid=26_000)})

# 2. A history starting in April (2024-04..2025-03): 2024 is a partial plan year (Apr-Dec), 2025 open.
#    Revenue 12M a year flat (1M a month), TI 120,000 (30,000 a quarter), curve KINKED.
#    vp (annual true-up, holdback 10%): Q2 1.2M a month = 120% -> 150% -> 45,000; Q3 0.7M = 70% -> 0;
#    Q4 1.0M = 100% -> 30,000. No true-up (a re-measure of Apr-Dec would say 8.7M / 9M = 96.67% ->
#    91.67% -> 82,500). Ledger: Q2 held 4,500, pays 40,500 (holdback -4,500); Q3 ETD 45,000, held
#    4,500, pays 0; Q4 settles the partial year: held released (+4,500), due 75,000 - 40,500 = 34,500,
#    floor 34,500 - 30,000 - 4,500 = 0. 2024: earned = paid = 75,000, partial. 2025-Q1 1M a month ->
#    30,000, held 3,000 (holdback -3,000), open.
#    vp_ytd (ytd, no holdback) measures to date from the history's first month: Q2 Apr-Jun 3.6M / 3M =
#    120% -> 45,000; Q3 Apr-Sep 5.7M / 6M = 95% -> 87.5% of 60,000 = 52,500 -> +7,500; Q4 Apr-Dec 8.7M
#    / 9M = 96.666667% -> 50 + 16.666667 x 2.5 = 91.6666675% of 90,000 = 82,500.00 -> +30,000.
#    2025-Q1: 3M / 3M -> 30,000.
mechanic("partial_first_plan_year", """
[goals.revenue]
metric = "revenue"
annual_targets = { "2024" = 12000000, "2025" = 12000000 }
""" + plan(bonus(curve=KINKED), true_up="annual", extra="holdback_pct = 10")
         + plan(bonus(role="vp_ytd", curve=KINKED), role="vp_ytd", true_up="ytd"),
         shifted(history(12, revenue=[1_200_000] * 3 + [700_000] * 3 + [1_000_000] * 6), "2024-04"),
         {("vp", "2024-Q2", "component", "Revenue"): 45_000.00, ("vp", "2024-Q4", "component", "Revenue"): 30_000,
          ("vp", "2024-Q2", "payment", "holdback"): -4_500.00, ("vp", "2024-Q2", "balance", "held"): 4_500.00,
          ("vp", "2024-Q3", "balance", "held"): 4_500.00, ("vp", "2024-Q4", "payment", "holdback"): 4_500.00,
          ("vp", "2025-Q1", "component", "Revenue"): 30_000.00, ("vp", "2025-Q1", "payment", "holdback"): -3_000,
          ("vp", "2025-Q1", "balance", "held"): 3_000.00,
          ("vp_ytd", "2024-Q2", "component", "Revenue"): 45_000.00,
          ("vp_ytd", "2024-Q3", "component", "Revenue"): 7_500.00,
          ("vp_ytd", "2024-Q4", "component", "Revenue"): 30_000.00,
          ("vp_ytd", "2025-Q1", "component", "Revenue"): 30_000.00},
         years={("vp", 2024): dict(earned=75_000, paid=75_000, held=0, status="partial"),
                ("vp", 2025): dict(earned=30_000, paid=27_000, held=3_000, status="open"),
                ("vp_ytd", 2024): dict(earned=82_500, paid=82_500, status="partial"),
                ("vp_ytd", 2025): dict(earned=30_000, status="open")},
         absent=(("vp", "2024-Q4", "true-up", "Revenue"),))

# 3. A VP starting on 2024-05-12. Revenue 12M flat, quarterly, annual true-up, TI 120,000, curve
#    KINKED. Nothing before May; Q2 is cut to May-Jun and measured against the May-Jun target (2M).
#    Revenue May-Jun 1M a month (100%), Jul-Sep 1.3M (130% -> flat after 120: 150%), Oct-Dec 0.9M
#    (90% -> 75%). The span May-Dec: 2.0 + 3.9 + 2.7 = 8.6M of 8M = 107.5% -> 100 + 7.5 x 2.5 = 118.75%.
#    vp_days (proration = "days"): May f = 20/31 (the 12th to the 31st), Q2 Σf = 51/31:
#      Q2 = 100% x 120,000 x (51/31) / 12 = 16,451.6129 -> 16,451.61; Q3 150% x 30,000 = 45,000;
#      Q4 75% x 30,000 = 22,500; advances 83,951.61. Span Σf = 51/31 + 6 = 237/31:
#      118.75% x 120,000 x (237/31) / 12 = 90,786.2903 -> 90,786.29; true-up 90,786.29 - 83,951.61 = 6,834.68.
#    vp_months (proration = "months"): Q2 Σf = 2 -> 20,000; Q3 45,000; Q4 22,500; advances 87,500;
#      span 8 months: 118.75% x 80,000 = 95,000; true-up 7,500.
mechanic("employment_start_by_days_and_months", """
[goals.revenue]
metric = "revenue"
annual_targets = { "2024" = 12000000 }
[employment.vp_days]
start = "2024-05-12"
[employment.vp_months]
start = "2024-05-12"
""" + plan(bonus(role="vp_days", curve=KINKED), role="vp_days", true_up="annual", extra='proration = "days"')
         + plan(bonus(role="vp_months", curve=KINKED), role="vp_months", true_up="annual", extra='proration = "months"'),
         history(revenue=[0] * 4 + [1_000_000] * 2 + [1_300_000] * 3 + [900_000] * 3),
         {("vp_days", "2024-Q2", "component", "Revenue"): 16_451.61,
          ("vp_days", "2024-Q3", "component", "Revenue"): 45_000.00,
          ("vp_days", "2024-Q4", "component", "Revenue"): 22_500.00,
          ("vp_days", "2024-Q4", "true-up", "Revenue"): 6_834.68,
          ("vp_months", "2024-Q2", "component", "Revenue"): 20_000.00,
          ("vp_months", "2024-Q3", "component", "Revenue"): 45_000.00,
          ("vp_months", "2024-Q4", "component", "Revenue"): 22_500.00,
          ("vp_months", "2024-Q4", "true-up", "Revenue"): 7_500.00},
         years={("vp_days", 2024): dict(earned=90_786.29, paid=90_786.29),
                ("vp_months", 2024): dict(earned=95_000, paid=95_000)},
         absent=(("vp_days", "2024-Q1", "component", "Revenue"),))

# 4. A termination on 2024-08-20 (months proration: Q3 is cut to Jul-Aug, nothing after August).
#    Revenue 12M flat, linear curve, TI 120,000, quarterly, annual true-up, holdback 20%, a recoverable
#    draw of 40,000 a quarter. Revenue Q1 0.5M a month (50% -> 15,000), Q2 1.5M (150% -> 45,000), Jul-Aug
#    1M (100% x 120,000 x 2/12 = 20,000). The span Jan-Aug: 8.0M of 8M = 100% -> 80,000, true-up 0.
#    vp_forfeit (at_termination: holdback forfeit, draw_balance recover):
#      Q1 ETD 15,000, held 3,000, pay 12,000 (holdback -3,000); cash 12,000 -> top-up 28,000 (owed 28,000).
#      Q2 ETD 60,000, held 12,000, pay 36,000 (holdback -9,000); top-up 4,000 (owed 32,000).
#      Q3 closes at termination: due = 80,000 - 48,000 = 32,000; forfeited = min(32,000, cents(20% x
#      80,000) = 16,000) -> pay 16,000; holdback +12,000, holdback forfeited -16,000, floor = 16,000 -
#      20,000 - 12,000 + 16,000 = 0. Cash 16,000 -> top-up 24,000 (owed 56,000); the last recovery takes
#      it all: draw recovery -56,000, paid -16,000 (owed back). Year: earned 80,000, paid 64,000.
#    vp_pay (holdback pay, draw_balance forgive): Q3 pays due 32,000 (holdback +12,000, floor 0); top-up
#      8,000, owed 40,000, forgiven. Year: earned 80,000, paid 40,000 + 40,000 + 40,000 = 120,000.
TERMINATION = 'holdback_pct = 20\ndraw = { amount = 40000, recoverable = true }\n'
mechanic("termination_forfeit_and_recover", """
[goals.revenue]
metric = "revenue"
annual_targets = { "2024" = 12000000 }
[employment.vp_forfeit]
end = "2024-08-20"
[employment.vp_pay]
end = "2024-08-20"
""" + plan(bonus(role="vp_forfeit"), role="vp_forfeit", true_up="annual",
           extra=TERMINATION + 'at_termination = { holdback = "forfeit", draw_balance = "recover" }')
         + plan(bonus(role="vp_pay"), role="vp_pay", true_up="annual",
                extra=TERMINATION + 'at_termination = { holdback = "pay", draw_balance = "forgive" }'),
         history(revenue=[500_000] * 3 + [1_500_000] * 3 + [1_000_000] * 6),
         {(r, q, "component", "Revenue"): v for r in ("vp_forfeit", "vp_pay")
          for q, v in (("2024-Q1", 15_000), ("2024-Q2", 45_000), ("2024-Q3", 20_000))} | {
          (r, q, kind, name): v for r in ("vp_forfeit", "vp_pay") for q, kind, name, v in (
              ("2024-Q1", "payment", "holdback", -3_000), ("2024-Q1", "balance", "held", 3_000),
              ("2024-Q1", "payment", "draw top-up", 28_000), ("2024-Q1", "balance", "draw balance", 28_000),
              ("2024-Q2", "payment", "holdback", -9_000), ("2024-Q2", "balance", "held", 12_000),
              ("2024-Q2", "payment", "draw top-up", 4_000), ("2024-Q2", "balance", "draw balance", 32_000),
              ("2024-Q3", "payment", "holdback", 12_000))} | {
          ("vp_forfeit", "2024-Q3", "payment", "holdback forfeited"): -16_000.00,
          ("vp_forfeit", "2024-Q3", "payment", "draw top-up"): 24_000.00,
          ("vp_forfeit", "2024-Q3", "payment", "draw recovery"): -56_000.00,
          ("vp_pay", "2024-Q3", "payment", "draw top-up"): 8_000.00},
         years={("vp_forfeit", 2024): dict(earned=80_000, paid=64_000, held=0),
                ("vp_pay", 2024): dict(earned=80_000, paid=120_000, held=0)},
         absent=(("vp_forfeit", "2024-Q4", "component", "Revenue"),))

# 5. A plan change on 2024-07 (earlier plan Jan-Jun, current plan from July), each version trued up on
#    its own months. Revenue 12M flat (1M a month), quarterly, annual true-up.
#    Earlier plan: TI 120,000 (30,000 a quarter), curve KINKED, holdback 10%. Q1 1.2M a month = 120% ->
#    150% -> 45,000; Q2 0.7M = 70% -> 0. Its span Jan-Jun: 5.7M / 6M = 95% -> 87.5% x 120,000 x 6/12 =
#    52,500: true-up 52,500 - 45,000 = +7,500 at 2024-Q2. Ledger: Q1 held 4,500, pays 40,500; Q2 closes
#    the span: held released (+4,500), due 52,500 - 40,500 = 12,000, floor 12,000 - 7,500 - 4,500 = 0.
#    Current plan (effective_from 2024-07): TI 180,000 (45,000 a quarter), curve [[100, 100], [120, 200]],
#    no holdback. Q3 1.1M = 110% -> 150% -> 67,500; Q4 0.9M = 90% -> 0. Its span Jul-Dec: 6.0M / 6M =
#    100% -> 100% x 90,000 = 90,000: true-up +22,500 at 2024-Q4. (A whole-year re-measure would read
#    11.7M / 12M = 97.5%.) Year: earned = paid = 142,500.
mechanic("version_change_in_july", """
[goals.revenue]
metric = "revenue"
annual_targets = { "2024" = 12000000 }
""" + plan(bonus(curve="[[100, 100], [120, 200]]"), true_up="annual", ti=180_000, extra='effective_from = "2024-07"')
         + earlier(plan(bonus(role="earlier_plans.vp", curve=KINKED), role="earlier_plans.vp", true_up="annual",
                        extra="holdback_pct = 10")),
         history(revenue=[1_200_000] * 3 + [700_000] * 3 + [1_100_000] * 3 + [900_000] * 3),
         {("vp", "2024-Q1", "component", "Revenue"): 45_000.00, ("vp", "2024-Q2", "true-up", "Revenue"): 7_500,
          ("vp", "2024-Q1", "payment", "holdback"): -4_500.00, ("vp", "2024-Q1", "balance", "held"): 4_500.00,
          ("vp", "2024-Q2", "payment", "holdback"): 4_500.00,
          ("vp", "2024-Q3", "component", "Revenue"): 67_500.00, ("vp", "2024-Q4", "true-up", "Revenue"): 22_500},
         years={("vp", 2024): dict(earned=142_500, paid=142_500, held=0)})

# 6. SPIFFs. History 2024-01..2024-10 (2024 open). vp_sales quarterly, holdback 10%; vp_marketing
#    monthly; both a revenue bonus on target (TI 120,000: 30,000 a quarter, 10,000 a month), no true-up.
#    "Launch SPIFF": 5,000 to both for Jul-Sep if at least 1 launch (August has one): paid in 2024-Q3
#      and 2024-09, not held back.
#    "H1 bookings SPIFF": 1% of bookings Jan-Jun to vp_sales: 500,000.50 + 5 x 500,000 = 3,000,000.50 ->
#      30,000.005 -> 30,000.01 in 2024-Q2.
#    "Pipeline SPIFF": 2,500 to vp_marketing if pipeline Apr-Jun reaches 100% of target (24M a year, 6M
#      a quarter): 1.9M + 2M + 2M = 5.9M = 98.33% -> 0.
#    "Q4 SPIFF": Oct-Dec, pending (the history ends in October): no line.
#    vp_sales ledger (SPIFFs outside it): held 3,000 / 6,000 / 9,000 / 10,000 (Q4 is October alone:
#    10,000 earned); holdback lines -3,000, -3,000, -3,000, -1,000. Year: earned 100,000 + 35,000.01 of
#    SPIFFs, paid 90,000 + 35,000.01.
SPIFFS = """
[[spiffs]]
name = "Launch SPIFF"
roles = ["vp_sales", "vp_marketing"]
start = "2024-07"
end = "2024-09"
amount = 5000
goal = "launches"
min_actual = 1
note = "joint launch"

[[spiffs]]
name = "H1 bookings SPIFF"
roles = ["vp_sales"]
start = "2024-01"
end = "2024-06"
rate_pct = 1
goal = "bookings"

[[spiffs]]
name = "Pipeline SPIFF"
roles = ["vp_marketing"]
start = "2024-04"
end = "2024-06"
amount = 2500
goal = "pipeline"
min_attainment = 100

[[spiffs]]
name = "Q4 SPIFF"
roles = ["vp_sales"]
start = "2024-10"
end = "2024-12"
amount = 1000
"""
mechanic("spiffs", """
[goals.revenue]
metric = "revenue"
annual_targets = { "2024" = 12000000 }
[goals.bookings]
metric = "bookings"
annual_targets = { "2024" = 6000000 }
[goals.launches]
metric = "launches_delivered"
annual_targets = { "2024" = 4 }
[goals.pipeline]
metric = "pipeline_created"
annual_targets = { "2024" = 24000000 }
""" + SPIFFS + plan(bonus(role="vp_sales"), role="vp_sales", extra="holdback_pct = 10")
         + plan(bonus(role="vp_marketing"), role="vp_marketing", period="monthly"),
         history(10, bookings=[500_000.5] + [500_000] * 9, launches_delivered=[0] * 7 + [1, 0, 0],
                 pipeline_created=[2_000_000] * 3 + [1_900_000] + [2_000_000] * 6),
         {("vp_sales", f"2024-Q{q}", "component", "Revenue"): 30_000.00 for q in (1, 2, 3)} | {
          ("vp_sales", "2024-Q4", "component", "Revenue"): 10_000.00,
          ("vp_sales", "2024-Q1", "payment", "holdback"): -3_000, ("vp_sales", "2024-Q1", "balance", "held"): 3_000,
          ("vp_sales", "2024-Q2", "payment", "holdback"): -3_000, ("vp_sales", "2024-Q2", "balance", "held"): 6_000,
          ("vp_sales", "2024-Q3", "payment", "holdback"): -3_000, ("vp_sales", "2024-Q3", "balance", "held"): 9_000,
          ("vp_sales", "2024-Q4", "payment", "holdback"): -1_000, ("vp_sales", "2024-Q4", "balance", "held"): 10_000,
          ("vp_sales", "2024-Q2", "spiff", "H1 bookings SPIFF"): 30_000.01,
          ("vp_sales", "2024-Q3", "spiff", "Launch SPIFF"): 5_000.00,
          ("vp_marketing", "2024-09", "spiff", "Launch SPIFF"): 5_000.00} | {
          ("vp_marketing", f"2024-{m:02d}", "component", "Revenue"): 10_000.00 for m in range(1, 11)},
         years={("vp_sales", 2024): dict(earned=135_000.01, paid=125_000.01, held=10_000, status="open"),
                ("vp_marketing", 2024): dict(earned=105_000, paid=105_000, status="open")},
         absent=(("vp_sales", "2024-Q4", "spiff", "Q4 SPIFF"),))

# 7. A plan change that drops a commission (the engine's first disagreement, see test_engine_agrees):
#    the earlier plan (Jan-Jun) pays a revenue bonus (TI 120,000, linear) and 5% of bookings; the current
#    plan from 2024-07 pays the revenue bonus alone, both with an annual true-up. Revenue 1M a month =
#    100% -> 30,000 a quarter; each span (Jan-Jun, Jul-Dec) re-measures 6M of 6M = 100% -> 60,000: true-up
#    0; the commission has no gate, so no true-up line. Bookings 500,000 a month -> 75,000 in Q1 and Q2,
#    nothing after June.
mechanic("version_drops_a_commission", """
[goals.revenue]
metric = "revenue"
annual_targets = { "2024" = 12000000 }
[goals.bookings]
metric = "bookings"
annual_targets = { "2024" = 6000000 }
""" + plan(bonus(), true_up="annual", extra='effective_from = "2024-07"')
         + earlier(plan(bonus(role="earlier_plans.vp") + commission(role="earlier_plans.vp",
                                                                   tiers='[{ start = 0, rate = 5 }]',
                                                                   extra="target_earnings = 0"),
                        role="earlier_plans.vp", true_up="annual")),
         history(),
         {("vp", f"2024-Q{q}", "component", "Revenue"): 30_000.00 for q in (1, 2, 3, 4)} | {
          ("vp", f"2024-Q{q}", "component", "Bookings commission"): 75_000.00 for q in (1, 2)},
         years={("vp", 2024): dict(earned=270_000, paid=270_000)})


@pytest.mark.parametrize("name", list(MECHANICS))
def test_hand_worked_mechanic(name):
    c = MECHANICS[name]
    check_case(c, oracle_lines(c["scenario"], c["history"], c["targets"], c["adjustments"]))


def test_version_column_and_plan_year_labels():
    """§1 / §14: each line names its version (the earlier plan's is empty, it has no effective_from);
    monthly periods are always the month, quarters of a July plan year FY2025-Q1..Q4."""
    c = MECHANICS["version_change_in_july"]
    versions = {(ln["period"], ln["version"]) for ln in oracle_lines(c["scenario"], c["history"])}
    assert versions == {("2024-Q1", ""), ("2024-Q2", ""), ("2024-Q3", "2024-07"), ("2024-Q4", "2024-07")}
    c = MECHANICS["fiscal_year_july"]
    assert {ln["period"] for ln in oracle_lines(c["scenario"], c["history"])} == {f"FY2025-Q{q}" for q in (1, 2, 3, 4)}
    monthly = c["scenario"].replace('measurement_period = "quarterly"', 'measurement_period = "monthly"')
    lines = oracle_lines(monthly, c["history"])
    assert {(ln["period"], ln["year"]) for ln in lines if ln["period"] in ("2024-07", "2025-06")} == {
        ("2024-07", 2025), ("2025-06", 2025)}


def test_fiscal_score_periods():
    """§12: objective scores are written in plan-year form: with a July plan year, FY2025-Q1 is Jul-Sep 2024.
    An objectives component (weight 100, TI 120,000: 30,000 a quarter) scored 150 for FY2025-Q1 and 50
    for FY2025-Q2 pays 45,000 and 15,000 (a calendar reading, 2024-Q3, would find no score)."""
    scenario = """schema_version = 4
name = "fy scores"
fiscal_year_start = 7
[goals.launch]
metric = "objective"
scoring = { scored = "quarterly" }
[[scores]]
goal = "launch"
period = "FY2025-Q1"
score = 150
[[scores]]
goal = "launch"
period = "FY2025-Q2"
score = 50
""" + plan("""
[[roles.vp.components]]
kind = "objectives"
name = "Launch"
weight = 100
objectives = [{ goal = "launch", weight = 100 }]
""")
    lines = {ln["period"]: ln["earned_cents"] for ln in oracle_lines(scenario, shifted(history(6), "2024-07"))
             if ln["line"] == "component"}
    assert lines == {"FY2025-Q1": 4_500_000, "FY2025-Q2": 1_500_000}


def test_spiff_unmeasurable_and_unemployed():
    """§15: a window starting before the history is not paid; a role not employed in the `end` month is not
    paid (vp_marketing leaves on 2024-08-31: the Launch SPIFF ending in September is not paid to it; the
    Pipeline SPIFF ending in June is measured, and not met)."""
    c = MECHANICS["spiffs"]
    scenario = c["scenario"].replace('start = "2024-01"\nend = "2024-06"', 'start = "2023-12"\nend = "2024-06"')
    assert not [ln for ln in oracle_lines(scenario, c["history"]) if ln["component"] == "H1 bookings SPIFF"]
    scenario = c["scenario"].replace("[[spiffs]]", '[employment.vp_marketing]\nend = "2024-08-31"\n\n[[spiffs]]', 1)
    spiffs = {(ln["role"], ln["component"]) for ln in oracle_lines(scenario, c["history"]) if ln["line"] == "spiff"}
    assert spiffs == {("vp_sales", "Launch SPIFF"), ("vp_sales", "H1 bookings SPIFF"), ("vp_marketing", "Pipeline SPIFF")}
