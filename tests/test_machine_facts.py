"""The readers of Linux's processor files, on fake /sys and /proc trees, complete or not."""

from __future__ import annotations

from pathlib import Path

from mmref.figures import Text, hardware_note
from mmref.printout import hardware
from mmref.timing import Cache, cpu_caches, cpu_list, cpu_topology, hypervisor


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")


def fake_cpu(root: Path, cpu: int, core: int, siblings: str, caches: dict) -> None:
    write(root / f"cpu{cpu}/topology/physical_package_id", "0")
    write(root / f"cpu{cpu}/topology/core_id", str(core))
    write(root / f"cpu{cpu}/topology/thread_siblings_list", siblings)
    for i, (level, kind, size, shared) in enumerate(caches):
        for name, value in zip(("level", "type", "size", "shared_cpu_list"), (level, kind, size, shared)):
            write(root / f"cpu{cpu}/cache/index{i}/{name}", value)


CACHES = [("1", "Data", "48K", "0,4"), ("1", "Instruction", "32K", "0,4"),
          ("2", "Unified", "2048K", "0,4"), ("3", "Unified", "36M", "0-7")]


def test_cpu_list():
    assert cpu_list("0-3,8,10-11") == {0, 1, 2, 3, 8, 10, 11}
    assert cpu_list("") == set()


def test_topology_counts_physical_cores_and_threads(tmp_path):
    # 4 cores with 2 threads each: cpu i and i+4 share core i
    for cpu in range(8):
        fake_cpu(tmp_path, cpu, cpu % 4, f"{cpu % 4},{cpu % 4 + 4}", CACHES)
    assert cpu_topology(range(8), tmp_path) == (4, 2)
    assert cpu_topology([0, 4], tmp_path) == (1, 2)  # two logical cores, one physical
    assert cpu_topology([0, 1], tmp_path) == (2, 2)


def test_topology_missing_files_is_none(tmp_path):
    fake_cpu(tmp_path, 0, 0, "0", CACHES)
    (tmp_path / "cpu0/topology/core_id").unlink()
    assert cpu_topology([0], tmp_path) is None
    assert cpu_topology([0], tmp_path / "absent") is None


def test_caches_sizes_and_sharing(tmp_path):
    fake_cpu(tmp_path, 0, 0, "0,4", CACHES)
    assert cpu_caches(0, tmp_path) == {"L1d": Cache(48, 2), "L2": Cache(2048, 2),
                                       "L3": Cache(36864, 8)}


def test_caches_skip_an_incomplete_index_and_a_missing_tree(tmp_path):
    fake_cpu(tmp_path, 0, 0, "0", CACHES)
    (tmp_path / "cpu0/cache/index3/size").unlink()
    assert set(cpu_caches(0, tmp_path)) == {"L1d", "L2"}
    assert cpu_caches(0, tmp_path / "absent") == {}


def test_hypervisor_flag(tmp_path):
    info = tmp_path / "cpuinfo"
    write(info, "model name\t: AMD EPYC\nflags\t\t: fpu sse2 hypervisor avx2\n")
    assert hypervisor(info) is True
    write(info, "model name\t: AMD EPYC\nflags\t\t: fpu sse2 avx2\n")
    assert hypervisor(info) is False
    write(info, "model name\t: Apple M2\n")
    assert hypervisor(info) is None
    assert hypervisor(tmp_path / "absent") is None


def test_lines_say_not_reported_for_missing_facts():
    """Results from a system that reports nothing but a name and a core count."""
    facts = {"cpu": "arm", "cores": 8}
    for lang, words in (("en", "not reported"), ("es", "no informado")):
        line = hardware(Text(lang), facts)
        assert line.count(words) == 6, line
    assert hardware_note(Text("en"), facts) == ""


def test_shared_l2_is_not_called_per_core():
    facts = dict(threads_per_core=1, l2_kib=2048, l2_shared_by=4, l3_kib=1536, l3_shared_by=4,
                 virtual="physical")
    assert hardware_note(Text("en"), facts) == "L2 2 MiB per 4 logical cores, L3 1.5 MiB"
    assert hardware_note(Text("es"), facts) == "L2 2 MiB por cada 4 núcleos lógicos, L3 1,5 MiB"
