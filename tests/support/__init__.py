"""Helpers the tests share that are neither fixtures nor test modules: the app under test and its
throwaway databases, library files on disk, resume files, and reading PDFs back.

Domain rows are built in ``tests.builders``; fixtures live in ``tests/conftest.py``."""
