/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The extension module `vswitch._core`: the bindings of every area (bindings.h). Python
 * code imports the package `vswitch` (vswitch/__init__.py), which wraps this module.
 */
#include "bindings.h"

#include "ns3/log.h"

NS_LOG_COMPONENT_DEFINE("VswitchPython");

PYBIND11_MODULE(_core, m)
{
    m.doc() = "The C++ half of the vswitch package (the ns-3 vswitch module). Import the "
              "package `vswitch`, which re-exports the object API and wraps run/validate.";
    vswitch_python::BindRunner(m);
    vswitch_python::BindSimulator(m);
    vswitch_python::BindNetwork(m);
    vswitch_python::BindHosts(m);
    vswitch_python::BindCapture(m);
    vswitch_python::BindNsx(m);
}
