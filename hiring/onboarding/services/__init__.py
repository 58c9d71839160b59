"""Onboarding services, one module per aggregate: ``plans`` (create, preview, move the start),
``items``, ``goals`` (with actuals and development goals), ``checkins`` and ``meetings``.

Every function flushes and never commits; a refusal is a ``hiring.domain.DomainError``.
"""
