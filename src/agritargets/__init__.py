"""agritargets: Hunan 2023 数商兴农 agricultural online-retail targets.

Parse the notice's target tables, reproduce the population-share rule, audit the
printed figures, and draw the maps and report. Public entry points:

- :func:`agritargets.core.targets.load_targets` and :func:`agritargets.core.geo.load_boundaries`
- :func:`agritargets.core.geo.join_targets`
- :func:`agritargets.rules.allocation.allocate`
- :func:`agritargets.rules.audit.audit_published`
"""

__version__ = "0.1.0"
