"""The model catalog (models.yaml), GPU presets (presets.yaml) and local `config.json` files, all
turned into one `ModelSpec`: the architecture numbers the estimator needs.

A `config.json` from the Hugging Face Hub names the same numbers differently per architecture
(`hidden_size` / `n_embd` / `d_model` …); `spec_from_config` knows the common spellings and says
which file and field is wrong when it cannot read one.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from genai_roadmap.errors import GenaiError, UsageError

HERE = Path(__file__).resolve().parent
CATALOG_FILE = HERE / "models.yaml"
PRESETS_FILE = HERE / "presets.yaml"

# Architectures whose MLP is a plain two-matrix GELU block with LayerNorm (and often parallel
# attention), rather than the gated three-matrix SwiGLU/GeGLU block with RMSNorm of Llama-style
# models. The difference matters for parameter counts and for activation memory (estimate.py).
PLAIN_MLP_TYPES = {"gpt2", "gpt_bigcode", "gpt_neox", "gptj", "falcon", "RefinedWeb", "RefinedWebModel", "phi",
                   "opt", "bloom", "mpt", "starcoder2", "codegen"}
# Model types whose config omits tie_word_embeddings because their default is to tie.
TIED_BY_DEFAULT = {"gpt2", "gpt_bigcode", "gpt_neox_japanese", "falcon", "RefinedWeb", "RefinedWebModel", "gemma",
                   "gemma2", "gemma3_text", "bloom", "opt", "mpt"}


@dataclass(frozen=True)
class ModelSpec:
    """A decoder-only transformer, described by the numbers in its config.json."""

    id: str
    name: str
    params: int  # total parameters (all experts of an MoE)
    layers: int
    hidden: int
    heads: int
    kv_heads: int
    head_dim: int
    vocab: int
    intermediate: int  # MLP width (per expert for MoE)
    max_context: int
    experts: int = 1
    active_experts: int = 1
    tied_embeddings: bool = False
    mlp: str = "gated"  # gated | plain
    hf_repo: str | None = None
    source: str = "catalog"  # catalog | path of the config.json it came from

    @property
    def q_dim(self) -> int:
        return self.heads * self.head_dim

    @property
    def kv_dim(self) -> int:
        """Width of one token's keys (or values) in one layer: kv heads × head dim (GQA-aware)."""
        return self.kv_heads * self.head_dim

    @property
    def mlp_matrices(self) -> int:
        return 3 if self.mlp == "gated" else 2

    def linear_shapes(self) -> dict[str, tuple[int, int, int]]:
        """(in, out, copies per layer) of every linear layer in one transformer block."""
        h, i = self.hidden, self.intermediate
        shapes = {"q": (h, self.q_dim, 1), "k": (h, self.kv_dim, 1), "v": (h, self.kv_dim, 1), "o": (self.q_dim, h, 1)}
        if self.mlp == "gated":
            shapes.update(gate=(h, i, self.experts), up=(h, i, self.experts), down=(i, h, self.experts))
        else:
            shapes.update(fc1=(h, i, self.experts), fc2=(i, h, self.experts))
        return shapes

    @property
    def block_linear_params(self) -> int:
        """Parameters in the blocks' linear layers: what bitsandbytes/GPTQ quantize."""
        per_layer = sum(a * b * n for a, b, n in self.linear_shapes().values())
        return per_layer * self.layers

    @property
    def embedding_params(self) -> int:
        return self.vocab * self.hidden * (1 if self.tied_embeddings else 2)

    def computed_params(self) -> int:
        norms = (2 * self.layers + 1) * self.hidden
        router = self.layers * self.hidden * self.experts if self.experts > 1 else 0
        return self.block_linear_params + self.embedding_params + norms + router

    @property
    def params_b(self) -> float:
        return self.params / 1e9

    @property
    def largest_matrix(self) -> int:
        """Elements in the biggest single weight tensor (usually the embedding or the LM head)."""
        candidates = [self.vocab * self.hidden] + [a * b for a, b, _ in self.linear_shapes().values()]
        return max(candidates)


# --- the catalog ---------------------------------------------------------------------------------
_MODEL_FIELDS = {
    "id": ("str", True), "name": ("str", True), "hf_repo": ("str", True), "aliases": ("str_list", False),
    "params_b": ("number", True), "layers": ("int", True), "hidden": ("int", True), "heads": ("int", True),
    "kv_heads": ("int", True), "head_dim": ("int", True), "vocab": ("int", True), "intermediate": ("int", True),
    "max_context": ("int", True), "experts": ("int", False), "active_experts": ("int", False),
    "tied_embeddings": ("bool", False), "mlp": ("str", False),
}
_PRESET_FIELDS = {
    "id": ("str", True), "name": ("str", True), "vendor": ("str", True), "vram_gib": ("number", False),
    "unified_memory_gib": ("number", False), "compute_capability": ("str", False), "aliases": ("str_list", False),
}


def _check_value(value: Any, kind: str) -> str | None:
    """Why value is not of kind, or None."""
    if kind == "str":
        return None if isinstance(value, str) and value.strip() else "expected a non-empty string"
    if kind == "int":
        return None if isinstance(value, int) and not isinstance(value, bool) and value > 0 else \
            "expected a whole number above 0"
    if kind == "number":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value > 0
        return None if ok else "expected a finite number above 0"
    if kind == "bool":
        return None if isinstance(value, bool) else "expected true or false"
    if kind == "str_list":
        ok = isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value)
        return None if ok else "expected a list of names"
    raise AssertionError(kind)


def _load_entries(file: Path, key: str, schema: dict[str, tuple[str, bool]]) -> list[dict]:
    """The validated list under `key` of a data file; every problem as FILE:LINE:COLUMN: FIELD: message."""
    import yaml

    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise GenaiError(f"cannot read {file}: {exc}") from None
    try:  # the fast path: one C-speed parse; positions are only worked out for a broken file
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        data = None
    entries = data.get(key) if isinstance(data, dict) else None
    if isinstance(entries, list) and not _problems(entries, key, schema, lambda path, message: False):
        return entries
    _raise_problems(file, text, key, schema)
    raise AssertionError("unreachable")


def _problems(entries: list, key: str, schema: dict[str, tuple[str, bool]], report) -> bool:
    """Calls report(path, message) for every problem; True when there was one."""
    found = False

    def say(path: tuple, message: str) -> None:
        nonlocal found
        found = True
        report(path, message)

    seen: set[str] = set()
    for index, entry in enumerate(entries):
        path = (key, index)
        if not isinstance(entry, dict):
            say(path, "expected a mapping")
            continue
        for field in entry:
            if field not in schema:
                say(path + (field,), f"unknown field '{field}'")
        for field, (kind, required) in schema.items():
            if entry.get(field) is None:
                if required:
                    say(path, f"missing required field '{field}'")
                continue
            why = _check_value(entry[field], kind)
            if why:
                say(path + (field,), f"{why}, got {entry[field]!r}")
        if isinstance(entry.get("id"), str):
            if entry["id"] in seen:
                say(path + ("id",), f"duplicate id '{entry['id']}'")
            seen.add(entry["id"])
    return found


def _raise_problems(file: Path, text: str, key: str, schema: dict[str, tuple[str, bool]]) -> None:
    from genai_roadmap.problems import located
    from genai_roadmap.roadmap import parse_yaml

    data, marks, problems = parse_yaml(text)

    def report(path: tuple, message: str) -> None:
        problems.append(located(marks, path, message))

    entries = data.get(key) if isinstance(data, dict) else None
    if isinstance(entries, list):
        _problems(entries, key, schema, report)
    elif not problems:
        report((key,), f"expected a list under '{key}'")
    problems.sort(key=lambda p: (p.line, p.column))
    raise GenaiError(problems[0].format(str(file)) if len(problems) == 1 else
                     f"{file} has {len(problems)} problems; the first: {problems[0].format(str(file))}",
                     hint="fix the data file (it ships with genai-roadmap: reinstall if you did not edit it)")


def _spec_from_entry(entry: dict) -> ModelSpec:
    return ModelSpec(
        id=entry["id"], name=entry["name"], hf_repo=entry["hf_repo"], params=round(entry["params_b"] * 1e9),
        layers=entry["layers"], hidden=entry["hidden"], heads=entry["heads"], kv_heads=entry["kv_heads"],
        head_dim=entry["head_dim"], vocab=entry["vocab"], intermediate=entry["intermediate"],
        max_context=entry["max_context"], experts=entry.get("experts") or 1,
        active_experts=entry.get("active_experts") or 1, tied_embeddings=bool(entry.get("tied_embeddings")),
        mlp=entry.get("mlp") or "gated",
    )


def _normal(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", name.strip().lower())


_catalog_cache: list[tuple[ModelSpec, list[str]]] | None = None


def catalog() -> list[ModelSpec]:
    """Every catalog model, smallest first."""
    return [spec for spec, _ in _catalog_entries()]


def _catalog_entries() -> list[tuple[ModelSpec, list[str]]]:
    global _catalog_cache
    if _catalog_cache is None:
        entries = _load_entries(CATALOG_FILE, "models", _MODEL_FIELDS)
        pairs = [(_spec_from_entry(e), [str(a) for a in e.get("aliases") or []]) for e in entries]
        _catalog_cache = sorted(pairs, key=lambda pair: pair[0].params)
    return _catalog_cache


def looks_like_path(value: str) -> bool:
    """A config.json (or the folder holding one) rather than a catalog name or Hub repo id."""
    if value.endswith(".json") or "\\" in value or value.startswith((".", "~")):
        return True
    return "/" in value and Path(value).expanduser().exists()


def find_model(name: str) -> ModelSpec:
    """A catalog model by id, alias or Hugging Face repo id, or a local config.json (or its folder)."""
    if looks_like_path(name):
        path = Path(name).expanduser()
        if path.is_dir():
            path = path / "config.json"
        if path.exists():
            return spec_from_config(path)
        raise UsageError(f"--model: no such file {path}")
    wanted = _normal(name)
    names: dict[str, ModelSpec] = {}
    for spec, aliases in _catalog_entries():
        for candidate in [spec.id, spec.hf_repo or "", *aliases]:
            names.setdefault(_normal(candidate), spec)
    if wanted in names:
        return names[wanted]
    ids = [spec.id for spec, _ in _catalog_entries()]
    close = difflib.get_close_matches(name.lower(), ids, n=4, cutoff=0.5)
    close += [i for i in ids if wanted and wanted in _normal(i) and i not in close][: 4 - len(close)]
    hint = ("close matches: " + ", ".join(close)) if close else "see the catalog with: genai hw --list-models"
    raise UsageError(f"--model: unknown model '{name}' (not in the catalog, and not a config.json file)",
                     hint=hint + "; or pass the path to a model's config.json")


# --- config.json ---------------------------------------------------------------------------------
_ALIASES = {
    "hidden": ("hidden_size", "n_embd", "d_model", "dim", "model_dim"),
    "layers": ("num_hidden_layers", "n_layer", "num_layers", "n_layers"),
    "heads": ("num_attention_heads", "n_head", "num_heads", "n_heads"),
    "vocab": ("vocab_size", "padded_vocab_size", "n_vocab"),
}
_OPTIONAL = {
    "kv_heads": ("num_key_value_heads", "n_head_kv", "num_kv_heads", "multi_query_group_num", "n_kv_heads"),
    "head_dim": ("head_dim", "kv_channels"),
    "intermediate": ("moe_intermediate_size", "intermediate_size", "n_inner", "ffn_hidden_size", "ffn_dim",
                     "ffn_dim_multiplier_size"),
    "experts": ("num_local_experts", "n_routed_experts", "num_experts", "moe_num_experts"),
    "active_experts": ("num_experts_per_tok", "moe_topk", "top_k"),
    "max_context": ("max_position_embeddings", "n_positions", "seq_length", "max_sequence_length", "max_seq_len",
                    "n_ctx"),
}


MAX_CONFIG_NUMBER = 2 ** 31
"""Sizes in a config.json above this (2 147 483 648) are not a model's: they would only overflow the
arithmetic. JSON also lets NaN, Infinity and 1e400 (= infinity) through; all are refused here."""


def _field(data: dict, names: tuple[str, ...], file: Path, required: bool) -> tuple[str | None, int | None]:
    for name in names:
        value = data.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
                or not 0 < value <= MAX_CONFIG_NUMBER or int(value) != value:
            shown = repr(value) if not isinstance(value, str) else repr(value[:40])
            raise GenaiError(f"{file}: field '{name}' must be a whole number from 1 to {MAX_CONFIG_NUMBER:,}, "
                             f"got {shown}", hint="is this the config.json of a transformer language model?")
        return name, int(value)
    if required:
        others = f" (also looked for {', '.join(names[1:])})" if len(names) > 1 else ""
        raise GenaiError(f"{file}: missing field '{names[0]}'{others}",
                         hint="pass the config.json of a decoder-only language model (the one next to its weights)")
    return None, None


def spec_from_config(file: Path) -> ModelSpec:
    """A ModelSpec from a Hugging Face `config.json`; errors name the file and the field."""
    from genai_roadmap import files

    try:
        raw = json.loads(files.read_text(file, files.MODEL_CONFIG_MAX_BYTES, "model config"))
    except files.UnreadableFileError as exc:
        raise GenaiError(exc.message, problems=exc.problems, hint=exc.hint) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        where = f" at line {exc.lineno}, column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise GenaiError(f"{file}: not valid JSON{where}: {getattr(exc, 'msg', exc)}") from None
    if not isinstance(raw, dict):
        raise GenaiError(f"{file}: expected a JSON object with the model's settings")
    data = dict(raw)
    if isinstance(raw.get("text_config"), dict):  # multimodal models keep the language model here
        data = {**raw, **raw["text_config"]}
    found = {key: _field(data, names, file, True)[1] for key, names in _ALIASES.items()}
    hidden, heads = found["hidden"], found["heads"]
    opt = {key: _field(data, names, file, False) for key, names in _OPTIONAL.items()}
    model_type = str(data.get("model_type") or "")
    kv_heads = opt["kv_heads"][1]
    if data.get("multi_query") is True:
        kv_heads = 1
    elif kv_heads is None and model_type in ("falcon", "RefinedWeb", "RefinedWebModel") \
            and not data.get("new_decoder_architecture"):
        kv_heads = 1  # falcon-7b style multi-query attention
    kv_heads = kv_heads or heads
    head_dim = opt["head_dim"][1] or hidden // heads
    intermediate = opt["intermediate"][1] or 4 * hidden
    experts = opt["experts"][1] or 1
    active = min(opt["active_experts"][1] or (1 if experts == 1 else 2), experts)
    tied = data.get("tie_word_embeddings")
    tied = bool(tied) if tied is not None else model_type in TIED_BY_DEFAULT
    plain = model_type in PLAIN_MLP_TYPES or str(data.get("hidden_act") or data.get("activation_function")) in (
        "gelu_new", "gelu_fast") and model_type not in ("gemma", "gemma2")
    name = re.sub(r"[\x00-\x1f\x7f-\x9f]", "?", str(data.get("_name_or_path") or file.parent.name or file.stem))[:200]
    spec = ModelSpec(
        id=str(file), name=str(name), params=0, layers=found["layers"], hidden=hidden, heads=heads,
        kv_heads=kv_heads, head_dim=head_dim, vocab=found["vocab"], intermediate=intermediate,
        max_context=opt["max_context"][1] or 4096, experts=experts, active_experts=active, tied_embeddings=tied,
        mlp="plain" if plain else "gated", hf_repo=None, source=str(file),
    )
    if model_type in ("gpt2", "gpt_bigcode"):  # learned position embeddings count too
        return _with_params(spec, spec.computed_params() + spec.max_context * hidden)
    return _with_params(spec, spec.computed_params())


def _with_params(spec: ModelSpec, params: int) -> ModelSpec:
    from dataclasses import replace

    return replace(spec, params=params)


# --- presets -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Preset:
    id: str
    name: str
    vendor: str
    vram_gib: float | None
    unified_memory_gib: float | None
    compute_capability: str | None
    aliases: tuple[str, ...]


_presets_cache: list[Preset] | None = None


def presets() -> list[Preset]:
    global _presets_cache
    if _presets_cache is None:
        entries = _load_entries(PRESETS_FILE, "presets", _PRESET_FIELDS)
        _presets_cache = [Preset(e["id"], e["name"], e["vendor"], e.get("vram_gib"), e.get("unified_memory_gib"),
                                 e.get("compute_capability"), tuple(str(a) for a in e.get("aliases") or []))
                          for e in entries]
    return _presets_cache


def find_preset(name: str) -> Preset:
    wanted = _normal(name)
    all_presets = presets()
    for preset in all_presets:
        if wanted in {_normal(preset.id), _normal(preset.name), *map(_normal, preset.aliases)}:
            return preset
    # "RTX 4090" → rtx-4090; "NVIDIA GeForce RTX 4090" → rtx-4090: accept a unique containment match.
    contained = [p for p in all_presets if _normal(p.id) in wanted or wanted in _normal(p.id)]
    if len(contained) == 1:
        return contained[0]
    ids = [p.id for p in all_presets]
    close = difflib.get_close_matches(name.lower().replace(" ", "-"), ids, n=4, cutoff=0.4)
    raise UsageError(f"--gpu: unknown GPU preset '{name}'",
                     hint=("close matches: " + ", ".join(close) + "; " if close else "") + "presets: " + ", ".join(ids))
