"""Chart builders: pure functions from tables to altair charts (testable through to_dict()).

Pages draw them through `drawn(builder, *args)`: each chart is built and converted to its Vega-Lite spec
once per content (altair validates every encoding and the whole spec against its JSON schema, some 10-20 ms
a chart), then read from a small per-process cache on the next rerun that draws the same chart.
"""

from __future__ import annotations

import copy
import hashlib
import threading
from collections import OrderedDict

import altair as alt
import numpy as np
import pandas as pd

ROLE_COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"]


# legends under the chart, one entry a row: the plot keeps its width, and no entry is cut when narrow
BOTTOM = alt.Legend(orient="bottom", title=None, columns=1, labelLimit=400)
# room above the plot for its title: Streamlit sizes a chart to its plot, and a title drawn above it is cut
TITLE_PADDING = {"top": 28, "left": 5, "right": 5, "bottom": 5}


def titled(chart, title: str, **props):
    """A chart with its title inside the chart's own box (anchored left, never cut by what is above)."""
    return chart.properties(title=alt.TitleParams(title, anchor="start", fontSize=13, offset=8),
                            padding=TITLE_PADDING, **props)  # legends under the chart: the plot keeps its width when narrow


def money_format(currency: str = "USD", decimals: int = 0) -> str:
    """A d3 format for money in tooltips and axes: '$,.0f' for dollars (the symbol), ',.0f' otherwise."""
    return f"{'$' if currency == 'USD' else ''},.{decimals}f"


def _vp_scale(vps: list[str], extra: dict[str, str] | None = None) -> alt.Scale:
    """The same colour for a VP on every chart (VPs in alphabetical order, as altair sorts them)."""
    names = sorted(vps)
    colors = ROLE_COLORS[:len(names)]
    for name, color in (extra or {}).items():
        names.append(name)
        colors.append(color)
    return alt.Scale(domain=names, range=colors)


def _period_end(period: str) -> pd.Timestamp:
    """Last day of a period label: 2024-03, 2024-Q1 or 2024."""
    if "-Q" in period:
        y, q = period.split("-Q")
        return pd.Timestamp(int(y), int(q) * 3, 1) + pd.offsets.MonthEnd(0)
    if len(period) == 4:
        return pd.Timestamp(int(period), 12, 31)
    return pd.Timestamp(period + "-01") + pd.offsets.MonthEnd(0)


def with_titles(df: pd.DataFrame, titles: dict[str, str]) -> pd.DataFrame:
    return df.assign(vp=df["role"].map(titles).fillna(df["role"]))


def payout_timeline(periods: pd.DataFrame, titles: dict[str, str], *, pct: bool = False,
                    currency: str = "USD") -> alt.Chart:
    """Earned per VP per period (each on its own measurement period), in money or as % of target."""
    df = with_titles(periods, titles)
    df = df.assign(period_end=df["period"].map(_period_end))
    sel = alt.selection_point(fields=["vp"], bind="legend")
    base = alt.Chart(df).encode(
        x=alt.X("period_end:T", title="Period end", axis=alt.Axis(format="%b %Y", labelAngle=-30)),
        color=alt.Color("vp:N", title="VP", legend=BOTTOM, scale=_vp_scale(df["vp"].unique().tolist())),
        opacity=alt.condition(sel, alt.value(1.0), alt.value(0.2)),
        tooltip=[alt.Tooltip("vp:N", title="VP"), alt.Tooltip("period:N", title="Period"),
                 alt.Tooltip("earned:Q", title="Earned (% of target)" if pct else f"Earned ({currency})",
                             format=".1f" if pct else money_format(currency, 2)),
                 alt.Tooltip("paid:Q", title="Paid (% of target)" if pct else f"Paid ({currency})",
                             format=".1f" if pct else money_format(currency, 2))],
    )
    y_title = "% of the period's target incentive" if pct else "Earned in period"
    axis = alt.Axis(format=".0f" if pct else money_format(currency))
    line = base.mark_line(point=True).encode(y=alt.Y("earned:Q", title=y_title, axis=axis)).add_params(sel)
    return titled(line, "Earned per period", height=340)


def annual_pct_chart(summary: pd.DataFrame, titles: dict[str, str], currency: str = "USD") -> alt.Chart:
    """% of target incentive per VP per year, side by side, with the 100% line."""
    df = with_titles(summary, titles).assign(year=lambda d: d["year"].astype(str))
    bars = alt.Chart(df).mark_bar().encode(
        x=alt.X("year:N", title="Year"), xOffset="vp:N",
        y=alt.Y("pct_of_target:Q", title="% of target incentive"),
        color=alt.Color("vp:N", title="VP", legend=BOTTOM, scale=_vp_scale(df["vp"].unique().tolist())),
        tooltip=[alt.Tooltip("vp:N", title="VP"), alt.Tooltip("year:N", title="Year"),
                 alt.Tooltip("target_incentive:Q", title=f"Target ({currency})", format=money_format(currency)),
                 alt.Tooltip("earned:Q", title=f"Earned ({currency})", format=money_format(currency, 2)),
                 alt.Tooltip("pct_of_target:Q", title="% of target", format=".1f")])
    rule = alt.Chart(pd.DataFrame({"y": [100]})).mark_rule(strokeDash=[4, 4], color="gray").encode(y="y:Q")
    return titled(bars + rule, "Annual payout as % of target", height=330)


def cumulative_chart(periods: pd.DataFrame, titles: dict[str, str], currency: str = "USD") -> alt.Chart:
    """Cumulative cash paid per VP over the whole history."""
    df = with_titles(periods, titles)
    df = df.assign(period_end=df["period"].map(_period_end))
    df["cumulative"] = df.groupby("role")["paid"].cumsum()
    return alt.Chart(df).mark_line(interpolate="step-after", point=True).encode(
        x=alt.X("period_end:T", title="Period end", axis=alt.Axis(format="%b %Y", labelAngle=-30)),
        y=alt.Y("cumulative:Q", title="Cumulative paid", axis=alt.Axis(format=money_format(currency))),
        color=alt.Color("vp:N", title="VP", legend=BOTTOM, scale=_vp_scale(df["vp"].unique().tolist())),
        tooltip=[alt.Tooltip("vp:N", title="VP"), alt.Tooltip("period:N", title="Period"),
                 alt.Tooltip("cumulative:Q", title=f"Cumulative paid ({currency})", format=money_format(currency, 2))],
    ).properties(height=330, title=alt.TitleParams("Cumulative paid", anchor="start", fontSize=13, offset=8), padding=TITLE_PADDING)


def attainment_heatmap(stmt: pd.DataFrame, titles: dict[str, str], currency: str = "USD") -> alt.Chart:
    """Attainment % per component per period, one row per VP and component (true-ups excluded)."""
    df = stmt[stmt["line"] == "component"].copy()
    df = with_titles(df, titles)
    df["row"] = df["vp"] + " · " + df["component"]
    df["shared_label"] = df["shared"].map({True: "shared", False: "own"})
    return alt.Chart(df).mark_rect().encode(
        x=alt.X("period:N", title="Period", sort=None),
        y=alt.Y("row:N", title=None, sort=None, axis=alt.Axis(labelLimit=320)),
        color=alt.Color("attainment:Q", title="Attainment %",
                        scale=alt.Scale(scheme="redyellowgreen", domain=[60, 100, 140], clamp=True)),
        tooltip=[alt.Tooltip("vp:N", title="VP"), alt.Tooltip("component:N", title="Component"),
                 alt.Tooltip("period:N", title="Period"),
                 alt.Tooltip("shared_label:N", title="Goal"),
                 alt.Tooltip("attainment:Q", format=".1f", title="Attainment %"),
                 alt.Tooltip("payout_pct:Q", format=".1f", title="Payout %"),
                 alt.Tooltip("earned:Q", format=money_format(currency, 2), title=f"Earned ({currency})")],
    ).properties(height={"step": 24}, title=alt.TitleParams("Attainment by component and period", anchor="start", fontSize=13, offset=8), padding=TITLE_PADDING)


def compare_chart(table: pd.DataFrame, currency: str = "USD") -> alt.Chart:
    """% of target per VP per compared scenario."""
    return alt.Chart(table).mark_bar().encode(
        x=alt.X("scenario:N", title=None, axis=alt.Axis(labelAngle=0, labelLimit=260)), xOffset="vp:N",
        y=alt.Y("pct_of_target:Q", title="% of target over the years"),
        color=alt.Color("vp:N", title="VP", legend=BOTTOM, scale=_vp_scale(table["vp"].unique().tolist())),
        tooltip=[alt.Tooltip("scenario:N", title="Scenario"), alt.Tooltip("vp:N", title="VP"),
                 alt.Tooltip("earned:Q", format=money_format(currency), title=f"Earned, average per year ({currency})"),
                 alt.Tooltip("pct_of_target:Q", format=".1f", title="% of target"),
                 alt.Tooltip("cost_pct_of_revenue:Q", format=".2f", title="Cost, % of revenue")],
    ).properties(height=340, title=alt.TitleParams("Scenarios compared", anchor="start", fontSize=13, offset=8), padding=TITLE_PADDING)


def gradient_chart(table: pd.DataFrame, titles: dict[str, str]) -> alt.Chart:
    """Each VP's pay elasticity to each lever beside company revenue's (a +1% move)."""
    rows = []
    for r in table.itertuples(index=False):
        row = r._asdict()
        for role, title in titles.items():
            rows.append({"lever": row["label"], "who": title, "elasticity": row.get(f"{role}_elasticity")})
        rows.append({"lever": row["label"], "who": "Company revenue", "elasticity": row.get("revenue_elasticity")})
    df = pd.DataFrame(rows)
    return alt.Chart(df).mark_bar().encode(
        y=alt.Y("lever:N", title=None, sort=None, axis=alt.Axis(labelLimit=240)), yOffset="who:N",
        x=alt.X("elasticity:Q", title="% change per +1% move in the lever"),
        color=alt.Color("who:N", title=None, legend=BOTTOM, scale=_vp_scale(list(titles.values()), extra={"Company revenue": "#7f7f7f"})),
        tooltip=[alt.Tooltip("lever:N", title="Lever"), alt.Tooltip("who:N", title="Who"),
                 alt.Tooltip("elasticity:Q", format="+.2f", title="% change per +1%")],
    ).properties(height={"step": 9}, title=alt.TitleParams("Incentive gradients: who gains from each lever", anchor="start", fontSize=13, offset=8), padding=TITLE_PADDING)


def joint_payout_chart(frame: pd.DataFrame, roles: list[str], titles: dict[str, str]) -> alt.Chart:
    """2-D histogram of the two VPs' payout % across simulated years (pre-binned: a few hundred marks)."""
    a, b = roles[0], roles[1]
    x, y = frame[f"{a}.payout_pct"].clip(0, 250), frame[f"{b}.payout_pct"].clip(0, 250)
    bins = pd.DataFrame({"x": (x // 10 * 10), "y": (y // 10 * 10)}).value_counts().rename("years").reset_index()
    bins["share"] = bins["years"] / bins["years"].sum()
    heat = alt.Chart(bins).mark_rect().encode(
        x=alt.X("x:Q", bin=alt.Bin(step=10), title=f"{titles[a]}: payout % of target"),
        y=alt.Y("y:Q", bin=alt.Bin(step=10), title=f"{titles[b]}: payout % of target"),
        color=alt.Color("share:Q", title="Share of years", scale=alt.Scale(scheme="blues")),
        tooltip=[alt.Tooltip("x:Q", title=f"{titles[a]} from %"), alt.Tooltip("y:Q", title=f"{titles[b]} from %"),
                 alt.Tooltip("years:Q", title="Years"), alt.Tooltip("share:Q", format=".1%")])
    diag = alt.Chart(pd.DataFrame({"x": [0, 250], "y": [0, 250]})).mark_line(strokeDash=[4, 4], color="gray").encode(
        x="x:Q", y="y:Q")
    return (heat + diag).properties(height=320, title=alt.TitleParams("Simulated years: both VPs' payouts together", anchor="start", fontSize=13, offset=8), padding=TITLE_PADDING)


def frontier_chart(frontier: pd.DataFrame, budget: float, baseline: dict | None = None,
                   currency: str = "USD") -> alt.Chart:
    """Pareto frontier: alignment against expected cost, with the budget line and today's plan marked."""
    df = frontier.reset_index(drop=True).reset_index(names="point")
    points = alt.Chart(df).mark_line(point=True).encode(
        x=alt.X("expected_cost:Q", title=f"Expected annual cost of both plans ({currency})", scale=alt.Scale(zero=False),
                axis=alt.Axis(format=money_format(currency))),
        y=alt.Y("alignment:Q", title="Alignment (co-movement − conflict rate)"),
        tooltip=[alt.Tooltip("point:Q", title="Point"), alt.Tooltip("alignment:Q", format="+.3f", title="Alignment"),
                 alt.Tooltip("co_movement:Q", format="+.3f", title="Co-movement"),
                 alt.Tooltip("conflict_rate:Q", format=".1%", title="Conflict rate"),
                 alt.Tooltip("expected_cost:Q", format=money_format(currency), title="Expected cost")])
    rule = alt.Chart(pd.DataFrame({"x": [budget]})).mark_rule(color="red", strokeDash=[4, 4]).encode(x="x:Q")
    layers = [points, rule]
    if baseline:
        today = pd.DataFrame([{"expected_cost": baseline.get("expected_cost"), "alignment": baseline.get("alignment"),
                               "label": "today's plan"}])
        layers.append(alt.Chart(today).mark_point(shape="diamond", size=160, color="black", filled=True).encode(
            x="expected_cost:Q", y="alignment:Q",
            tooltip=[alt.Tooltip("label:N", title=""), alt.Tooltip("alignment:Q", format="+.3f", title="Alignment"),
                     alt.Tooltip("expected_cost:Q", format=money_format(currency), title="Expected cost")]))
        layers.append(alt.Chart(today).mark_text(dy=-14).encode(x="expected_cost:Q", y="alignment:Q", text="label:N"))
    return alt.layer(*layers).properties(height=300, title=alt.TitleParams("Alignment vs expected cost (red: budget; ◆ today's plan)", anchor="start", fontSize=13, offset=8), padding=TITLE_PADDING)


def outcome_chart(df: pd.DataFrame, goal_label: str, marked: float | None = None) -> alt.Chart:
    """Both VPs' payout % of target as a goal lands at 60-140% of its target (`analysis.pay_vs_outcome`)."""
    data = df.rename(columns={"title": "vp"})
    lines = alt.Chart(data).mark_line(point=True).encode(
        x=alt.X("level:Q", title=f"{goal_label}: % of target", scale=alt.Scale(zero=False)),
        y=alt.Y("payout_pct:Q", title="Payout, % of target incentive"),
        color=alt.Color("vp:N", title="VP", legend=BOTTOM, scale=_vp_scale(data["vp"].unique().tolist())),
        tooltip=[alt.Tooltip("vp:N", title="VP"), alt.Tooltip("level:Q", title=f"{goal_label} (% of target)", format=".0f"),
                 alt.Tooltip("payout_pct:Q", title="Payout (% of target)", format=".1f")])
    rules = alt.Chart(pd.DataFrame({"y": [100.0]})).mark_rule(strokeDash=[4, 4], color="gray").encode(y="y:Q")
    layers = [lines, rules, alt.Chart(pd.DataFrame({"x": [100.0]})).mark_rule(strokeDash=[4, 4], color="gray")
              .encode(x="x:Q")]
    if marked is not None:
        layers.append(alt.Chart(pd.DataFrame({"x": [marked], "t": ["this year"]})).mark_rule(color="black").encode(
            x="x:Q", tooltip=[alt.Tooltip("x:Q", title="This year (% of target)", format=".1f")]))
    return alt.layer(*layers).properties(height=360, title=alt.TitleParams(f"Pay vs {goal_label}", anchor="start", fontSize=13, offset=8), padding=TITLE_PADDING)


def pay_map_chart(df: pd.DataFrame, x_label: str, y_label: str) -> alt.Chart:
    """Where each VP is paid on a grid of two goals: one panel per VP (payout %), colour at 100% white."""
    data = df.rename(columns={"title": "vp"})
    return alt.Chart(data).mark_rect().encode(
        # the across goal is named once, in the title: two panels' axis titles would overlap when narrow
        x=alt.X("x:O", title="% of target", axis=alt.Axis(labelAngle=0, labelOverlap=True)),
        y=alt.Y("y:O", title=f"{y_label} (% of target)", sort="descending"),
        color=alt.Color("payout_pct:Q", title="Payout %", scale=alt.Scale(scheme="redyellowgreen", domainMid=100)),
        column=alt.Column("vp:N", title=None),
        tooltip=[alt.Tooltip("vp:N", title="VP"), alt.Tooltip("x:O", title=x_label), alt.Tooltip("y:O", title=y_label),
                 alt.Tooltip("payout_pct:Q", title="Payout (% of target)", format=".1f"),
                 alt.Tooltip("gap:Q", title="Gap between the VPs (points)", format="+.1f")],
    ).properties(width=150, height=160, padding=TITLE_PADDING, title=alt.TitleParams(
        f"Where each VP is paid: {x_label} across, {y_label} up", anchor="start", fontSize=13, offset=8))


def curve_preview(points: list, attainment: float | None = None, *, y_title: str = "Payout %") -> alt.Chart:
    """A payout curve: nothing below the first point, linear between points, flat after the last; this
    year's attainment marked."""
    pts = sorted((float(x), float(y)) for x, y in points if x is not None and y is not None)
    if not pts:
        return alt.Chart(pd.DataFrame({"x": [], "y": []})).mark_line()
    lo, hi = min(pts[0][0] - 20, 50.0), max(pts[-1][0] + 20, 150.0)
    line = [(lo, 0.0), (pts[0][0], 0.0), *pts, (hi, pts[-1][1])] if y_title == "Payout %" else [(lo, pts[0][1]), *pts, (hi, pts[-1][1])]
    df = pd.DataFrame(line, columns=["x", "y"])
    chart = alt.Chart(df).mark_line().encode(
        x=alt.X("x:Q", title="Attainment %"), y=alt.Y("y:Q", title=y_title),
        tooltip=[alt.Tooltip("x:Q", title="Attainment %", format=".0f"), alt.Tooltip("y:Q", title=y_title, format=".0f")])
    layers = [chart, alt.Chart(pd.DataFrame(pts, columns=["x", "y"])).mark_point(filled=True).encode(x="x:Q", y="y:Q")]
    if attainment is not None and np.isfinite(attainment):
        layers.append(alt.Chart(pd.DataFrame({"x": [attainment]})).mark_rule(color="red").encode(
            x="x:Q", tooltip=[alt.Tooltip("x:Q", title="This year's attainment %", format=".1f")]))
    return alt.layer(*layers).properties(height=180)


def tornado_chart(table: pd.DataFrame, titles: dict[str, str]) -> alt.Chart:
    """Which lever moves each VP's pay most: change in pay for a +1% move of each lever, sorted by size."""
    rows = [{"lever": r["label"], "vp": title, "change": r.get(f"{role}_change")}
            for r in table.to_dict("records") for role, title in titles.items()]
    df = pd.DataFrame(rows).dropna()
    order = (df.assign(size=df["change"].abs()).groupby("lever")["size"].max().sort_values(ascending=False)
             .index.tolist())
    return alt.Chart(df).mark_bar().encode(
        y=alt.Y("lever:N", sort=order, title=None, axis=alt.Axis(labelLimit=220)),
        x=alt.X("change:Q", title="Pay change for a +1% move", axis=alt.Axis(format="$,.0f")),
        color=alt.Color("vp:N", title="VP", legend=BOTTOM, scale=_vp_scale(list(titles.values()))), yOffset="vp:N",
        tooltip=[alt.Tooltip("lever:N", title="Lever"), alt.Tooltip("vp:N", title="VP"),
                 alt.Tooltip("change:Q", title="Pay change", format="$,.0f")],
    ).properties(height={"step": 12}, title=alt.TitleParams("Sensitivity: which lever moves each VP's pay most", anchor="start", fontSize=13, offset=8), padding=TITLE_PADDING)


def tier_preview(tiers: list[dict], mode: str, basis: str, ceiling: float | None, window_target: float,
                 marked: float | None = None, currency: str = "USD") -> alt.Chart:
    """A commission table drawn: commission earned against the amount in the window (basis `amount`), or
    against attainment % of a window target of `window_target` (basis `attainment`); tier starts as rules;
    `marked` (this year's attainment %, or amount) in red."""
    from comp_models.payouts import tiered_commission
    from comp_models.statements.money import money_text
    from comp_models.types import TierMode

    rows = [t for t in tiers if t.get("start") is not None]
    if not rows:
        return alt.Chart(pd.DataFrame({"x": [], "y": []})).mark_line()
    starts = np.array(sorted(float(t["start"]) for t in rows))
    rows = sorted(rows, key=lambda t: float(t["start"]))
    scale = window_target / 100.0 if basis == "attainment" else 1.0  # x in % of target -> money
    top = max(float(ceiling) if ceiling else 0.0, starts[-1] * 1.3,
              150.0 if basis == "attainment" else 1.5 * window_target, 1.0)
    x = np.linspace(0.0, top, 241)
    earned = tiered_commission(x * scale, starts * scale, TierMode(mode),
                               rates_pct=np.array([float(t.get("rate") or 0.0) for t in rows]),
                               tier_amounts=np.array([float(t.get("amount") or 0.0) for t in rows]),
                               ceiling=float(ceiling) * scale if ceiling else None)
    x_title = "Attainment % of the window's target" if basis == "attainment" else f"Amount in the window ({currency})"
    df = pd.DataFrame({"x": x, "y": earned})
    fmt = money_format(currency)
    line = alt.Chart(df).mark_line().encode(
        x=alt.X("x:Q", title=x_title), y=alt.Y("y:Q", title=f"Commission ({currency})", axis=alt.Axis(format=fmt)),
        tooltip=[alt.Tooltip("x:Q", title=x_title, format=",.0f"), alt.Tooltip("y:Q", title="Commission", format=fmt)])
    layers = [line, alt.Chart(pd.DataFrame({"x": starts})).mark_rule(strokeDash=[3, 3], color="gray").encode(x="x:Q")]
    if marked is not None and np.isfinite(marked):
        layers.append(alt.Chart(pd.DataFrame({"x": [marked]})).mark_rule(color="red").encode(
            x="x:Q", tooltip=[alt.Tooltip("x:Q", title="This year", format=",.1f")]))
    note = f" (a window target of {money_text(window_target, currency, 0)})" if basis == "attainment" else ""
    return alt.layer(*layers).properties(height=230, padding=TITLE_PADDING, title=alt.TitleParams(
        f"Commission by tier{note}", anchor="start", fontSize=12, offset=8))


def _level_axis(levels: list, title: str) -> alt.Axis:
    """An axis of a grid drawn on numbers: band k (k to k + 1) labelled by its level ("≥ 100%")."""
    expr = " : ".join(f"datum.value == {k + 0.5} ? '≥ {float(v):g}%'" for k, v in enumerate(levels)) + " : ''"
    return alt.Axis(values=[k + 0.5 for k in range(len(levels))], labelExpr=expr, title=title, grid=False,
                    ticks=False, labelAngle=0, labelOverlap=False)


def matrix_preview(levels_x: list, levels_y: list, payouts: list, x_label: str, y_label: str,
                   marked: tuple[float, float] | None = None) -> alt.Chart:
    """A payout matrix as a labelled grid (payout % in each cell, the second goal's levels upward); the cell
    this year's attainments reach outlined in red. Drawn on numbers, so the grid keeps its rows at any width."""
    rows = []
    for i, ly in enumerate(levels_y):
        for j, lx in enumerate(levels_x):
            v = payouts[i][j] if i < len(payouts) and j < len(payouts[i]) else None
            rows.append({"x0": j, "x1": j + 1, "y0": i, "y1": i + 1, "xc": j + 0.5, "yc": i + 0.5, "payout": v,
                         "x": f"≥ {float(lx):g}%", "y": f"≥ {float(ly):g}%", "i": i, "j": j})
    df = pd.DataFrame(rows)
    nx, ny = max(len(levels_x), 1), max(len(levels_y), 1)
    x = alt.X("x0:Q", scale=alt.Scale(domain=[0, nx]), axis=_level_axis(levels_x, x_label))
    y = alt.Y("y0:Q", scale=alt.Scale(domain=[0, ny]), axis=_level_axis(levels_y, y_label))
    tip = [alt.Tooltip("x:N", title=x_label), alt.Tooltip("y:N", title=y_label), alt.Tooltip("payout:Q", title="Payout %")]
    cells = alt.Chart(df).mark_rect(stroke="white").encode(
        x=x, x2="x1:Q", y=y, y2="y1:Q", color=alt.Color("payout:Q", legend=None, scale=alt.Scale(scheme="blues")),
        tooltip=tip)
    text = alt.Chart(df).mark_text(fontSize=12).encode(
        x=alt.X("xc:Q", scale=alt.Scale(domain=[0, nx])), y=alt.Y("yc:Q", scale=alt.Scale(domain=[0, ny])),
        text=alt.Text("payout:Q", format=".0f"),
        color=alt.condition(alt.datum.payout > 110, alt.value("white"), alt.value("black")))
    layers = [cells, text]
    if marked is not None and all(m is not None and np.isfinite(m) for m in marked):
        mx, my = marked
        jx = max((j for j, v in enumerate(levels_x) if mx >= float(v)), default=None)
        iy = max((i for i, v in enumerate(levels_y) if my >= float(v)), default=None)
        if jx is not None and iy is not None:
            hit = df[(df["i"] == iy) & (df["j"] == jx)]
            layers.append(alt.Chart(hit).mark_rect(fill=None, stroke="red", strokeWidth=3).encode(
                x=alt.X("x0:Q", scale=alt.Scale(domain=[0, nx])), x2="x1:Q",
                y=alt.Y("y0:Q", scale=alt.Scale(domain=[0, ny])), y2="y1:Q"))
    return alt.layer(*layers).properties(height=44 * ny + 70, padding=TITLE_PADDING, title=alt.TitleParams(
        "Payout % by level (this year in red)", fontSize=12, anchor="start", offset=8))


class Drawn:
    """A chart already converted to its Vega-Lite spec (its data inlined as Arrow datasets, as Streamlit sends
    them): `st.altair_chart` reads the spec through `to_dict()`, as it reads an altair chart's."""

    def __init__(self, spec: dict):
        self._spec = spec

    def to_dict(self, *args, **kwargs) -> dict:
        return copy.deepcopy(self._spec)  # Streamlit edits the dict it is given


class _Unvalidated:
    """A chart converted without altair's JSON-schema validation (a third of the conversion): the builders here
    are fixed code, and tests/app/test_charts.py converts each of them with validation."""

    def __init__(self, chart):
        self._chart = chart

    def to_dict(self, *args, **kwargs) -> dict:
        return self._chart.to_dict(validate=False)


_DRAWN: OrderedDict[str, dict] = OrderedDict()  # content digest -> converted spec, least recently used first
_DRAWN_MAX = 256
_DRAWN_LOCK = threading.Lock()


class _Unkeyable(Exception):
    """An argument whose content this cache cannot name exactly: the chart is drawn uncached."""


def _canonical(value):
    """A value's content as plain, exactly printable Python (no pickle): frames and arrays by their bytes'
    digest with their labels and dtypes, containers item by item; anything else is not cached."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, *[_canonical(v) for v in value])
    if isinstance(value, dict):
        return ("dict", *sorted((repr(_canonical(k)), _canonical(v)) for k, v in value.items()))
    if isinstance(value, np.ndarray) and value.dtype != object:
        return ("ndarray", str(value.dtype), value.shape, hashlib.blake2b(value.tobytes(), digest_size=16).hexdigest())
    if isinstance(value, (pd.DataFrame, pd.Series)):
        frame = value.to_frame() if isinstance(value, pd.Series) else value
        rows = pd.util.hash_pandas_object(frame, index=True).to_numpy()
        return (type(value).__name__, tuple(map(repr, frame.columns)), tuple(map(str, frame.dtypes)),
                tuple(map(repr, frame.index[:1])), len(frame),
                hashlib.blake2b(rows.tobytes(), digest_size=16).hexdigest())
    raise _Unkeyable(type(value).__name__)


def _content_key(builder, args: tuple, kwargs: dict) -> str | None:
    try:
        content = repr((builder.__module__, builder.__qualname__, _canonical(args), _canonical(kwargs)))
    except (_Unkeyable, TypeError):  # an argument this cache cannot name exactly: draw it uncached
        return None
    return hashlib.blake2b(content.encode(), digest_size=20).hexdigest()


def drawn(builder, *args, **kwargs):
    """`builder(*args, **kwargs)` for `st.altair_chart`, built and converted once per content: the same
    arguments (by value) give the same spec from the cache. Falls back to the altair chart itself when
    Streamlit's converter is not where this version of Streamlit keeps it."""
    try:
        from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec as convert
    except ImportError:  # pragma: no cover - another Streamlit version
        return builder(*args, **kwargs)
    key = _content_key(builder, args, kwargs)
    if key is None:
        return builder(*args, **kwargs)
    with _DRAWN_LOCK:
        spec = _DRAWN.get(key)
        if spec is not None:
            _DRAWN.move_to_end(key)
    if spec is None:
        spec = convert(_Unvalidated(builder(*args, **kwargs)))
        with _DRAWN_LOCK:
            _DRAWN[key] = spec
            while len(_DRAWN) > _DRAWN_MAX:
                _DRAWN.popitem(last=False)
    return Drawn(spec)


def curve_preview_drawn(points: list, attainment: float | None = None, *, y_title: str = "Payout %"):
    """`drawn(curve_preview, points, attainment)`, with the curve converted once per curve and only this year's
    mark (which moves with every target and history change) added to it here: the spec is the chart's own
    (tests/app/test_charts_drawn.py compares them)."""
    has_curve = any(x is not None and y is not None for x, y in points)
    if attainment is None or not np.isfinite(attainment) or not has_curve:
        return drawn(curve_preview, points, attainment, y_title=y_title)
    curve = drawn(curve_preview, points, None, y_title=y_title)
    try:
        from streamlit import dataframe_util
        from streamlit.util import calc_hash
    except ImportError:  # pragma: no cover - another Streamlit version
        return drawn(curve_preview, points, attainment, y_title=y_title)
    if not isinstance(curve, Drawn):
        return drawn(curve_preview, points, attainment, y_title=y_title)
    data = dataframe_util.convert_anything_to_arrow_bytes(pd.DataFrame({"x": [attainment]}))
    name = calc_hash(data)  # as Streamlit names a chart's dataset: by its Arrow bytes
    mark = {"data": {"name": name}, "mark": {"type": "rule", "color": "red"},
            "encoding": {"tooltip": [{"field": "x", "format": ".1f", "title": "This year's attainment %",
                                      "type": "quantitative"}],
                         "x": {"field": "x", "type": "quantitative"}}}
    spec = curve._spec
    return Drawn({**spec, "layer": [*spec["layer"], mark], "datasets": {**spec["datasets"], name: data}})
