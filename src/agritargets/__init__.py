"""agritargets: Hunan 2023 数商兴农 agricultural online-retail targets.

Parse the notice's target tables, reproduce the population-share rule, audit the
printed figures, and draw the maps and report. Public entry points:

- :func:`agritargets.targets.load_targets` and :func:`agritargets.geometry.load_boundaries`
- :func:`agritargets.geometry.join_targets`
- :func:`agritargets.allocation.allocate`
- :func:`agritargets.audit.audit_published`
"""

__version__ = "0.1.0"
