"""Checks that hold in production too (python -O drops `assert`): they raise, naming the value."""

import pytest

from ai import integration
from ai.errors import GenerationError


def test_generation_error_with_an_unknown_code_raises_value_error_naming_it():
    with pytest.raises(ValueError, match="no_such_code"):
        GenerationError("no_such_code")


def test_writer_context_with_an_unknown_mode_raises_value_error_naming_it():
    with pytest.raises(ValueError, match="'publish'"):
        integration.writer_context(None, None, mode="publish")
