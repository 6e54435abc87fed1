"""What this machine has: GPUs, unified memory, RAM, CPU features and free disk.

Sources are tried in order and each is optional; a missing library or binary, a timeout or output
we cannot parse falls through to the next source, never to a traceback:

  NVIDIA   nvidia-ml-py (pynvml)  →  nvidia-smi --query-gpu=... --format=csv,noheader,nounits
  AMD      amd-smi static --json  →  rocm-smi --showproductname --showmeminfo vram --json
  Apple    sysctl (chip, unified memory, the GPU's share of it)
  CPU      psutil (RAM) or /proc/meminfo, /proc/cpuinfo flags (AVX2/AVX-512), free disk

GENAI_HW_FILE=path.json replaces all of it with a file of the same shape as the `hardware` section
of `genai hw --json`. GENAI_HW_SOURCES=nvml,nvidia-smi,amd-smi,rocm-smi,sysctl limits the GPU
sources tried (an empty value tries none), which tests use to stay independent of the host.

The parse_* functions take recorded command output and are tested on files under tests/data/hw/.
"""

from __future__ import annotations

import json
import math
import os
import platform
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from genai_roadmap.errors import GenaiError

MAX_TEXT = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean_text(value: object, limit: int = MAX_TEXT) -> str:
    """Text from outside (a GPU name, a driver string): control characters become ?, length is bounded."""
    return _CONTROL.sub("?", str(value))[:limit]

GIB = 1024 ** 3
MIB_PER_GIB = 1024
GPU_SOURCES = ("nvml", "nvidia-smi", "amd-smi", "rocm-smi", "sysctl")
COMMAND_TIMEOUT = 5.0
NVIDIA_SMI_FIELDS = ("index", "name", "memory.total", "memory.free", "driver_version", "compute_cap")


@dataclass
class GPU:
    vendor: str  # nvidia | amd | apple | other
    name: str
    vram_total_gib: float
    vram_free_gib: float | None = None
    index: int = 0
    driver_version: str | None = None
    cuda_version: str | None = None
    compute_capability: str | None = None

    def __post_init__(self) -> None:
        # whatever a driver tool or a hardware file says, escape sequences never reach the terminal
        for name in ("vendor", "name", "driver_version", "cuda_version", "compute_capability"):
            value = getattr(self, name)
            if value is not None:
                setattr(self, name, clean_text(value))


@dataclass
class CPU:
    name: str | None = None
    arch: str | None = None
    cores: int | None = None
    threads: int | None = None
    avx2: bool | None = None
    avx512: bool | None = None

    def __post_init__(self) -> None:
        for name in ("name", "arch"):
            value = getattr(self, name)
            if value is not None:
                setattr(self, name, clean_text(value))


@dataclass
class UnifiedMemory:
    """Apple silicon: one pool of memory; Metal lets the GPU use gpu_share_gib of it."""

    chip: str
    total_gib: float
    gpu_share_gib: float


@dataclass
class Hardware:
    gpus: list[GPU] = field(default_factory=list)
    ram_total_gib: float | None = None
    ram_available_gib: float | None = None
    cpu: CPU = field(default_factory=CPU)
    unified_memory: UnifiedMemory | None = None
    disk_free_gib: float | None = None
    os: str | None = None
    source: str = "detected"
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _gib(value: float | None, unit_per_gib: float) -> float | None:
    return None if value is None else round(value / unit_per_gib, 2)


def _run(command: list[str]) -> str | None:
    """stdout of a command, or None when it is missing, fails or hangs."""
    if shutil.which(command[0]) is None:
        return None
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=COMMAND_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode == 0 and proc.stdout.strip() else None


# --- NVIDIA --------------------------------------------------------------------------------------
def parse_nvidia_smi_csv(text: str, fields: tuple[str, ...] = NVIDIA_SMI_FIELDS) -> list[GPU]:
    """Rows of `nvidia-smi --query-gpu=<fields> --format=csv,noheader,nounits` (memory in MiB)."""
    import csv

    gpus = []
    for row in csv.reader(line for line in text.splitlines() if line.strip()):
        if len(row) != len(fields):
            raise ValueError(f"expected {len(fields)} columns, got {len(row)}: {row}")
        values = dict(zip(fields, (cell.strip() for cell in row), strict=True))

        def number(key: str, values: dict[str, str] = values) -> float | None:
            value = values.get(key)
            try:
                return float(value) if value not in (None, "", "[N/A]", "N/A") else None
            except ValueError:
                return None

        total = number("memory.total")
        if total is None:
            raise ValueError(f"no memory.total in {row}")
        cap = values.get("compute_cap")
        gpus.append(GPU(
            vendor="nvidia", name=values.get("name") or "NVIDIA GPU", vram_total_gib=_gib(total, MIB_PER_GIB),
            vram_free_gib=_gib(number("memory.free"), MIB_PER_GIB), index=int(number("index") or len(gpus)),
            driver_version=values.get("driver_version") or None,
            compute_capability=cap if cap and cap not in ("[N/A]", "N/A") else None,
        ))
    return gpus


def parse_nvidia_smi_cuda_version(text: str) -> str | None:
    """The 'CUDA Version: 12.2' in the banner of plain `nvidia-smi`."""
    match = re.search(r"CUDA Version:\s*([\d.]+)", text)
    return match.group(1) if match else None


def nvidia_smi() -> list[GPU]:
    fields = NVIDIA_SMI_FIELDS
    out = _run(["nvidia-smi", f"--query-gpu={','.join(fields)}", "--format=csv,noheader,nounits"])
    if out is None:  # drivers before 510 do not know compute_cap
        fields = fields[:-1]
        out = _run(["nvidia-smi", f"--query-gpu={','.join(fields)}", "--format=csv,noheader,nounits"])
    if out is None:
        return []
    gpus = parse_nvidia_smi_csv(out, fields)
    cuda = parse_nvidia_smi_cuda_version(_run(["nvidia-smi"]) or "")
    for gpu in gpus:
        gpu.cuda_version = cuda
    return gpus


def nvml() -> list[GPU]:
    try:
        import pynvml
    except ImportError:
        return []
    try:
        pynvml.nvmlInit()
    except Exception:  # no driver, no device: NVMLError subclasses
        return []
    try:
        def text(value: Any) -> str:
            return value.decode() if isinstance(value, bytes) else str(value)

        driver = text(pynvml.nvmlSystemGetDriverVersion())
        try:
            version = pynvml.nvmlSystemGetCudaDriverVersion_v2()
            cuda = f"{version // 1000}.{version % 1000 // 10}"
        except Exception:
            cuda = None
        gpus = []
        for index in range(pynvml.nvmlDeviceGetCount()):
            handle = pynvml.nvmlDeviceGetHandleByIndex(index)
            memory = pynvml.nvmlDeviceGetMemoryInfo(handle)
            try:
                major, minor = pynvml.nvmlDeviceGetCudaComputeCapability(handle)
                capability = f"{major}.{minor}"
            except Exception:
                capability = None
            gpus.append(GPU("nvidia", text(pynvml.nvmlDeviceGetName(handle)), _gib(memory.total, GIB),
                            _gib(memory.free, GIB), index, driver, cuda, capability))
        return gpus
    finally:
        try:
            pynvml.nvmlShutdown()
        except Exception:
            pass


# --- AMD -----------------------------------------------------------------------------------------
def _bytes_from(value: Any, unit: str | None = None) -> float | None:
    """Bytes from 25753026560, "25753026560", {"value": 24560, "unit": "MB"} or "24560 MB"."""
    if isinstance(value, dict):
        return _bytes_from(value.get("value"), value.get("unit"))
    if isinstance(value, str):
        match = re.match(r"^\s*([\d.]+)\s*([A-Za-z]*)\s*$", value)
        if not match:
            return None
        value, unit = float(match.group(1)), match.group(2) or unit
    if not isinstance(value, (int, float)):
        return None
    scale = {"": 1, "B": 1, "KB": 1024, "KIB": 1024, "MB": 1024 ** 2, "MIB": 1024 ** 2, "GB": GIB, "GIB": GIB}
    return float(value) * scale.get((unit or "").upper(), 1)


def parse_rocm_smi_json(text: str) -> list[GPU]:
    """`rocm-smi --showproductname --showmeminfo vram --json`: {"card0": {...}, ...}."""
    data = json.loads(text)
    gpus = []
    for key in sorted(k for k in data if k.lower().startswith("card")):
        card = {k.lower(): v for k, v in data[key].items()}
        total = _bytes_from(card.get("vram total memory (b)"))
        if total is None:
            continue
        used = _bytes_from(card.get("vram total used memory (b)"))
        name = (card.get("card series") or card.get("card model") or card.get("device name")
                or card.get("card sku") or "AMD GPU")
        index = int(re.sub(r"\D", "", key) or len(gpus))
        gpus.append(GPU("amd", str(name).strip(), _gib(total, GIB),
                        _gib(total - used, GIB) if used is not None else None, index,
                        card.get("driver version")))
    return gpus


def parse_amd_smi_json(text: str) -> list[GPU]:
    """`amd-smi static --asic --vram --json`: a list (or {"gpu_data": [...]}) of per-GPU objects."""
    data = json.loads(text)
    if isinstance(data, dict):
        data = data.get("gpu_data") or [data]
    gpus = []
    for entry in data:
        if not isinstance(entry, dict):
            continue
        vram = entry.get("vram") or {}
        total = _bytes_from(vram.get("size"))
        if total is None:
            continue
        asic = entry.get("asic") or {}
        name = asic.get("market_name") or asic.get("device_id") or "AMD GPU"
        gpus.append(GPU("amd", str(name), _gib(total, GIB), None, int(entry.get("gpu", len(gpus)))))
    return gpus


def amd_smi() -> list[GPU]:
    out = _run(["amd-smi", "static", "--asic", "--vram", "--json"])
    return parse_amd_smi_json(out) if out else []


def rocm_smi() -> list[GPU]:
    out = _run(["rocm-smi", "--showproductname", "--showmeminfo", "vram", "--json"])
    return parse_rocm_smi_json(out) if out else []


# --- Apple ---------------------------------------------------------------------------------------
SYSCTL_KEYS = ("machdep.cpu.brand_string", "hw.memsize", "hw.physicalcpu", "hw.logicalcpu", "iogpu.wired_limit_mb")


def metal_gpu_share_gib(total_gib: float) -> float:
    """Metal's default recommendedMaxWorkingSetSize: about 2/3 of memory up to 36 GB, 3/4 above."""
    return round(total_gib * (2 / 3 if total_gib <= 36 else 3 / 4), 2)


def parse_sysctl(text: str) -> dict[str, str]:
    """`sysctl key1 key2 …` output ("key: value" lines) as a dict."""
    values = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            values[key.strip()] = value.strip()
    return values


def apple_from_sysctl(values: dict[str, str]) -> tuple[UnifiedMemory, GPU, CPU] | None:
    chip = values.get("machdep.cpu.brand_string", "")
    if not chip.startswith("Apple") or not values.get("hw.memsize", "").isdigit():
        return None
    total = int(values["hw.memsize"]) / GIB
    share = metal_gpu_share_gib(total)
    wired = values.get("iogpu.wired_limit_mb", "0")
    if wired.isdigit() and int(wired) > 0:  # the user raised (or lowered) the GPU limit
        share = round(int(wired) / MIB_PER_GIB, 2)
    memory = UnifiedMemory(chip, round(total, 2), share)
    cores = values.get("hw.physicalcpu", "")
    threads = values.get("hw.logicalcpu", "")
    cpu = CPU(chip, "arm64", int(cores) if cores.isdigit() else None, int(threads) if threads.isdigit() else None,
              False, False)
    return memory, GPU("apple", f"{chip} GPU", share, None, 0), cpu


def sysctl() -> tuple[UnifiedMemory, GPU, CPU] | None:
    if platform.system() != "Darwin":
        return None
    # one key at a time: an unknown key (iogpu.wired_limit_mb before macOS 14) fails the whole call
    values: dict[str, str] = {}
    for key in SYSCTL_KEYS:
        values.update(parse_sysctl(_run(["sysctl", key]) or ""))
    return apple_from_sysctl(values)


# --- CPU, RAM, disk ------------------------------------------------------------------------------
def parse_cpuinfo(text: str) -> CPU:
    """/proc/cpuinfo: model name, core counts and the avx2/avx512f flags."""
    name = cores = None
    flags: set[str] = set()
    processors = 0
    for line in text.splitlines():
        key, _, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if key == "processor":
            processors += 1
        elif key == "model name" and name is None:
            name = value
        elif key == "cpu cores" and cores is None and value.isdigit():
            cores = int(value)
        elif key in ("flags", "Features") and not flags:
            flags = set(value.split())
    return CPU(name, None, cores, processors or None, "avx2" in flags if flags else None,
               "avx512f" in flags if flags else None)


def parse_meminfo(text: str) -> tuple[float | None, float | None]:
    """(MemTotal, MemAvailable) in GiB from /proc/meminfo."""
    values = {}
    for line in text.splitlines():
        match = re.match(r"^(\w+):\s+(\d+)\s*kB", line)
        if match:
            values[match.group(1)] = int(match.group(2)) * 1024
    return _gib(values.get("MemTotal"), GIB), _gib(values.get("MemAvailable"), GIB)


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def cpu_and_ram() -> tuple[CPU, float | None, float | None]:
    cpu = parse_cpuinfo(_read("/proc/cpuinfo"))
    cpu.arch = platform.machine() or None
    try:
        import psutil

        memory = psutil.virtual_memory()
        total, available = _gib(memory.total, GIB), _gib(memory.available, GIB)
        cpu.cores = cpu.cores or psutil.cpu_count(logical=False)
        cpu.threads = cpu.threads or psutil.cpu_count(logical=True)
    except Exception:  # psutil missing or unsupported here
        total, available = parse_meminfo(_read("/proc/meminfo"))
        cpu.threads = cpu.threads or os.cpu_count()
    cpu.name = cpu.name or platform.processor() or None
    return cpu, total, available


def model_storage_dir() -> Path:
    """Where downloaded weights usually go: the Hugging Face cache, else the home directory."""
    hf_home = os.environ.get("HF_HOME") or os.path.join(os.path.expanduser("~"), ".cache", "huggingface")
    for candidate in (Path(hf_home), Path.home()):
        if candidate.exists():
            return candidate
    return Path.cwd()


def disk_free_gib() -> float | None:
    try:
        return _gib(shutil.disk_usage(model_storage_dir()).free, GIB)
    except OSError:
        return None


# --- putting it together -------------------------------------------------------------------------
def enabled_sources() -> tuple[str, ...]:
    value = os.environ.get("GENAI_HW_SOURCES")
    if value is None:
        return GPU_SOURCES
    return tuple(s.strip() for s in value.split(",") if s.strip())


def detect() -> Hardware:
    hw = Hardware(os=f"{platform.system()} {platform.release()}".strip() or None)
    sources = enabled_sources()
    gpu_probes: list[tuple[str, Callable[[], list[GPU]]]] = [
        ("nvml", nvml), ("nvidia-smi", nvidia_smi), ("amd-smi", amd_smi), ("rocm-smi", rocm_smi)]
    used = []
    nvidia_found = amd_found = False
    for name, probe in gpu_probes:
        if name not in sources or (nvidia_found and name == "nvidia-smi") or (amd_found and name == "rocm-smi"):
            continue
        try:
            gpus = probe()
        except Exception as exc:  # unparseable output: note it and fall through to the next source
            hw.notes.append(f"{name}: ignored unexpected output ({type(exc).__name__}: {exc})")
            continue
        if gpus:
            hw.gpus += gpus
            used.append(name)
            nvidia_found = nvidia_found or name in ("nvml", "nvidia-smi")
            amd_found = amd_found or name in ("amd-smi", "rocm-smi")
    cpu, hw.ram_total_gib, hw.ram_available_gib = cpu_and_ram()
    hw.cpu = cpu
    if "sysctl" in sources:
        try:
            apple = sysctl()
        except Exception as exc:
            apple = None
            hw.notes.append(f"sysctl: ignored unexpected output ({type(exc).__name__}: {exc})")
        if apple:
            hw.unified_memory, gpu, apple_cpu = apple
            hw.gpus.append(gpu)
            hw.cpu = CPU(apple_cpu.name, apple_cpu.arch or cpu.arch, apple_cpu.cores or cpu.cores,
                         apple_cpu.threads or cpu.threads, False, False)
            hw.ram_total_gib = hw.unified_memory.total_gib
            used.append("sysctl")
    hw.disk_free_gib = disk_free_gib()
    hw.source = "detected: " + (", ".join(used + ["cpu"]))
    return hw


# --- GENAI_HW_FILE -------------------------------------------------------------------------------
MAX_HW_FILE_GPUS = 64
"""GPUs a hardware file may list (the same bound as --gpus): more is not a machine genai hw plans for."""
MAX_HW_FILE_BYTES = 1024 * 1024
MAX_NUMBER = 1e6  # GiB, cores: far above any machine, far below what would overflow a calculation


def _number(data: dict, key: str, where: str, file: Path, required: bool = False) -> float | None:
    value = data.get(key)
    if value is None:
        if required:
            raise GenaiError(f"{file}: {where}{key}: missing (a number of GiB)",
                             hint="see the shape in docs/hardware.md, or save one with: genai hw --json")
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise GenaiError(f"{file}: {where}{key}: expected a number ≥ 0, got {value!r}")
    if not math.isfinite(value) or not 0 <= value <= MAX_NUMBER:
        raise GenaiError(f"{file}: {where}{key}: expected a finite number from 0 to {MAX_NUMBER:g}, got {value!r}",
                         hint="NaN, Infinity and numbers like 1e400 are not sizes")
    return float(value)


def _text(data: dict, key: str, where: str, file: Path) -> str | None:
    value = data.get(key)
    if value is not None and (not isinstance(value, (str, int, float)) or isinstance(value, bool)):
        raise GenaiError(f"{file}: {where}{key}: expected text, got {type(value).__name__}")
    return None if value is None else clean_text(value)


def _flag(data: dict, key: str, where: str, file: Path) -> bool | None:
    value = data.get(key)
    if value is not None and not isinstance(value, bool):
        raise GenaiError(f"{file}: {where}{key}: expected true or false, got {value!r}")
    return value


def _index(raw: dict, default: int, where: str, file: Path) -> int:
    value = raw.get("index", default)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 1024:
        raise GenaiError(f"{file}: {where}index: expected a whole number from 0 to 1023, got {value!r}")
    return value


def hardware_from_dict(data: Any, file: Path) -> Hardware:
    """A Hardware from GENAI_HW_FILE's JSON; errors name the file and the field."""
    if isinstance(data, dict) and isinstance(data.get("hardware"), dict):  # a saved `genai hw --json`
        data = data["hardware"]
    if not isinstance(data, dict):
        raise GenaiError(f"{file}: expected a JSON object with 'gpus', 'ram_total_gib', 'cpu'…")
    gpus_raw = data.get("gpus", [])
    if not isinstance(gpus_raw, list):
        raise GenaiError(f"{file}: gpus: expected a list, got {type(gpus_raw).__name__}")
    if len(gpus_raw) > MAX_HW_FILE_GPUS:
        raise GenaiError(f"{file}: gpus: {len(gpus_raw)} GPUs; a hardware file may list at most {MAX_HW_FILE_GPUS}")
    gpus = []
    for index, raw in enumerate(gpus_raw):
        where = f"gpus[{index}]."
        if not isinstance(raw, dict):
            raise GenaiError(f"{file}: gpus[{index}]: expected an object")
        vendor = (_text(raw, "vendor", where, file) or "other").lower()
        gpus.append(GPU(vendor, _text(raw, "name", where, file) or f"{vendor} GPU",
                        _number(raw, "vram_total_gib", where, file, required=True),
                        _number(raw, "vram_free_gib", where, file), _index(raw, index, where, file),
                        _text(raw, "driver_version", where, file), _text(raw, "cuda_version", where, file),
                        _text(raw, "compute_capability", where, file)))
    cpu_raw = data.get("cpu") or {}
    if not isinstance(cpu_raw, dict):
        raise GenaiError(f"{file}: cpu: expected an object")
    cores, threads = _number(cpu_raw, "cores", "cpu.", file), _number(cpu_raw, "threads", "cpu.", file)
    cpu = CPU(_text(cpu_raw, "name", "cpu.", file), _text(cpu_raw, "arch", "cpu.", file),
              int(cores) if cores is not None else None, int(threads) if threads is not None else None,
              _flag(cpu_raw, "avx2", "cpu.", file), _flag(cpu_raw, "avx512", "cpu.", file))
    unified = None
    um_raw = data.get("unified_memory")
    if um_raw is not None:
        if not isinstance(um_raw, dict):
            raise GenaiError(f"{file}: unified_memory: expected an object or null")
        total = _number(um_raw, "total_gib", "unified_memory.", file, required=True)
        share = _number(um_raw, "gpu_share_gib", "unified_memory.", file) or metal_gpu_share_gib(total)
        unified = UnifiedMemory(_text(um_raw, "chip", "unified_memory.", file) or "Apple silicon", total, share)
        if not any(g.vendor == "apple" for g in gpus):
            gpus.append(GPU("apple", f"{unified.chip} GPU", share))
    return Hardware(gpus, _number(data, "ram_total_gib", "", file), _number(data, "ram_available_gib", "", file),
                    cpu, unified, _number(data, "disk_free_gib", "", file), _text(data, "os", "", file),
                    f"file: {file}")


def load_hardware_file(file: Path) -> Hardware:
    from genai_roadmap import files

    try:
        data = json.loads(files.read_text(file, MAX_HW_FILE_BYTES, "hardware file"))
    except files.UnreadableFileError as exc:
        raise GenaiError(f"GENAI_HW_FILE: {exc.message}", problems=exc.problems,
                         hint="point GENAI_HW_FILE at a JSON file, or unset it to detect this machine") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        where = f" at line {exc.lineno}, column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise GenaiError(f"{file}: not valid JSON{where}: {getattr(exc, 'msg', exc)}",
                         hint="GENAI_HW_FILE names this file; unset it to detect this machine") from None
    return hardware_from_dict(data, file)
