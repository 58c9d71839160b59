"""Onboarding services, one module per aggregate: ``plans`` (create, preview, move the start),
``items``, ``goals`` (with actuals and development goals) and ``checkins``. 1:1s and
ride-alongs are coaching's (``hiring.coaching``); recording one ticks its plan item here.

Every function flushes and never commits; a refusal is a ``hiring.domain.DomainError``.
"""
