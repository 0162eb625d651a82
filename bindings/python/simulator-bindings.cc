/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch._core: ns-3's Time, Simulator (Schedule with a Python callable), Config, Names,
 * RngSeedManager, and the base classes Object, Node, NetDevice, Channel and Application.
 * Names follow ns-3's C++ API, so that a C++ experiment reads the same in Python.
 */
#include "bindings.h"
#include "run-control.h"
#include "runner.h"

#include "ns3/application.h"
#include "ns3/channel.h"
#include "ns3/config.h"
#include "ns3/log.h"
#include "ns3/mac48-address.h"
#include "ns3/names.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simple-ref-count.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <memory>
#include <pybind11/operators.h>
#include <pybind11/stl.h>
#include <regex>
#include <sstream>
#include <vector>

NS_LOG_COMPONENT_DEFINE("VswitchPythonSimulator");

namespace py = pybind11;
using namespace ns3;

namespace vswitch_python
{

namespace
{

/// Python's vswitch.Config: ns-3's Config functions as static methods of a class.
struct ConfigNamespace
{
};

/// The first exception a Python callable raised in the current Run() (GIL held to touch it).
std::unique_ptr<py::error_already_set> g_callbackError;

/// Python objects kept until Simulator.Destroy() (KeepUntilDestroy).
std::vector<std::unique_ptr<PyRef>> g_keepAlive;

/// A Python callable and its arguments, run by an ns-3 event.
class ScheduledCall : public SimpleRefCount<ScheduledCall>
{
  public:
    /// \param f the callable \param args its arguments
    ScheduledCall(const py::object& f, const py::tuple& args)
        : m_function(f),
          m_args(args)
    {
    }

    /// The event: call it. \param call the call
    static void Invoke(Ptr<ScheduledCall> call)
    {
        // The tuple's reference is taken and dropped here: with the GIL (Run() released it).
        py::gil_scoped_acquire gil;
        CallPython(call->m_function, *py::reinterpret_borrow<py::tuple>(call->m_args.Get()));
    }

  private:
    PyRef m_function; //!< the callable
    PyRef m_args;     //!< its arguments (a tuple)
};

/// \return a Time from ns-3's text form ("1.5s", "20ms", "3"), or ValueError
/// \param text the text
Time
ParseTime(const std::string& text)
{
    static const std::regex form(
        R"(^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?(y|d|h|min|s|ms|us|ns|ps|fs)?\s*$)");
    if (!std::regex_match(text, form))
    {
        throw py::value_error("Time(\"" + text +
                              "\"): not a time; write a number and a unit, e.g. \"1.5s\", "
                              "\"20ms\", \"2us\" (units: y d h min s ms us ns ps fs)");
    }
    return Time(text);
}

/// \return whether this thread is Python's main thread (only it can take signals)
bool
OnMainThread()
{
    py::module_ threading = py::module_::import("threading");
    return threading.attr("current_thread")().is(threading.attr("main_thread")());
}

/// Simulator.Run(): the GIL released, SIGINT stopping the run at the current event.
void
RunSimulator()
{
    bool signals = OnMainThread();
    /// Put back the signal handlers and stop the watcher, also when an event throws.
    struct SignalGuard
    {
        bool active;
        int signal{0};

        void Finish()
        {
            if (active)
            {
                vsim::RunControl::StopWatching();
                signal = vsim::RunControl::Signal();
                vsim::RunControl::Restore();
                active = false;
            }
        }

        ~SignalGuard()
        {
            Finish();
        }
    } guard{signals};
    if (signals)
    {
        vsim::RunControl::Start(true);
    }
    {
        py::gil_scoped_release unlocked;
        Simulator::Run();
    }
    guard.Finish();
    int signal = guard.signal;
    if (g_callbackError)
    {
        std::unique_ptr<py::error_already_set> e = std::move(g_callbackError);
        throw py::error_already_set(std::move(*e));
    }
    if (signal != 0)
    {
        PyErr_SetNone(PyExc_KeyboardInterrupt);
        throw py::error_already_set();
    }
}

/// Simulator.Destroy(): ns-3's, then what a fresh process would have (keeping Config).
void
DestroySimulator()
{
    DisconnectPythonTraces();
    vsim::ResetSimulation(true);
    g_callbackError.reset();
    g_keepAlive.clear();
}

/// \return an event that calls f(*args) after delay
/// \param delay the delay \param f the callable \param args its arguments
EventId
Schedule(const Time& delay, const py::object& f, const py::args& args)
{
    if (!PyCallable_Check(f.ptr()))
    {
        throw py::type_error("Simulator.Schedule: the second argument must be callable");
    }
    if (delay.IsStrictlyNegative())
    {
        throw py::value_error("Simulator.Schedule: the delay is negative");
    }
    return Simulator::Schedule(delay, &ScheduledCall::Invoke, Create<ScheduledCall>(f, args));
}

/// \return the text of a MAC-like address, or "" \param a the address
std::string
AddressText(const Address& a)
{
    if (Mac48Address::IsMatchingType(a))
    {
        std::ostringstream os;
        os << Mac48Address::ConvertFrom(a);
        return os.str();
    }
    std::ostringstream os;
    os << a;
    return os.str();
}

const char* kTimeDoc = "A simulated time (ns3::Time). Time(\"1.5s\"), Seconds(1.5), "
                       "MilliSeconds(20); a str is accepted wherever a Time is expected.";

} // namespace

PyRef::PyRef(const py::object& o)
    : m_object(o.ptr())
{
    Py_XINCREF(m_object);
}

PyRef::~PyRef()
{
    if (m_object && Py_IsInitialized())
    {
        py::gil_scoped_acquire gil;
        Py_DECREF(m_object);
    }
}

bool
PythonCallbackFailed()
{
    return g_callbackError != nullptr;
}

void
RecordPythonCallbackError(py::error_already_set& e)
{
    if (!g_callbackError)
    {
        g_callbackError = std::make_unique<py::error_already_set>(std::move(e));
    }
    Simulator::Stop();
}

void
KeepUntilDestroy(const py::object& o)
{
    g_keepAlive.push_back(std::make_unique<PyRef>(o));
}

Ptr<AttributeValue>
CheckedAttribute(TypeId tid, const std::string& name, const std::string& value)
{
    TypeId::AttributeInformation info;
    if (!tid.LookupAttributeByName(name, &info))
    {
        std::string known;
        for (TypeId t = tid;; t = t.GetParent())
        {
            for (uint32_t i = 0; i < t.GetAttributeN(); ++i)
            {
                known += (known.empty() ? "" : ", ") + t.GetAttribute(i).name;
            }
            if (t == t.GetParent())
            {
                break;
            }
        }
        throw py::value_error(tid.GetName() + " has no attribute \"" + name +
                              "\"; its attributes: " + known);
    }
    Ptr<AttributeValue> v = info.checker->CreateValidValue(StringValue(value));
    if (!v)
    {
        throw py::value_error(tid.GetName() + "::" + name + ": \"" + value +
                              "\" is not a valid value (" + info.checker->GetUnderlyingTypeInformation() +
                              ")");
    }
    return v;
}

void
BindSimulator(py::module_& m)
{
    py::class_<Time>(m, "Time", kTimeDoc)
        .def(py::init<>())
        .def(py::init(&ParseTime), py::arg("text"))
        .def("GetSeconds", &Time::GetSeconds)
        .def("GetMilliSeconds", &Time::GetMilliSeconds)
        .def("GetMicroSeconds", &Time::GetMicroSeconds)
        .def("GetNanoSeconds", &Time::GetNanoSeconds)
        .def("GetTimeStep", &Time::GetTimeStep)
        .def("IsZero", &Time::IsZero)
        .def(py::self + py::self)
        .def(py::self - py::self)
        .def(py::self < py::self)
        .def(py::self <= py::self)
        .def(py::self > py::self)
        .def(py::self >= py::self)
        .def(py::self == py::self)
        .def(py::self != py::self)
        .def(
            "__mul__",
            [](const Time& t, int64_t k) { return TimeStep(t.GetTimeStep() * k); },
            py::is_operator())
        .def("__hash__", [](const Time& t) { return py::hash(py::int_(t.GetTimeStep())); })
        .def("__float__", &Time::GetSeconds)
        .def("__str__",
             [](const Time& t) {
                 std::ostringstream os;
                 os << t.As(Time::S);
                 return os.str();
             })
        .def("__repr__", [](const Time& t) {
            std::ostringstream os;
            os << "Time(\"" << t.GetSeconds() << "s\")";
            return os.str();
        });
    py::implicitly_convertible<std::string, Time>();
    m.def(
        "Seconds",
        [](double s) { return Seconds(s); },
        py::arg("seconds"));
    m.def(
        "MilliSeconds",
        [](double ms) { return Seconds(ms / 1e3); },
        py::arg("milliseconds"));
    m.def(
        "MicroSeconds",
        [](double us) { return NanoSeconds(static_cast<int64_t>(us * 1e3)); },
        py::arg("microseconds"));
    m.def(
        "NanoSeconds",
        [](int64_t ns) { return NanoSeconds(ns); },
        py::arg("nanoseconds"));

    py::class_<EventId>(m, "EventId", "An event from Simulator.Schedule (ns3::EventId).")
        .def("Cancel", &EventId::Cancel, "Cancel the event; it will not run.")
        .def("IsExpired", &EventId::IsExpired, "Whether it ran or was cancelled.")
        .def("IsRunning", &EventId::IsRunning, "Whether it is still to run.");

    py::class_<Simulator, std::unique_ptr<Simulator, py::nodelete>>(
        m,
        "Simulator",
        "ns-3's simulator (static methods, as in C++).")
        .def_static("Run",
                    &RunSimulator,
                    "Run the events. The GIL is released while C++ runs; Python callables "
                    "take it back. Ctrl-C (main thread) stops at the current event and raises "
                    "KeyboardInterrupt; an exception raised by a callable stops the run and is "
                    "raised here.")
        .def_static(
            "Stop",
            []() { Simulator::Stop(); },
            "Stop after the current event.")
        .def_static(
            "Stop",
            [](const Time& delay) { Simulator::Stop(delay); },
            py::arg("delay"),
            "Stop after delay from now.")
        .def_static("Now", &Simulator::Now, "The simulated time now.")
        .def_static("IsFinished", &Simulator::IsFinished, "Whether no event is left.")
        .def_static("GetEventCount", &Simulator::GetEventCount, "Events run so far.")
        .def_static("Schedule",
                    &Schedule,
                    py::arg("delay"),
                    py::arg("function"),
                    "Call function(*args) after delay; returns its EventId.")
        .def_static(
            "ScheduleNow",
            [](const py::object& f, const py::args& args) { return Schedule(Time(), f, args); },
            py::arg("function"),
            "Call function(*args) at the current time, after the current event.")
        .def_static("Destroy",
                    &DestroySimulator,
                    "End the simulation: ns-3's Simulator::Destroy(), then the module's globals "
                    "as a fresh process has them (Names, address and MAC allocators, random "
                    "stream numbering), so that the next script builds the same network. "
                    "Config defaults stay (Config.Reset() clears them).");

    // A class of static functions rather than a submodule: type stubs describe it as one.
    py::class_<ConfigNamespace> config(m, "Config", "ns-3's Config namespace (static functions).");
    config.def_static(
            "SetDefault",
            [](const std::string& name, const std::string& value) {
                std::string::size_type sep = name.rfind("::");
                TypeId tid;
                if (sep == std::string::npos ||
                    !TypeId::LookupByNameFailSafe(name.substr(0, sep), &tid))
                {
                    throw py::value_error("Config.SetDefault(\"" + name +
                                          "\"): no such type; write ns3::Type::Attribute, e.g. "
                                          "ns3::VSwitch::SecurityDefaults");
                }
                Config::SetDefault(name, *CheckedAttribute(tid, name.substr(sep + 2), value));
            },
            py::arg("name"),
            py::arg("value"),
            "The default of an attribute for objects made from now on.");
    config.def_static(
            "Set",
            [](const std::string& path, const std::string& value) {
                if (!Config::SetFailSafe(path, StringValue(value)))
                {
                    throw py::value_error("Config.Set(\"" + path + "\", \"" + value +
                                          "\"): no object matched, or the value is not valid");
                }
            },
            py::arg("path"),
            py::arg("value"),
            "Set an attribute of every object the path matches.");
    config.def_static("Reset", &Config::Reset, "Forget every default set.");

    py::class_<RngSeedManager, std::unique_ptr<RngSeedManager, py::nodelete>>(
        m,
        "RngSeedManager",
        "The seed and run number of ns-3's random streams.")
        .def_static("SetSeed", &RngSeedManager::SetSeed, py::arg("seed"))
        .def_static("GetSeed", &RngSeedManager::GetSeed)
        .def_static("SetRun", &RngSeedManager::SetRun, py::arg("run"))
        .def_static("GetRun", &RngSeedManager::GetRun);

    py::class_<Object, Ptr<Object>>(m, "Object", "An ns-3 object (ns3::Object).")
        .def(
            "SetAttribute",
            [](Object& o, const std::string& name, const std::string& value) {
                o.SetAttribute(name, *CheckedAttribute(o.GetInstanceTypeId(), name, value));
            },
            py::arg("name"),
            py::arg("value"),
            "Set an attribute from its text form (ValueError when unknown or invalid).")
        .def(
            "GetAttribute",
            [](const Object& o, const std::string& name) {
                StringValue v;
                if (!o.GetAttributeFailSafe(name, v))
                {
                    CheckedAttribute(o.GetInstanceTypeId(), name, "");
                    throw py::value_error(name + ": cannot be read as text");
                }
                return v.Get();
            },
            py::arg("name"),
            "An attribute's value, as text.")
        .def(
            "GetTypeName",
            [](const Object& o) { return o.GetInstanceTypeId().GetName(); },
            "The ns-3 type, e.g. ns3::EsxiHost.");

    py::class_<Node, Object, Ptr<Node>>(m, "Node", "A node (ns3::Node): a host, a VM, a switch.")
        .def(py::init([]() { return CreateObject<Node>(); }))
        .def("GetId", &Node::GetId)
        .def("GetNDevices", &Node::GetNDevices)
        .def("GetDevice", &Node::GetDevice, py::arg("index"))
        .def("GetNApplications", &Node::GetNApplications)
        .def("GetApplication", &Node::GetApplication, py::arg("index"))
        .def("__repr__", [](const Node& n) {
            std::string name = Names::FindName(const_cast<Node*>(&n));
            return "<Node " + std::to_string(n.GetId()) + (name.empty() ? "" : " " + name) +
                   ">";
        });

    py::class_<NetDevice, Object, Ptr<NetDevice>>(m, "NetDevice", "A network device.")
        .def("GetNode", &NetDevice::GetNode)
        .def("GetIfIndex", &NetDevice::GetIfIndex)
        .def("GetMtu", &NetDevice::GetMtu)
        .def(
            "SetMtu",
            [](NetDevice& d, uint16_t mtu) {
                if (!d.SetMtu(mtu))
                {
                    throw py::value_error("SetMtu(" + std::to_string(mtu) +
                                          "): the device refuses this MTU");
                }
            },
            py::arg("mtu"),
            "The largest payload the device sends (1500; 1600 for an NSX transport, 9000 "
            "jumbo).")
        .def("IsLinkUp", &NetDevice::IsLinkUp)
        .def(
            "GetAddress",
            [](const NetDevice& d) { return AddressText(d.GetAddress()); },
            "The device's address (a MAC as aa:bb:cc:dd:ee:ff).");

    py::class_<Channel, Object, Ptr<Channel>>(m, "Channel", "A channel (a cable).")
        .def("GetNDevices", &Channel::GetNDevices)
        .def("GetDevice", &Channel::GetDevice, py::arg("index"));

    py::class_<Application, Object, Ptr<Application>>(m, "Application", "An application.")
        .def("SetStartTime", &Application::SetStartTime, py::arg("start"))
        .def("SetStopTime", &Application::SetStopTime, py::arg("stop"))
        .def("GetNode", &Application::GetNode);

    py::class_<Names, std::unique_ptr<Names, py::nodelete>>(m,
                                                            "Names",
                                                            "ns-3's object names (ns3::Names).")
        .def_static(
            "Add",
            [](const std::string& name, Ptr<Object> o) { Names::Add(name, o); },
            py::arg("name"),
            py::arg("object"))
        .def_static(
            "Find",
            [](const std::string& name) { return Names::Find<Object>(name); },
            py::arg("name"),
            "The object of that name, or None.")
        .def_static(
            "FindName",
            [](Ptr<Object> o) { return Names::FindName(o); },
            py::arg("object"))
        .def_static("Clear", &Names::Clear);
}

} // namespace vswitch_python
