/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch._core: the routed underlay (RouterHelper, Ipv4Router) and NSX (NsxHelper, the
 * controller cluster, logical switches, VTEPs with their views and trace sources), and a
 * guest's gratuitous ARP.
 */
#include "bindings.h"

#include "ns3/arp-header.h"
#include "ns3/distributed-switch.h"
#include "ns3/esxi-host.h"
#include "ns3/ethernet-net-device.h"
#include "ns3/ipv4-router.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/logical-switch.h"
#include "ns3/node.h"
#include "ns3/nsx-controller-cluster.h"
#include "ns3/nsx-helper.h"
#include "ns3/physical-switch.h"
#include "ns3/router-helper.h"
#include "ns3/string.h"
#include "ns3/vnic-net-device.h"
#include "ns3/vtep.h"

#include <pybind11/stl.h>
#include <sstream>

NS_LOG_COMPONENT_DEFINE("VswitchPythonNsx");

namespace py = pybind11;
using namespace ns3;

namespace vswitch_python
{

namespace
{

/// \return the replication mode named \param text unicast, multicast or hybrid
LogicalSwitch::Replication
ReplicationOf(const std::string& text)
{
    if (text == "unicast")
    {
        return LogicalSwitch::Unicast;
    }
    if (text == "multicast")
    {
        return LogicalSwitch::Multicast;
    }
    if (text == "hybrid")
    {
        return LogicalSwitch::Hybrid;
    }
    throw py::value_error("replication \"" + text + "\": write unicast, multicast or hybrid");
}

/// \return what a view method printed \param print the view, writing to a stream
template <typename F>
std::string
View(F print)
{
    std::ostringstream os;
    print(os);
    return os.str();
}

/// A Python callable on a VTEP's Encapsulate or Decapsulate trace source.
class VxlanSink : public SimpleRefCount<VxlanSink>
{
  public:
    /// \param f the callable
    explicit VxlanSink(const py::object& f)
        : m_f(f)
    {
    }

    /// \param inner the inner frame \param vni its VNI \param peer the other VTEP or group
    void Sink(Ptr<const Packet> inner, uint32_t vni, Ipv4Address peer)
    {
        py::gil_scoped_acquire gil;
        if (PythonCallbackFailed())
        {
            return;
        }
        Frame f;
        DecodeFrame(inner, f);
        f.point = "Vxlan";
        CallPython(m_f, f, vni, Text(peer));
    }

  private:
    PyRef m_f; //!< the callable
};

/// A Python callable on a VTEP's Drop trace source.
class VtepDropSink : public SimpleRefCount<VtepDropSink>
{
  public:
    /// \param where the host's name \param f the callable
    VtepDropSink(std::string where, const py::object& f)
        : m_where(std::move(where)),
          m_f(f)
    {
    }

    /// \param p the frame or VXLAN payload \param vni its VNI \param reason why
    void Sink(Ptr<const Packet> p, uint32_t vni, DropReason reason)
    {
        py::gil_scoped_acquire gil;
        if (PythonCallbackFailed())
        {
            return;
        }
        Frame f;
        DecodeFrame(p, f);
        f.point = "Drop";
        f.where = m_where;
        f.reason = DropReasonToString(reason);
        CallPython(m_f, f, vni);
    }

  private:
    std::string m_where; //!< "esxi01 vmk3"
    PyRef m_f;           //!< the callable
};

/**
 * \brief A guest announcing its address: an ARP request for its own IP (sender = target), to
 *        the broadcast MAC, from its first vNIC.
 * \param vm the VM (a vNIC and an IPv4 address on it)
 */
void
SendGratuitousArp(Ptr<Node> vm)
{
    Ptr<VnicNetDevice> vnic;
    for (uint32_t i = 0; i < vm->GetNDevices() && !vnic; ++i)
    {
        vnic = DynamicCast<VnicNetDevice>(vm->GetDevice(i));
    }
    Ptr<Ipv4> ipv4 = vm->GetObject<Ipv4>();
    int32_t itf = vnic && ipv4 ? ipv4->GetInterfaceForDevice(vnic) : -1;
    if (itf < 0 || ipv4->GetNAddresses(itf) == 0)
    {
        throw py::value_error("SendGratuitousArp: the node has no vNIC with an IPv4 address "
                              "(EsxiHost.AddVm, then AssignIpv4)");
    }
    Ipv4Address ip = ipv4->GetAddress(itf, 0).GetLocal();
    ArpHeader arp;
    arp.SetRequest(vnic->GetAddress(), ip, Mac48Address::GetBroadcast(), ip);
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(arp);
    vnic->Send(p, Mac48Address::GetBroadcast(), 0x0806);
}

} // namespace

void
BindNsx(py::module_& m)
{
    m.def("SendGratuitousArp",
          &SendGratuitousArp,
          py::arg("vm"),
          "The guest announces its address now (an ARP request for its own IP, broadcast from "
          "its first vNIC), as a guest does when its interface comes up.");

    py::class_<Ipv4Router, Object, Ptr<Ipv4Router>>(m,
                                                     "Ipv4Router",
                                                     "An IPv4 router of the underlay.")
        .def("GetName", &Ipv4Router::GetName)
        .def("GetNode", &Ipv4Router::GetNode)
        .def("ShowIpRoute",
             py::overload_cast<>(&Ipv4Router::ShowIpRoute, py::const_),
             "`show ip route`, as Cisco IOS prints it.")
        .def("ShowIpInterfaceBrief",
             py::overload_cast<>(&Ipv4Router::ShowIpInterfaceBrief, py::const_),
             "`show ip interface brief`.");

    py::class_<RouterHelper>(m, "RouterHelper", "Builds IPv4 routers plugged into switch ports.")
        .def(py::init<>())
        .def(
            "SetInterfaceAttribute",
            [](RouterHelper& h, const std::string& n, const std::string& v) {
                h.SetInterfaceAttribute(n, *CheckedAttribute(EthernetNetDevice::GetTypeId(), n, v));
            },
            py::arg("name"),
            py::arg("value"))
        .def("Install",
             &RouterHelper::Install,
             py::arg("node"),
             py::arg("name") = "",
             "Make a node a router.")
        .def(
            "AddInterface",
            [](RouterHelper& h,
               Ptr<Ipv4Router> r,
               Ptr<PhysicalSwitch> sw,
               const std::string& port,
               const std::string& address,
               uint16_t mtu,
               uint16_t vlan,
               const std::string& mac) {
                Ptr<EthernetNetDevice> dev = h.AddInterface(r, sw, port, address, mtu, vlan);
                if (!mac.empty())
                {
                    dev->SetAddress(ParseMac(mac, "AddInterface mac"));
                }
                return dev;
            },
            py::arg("router"),
            py::arg("switch"),
            py::arg("port"),
            py::arg("address"),
            py::arg("mtu") = 1500,
            py::arg("vlan") = 0,
            py::arg("mac") = "",
            "An interface with an address (\"192.168.250.2/24\") cabled to a switch port; vlan "
            "> 0: a tagged sub-interface on a trunk port.")
        .def_static("PopulateRoutes",
                    &RouterHelper::PopulateRoutes,
                    "Compute and install every router's routes (after the topology is built).")
        .def_static(
            "SetDefaultGateway",
            [](Ptr<Node> node, const std::string& gw) {
                RouterHelper::SetDefaultGateway(node, ParseIpv4(gw, "SetDefaultGateway"));
            },
            py::arg("node"),
            py::arg("gateway"),
            "A host's or VM's default route.");

    py::class_<LogicalSwitch, Object, Ptr<LogicalSwitch>>(m,
                                                           "LogicalSwitch",
                                                           "An NSX logical switch (a VNI).")
        .def("GetVni", &LogicalSwitch::GetVni)
        .def("GetName", &LogicalSwitch::GetName)
        .def(
            "GetReplication",
            [](const LogicalSwitch& l) {
                return std::string(LogicalSwitch::ReplicationName(l.GetReplication()));
            },
            "unicast, multicast or hybrid.")
        .def("GetMulticastGroup",
             [](const LogicalSwitch& l) { return Text(l.GetMulticastGroup()); });

    py::class_<NsxControllerCluster, Object, Ptr<NsxControllerCluster>>(
        m,
        "NsxControllerCluster",
        "The NSX controllers: each VNI's tables live on its owner.")
        .def(
            "GetControllers",
            [](const NsxControllerCluster& c) {
                py::list out;
                for (const auto& k : c.GetControllers())
                {
                    out.append(py::dict(py::arg("name") = k.name,
                                        py::arg("ip") = Text(k.ip),
                                        py::arg("up") = k.up));
                }
                return out;
            },
            "Dicts of name, ip, up.")
        .def(
            "GetOwner",
            [](const NsxControllerCluster& c, uint32_t vni) -> std::string {
                int i = c.GetOwner(vni);
                return i < 0 ? std::string() : c.GetControllers()[i].name;
            },
            py::arg("vni"),
            "The controller that owns a VNI (\"\" when none is up).")
        .def("SetControllerUp",
             &NsxControllerCluster::SetControllerUp,
             py::arg("name"),
             py::arg("up"),
             "Stop or start a controller (its VNIs move to the others).")
        .def("GetLogicalSwitches", &NsxControllerCluster::GetLogicalSwitches)
        .def(
            "GetTableSizes",
            [](const NsxControllerCluster& c, uint32_t vni) {
                const NsxControllerCluster::VniTables* t = c.GetTables(vni);
                return py::dict(py::arg("vteps") = t ? t->vteps.size() : 0,
                                py::arg("macs") = t ? t->macs.size() : 0,
                                py::arg("arps") = t ? t->arps.size() : 0);
            },
            py::arg("vni"),
            "Entries of the owner's VTEP, MAC and ARP tables for a VNI.")
        .def(
            "ShowVni",
            [](const NsxControllerCluster& c, uint32_t vni) {
                return View([&](std::ostream& os) { c.PrintVni(os, vni); });
            },
            py::arg("vni"),
            "`show control-cluster logical-switches vni VNI`.")
        .def(
            "ShowVtepTable",
            [](const NsxControllerCluster& c, uint32_t vni) {
                return View([&](std::ostream& os) { c.PrintVtepTable(os, vni); });
            },
            py::arg("vni"),
            "`show control-cluster logical-switches vtep-table VNI`.")
        .def(
            "ShowMacTable",
            [](const NsxControllerCluster& c, uint32_t vni) {
                return View([&](std::ostream& os) { c.PrintMacTable(os, vni); });
            },
            py::arg("vni"),
            "`show control-cluster logical-switches mac-table VNI`.")
        .def(
            "ShowArpTable",
            [](const NsxControllerCluster& c, uint32_t vni) {
                return View([&](std::ostream& os) { c.PrintArpTable(os, vni); });
            },
            py::arg("vni"),
            "`show control-cluster logical-switches arp-table VNI`.");

    py::class_<Vtep, Object, Ptr<Vtep>>(m, "Vtep", "A host's VTEP (its VXLAN vmknic).")
        .def("GetHost", &Vtep::GetHost)
        .def("GetNetstack",
             &Vtep::GetNetstack,
             "The vxlan netstack's node (ping ++netstack=vxlan from it).")
        .def("GetVmknicName", &Vtep::GetVmknicName)
        .def("GetIp", [](const Vtep& v) { return Text(v.GetIp()); })
        .def("GetMac", [](const Vtep& v) { return Text(v.GetMac()); })
        .def("GetVlan", &Vtep::GetVlan)
        .def("GetVnis", &Vtep::GetVnis, "The VNIs it carries.")
        .def(
            "GetCounters",
            [](const Vtep& v) {
                const Vtep::Counters& c = v.GetCounters();
                return py::dict(py::arg("encapsulated") = c.encapsulated,
                                py::arg("decapsulated") = c.decapsulated,
                                py::arg("replicated") = c.replicated,
                                py::arg("arpSuppressed") = c.arpSuppressed,
                                py::arg("arpFlooded") = c.arpFlooded,
                                py::arg("drops") = DropsDict(c.drops));
            },
            "VXLAN packets sent and received, replicated copies, ARP answered and flooded, "
            "drops per reason.")
        .def(
            "VtepList",
            [](const Vtep& v, uint32_t vni) {
                return View([&](std::ostream& os) { v.PrintVtepList(os, vni); });
            },
            py::arg("vni"),
            "`esxcli network vswitch dvs vmware vxlan network vtep list`.")
        .def(
            "MacList",
            [](const Vtep& v, uint32_t vni) {
                return View([&](std::ostream& os) { v.PrintMacList(os, vni); });
            },
            py::arg("vni"),
            "`esxcli network vswitch dvs vmware vxlan network mac list`.")
        .def(
            "ArpList",
            [](const Vtep& v, uint32_t vni) {
                return View([&](std::ostream& os) { v.PrintArpList(os, vni); });
            },
            py::arg("vni"),
            "`esxcli network vswitch dvs vmware vxlan network arp list`.")
        .def(
            "Connections",
            [](const Vtep& v) { return View([&](std::ostream& os) { v.PrintConnections(os); }); },
            "`esxcli network ip connection list` (the controller connections).")
        .def(
            "Routes",
            [](const Vtep& v) { return View([&](std::ostream& os) { v.PrintRoutes(os); }); },
            "`esxcli network ip route ipv4 list -N vxlan`.")
        .def(
            "Neighbors",
            [](const Vtep& v) { return View([&](std::ostream& os) { v.PrintNeighbors(os); }); },
            "`esxcli network ip neighbor list -N vxlan`.")
        .def(
            "TraceEncapsulate",
            [](Ptr<Vtep> v, const py::object& f) {
                v->TraceConnectWithoutContext("Encapsulate",
                                              MakeCallback(&VxlanSink::Sink, Create<VxlanSink>(f)));
            },
            py::arg("function"),
            "Call function(frame: Frame, vni: int, peer: str) for every VXLAN packet sent "
            "(frame: the inner frame; peer: the destination VTEP or group).")
        .def(
            "TraceDecapsulate",
            [](Ptr<Vtep> v, const py::object& f) {
                v->TraceConnectWithoutContext("Decapsulate",
                                              MakeCallback(&VxlanSink::Sink, Create<VxlanSink>(f)));
            },
            py::arg("function"),
            "Call function(frame: Frame, vni: int, peer: str) for every VXLAN packet received "
            "and delivered (peer: the source VTEP).")
        .def(
            "TraceDrop",
            [](Ptr<Vtep> v, const py::object& f) {
                v->TraceConnectWithoutContext(
                    "Drop",
                    MakeCallback(&VtepDropSink::Sink,
                                 Create<VtepDropSink>(v->GetHost()->GetName() + " " +
                                                          v->GetVmknicName(),
                                                      f)));
            },
            py::arg("function"),
            "Call function(frame: Frame, vni: int) for every frame or VXLAN packet the VTEP "
            "drops (frame.reason).");

    py::class_<NsxHelper>(m,
                          "NsxHelper",
                          "Builds NSX: the controller cluster (controller-1..3 by default), "
                          "logical switches and one VTEP per host.")
        .def(py::init<>())
        .def(
            "SetClusterAttribute",
            [](NsxHelper& h, const std::string& n, const std::string& v) {
                h.SetClusterAttribute(n,
                                      *CheckedAttribute(NsxControllerCluster::GetTypeId(), n, v));
            },
            py::arg("name"),
            py::arg("value"),
            "ControlPlaneDelay, ...")
        .def(
            "SetVtepAttribute",
            [](NsxHelper& h, const std::string& n, const std::string& v) {
                h.SetVtepAttribute(n, *CheckedAttribute(Vtep::GetTypeId(), n, v));
            },
            py::arg("name"),
            py::arg("value"),
            "UdpPort, Ttl, MacAgingTime, ... for the VTEPs installed after this call.")
        .def("ClearControllers", &NsxHelper::ClearControllers)
        .def(
            "AddController",
            [](NsxHelper& h, const std::string& name, const std::string& ip) {
                h.AddController(name, ParseIpv4(ip, "AddController"));
            },
            py::arg("name"),
            py::arg("ip"))
        .def(
            "AddLogicalSwitch",
            [](NsxHelper& h,
               uint32_t vni,
               const std::string& name,
               const std::string& replication,
               bool arpSuppression,
               const std::string& group) {
                if (vni < 5000 || vni > 16777215)
                {
                    throw py::value_error("AddLogicalSwitch: VNI " + std::to_string(vni) +
                                          " is out of range 5000-16777215");
                }
                LogicalSwitch::Replication mode = ReplicationOf(replication);
                Ipv4Address g = group.empty() ? Ipv4Address::GetAny()
                                              : ParseIpv4(group, "AddLogicalSwitch group");
                if (mode != LogicalSwitch::Unicast && !g.IsMulticast())
                {
                    throw py::value_error("AddLogicalSwitch: " + replication +
                                          " replication needs a multicast group (e.g. "
                                          "group=\"239.0.0.1\")");
                }
                return h.AddLogicalSwitch(vni, name, mode, arpSuppression, g);
            },
            py::arg("vni"),
            py::arg("name"),
            py::arg("replication") = "unicast",
            py::arg("arpSuppression") = true,
            py::arg("group") = "",
            "A logical switch every VTEP carries; VMs join it by its name as a port group.")
        .def(
            "InstallVtep",
            [](NsxHelper& h,
               Ptr<EsxiHost> host,
               Ptr<DistributedSwitch> dvs,
               const std::string& ip,
               const std::string& gateway,
               uint16_t vlan,
               const std::string& mac,
               const std::string& vmknic,
               const std::string& mask) {
                Vtep::Config c;
                c.vmknic = vmknic;
                c.ip = ParseIpv4(ip, "InstallVtep ip");
                c.mask = Ipv4Mask(ParseIpv4(mask, "InstallVtep mask").Get());
                c.gateway =
                    gateway.empty() ? Ipv4Address() : ParseIpv4(gateway, "InstallVtep gateway");
                c.vlan = vlan;
                if (!mac.empty())
                {
                    c.mac = ParseMac(mac, "InstallVtep mac");
                }
                return h.InstallVtep(host, dvs, c);
            },
            py::arg("host"),
            py::arg("dvs"),
            py::arg("ip"),
            py::arg("gateway") = "",
            py::arg("vlan") = 0,
            py::arg("mac") = "",
            py::arg("vmknic") = "vmk3",
            py::arg("mask") = "255.255.255.0",
            "Give a host (a member of dvs) its VTEP: a vmknic with ip on the transport VLAN, "
            "in the vxlan netstack with gateway as its default route.")
        .def("GetCluster", &NsxHelper::GetCluster)
        .def("GetVteps", &NsxHelper::GetVteps)
        .def("GetVtep", &NsxHelper::GetVtep, py::arg("host"), "A host's VTEP, or None.");
}

} // namespace vswitch_python
