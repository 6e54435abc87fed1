"""Hardware detection (hardware/detect.py): parsers on recorded outputs, the fall-through between
sources through the real `genai` script with stand-in binaries on PATH, and GENAI_HW_FILE."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from conftest import DATA
from genai_roadmap.hardware import detect

HW = DATA / "hw"


def read(name: str) -> str:
    return (HW / name).read_text(encoding="utf-8")


# --- parsers on recorded output ------------------------------------------------------------------
def test_nvidia_smi_one_gpu():
    (gpu,) = detect.parse_nvidia_smi_csv(read("nvidia-smi-1gpu.csv"))
    assert (gpu.vendor, gpu.name, gpu.index) == ("nvidia", "NVIDIA GeForce RTX 4070", 0)
    assert gpu.vram_total_gib == round(12282 / 1024, 2) and gpu.vram_free_gib == round(11523 / 1024, 2)
    assert (gpu.driver_version, gpu.compute_capability) == ("550.54.14", "8.9")


def test_nvidia_smi_two_gpus_keep_their_own_free_memory():
    gpus = detect.parse_nvidia_smi_csv(read("nvidia-smi-2gpu.csv"))
    assert [g.index for g in gpus] == [0, 1]
    assert [g.vram_total_gib for g in gpus] == [80.0, 80.0]
    assert gpus[1].vram_free_gib == round(2311 / 1024, 2)


def test_nvidia_smi_from_a_driver_without_compute_cap():
    (gpu,) = detect.parse_nvidia_smi_csv(read("nvidia-smi-old-driver.csv"), detect.NVIDIA_SMI_FIELDS[:-1])
    assert (gpu.name, gpu.vram_total_gib, gpu.compute_capability) == ("Tesla T4", 15.0, None)


def test_nvidia_smi_output_of_another_shape_is_an_error_not_a_guess():
    with pytest.raises(ValueError):
        detect.parse_nvidia_smi_csv("No devices were found\n")


def test_cuda_version_comes_from_the_nvidia_smi_banner():
    assert detect.parse_nvidia_smi_cuda_version(read("nvidia-smi.txt")) == "12.4"
    assert detect.parse_nvidia_smi_cuda_version("") is None


def test_rocm_smi_json():
    (gpu,) = detect.parse_rocm_smi_json(read("rocm-smi.json"))
    assert (gpu.vendor, gpu.name) == ("amd", "Radeon RX 7900 XTX")
    assert gpu.vram_total_gib == round(25753026560 / 1024 ** 3, 2)
    assert gpu.vram_free_gib == round((25753026560 - 1543503872) / 1024 ** 3, 2)


def test_amd_smi_json():
    gpus = detect.parse_amd_smi_json(read("amd-smi.json"))
    assert [(g.name, g.index) for g in gpus] == [("AMD Instinct MI300X", 0), ("AMD Instinct MI300X", 1)]
    assert gpus[0].vram_total_gib == round(196592 / 1024, 2)


def test_sysctl_on_an_m2_max_gives_unified_memory_and_the_gpu_share():
    memory, gpu, cpu = detect.apple_from_sysctl(detect.parse_sysctl(read("sysctl-m2-max.txt")))
    assert (memory.chip, memory.total_gib) == ("Apple M2 Max", 32.0)
    assert memory.gpu_share_gib == round(32 * 2 / 3, 2)  # Metal's default working set below 36 GB
    assert (gpu.vendor, gpu.vram_total_gib) == ("apple", memory.gpu_share_gib)
    assert (cpu.cores, cpu.arch, cpu.avx2) == (12, "arm64", False)


def test_a_raised_gpu_wired_limit_wins_over_the_default_share():
    values = detect.parse_sysctl(read("sysctl-m2-max.txt").replace("iogpu.wired_limit_mb: 0",
                                                                    "iogpu.wired_limit_mb: 28672"))
    memory, _, _ = detect.apple_from_sysctl(values)
    assert memory.gpu_share_gib == 28.0


def test_big_macs_get_three_quarters():
    assert detect.metal_gpu_share_gib(64) == 48.0 and detect.metal_gpu_share_gib(16) == round(16 * 2 / 3, 2)


def test_sysctl_of_an_intel_mac_is_not_apple_silicon():
    assert detect.apple_from_sysctl({"machdep.cpu.brand_string": "Intel(R) Core(TM) i9", "hw.memsize": "1"}) is None


def test_cpuinfo_flags():
    cpu = detect.parse_cpuinfo(read("cpuinfo.txt"))
    assert (cpu.name, cpu.threads, cpu.avx2, cpu.avx512) == ("Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz", 2, True, True)
    old = detect.parse_cpuinfo(read("cpuinfo-old.txt"))
    assert (old.cores, old.avx2, old.avx512) == (4, False, False)
    assert detect.parse_cpuinfo("").avx2 is None  # unknown, not "no"


def test_meminfo():
    assert detect.parse_meminfo(read("meminfo.txt")) == (round(32777216 / 1024 ** 2, 2), 24.0)


# --- fall-through through the real command -------------------------------------------------------
def fake_bin(tmp_path: Path, name: str, script: str) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    tool = bin_dir / name
    tool.write_text("#!/bin/sh\n" + script)
    tool.chmod(tool.stat().st_mode | stat.S_IEXEC)
    return bin_dir


def path_with(bin_dir: Path) -> str:
    return os.pathsep.join([str(bin_dir), "/usr/bin", "/bin"])


pytestmark_posix = pytest.mark.skipif(sys.platform == "win32", reason="stand-in binaries are shell scripts")


@pytestmark_posix
def test_nvidia_smi_is_used_when_nvidia_ml_py_is_not(genai, tmp_path):
    bin_dir = fake_bin(tmp_path, "nvidia-smi", f"""case "$1" in
  --query-gpu=*) cat "{HW / 'nvidia-smi-2gpu.csv'}" ;;
  *) cat "{HW / 'nvidia-smi.txt'}" ;;
esac
""")
    r = genai("hw", "--json", env={"PATH": path_with(bin_dir), "GENAI_HW_SOURCES": "nvml,nvidia-smi"})
    assert r.code == 0, r
    hw = r.json()["hardware"]
    assert "nvidia-smi" in hw["source"]
    assert [(g["name"], g["vram_total_gib"], g["cuda_version"]) for g in hw["gpus"]] == \
        [("NVIDIA A100-SXM4-80GB", 80.0, "12.4")] * 2
    assert [d["id"] for d in r.json()["devices"]][:2] == ["gpu0", "gpu1"]


@pytestmark_posix
def test_an_old_driver_without_compute_cap_is_retried_without_it(genai, tmp_path):
    bin_dir = fake_bin(tmp_path, "nvidia-smi", f"""case "$1" in
  *compute_cap*) echo 'Field "compute_cap" is not a valid field to query.' >&2; exit 2 ;;
  --query-gpu=*) cat "{HW / 'nvidia-smi-old-driver.csv'}" ;;
  *) exit 1 ;;
esac
""")
    r = genai("hw", "--json", env={"PATH": path_with(bin_dir), "GENAI_HW_SOURCES": "nvidia-smi"})
    assert r.code == 0, r
    assert r.json()["hardware"]["gpus"][0]["name"] == "Tesla T4"


@pytestmark_posix
def test_unparseable_output_falls_through_without_a_traceback(genai, tmp_path):
    bin_dir = fake_bin(tmp_path, "nvidia-smi", "echo 'NVIDIA-SMI has failed because it could not communicate'\n")
    r = genai("hw", env={"PATH": path_with(bin_dir), "GENAI_HW_SOURCES": "nvidia-smi,rocm-smi"})
    assert r.code == 0, r
    assert "Traceback" not in r.err + r.out
    assert "No GPU found" in r.out and "nvidia-smi: ignored unexpected output" in r.out


@pytestmark_posix
def test_rocm_smi_is_read_for_amd_gpus(genai, tmp_path):
    bin_dir = fake_bin(tmp_path, "rocm-smi", f'cat "{HW / "rocm-smi.json"}"\n')
    r = genai("hw", "--json", env={"PATH": path_with(bin_dir), "GENAI_HW_SOURCES": "amd-smi,rocm-smi"})
    assert r.code == 0, r
    assert r.json()["hardware"]["gpus"][0]["vendor"] == "amd"
    assert r.json()["devices"][0]["kind"] == "rocm"


@pytestmark_posix
def test_amd_smi_comes_before_rocm_smi(genai, tmp_path):
    fake_bin(tmp_path, "rocm-smi", f'cat "{HW / "rocm-smi.json"}"\n')
    bin_dir = fake_bin(tmp_path, "amd-smi", f'cat "{HW / "amd-smi.json"}"\n')
    r = genai("hw", "--json", env={"PATH": path_with(bin_dir), "GENAI_HW_SOURCES": "amd-smi,rocm-smi"})
    gpus = r.json()["hardware"]["gpus"]
    assert [g["name"] for g in gpus] == ["AMD Instinct MI300X"] * 2 and "rocm-smi" not in r.json()["hardware"]["source"]


def test_with_no_gpu_source_a_cpu_only_machine_still_gets_an_answer(genai):
    r = genai("hw", "--json", env={"GENAI_HW_SOURCES": ""})
    assert r.code == 0, r
    data = r.json()
    assert data["hardware"]["gpus"] == [] and data["hardware"]["source"] == "detected: cpu"
    assert data["hardware"]["ram_total_gib"] > 0 and data["devices"][-1]["id"] == "cpu"
    inference = next(rec for rec in data["recommendations"] if rec["task"] == "inference")
    assert inference["picks"], "a machine with RAM can run some model on its CPU"
    qlora = next(rec for rec in data["recommendations"] if rec["task"] == "qlora")
    assert qlora["picks"] == [] and any("Colab" in line for line in qlora["advice"])


# --- GENAI_HW_FILE -------------------------------------------------------------------------------
def test_hw_file_replaces_detection(genai):
    r = genai("hw", "--json", env={"GENAI_HW_FILE": str(HW / "rtx4070.json")})
    hw = r.json()["hardware"]
    assert hw["source"] == f"file: {HW / 'rtx4070.json'}"
    assert hw["gpus"][0]["name"] == "NVIDIA GeForce RTX 4070" and hw["ram_total_gib"] == 31.2


def test_a_saved_json_output_is_a_valid_hw_file(genai, tmp_path):
    saved = tmp_path / "mine.json"
    saved.write_text(genai("hw", "--json", env={"GENAI_HW_FILE": str(HW / "two-gpus.json")}).out)
    data = genai("hw", "--json", env={"GENAI_HW_FILE": str(saved)}).json()
    assert [g["name"] for g in data["hardware"]["gpus"]] == ["NVIDIA GeForce RTX 3060", "NVIDIA GeForce RTX 4090"]


def test_unified_memory_in_a_hw_file_becomes_an_apple_device(genai):
    data = genai("hw", "--json", env={"GENAI_HW_FILE": str(HW / "m2-max.json")}).json()
    assert data["hardware"]["unified_memory"] == {"chip": "Apple M2 Max", "total_gib": 32.0,
                                                  "gpu_share_gib": round(32 * 2 / 3, 2)}
    assert [d["id"] for d in data["devices"]] == ["apple"]


@pytest.mark.parametrize("name, expected", [
    ("bad-field.json", "gpus[0].vram_total_gib: expected a number"),
    ("not-json.json", "not valid JSON at line 3"),
    ("does-not-exist.json", "does not exist"),
])
def test_a_bad_hw_file_names_the_file_and_field(genai, name, expected):
    r = genai("hw", env={"GENAI_HW_FILE": str(HW / name)})
    assert r.code == 1 and expected in r.err and name in r.err and "Traceback" not in r.err, r


def test_detection_is_cached_for_genai_next(genai, genai_home):
    genai("hw", env={"GENAI_HW_FILE": str(HW / "rtx4070.json")})
    cache = json.loads((genai_home / "cache" / "hardware.json").read_text())
    assert cache["hardware"]["gpus"][0]["name"] == "NVIDIA GeForce RTX 4070" and cache["detected_at"]
    assert cache["summary"]["tasks"]["qlora"]["quant"] == "nf4"
    paths = genai("path", "--json").json()["paths"]
    assert paths["hardware_cache"] == str(genai_home / "cache" / "hardware.json")
