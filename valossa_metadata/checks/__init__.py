"""Checks of a decoded result: semantic problems (:func:`validate`) and schema drift.

Examples:
    >>> import valossa_metadata as vm
    >>> from valossa_metadata.checks import unmodelled_fields, validate
    >>> md = vm.load("sample_results/current_format_example.json")
    >>> unmodelled_fields(md), validate(md)
    ({}, [])
"""

from valossa_metadata.checks.drift import unmodelled_fields
from valossa_metadata.checks.validate import Problem, validate

__all__ = ["Problem", "unmodelled_fields", "validate"]
