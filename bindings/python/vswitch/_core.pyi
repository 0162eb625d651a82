# SPDX-License-Identifier: GPL-2.0-only
"""Type stub of vswitch._core, the pybind11 extension under the vswitch package."""

from typing import List, Optional, Tuple

class RunResult:
    """What one run (or check) of a scenario gave: vswitch-sim's result."""

    @property
    def status(self) -> str:
        """'ok', 'invalid', 'no-scenario', 'bad-option', 'bad-output' or 'failed'."""
    @property
    def errors(self) -> List[str]:
        """Every error line (status 'invalid'), or the one message of another failure."""
    @property
    def warnings(self) -> List[str]:
        """The scenario's warnings ("FILE: PATH: ...")."""
    @property
    def scenario_name(self) -> str:
        """The scenario's name, once it was loaded."""
    @property
    def output_dir(self) -> str:
        """The results folder used ('' when no file was written)."""
    @property
    def summary(self) -> str:
        """Status 'ok': the text summary.json holds (or would hold)."""
    @property
    def report(self) -> str:
        """Status 'ok': what vswitch-sim prints on stdout after the run."""
    @property
    def signal(self) -> int:
        """The SIGINT or SIGTERM that stopped the run (0: none)."""
    @property
    def exit_status(self) -> int:
        """The exit status vswitch-sim would give."""

def run(
    *,
    scenario_file: Optional[str] = None,
    scenario_text: Optional[str] = None,
    label: str = "",
    output: Optional[str] = None,
    stop_time: str = "",
    globals: List[Tuple[str, str]] = ...,
    attributes: List[Tuple[str, str]] = ...,
    handle_signals: bool = False,
    plot: str = "",
) -> RunResult:
    """Run a scenario as vswitch-sim does, with the GIL released while it runs."""

def validate(
    *,
    scenario_file: Optional[str] = None,
    scenario_text: Optional[str] = None,
    label: str = "",
    stop_time: str = "",
) -> RunResult:
    """Check a scenario as `vswitch-sim --validate` does: builds nothing."""
