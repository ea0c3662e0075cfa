"""Checks of a decoded result: fields the typed model does not know yet (schema drift).

Examples:
    >>> import valossa_metadata as vm
    >>> from valossa_metadata.checks import unmodelled_fields
    >>> unmodelled_fields(vm.load("sample_results/current_format_example.json"))
    {}
"""

from valossa_metadata.checks.drift import unmodelled_fields

__all__ = ["unmodelled_fields"]
