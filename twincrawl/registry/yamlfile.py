"""Reading a registry file's YAML strictly: a key given twice is refused, and every mapping remembers the line
of each of its keys, so that an error can say where the wrong value is."""

from __future__ import annotations

from typing import Any

import yaml


class YamlFileError(ValueError):
    """A registry file that is not valid YAML, or has a key given twice; the message is one line."""


class LinedDict(dict[str, Any]):
    """A YAML mapping with the (1-based) line it starts on and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        """The line ``key`` is on, or the mapping's own line when the key is absent."""
        return self.key_lines.get(key, self.line)


class _StrictLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing duplicate keys (PyYAML keeps the last value silently)."""

    def construct_lined_mapping(self, node: yaml.MappingNode) -> LinedDict:
        mapping = LinedDict()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if key in mapping:
                raise YamlFileError(
                    f"line {line}: field {key!r} is given twice in one mapping (first on line "
                    f"{mapping.key_lines[str(key)]}); keep one"
                )
            mapping[key] = self.construct_object(value_node, deep=True)
            mapping.key_lines[str(key)] = line
        return mapping


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _StrictLoader.construct_lined_mapping,
)


def load_yaml(text: str) -> Any:
    """Parse ``text``; raise YamlFileError with the line and the parser's problem in one line."""
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        problem = error.problem or ""
        if error.context and error.context_mark is not None:
            problem = f"{error.context} (line {error.context_mark.line + 1}): {problem}"
        raise YamlFileError(f"{where}not valid YAML: {problem}") from error
    except yaml.YAMLError as error:
        raise YamlFileError(f"not valid YAML: {' '.join(str(error).split())}") from error
