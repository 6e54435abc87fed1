"""Load, validate and index YAML roadmaps.

Validation reports every problem at once as `FILE:LINE:COLUMN: FIELD: message`. Parsed roadmaps
are cached (pickled) keyed by the file's identity (path, size, mtime) so `genai next` never pays
for YAML parsing twice; see `load_roadmap`. Hostile files are refused early: only regular files
up to `files.ROADMAP_MAX_BYTES`, YAML aliases that would expand beyond `MAX_YAML_NODES` nodes or
nest deeper than `MAX_YAML_DEPTH`, and no NaN or infinite numbers. Unknown values of descriptive
fields (a resource's `kind`) are warnings; only structural problems stop a roadmap from loading.
"""

from __future__ import annotations

import math
import os
import pickle
import re
import zlib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from genai_roadmap import __version__, files, paths
from genai_roadmap.errors import NotFoundError, RoadmapError
from genai_roadmap.problems import (
    Problem,
    did_you_mean,
    errors_only,
    format_path,
    located,
)

FORMAT_VERSION = 1
CACHE_FORMAT = 4  # bump when the pickled classes change shape
DEFAULT_ROADMAP = "zero-to-hero"
ITEM_KINDS = ("topic", "checklist", "project", "milestone", "tool", "resource", "question")
# Known resource kinds. Others (roadmap.sh uses `feed`, `podcast`…) load with a warning.
RESOURCE_KINDS = ("docs", "official", "paper", "course", "video", "article", "book", "repo", "opensource",
                  "tool", "website", "podcast", "feed", "community", "other")
MAX_EST_HOURS = 10_000
MAX_YAML_NODES = 500_000  # nodes after alias expansion; the largest bundled roadmap has ~12,000
MAX_YAML_DEPTH = 64
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class _CompactPickle:
    """Pickle only the fields that differ from their defaults.

    Every default is a class attribute (list fields are tuples for this reason), so unpickling can
    restore an instance with one C-level dict update and no Python call; a 10,000-item roadmap
    then loads from the cache in a fraction of the time full dicts would take.
    """

    def __getstate__(self) -> dict[str, Any]:
        cls = type(self)
        return {k: v for k, v in self.__dict__.items() if getattr(cls, k, _MISSING) != v}


_MISSING = object()


@dataclass
class Resource(_CompactPickle):
    title: str
    url: str | None = None
    kind: str = "other"
    free: bool | None = None  # None: the roadmap does not say


@dataclass
class Item(_CompactPickle):
    id: str
    title: str
    kind: str
    phase_id: str
    group: str | None = None
    est_hours: float | None = None
    depends_on: tuple[str, ...] = ()
    subtopics: tuple[str, ...] = ()
    resources: tuple[Resource, ...] = ()
    aliases: tuple[str, ...] = ()
    notes: str | None = None
    template: str | None = None
    level: str | None = None
    effort: str | None = None
    complexity: str | None = None
    stack: tuple[str, ...] = ()
    learn: tuple[str, ...] = ()
    ships: str | None = None
    bonus: tuple[str, ...] = ()
    answer: str | None = None
    checks: tuple[str, ...] = ()
    optional: bool = False  # left out of totals and ETAs until started


@dataclass
class Phase:
    id: str
    title: str
    items: list[Item]
    duration: str | None = None
    goal: str | None = None
    notes: str | None = None


@dataclass
class Roadmap:
    id: str
    title: str
    phases: list[Phase]
    path: str
    source: str | None = None
    description: str | None = None
    origin: str = "file"  # bundled | user | file

    def __post_init__(self) -> None:
        self.items: list[Item] = [item for phase in self.phases for item in phase.items]
        self.by_id: dict[str, Item] = {item.id: item for item in self.items}
        self.alias_to_id: dict[str, str] = {a: item.id for item in self.items for a in item.aliases}
        self.phase_by_id: dict[str, Phase] = {phase.id: phase for phase in self.phases}

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "description": self.description,
            "phases": [asdict(phase) for phase in self.phases],
        }


# --- field schema -------------------------------------------------------------------------------
# (name, expected type, required). "str_list" is a list of strings, "id_list" a list of ids.
_ROADMAP_FIELDS = {
    "format": ("int", False),
    "id": ("id", True),
    "title": ("str", True),
    "source": ("str", False),
    "description": ("str", False),
    "phases": ("list", True),
}
_PHASE_FIELDS = {
    "id": ("id", True),
    "title": ("str", True),
    "duration": ("str", False),
    "goal": ("str", False),
    "notes": ("str", False),
    "items": ("list", True),
}
_ITEM_FIELDS = {
    "id": ("id", True),
    "title": ("str", True),
    "kind": ("str", True),
    "group": ("str", False),
    "est_hours": ("number", False),
    "depends_on": ("id_list", False),
    "subtopics": ("str_list", False),
    "resources": ("list", False),
    "aliases": ("id_list", False),
    "notes": ("str", False),
    "template": ("id", False),
    "level": ("str", False),
    "effort": ("str", False),
    "complexity": ("str", False),
    "stack": ("str_list", False),
    "learn": ("str_list", False),
    "ships": ("str", False),
    "bonus": ("str_list", False),
    "answer": ("str", False),
    "checks": ("id_list", False),
    "optional": ("bool", False),
}
_RESOURCE_FIELDS = {"title": ("str", True), "url": ("str", False), "kind": ("str", False), "free": ("bool", False)}


class _Validator:
    """Walks the parsed YAML next to its node tree so each problem carries a line and column."""

    def __init__(self, marks: dict[tuple, tuple[int, int]], template_ids: set[str]):
        self.marks = marks
        self.template_ids = template_ids
        self.problems: list[Problem] = []

    def where(self, path: tuple) -> tuple[int, int]:
        problem = located(self.marks, path, "")
        return problem.line, problem.column

    def report(self, path: tuple, message: str, severity: str = "error") -> None:
        self.problems.append(located(self.marks, path, message, severity))

    def check_mapping(self, value: Any, path: tuple, schema: dict) -> bool:
        if not isinstance(value, dict):
            self.report(path, f"expected a mapping, got {_type_name(value)}")
            return False
        for key in value:
            if key not in schema:
                self.report(path + (key,), f"unknown field '{key}'{did_you_mean(str(key), schema)}")
        for name, (kind, required) in schema.items():
            if name not in value or value[name] is None:
                if required:
                    self.report(path, f"missing required field '{name}'")
                continue
            self.check_type(value[name], path + (name,), kind)
        return True

    def check_type(self, value: Any, path: tuple, kind: str) -> None:
        if kind in ("str", "id"):
            if not isinstance(value, str) or not value.strip():
                got = "an empty string" if isinstance(value, str) else _type_name(value)
                self.report(path, f"expected a non-empty string, got {got}")
            elif kind == "id" and not ID_PATTERN.match(value):
                self.report(path, f"'{value}' is not a valid id (lowercase letters, digits and dashes)")
        elif kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                self.report(path, f"expected an integer, got {_type_name(value)}")
        elif kind == "bool":
            if not isinstance(value, bool):
                self.report(path, f"expected true or false, got {_type_name(value)}")
        elif kind == "number":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                self.report(path, f"expected a number, got {_type_name(value)}")
            elif not math.isfinite(value):
                self.report(path, f"expected a finite number, got {value!r}")
            elif not 0 <= value <= MAX_EST_HOURS:
                self.report(path, f"expected a number from 0 to {MAX_EST_HOURS:,}, got {value!r}")
        elif kind == "list":
            if not isinstance(value, list):
                self.report(path, f"expected a list, got {_type_name(value)}")
        elif kind in ("str_list", "id_list"):
            if not isinstance(value, list):
                self.report(path, f"expected a list of strings, got {_type_name(value)}")
                return
            for index, entry in enumerate(value):
                self.check_type(entry, path + (index,), "id" if kind == "id_list" else "str")

    def validate(self, data: Any) -> None:
        if not self.check_mapping(data, (), _ROADMAP_FIELDS):
            return
        if isinstance(data.get("format"), int) and data["format"] > FORMAT_VERSION:
            self.report(("format",), f"format {data['format']} is newer than this genai-roadmap understands "
                        f"({FORMAT_VERSION}); upgrade genai-roadmap")
        phases = data.get("phases")
        if not isinstance(phases, list):
            return
        if not phases:
            self.report(("phases",), "a roadmap needs at least one phase")
        item_ids: dict[str, tuple] = {}
        phase_ids: dict[str, tuple] = {}
        aliases: dict[str, tuple] = {}
        items: list[tuple[dict, tuple]] = []
        for p_index, phase in enumerate(phases):
            p_path = ("phases", p_index)
            if not self.check_mapping(phase, p_path, _PHASE_FIELDS):
                continue
            self._unique(phase.get("id"), p_path + ("id",), phase_ids, "phase id")
            phase_items = phase.get("items") if isinstance(phase.get("items"), list) else []
            for i_index, item in enumerate(phase_items):
                i_path = p_path + ("items", i_index)
                if not self.check_mapping(item, i_path, _ITEM_FIELDS):
                    continue
                items.append((item, i_path))
                self._unique(item.get("id"), i_path + ("id",), item_ids, "item id")
                self._check_item(item, i_path)
        for item, i_path in items:
            for a_index, alias in enumerate(item.get("aliases") or []):
                if not isinstance(alias, str):
                    continue
                a_path = i_path + ("aliases", a_index)
                if alias in item_ids:
                    self.report(a_path, f"alias '{alias}' is also the id of an item")
                else:
                    self._unique(alias, a_path, aliases, "alias")
        self._check_dependencies(items, item_ids)
        self._check_checks(items, item_ids)

    def _unique(self, value: Any, path: tuple, seen: dict[str, tuple], what: str) -> None:
        if not isinstance(value, str):
            return
        if value in seen:
            line, _ = self.where(seen[value])
            self.report(path, f"duplicate {what} '{value}' (first used on line {line})")
        else:
            seen[value] = path

    def _check_item(self, item: dict, path: tuple) -> None:
        kind = item.get("kind")
        if isinstance(kind, str) and kind not in ITEM_KINDS:
            self.report(path + ("kind",), f"'{kind}' is not one of {', '.join(ITEM_KINDS)}")
        if kind == "question" and not item.get("answer"):
            self.report(path, "a question needs an 'answer'")
        if item.get("checks") and isinstance(kind, str) and kind != "question":
            self.report(path + ("checks",), "only a question can have 'checks' (the items it tests)")
        template = item.get("template")
        if isinstance(template, str) and ID_PATTERN.match(template) and template not in self.template_ids:
            self.report(path + ("template",), f"unknown template id '{template}'{did_you_mean(template, self.template_ids)}")
        resources = item.get("resources")
        if isinstance(resources, list):
            for r_index, resource in enumerate(resources):
                r_path = path + ("resources", r_index)
                if self.check_mapping(resource, r_path, _RESOURCE_FIELDS):
                    r_kind = resource.get("kind")
                    if isinstance(r_kind, str) and r_kind not in RESOURCE_KINDS:
                        self.report(r_path + ("kind",), f"unknown resource kind '{r_kind}' (known: "
                                    f"{', '.join(RESOURCE_KINDS)}); shown as given", severity="warning")

    def _check_dependencies(self, items: list[tuple[dict, tuple]], item_ids: dict[str, tuple]) -> None:
        graph: dict[str, list[str]] = {}
        for item, path in items:
            deps = item.get("depends_on") or []
            if not isinstance(deps, list) or not isinstance(item.get("id"), str):
                continue
            graph[item["id"]] = []
            for d_index, dep in enumerate(deps):
                if not isinstance(dep, str):
                    continue
                if dep not in item_ids:
                    self.report(path + ("depends_on", d_index), f"unknown item id '{dep}'{did_you_mean(dep, item_ids)}")
                elif dep == item["id"]:
                    self.report(path + ("depends_on", d_index), "an item cannot depend on itself")
                else:
                    graph[item["id"]].append(dep)
        for cycle in _find_cycles(graph):
            self.report(item_ids[cycle[0]][:-1] + ("depends_on",), "dependency cycle: " + " -> ".join(cycle))


    def _check_checks(self, items: list[tuple[dict, tuple]], item_ids: dict[str, tuple]) -> None:
        for item, path in items:
            checks = item.get("checks")
            if not isinstance(checks, list):
                continue
            for c_index, target in enumerate(checks):
                if not isinstance(target, str):
                    continue
                if target not in item_ids:
                    self.report(path + ("checks", c_index), f"unknown item id '{target}'{did_you_mean(target, item_ids)}")
                elif target == item.get("id"):
                    self.report(path + ("checks", c_index), "a question cannot check itself")


def _find_cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Each dependency cycle once, found by an iterative depth-first search."""
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(graph, white)
    cycles = []
    for start in graph:
        if colour[start] != white:
            continue
        stack = [(start, iter(graph[start]))]
        trail = [start]
        colour[start] = grey
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                colour[node] = black
                stack.pop()
                trail.pop()
            elif colour.get(child, black) == grey:
                cycles.append(trail[trail.index(child):] + [child])
            elif colour.get(child) == white:
                colour[child] = grey
                stack.append((child, iter(graph[child])))
                trail.append(child)
    return cycles


def _type_name(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean", type(None): "nothing"}.get(
        type(value), type(value).__name__
    )


# --- parsing ------------------------------------------------------------------------------------
def parse_yaml(text: str) -> tuple[Any, dict[tuple, tuple[int, int]], list[Problem]]:
    """The document, a map from field path to (line, column), and problems found while parsing.

    Safe on hostile input: aliases are followed only while the expanded document stays under
    `MAX_YAML_NODES` nodes (a "billion laughs" file is refused at the line of its first alias, in
    milliseconds), and nesting deeper than `MAX_YAML_DEPTH` is refused.
    """
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(text, Loader=loader_class)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = getattr(exc, "problem", None) or str(exc)
        return None, {}, [Problem(line, column, "(yaml)", f"invalid YAML: {reason}")]
    except RecursionError:
        return None, {}, [Problem(1, 1, "(yaml)", f"the document nests deeper than {MAX_YAML_DEPTH} levels")]
    if node is None:
        return None, {}, []
    try:
        marks, duplicates = _positions(node, yaml)
    except _Refused as refused:
        mark = refused.node.start_mark
        return None, {}, [Problem(mark.line + 1, mark.column + 1, "(yaml)", refused.message)]
    loader = loader_class("")
    try:
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, {}, [Problem(line, column, "(yaml)", f"invalid YAML: {getattr(exc, 'problem', None) or exc}")]
    finally:
        loader.dispose()
    return data, marks, duplicates


def _positions(root: Any, yaml: Any) -> tuple[dict[tuple, tuple[int, int]], list[Problem]]:
    """One walk of the node tree, before any Python object is built: the (line, column) of every
    field path, duplicate keys, and the size the document would have with its aliases expanded —
    refused (`_Refused`) when too big, too deep or recursive."""
    marks: dict[tuple, tuple[int, int]] = {}
    duplicates: list[Problem] = []
    sizes: dict[int, int] = {}  # node id -> expanded size; a node met again is an alias
    on_path: set[int] = set()
    first_alias: list[Any] = []

    def walk(n: Any, path: tuple, depth: int) -> int:
        marks[path] = (n.start_mark.line + 1, n.start_mark.column + 1)
        key = id(n)
        if key in sizes:  # an alias: its positions are those of the anchor, walked once
            return sizes[key]
        if key in on_path:
            raise _Refused(n, "a YAML alias refers to a node that contains it (a recursive document)")
        if depth > MAX_YAML_DEPTH:
            raise _Refused(n, f"the document nests deeper than {MAX_YAML_DEPTH} levels")
        total = 1
        if isinstance(n, (yaml.MappingNode, yaml.SequenceNode)):
            on_path.add(key)
            if isinstance(n, yaml.MappingNode):
                seen = set()
                pairs = []
                for key_node, value_node in n.value:
                    name = key_node.value
                    if name in seen:
                        duplicates.append(Problem(key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                                                  format_path(path + (name,)), f"duplicate key '{name}'"))
                    seen.add(name)
                    pairs.append((path + (name,), value_node))
                    total += 1  # the key
            else:
                pairs = [(path + (index,), child) for index, child in enumerate(n.value)]
            for child_path, child in pairs:
                if not first_alias and id(child) in sizes and isinstance(child, (yaml.MappingNode, yaml.SequenceNode)):
                    first_alias.append(n)  # the collection holding the first alias of a collection
                total += walk(child, child_path, depth + 1)
                if total > MAX_YAML_NODES:
                    raise _Refused(first_alias[0] if first_alias else child,
                                   f"YAML aliases expand this document beyond {MAX_YAML_NODES:,} nodes; "
                                   "write the values out instead of using anchors and aliases")
            on_path.discard(key)
        sizes[key] = total
        return total

    walk(root, (), 0)
    return marks, duplicates


class _Refused(Exception):
    def __init__(self, node: Any, message: str):
        super().__init__(message)
        self.node, self.message = node, message


def template_ids() -> set[str]:
    import yaml

    registry = paths.project_templates_dir() / "templates.yaml"
    try:
        data = yaml.load(registry.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        return {entry["id"] for entry in data["templates"]}
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise RoadmapError(f"cannot read the project template list {registry}: {exc}") from None


def validate_text(text: str) -> tuple[Any, list[Problem]]:
    data, marks, problems = parse_yaml(text)
    if not marks:  # a syntax error, or an empty document
        return data, problems or [Problem(1, 1, "(document)", "the file is empty")]
    validator = _Validator(marks, template_ids())
    validator.validate(data)
    if errors_only(validator.problems):
        data = None  # never build from an invalid document
    problems = sorted(problems + validator.problems, key=lambda p: (p.line, p.column))
    return data, problems


def _build(data: dict, path: str, origin: str) -> Roadmap:
    phases = []
    for phase in data["phases"]:
        items = []
        for raw in phase["items"]:
            fields = {k: tuple(v) if isinstance(v, list) else v for k, v in raw.items() if v is not None}
            fields["resources"] = tuple(Resource(**r) for r in fields.get("resources", ()))
            items.append(Item(phase_id=phase["id"], **fields))
        phases.append(Phase(id=phase["id"], title=phase["title"], items=items, duration=phase.get("duration"),
                            goal=phase.get("goal"), notes=phase.get("notes")))
    return Roadmap(id=data["id"], title=data["title"], phases=phases, path=path, source=data.get("source"),
                   description=data.get("description"), origin=origin)


def _cache_entry(file: Path, stat: os.stat_result) -> tuple[Path, str]:
    """Where a file's parsed roadmap is cached, and the key that entry must carry to be trusted."""
    # A roadmap's validity also depends on the template list, so its identity is part of the key.
    templates = paths.project_templates_dir() / "templates.yaml"
    try:
        t_stat = templates.stat()
        t_key = f"{t_stat.st_size}:{t_stat.st_mtime_ns}"
    except OSError:
        t_key = "-"
    key = f"{CACHE_FORMAT}|{__version__}|{file}|{stat.st_size}|{stat.st_mtime_ns}|{t_key}"
    # <file checksum>-<key checksum>: a new version of a file replaces its old entries. A checksum
    # (not a cryptographic hash: importing hashlib costs more than the rest of the lookup) only
    # names the file; the full key stored inside decides whether the entry is used.
    name = f"{zlib.crc32(str(file).encode()):08x}-{zlib.crc32(key.encode()):08x}.pickle"
    return paths.roadmap_cache_dir() / name, key


def load_roadmap(file: Path, origin: str = "file") -> Roadmap:
    file = file.resolve()
    try:
        stat = file.stat()
    except OSError:
        raise NotFoundError(f"roadmap file {file} does not exist") from None
    cache, key = _cache_entry(file, stat)
    try:
        with open(cache, "rb") as handle:
            cached_key, roadmap = pickle.load(handle)
        if cached_key == key:
            roadmap.origin = origin
            return roadmap
    except Exception:  # no cache yet, or an unreadable one: parse the YAML
        pass
    data, problems = validate_file(file)
    errors = errors_only(problems)
    if errors:
        raise RoadmapError(
            f"{file} has {len(errors)} problem{'s' if len(errors) != 1 else ''}",
            problems=[p.format(str(file)) for p in errors],
            hint=f"check it with: genai roadmap validate {file}",
        )
    roadmap = _build(data, str(file), origin)
    _write_cache(cache, key, roadmap)
    return roadmap


def validate_file(file: Path) -> tuple[Any, list[Problem]]:
    """Read (bounded, regular files only) and validate a roadmap file."""
    try:
        text = files.read_text(file, files.ROADMAP_MAX_BYTES, "roadmap")
    except files.UnreadableFileError as exc:
        raise RoadmapError(exc.message, hint=exc.hint, problems=exc.problems) from None
    return validate_text(text)


def _write_cache(cache: Path, key: str, roadmap: Roadmap) -> None:
    # Best effort: a read-only cache dir only costs speed. Pickle because rebuilding ten thousand
    # dataclasses from JSON costs more than the rest of `genai next` together; the cache lives in
    # the user's own cache dir and its key names this version, so it never crosses versions.
    # No fsync: a cache lost in a crash is only rebuilt.
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        files.write_atomic(cache, pickle.dumps((key, roadmap), protocol=pickle.HIGHEST_PROTOCOL), fsync=False)
        file_prefix = cache.name.split("-", 1)[0]
        for stale in cache.parent.glob(f"{file_prefix}-*.pickle"):
            if stale != cache:
                stale.unlink(missing_ok=True)
    except OSError:
        pass


# --- discovery ----------------------------------------------------------------------------------
@dataclass
class RoadmapRef:
    id: str
    path: Path
    origin: str  # bundled | user


def available_roadmaps() -> list[RoadmapRef]:
    """Bundled roadmaps, then the user's own. The file stem is the roadmap id."""
    refs = [RoadmapRef(p.stem, p, "bundled") for p in sorted(paths.bundled_roadmaps_dir().glob("*.yaml"))]
    bundled = {ref.id for ref in refs}
    user_dir = paths.user_roadmaps_dir()
    if user_dir.is_dir():
        refs += [RoadmapRef(p.stem, p, "user") for p in sorted(user_dir.glob("*.yaml")) if p.stem not in bundled]
    return refs


def looks_like_path(value: str) -> bool:
    return os.sep in value or "/" in value or value.endswith((".yaml", ".yml"))


def find_roadmap(name: str) -> Roadmap:
    """A roadmap by id (bundled or added) or by path to a YAML file."""
    if looks_like_path(name):
        return load_roadmap(Path(name).expanduser(), "file")
    refs = available_roadmaps()
    for ref in refs:
        if ref.id == name:
            return load_roadmap(ref.path, ref.origin)
    ids = [ref.id for ref in refs]
    raise NotFoundError(
        f"no roadmap with id '{name}'{did_you_mean(name, ids)}",
        hint="available: " + ", ".join(ids) + " (see: genai roadmap list)",
    )
