/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch._core: the Ethernet cable and NIC, the physical switch and their helpers; IPv4
 * set-up on a device; the ping (IputilsPing) and UDP (ns-3's UdpClient/UdpServer)
 * applications. Addresses are text on the Python side ("192.168.100.11/24",
 * "00:50:56:9d:43:42").
 */
#include "bindings.h"

#include "ns3/ethernet-channel.h"
#include "ns3/ethernet-helper.h"
#include "ns3/ethernet-net-device.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4.h"
#include "ns3/iputils-ping-helper.h"
#include "ns3/iputils-ping.h"
#include "ns3/log.h"
#include "ns3/names.h"
#include "ns3/physical-switch-helper.h"
#include "ns3/physical-switch.h"
#include "ns3/udp-client-server-helper.h"
#include "ns3/udp-client.h"
#include "ns3/udp-server.h"

#include <arpa/inet.h>
#include <pybind11/stl.h>
#include <sstream>

NS_LOG_COMPONENT_DEFINE("VswitchPythonNetwork");

namespace py = pybind11;
using namespace ns3;

namespace vswitch_python
{

/// \return an IPv4 address from its dotted text, or ValueError \param text the text
/// \param what what it is, for the message
Ipv4Address
ParseIpv4(const std::string& text, const std::string& what)
{
    in_addr a;
    if (inet_pton(AF_INET, text.c_str(), &a) != 1)
    {
        throw py::value_error(what + ": \"" + text + "\" is not an IPv4 address (a.b.c.d)");
    }
    return Ipv4Address(ntohl(a.s_addr));
}

/// \return a MAC from its text, or ValueError \param text aa:bb:cc:dd:ee:ff
/// \param what what it is, for the message
Mac48Address
ParseMac(const std::string& text, const std::string& what)
{
    unsigned b[6];
    char tail;
    if (std::sscanf(text.c_str(), "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4],
                    &b[5], &tail) != 6)
    {
        throw py::value_error(what + ": \"" + text + "\" is not a MAC (aa:bb:cc:dd:ee:ff)");
    }
    return Mac48Address(text.c_str());
}

namespace
{

/// Give a device an IPv4 address ("a.b.c.d/len"), installing the node's stack if needed.
/// \return the interface index \param dev the device \param cidr the address and prefix
uint32_t
AssignIpv4(Ptr<NetDevice> dev, const std::string& cidr)
{
    std::string::size_type slash = cidr.find('/');
    if (slash == std::string::npos)
    {
        throw py::value_error("AssignIpv4: \"" + cidr +
                              "\" has no prefix length; write e.g. 192.168.100.11/24");
    }
    Ipv4Address addr = ParseIpv4(cidr.substr(0, slash), "AssignIpv4");
    int len = -1;
    try
    {
        std::size_t used = 0;
        len = std::stoi(cidr.substr(slash + 1), &used);
        if (used != cidr.size() - slash - 1)
        {
            len = -1;
        }
    }
    catch (const std::exception&)
    {
        len = -1;
    }
    if (len < 0 || len > 32)
    {
        throw py::value_error("AssignIpv4: \"" + cidr + "\": the prefix length must be 0-32");
    }
    Ptr<Node> node = dev->GetNode();
    if (!node)
    {
        throw py::value_error("AssignIpv4: the device is on no node");
    }
    if (!node->GetObject<Ipv4>())
    {
        InternetStackHelper stack;
        stack.Install(node);
    }
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    int32_t ifIndex = ipv4->GetInterfaceForDevice(dev);
    if (ifIndex < 0)
    {
        ifIndex = ipv4->AddInterface(dev);
    }
    ipv4->AddAddress(ifIndex,
                     Ipv4InterfaceAddress(addr, Ipv4Mask(("/" + std::to_string(len)).c_str())));
    ipv4->SetUp(ifIndex);
    return ifIndex;
}

/// A Python callable on an IputilsPing's Rtt trace source.
class RttSink : public SimpleRefCount<RttSink>
{
  public:
    /// \param f the callable
    explicit RttSink(const py::object& f)
        : m_f(f)
    {
    }

    /// \param seq the sequence number \param rtt the round-trip time
    void Sink(uint16_t seq, Time rtt)
    {
        CallPython(m_f, seq, rtt);
    }

  private:
    PyRef m_f; //!< the callable
};

/// A Python callable on a physical switch's Drop trace source.
class SwitchDropSink : public SimpleRefCount<SwitchDropSink>
{
  public:
    /// \param sw the switch \param f the callable
    SwitchDropSink(PhysicalSwitch* sw, const py::object& f)
        : m_switch(sw),
          m_f(f)
    {
    }

    /// \param frame the frame \param port its port index \param reason why
    void Sink(Ptr<const Packet> frame, uint32_t port, DropReason reason)
    {
        py::gil_scoped_acquire gil;
        if (PythonCallbackFailed())
        {
            return;
        }
        Frame f;
        DecodeFrame(frame, f);
        f.point = "Drop";
        f.portId = port;
        f.where = m_switch->GetName() + " " + m_switch->GetPortName(port);
        f.reason = DropReasonToString(reason);
        CallPython(m_f, f);
    }

  private:
    PhysicalSwitch* m_switch; //!< the switch (it owns the trace source)
    PyRef m_f;                //!< the callable
};

/// \return the direction named \param text rx, tx or both
PhysicalSwitch::MirrorDirection
MirrorDirectionOf(const std::string& text)
{
    if (text == "rx")
    {
        return PhysicalSwitch::MirrorDirection::Rx;
    }
    if (text == "tx")
    {
        return PhysicalSwitch::MirrorDirection::Tx;
    }
    if (text == "both")
    {
        return PhysicalSwitch::MirrorDirection::Both;
    }
    throw py::value_error("AddMirrorSession: direction \"" + text +
                          "\" is not one of rx, tx, both");
}

/// \return the fault named \param text none, rx, tx or both
PhysicalSwitch::Blackhole
BlackholeOf(const std::string& text)
{
    if (text == "none")
    {
        return PhysicalSwitch::Blackhole::None;
    }
    if (text == "rx")
    {
        return PhysicalSwitch::Blackhole::Rx;
    }
    if (text == "tx")
    {
        return PhysicalSwitch::Blackhole::Tx;
    }
    if (text == "both")
    {
        return PhysicalSwitch::Blackhole::Both;
    }
    throw py::value_error("SetBlackhole: direction \"" + text +
                          "\" is not one of none, rx, tx, both");
}

/// \return a list of the devices \param c the container
std::vector<Ptr<NetDevice>>
Devices(const NetDeviceContainer& c)
{
    return std::vector<Ptr<NetDevice>>(c.Begin(), c.End());
}

} // namespace

void
BindNetwork(py::module_& m)
{
    py::class_<L2NetDevice, NetDevice, Ptr<L2NetDevice>>(
        m,
        "L2NetDevice",
        "An Ethernet device of the module: a NIC, a switch port or a vNIC.")
        .def(
            "GetCounters",
            [](const L2NetDevice& d) {
                const L2NetDevice::Counters& c = d.GetCounters();
                py::dict r;
                r["txFrames"] = c.txFrames;
                r["txBytes"] = c.txBytes;
                r["rxFrames"] = c.rxFrames;
                r["rxBytes"] = c.rxBytes;
                r["drops"] = DropsDict(c.drops);
                return r;
            },
            "Frames and bytes sent and received, and drops per reason.");

    py::class_<EthernetNetDevice, L2NetDevice, Ptr<EthernetNetDevice>>(
        m,
        "EthernetNetDevice",
        "A full-duplex Ethernet NIC or switch port.")
        .def("SetAdminUp", &EthernetNetDevice::SetAdminUp, py::arg("up"))
        .def("IsAdminUp", &EthernetNetDevice::IsAdminUp)
        .def("GetPeer", &EthernetNetDevice::GetPeer);

    py::class_<EthernetChannel, Channel, Ptr<EthernetChannel>>(
        m,
        "EthernetChannel",
        "A cable between two Ethernet devices.")
        .def("SetConnected",
             &EthernetChannel::SetConnected,
             py::arg("connected"),
             "Plug (True) or pull (False) the cable: both ends see the link change.")
        .def("IsConnected", &EthernetChannel::IsConnected)
        .def("GetDelay", &EthernetChannel::GetDelay);

    py::class_<EthernetHelper>(m, "EthernetHelper", "Cables and NICs (ns3::EthernetHelper).")
        .def(py::init<>())
        .def(
            "SetDeviceAttribute",
            [](EthernetHelper& h, const std::string& n, const std::string& v) {
                h.SetDeviceAttribute(n, *CheckedAttribute(EthernetNetDevice::GetTypeId(), n, v));
            },
            py::arg("name"),
            py::arg("value"))
        .def(
            "SetChannelAttribute",
            [](EthernetHelper& h, const std::string& n, const std::string& v) {
                h.SetChannelAttribute(n, *CheckedAttribute(EthernetChannel::GetTypeId(), n, v));
            },
            py::arg("name"),
            py::arg("value"))
        .def(
            "Install",
            [](EthernetHelper& h, Ptr<Node> a, Ptr<Node> b) { return Devices(h.Install(a, b)); },
            py::arg("a"),
            py::arg("b"),
            "A NIC on each node and a cable between them; returns the two NICs.")
        .def(
            "Install",
            [](EthernetHelper& h, Ptr<Node> a, Ptr<EthernetNetDevice> port) {
                return Devices(h.Install(a, port));
            },
            py::arg("node"),
            py::arg("port"),
            "A NIC on node cabled to an existing device (a switch port); returns the NICs.")
        .def_static(
            "GetChannel",
            [](Ptr<NetDevice> d) { return EthernetHelper::GetChannel(d); },
            py::arg("device"),
            "The cable of a device.")
        .def(
            "EnablePcap",
            [](EthernetHelper& h, const std::string& prefix, Ptr<NetDevice> d) {
                h.EnablePcap(prefix, d, false, true);
            },
            py::arg("prefix"),
            py::arg("device"),
            "Write prefix-NODE-DEVICE.pcap for a device.");

    py::class_<PhysicalSwitch, NetDevice, Ptr<PhysicalSwitch>>(
        m,
        "PhysicalSwitch",
        "A VLAN-aware physical switch: access and trunk ports, SPAN, LAGs, faults.")
        .def("GetName", &PhysicalSwitch::GetName)
        .def("GetPortNames", &PhysicalSwitch::GetPortNames)
        .def(
            "GetPortDevice",
            [](const PhysicalSwitch& s, const std::string& p) { return s.GetPortDevice(p); },
            py::arg("port"))
        .def("SetAccessPort", &PhysicalSwitch::SetAccessPort, py::arg("port"), py::arg("vlan"))
        .def("SetTrunkPort",
             &PhysicalSwitch::SetTrunkPort,
             py::arg("port"),
             py::arg("allowed") = std::vector<uint16_t>(),
             py::arg("nativeVlan") = 1,
             "A trunk; allowed=[] carries every VLAN.")
        .def(
            "AddMirrorSession",
            [](PhysicalSwitch& s,
               const std::vector<std::string>& sources,
               const std::string& direction,
               const std::string& destination) {
                return s.AddMirrorSession(sources, MirrorDirectionOf(direction), destination);
            },
            py::arg("sources"),
            py::arg("direction"),
            py::arg("destination"),
            "SPAN: copy the sources' frames (direction rx, tx or both) to destination.")
        .def("AddLag", &PhysicalSwitch::AddLag, py::arg("name"), py::arg("members"))
        .def("SetPortAdminUp", &PhysicalSwitch::SetPortAdminUp, py::arg("port"), py::arg("up"))
        .def(
            "SetBlackhole",
            [](PhysicalSwitch& s, const std::string& port, const std::string& direction) {
                s.SetBlackhole(port, BlackholeOf(direction));
            },
            py::arg("port"),
            py::arg("direction"),
            "Fault: the port eats frames in a direction (none, rx, tx, both).")
        .def(
            "AddStaticMacEntry",
            [](PhysicalSwitch& s, uint16_t vlan, const std::string& mac, const std::string& p) {
                s.AddStaticMacEntry(vlan, ParseMac(mac, "AddStaticMacEntry"), p);
            },
            py::arg("vlan"),
            py::arg("mac"),
            py::arg("port"))
        .def("ClearDynamicMacEntries", &PhysicalSwitch::ClearDynamicMacEntries)
        .def(
            "LookupMac",
            [](const PhysicalSwitch& s, uint16_t vlan, const std::string& mac) {
                return s.LookupMac(vlan, ParseMac(mac, "LookupMac"));
            },
            py::arg("vlan"),
            py::arg("mac"),
            "The port a MAC is learned on in a VLAN, \"\" when none.")
        .def(
            "GetMacTable",
            [](const PhysicalSwitch& s) {
                py::list rows;
                for (const auto& e : s.GetMacTable())
                {
                    py::dict d;
                    d["vlan"] = e.vlan;
                    d["mac"] = Text(e.mac);
                    d["type"] = e.isStatic ? "STATIC" : "DYNAMIC";
                    d["port"] = e.port;
                    rows.append(d);
                }
                return rows;
            },
            "The MAC address table: dicts of vlan, mac, type, port.")
        .def(
            "ShowMacAddressTable",
            [](const PhysicalSwitch& s) { return s.ShowMacAddressTable(); },
            "`show mac address-table`, as the switch prints it.")
        .def(
            "GetPortDrops",
            [](const PhysicalSwitch& s, const std::string& port) {
                return DropsDict(s.GetPortDrops(port));
            },
            py::arg("port"))
        .def(
            "TraceDrop",
            [](Ptr<PhysicalSwitch> s, const py::object& f) {
                s->TraceConnectWithoutContext(
                    "Drop",
                    MakeCallback(&SwitchDropSink::Sink,
                                 Create<SwitchDropSink>(PeekPointer(s), f)));
            },
            py::arg("function"),
            "Call function(frame: Frame) for every frame the switch drops (frame.reason).");

    py::class_<PhysicalSwitchHelper>(m, "PhysicalSwitchHelper", "Builds physical switches.")
        .def(py::init<>())
        .def(
            "SetSwitchAttribute",
            [](PhysicalSwitchHelper& h, const std::string& n, const std::string& v) {
                h.SetSwitchAttribute(n, *CheckedAttribute(PhysicalSwitch::GetTypeId(), n, v));
            },
            py::arg("name"),
            py::arg("value"))
        .def(
            "SetPortAttribute",
            [](PhysicalSwitchHelper& h, const std::string& n, const std::string& v) {
                h.SetPortAttribute(n, *CheckedAttribute(EthernetNetDevice::GetTypeId(), n, v));
            },
            py::arg("name"),
            py::arg("value"))
        .def("SetPortNamePrefix", &PhysicalSwitchHelper::SetPortNamePrefix, py::arg("prefix"))
        .def(
            "Install",
            [](PhysicalSwitchHelper& h, Ptr<Node> n, uint32_t ports) {
                return h.Install(n, ports);
            },
            py::arg("node"),
            py::arg("ports"),
            "A switch with ports Gi0/1 ... Gi0/N on node.")
        .def(
            "Install",
            [](PhysicalSwitchHelper& h, Ptr<Node> n, const std::vector<std::string>& names) {
                return h.Install(n, names);
            },
            py::arg("node"),
            py::arg("portNames"))
        .def(
            "EnablePcap",
            [](PhysicalSwitchHelper& h, const std::string& prefix, Ptr<PhysicalSwitch> s) {
                h.EnablePcap(prefix, s);
            },
            py::arg("prefix"),
            py::arg("switch"))
        .def("EnablePortPcap",
             &PhysicalSwitchHelper::EnablePortPcap,
             py::arg("prefix"),
             py::arg("switch"),
             py::arg("port"));

    m.def("AssignIpv4",
          &AssignIpv4,
          py::arg("device"),
          py::arg("address"),
          "Give a device an IPv4 address (\"192.168.100.11/24\"), installing the node's "
          "internet stack first if it has none; returns the interface index.");
    m.def(
        "GetIpv4Address",
        [](Ptr<Node> node, uint32_t interface) {
            Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
            if (!ipv4 || interface >= ipv4->GetNInterfaces() ||
                ipv4->GetNAddresses(interface) == 0)
            {
                throw py::value_error("GetIpv4Address: the node has no address on interface " +
                                      std::to_string(interface));
            }
            return Text(ipv4->GetAddress(interface, 0).GetLocal());
        },
        py::arg("node"),
        py::arg("interface") = 1,
        "A node's IPv4 address (its first interface after loopback by default).");

    py::class_<IputilsPing, Application, Ptr<IputilsPing>>(
        m,
        "IputilsPing",
        "ping as iputils' ping sends it (identifier, sequence, timestamp payload).")
        .def("GetSent", &IputilsPing::GetSent)
        .def("GetReceived", &IputilsPing::GetReceived)
        .def("GetDuplicates", &IputilsPing::GetDuplicates)
        .def("GetTooBig", &IputilsPing::GetTooBig)
        .def("GetMinRtt", &IputilsPing::GetMinRtt)
        .def("GetAvgRtt", &IputilsPing::GetAvgRtt)
        .def("GetMaxRtt", &IputilsPing::GetMaxRtt)
        .def(
            "TraceRtt",
            [](Ptr<IputilsPing> p, const py::object& f) {
                p->TraceConnectWithoutContext("Rtt",
                                              MakeCallback(&RttSink::Sink, Create<RttSink>(f)));
            },
            py::arg("function"),
            "Call function(seq: int, rtt: Time) for every reply.");

    py::class_<IputilsPingHelper>(m, "IputilsPingHelper", "Installs IputilsPing.")
        .def(py::init([](const std::string& remote) {
                 return IputilsPingHelper(ParseIpv4(remote, "IputilsPingHelper"));
             }),
             py::arg("remote"))
        .def(
            "SetAttribute",
            [](IputilsPingHelper& h, const std::string& n, const std::string& v) {
                h.SetAttribute(n, *CheckedAttribute(IputilsPing::GetTypeId(), n, v));
            },
            py::arg("name"),
            py::arg("value"),
            "Interval, Count, Size, Identifier, ...")
        .def(
            "Install",
            [](const IputilsPingHelper& h, Ptr<Node> n) {
                return DynamicCast<IputilsPing>(h.Install(n).Get(0));
            },
            py::arg("node"));

    py::class_<UdpServer, Application, Ptr<UdpServer>>(m, "UdpServer", "ns-3's UdpServer.")
        .def("GetReceived", &UdpServer::GetReceived, "Packets received.")
        .def("GetLost", &UdpServer::GetLost, "Packets lost (gaps in sequence numbers).");
    py::class_<UdpClient, Application, Ptr<UdpClient>>(m, "UdpClient", "ns-3's UdpClient.");

    py::class_<UdpServerHelper>(m, "UdpServerHelper", "Installs UdpServer.")
        .def(py::init<uint16_t>(), py::arg("port"))
        .def(
            "SetAttribute",
            [](UdpServerHelper& h, const std::string& n, const std::string& v) {
                h.SetAttribute(n, *CheckedAttribute(UdpServer::GetTypeId(), n, v));
            },
            py::arg("name"),
            py::arg("value"))
        .def(
            "Install",
            [](UdpServerHelper& h, Ptr<Node> n) {
                return DynamicCast<UdpServer>(h.Install(n).Get(0));
            },
            py::arg("node"));
    py::class_<UdpClientHelper>(m, "UdpClientHelper", "Installs UdpClient.")
        .def(py::init([](const std::string& remote, uint16_t port) {
                 return UdpClientHelper(ParseIpv4(remote, "UdpClientHelper"), port);
             }),
             py::arg("remote"),
             py::arg("port"))
        .def(
            "SetAttribute",
            [](UdpClientHelper& h, const std::string& n, const std::string& v) {
                h.SetAttribute(n, *CheckedAttribute(UdpClient::GetTypeId(), n, v));
            },
            py::arg("name"),
            py::arg("value"),
            "MaxPackets, Interval, PacketSize")
        .def(
            "Install",
            [](UdpClientHelper& h, Ptr<Node> n) {
                return DynamicCast<UdpClient>(h.Install(n).Get(0));
            },
            py::arg("node"));
}

} // namespace vswitch_python
