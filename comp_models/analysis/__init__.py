"""Analysis on top of the engine: do the two plans pull together?

Owns the alignment measures (shared pay, co-movement, conflicts, incentive gradients, pay for
performance, the scorecard), stress tests of the funnel, Monte Carlo simulation of years, the
weight optimiser and the sales-marketing self-assessment. Each measure replays plans through
`comp_models.engine`; nothing here rounds money (statements do) or reads files (data does).
Imports `engine`, `plans`, `periods`, `payouts`, `metrics`, `types`, `errors`.
"""
