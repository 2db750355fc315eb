"""The student server's kernel pool (widgets.server.launcher); the kernel manager's culling and refill (widgets.server.kernel_pool)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from widgets.server import launcher as serve
from widgets.server.kernel_pool import ClinquizKernelManager

# -- the launcher ---------------------------------------------------------------------------


def test_the_student_server_gets_a_pool_and_the_instructor_none():
    options = serve.Options(quiz_port=9001, instructor_port=9002, pool_size=12)
    student = serve.student_command(options, python="py")
    assert student[-2:] == ["--preheat_kernel=True", "--pool_size=12"]
    assert not any("preheat" in part or "pool_size" in part for part in serve.instructor_command(options, "py"))
    none = serve.student_command(serve.Options(pool_size=0), python="py")
    assert not any("preheat" in part or "pool_size" in part for part in none)


def test_the_default_pool_is_a_class_unless_memory_is_short():
    assert serve.default_pool_size(available_mb=64_000) == serve.CLASS_SIZE
    # the pool and its refill after a burst (2 x pool x KERNEL_MB) stay within half the memory available
    assert serve.default_pool_size(available_mb=8_000) == 8_000 // (4 * serve.KERNEL_MB)
    assert 2 * serve.default_pool_size(available_mb=8_000) * serve.KERNEL_MB <= 8_000 / 2
    assert serve.default_pool_size(available_mb=100) == 0
    assert 0 <= serve.default_pool_size() <= serve.CLASS_SIZE


def test_pool_size_option_and_environment():
    assert serve.parse_args(["--pool-size", "25"], environ={}).pool_size == 25
    assert serve.parse_args([], environ={serve.POOL_ENV: "7"}).pool_size == 7
    assert serve.parse_args([], environ={}).pool_size == serve.default_pool_size()  # the launcher's default
    assert serve.Options().pool_size == 0  # servers started from code (tests) have no pool unless asked
    with pytest.raises(SystemExit):
        serve.parse_args(["--pool-size", "-1"], environ={})


# -- the kernel manager ---------------------------------------------------------------------


def fake_kernel(idle_s: float, state: str = "idle") -> SimpleNamespace:
    return SimpleNamespace(
        last_activity=datetime.now(timezone.utc) - timedelta(seconds=idle_s),
        execution_state=state,
        kernel_name="python3",
        kernel_spec=SimpleNamespace(metadata={}),
    )


@pytest.fixture
def manager(monkeypatch):
    made = ClinquizKernelManager(cull_idle_timeout=1800, cull_disconnected_timeout=600, cull_connected=True)
    made.shut: list[str] = []

    async def shutdown_kernel(kernel_id, *args, **kwargs):
        made.shut.append(kernel_id)

    monkeypatch.setattr(made, "shutdown_kernel", shutdown_kernel)
    return made


def cull(manager: ClinquizKernelManager, kernels: dict[str, SimpleNamespace], connections: dict[str, int]) -> list[str]:
    manager._kernels.update(kernels)
    manager._kernel_connections.update(connections)
    for kernel_id in kernels:
        asyncio.run(manager.cull_kernel_if_idle(kernel_id))
    return manager.shut


def test_a_closed_page_frees_its_kernel_after_the_short_timeout(manager):
    shut = cull(
        manager,
        {
            "left-11-min-ago": fake_kernel(660),  # no connection, idle 11 min: culled
            "left-5-min-ago": fake_kernel(300),  # no connection, 5 min: a phone asleep, kept
            "open-tab-20-min": fake_kernel(1200),  # connected, idle 20 min: kept (cull_idle_timeout 30 min)
            "open-tab-31-min": fake_kernel(1860),  # connected, idle 31 min: the usual culling
            "busy-no-page": fake_kernel(900, "busy"),  # running something: never culled for being disconnected
        },
        {"left-11-min-ago": 0, "left-5-min-ago": 0, "open-tab-20-min": 1, "open-tab-31-min": 1, "busy-no-page": 0},
    )
    assert sorted(shut) == ["left-11-min-ago", "open-tab-31-min"]


def test_disconnected_culling_can_be_turned_off(manager):
    manager.cull_disconnected_timeout = 0
    assert cull(manager, {"left": fake_kernel(1200)}, {"left": 0}) == []


def test_pool_kernels_start_one_at_a_time_after_the_rush(monkeypatch):
    from voila.voila_kernel_manager import voila_kernel_manager_factory

    preheating = voila_kernel_manager_factory(ClinquizKernelManager, False, 0)  # no pool: plain manager
    assert preheating.__mro__[1] is ClinquizKernelManager

    class Preheating(ClinquizKernelManager):  # what Voila's factory makes: _initialize starts a pool kernel
        running: list[str] = []
        most: list[int] = []

        async def _initialize(self, notebook_path, kernel_id=None, **kwargs):
            self.running.append(notebook_path)
            self.most.append(len(self.running))
            await asyncio.sleep(0.05)
            return {"kernel_id": kernel_id or f"k{len(self.most)}"}

    made = Preheating(preheat_concurrency=1, preheat_quiet_s=0)
    assert Preheating._initialize._clinquiz_gated

    async def heated(kernel_id):  # the kernel reached its waiting cell
        await asyncio.sleep(0.05)
        made.running.pop()
        made._release_slot()

    monkeypatch.setattr(made, "_release_when_heated", heated)

    async def scenario():
        pool = [made._initialize("quiz.ipynb") for _ in range(4)]
        restart = made._initialize("quiz.ipynb", "existing")  # a restart is never held back
        return await asyncio.gather(*pool, restart)

    started = asyncio.run(scenario())
    assert [c["kernel_id"] for c in started][-1] == "existing"
    assert max(made.most) == 2  # one pool kernel at a time, plus the restart alongside


def test_a_refill_waits_for_the_class_to_arrive():
    made = ClinquizKernelManager(preheat_concurrency=1, preheat_quiet_s=1)
    made._ready_in_pool = lambda: 10  # plenty left: no hurry

    async def scenario():
        began = asyncio.get_running_loop().time()
        await made._pool_slot()
        return asyncio.get_running_loop().time() - began

    assert asyncio.run(scenario()) >= 0.9
    made._release_slot()
    made._ready_in_pool = lambda: 0  # the pool ran dry: refill at once
    assert asyncio.run(scenario()) < 0.5
