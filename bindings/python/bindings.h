/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The Python module's C++ half, `vswitch._core`: one pybind11 extension, its bindings in one
 * .cc file per area, each adding itself to the module through a function declared here
 * (runner-bindings.cc: run and validate; the object API will add helpers, the simulator and
 * trace sources the same way). One extension only: the runner and the module are linked
 * into it once, so that every ns-3 log component is registered once per process.
 */
#ifndef VSWITCH_PYTHON_BINDINGS_H
#define VSWITCH_PYTHON_BINDINGS_H

#include <pybind11/pybind11.h>

namespace vswitch_python
{

/**
 * \brief Add `run()`, `validate()` and `RunResult` (vswitch-sim's run, runner.h) to the module.
 * \param m the module `vswitch._core`
 */
void BindRunner(pybind11::module_& m);

} // namespace vswitch_python

#endif
