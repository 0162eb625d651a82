/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch._core: the capture points as Python callbacks (vswitch.Frame, the
 * TraceConnection that VSwitch.TraceCapture returns) and pktcap-uw sessions (PktcapHelper,
 * PktcapSession).
 */
#include "bindings.h"

#include "ns3/capture-point.h"
#include "ns3/esxi-host.h"
#include "ns3/log.h"
#include "ns3/pktcap-helper.h"
#include "ns3/simulator.h"
#include "ns3/vswitch.h"

#include <pybind11/stl.h>
#include <sstream>
#include <vector>

NS_LOG_COMPONENT_DEFINE("VswitchPythonCapture");

namespace py = pybind11;
using namespace ns3;

namespace vswitch_python
{

namespace
{

/// A Python callable on one capture point of a vSwitch, and its connection.
class CaptureSink : public SimpleRefCount<CaptureSink>
{
  public:
    /// \param vs the switch \param trace the trace source \param f the callable
    CaptureSink(Ptr<VSwitch> vs, const std::string& trace, const py::object& f)
        : m_switch(vs),
          m_trace(trace),
          m_f(f)
    {
    }

    /// \param frame the frame \param where the point and port
    void Sink(Ptr<const Packet> frame, const CaptureContext& where)
    {
        py::gil_scoped_acquire gil;
        if (PythonCallbackFailed())
        {
            return;
        }
        Frame f;
        DecodeFrame(frame, f);
        f.point = CapturePointName(where.point);
        f.direction = where.direction == CaptureDirection::Input ? "in" : "out";
        f.where = where.vswitch->GetHostName() + "/" + where.vswitch->GetName();
        f.portId = where.portId;
        f.uplink = where.uplink;
        if (where.vlan != 0)
        {
            f.vlan = where.vlan;
        }
        if (where.point == CapturePoint::Drop)
        {
            f.reason = DropReasonToString(where.reason);
        }
        CallPython(m_f, f);
    }

    /// Stop calling. \param self this sink
    static void Disconnect(Ptr<CaptureSink> self)
    {
        if (self->m_switch)
        {
            self->m_switch->TraceDisconnectWithoutContext(
                self->m_trace,
                MakeCallback(&CaptureSink::Sink, self));
            self->m_switch = nullptr;
        }
    }

  private:
    Ptr<VSwitch> m_switch; //!< the switch (null once disconnected)
    std::string m_trace;   //!< its trace source
    PyRef m_f;             //!< the callable
};

/// Connections made by TraceCapture, until Simulator.Destroy() disconnects them.
std::vector<Ptr<CaptureSink>> g_liveSinks;

/// \return the connection \param vs a vSwitch \param point a capture point name
/// \param f the callable
Ptr<CaptureSink>
ConnectCapture(Ptr<VSwitch> vs, const std::string& point, const py::object& f)
{
    CapturePoint p;
    if (!CapturePointFromString(point, p))
    {
        std::string all;
        for (std::size_t i = 0; i < kCapturePointCount; ++i)
        {
            all += (i ? ", " : "") + std::string(CapturePointName(static_cast<CapturePoint>(i)));
        }
        throw py::value_error("TraceCapture: \"" + point + "\" is not a capture point (" + all +
                              ")");
    }
    if (!PyCallable_Check(f.ptr()))
    {
        throw py::type_error("TraceCapture: the second argument must be callable");
    }
    std::string trace = PktcapHelper::TraceSourceName(p);
    Ptr<CaptureSink> sink = Create<CaptureSink>(vs, trace, f);
    vs->TraceConnectWithoutContext(trace, MakeCallback(&CaptureSink::Sink, sink));
    // The vSwitch's trace source holds the sink and the sink the vSwitch: Destroy() breaks
    // the cycle for connections the script never disconnected.
    g_liveSinks.push_back(sink);
    return sink;
}

/// pktcap-uw sessions, and the console text they print when asked to.
struct PyPktcap
{
    PktcapHelper helper;        //!< the helper
    std::ostringstream console; //!< what console sessions printed
};


} // namespace

void
DisconnectPythonTraces()
{
    std::vector<Ptr<CaptureSink>> sinks;
    sinks.swap(g_liveSinks);
    for (const auto& s : sinks)
    {
        CaptureSink::Disconnect(s);
    }
}

py::object
TraceCaptureToPython(Ptr<VSwitch> vs, const std::string& point, const py::object& f)
{
    return py::cast(ConnectCapture(vs, point, f));
}

void
DecodeFrame(Ptr<const Packet> frame, Frame& f)
{
    f.time = Simulator::Now();
    std::string bytes(frame->GetSize(), '\0');
    frame->CopyData(reinterpret_cast<uint8_t*>(&bytes[0]), bytes.size());
    if (bytes.size() >= 14)
    {
        auto b = [&](std::size_t i) { return static_cast<uint8_t>(bytes[i]); };
        char mac[18];
        std::snprintf(mac, sizeof mac, "%02x:%02x:%02x:%02x:%02x:%02x", b(0), b(1), b(2), b(3),
                      b(4), b(5));
        f.destination = mac;
        std::snprintf(mac, sizeof mac, "%02x:%02x:%02x:%02x:%02x:%02x", b(6), b(7), b(8), b(9),
                      b(10), b(11));
        f.source = mac;
        f.etherType = static_cast<uint16_t>(b(12) << 8 | b(13));
        if (f.etherType == 0x8100 && bytes.size() >= 18)
        {
            f.vlan = static_cast<uint16_t>((b(14) << 8 | b(15)) & 0x0fff);
            f.etherType = static_cast<uint16_t>(b(16) << 8 | b(17));
        }
    }
    f.data = py::bytes(bytes);
}

py::dict
DropsDict(const DropCounters& drops)
{
    py::dict d;
    for (std::size_t i = 0; i < kDropReasonCount; ++i)
    {
        if (uint64_t n = drops.Get(static_cast<DropReason>(i)))
        {
            d[DropReasonToString(static_cast<DropReason>(i))] = n;
        }
    }
    return d;
}

void
BindCapture(py::module_& m)
{
    py::class_<Frame>(m,
                      "Frame",
                      "A frame a trace callback receives: when and where it was seen, its "
                      "Ethernet fields and its bytes.")
        .def_readonly("time", &Frame::time)
        .def_readonly("point", &Frame::point, "Capture point: PortOutput, VnicRx, Drop, ...")
        .def_readonly("direction", &Frame::direction, "\"in\" or \"out\" of the switch.")
        .def_readonly("where", &Frame::where, "esxi01/vSwitch0, or a switch and port.")
        .def_readonly("portId", &Frame::portId)
        .def_readonly("uplink", &Frame::uplink, "portId is an uplink's.")
        .def_readonly("vlan", &Frame::vlan)
        .def_readonly("reason", &Frame::reason, "At Drop: the reason (reverse-teaming, ...).")
        .def_readonly("source", &Frame::source)
        .def_readonly("destination", &Frame::destination)
        .def_readonly("etherType", &Frame::etherType)
        .def_readonly("data", &Frame::data, "The frame from its Ethernet header.")
        .def("__len__", [](const Frame& f) { return py::len(f.data); })
        .def("__repr__", [](const Frame& f) {
            std::ostringstream os;
            os << "<Frame " << f.point << " " << f.where << " port " << f.portId << " "
               << f.source << " > " << f.destination << " 0x" << std::hex << f.etherType
               << std::dec << (f.reason.empty() ? "" : " " + f.reason) << ">";
            return os.str();
        });

    py::class_<CaptureSink, Ptr<CaptureSink>>(m, "TraceConnection", "A connected callback.")
        .def(
            "Disconnect",
            [](Ptr<CaptureSink> s) { CaptureSink::Disconnect(s); },
            "Stop calling the callback.");

    py::class_<PktcapSession, Ptr<PktcapSession>>(m, "PktcapSession", "A pktcap-uw session.")
        .def("GetFrameCount", &PktcapSession::GetFrameCount, "Frames captured.")
        .def("GetFile", &PktcapSession::GetFile, "Its file (\"\" for the console).")
        .def("GetTargetPortId", &PktcapSession::GetTargetPortId)
        .def("IsStopped", &PktcapSession::IsStopped)
        .def("Stop", &PktcapSession::Stop, "Stop it and close its file.");

    py::class_<PyPktcap>(m,
                         "PktcapHelper",
                         "pktcap-uw on a host: Capture(host, \"--switchport 50331657 --dir 1 "
                         "--capture PortOutput -o po.pcap\"). Sessions without -o print to stdout as "
                         "pktcap-uw does, or to GetConsoleText() after SetConsoleToText().")
        .def(py::init<>())
        .def(
            "SetOutputDirectory",
            [](PyPktcap& p, const std::string& d) { p.helper.SetOutputDirectory(d); },
            py::arg("directory"))
        .def(
            "SetBaseTime",
            [](PyPktcap& p, const Time& t) { p.helper.SetBaseTime(t); },
            py::arg("time"),
            "The wall-clock time of day the console prints for simulated time 0.")
        .def(
            "SetInsertVlanTag",
            [](PyPktcap& p, bool on) { p.helper.SetInsertVlanTag(on); },
            py::arg("insert"))
        .def(
            "Capture",
            [](py::object self, Ptr<EsxiHost> host, const std::string& options) {
                PyPktcap& p = self.cast<PyPktcap&>();
                KeepUntilDestroy(self);
                return p.helper.Capture(host, options);
            },
            py::arg("host"),
            py::arg("options"),
            "Start a session with pktcap-uw's options; returns it.")
        .def(
            "CaptureVm",
            [](py::object self, Ptr<EsxiHost> host, Ptr<Node> vm, uint32_t nic,
               const std::string& options) {
                PyPktcap& p = self.cast<PyPktcap&>();
                KeepUntilDestroy(self);
                return p.helper.CaptureVm(host, vm, nic, options);
            },
            py::arg("host"),
            py::arg("vm"),
            py::arg("nic"),
            py::arg("options"),
            "A session on a VM's vNIC port (its port ID found for you).")
        .def("GetSessions", [](const PyPktcap& p) { return p.helper.GetSessions(); })
        .def("StopAll", [](PyPktcap& p) { p.helper.StopAll(); })
        .def(
            "SetConsoleToText",
            [](PyPktcap& p, bool on) { p.helper.SetConsole(on ? &p.console : nullptr); },
            py::arg("on") = true,
            "Console sessions (no -o) print into GetConsoleText() instead of stdout, for "
            "sessions started from now on.")
        .def(
            "GetConsoleText",
            [](const PyPktcap& p) { return p.console.str(); },
            "What the console sessions printed so far.");
}

} // namespace vswitch_python
