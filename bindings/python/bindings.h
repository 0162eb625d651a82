/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The Python module's C++ half, `vswitch._core`: one pybind11 extension, its bindings in one
 * .cc file per area, each adding itself to the module through a function declared here:
 *
 *   runner-bindings.cc     run and validate (vswitch-sim's run)
 *   simulator-bindings.cc  Time, Simulator, Config, Names, the random number seed, Object,
 *                          Node, NetDevice, Channel, Application
 *   network-bindings.cc    Ethernet, the physical switch, IPv4, ping and UDP applications
 *   host-bindings.cc       ESXi hosts, vSwitches, port groups, ports, distributed switches,
 *                          policies
 *   capture-bindings.cc    capture points as Python callbacks (Frame), pktcap-uw
 *
 * One extension only: the runner and the module are linked into it once, so that every ns-3
 * log component is registered once per process.
 *
 * ns-3 objects are held by ns3::Ptr on the Python side too (the holder below), so a Python
 * variable keeps an object alive exactly as a Ptr in C++ would.
 */
#ifndef VSWITCH_PYTHON_BINDINGS_H
#define VSWITCH_PYTHON_BINDINGS_H

#include "ns3/attribute.h"
#include "ns3/ipv4-address.h"
#include "ns3/mac48-address.h"
#include "ns3/drop-reason.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"
#include "ns3/type-id.h"

#include <pybind11/pybind11.h>
#include <sstream>
#include <string>

PYBIND11_DECLARE_HOLDER_TYPE(T, ns3::Ptr<T>, true);

namespace pybind11
{
namespace detail
{
/// How pybind11 gets the raw pointer out of an ns3::Ptr (which has no get()).
template <typename T>
struct holder_helper<ns3::Ptr<T>>
{
    /// \param p the holder \return the object
    static T* get(const ns3::Ptr<T>& p)
    {
        return ns3::PeekPointer(p);
    }
};
} // namespace detail
} // namespace pybind11

namespace ns3
{
class VSwitch;
}

namespace vswitch_python
{

/**
 * \brief Add `run()`, `validate()` and `RunResult` (vswitch-sim's run, runner.h) to the module.
 * \param m the module `vswitch._core`
 */
void BindRunner(pybind11::module_& m);

/// \brief Add Time, Simulator, Config, Names, RngSeedManager and the ns-3 base classes.
/// \param m the module
void BindSimulator(pybind11::module_& m);

/// \brief Add Ethernet, the physical switch, IPv4 set-up, ping and UDP applications.
/// \param m the module
void BindNetwork(pybind11::module_& m);

/// \brief Add ESXi hosts, vSwitches, port groups, distributed switches, capture callbacks
///        and pktcap-uw.
/// \param m the module
void BindHosts(pybind11::module_& m);

/// \brief Add Frame, TraceConnection, PktcapHelper and PktcapSession.
/// \param m the module
void BindCapture(pybind11::module_& m);

/// \brief Add the routed underlay (RouterHelper, Ipv4Router) and NSX (NsxHelper, the
///        controller cluster, logical switches, VTEPs), and SendGratuitousArp.
/// \param m the module
void BindNsx(pybind11::module_& m);

/**
 * \brief Call a Python callable for every frame at a capture point of a vSwitch.
 * \param vs the vSwitch
 * \param point the capture point's name (ValueError when unknown)
 * \param f the callable, given a Frame
 * \return the TraceConnection (its Disconnect() stops the calls)
 */
pybind11::object TraceCaptureToPython(ns3::Ptr<ns3::VSwitch> vs,
                                      const std::string& point,
                                      const pybind11::object& f);

/**
 * \brief A reference to a Python object that an ns-3 event or trace source holds: it takes
 *        the GIL to let go of the object, and lets go of nothing once the interpreter is
 *        gone (an ns-3 object freed at process exit).
 */
class PyRef
{
  public:
    /// \param o the object (a new reference is taken)
    explicit PyRef(const pybind11::object& o);
    ~PyRef();
    PyRef(const PyRef&) = delete;
    PyRef& operator=(const PyRef&) = delete;
    /// \return the object (borrowed; call with the GIL held)
    pybind11::handle Get() const
    {
        return m_object;
    }

  private:
    PyObject* m_object; //!< the object (one reference owned)
};

/**
 * \brief Call a Python callable from an ns-3 event or trace source, with the GIL taken.
 *
 * An exception raised by the callable stops the simulation after the current event; the
 * Simulator.Run() that is running raises it. Once one callable has failed, the others are not
 * called until that Run() returns.
 * \param f the callable
 * \param args its arguments
 */
template <typename... Args>
void
CallPython(const PyRef& f, Args&&... args);

/// \return whether a Python callable failed in this Run() (its exception not raised yet)
bool PythonCallbackFailed();

/// \brief Record a callable's exception (the first one is kept) and stop the simulation.
/// \param e the exception
void RecordPythonCallbackError(pybind11::error_already_set& e);

/**
 * \brief Turn a string into a valid value of an attribute of a type, or raise ValueError
 *        naming the attribute and the type (ns-3 itself would end the process).
 * \param tid the type
 * \param name the attribute's name
 * \param value its value, as text
 * \return the value
 */
ns3::Ptr<ns3::AttributeValue> CheckedAttribute(ns3::TypeId tid,
                                               const std::string& name,
                                               const std::string& value);

/**
 * \brief Keep a Python object alive until Simulator.Destroy() (a helper whose sessions
 *        write to it while the simulation runs).
 * \param o the object
 */
void KeepUntilDestroy(const pybind11::object& o);

/// \brief Disconnect every Python callable still connected to a vSwitch capture point
///        (Simulator.Destroy(): the vSwitch and the callable are freed; call with the GIL).
void DisconnectPythonTraces();

/**
 * \brief An IPv4 address from its dotted text (ValueError otherwise).
 * \param text the text
 * \param what what it is, for the message
 * \return the address
 */
ns3::Ipv4Address ParseIpv4(const std::string& text, const std::string& what);

/**
 * \brief A MAC from its text aa:bb:cc:dd:ee:ff (ValueError otherwise).
 * \param text the text
 * \param what what it is, for the message
 * \return the MAC
 */
ns3::Mac48Address ParseMac(const std::string& text, const std::string& what);

/// \return the text of an address (or anything with operator<<) \param a it
template <typename A>
std::string
Text(const A& a)
{
    std::ostringstream os;
    os << a;
    return os.str();
}

/**
 * \brief A frame as a Python callback receives it: where it was seen and its bytes, with
 *        the Ethernet fields decoded. Python's class vswitch.Frame.
 */
struct Frame
{
    ns3::Time time;          //!< when
    std::string point;       //!< capture point (PortInput, ..., Drop) or "Drop" (a switch's)
    std::string direction;   //!< "in" or "out" ("" for a physical switch)
    std::string where;       //!< the vSwitch ("esxi01/vSwitch0") or the switch and port
    uint32_t portId{0};      //!< virtual port or uplink port ID (switch: the port's index)
    bool uplink{false};      //!< portId is an uplink's
    uint16_t vlan{0};        //!< the VLAN (the tag's, or the switch's metadata), 0 for none
    std::string reason;      //!< at Drop: the reason, as the spec names it ("" elsewhere)
    std::string source;      //!< source MAC
    std::string destination; //!< destination MAC
    uint16_t etherType{0};   //!< EtherType after any 802.1Q tag
    pybind11::bytes data;    //!< the frame from its Ethernet header
};

/**
 * \brief Fill the Ethernet part of a Frame (time now).
 * \param frame the frame, beginning with its Ethernet header
 * \param f the frame to fill (GIL held)
 */
void DecodeFrame(ns3::Ptr<const ns3::Packet> frame, Frame& f);

/// \return a dict of drops per reason name (non-zero only) \param drops the counters
pybind11::dict DropsDict(const ns3::DropCounters& drops);

template <typename... Args>
void
CallPython(const PyRef& f, Args&&... args)
{
    pybind11::gil_scoped_acquire gil;
    if (PythonCallbackFailed())
    {
        return;
    }
    try
    {
        f.Get()(std::forward<Args>(args)...);
    }
    catch (pybind11::error_already_set& e)
    {
        RecordPythonCallbackError(e);
    }
    catch (const std::exception& e)
    {
        PyErr_SetString(PyExc_RuntimeError, e.what());
        pybind11::error_already_set err;
        RecordPythonCallbackError(err);
    }
}

} // namespace vswitch_python

#endif
