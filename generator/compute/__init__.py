"""Pure computation: periods, interval arithmetic, uptime and support attainment.

Nothing here opens a file or reads the clock; "now" and the period are arguments.
"""
